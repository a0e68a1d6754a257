"""The learning dashboard: element ratings over time, themes, other factors and quotes.

A fixed number of queries whatever the number of coalitions and reflections: each part is one
query over the reflections the person may see (staff: all but coalition-only; support team:
those of their coalitions).
"""

from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

from django.db.models import Count, Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from coalitions.models import Coalition
from portal.rules import is_fund_staff
from reflections.charts import line_chart
from reflections.models import Element, ElementRating, Reflection, Theme


@dataclass
class Filters:
    coalition: int | None = None
    start: object = None
    end: object = None
    kind: str = ""
    element: int | None = None
    theme: str = ""
    programme: int | None = None


def coalitions_for(user):
    """Staff (and the command line, user None) see every coalition; support their own."""
    coalitions = Coalition.objects.order_by("municipality", "name")
    if user is None or is_fund_staff(user):
        return coalitions
    return coalitions.filter(support_team=user)


def visible_reflections(user, filters: Filters):
    reflections = Reflection.objects.filter(
        coalition__in=coalitions_for(user),
        is_draft=False,
        visibility__in=[Reflection.Visibility.FUND, Reflection.Visibility.PUBLIC],
    )
    if filters.programme:
        reflections = reflections.filter(coalition__programme_id=filters.programme)
    if filters.coalition:
        reflections = reflections.filter(coalition_id=filters.coalition)
    if filters.start:
        reflections = reflections.filter(date__gte=filters.start)
    if filters.end:
        reflections = reflections.filter(date__lte=filters.end)
    if filters.kind:
        reflections = reflections.filter(kind=filters.kind)
    if filters.theme:
        reflections = reflections.filter(themes__name=filters.theme)
    return reflections


def dashboard(user, filters: Filters) -> dict:
    reflections = visible_reflections(user, filters)
    ratings = ElementRating.objects.filter(reflection__in=reflections, score__isnull=False)
    if filters.element:
        ratings = ratings.filter(element_id=filters.element)
    per_element = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    names = {}
    for element_id, element, coalition, day, score in ratings.values_list(
        "element_id", "element__name", "reflection__coalition__name", "reflection__date", "score"
    ):
        names[element_id] = element
        per_element[element_id][coalition][day].append(score)
    charts = []
    for element_id in sorted(per_element):
        series = {
            coalition: [(day, fmean(scores)) for day, scores in days.items()]
            for coalition, days in per_element[element_id].items()
        }
        charts.append({
            "element": names[element_id],
            "svg": mark_safe(line_chart(  # noqa: S308  (built from escaped values)
                title=names[element_id],
                description=_("Scores from 1 to 5 over time, one line per coalition."),
                series=series, chart_id=f"element-{element_id}",
            )),
        })  # fmt: skip
    themes = (
        Theme.objects.annotate(count=Count("reflections", filter=Q(reflections__in=reflections)))
        .filter(count__gt=0).order_by("-count", "name")
    )  # fmt: skip
    factors = (
        reflections.exclude(other_factors="").select_related("coalition")
        .order_by("-date")[:30]
    )  # fmt: skip
    quotes = reflections.exclude(learned="").select_related("coalition").order_by("-date")[:30]
    return {
        "charts": charts, "themes": list(themes), "factors": list(factors),
        "quotes": list(quotes), "coalitions": list(coalitions_for(user)),
        "elements": list(Element.objects.order_by("framework", "order")),
        "kinds": Reflection.Kind.choices,
    }  # fmt: skip
