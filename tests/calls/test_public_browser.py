"""Real Chromium: a visitor finds the open call, reads it, and does the quick check."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YES = re.compile(r"^(Ja|Yes)$")
NO = re.compile(r"^(Nee|No)$")


def test_public_call_pages_and_quick_check_when_visitor_clicks_through(page):
    call_command("seed_demo")
    page.goto("/oproepen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Samenwerkingsexperimenten bewoners en welzijn 2027").click()
    page.wait_for_url("**/oproepen/samenwerkingsexperimenten-2027/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samenwerkingsexperimenten bewoners en welzijn 2027"
    )
    expect(
        page.locator('a[href$="/oproepen/samenwerkingsexperimenten-2027/start/"]')
    ).to_be_visible()
    expect(page.locator("ol.timeline li")).to_have_count(4)
    assert_accessible(page)

    page.locator('a[href$="/past-het/"]').click()
    page.wait_for_url("**/oproepen/samenwerkingsexperimenten-2027/past-het/")
    assert_accessible(page)
    welfare = page.get_by_role("group", name=re.compile("welzijnsorganisatie"))
    welfare.get_by_label(YES).check()
    page.get_by_role("group", name=re.compile("bewonersinitiatief")).get_by_label(YES).check()
    page.get_by_role("group", name=re.compile("nieuw experiment")).get_by_label(YES).check()
    page.get_by_role("group", name=re.compile("gewone activiteiten")).get_by_label(YES).check()
    page.locator('button[name="controleer"]').click()
    result = page.locator("#uitslag")
    expect(result).to_contain_text("reguliere")
    expect(result).not_to_contain_text("Zoek eerst")
    assert_accessible(page)

    page.get_by_role("group", name=re.compile("gewone activiteiten")).get_by_label(NO).check()
    page.locator('button[name="controleer"]').click()
    expect(page.locator("#uitslag")).not_to_contain_text("reguliere")
    expect(page.locator('#uitslag a[href$="/start/"]')).to_be_visible()
    assert_accessible(page)
