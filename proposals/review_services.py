"""Reviews, staff notes and messages, decisions and writing help: every write, one transaction each.

Kept apart from services.py (the applicant's side) so each file stays readable; both follow the
same rules: keyword-only arguments, `ProposalError` for what people can act on, an activity
entry for every change, mail through the outbox.
"""

import contextlib
import statistics
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Stage
from portal import mail
from portal.activity import log_activity
from portal.models import Role
from proposals.models import (
    DecisionTemplate,
    HelpAssignment,
    HelpComment,
    InternalNote,
    Proposal,
    Review,
    ReviewerTie,
    Score,
)
from proposals.services import ProposalError, format_moment, organisations_of, set_state

State = Proposal.State
Decision = Proposal.Decision
User = get_user_model()

# The proposals of a stage that are ready for review.
REVIEWABLE_STATES = {
    Stage.Kind.PROPOSAL: State.SUBMITTED,
    Stage.Kind.REGISTRATION: State.SUBMITTED,
    Stage.Kind.FULL_PLAN: State.FULL_PLAN_SUBMITTED,
}


def reviewers():
    return User.objects.filter(groups__name=Role.REVIEWER, is_active=True)


def has_tie(reviewer, proposal) -> bool:
    ids = [organisation.pk for organisation in organisations_of(proposal)]
    return ReviewerTie.objects.filter(reviewer=reviewer, organisation_id__in=ids).exists()


def reviewable(call, stage):
    return Proposal.objects.filter(call=call, stage=stage, state=REVIEWABLE_STATES[stage.kind])


# --- Assignment ----------------------------------------------------------------------------
def _notify_assigned(reviewer, proposals, actor):
    mail.compose(
        template="proposals/mail/review_assigned",
        context={"proposals": proposals, "count": len(proposals)},
        recipient=reviewer, related=proposals[0], created_by=actor,
    )  # fmt: skip


@transaction.atomic
def assign_reviewer(*, proposal, reviewer, actor, notify=True) -> Review:
    if not reviewer.groups.filter(name=Role.REVIEWER).exists():
        raise ProposalError(_("This person is not a reviewer."))
    if has_tie(reviewer, proposal):
        raise ProposalError(
            _("%(name)s has a tie with an organisation of this proposal.") % {"name": reviewer}
        )
    review, created = Review.objects.get_or_create(
        proposal=proposal, stage=proposal.stage, reviewer=reviewer,
        defaults={"assigned_by": actor},
    )  # fmt: skip
    if not created:
        raise ProposalError(_("%(name)s is already assigned.") % {"name": reviewer})
    log_activity(actor=actor, verb="review.assigned", target=proposal, message=str(reviewer))
    if notify:
        _notify_assigned(reviewer, [proposal], actor)
    return review


@transaction.atomic
def unassign_reviewer(*, review, actor) -> None:
    if review.state == Review.State.SUBMITTED:
        raise ProposalError(_("This review is done; it stays on record."))
    log_activity(
        actor=actor, verb="review.unassigned", target=review.proposal, message=str(review.reviewer)
    )
    review.delete()


def _load(call, stage):
    """Current assignments per reviewer and per proposal in one stage."""
    per_reviewer = Counter(
        dict(
            Review.objects.filter(stage=stage)
            .exclude(state=Review.State.CONFLICT)
            .values_list("reviewer")
            .annotate(n=Count("pk"))
        )
    )
    return per_reviewer


@transaction.atomic
def auto_assign(*, call, stage, actor, per_proposal=None, proposals=None) -> int:
    """Give each proposal `per_proposal` reviewers, spreading the work evenly.

    Nobody gets a proposal of an organisation they declared a tie with, or one they declared a
    conflict on. Returns the number of new assignments; each reviewer gets one mail.
    """
    per_proposal = per_proposal or stage.reviewers_per_proposal
    pool = list(reviewers().order_by("pk"))
    if not pool:
        raise ProposalError(_("There are no reviewers yet."))
    ties = {}
    for reviewer_id, organisation_id in ReviewerTie.objects.values_list(
        "reviewer_id", "organisation_id"
    ):
        ties.setdefault(reviewer_id, set()).add(organisation_id)
    load = _load(call, stage)
    targets = (proposals if proposals is not None else reviewable(call, stage)).prefetch_related(
        "partners", "reviews"
    )
    new = {}
    for proposal in targets.order_by("pk"):
        existing = [r for r in proposal.reviews.all() if r.stage_id == stage.pk]
        taken = {r.reviewer_id for r in existing}
        active = sum(1 for r in existing if r.state != Review.State.CONFLICT)
        organisations = {proposal.lead_organisation_id, *(p.pk for p in proposal.partners.all())}
        candidates = [
            reviewer for reviewer in pool
            if reviewer.pk not in taken and not (ties.get(reviewer.pk, set()) & organisations)
        ]  # fmt: skip
        candidates.sort(key=lambda reviewer: (load[reviewer.pk], reviewer.pk))
        for reviewer in candidates[: max(0, per_proposal - active)]:
            Review.objects.create(
                proposal=proposal, stage=stage, reviewer=reviewer, assigned_by=actor
            )
            load[reviewer.pk] += 1
            new.setdefault(reviewer, []).append(proposal)
            log_activity(
                actor=actor,
                verb="review.assigned",
                target=proposal,
                message=str(reviewer),
                data={"automatic": True},
            )
    for reviewer, assigned in new.items():
        _notify_assigned(reviewer, assigned, actor)
    return sum(len(assigned) for assigned in new.values())


