"""Issue 5's journey in real Chromium: staff start an experiment, a member joins and writes a
reflection with a rating, a theme and audio, a facilitator writes a pitstop report, staff see
both on the dashboard, and the public lesson appears on the coalition's public page."""

import datetime

import pytest
from playwright.sync_api import expect

from coalitions.models import Coalition
from reflections.models import Element, Framework, Pitstop, Theme
from tests.coalitions.test_coalitions import selected_proposal
from tests.factories import StaffFactory, SupportFactory
from tests.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 64


def test_experiment_to_reflections_to_dashboard_and_public_lesson(
    page, login_as, applicant, tmp_path
):
    proposal = selected_proposal(applicant)
    framework = Framework.objects.create(
        programme=proposal.call.programme, name="Lokaal Samenspel", is_example=True
    )
    trust = Element.objects.create(framework=framework, name="Vertrouwen", order=1)
    Theme.objects.create(name="Rolverdeling")
    staff = StaffFactory()

    login_as(staff)
    page.goto(f"/fonds/aanvragen/{proposal.pk}/")
    page.get_by_role("button", name="Experiment starten").click()
    coalition = Coalition.objects.get(proposal=proposal)
    facilitator = SupportFactory(name="Fleur Facilitator")
    coalition.support_team.add(facilitator)
    pitstop = Pitstop.objects.create(
        coalition=coalition, date=datetime.date(2026, 5, 1), place="Buurthuis"
    )
    coalition.is_public = True
    coalition.save()

    # The member joins and writes a public lesson with a rating, a theme and audio.
    login_as(applicant)
    page.goto(f"/coalities/uitnodiging/{coalition.invitations.get().token}/")
    page.get_by_role("button", name="Doe mee met de coalitie").click()
    page.get_by_role("link", name="Een reflectie schrijven").click()
    page.locator("#id_title").fill("Samen beslissen werkt")
    page.locator("#id_learned").fill("Gelijkwaardig beslissen geeft energie.")
    page.locator(f"input[name=rating_{trust.pk}][value='5']").check()
    page.get_by_label("Rolverdeling").check()
    audio = tmp_path / "podcast.mp3"
    audio.write_bytes(MP3)
    page.locator("#id_audio").set_input_files(str(audio))
    page.locator("input[name=visibility][value=public]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("audio")).to_have_count(1)

    # The facilitator writes the pitstop report, for the fund and the support team.
    login_as(facilitator)
    page.goto(f"/coalities/{coalition.slug}/reflecties/nieuw/")
    page.locator("#id_kind").select_option("pitstop_report")
    page.locator("#id_pitstop").select_option(str(pitstop.pk))
    page.locator("#id_title").fill("Verslag pitstop mei")
    page.locator("#id_friction").fill("Wie neemt het initiatief?")
    page.locator(f"input[name=rating_{trust.pk}][value='3']").check()
    page.locator("input[name=visibility][value=fund]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verslag pitstop mei")

    # Staff see both on the learning dashboard.
    login_as(staff)
    page.goto("/fonds/leren/")
    expect(page.locator("svg.chart")).to_have_count(1)
    expect(
        page.get_by_role("link", name=f"{coalition.name} – Samen beslissen werkt")
    ).to_be_visible()
    assert_accessible(page)

    # The public lesson appears on the public coalition page, for anyone.
    page.context.clear_cookies()
    page.goto(f"/coalities/{coalition.slug}/")
    expect(page.get_by_role("link", name="Samen beslissen werkt")).to_be_visible()
    expect(page.get_by_text("Verslag pitstop mei")).to_have_count(0)
    assert_accessible(page)
