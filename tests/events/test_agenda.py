"""The knowledge agenda: staff add items (also from a table, a harvest or a reflection), owners
change the status of their own items, readers filter the list; a fixed number of queries."""

import datetime
import itertools

import pytest
from django.urls import reverse

from calls.models import Programme
from coalitions.models import Coalition
from events import services
from events.models import AgendaItem
from reflections.models import Reflection
from tests.factories import StaffFactory, SupportFactory, UserFactory
from tests.helpers import assert_queries_do_not_grow

from .conftest import make_event, make_table

pytestmark = pytest.mark.django_db


def item(programme, text="Hoe boor je de passie aan van de professionals?", **fields):
    return AgendaItem.objects.create(programme=programme, text=text, **fields)


def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    return staff


# --- Status: staff and the owner ------------------------------------------------------------
def test_owner_changes_the_status_of_their_own_item(client, programme):
    owner = UserFactory()
    mine = item(programme, owner=owner)
    client.force_login(owner)
    response = client.post(
        reverse("events:agenda_status", args=[mine.pk]),
        {"status": "in_progress", "next": "/fonds/kennisagenda/?status=open"},
    )
    assert (
        response.status_code == 302 and response["Location"] == "/fonds/kennisagenda/?status=open"
    )
    mine.refresh_from_db()
    assert mine.status == "in_progress"


def test_nobody_else_changes_the_status(client, programme, coalition, member):
    owned = item(programme, owner=UserFactory())
    for person in [member, SupportFactory(), UserFactory()]:
        client.force_login(person)
        response = client.post(reverse("events:agenda_status", args=[owned.pk]), {"status": "done"})
        assert response.status_code in (403, 404), person
    owned.refresh_from_db()
    assert owned.status == "open"


def test_status_follows_the_table_of_transitions(programme):
    owner = UserFactory()
    done = item(programme, owner=owner, status="done")
    with pytest.raises(services.AgendaError):
        services.set_agenda_status(item=done, status="dropped", actor=owner)
    assert services.set_agenda_status(item=done, status="in_progress", actor=owner).status == (
        "in_progress"
    )


def test_an_unsafe_next_goes_back_to_the_list(client, programme):
    staff_client(client)
    owned = item(programme)
    response = client.post(
        reverse("events:agenda_status", args=[owned.pk]),
        {"status": "done", "next": "https://elders.example/"},
    )
    assert response["Location"] == "/fonds/kennisagenda/"


# --- The list -------------------------------------------------------------------------------
def test_list_filters_by_programme_status_owner_and_source(client, programme, event):
    staff = staff_client(client)
    other = Programme.objects.create(name="Gemeenschapskracht", slug="gemeenschapskracht")
    table = make_table(event)
    item(programme, text="Uit een tafel", source_table=table, owner=staff)
    item(programme, text="Van het fonds, klaar", status="done")
    item(other, text="Ander programma")
    url = reverse("events:agenda")

    def shown(**query):
        html = client.get(url, query).content.decode()
        return {text for text in ["Uit een tafel", "Van het fonds, klaar", "Ander programma"]
                if text in html}  # fmt: skip

    assert shown() == {"Uit een tafel", "Van het fonds, klaar", "Ander programma"}
    assert shown(programme=other.pk) == {"Ander programma"}
    assert shown(status="done") == {"Van het fonds, klaar"}
    assert shown(owner=staff.pk) == {"Uit een tafel"}
    assert shown(source="table") == {"Uit een tafel"}
    assert shown(source="staff") == {"Van het fonds, klaar", "Ander programma"}


def test_coalition_members_read_their_programmes_agenda_without_changing_it(
    client, programme, member
):
    item(programme, text="Voor onze coalities")
    item(Programme.objects.create(name="Ander", slug="ander"), text="Van een ander programma")
    client.force_login(member)
    html = client.get(reverse("events:agenda")).content.decode()
    assert "Voor onze coalities" in html and "Van een ander programma" not in html
    assert "Nieuw punt" not in html and "/status/" not in html


def test_list_queries_do_not_grow(client, programme, event):
    staff = staff_client(client)
    table = make_table(event)
    numbers = itertools.count()

    def add(count):
        for _ in range(count):
            number = next(numbers)
            coalition = Coalition.objects.create(
                programme=programme, name=f"Coalitie {number}", slug=f"coalitie-{number}",
                municipality="Utrecht",
            )  # fmt: skip
            reflection = Reflection.objects.create(
                coalition=coalition, title="Les", date=datetime.date(2026, 1, 1),
                visibility="fund",
            )  # fmt: skip
            harvest = services.save_harvest(
                event=event, table=make_table(event, name=f"Tafel {number}"),
                text="Oogst", base_revision=0, actor=staff,
            )  # fmt: skip
            item(programme, text=f"Tafel {number}", source_table=table, owner=UserFactory())
            item(programme, text=f"Oogst {number}", source_harvest=harvest, event=event)
            item(programme, text=f"Reflectie {number}", source_reflection=reflection)

    assert_queries_do_not_grow(client, reverse("events:agenda"), add)
    assert_queries_do_not_grow(client, reverse("events:agenda") + "?source=harvest", add)


