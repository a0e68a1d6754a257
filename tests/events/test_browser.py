"""The issue's "done when" in real Chromium: a member registers and gets a mail with a valid .ics,
the event fills up and the next person lands on the waiting list, a cancellation moves them up
(and mails them), staff record attendance, export the registrations and print the presence list.
axe-core checks every page on the way."""

import io

import icalendar
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from events.models import Event, Registration
from tests.factories import StaffFactory, UserFactory
from tests.helpers import assert_accessible

from .conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mail_to(inbox, email, count, subject_part):
    messages = inbox.wait_for(count)
    return next(m for m in messages if m["To"] == email and subject_part in m["Subject"])


def _calendar_of(message):
    (part,) = [p for p in message.iter_attachments() if p.get_filename().endswith(".ics")]
    assert part.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def test_register_wait_move_up_and_staff_lists(
    page, login_as, celery_worker, smtp_server, programme, coalition, member
):
    event = make_event(
        programme, title="Eerste gezamenlijke leerbijeenkomst", capacity=1,
        audience=Event.Audience.COALITIONS, ask_role=True, ask_dietary=True,
    )  # fmt: skip
    second = UserFactory(name="Henk Jansen")
    coalition.members.create(user=second)

    # The member finds the event under "My events" and registers.
    login_as(member)
    page.goto("/evenementen/mijn/")
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_accessible(page)
    page.get_by_label("Organisatie").fill("Kracht van Zuilen")
    page.get_by_label("Je rol").fill("Kerngroep")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Je bent aangemeld. We stuurden je een e-mail")).to_be_visible()
    assert_accessible(page)
    confirmation = _mail_to(smtp_server, member.email, 1, "Je bent aangemeld")
    vevent = _calendar_of(confirmation)
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["STATUS"]) == "CONFIRMED"

    # The event is full: the next person is offered the waiting list and lands on it.
    login_as(second)
    page.goto(f"/evenementen/{event.slug}/")
    expect(page.get_by_text("Dit evenement is vol.")).to_be_visible()
    page.get_by_label("Organisatie").fill("Reisgenoten Zuid Doet Samen")
    page.get_by_label("Je rol").fill("Vrijwilliger")
    page.get_by_role("button", name="Op de wachtlijst").click()
    expect(page.get_by_text("Je staat op de wachtlijst (nummer 1)").first).to_be_visible()
    assert_accessible(page)
    _mail_to(smtp_server, second.email, 2, "Op de wachtlijst")

    # The member cancels; the waiting person moves up and is mailed.
    login_as(member)
    page.goto(f"/evenementen/{event.slug}/")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("Je bent afgemeld.")).to_be_visible()
    assert_accessible(page)
    moved = _mail_to(smtp_server, second.email, 4, "Er is een plek voor je")
    assert str(_calendar_of(moved)["STATUS"]) == "CONFIRMED"
    cancelled = _mail_to(smtp_server, member.email, 4, "Afgemeld")
    assert str(_calendar_of(cancelled)["STATUS"]) == "CANCELLED"
    assert Registration.objects.get(user=second, event=event).state == "registered"

    # Staff see the registrations, tick who came, export them and print the presence list.
    login_as(StaffFactory())
    page.goto("/evenementen/")
    assert_accessible(page)
    page.get_by_role("link", name="Evenementen beheren").click()
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    assert_accessible(page)
    page.get_by_label("Henk Jansen was er").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_text("De aanwezigheid is opgeslagen: 1 aanwezig.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren (Excel)").click()
    assert download.value.suggested_filename == f"aanmeldingen-{event.slug}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Naam", "E-mailadres", "Status"]
    henk = next(row for row in rows if row[0] == "Henk Jansen")
    assert henk[2] == "Aangemeld" and henk[5] == "ja" and "Vrijwilliger" in henk
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren (CSV)").click()
    assert "Henk Jansen" in download.value.path().read_text(encoding="utf-8-sig")
    href = page.get_by_role("link", name="Presentielijst (PDF)").get_attribute("href")
    pdf = page.context.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Henk Jansen" in text and "Reisgenoten Zuid Doet Samen" in text
    assert "Handtekening" in text and member.name not in text

    # The staff form is accessible too.
    page.get_by_role("link", name="Evenement veranderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evenement veranderen")
    assert_accessible(page)
    page.goto("/fonds/evenementen/nieuw/")
    assert_accessible(page)


def test_registered_person_downloads_the_agenda_from_the_portal_copy_of_the_mail(
    page, login_as, programme, member
):
    event = make_event(
        programme, title="Leerbijeenkomst Zuilen", audience=Event.Audience.COALITIONS,
        description="Wij praten over **vertrouwen**.",
    )  # fmt: skip
    login_as(member)
    page.goto(f"/evenementen/{event.slug}/")
    page.get_by_label("Organisatie").fill("Kracht van Zuilen")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Je bent aangemeld. We stuurden je een e-mail")).to_be_visible()

    # The mail says an attachment puts the event in the calendar; the portal copy offers it.
    page.get_by_role("link", name="Berichten").click()
    page.get_by_role("link", name="Je bent aangemeld").click()
    expect(page.get_by_text("Met de bijlage zet je het evenement in je agenda.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"{event.slug}.ics").click()
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    with open(download.path(), "rb") as handle:
        (vevent,) = icalendar.Calendar.from_ical(handle.read()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Leerbijeenkomst Zuilen"
    assert str(vevent["DESCRIPTION"]).startswith("Wij praten over vertrouwen.")
    assert Registration.objects.get(user=member, event=event).state == "registered"
