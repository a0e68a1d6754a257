"""Pitstops and the pitstop reports due after them, on the coalition's timeline."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import TimelineItem, register_timeline
from reflections.models import Reflection

# A pitstop report is due two weeks after the pitstop (the reminder rule uses the same).
REPORT_DUE_AFTER = timedelta(days=14)


def pitstops(request, coalition):
    can_write = request.user.has_perm("reflections.add_reflection", coalition)
    reports = Count(
        "reflections",
        filter=Q(reflections__kind=Reflection.Kind.PITSTOP_REPORT, reflections__is_draft=False),
    )
    for pitstop in coalition.pitstops.annotate(reports=reports):
        title = f"{pitstop.title}, {pitstop.place}" if pitstop.place else pitstop.title
        yield TimelineItem(pitstop.date, _("Pitstop"), title)
        write = reverse("reflections:create", args=[coalition.slug]) + f"?pitstop={pitstop.pk}"
        yield TimelineItem(
            pitstop.date + REPORT_DUE_AFTER,
            _("Reflection report"),
            _("Report of %(pitstop)s due") % {"pitstop": pitstop.title},
            url=write if can_write and not pitstop.reports else "",
            done=pitstop.reports > 0,
        )


register_timeline("coalition", pitstops)
