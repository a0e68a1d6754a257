"""The applicant's whole journey in real Chromium, checked by axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import OutboxMessage, User
from tests.factories import PASSWORD, StaffFactory
from tests.helpers import assert_accessible

from .conftest import build_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _code_from_mail(email):
    message = OutboxMessage.objects.filter(to_email=email).latest("created_at")
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body_text, re.M).group(1)


def test_applicant_journey_from_sign_up_to_full_plan(
    page, live_server, celery_worker, smtp_server, tmp_path, browser
):
    call = build_call(slug="proeftuin-2027")
    # Sign up and verify the email address with the emailed code.
    page.goto(f"/oproepen/{call.slug}/")
    assert_accessible(page)
    page.goto("/accounts/signup/")
    page.get_by_label("Je naam").fill("Henk Jansen")
    page.get_by_label("E-mailadres").fill("henk@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))
    assert_accessible(page)
    page.get_by_label("Code").fill(_code_from_mail("henk@example.org"))
    page.get_by_role("button", name=re.compile("Bevestig")).click()

    # Start a proposal with a new lead organisation.
    page.goto(f"/oproepen/{call.slug}/start/")
    assert_accessible(page)
    page.get_by_label("Titel van je plan").fill("Burenhulp De Heeze")
    page.get_by_label("Naam van de nieuwe organisatie").fill("Reisgenoten Zuid Doet Samen")
    page.get_by_label("Soort organisatie").select_option("bewonersinitiatief")
    page.get_by_label("Gemeente").fill("Apeldoorn")
    page.get_by_role("button", name="Beginnen").click()

    # Add the welfare partner and invite a co-applicant.
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties en mensen")
    assert_accessible(page)
    page.get_by_label("Naam van de organisatie").fill("Stimenz")
    page.locator("#id_partner-kind").select_option("welzijnsorganisatie")
    page.locator("#id_partner-municipality").fill("Apeldoorn")
    page.get_by_role("button", name="Partner toevoegen").click()
    page.get_by_label("E-mailadres van wie je uitnodigt").fill("sanne@example.org")
    page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(page.get_by_text("sanne@example.org")).to_be_visible()
    page.get_by_role("link", name="Naar het formulier").click()

    # Draft with autosave: the text is saved without pressing a button.
    assert_accessible(page)
    page.get_by_label("Wat willen jullie doen?").fill("Samen een burennetwerk opzetten.")
    expect(page.locator("#save-status")).to_contain_text("Opgeslagen om", timeout=10_000)
    page.reload()
    expect(page.get_by_label("Wat willen jullie doen?")).to_have_value(
        "Samen een burennetwerk opzetten."
    )
    # A conditional question appears only after "yes".
    expect(page.get_by_label("Wat voor hulp?")).to_be_hidden()
    page.get_by_label("Ja").check()
    expect(page.get_by_label("Wat voor hulp?")).to_be_visible()
    page.get_by_label("Nee").check()

    # A wrong file type is refused with a clear message; a real PDF is accepted.
    fake = tmp_path / "begroting.pdf"
    fake.write_bytes(b"<html>geen pdf</html>")
    page.get_by_label("Bestand toevoegen").set_input_files(str(fake))  # uploads at once
    expect(page.get_by_text("Dit soort bestand mag niet").first).to_be_visible()
    assert_accessible(page)
    real = tmp_path / "plan.pdf"
    real.write_bytes(PDF_BYTES)
    page.get_by_label("Bestand toevoegen").set_input_files(str(real))
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()

    # Missing required answer: the check page lists it with a link to the field.
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_role("button", name=re.compile("Opslaan en controleren")).click()
    expect(page.get_by_role("heading", name="Voor je kunt indienen:")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Hoe ziet jullie buurt eruit")).click()
    page.get_by_label("Hoe ziet jullie buurt eruit?").fill("Een wijk met veel ouderen.")
    page.get_by_role("button", name=re.compile("Opslaan en controleren")).click()

    # Submit (a double click submits once) and receive the confirmation with the PDF.
    page.get_by_role("button", name="Indienen").dblclick()
    expect(page.get_by_text("Je voorstel is ingediend")).to_be_visible()
    assert_accessible(page)
    henk = User.objects.get(email="henk@example.org")
    proposal = henk.proposals.get()
    assert proposal.submissions.count() == 1
    received = smtp_server.wait_for(3)
    confirmation = next(
        m for m in received if proposal.reference in m["Subject"] and m["To"] == henk.email
    )
    attachments = [part.get_filename() for part in confirmation.iter_attachments()]
    assert attachments == [f"{proposal.reference}.pdf"]

    # Staff invite the proposal to write the full plan.
    staff = StaffFactory()
    staff_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    from django.test import Client

    client = Client()
    client.force_login(staff)
    staff_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    staff_page = staff_context.new_page()
    staff_page.goto(f"/aanvragen/{proposal.pk}/")
    staff_page.get_by_role("button", name="Uitnodigen voor de uitwerking").click()
    expect(staff_page.get_by_text("uitgenodigd", exact=False).first).to_be_visible()
    staff_context.close()

    # The applicant writes the full plan with a budget and sends it in.
    page.goto(f"/aanvragen/{proposal.pk}/")
    expect(page.get_by_text("Uitgenodigd voor de uitwerking").first).to_be_visible()
    page.get_by_role("link", name="Het plan").click()
    page.get_by_label("Wat is jullie planning?").fill("Start in januari, buurtfeest in juni.")
    page.get_by_role("button", name=re.compile("Opslaan en controleren")).click()
    page.wait_for_url(f"**/aanvragen/{proposal.pk}/indienen/")  # after the autosave on its way
    page.goto(f"/aanvragen/{proposal.pk}/begroting/")
    assert_accessible(page)
    page.locator("#id_lines-0-category").select_option("activities")
    page.locator("#id_lines-0-description").fill("Buurtfeest")
    page.locator("#id_lines-0-amount").fill("12500,00")
    page.get_by_label("Eigen bijdrage (euro)").fill("500")
    expect(page.locator("#requested")).to_contain_text("12.000,00")  # live, before saving
    with page.expect_navigation():  # saved; the page comes back with new empty lines
        page.get_by_role("button", name="Begroting opslaan").click()
    expect(page.locator("#requested")).to_contain_text("12.000,00")
    page.goto(f"/aanvragen/{proposal.pk}/indienen/")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("Uitwerking ingediend", exact=True)).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == "full_plan_submitted"
