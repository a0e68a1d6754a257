"""Reminders for applicants, invited co-applicants and reviewers, before the call's deadlines.

Each rule reminds on the call's `reminder_days` (by default 14, 7 and 1 days before, and on the
day itself), at 09:00 Europe/Amsterdam. A reminder that became moot (the stage was sent in, the
invitation accepted, the review done) is not yielded; a moved deadline gives new moments.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from portal import reminders
from proposals.models import Invitation, Proposal, Review, StageSubmission

User = get_user_model()
State = Proposal.State


def _people():
    return Prefetch("people", queryset=User.objects.filter(is_active=True).order_by("pk"))


def _stage_deadline_due(since, until, *, state):
    """Proposals in `state` whose current stage has not been sent in, before its deadline."""
    low, high = reminders.deadline_range(since, until)
    proposals = (
        Proposal.objects.filter(state=state, stage__deadline__gt=low, stage__deadline__lte=high)
        .exclude(
            Exists(StageSubmission.objects.filter(proposal=OuterRef("pk"), stage=OuterRef("stage")))
        )
        .select_related("stage", "call__programme")
        .prefetch_related(_people())
        .order_by("pk")
    )
    for proposal in proposals:
        deadline = proposal.stage.deadline
        # Moments before the proposal existed (or was invited) are not reminded afterwards.
        after = proposal.decided_at if state == State.INVITED else proposal.created_at
        moments = reminders.due_moments(
            deadline, since, until, proposal.call.reminder_days, after=after
        )
        for moment in moments:
            context = {
                "proposal": proposal,
                "stage": proposal.stage,
                "deadline": deadline,
                "days_left": reminders.days_left(moment, deadline),
            }
            for person in proposal.people.all():
                yield reminders.Due(
                    target=proposal, recipient=person, moment=moment, context=context
                )


def draft_deadline_due(since, until):
    return _stage_deadline_due(since, until, state=State.DRAFT)


def full_plan_deadline_due(since, until):
    return _stage_deadline_due(since, until, state=State.INVITED)


def invitation_pending_due(since, until):
    """A co-applicant who has not accepted the invitation yet, before the stage's deadline."""
    low, high = reminders.deadline_range(since, until)
    invitations = list(
        Invitation.objects.filter(
            state=Invitation.State.PENDING,
            proposal__state__in=Proposal.EDITABLE_STATES,
            proposal__stage__deadline__gt=low,
            proposal__stage__deadline__lte=high,
        )
        .select_related("proposal__stage", "proposal__call__programme", "invited_by")
        .order_by("pk")
    )
    # Someone who already has an account gets the mail in their language, and it is theirs.
    emails = {invitation.email.lower() for invitation in invitations}
    users = {
        user.email.lower(): user
        for user in User.objects.filter(email__in=emails, is_active=True)
    } if emails else {}  # fmt: skip
    for invitation in invitations:
        proposal = invitation.proposal
        deadline = proposal.stage.deadline
        moments = reminders.due_moments(
            deadline, since, until, proposal.call.reminder_days, after=invitation.created_at
        )
        user = users.get(invitation.email.lower())
        for moment in moments:
            yield reminders.Due(
                target=invitation,
                recipient=user,
                to_email="" if user else invitation.email,
                moment=moment,
                context={
                    "invitation": invitation,
                    "proposal": proposal,
                    "invited_by": invitation.invited_by,
                    "deadline": deadline,
                    "days_left": reminders.days_left(moment, deadline),
                },
            )


def review_due(since, until):
    """Reviewers with assigned reviews that are not done, before the stage's review due date:
    one mail per reviewer and stage, listing the proposals."""
    low, high = reminders.deadline_range(since, until)
    reviews = (
        Review.objects.filter(
            state=Review.State.ASSIGNED,
            reviewer__is_active=True,
            stage__review_due__gt=low,
            stage__review_due__lte=high,
        )
        .exclude(proposal__state=State.WITHDRAWN)
        .select_related("stage__call__programme", "reviewer", "proposal")
        .order_by("stage_id", "reviewer_id", "proposal__reference", "pk")
    )
    grouped = defaultdict(list)
    for review in reviews:
        grouped[(review.stage, review.reviewer)].append(review)
    for (stage, reviewer), open_reviews in grouped.items():
        deadline = stage.review_due
        first_assigned = min(review.assigned_at for review in open_reviews)
        moments = reminders.due_moments(
            deadline, since, until, stage.call.reminder_days, after=first_assigned
        )
        for moment in moments:
            yield reminders.Due(
                target=stage,
                recipient=reviewer,
                moment=moment,
                context={
                    "stage": stage,
                    "call": stage.call,
                    "reviews": open_reviews,
                    "deadline": deadline,
                    "days_left": reminders.days_left(moment, deadline),
                },
            )


reminders.register(
    reminders.ReminderRule(
        name="proposals.draft_deadline",
        template="proposals/mail/reminder_draft_deadline",
        label=_("Deadline of your proposal"),
        description=_("A proposal not sent in yet, before the deadline of its stage."),
        find_due=draft_deadline_due,
        essential=True,  # a deadline of one's own proposal
    )
)
reminders.register(
    reminders.ReminderRule(
        name="proposals.full_plan_deadline",
        template="proposals/mail/reminder_full_plan_deadline",
        label=_("Deadline of your full plan"),
        description=_("Invited to write a full plan, not sent in yet, before its deadline."),
        find_due=full_plan_deadline_due,
        essential=True,
    )
)
reminders.register(
    reminders.ReminderRule(
        name="proposals.invitation_pending",
        template="proposals/mail/reminder_invitation",
        label=_("Invitations to write along on a proposal"),
        description=_("An invitation to write along, not accepted yet, before the deadline."),
        find_due=invitation_pending_due,
        essential=False,
    )
)
reminders.register(
    reminders.ReminderRule(
        name="proposals.review_due",
        template="proposals/mail/reminder_review_due",
        label=_("Reviews to finish"),
        description=_("Assigned reviews that are not done, before the reviews are due."),
        find_due=review_due,
        essential=False,
    )
)
