import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import timezone

from portal import reminders
from portal.models import OutboxMessage, ReminderSent
from tests.factories import UserFactory

VERIFY_RULE = "portal.verify_email"


def _unverified_user(joined_ago):
    user = UserFactory(verified_email=False)
    user.date_joined = timezone.now() - joined_ago
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def _rule():
    return [rule for rule in reminders.registered_rules() if rule.name == VERIFY_RULE]


@pytest.mark.django_db
def test_due_reminder_is_sent_once_across_runs():
    user = _unverified_user(joined_ago=timedelta(days=2, hours=1))
    first = reminders.run(rules=_rule())
    second = reminders.run(rules=_rule())
    assert (first.sent, second.sent, second.already_sent) == (1, 0, 1)
    message = OutboxMessage.objects.get(recipient=user)
    assert message.kind == "portal/mail/verify_email_reminder"
    assert ReminderSent.objects.get(recipient=user).message == message


@pytest.mark.django_db
def test_reminder_not_sent_before_its_moment_nor_when_moot():
    too_early = _unverified_user(joined_ago=timedelta(days=1))
    verified = _unverified_user(joined_ago=timedelta(days=2, hours=1))
    EmailAddress.objects.filter(user=verified).update(verified=True)
    result = reminders.run(rules=_rule())
    assert result.sent == 0
    assert not OutboxMessage.objects.filter(recipient__in=[too_early, verified]).exists()


@pytest.mark.django_db
def test_reminder_far_in_the_past_is_skipped():
    _unverified_user(joined_ago=timedelta(days=30))
    assert reminders.run(rules=_rule()).sent == 0


@pytest.mark.django_db
def test_dry_run_sends_nothing():
    _unverified_user(joined_ago=timedelta(days=2, hours=1))
    result = reminders.run(rules=_rule(), dry_run=True)
    assert len(result.planned) == 1
    assert not ReminderSent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_engine_runs_at_once_send_nothing_twice():
    users = [_unverified_user(joined_ago=timedelta(days=2, minutes=n + 1)) for n in range(25)]
    barrier = threading.Barrier(2)
    results = []

    def run_engine():
        barrier.wait()
        try:
            results.append(reminders.run(rules=_rule()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run_engine) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result.sent for result in results) == len(users)
    assert ReminderSent.objects.count() == len(users)
    assert OutboxMessage.objects.filter(kind="portal/mail/verify_email_reminder").count() == len(
        users
    )


def test_beat_task_runs_the_engine_through_the_worker(celery_worker):
    from portal.tasks import run_reminders

    user = _unverified_user(joined_ago=timedelta(days=2, hours=1))
    result = run_reminders.delay().get(timeout=20)
    assert result["sent"] >= 1
    assert ReminderSent.objects.filter(recipient=user, rule=VERIFY_RULE).count() == 1


def test_beat_schedule_runs_reminders_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["run-reminders"]
    assert entry["task"] == "portal.tasks.run_reminders"
    assert entry["schedule"].minute == set(range(0, 60, 5))
