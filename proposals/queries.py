"""Querysets of proposals with their joins."""

from django.db.models import Prefetch, Q

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
