"""A person's events data in "My data": the download holds it, deleting the account cancels their
coming registrations, takes them off tables and agenda items, and keeps the harvest."""

import pytest

from events import services
from events.models import AgendaItem, Harvest, Registration
from portal.privacy import export_for
from tests.factories import UserFactory

from .conftest import register

pytestmark = pytest.mark.django_db


def test_my_data_holds_registrations_tables_harvests_and_agenda_items(event, table, host):
    register(event, host)
    table.participants.add(host)
    services.save_harvest(event=event, table=table, text="Oogst", base_revision=0, actor=host)
    AgendaItem.objects.create(programme=event.programme, text="Mijn vraag", owner=host)
    data = export_for(host)["events"]
    assert data["registrations"][0]["event"] == event.title
    assert (
        data["tables_hosted"]
        == data["tables_joined"]
        == [{"event": event.title, "table": table.name}]
    )
    assert data["harvests_saved"][0]["text"] == "Oogst"
    assert data["agenda_items"][0]["text"] == "Mijn vraag"


def test_forgetting_cancels_coming_registrations_and_keeps_the_harvest(event, table, host):
    from events.privacy import forget

    waiting_person = UserFactory()
    event.capacity = 1
    event.save()
    services.register(event=event, user=host)
    services.register(event=event, user=waiting_person, waiting_list=True)
    table.participants.add(host)
    services.save_harvest(event=event, table=table, text="Oogst", base_revision=0, actor=host)
    item = AgendaItem.objects.create(programme=event.programme, text="Vraag", owner=host)
    forget(host)
    assert Registration.objects.get(user=host).state == "cancelled"
    assert Registration.objects.get(user=waiting_person).state == "registered"
    assert not table.participants.exists()
    item.refresh_from_db()
    assert item.owner is None
    assert Harvest.objects.get().text == "Oogst"
