"""Registering, the waiting list, cancelling, the deadline, attendance, and the capacity under
concurrent registrations."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection

from events import services
from events.models import Registration
from portal.models import ActivityEntry, OutboxMessage
from tests.factories import StaffFactory, UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def mails(kind, user=None):
    messages = OutboxMessage.objects.filter(kind=f"events/mail/{kind}")
    return messages.filter(recipient=user) if user else messages


def attached_calendar(message):
    (attachment,) = message.attachments
    assert attachment["mimetype"] == "text/calendar"
    assert attachment["name"].endswith(".ics")
    with default_storage.open(attachment["path"], "rb") as handle:
        return icalendar.Calendar.from_ical(handle.read())


def test_register_gives_a_place_logs_it_and_mails_an_ics(event):
    person = UserFactory()
    registration = services.register(
        event=event, user=person, answers={"organisation": "Kracht van Zuilen"}
    )
    assert registration.state == Registration.State.REGISTERED
    assert registration.answers == {"organisation": "Kracht van Zuilen"}
    message = mails("registered", person).get()
    assert event.title in message.subject and "aangemeld" in message.subject
    assert "/evenementen/" + event.slug in message.body_text
    (vevent,) = attached_calendar(message).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert ActivityEntry.objects.filter(verb="event.registered", target_id=str(event.pk)).exists()


def test_registering_twice_is_refused(event):
    person = UserFactory()
    services.register(event=event, user=person)
    with pytest.raises(services.RegistrationError, match="al aangemeld"):
        services.register(event=event, user=person)
    assert Registration.objects.filter(event=event, user=person).count() == 1


def test_full_event_refuses_and_offers_the_waiting_list(programme):
    event = make_event(programme, capacity=1)
    services.register(event=event, user=UserFactory())
    late = UserFactory()
    with pytest.raises(services.EventFull, match="wachtlijst"):
        services.register(event=event, user=late)
    assert not Registration.objects.filter(user=late).exists()
    waiting = services.register(event=event, user=late, waiting_list=True)
    later = services.register(event=event, user=UserFactory(), waiting_list=True)
    assert (waiting.state, waiting.position, later.position) == ("waiting", 1, 2)
    message = mails("waiting", late).get()
    assert "nummer 1" in message.body_text
    (vevent,) = attached_calendar(message).walk("VEVENT")
    assert str(vevent["STATUS"]) == "TENTATIVE"


def test_waiting_list_is_not_used_while_places_are_left(programme):
    event = make_event(programme, capacity=2)
    registration = services.register(event=event, user=UserFactory(), waiting_list=True)
    assert registration.state == Registration.State.REGISTERED


def test_registration_after_the_deadline_is_refused_with_the_deadline(programme):
    deadline = datetime(2030, 3, 12, 17, 0, tzinfo=AMSTERDAM)
    event = make_event(
        programme,
        registration_deadline=deadline,
        starts_at=deadline + timedelta(days=7),
        ends_at=deadline + timedelta(days=7, hours=3),
    )
    # The deadline is one moment: at it, registration is closed.
    with (
        time_machine.travel(deadline, tick=False),
        pytest.raises(services.RegistrationError) as refused,
    ):
        services.register(event=event, user=UserFactory())
    assert (
        str(refused.value) == "Je kon je aanmelden tot 12 maart 2030, 17:00. Die tijd is voorbij."
    )
    with time_machine.travel(deadline - timedelta(minutes=1), tick=False):
        assert services.register(event=event, user=UserFactory()).state == "registered"


def test_without_a_deadline_registration_closes_at_the_start(programme):
    event = make_event(programme)
    started = time_machine.travel(event.starts_at + timedelta(minutes=5))
    with started, pytest.raises(services.RegistrationError, match="voorbij"):
        services.register(event=event, user=UserFactory())


def test_unpublished_event_refuses_registration(programme):
    event = make_event(programme, is_published=False)
    with pytest.raises(services.RegistrationError):
        services.register(event=event, user=UserFactory())


def test_cancelling_moves_the_first_on_the_waiting_list_up_and_mails_them(programme):
    event = make_event(programme, capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    place = services.register(event=event, user=first)
    services.register(event=event, user=second, waiting_list=True)
    services.register(event=event, user=third, waiting_list=True)

    services.cancel(registration=place, actor=first)

    states = dict(Registration.objects.filter(event=event).values_list("user", "state"))
    assert states == {first.pk: "cancelled", second.pk: "registered", third.pk: "waiting"}
    assert Registration.objects.get(user=second).position is None
    assert Registration.objects.get(user=third).position == 1  # one place forward
    moved = mails("moved_up", second).get()
    assert "plek vrij" in moved.body_text
    (vevent,) = attached_calendar(moved).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    cancelled = mails("cancelled", first).get()
    (vevent,) = attached_calendar(cancelled).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert not mails("moved_up", third).exists()
    # Registering again after cancelling is possible (a new row; the old one stays as history).
    again = services.register(event=event, user=first, waiting_list=True)
    assert (again.state, again.position) == ("waiting", 2)


def test_cancelling_from_the_waiting_list_moves_nobody(programme):
    event = make_event(programme, capacity=1)
    services.register(event=event, user=UserFactory())
    waiting = services.register(event=event, user=UserFactory(), waiting_list=True)
    behind = services.register(event=event, user=UserFactory(), waiting_list=True)
    services.cancel(registration=waiting, actor=waiting.user)
    behind.refresh_from_db()
    assert (behind.state, behind.position) == ("waiting", 1)
    assert not mails("moved_up").exists()


def test_cancelling_after_the_start_is_refused(event):
    registration = services.register(event=event, user=UserFactory())
    started = time_machine.travel(event.starts_at + timedelta(minutes=1))
    with started, pytest.raises(services.RegistrationError, match="begonnen"):
        services.cancel(registration=registration, actor=registration.user)


def test_attendance_marks_registered_people_present_or_absent(event):
    came, stayed_away = UserFactory(), UserFactory()
    first = services.register(event=event, user=came)
    second = services.register(event=event, user=stayed_away)
    count = services.record_attendance(event=event, present_ids=[first.pk], actor=StaffFactory())
    first.refresh_from_db()
    second.refresh_from_db()
    assert (count, first.attended, second.attended) == (1, True, False)
    assert ActivityEntry.objects.filter(verb="event.attendance").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("waiting_list", [False, True])
def test_concurrent_registrations_never_exceed_the_capacity(programme, waiting_list):
    event = make_event(programme, capacity=2)
    people = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def register(person):
        barrier.wait()
        try:
            outcomes.append(
                services.register(event=event, user=person, waiting_list=waiting_list).state
            )
        except services.EventFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("registered") == 2
    assert Registration.objects.filter(event=event, state="registered").count() == 2
    if waiting_list:
        positions = Registration.objects.filter(event=event, state="waiting").values_list(
            "position", flat=True
        )
        assert sorted(positions) == list(range(1, 7))
    else:
        assert outcomes.count("full") == 6
