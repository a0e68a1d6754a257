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


def public_lessons():
    return (
        Reflection.objects.filter(visibility="public", is_draft=False)
        .select_related("coalition")
        .prefetch_related("themes")
        .order_by("-date", "-id")
    )
