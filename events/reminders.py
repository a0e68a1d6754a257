"""Reminders of the events app, both mail people can switch off:

- an event you registered for is coming up (7 days and 1 day before, at 09:00 Europe/Amsterdam).
  Only for people who still have a place, and only moments after they registered: who registers
  three days before gets just the reminder of the day before;
- the follow-up date of a knowledge-agenda item you own (7 days and 1 day before, 09:00).
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events import ical
from events.models import AgendaItem, Event, Registration
from portal import reminders

DAYS = (7, 1)


def event_coming_up(since, until):
    low, high = reminders.deadline_range(since, until, max_days=max(DAYS))
    registered = Registration.objects.filter(
        state=Registration.State.REGISTERED, user__is_active=True
    ).select_related("user")
    events = (
        Event.objects.filter(is_published=True, starts_at__gt=low, starts_at__lte=high)
        .prefetch_related(Prefetch("registrations", queryset=registered.order_by("pk")))
        .order_by("starts_at", "pk")
    )
    for event in events:
        for registration in event.registrations.all():
            moments = reminders.due_moments(
                event.starts_at, since, until, DAYS, after=registration.created_at
            )
            for moment in moments:
                yield reminders.Due(
                    target=event,
                    recipient=registration.user,
                    moment=moment,
                    context={
                        "event": event,
                        "event_url": ical.event_url(event),
                        "days_left": reminders.days_left(moment, event.starts_at),
                    },
                )


reminders.register(
    reminders.ReminderRule(
        name="events.coming_up",
        template="events/mail/reminder_coming_up",
        label=_("Events you registered for"),
        description=_("An event you registered for starts in a week, and again the day before."),
        find_due=event_coming_up,
        essential=False,
    )
)


# --- Knowledge agenda: the follow-up date --------------------------------------------------
# An item is not tied to one event or call, so the per-call/per-event offsets do not apply: the
# owner hears 7 days and 1 day before the follow-up date, at 09:00 Europe/Amsterdam.
AGENDA_DAYS = (7, 1)


def agenda_follow_up(since, until):
    """Owners (with an account) of open or in-progress items. Done or dropped items are moot;
    a moved date gives new moments. Moments before the item was made are skipped."""
    first, last = reminders.date_range(since, until, max_days=max(AGENDA_DAYS))
    items = (
        AgendaItem.objects.filter(
            status__in=AgendaItem.ACTIVE,
            owner__isnull=False,
            owner__is_active=True,
            follow_up_on__gte=first,
            follow_up_on__lte=last,
        )
        .select_related("owner", "programme")
        .order_by("follow_up_on", "pk")
    )
    agenda_url = ical.site_url(reverse("events:agenda"))
    for item in items:
        moments = reminders.due_moments(
            item.follow_up_on, since, until, AGENDA_DAYS, after=item.created_at
        )
        for moment in moments:
            yield reminders.Due(
                target=item,
                recipient=item.owner,
                moment=moment,
                context={
                    "item": item,
                    "agenda_url": f"{agenda_url}?programme={item.programme_id}#punt-{item.pk}",
                    "days_left": reminders.days_left(moment, item.follow_up_on),
                },
            )


reminders.register(
    reminders.ReminderRule(
        name="events.agenda_follow_up",
        template="events/mail/reminder_agenda_follow_up",
        label=_("Knowledge agenda: follow-up dates"),
        description=_(
            "An item of the knowledge agenda you own has its follow-up date in a week, and "
            "again the day before."
        ),
        find_due=agenda_follow_up,
        essential=False,
    )
)
