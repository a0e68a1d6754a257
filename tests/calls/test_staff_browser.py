"""Real Chromium: staff set up a call, build a small form, and preview it as applicants see it."""

import pytest
from playwright.sync_api import expect

from calls.models import Call, Programme
from tests.factories import StaffFactory
from tests.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_builds_a_form_and_previews_it_when_setting_up_a_call(page, login_as):
    programme = Programme.objects.create(slug="lokaal-samenspel", name="Lokaal Samenspel")
    login_as(StaffFactory())

    page.goto("/fonds/oproepen/nieuw/")
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_title").fill("Buurtkracht 2026")
    page.locator("#id_slug").fill("buurtkracht-2026")
    page.locator("#id_body").fill("## Waarom\n\nOmdat **samen** beter werkt.")
    page.locator("form[data-submit-once] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtkracht 2026")
    call = Call.objects.get(slug="buurtkracht-2026")
    stage = call.stages.get(order=1)

    page.goto(f"/fonds/oproepen/{call.slug}/bewerken/")
    assert_accessible(page)

    page.goto(f"/fonds/oproepen/{call.slug}/fasen/{stage.pk}/")
    assert_accessible(page)
    page.locator("a[href$='/vragen/nieuw/']").first.click()
    page.locator("#id_text").fill("Werken jullie al samen?")
    page.locator("#id_key").fill("samen-al")
    page.locator("#id_kind").select_option("yes_no")
    page.locator("form[data-submit-once] button[type=submit]").click()
    expect(page.locator("table")).to_contain_text("samen-al")

    page.locator("a[href$='/vragen/nieuw/']").first.click()
    page.locator("#id_text").fill("Hoe lang al?")
    page.locator("#id_key").fill("hoe-lang")
    page.locator("#id_kind").select_option("short_text")
    page.locator("#id_condition_question").select_option(label="Werken jullie al samen? (samen-al)")
    page.locator("#id_condition_value").fill("yes")
    page.locator("form[data-submit-once] button[type=submit]").click()
    expect(page.locator("table")).to_contain_text("hoe-lang")

    page.locator(f"a[href$='/fasen/{stage.pk}/voorbeeld/']").first.click()
    expect(page.locator("form.proposal-form")).to_be_visible()
    conditional = page.locator("input[name='q_hoe-lang']")
    expect(conditional).to_be_hidden()
    page.locator("input[name='q_samen-al'][value='yes']").check()
    expect(conditional).to_be_visible()
    assert_accessible(page)
