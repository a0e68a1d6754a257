"""The follow-up date of a knowledge-agenda item: its owner is mailed a week and a day before,
at 09:00 Amsterdam time; not when the item is done or dropped; new moments when the date moves."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from events import services
from events.models import AgendaItem
from portal import reminders
from portal.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FOLLOW_UP = datetime.date(2030, 6, 20)
WEEK_BEFORE = datetime.datetime(2030, 6, 13, 9, 0, tzinfo=AMSTERDAM)
DAY_BEFORE = datetime.datetime(2030, 6, 19, 9, 0, tzinfo=AMSTERDAM)
MINUTE = datetime.timedelta(minutes=1)


def _run(now):
    return reminders.run(now=now, rules=[reminders.get_rule("events.agenda_follow_up")])


@pytest.fixture
def owned(programme):
    owner = UserFactory(name="Mirjam Bos")
    item = AgendaItem.objects.create(
        programme=programme, text="Hoe boor je de passie aan van de professionals?",
        owner=owner, follow_up_on=FOLLOW_UP,
    )  # fmt: skip
    AgendaItem.objects.filter(pk=item.pk).update(
        created_at=datetime.datetime(2030, 1, 1, tzinfo=AMSTERDAM)
    )
    item.refresh_from_db()
    return item


def test_owner_is_mailed_a_week_and_a_day_before_at_nine(owned):
    assert _run(WEEK_BEFORE - MINUTE).sent == 0
    assert _run(WEEK_BEFORE).sent == 1
    assert _run(WEEK_BEFORE + 5 * MINUTE).sent == 0  # once only
    message = OutboxMessage.objects.get()
    assert message.recipient == owned.owner and message.related_id == str(owned.pk)
    assert message.subject == "Kennisagenda: over 7 dagen opvolging"
    assert "Hoe boor je de passie aan van de professionals?" in message.body_text
    assert _run(DAY_BEFORE).sent == 1
    assert OutboxMessage.objects.filter(subject="Kennisagenda: morgen opvolging").count() == 1


def test_no_reminder_when_the_item_is_done_or_dropped(owned):
    services.set_agenda_status(item=owned, status="done", actor=owned.owner)
    assert _run(WEEK_BEFORE).sent == 0
    services.set_agenda_status(item=owned, status="in_progress", actor=owned.owner)
    assert _run(WEEK_BEFORE).sent == 1
    services.set_agenda_status(item=owned, status="dropped", actor=owned.owner)
    assert _run(DAY_BEFORE).sent == 0


def test_a_moved_date_moves_the_reminders(owned):
    assert _run(WEEK_BEFORE).sent == 1
    AgendaItem.objects.filter(pk=owned.pk).update(follow_up_on=datetime.date(2030, 7, 4))
    assert _run(DAY_BEFORE).sent == 0  # the old moment is no longer due
    assert _run(datetime.datetime(2030, 6, 27, 9, 0, tzinfo=AMSTERDAM)).sent == 1
    assert _run(datetime.datetime(2030, 7, 3, 9, 0, tzinfo=AMSTERDAM)).sent == 1


def test_no_reminder_without_an_account_or_for_a_moment_before_the_item_existed(programme):
    AgendaItem.objects.create(
        programme=programme, text="Zonder account", owner_name="KUS", follow_up_on=FOLLOW_UP
    )
    late = AgendaItem.objects.create(
        programme=programme, text="Laat", owner=UserFactory(), follow_up_on=FOLLOW_UP
    )
    AgendaItem.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2030, 6, 15, 12, 0, tzinfo=AMSTERDAM)
    )
    assert _run(WEEK_BEFORE).sent == 0
    assert _run(DAY_BEFORE).sent == 1  # only the day-before moment came after it was made


def test_the_reminder_is_mail_people_can_switch_off():
    rule = reminders.get_rule("events.agenda_follow_up")
    assert rule.essential is False
