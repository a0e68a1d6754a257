"""Time travel over a whole call and the coalition after it: the beat runs every day at 08:55,
09:00 and 09:05 Europe/Amsterdam, and every rule fires at its moment (09:00 local), once, across
both daylight-saving changes of 2027 (28 March and 31 October)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coalitions.models import Coalition, PaymentTranche
from portal import reminders
from portal.models import ReminderSent
from proposals import review_services, services
from proposals.models import Review
from reflections.models import Pitstop, Reflection
from tests.factories import MembershipFactory, ReviewerFactory, SupportFactory, UserFactory
from tests.proposals.conftest import build_call, fill_everything

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
RULES = [
    "proposals.draft_deadline",
    "proposals.full_plan_deadline",
    "proposals.invitation_pending",
    "proposals.review_due",
    "reflections.pitstop_coming_up",
    "reflections.pitstop_report_due",
    "coalitions.payment_report",
]


def local(*args):
    return datetime(*args, tzinfo=AMS)


def days(month_days):
    """[(month, day), ...] in 2027 → the same dates, as "MM-DD"."""
    return {f"{month:02d}-{day:02d}" for month, day in month_days}


@pytest.mark.django_db
def test_every_rule_fires_at_nine_local_time_over_a_whole_call():
    rules = [reminders.get_rule(name) for name in RULES]
    applicant = MembershipFactory(role="manager").user
    with time_machine.travel(local(2027, 3, 1, 10), tick=False):
        call = build_call(deadline=local(2027, 3, 30, 12))  # 2 days after summer time starts
        first, second = call.stages.order_by("order")
        first.review_due = local(2027, 4, 20, 17)
        first.save()
        second.deadline = local(2027, 11, 2, 12)  # 2 days after winter time starts
        second.save()
        organisation = applicant.organisations.get()
        draft = services.start_proposal(
            call=call, title="Blijft liggen", lead_organisation=organisation, actor=applicant
        )
        invitation = services.invite_co_applicant(
            proposal=draft, email="sanne@example.org", actor=applicant
        )
        sent_in = services.start_proposal(
            call=call, title="Wordt ingediend", lead_organisation=organisation, actor=applicant
        )
        fill_everything(sent_in, applicant)
        reviewer = ReviewerFactory(email="beoordelaar@example.org")
        coalition = Coalition.objects.create(
            programme=call.programme, name="Samen in Zuilen", slug="zuilen",
            municipality="Utrecht", status=Coalition.Status.ACTIVE,
        )  # fmt: skip
        member = UserFactory(email="lid@example.org")
        coalition.members.create(user=member, role="core")
        facilitator = SupportFactory(email="begeleider@example.org")
        pitstop = Pitstop.objects.create(coalition=coalition, date=date(2027, 11, 4))
        pitstop.facilitators.add(facilitator)
        PaymentTranche.objects.create(
            coalition=coalition, planned_on=date(2027, 10, 31), amount=Decimal("10000")
        )

    def on(moment, action):
        with time_machine.travel(moment, tick=False):
            action()

    actions = {
        date(2027, 3, 20): lambda: services.submit(proposal=sent_in, actor=applicant),
        date(2027, 3, 24): lambda: services.accept_invitation(
            invitation=invitation, user=UserFactory(email="sanne@example.org")
        ),
        date(2027, 3, 31): lambda: review_services.assign_reviewer(
            proposal=sent_in, reviewer=reviewer, actor=None, notify=False
        ),
        date(2027, 4, 19): lambda: Review.objects.filter(reviewer=reviewer).update(
            state=Review.State.SUBMITTED
        ),
        date(2027, 5, 1): lambda: services.invite_to_full_plan(proposal=sent_in, actor=None),
        date(2027, 11, 12): lambda: Reflection.objects.create(
            coalition=coalition,
            author=member,
            kind=Reflection.Kind.PITSTOP_REPORT,
            date=date(2027, 11, 12),
            pitstop=pitstop,
            title="Verslag",
            is_draft=False,
        ),  # fmt: skip
    }

    day = date(2027, 3, 1)
    while day <= date(2027, 11, 20):
        for hour, minute in [(8, 55), (9, 0), (9, 5)]:
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)
            with time_machine.travel(moment, tick=False):
                result = reminders.run(rules=rules)
            assert result.failed == 0
            if (hour, minute) != (9, 0):
                assert result.sent == 0, f"{moment}: {result}"  # only at 09:00, and only once
        if day in actions:
            on(datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMS), actions.pop(day))
        day += timedelta(days=1)

    rows = ReminderSent.objects.select_related("recipient", "message")
    sent = {}
    for row in rows:
        moment = row.moment.astimezone(AMS)
        assert (moment.hour, moment.minute) == (9, 0), row
        assert row.message.created_at == row.moment  # written by the beat at the moment itself
        who = row.recipient.email if row.recipient else row.to_email
        sent.setdefault((row.rule, who), set()).add(moment.strftime("%m-%d"))

    assert sent == {
        # The draft that stays a draft: 14, 7, 1 days before and on the day (30 March).
        ("proposals.draft_deadline", applicant.email): days([(3, 16), (3, 23), (3, 29), (3, 30)]),
        # (The proposal sent in on 20 March only got 16 March: checked per proposal below.)
        # The co-applicant, until she accepts on 24 March; then as one of the draft's people.
        ("proposals.invitation_pending", "sanne@example.org"): days([(3, 16), (3, 23)]),
        ("proposals.draft_deadline", "sanne@example.org"): days([(3, 29), (3, 30)]),
        # The reviewer, until the review is done on 19 April at noon.
        ("proposals.review_due", "beoordelaar@example.org"): days([(4, 6), (4, 13), (4, 19)]),
        # The full plan (deadline 2 November): before and after winter time.
        ("proposals.full_plan_deadline", applicant.email): days(
            [(10, 19), (10, 26), (11, 1), (11, 2)]
        ),
        # The payment on Sunday 31 October, the day winter time starts.
        ("coalitions.payment_report", "lid@example.org"): days(
            [(10, 17), (10, 24), (10, 30), (10, 31)]
        ),
        # The pitstop on 4 November, to the member and the facilitator.
        ("reflections.pitstop_coming_up", "lid@example.org"): days(
            [(10, 21), (10, 28), (11, 3), (11, 4)]
        ),
        ("reflections.pitstop_coming_up", "begeleider@example.org"): days(
            [(10, 21), (10, 28), (11, 3), (11, 4)]
        ),
        # Its report, due 18 November, is shared on 12 November: only the 11 November reminder.
        ("reflections.pitstop_report_due", "lid@example.org"): days([(11, 11)]),
    }
    drafts = ReminderSent.objects.filter(rule="proposals.draft_deadline", recipient=applicant)
    assert sorted(
        (row.target_id == str(sent_in.pk), row.moment.astimezone(AMS).strftime("%m-%d"))
        for row in drafts
    ) == sorted(
        [(False, "03-16"), (False, "03-23"), (False, "03-29"), (False, "03-30"), (True, "03-16")]
    )
    # The same 09:00 local is 08:00 UTC in winter and 07:00 UTC in summer.
    hours = {
        row.moment.astimezone(AMS).strftime("%m-%d"): row.moment.astimezone(UTC).hour
        for row in rows
    }
    assert (hours["03-23"], hours["03-29"], hours["10-30"], hours["10-31"]) == (8, 7, 7, 8)
