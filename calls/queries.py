"""Reusable querysets of calls, with what each page needs fetched in a fixed number of queries."""

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q
from django.utils import timezone

from calls.models import Call, QuickCheckQuestion, Stage

PAST_STATUSES = (Call.Status.CLOSED, Call.Status.ARCHIVED)


def open_calls():
    return Call.objects.filter(status=Call.Status.PUBLISHED).select_related("programme")


def _with_deadlines(queryset, now=None):
    """Adds next_deadline (first stage deadline still to come) and last_deadline (the latest)."""
    now = now or timezone.now()
    return queryset.annotate(
        next_deadline=Min("stages__deadline", filter=Q(stages__deadline__gt=now)),
        last_deadline=Max("stages__deadline"),
    )


def open_calls_for_list(now=None):
    """Published calls, the one whose next deadline comes first on top. One query."""
    return _with_deadlines(open_calls(), now).order_by("next_deadline", "title")


def past_calls(now=None):
    """Closed and archived calls, the most recent first. One query."""
    return _with_deadlines(
        Call.objects.filter(status__in=PAST_STATUSES).select_related("programme"), now
    ).order_by("-last_deadline", "-created_at")


def call_page_queryset():
    """Everything the public call page shows: four queries whatever the size of the call.

    has_quick_check is an EXISTS annotation, so the page needs no query for the questions.
    """
    return (
        Call.objects.select_related("programme", "programme__fund")
        .annotate(has_quick_check=Exists(QuickCheckQuestion.objects.filter(call=OuterRef("pk"))))
        .prefetch_related(
            "milestones",
            "eligibility_rules",
            Prefetch("stages", queryset=Stage.objects.order_by("order")),
        )
    )


def call_for_public_page(slug):
    """The call with this slug (any status; the view decides who may see it), or None."""
    return call_page_queryset().filter(slug=slug).first()


def call_for_quick_check(slug):
    """The call with its quick-check questions and stages (for the start link), or None."""
    return (
        Call.objects.select_related("programme")
        .prefetch_related(
            "quick_check", Prefetch("stages", queryset=Stage.objects.order_by("order"))
        )
        .filter(slug=slug)
        .first()
    )
