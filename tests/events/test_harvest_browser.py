"""The issue's "done when" for the harvest, in real Chromium: a host writes a table harvest (the
autosave status shows), staff turn the table into a knowledge-agenda item, a participant sees the
harvest. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from events.models import AgendaItem, Harvest, Session
from tests.factories import StaffFactory, UserFactory
from tests.helpers import assert_accessible

from .conftest import make_event, make_table, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POINT = "Maak zichtbaar wat bewonersinitiatieven doen en opleveren."


def test_host_writes_harvest_staff_add_agenda_item_participant_reads_it(page, login_as, programme):
    event = make_event(programme, title="Symposium gemeenschapskracht")
    Session.objects.create(
        event=event, starts_at=event.starts_at, title="Inleiding", speaker="Nathan Rozema"
    )
    host = UserFactory(name="Mirjam Bos")
    table = make_table(event, name="Tafel 1: Serieuze partners", host=host)
    participant = register(event, UserFactory(name="Fatima Ouali"))
    table.participants.add(participant)

    # The host opens the event, writes the harvest and sees it autosaved.
    login_as(host)
    page.goto(f"/evenementen/{event.slug}/")
    expect(page.get_by_role("heading", name="Tafel 1: Serieuze partners")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Oogst schrijven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oogst: Tafel 1: Serieuze partners")
    assert_accessible(page)
    page.get_by_label("Oogst", exact=True).fill(f"- {POINT}")
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen om", timeout=15_000)
    assert Harvest.objects.get(table=table).text == f"- {POINT}"
    assert_accessible(page)
    page.get_by_label("Openbaar: iedereen mag deze oogst lezen").check()
    page.get_by_role("button", name="Oogst opslaan").click()
    expect(page.get_by_text("De oogst is opgeslagen.")).to_be_visible()
    expect(page.get_by_text(POINT)).to_be_visible()
    harvest = Harvest.objects.get(table=table)
    assert harvest.is_public and harvest.saved_by == host

    # Staff turn the table into an item of the knowledge agenda.
    login_as(StaffFactory())
    page.goto(f"/fonds/evenementen/{event.slug}/programma/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programma en thematafels")
    assert_accessible(page)
    page.goto(f"/evenementen/{event.slug}/")
    page.get_by_role("link", name="Tafel op de kennisagenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw punt op de kennisagenda")
    expect(page.get_by_text(POINT)).to_be_visible()  # the harvest of the table, to copy from
    assert_accessible(page)
    page.get_by_label("Voorstel").check()
    page.get_by_label("Tekst").fill("Zichtbaar maken wat initiatieven opleveren (0-metingen).")
    page.get_by_label("Eigenaar (naam)").fill("Kennisplatform Utrecht Sociaal")
    page.get_by_label("Datum van opvolging").fill("2030-06-01")
    page.get_by_role("button", name="Punt opslaan").click()
    expect(page.get_by_text("Het punt op de kennisagenda is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name="Thematafel: Tafel 1: Serieuze partners")).to_be_visible()
    assert_accessible(page)
    item = AgendaItem.objects.get()
    assert (item.source_table, item.event, item.kind) == (table, event, "proposal")

    # A participant reads the harvest on the event page.
    login_as(participant)
    page.goto(f"/evenementen/{event.slug}/")
    expect(page.get_by_text(POINT)).to_be_visible()
    expect(page.get_by_text("Aan deze tafel: Fatima Ouali")).to_be_visible()
    expect(page.get_by_role("link", name="Oogst veranderen")).to_have_count(0)
    assert_accessible(page)


def test_staff_put_a_harvest_on_the_knowledge_agenda_with_its_text_filled_in(
    page, login_as, programme
):
    from events import services

    event = make_event(programme, title="Symposium gemeenschapskracht")
    table = make_table(event, name="Tafel 2: Kennis delen")
    staff = StaffFactory()
    harvest = services.save_harvest(
        event=event, table=table, text=f"- **{POINT}**", base_revision=0, actor=staff
    )
    login_as(staff)
    page.goto(f"/evenementen/{event.slug}/")
    page.get_by_role("link", name="Punt uit de oogst op de kennisagenda").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw punt op de kennisagenda")
    expect(page.get_by_label("Tekst")).to_have_value(f"- {POINT}")
    assert_accessible(page)
    page.get_by_role("button", name="Punt opslaan").click()
    expect(page.get_by_text("Het punt op de kennisagenda is opgeslagen.")).to_be_visible()
    item = AgendaItem.objects.get()
    assert (item.text, item.source_harvest, item.event) == (f"- {POINT}", harvest, event)