# --- Ties and criteria --------------------------------------------------------------------
@transaction.atomic
def add_tie(*, reviewer, organisation, actor) -> ReviewerTie:
    """A tie takes the reviewer off that organisation's proposals they have not reviewed yet."""
    tie, created = ReviewerTie.objects.get_or_create(reviewer=reviewer, organisation=organisation)
    if created:
        log_activity(actor=actor, verb="review.tie_added", target=organisation)
        open_reviews = Review.objects.filter(reviewer=reviewer, state=Review.State.ASSIGNED).filter(
            Q(proposal__lead_organisation=organisation) | Q(proposal__partners=organisation)
        )
        for review in open_reviews.select_related("proposal").distinct():
            log_activity(
                actor=actor,
                verb="review.unassigned",
                target=review.proposal,
                message=str(reviewer),
                data={"tie": organisation.pk},
            )
            review.delete()
    return tie


@transaction.atomic
def remove_tie(*, tie, actor) -> None:
    log_activity(actor=actor, verb="review.tie_removed", target=tie.organisation)
    tie.delete()


@transaction.atomic
def save_criteria(*, stage, formset, actor) -> None:
    """Save the criteria formset; a criterion that already has scores cannot be deleted."""
    instances = formset.save(commit=False)
    for criterion in formset.deleted_objects:
        if Score.objects.filter(criterion=criterion).exists():
            raise ProposalError(
                _("“%(name)s” already has scores from reviewers; it cannot be deleted.")
                % {"name": criterion.name}
            )
        criterion.delete()
    for criterion in instances:
        criterion.stage = stage
        criterion.save()
    log_activity(actor=actor, verb="call.criteria_changed", target=stage.call, message=stage.name)


# --- Reviewing -----------------------------------------------------------------------------
@transaction.atomic
def declare_conflict(*, review, has_conflict: bool, reason: str = "", actor) -> Review:
    """Before reading a proposal the reviewer says whether they have a conflict of interest.

    A conflict removes them from the proposal (the row stays on record) and staff's automatic
    assignment finds a replacement at once.
    """
    review = Review.objects.select_for_update().select_related("proposal").get(pk=review.pk)
    if review.reviewer_id != actor.pk:
        raise ProposalError(_("Only the reviewer can declare this."))
    if review.state == Review.State.SUBMITTED:
        raise ProposalError(_("This review is done."))
    if not has_conflict:
        review.no_conflict_declared = True
        review.save(update_fields=["no_conflict_declared"])
        return review
    review.state = Review.State.CONFLICT
    review.conflict_reason = reason
    review.save(update_fields=["state", "conflict_reason"])
    log_activity(actor=actor, verb="review.conflict", target=review.proposal, message=reason)
    proposal = review.proposal
    # No other reviewer left: staff see the gap on the call dashboard.
    with contextlib.suppress(ProposalError):
        auto_assign(
            call=proposal.call,
            stage=review.stage,
            actor=None,
            proposals=Proposal.objects.filter(pk=proposal.pk),
        )
    return review


@transaction.atomic
def save_review(
    *, review, scores: dict, recommendation: str, comment: str, submit: bool, actor
) -> Review:
    """Save scores (criterion id → 1..5); on submit every criterion and a recommendation."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.reviewer_id != actor.pk:
        raise ProposalError(_("Only the reviewer can change this review."))
    if review.state != Review.State.ASSIGNED or not review.no_conflict_declared:
        raise ProposalError(_("You cannot change this review."))
    criteria = {criterion.pk: criterion for criterion in review.stage.criteria.all()}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            raise ProposalError(_("Unknown criterion."))
        if value is None:
            Score.objects.filter(review=review, criterion_id=criterion_id).delete()
            continue
        if not 1 <= int(value) <= 5:
            raise ProposalError(_("A score is a number from 1 to 5."))
        Score.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": int(value)}
        )
    review.recommendation = recommendation or ""
    review.comment = comment
    if submit:
        scored = set(review.scores.values_list("criterion_id", flat=True))
        missing = [c.name for pk, c in criteria.items() if pk not in scored]
        if missing:
            raise ProposalError(_("Give a score for: %(criteria)s.") % {
                "criteria": ", ".join(missing)
            })  # fmt: skip
        if not review.recommendation:
            raise ProposalError(_("Choose a recommendation: yes, maybe or no."))
        review.state = Review.State.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        log_activity(actor=actor, verb="review.submitted", target=review.proposal)
    return review


def next_for_reviewer(reviewer, *, after=None):
    """The reviewer's open assignment on the proposal with the fewest finished reviews."""
    finished_here = Q(
        proposal__reviews__state=Review.State.SUBMITTED, proposal__reviews__stage=F("stage")
    )
    open_reviews = (
        Review.objects.filter(reviewer=reviewer, state=Review.State.ASSIGNED)
        .exclude(pk=getattr(after, "pk", None))
        .annotate(done=Count("proposal__reviews", filter=finished_here))
        .order_by("done", "assigned_at", "pk")
    )
    return open_reviews.first()


