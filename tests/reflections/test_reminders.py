"""The coalition's reminders: a pitstop coming up, the pitstop report due 14 days after it, and
the progress report before a planned payment. Times are Europe/Amsterdam, across the change to
winter time on Sunday 31 October 2027."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from coalitions.models import PaymentTranche
from portal import mail, reminders
from portal.models import OutboxMessage, ReminderSent
from reflections.models import Pitstop, Reflection
from tests.factories import SupportFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
REPORT = "reflections.pitstop_report_due"
COMING = "reflections.pitstop_coming_up"
PAYMENT = "coalitions.payment_report"


def local(*args):
    return datetime(*args, tzinfo=AMS)


def run_at(moment, name):
    return reminders.run(now=moment, rules=[reminders.get_rule(name)])


def moments(name, **filters):
    return sorted(
        ReminderSent.objects.filter(rule=name, **filters).values_list("moment", flat=True)
    )


@pytest.fixture
def pitstop(coalition):
    return Pitstop.objects.create(
        coalition=coalition, title="Eerste pitstop", date=date(2027, 10, 20), place="Buurthuis"
    )


def test_pitstop_coming_up_reminds_members_and_facilitators(coalition, member, pitstop):
    facilitator = SupportFactory()
    pitstop.facilitators.add(facilitator)
    for moment in [local(2027, 10, 6, 9), local(2027, 10, 13, 9), local(2027, 10, 19, 9)]:
        assert run_at(moment - timedelta(minutes=1), COMING).sent == 0
        assert run_at(moment + timedelta(minutes=5), COMING).sent == 2
    assert run_at(local(2027, 10, 20, 9, 5), COMING).sent == 2
    assert moments(COMING, recipient=facilitator) == [
        local(2027, 10, 6, 9),
        local(2027, 10, 13, 9),
        local(2027, 10, 19, 9),
        local(2027, 10, 20, 9),
    ]
    message = OutboxMessage.objects.filter(recipient=member).order_by("created_at").first()
    assert message.subject == "Over 14 dagen: “Eerste pitstop”"
    assert "woensdag 20 oktober 2027" in message.body_text
    assert "Plaats: Buurthuis." in message.body_text
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_pitstop_report_is_due_14_days_after_and_stops_once_shared(coalition, member, pitstop):
    # Due on 3 November, after winter time starts: 09:00 stays 09:00 local, 08:00 UTC.
    assert reminders.moments_before(date(2027, 11, 3), after=date(2027, 10, 20)) == [
        local(2027, 10, 27, 9),
        local(2027, 11, 2, 9),
        local(2027, 11, 3, 9),
    ]
    assert run_at(local(2027, 10, 20, 9, 5), REPORT).sent == 0  # not on the pitstop day itself
    assert run_at(local(2027, 10, 27, 9, 5), REPORT).sent == 1
    message = ReminderSent.objects.get(rule=REPORT).message
    assert message.subject == "Het verslag van “Eerste pitstop” moet over 7 dagen klaar zijn"
    assert f"/coalities/zuilen/reflecties/nieuw/?pitstop={pitstop.pk}" in message.body_text

    draft = Reflection.objects.create(
        coalition=coalition, author=member, kind=Reflection.Kind.PITSTOP_REPORT,
        date=date(2027, 10, 28), pitstop=pitstop, title="Verslag", is_draft=True,
    )  # fmt: skip
    assert run_at(local(2027, 11, 2, 9, 5), REPORT).sent == 1  # a draft is not shared yet
    assert [m.astimezone(UTC).hour for m in moments(REPORT)] == [7, 8]

    draft.is_draft = False
    draft.save()
    assert run_at(local(2027, 11, 3, 9, 5), REPORT).sent == 0


def test_payment_report_goes_to_contact_persons_and_core_group_until_paid(coalition, member):
    contact, plain_member = UserFactory(), UserFactory()
    coalition.members.create(user=contact, role="contact")
    coalition.members.create(user=plain_member, role="member")
    tranche = PaymentTranche.objects.create(
        coalition=coalition, planned_on=date(2027, 10, 31), amount=Decimal("12500")
    )
    run_at(local(2027, 10, 24, 9, 5), PAYMENT)
    assert set(ReminderSent.objects.values_list("recipient", flat=True)) == {member.pk, contact.pk}
    message = OutboxMessage.objects.filter(recipient=contact).get()
    assert "€ 12.500,00" in message.body_text
    assert "List-Unsubscribe" not in message.headers  # about the coalition's own grant

    # The payment day is the Sunday winter time starts: 09:00 local is 08:00 UTC that day.
    assert run_at(local(2027, 10, 31, 9, 5), PAYMENT).sent == 2
    assert max(moments(PAYMENT)).astimezone(UTC).hour == 8

    tranche.paid_on = date(2027, 10, 30)
    tranche.save()
    PaymentTranche.objects.create(
        coalition=coalition, planned_on=date(2027, 11, 1), amount=Decimal("1"), paid_on=date.today()
    )
    assert run_at(local(2027, 10, 31, 9, 10), PAYMENT).sent == 0


def test_finished_coalition_gets_no_reminders(coalition, member, pitstop):
    coalition.status = "finished"
    coalition.save()
    assert run_at(local(2027, 10, 13, 9, 5), COMING).sent == 0


def test_member_who_switched_pitstop_mail_off_gets_none(coalition, member, pitstop):
    other = UserFactory()
    coalition.members.create(user=other, role="member")
    mail.set_switched_off(email=member.email, kind=COMING, off=True, actor=member)
    result = run_at(local(2027, 10, 13, 9, 5), COMING)
    assert (result.sent, result.opted_out) == (1, 1)
    assert list(ReminderSent.objects.values_list("recipient", flat=True)) == [other.pk]
