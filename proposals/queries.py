"""Querysets of proposals with their joins."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast

from calls.models import Question, Section
from proposals.models import Proposal


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


def proposal_for_page(pk):
    return (
        Proposal.objects.select_related("call", "stage", "lead_organisation", "call__programme")
        .prefetch_related("partners", "people")
        .get(pk=pk)
    )