def score_summary(reviews, criteria=None) -> dict:
    """Weighted mean, median, spread and recommendation counts of the submitted reviews.

    Without `criteria`, weights come from each score's criterion (select_related).
    """
    if criteria is not None:
        weights = {criterion.pk: float(criterion.weight) for criterion in criteria}
    else:
        weights = {
            score.criterion_id: float(score.criterion.weight)
            for review in reviews for score in review.scores.all()
        }  # fmt: skip
    per_review = []
    counts = Counter()
    for review in reviews:
        if review.state != Review.State.SUBMITTED:
            continue
        counts[review.recommendation] += 1
        scores = [(weights.get(s.criterion_id, 1.0), s.value) for s in review.scores.all()]
        total_weight = sum(weight for weight, _value in scores)
        if total_weight:
            per_review.append(sum(weight * value for weight, value in scores) / total_weight)
    return {
        "count": len(per_review),
        "mean": round(statistics.fmean(per_review), 2) if per_review else None,
        "median": round(statistics.median(per_review), 2) if per_review else None,
        "spread": round(max(per_review) - min(per_review), 2) if per_review else None,
        "yes": counts["yes"], "maybe": counts["maybe"], "no": counts["no"],
    }  # fmt: skip


# --- Staff notes, messages, flags ----------------------------------------------------------
@transaction.atomic
def add_note(*, proposal, text, actor) -> InternalNote:
    note = InternalNote.objects.create(proposal=proposal, text=text, author=actor)
    log_activity(actor=actor, verb="proposal.note_added", target=proposal)
    return note


@transaction.atomic
def send_message(*, proposal, subject, text, actor) -> int:
    """A message from the fund to the applicants: shown in Berichten and emailed."""
    people = list(proposal.people.all())
    for person in people:
        mail.compose(
            template="proposals/mail/staff_message",
            context={"proposal": proposal, "subject": subject, "text": text},
            recipient=person, related=proposal, created_by=actor,
        )  # fmt: skip
    log_activity(actor=actor, verb="proposal.message_sent", target=proposal, message=subject)
    return len(people)


@transaction.atomic
def set_flag(*, proposal, flagged: bool, actor) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(flagged=flagged)
    log_activity(
        actor=actor, verb="proposal.flagged" if flagged else "proposal.unflagged", target=proposal
    )


# --- Decisions -----------------------------------------------------------------------------
def allowed_decisions(proposal) -> list[str]:
    stage = proposal.stage
    # call.stages.all() uses the prefetched stages of the staff page.
    has_next_stage = any(other.order > stage.order for other in proposal.call.stages.all())
    if proposal.state == State.SUBMITTED:
        return [Decision.INVITE, Decision.DECLINE] if has_next_stage else [
            Decision.SELECT, Decision.DECLINE]  # fmt: skip
    if proposal.state == State.FULL_PLAN_SUBMITTED:
        return [Decision.SELECT, Decision.DECLINE]
    return []


@transaction.atomic
def set_pending_decision(
    *, proposals, decision: str, actor, reason: str | None = None, note: str | None = None
) -> int:
    """Mark a decision on one or many proposals; nothing changes for applicants yet."""
    count = 0
    for proposal in proposals.select_related("stage", "call").select_for_update(of=("self",)):
        if decision and decision not in allowed_decisions(proposal):
            raise ProposalError(
                _("“%(decision)s” is not possible for %(proposal)s now.")
                % {"decision": Decision(decision).label, "proposal": proposal}
            )
        proposal.pending_decision = decision
        if reason is not None:  # None leaves it as it is; "" empties it
            proposal.decision_reason = reason
        if note is not None:
            proposal.decision_note = note
        proposal.save(update_fields=["pending_decision", "decision_reason", "decision_note"])
        log_activity(
            actor=actor,
            verb="proposal.decision_pending",
            target=proposal,
            data={"decision": decision},
        )
        count += 1
    return count


