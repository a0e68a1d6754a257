from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Q

from reflections.models import Reflection


def reflections_readable_by(user, coalition):
    """The reflections of one coalition this person may read, in one query (no per-row check)."""
    from coalitions.rules import is_member_of_coalition, is_support_of_coalition
    from portal.rules import is_fund_staff

    reflections = Reflection.objects.filter(coalition=coalition).select_related("author")
    if is_member_of_coalition(user, coalition):
        return reflections
    visible = Q(visibility="public", is_draft=False)
    if user.is_authenticated:
        visible |= Q(author=user)
    if is_fund_staff(user):
        visible |= Q(visibility="fund", is_draft=False)
    if is_support_of_coalition(user, coalition):
        visible |= Q(visibility__in=["fund", "public"])  # drafts too: they write them together
    return reflections.filter(visible)


LESSON_TEXT_FIELDS = ("flow", "friction", "learned", "next_steps", "other_factors")


def filter_lessons(lessons, *, theme="", element=None, search=""):
    """Lessons with the theme, with a rating (1–5, not "not applicable") of the element, and
    matching the search words (PostgreSQL full-text search, Dutch: title first, then the text;
    best match first). Still one query for the lessons."""
    if theme:
        lessons = lessons.filter(themes__name=theme)
    if element is not None:
        lessons = lessons.filter(ratings__element=element, ratings__score__isnull=False)
    if search:
        vector = SearchVector("title", weight="A", config="dutch") + SearchVector(
            *LESSON_TEXT_FIELDS, weight="B", config="dutch"
        )
        query = SearchQuery(search, config="dutch", search_type="websearch")
        lessons = (
            lessons.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-date", "-id")
        )
    return lessons.distinct() if theme or element is not None else lessons


def public_lessons():
    return (
        Reflection.objects.filter(visibility="public", is_draft=False)
        .select_related("coalition")
        .prefetch_related("themes")
        .order_by("-date", "-id")
    )
