"""The events' parts of other pages: a coalition's coming events and its events on the
workspace timeline, the events its members attended in the coalition dossier, and the "Reports
(PDF)" box on the staff event page (place "event_staff", context(request, event))."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Registration
from events.queries import attended_by_members, events_of_coalition, visible_events, with_counts
from portal.registry import TimelineItem, register_section, register_timeline
from portal.reports import reports_for


def workspace_section(request, coalition):
    """The coalition's coming events this person may open, with their own registration."""
    events = with_counts(
        events_of_coalition(coalition)
        .filter(ends_at__gte=timezone.now())
        .filter(pk__in=visible_events(request.user).values("pk"))
    ).order_by("starts_at", "id")[:10]
    events = list(events)
    mine = {}
    if request.user.is_authenticated and events:
        mine = {
            r.event_id: r
            for r in Registration.objects.filter(
                user=request.user, event__in=events, state__in=Registration.ACTIVE
            )
        }
    return {"coalition": coalition, "events": [(event, mine.get(event.pk)) for event in events]}


register_section(
    "coalition_workspace",
    order=20,
    template="events/_workspace.html",
    context=workspace_section,
)


def coalition_timeline(request, coalition):
    """Every published event of the coalition the person may open, past ones as done."""
    now = timezone.now()
    events = events_of_coalition(coalition).filter(pk__in=visible_events(request.user).values("pk"))
    for event in events.order_by("starts_at"):
        yield TimelineItem(
            when=event.starts_at,
            kind=event.get_kind_display(),
            title=event.title,
            url=reverse("events:detail", args=[event.slug]),
            done=event.ends_at < now,
        )


register_timeline("coalition", coalition_timeline)


def dossier_section(request, coalition, maker):
    """The events the coalition's members attended (place "coalition_dossier")."""
    return {
        "toc": _("Events"),
        "anchor": "events",
        "registrations": list(attended_by_members(coalition)),
    }


register_section(
    "coalition_dossier",
    order=30,
    template="events/pdf/_dossier_events.html",
    context=dossier_section,
)


def staff_reports_section(request, event):
    """The event's reports; the presence list has its own button on the page already."""
    return {
        "reports": [
            item for item in reports_for("event", request.user, event)
            if item["report"].kind != "presence"
        ]
    }  # fmt: skip


register_section(
    "event_staff",
    order=90,
    template="portal/_reports_section.html",
    context=staff_reports_section,
)