def decisions_by_threshold(*, call, stage, threshold, at_or_above: str, below: str, actor) -> int:
    """Pending decisions from the weighted mean score: at or above the threshold, and below."""
    from proposals.queries import with_review_summary

    proposals = with_review_summary(reviewable(call, stage))
    above_ids = [p.pk for p in proposals if p.weighted_mean is not None
                 and p.weighted_mean >= threshold]  # fmt: skip
    below_ids = [p.pk for p in proposals if p.weighted_mean is not None
                 and p.weighted_mean < threshold]  # fmt: skip
    count = 0
    if at_or_above:
        count += set_pending_decision(
            proposals=Proposal.objects.filter(pk__in=above_ids), decision=at_or_above, actor=actor
        )
    if below:
        count += set_pending_decision(
            proposals=Proposal.objects.filter(pk__in=below_ids), decision=below, actor=actor
        )
    return count


DEFAULT_TEMPLATES = {
    Decision.INVITE: "proposals/mail/decision_invite",
    Decision.SELECT: "proposals/mail/decision_select",
    Decision.DECLINE: "proposals/mail/decision_decline",
}


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _decision_mail(proposal, person, decision, actor):
    template = DecisionTemplate.objects.filter(call=proposal.call, decision=decision).first()
    deadline = proposal.stage.deadline
    values = _Blank(
        name=person.name, title=proposal.title, reference=proposal.reference or "",
        call=proposal.call.title, note=proposal.decision_note,
        next_deadline=format_moment(deadline) if deadline else "",
    )  # fmt: skip
    if template is None:
        return mail.compose(
            template=DEFAULT_TEMPLATES[decision], context={"proposal": proposal, **values},
            recipient=person, related=proposal, created_by=actor, draft=True,
        )  # fmt: skip
    return mail.store(
        recipient=person, to_email=person.email, subject=template.subject.format_map(values),
        body_text=template.body.format_map(values), language=person.language,
        kind=f"proposals/decision/{decision}", related=proposal, created_by=actor, draft=True,
    )  # fmt: skip


@transaction.atomic
def apply_decisions(*, call, actor) -> int:
    """Change every pending decision of the call into a state, with a draft mail per person.

    The mails stay drafts in the outbox: staff read and edit them, then send them.
    """
    from proposals.services import move_to_next_stage

    proposals = (
        Proposal.objects.filter(call=call).exclude(pending_decision="")
        .select_related("call", "stage").select_for_update(of=("self",))
    )  # fmt: skip
    count = 0
    for proposal in proposals:
        decision = proposal.pending_decision
        set_state(
            proposal=proposal,
            to=Proposal.DECISION_STATES[decision],
            actor=actor,
            message=proposal.decision_reason,
        )
        if decision == Decision.INVITE:
            move_to_next_stage(proposal)
        proposal.pending_decision = ""
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["pending_decision", "decided_at"])
        for person in proposal.people.all():
            _decision_mail(proposal, person, decision, actor)
        count += 1
    return count


# --- Writing help --------------------------------------------------------------------------
@transaction.atomic
def assign_helper(*, proposal, helper, actor) -> HelpAssignment:
    if proposal.state != State.INVITED:
        raise ProposalError(_("Help is for proposals that write their full plan."))
    if not helper.groups.filter(name__in=[Role.HELPER, Role.SUPPORT]).exists():
        raise ProposalError(_("This person is not a writing helper."))
    assignment, created = HelpAssignment.objects.get_or_create(
        proposal=proposal, helper=helper, ended_at=None, defaults={"assigned_by": actor}
    )
    if created:
        log_activity(actor=actor, verb="help.assigned", target=proposal, message=str(helper))
        mail.compose(
            template="proposals/mail/help_assigned",
            context={"proposal": proposal},
            recipient=helper,
            related=proposal,
            created_by=actor,
        )
    return assignment


@transaction.atomic
def add_help_comment(*, proposal, question_key, text, actor) -> HelpComment:
    if not HelpAssignment.objects.filter(
        proposal=proposal, helper=actor, ended_at__isnull=True
    ).exists():
        raise ProposalError(_("You do not help with this proposal (any more)."))
    comment = HelpComment.objects.create(
        proposal=proposal, question_key=question_key, text=text, author=actor
    )
    log_activity(actor=actor, verb="help.commented", target=proposal, message=question_key)
    return comment


@transaction.atomic
def resolve_help_comment(*, comment, actor) -> HelpComment:
    comment = HelpComment.objects.select_for_update().get(pk=comment.pk)
    if comment.resolved_at is not None:
        return comment  # a second click changes nothing
    comment.resolved_at = timezone.now()
    comment.resolved_by = actor
    comment.save(update_fields=["resolved_at", "resolved_by"])
    log_activity(actor=actor, verb="help.comment_resolved", target=comment.proposal)
    return comment
