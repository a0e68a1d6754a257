"""The reminder of a coming event: a week and a day before, for people with a place."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events import services
from portal import reminders
from portal.models import OutboxMessage
from tests.factories import UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2030, 6, 20, 13, 0, tzinfo=AMSTERDAM)


def _rule():
    return [reminders.get_rule("events.coming_up")]


def test_registered_people_are_reminded_a_week_and_a_day_before(programme):
    event = make_event(programme, capacity=1, starts_at=START, ends_at=START + timedelta(hours=3))
    registered = services.register(event=event, user=UserFactory()).user
    waiting = services.register(event=event, user=UserFactory(), waiting_list=True).user
    week_before = datetime(2030, 6, 13, 9, 5, tzinfo=AMSTERDAM)

    first = reminders.run(now=week_before, rules=_rule())
    again = reminders.run(now=week_before + timedelta(minutes=5), rules=_rule())
    assert (first.sent, again.sent) == (1, 0)
    message = OutboxMessage.objects.get(kind="events/mail/reminder_coming_up")
    assert message.recipient == registered
    assert message.subject == f"Over 7 dagen: {event.title}"
    assert not OutboxMessage.objects.filter(kind__contains="reminder", recipient=waiting).exists()

    day_before = datetime(2030, 6, 19, 9, 5, tzinfo=AMSTERDAM)
    assert reminders.run(now=day_before, rules=_rule()).sent == 1
    assert OutboxMessage.objects.filter(subject=f"Morgen: {event.title}").count() == 1


def test_no_reminder_for_a_moment_before_registering_or_after_cancelling(programme):
    event = make_event(programme, starts_at=START, ends_at=START + timedelta(hours=3))
    late = services.register(event=event, user=UserFactory())
    late.created_at = datetime(2030, 6, 15, 12, 0, tzinfo=AMSTERDAM)  # after the week-before one
    late.save(update_fields=["created_at"])
    gone = services.register(event=event, user=UserFactory())
    services.cancel(registration=gone, actor=gone.user)
    assert reminders.run(now=datetime(2030, 6, 13, 9, 5, tzinfo=AMSTERDAM), rules=_rule()).sent == 0
    assert reminders.run(now=datetime(2030, 6, 19, 9, 5, tzinfo=AMSTERDAM), rules=_rule()).sent == 1
