"""Reminders for coalitions: a pitstop coming up, and the pitstop report due after it.

Both remind on the default days (14, 7 and 1 days before, and on the day itself) at 09:00
Europe/Amsterdam. The report is due `timeline.REPORT_DUE_AFTER` (14 days) after the pitstop; its
reminders stop once a pitstop report that is not a draft is linked to the pitstop.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition, CoalitionMember
from portal import reminders
from reflections.models import Pitstop, Reflection
from reflections.timeline import REPORT_DUE_AFTER

DAYS = reminders.DEFAULT_DAYS


def _pitstops():
    members = CoalitionMember.objects.filter(user__is_active=True).select_related("user")
    return (
        Pitstop.objects.exclude(coalition__status=Coalition.Status.FINISHED)
        .select_related("coalition")
        .prefetch_related(Prefetch("coalition__members", queryset=members.order_by("pk")))
        .order_by("date", "pk")
    )


def pitstop_report_due(since, until):
    first, last = reminders.date_range(since, until)
    reported = Reflection.objects.filter(
        pitstop=OuterRef("pk"), kind=Reflection.Kind.PITSTOP_REPORT, is_draft=False
    )
    pitstops = (
        _pitstops()
        .filter(date__gte=first - REPORT_DUE_AFTER, date__lte=last - REPORT_DUE_AFTER)
        .exclude(Exists(reported))
    )
    for pitstop in pitstops:
        due = pitstop.date + REPORT_DUE_AFTER
        # Only after the pitstop: "14 days before the report is due" is the pitstop day itself.
        for moment in reminders.due_moments(due, since, until, DAYS, after=pitstop.date):
            context = {
                "pitstop": pitstop,
                "coalition": pitstop.coalition,
                "deadline": due,
                "days_left": reminders.days_left(moment, due),
            }
            for member in pitstop.coalition.members.all():
                yield reminders.Due(
                    target=pitstop, recipient=member.user, moment=moment, context=context
                )


def pitstop_coming_up(since, until):
    first, last = reminders.date_range(since, until)
    active = get_user_model().objects.filter(is_active=True).order_by("pk")
    facilitators = Prefetch("facilitators", queryset=active)
    pitstops = _pitstops().filter(date__gte=first, date__lte=last).prefetch_related(facilitators)
    for pitstop in pitstops:
        people = {member.user.pk: member.user for member in pitstop.coalition.members.all()}
        for facilitator in pitstop.facilitators.all():
            people.setdefault(facilitator.pk, facilitator)
        for moment in reminders.due_moments(pitstop.date, since, until, DAYS):
            context = {
                "pitstop": pitstop,
                "coalition": pitstop.coalition,
                "deadline": pitstop.date,
                "days_left": reminders.days_left(moment, pitstop.date),
            }
            for person in people.values():
                yield reminders.Due(
                    target=pitstop, recipient=person, moment=moment, context=context
                )


reminders.register(
    reminders.ReminderRule(
        name="reflections.pitstop_report_due",
        template="reflections/mail/reminder_pitstop_report",
        label=_("Pitstop reports to write"),
        description=_("The report of a pitstop is due 14 days after it, until it is shared."),
        find_due=pitstop_report_due,
        essential=False,
    )
)
reminders.register(
    reminders.ReminderRule(
        name="reflections.pitstop_coming_up",
        template="reflections/mail/reminder_pitstop_coming_up",
        label=_("Pitstops coming up"),
        description=_("A pitstop of your coalition is coming up (members and facilitators)."),
        find_due=pitstop_coming_up,
        essential=False,
    )
)
