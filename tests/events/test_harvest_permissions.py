"""Who may write and read the harvest, download slides, and read or manage the knowledge agenda:
one matrix of anonymous, participant, non-participant, host, staff, a coalition member of the
programme and the support team."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events import services
from events.models import AgendaItem, Event, Session
from portal.files import store_private_file
from tests.factories import StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

from .conftest import make_event, register

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "non-participant", "host", "staff", "member", "support"]


@pytest.fixture
def people(event, table, host, member):
    return {
        "anonymous": None,
        "participant": register(event),
        "non-participant": UserFactory(),
        "host": host,
        "staff": StaffFactory(),
        "member": member,  # of a coalition of the event's programme
        "support": SupportFactory(),
    }


def matrix(people, allowed):
    return {people[role]: ALLOWED if role in allowed else DENIED for role in ROLES}


def test_table_harvest_is_written_by_its_host_and_staff(people, event, table):
    url = reverse("events:harvest", args=[event.slug, table.pk])
    assert check_permission_matrix(url, matrix(people, {"host", "staff"})) == []
    autosave = reverse("events:harvest_autosave", args=[event.slug, table.pk])
    allowed = matrix(people, {"host", "staff"})
    assert check_permission_matrix(autosave, allowed, method="post", data={"text": "x"}) == []


def test_plenary_harvest_is_written_by_staff_and_organisers(people, event):
    organiser = SupportFactory()
    event.organisers.add(organiser)
    url = reverse("events:harvest", args=[event.slug, "plenair"])
    assert check_permission_matrix(url, {**matrix(people, {"staff"}), organiser: ALLOWED}) == []
    assert Client().get(reverse("events:harvest", args=[event.slug, "anders"])).status_code in (
        302, 404,
    )  # fmt: skip


def _sees(user, event, text):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("events:detail", args=[event.slug]))
    return text in response.content.decode()


def test_harvest_is_read_by_who_takes_part_and_by_everyone_once_public(people, event, table):
    services.save_harvest(
        event=event, table=table, text="Oogst van de tafel", base_revision=0,
        actor=people["host"],
    )  # fmt: skip
    readers = {role for role in ROLES if _sees(people[role], event, "Oogst van de tafel")}
    assert readers == {"participant", "host", "staff"}
    table.participants.add(people["participant"])
    participants_line = {role for role in ROLES if _sees(people[role], event, "Aan deze tafel")}
    assert participants_line == {"participant", "host", "staff"}
    services.save_harvest(
        event=event, table=table, text="Oogst van de tafel", base_revision=1,
        actor=people["host"], is_public=True,
    )  # fmt: skip
    assert all(_sees(people[role], event, "Oogst van de tafel") for role in ROLES)
    # A public harvest of an event that is not public stays with who takes part.
    closed = make_event(event.programme, audience=Event.Audience.COALITIONS)
    services.save_harvest(
        event=closed, text="Plenair voor de coalities", base_revision=0, actor=people["staff"],
        is_public=True,
    )  # fmt: skip
    assert not _sees(people["non-participant"], closed, "Plenair voor de coalities")
    assert _sees(people["staff"], closed, "Plenair voor de coalities")


def test_private_slides_are_for_who_takes_part_public_ones_for_everyone(people, event):
    session = Session.objects.create(event=event, starts_at=event.starts_at, title="Inleiding")
    store_private_file(
        upload=SimpleUploadedFile("dia.pdf", b"%PDF-1.4\n%%EOF\n"), target=session,
        uploaded_by=people["staff"], purpose="slides",
    )  # fmt: skip
    url = reverse("events:slides", args=[event.slug, session.pk])
    assert check_permission_matrix(url, matrix(people, {"participant", "host", "staff"})) == []
    Session.objects.filter(pk=session.pk).update(slides_public=True)
    assert check_permission_matrix(url, matrix(people, set(ROLES))) == []


def test_knowledge_agenda_is_read_by_staff_support_and_members_managed_by_staff(people, event):
    owned = AgendaItem.objects.create(programme=event.programme, text="Een vraag")
    readers = matrix(people, {"staff", "support", "member"})
    assert check_permission_matrix(reverse("events:agenda"), readers) == []
    assert check_permission_matrix(reverse("events:agenda_create"), matrix(people, {"staff"})) == []
    edit = reverse("events:agenda_edit", args=[owned.pk])
    assert check_permission_matrix(edit, matrix(people, {"staff"})) == []
    status = reverse("events:agenda_status", args=[owned.pk])
    changers = matrix(people, {"staff"})
    assert check_permission_matrix(status, changers, method="post", data={"status": "open"}) == []


def test_an_owner_reads_the_agenda_and_changes_only_their_own_items(people, event):
    owner = people["non-participant"]
    mine = AgendaItem.objects.create(programme=event.programme, text="Van mij", owner=owner)
    other = AgendaItem.objects.create(programme=event.programme, text="Van een ander")
    client = Client()
    client.force_login(owner)
    html = client.get(reverse("events:agenda")).content.decode()
    assert "Van mij" in html and "Van een ander" not in html
    for target, expected in [(mine, 302), (other, 404)]:
        response = client.post(
            reverse("events:agenda_status", args=[target.pk]), {"status": "in_progress"}
        )
        assert response.status_code == expected
