"""Querysets of proposals with their joins."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast

from calls.models import Question, Section
from proposals.models import Proposal, Review


def reviews_in_a_programme_asking_two_steps(user) -> bool:
    """Does this reviewer review in a programme that asks reviewers for a second factor?"""
    return Review.objects.filter(
        reviewer=user, proposal__call__programme__second_factor_for_reviewers_and_support=True
    ).exists()


def proposals_of(user):
    """The proposals a person works on: theirs, or their lead organisation's."""
    return (
        Proposal.objects.filter(Q(people=user) | Q(lead_organisation__memberships__user=user))
        .distinct()
        .select_related("call", "stage", "lead_organisation")
        .order_by("-created_at")
    )


def with_message_counts(proposals, user):
    """Annotate how many messages the portal sent this user about each proposal (one query)."""
    from portal.models import OutboxMessage

    messages = (
        OutboxMessage.objects.filter(
            recipient=user,
            related_type=ContentType.objects.get_for_model(Proposal),
            related_id=Cast(OuterRef("pk"), CharField()),
        )
        .exclude(state=OutboxMessage.State.DRAFT)
        .order_by()
        .values("related_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return proposals.annotate(message_count=Subquery(messages))


def sections_with_questions(stage):
    questions = Question.objects.select_related("condition_question").order_by("order", "id")
    return list(
        Section.objects.filter(stage=stage)
        .order_by("order", "id")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def sections_up_to(stage):
    """The sections (with questions) of every stage of the call up to this one, in order."""
    questions = Question.objects.select_related("condition_question").order_by("order", "id")
    return list(
        Section.objects.filter(stage__call_id=stage.call_id, stage__order__lte=stage.order)
        .select_related("stage")
        .order_by("stage__order", "order", "id")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def proposal_for_staff(pk):
    return (
        Proposal.objects.select_related("call", "stage", "lead_organisation", "call__programme")
        .prefetch_related("partners", "call__stages")
        .get(pk=pk)
    )


def proposal_for_page(pk):
    return (
        Proposal.objects.select_related("call", "stage", "lead_organisation", "call__programme")
        .prefetch_related("partners", "people")
        .get(pk=pk)
    )


def with_review_summary(proposals):
    """Annotate review counts, recommendations and the weighted mean score.

    weighted_mean = Σ(weight × score) / Σ(weight) over the scores of finished reviews, of the
    stage the proposal is in now. Correlated subqueries, not a join with GROUP BY: a page of 25
    rows computes 25 summaries, not one per proposal of the call (10,000 in `make bench`).
    """
    from django.db.models import IntegerField
    from django.db.models.functions import Coalesce

    from proposals.models import Review, Score

    reviews = Review.objects.filter(proposal=OuterRef("pk"), stage=OuterRef("stage")).order_by()
    done = reviews.filter(state=Review.State.SUBMITTED)

    def count(queryset):
        counted = queryset.values("proposal").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    scores = (
        Score.objects.filter(
            review__proposal=OuterRef("pk"),
            review__stage=OuterRef("stage"),
            review__state=Review.State.SUBMITTED,
        )
        .order_by()
        .values("review__proposal")
        .annotate(
            mean=ExpressionWrapper(
                Sum(F("value") * F("criterion__weight")) / Sum("criterion__weight"),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            )
        )
        .values("mean")
    )
    return proposals.annotate(
        reviews_assigned=count(reviews.exclude(state=Review.State.CONFLICT)),
        reviews_done=count(done),
        recommended_yes=count(done.filter(recommendation="yes")),
        recommended_maybe=count(done.filter(recommendation="maybe")),
        recommended_no=count(done.filter(recommendation="no")),
        weighted_mean=Subquery(scores, output_field=DecimalField(max_digits=6, decimal_places=2)),
    )


# --- Fund staff: the proposal list, its export and the call dashboard ------------------------
HELP_QUESTION_KEY = "hulp-gewenst"


def help_asked():
    """True when the proposal answered "yes" to the question with key `hulp-gewenst`."""
    from django.db.models import Exists

    from proposals.models import Answer

    return Exists(
        Answer.objects.filter(proposal=OuterRef("pk"), question_key=HELP_QUESTION_KEY, value="yes")
    )


def staff_proposal_list(call):
    """A call's proposals for the staff list: joins, review summary, help asked (one query)."""
    proposals = (
        Proposal.objects.filter(call=call)
        .select_related("stage", "lead_organisation")
        .defer("search_vector", "decision_reason", "decision_note")
    )
    return with_review_summary(proposals).annotate(help_asked=help_asked())


def call_dashboard_counts(call) -> dict:
    """The call dashboard's numbers, in a fixed number of aggregate queries (six)."""
    from proposals.models import Review

    proposals = Proposal.objects.filter(call=call).order_by()

    def grouped(field, limit=None):
        rows = proposals.values(field).annotate(n=Count("pk")).order_by("-n", field)
        return list(rows[:limit] if limit else rows)

    totals = proposals.aggregate(
        total=Count("pk"),
        help_asked=Count("pk", filter=help_asked()),
        flagged=Count("pk", filter=Q(flagged=True)),
        pending_decision=Count("pk", filter=~Q(pending_decision="")),
    )
    reviews = (
        Review.objects.filter(proposal__call=call)
        .order_by()
        .values("stage")
        .annotate(
            assigned=Count("pk", filter=~Q(state=Review.State.CONFLICT)),
            done=Count("pk", filter=Q(state=Review.State.SUBMITTED)),
            conflicts=Count("pk", filter=Q(state=Review.State.CONFLICT)),
        )
    )
    return {
        "totals": totals,
        "per_state": grouped("state"),
        "per_stage": grouped("stage"),
        "per_kind": grouped("lead_organisation__kind"),
        "per_municipality": grouped("lead_organisation__municipality", limit=15),
        "reviews_per_stage": list(reviews),
    }
