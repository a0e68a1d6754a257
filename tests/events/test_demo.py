import pytest
from django.core.management import call_command

from events.models import AgendaItem, Event, Harvest, Registration, Session, ThemeTable

pytestmark = pytest.mark.django_db


def test_demo_has_the_expedition_events_and_the_symposium_and_is_idempotent():
    call_command("seed_demo")
    models = [Event, Registration, Session, ThemeTable, Harvest, AgendaItem]
    counts = [model.objects.count() for model in models]
    call_command("seed_demo")
    assert [model.objects.count() for model in models] == counts

    expedition = Event.objects.filter(programme__slug="betrokken-buurten")
    kinds = sorted(expedition.values_list("kind", flat=True))
    assert kinds.count("kick_off") == 1
    assert kinds.count("learning_meeting") >= 2
    assert kinds.count("national") == 1
    kick_off = expedition.get(kind="kick_off")
    assert kick_off.coalitions.count() == 5
    assert {c.municipality for c in kick_off.coalitions.all()} == {
        "Apeldoorn", "Horst aan de Maas", "Utrecht", "Voorst", "Wageningen",
    }  # fmt: skip
    symposium = Event.objects.get(kind="symposium")
    assert (symposium.audience, symposium.capacity, symposium.is_published) == ("public", 100, True)
    assert symposium.starts_at.date().isoformat() == "2019-09-19"
    assert "Krachtstation" in symposium.place
    # Demo people registered; past events have their attendance.
    registered = Registration.objects.filter(user__email="coalitie@samenspel.demo")
    assert registered.filter(event=kick_off, attended=True).exists()
    assert registered.count() >= 4


def test_demo_symposium_has_its_programme_eight_tables_harvest_and_knowledge_agenda():
    call_command("seed_demo")
    symposium = Event.objects.get(slug="symposium-gemeenschapskracht-2019")
    speakers = " ".join(symposium.sessions.values_list("speaker", flat=True))
    for name in ["Nathan Rozema", "Raf Janssen", "Thom Verheggen"]:
        assert name in speakers
    tables = list(symposium.tables.all())
    assert len(tables) == 8 and all(table.question_list for table in tables)
    assert Harvest.objects.filter(event=symposium, table__isnull=False).count() == 8
    plenary = Harvest.objects.get(event=symposium, table__isnull=True)
    assert "Over een tot anderhalf jaar" in plenary.text and plenary.is_public
    items = AgendaItem.objects.filter(programme=symposium.programme)
    assert items.filter(kind="question").count() >= 8
    assert items.filter(kind="proposal").count() >= 7
    assert {"open", "in_progress", "done", "dropped"} <= set(items.values_list("status", flat=True))
    assert items.filter(owner__isnull=False, follow_up_on__isnull=False).exists()
    from_reflection = AgendaItem.objects.filter(source_reflection__isnull=False)
    assert from_reflection.filter(programme__slug="betrokken-buurten").exists()
