"""The coalition workspace's timeline: the coalition's own dates, and what other apps add.

Reflections add pitstops and reflection reports due, events add events (portal.registry)."""

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.registry import TimelineItem, register_section, register_timeline, timeline


def coalition_dates(request, coalition):
    if coalition.starts_on:
        yield TimelineItem(coalition.starts_on, _("Start"), _("The experiment starts"))
    if coalition.ends_on:
        yield TimelineItem(coalition.ends_on, _("End"), _("The experiment ends"))
    for tranche in coalition.tranches.all():
        amount = number_format(tranche.amount, decimal_pos=2, force_grouping=True)
        yield TimelineItem(
            tranche.paid_on or tranche.planned_on,
            _("Payment"),
            _("Payment of € %(amount)s") % {"amount": amount},
            done=tranche.paid_on is not None,
        )


register_timeline("coalition", coalition_dates)


def timeline_section(request, coalition):
    today = timezone.localdate()
    items = timeline("coalition", request, coalition)
    return {
        "coming": [item for item in items if item.day >= today],
        "earlier": [item for item in items if item.day < today],
    }


register_section(
    "coalition_workspace", order=0, template="coalitions/_timeline.html", context=timeline_section
)