# --- Adding items ---------------------------------------------------------------------------
def _form(programme, **extra):
    return {"programme": programme.pk, "kind": "question", "text": "Een nieuwe vraag",
            "status": "open", **extra}  # fmt: skip


def test_staff_add_an_item_from_a_table_and_it_belongs_to_the_event(client, programme, event):
    staff = staff_client(client)
    table = make_table(event, name="Tafel 3: De passie van professionals")
    url = reverse("events:agenda_create") + f"?tafel={table.pk}"
    page = client.get(url).content.decode()
    assert "Thematafel “Tafel 3: De passie van professionals”" in page
    assert f'name="source_table" value="{table.pk}"' in page
    response = client.post(url, _form(programme, source_table=table.pk, follow_up_on="2030-06-01"))
    assert response.status_code == 302
    added = AgendaItem.objects.get()
    assert (added.source_table, added.event, added.created_by) == (table, event, staff)
    assert added.source == "table" and added.follow_up_on == datetime.date(2030, 6, 1)


def test_staff_add_an_item_from_a_harvest(client, programme, event):
    staff = staff_client(client)
    harvest = services.save_harvest(
        event=event, text="- Maak zichtbaar wat initiatieven doen", base_revision=0, actor=staff
    )
    url = reverse("events:agenda_create") + f"?oogst={harvest.pk}"
    assert "Maak zichtbaar wat initiatieven doen" in client.get(url).content.decode()
    client.post(url, _form(programme, source_harvest=harvest.pk))
    added = AgendaItem.objects.get()
    assert (added.source_harvest, added.event, added.source) == (harvest, event, "harvest")


def test_staff_add_an_item_from_a_shared_reflection_of_the_programme(client, programme, coalition):
    staff_client(client)
    shared = Reflection.objects.create(
        coalition=coalition, title="Minder afhankelijk van personen", visibility="fund",
        date=datetime.date(2026, 2, 1),
    )  # fmt: skip
    draft = Reflection.objects.create(
        coalition=coalition, title="Nog een concept", visibility="fund", is_draft=True,
        date=datetime.date(2026, 2, 1),
    )  # fmt: skip
    page = client.get(reverse("events:agenda_create")).content.decode()
    assert "Minder afhankelijk van personen" in page and "Nog een concept" not in page
    assert client.get(reverse("events:agenda_create") + f"?reflectie={draft.pk}").status_code == 404
    response = client.post(
        reverse("events:agenda_create"), _form(programme, source_reflection=shared.pk)
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().source == "reflection"


def test_an_item_from_another_programmes_event_is_refused(client, programme):
    staff_client(client)
    elsewhere = make_event(Programme.objects.create(name="Ander", slug="ander"))
    table = make_table(elsewhere)
    response = client.post(reverse("events:agenda_create"), _form(programme, source_table=table.pk))
    assert response.status_code == 200
    assert "Dit evenement hoort bij een ander programma." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_staff_change_an_item(client, programme):
    staff_client(client)
    existing = item(programme)
    response = client.post(
        reverse("events:agenda_edit", args=[existing.pk]),
        _form(programme, text="Scherper gesteld", status="in_progress", owner_name="KUS"),
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.text, existing.status, existing.owner_display) == (
        "Scherper gesteld", "in_progress", "KUS",
    )  # fmt: skip


def test_item_from_a_harvest_starts_with_its_text_as_plain_text(client, programme, event):
    staff = staff_client(client)
    harvest = services.save_harvest(
        event=event, text="- Maak **zichtbaar** wat initiatieven doen\n- Deel kennis",
        base_revision=0, actor=staff,
    )  # fmt: skip
    page = client.get(reverse("events:agenda_create") + f"?oogst={harvest.pk}").content.decode()
    assert "- Maak zichtbaar wat initiatieven doen\n- Deel kennis</textarea>" in page


def test_item_from_a_table_starts_with_its_questions(client, programme, event):
    staff_client(client)
    table = make_table(event, questions="Hoe vind je partners?\nWie betaalt?")
    page = client.get(reverse("events:agenda_create") + f"?tafel={table.pk}").content.decode()
    assert "Hoe vind je partners?\nWie betaalt?</textarea>" in page


def test_a_guessed_harvest_id_is_404(client, programme, event):
    staff_client(client)
    assert client.get(reverse("events:agenda_create") + "?oogst=999999").status_code == 404
