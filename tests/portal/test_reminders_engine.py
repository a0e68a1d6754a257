"""The reminder engine: moments in Europe/Amsterdam time, once-only bookkeeping in bulk,
reminders to an email address without an account, the send_reminders command."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal import reminders
from portal.models import OutboxMessage, ReminderSent
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import count_queries

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def local(*args):
    return datetime(*args, tzinfo=AMS)


# --- Moments --------------------------------------------------------------------------------
def test_moments_stay_at_nine_local_time_across_the_change_to_summer_time():
    # Summer time starts on Sunday 28 March 2027: 09:00 is 08:00 UTC before, 07:00 UTC after.
    deadline = local(2027, 3, 29, 17, 0)
    found = reminders.moments_before(deadline, (14, 7, 1, 0))
    assert found == [local(2027, 3, 15, 9), local(2027, 3, 22, 9), local(2027, 3, 28, 9)] + [
        local(2027, 3, 29, 9)
    ]
    assert [moment.astimezone(UTC).hour for moment in found] == [8, 8, 7, 7]
    assert all(moment.tzinfo == UTC or moment.utcoffset() == timedelta(0) for moment in found)


def test_moments_stay_at_nine_local_time_across_the_change_to_winter_time():
    # Winter time starts on Sunday 31 October 2027: 09:00 is 07:00 UTC before, 08:00 UTC after.
    found = reminders.moments_before(date(2027, 11, 1), (7, 1, 0))
    assert [m.astimezone(AMS).strftime("%d %H:%M") for m in found] == [
        "25 09:00",
        "31 09:00",
        "01 09:00",
    ]
    assert [m.astimezone(UTC).hour for m in found] == [7, 8, 8]


def test_moments_drop_what_is_at_or_after_the_deadline_or_before_the_start():
    deadline = local(2027, 6, 10, 8, 30)  # before 09:00: no reminder on the day itself
    assert reminders.moments_before(deadline, (1, 0)) == [local(2027, 6, 9, 9)]
    started = local(2027, 6, 3, 12)
    assert reminders.moments_before(deadline, (14, 7, 1), after=started) == [local(2027, 6, 9, 9)]
    assert reminders.moments_before(date(2027, 6, 10), (7, 1), after=date(2027, 6, 9)) == []


def test_due_moments_and_candidate_ranges_cover_the_window():
    since, until = local(2027, 6, 3, 8, 0), local(2027, 6, 4, 8, 0)
    deadline = local(2027, 6, 10, 23, 59)
    assert reminders.due_moments(deadline, since, until, (7, 6)) == [local(2027, 6, 3, 9)]
    low, high = reminders.deadline_range(since, until, max_days=7)
    assert low < deadline <= high
    first, last = reminders.date_range(since, until, max_days=7)
    assert (first, last) == (date(2027, 6, 3), date(2027, 6, 11))
    assert reminders.days_left(local(2027, 6, 3, 9), deadline) == 7


@pytest.mark.django_db
def test_latest_per_series_keeps_only_the_newest_moment():
    user = UserFactory.build(pk=1)
    older = reminders.Due(target=user, recipient=user, moment=local(2027, 1, 1, 9))
    newer = reminders.Due(target=user, recipient=user, moment=local(2027, 1, 2, 9))
    other = reminders.Due(target=user, recipient=None, to_email="a@b.nl", moment=older.moment)
    assert reminders.latest_per_series([newer, older, other]) == [newer, other]


# --- The engine -----------------------------------------------------------------------------
def _rule(name="test.bulk", essential=True):
    """A rule over organisations: every organisation is one due reminder, to its first member or,
    without one, to an email address."""
    from portal.models import Organisation

    def find_due(since, until):
        moment = until - timedelta(minutes=1)
        organisations = Organisation.objects.prefetch_related("members").order_by("pk")
        for organisation in organisations:
            members = list(organisation.members.all())
            yield reminders.Due(
                target=organisation,
                recipient=members[0] if members else None,
                to_email="" if members else f"info{organisation.pk}@example.org",
                moment=moment.replace(second=0, microsecond=0),
                context={},
            )

    return reminders.ReminderRule(
        name=name,
        template="portal/mail/verify_email_reminder",
        description="Test",
        find_due=find_due,
        essential=essential,
    )


def _organisations(count, with_member=True):
    for _ in range(count):
        organisation = OrganisationFactory()
        if with_member:
            organisation.members.add(UserFactory())


@pytest.mark.django_db
def test_a_run_costs_one_insert_per_new_mail_and_a_rerun_a_fixed_number():
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Organisation

    rule = _rule()
    now = timezone.now()
    _organisations(5)
    ContentType.objects.get_for_model(Organisation)  # cached once per process
    with count_queries() as few:
        assert reminders.run(now, rules=[rule]).sent == 5
    with count_queries() as rerun_few:
        assert reminders.run(now, rules=[rule]).already_sent == 5
    _organisations(45)
    with count_queries() as lots:
        assert reminders.run(now, rules=[rule]).sent == 45
    with count_queries() as rerun_lots:
        result = reminders.run(now, rules=[rule])
    assert (result.sent, result.already_sent) == (0, 50)
    # 40 more new mails: 40 more INSERTs of a message, nothing else per row.
    assert len(lots) - len(few) == 40, [q["sql"][:80] for q in lots.captured_queries][:12]
    assert len(rerun_lots) == len(rerun_few)
    assert ReminderSent.objects.count() == OutboxMessage.objects.count() == 50
    assert not ReminderSent.objects.filter(message__isnull=True).exists()


@pytest.mark.django_db
def test_reminder_to_an_address_without_account_is_sent_once():
    rule = _rule()
    _organisations(2, with_member=False)
    now = timezone.now()
    assert reminders.run(now, rules=[rule]).sent == 2
    assert reminders.run(now, rules=[rule]).sent == 0
    row = ReminderSent.objects.order_by("pk").first()
    assert row.recipient is None and row.to_email.startswith("info")
    assert row.message.to_email == row.to_email and row.message.language == "nl"


@pytest.mark.django_db
def test_a_failing_chunk_is_reported_and_retried_by_the_next_run(monkeypatch):
    rule = _rule()
    _organisations(3)
    now = timezone.now()

    def broken(*args, **kwargs):
        raise RuntimeError("template error")

    monkeypatch.setattr(reminders, "compose", broken)
    result = reminders.run(now, rules=[rule])
    assert (result.sent, result.failed) == (0, 3)
    assert not ReminderSent.objects.exists()  # the chunk rolled back: nothing is half done
    monkeypatch.undo()
    assert reminders.run(now, rules=[rule]).sent == 3


# --- The command ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_send_reminders_dry_run_lists_and_then_sends_once(monkeypatch):
    rule = _rule(name="test.command")
    reminders.register(rule)
    try:
        _organisations(2)
        out = StringIO()
        call_command("send_reminders", "--dry-run", "--rule", "test.command", stdout=out)
        assert out.getvalue().count("test.command") == 2
        assert "2 to send, 0 already sent" in out.getvalue()
        assert not ReminderSent.objects.exists()

        out = StringIO()
        call_command("send_reminders", "--rule", "test.command", stdout=out)
        assert "2 sent, 0 already sent" in out.getvalue()
        out = StringIO()
        call_command("send_reminders", "--rule", "test.command", stdout=out)
        assert "0 sent, 2 already sent" in out.getvalue()
        with pytest.raises(CommandError, match="Unknown rule"):
            call_command("send_reminders", "--rule", "nope")
    finally:
        reminders.unregister("test.command")


def test_every_app_registers_its_rules():
    names = {rule.name for rule in reminders.registered_rules()}
    assert {
        "portal.verify_email",
        "proposals.draft_deadline",
        "proposals.full_plan_deadline",
        "proposals.invitation_pending",
        "proposals.review_due",
        "reflections.pitstop_report_due",
        "reflections.pitstop_coming_up",
        "coalitions.payment_report",
    } <= names
    essential = {rule.name for rule in reminders.registered_rules() if rule.essential}
    assert {"proposals.draft_deadline", "proposals.full_plan_deadline"} <= essential
    assert "proposals.review_due" not in essential
