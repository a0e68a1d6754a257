"""The reminder rules of proposals: applicants before a deadline, co-applicants with a pending
invitation, reviewers with unfinished reviews. Times are Europe/Amsterdam, across the change to
summer time on Sunday 28 March 2027."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from calls.forms import CallForm
from portal import reminders
from portal.models import OutboxMessage, ReminderSent
from proposals import review_services, services
from proposals.models import Invitation, Proposal
from tests.factories import ReviewerFactory, UserFactory

from .conftest import build_call, fill_everything

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
DRAFT = "proposals.draft_deadline"
FULL_PLAN = "proposals.full_plan_deadline"
INVITATION = "proposals.invitation_pending"
REVIEW = "proposals.review_due"

# The deadline is on the Tuesday after summer time starts (Sunday 28 March 2027, 02:00 → 03:00).
DEADLINE = datetime(2027, 3, 30, 12, 0, tzinfo=AMS)


def local(*args):
    return datetime(*args, tzinfo=AMS)


def rule(name):
    return [reminders.get_rule(name)]


def run_at(moment, name):
    return reminders.run(now=moment, rules=rule(name))


def sent_moments(name, **filters):
    return sorted(
        ReminderSent.objects.filter(rule=name, **filters).values_list("moment", flat=True)
    )


@pytest.fixture
def call(db):
    return build_call(deadline=DEADLINE)


@pytest.fixture
def proposal(call, applicant):
    return services.start_proposal(
        call=call,
        title="Burenhulp De Heeze",
        lead_organisation=applicant.organisations.get(),
        actor=applicant,
    )


def test_draft_is_reminded_at_nine_local_time_14_7_1_days_before_and_on_the_day(
    proposal, applicant
):
    expected = [local(2027, 3, 16, 9), local(2027, 3, 23, 9), local(2027, 3, 29, 9)]
    expected.append(local(2027, 3, 30, 9))
    # Before summer time 09:00 is 08:00 UTC, after it 07:00 UTC: the local hour stays the same.
    assert [moment.astimezone(UTC).hour for moment in expected] == [8, 8, 7, 7]
    for moment in expected:
        assert run_at(moment - timedelta(minutes=1), DRAFT).sent == 0
        assert run_at(moment + timedelta(minutes=4), DRAFT).sent == 1
        assert run_at(moment + timedelta(minutes=9), DRAFT).sent == 0  # the next beat: once only
    assert sent_moments(DRAFT) == expected
    subjects = list(
        OutboxMessage.objects.filter(
            recipient=applicant, kind="proposals/mail/reminder_draft_deadline"
        )
        .order_by("created_at")
        .values_list("subject", flat=True)
    )
    assert subjects == [
        "Nog 14 dagen om “Burenhulp De Heeze” in te sturen",
        "Nog 7 dagen om “Burenhulp De Heeze” in te sturen",
        "Nog 1 dag om “Burenhulp De Heeze” in te sturen",
        "Vandaag is de deadline voor “Burenhulp De Heeze”",
    ]
    body = OutboxMessage.objects.filter(recipient=applicant).first().body_text
    assert "dinsdag 30 maart 2027 om 12:00" in body
    assert f"/aanvragen/{proposal.pk}/" in body
    assert "/afmelden/" not in body  # a deadline of one's own proposal: no unsubscribe link


def test_every_person_of_the_proposal_is_reminded(proposal, applicant):
    partner = UserFactory(language="en")
    proposal.people.add(partner)
    run_at(local(2027, 3, 23, 9, 5), DRAFT)
    assert set(ReminderSent.objects.values_list("recipient", flat=True)) == {
        applicant.pk,
        partner.pk,
    }
    english = OutboxMessage.objects.get(recipient=partner)
    assert english.subject == '7 days left to send in "Burenhulp De Heeze"'


def test_submitted_draft_gets_no_reminder(proposal, applicant):
    run_at(local(2027, 3, 16, 9, 5), DRAFT)
    fill_everything(proposal, applicant)
    services.submit(proposal=proposal, actor=applicant, now=local(2027, 3, 20, 10))
    for moment in [local(2027, 3, 23, 9, 5), local(2027, 3, 29, 9, 5), local(2027, 3, 30, 9, 5)]:
        assert run_at(moment, DRAFT).sent == 0
    assert sent_moments(DRAFT) == [local(2027, 3, 16, 9)]


def test_moved_deadline_moves_its_reminders(call, proposal):
    assert run_at(local(2027, 3, 23, 9, 5), DRAFT).sent == 1  # 7 days before the first deadline
    stage = call.stages.get(order=1)
    stage.deadline = DEADLINE + timedelta(days=7)  # staff give one more week
    stage.save()
    assert reminders.moments_before(stage.deadline) == [
        local(2027, 3, 23, 9),  # the new "14 days before" is the old "7 days": already sent
        local(2027, 3, 30, 9),
        local(2027, 4, 5, 9),
        local(2027, 4, 6, 9),
    ]
    assert run_at(local(2027, 3, 29, 9, 5), DRAFT).sent == 0  # the old "1 day before" is gone
    for moment in [local(2027, 3, 30, 9, 5), local(2027, 4, 5, 9, 5), local(2027, 4, 6, 9, 5)]:
        assert run_at(moment, DRAFT).sent == 1
    assert sent_moments(DRAFT) == [
        local(2027, 3, 23, 9),
        local(2027, 3, 30, 9),
        local(2027, 4, 5, 9),
        local(2027, 4, 6, 9),
    ]
    latest = OutboxMessage.objects.filter(kind="proposals/mail/reminder_draft_deadline").first()
    assert "dinsdag 6 april 2027 om 12:00" in latest.body_text


def test_days_are_set_per_call(call, proposal):
    call.reminder_days = [3]
    call.save()
    assert run_at(local(2027, 3, 23, 9, 5), DRAFT).sent == 0
    assert run_at(local(2027, 3, 27, 9, 5), DRAFT).sent == 1
    call.reminder_days = []
    call.save()
    assert run_at(local(2027, 3, 30, 9, 5), DRAFT).sent == 0


def test_reminder_on_the_day_is_dropped_when_the_deadline_is_before_nine(call, proposal):
    stage = call.stages.get(order=1)
    stage.deadline = local(2027, 3, 30, 8, 0)
    stage.save()
    assert run_at(local(2027, 3, 30, 9, 5), DRAFT).sent == 0
    assert reminders.moments_before(stage.deadline)[-1] == local(2027, 3, 29, 9)


def test_no_reminder_for_a_moment_before_the_proposal_was_started(call, applicant):
    # Started at 10:00 on the day the 7-day reminder was due at 09:00: that one is not sent late.
    proposal = services.start_proposal(
        call=call, title="Laat begonnen", lead_organisation=applicant.organisations.get(),
        actor=applicant,
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(created_at=local(2027, 3, 23, 10))
    assert run_at(local(2027, 3, 23, 10, 5), DRAFT).sent == 0
    assert run_at(local(2027, 3, 29, 9, 5), DRAFT).sent == 1


def test_staff_set_reminder_days_on_the_call_form(call):
    data = {
        field: value
        for field, value in CallForm(instance=call).initial.items()
        if field in CallForm.Meta.fields and value is not None
    }
    data["programme"] = call.programme_id
    data["reminder_days"] = "10,2,0"
    form = CallForm(data=data, instance=call)
    assert form.is_valid(), form.errors
    assert form.save().reminder_days == [10, 2, 0]
    assert CallForm(instance=call).initial["reminder_days"] == [10, 2, 0]
    for wrong, message in [("99", "van 0 tot 60"), ("7,7", "twee keer")]:
        form = CallForm(data={**data, "reminder_days": wrong}, instance=call)
        assert not form.is_valid()
        assert message in str(form.errors["reminder_days"])


def _invited(call, applicant, title="Uitgewerkt plan"):
    proposal = services.start_proposal(
        call=call, title=title, lead_organisation=applicant.organisations.get(), actor=applicant
    )
    fill_everything(proposal, applicant)
    services.submit(proposal=proposal, actor=applicant, now=local(2027, 3, 1, 10))
    return services.invite_to_full_plan(proposal=proposal, actor=None)


def test_full_plan_reminded_until_it_is_sent_in(call, applicant):
    full_plan_stage = call.stages.get(order=2)
    full_plan_stage.deadline = local(2027, 11, 2, 12)  # after winter time starts (31 Oct 2027)
    full_plan_stage.save()
    proposal = _invited(call, applicant)
    assert run_at(local(2027, 10, 19, 9, 5), FULL_PLAN).sent == 1  # 14 days: summer time
    assert run_at(local(2027, 11, 1, 9, 5), FULL_PLAN).sent == 1  # 1 day: winter time
    assert [m.astimezone(UTC).hour for m in sent_moments(FULL_PLAN)] == [7, 8]
    message = OutboxMessage.objects.filter(kind="proposals/mail/reminder_full_plan_deadline")
    assert message.first().subject == "Nog 1 dag om de uitwerking “Uitgewerkt plan” in te sturen"
    fill_everything(proposal, applicant)
    services.save_budget(
        proposal=proposal, actor=applicant, own_contribution=Decimal("500"),
        other_funders_amount=Decimal("0"), other_funders="",
        lines=[{"category": "activities", "description": "Buurtfeest", "amount": Decimal("9000")}],
    )  # fmt: skip
    services.submit(proposal=proposal, actor=applicant, now=local(2027, 11, 1, 12))
    assert run_at(local(2027, 11, 2, 9, 5), FULL_PLAN).sent == 0
    # The draft rule does not remind an invited proposal.
    assert run_at(local(2027, 10, 19, 9, 5), DRAFT).sent == 0


def test_pending_invitation_is_reminded_by_email_until_accepted(proposal, applicant):
    invitation = services.invite_co_applicant(
        proposal=proposal, email="Nieuw@Example.org", actor=applicant
    )
    assert run_at(local(2027, 3, 23, 9, 5), INVITATION).sent == 1
    row = ReminderSent.objects.get(rule=INVITATION)
    assert row.recipient is None and row.to_email == "nieuw@example.org"
    assert row.message.to_email == "nieuw@example.org"
    assert "List-Unsubscribe" in row.message.headers  # not essential: it can be switched off
    assert f"/uitnodiging/{invitation.token}/" in row.message.body_text

    joined = UserFactory(email="nieuw@example.org")
    assert run_at(local(2027, 3, 29, 9, 5), INVITATION).sent == 1
    assert ReminderSent.objects.filter(rule=INVITATION, recipient=joined).count() == 1

    services.accept_invitation(invitation=invitation, user=joined)
    assert run_at(local(2027, 3, 30, 9, 5), INVITATION).sent == 0
    assert Invitation.objects.get().state == Invitation.State.ACCEPTED


def test_reviewer_gets_one_mail_listing_the_reviews_not_done(call, applicant):
    stage = call.stages.get(order=1)
    stage.review_due = local(2027, 4, 20, 17)
    stage.save()
    reviewer = ReviewerFactory()
    proposals = []
    for title in ["Eerste plan", "Tweede plan"]:
        proposal = services.start_proposal(
            call=call, title=title, lead_organisation=applicant.organisations.get(),
            actor=applicant,
        )  # fmt: skip
        fill_everything(proposal, applicant)
        proposals.append(services.submit(proposal=proposal, actor=applicant, now=local(2027, 3, 2)))
    reviews = [
        review_services.assign_reviewer(proposal=p, reviewer=reviewer, actor=None, notify=False)
        for p in proposals
    ]
    assert run_at(local(2027, 4, 13, 9, 5), REVIEW).sent == 1
    message = ReminderSent.objects.get(rule=REVIEW).message
    assert message.recipient == reviewer
    assert "Eerste plan" in message.body_text and "Tweede plan" in message.body_text
    assert "List-Unsubscribe" in message.headers

    review_services.declare_conflict(
        review=reviews[0], has_conflict=True, reason="Buurman", actor=reviewer
    )
    assert run_at(local(2027, 4, 19, 9, 5), REVIEW).sent == 1
    latest = ReminderSent.objects.filter(rule=REVIEW).latest("moment").message
    assert "Eerste plan" not in latest.body_text and "Tweede plan" in latest.body_text

    reviews[1].state = "submitted"
    reviews[1].save()
    assert run_at(local(2027, 4, 20, 9, 5), REVIEW).sent == 0
