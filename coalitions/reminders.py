"""Reminders for coalitions: a progress report before each planned payment.

Before a planned payment tranche the fund asks for a short progress (payment) report. The
coalition's contact persons and core group are reminded on the default days (14, 7 and 1 days
before, and on the day itself) at 09:00 Europe/Amsterdam, until the tranche is paid.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition, CoalitionMember, PaymentTranche
from portal import reminders

DAYS = reminders.DEFAULT_DAYS
REPORTING_ROLES = [CoalitionMember.Role.CORE, CoalitionMember.Role.CONTACT]


def payment_report_due(since, until):
    first, last = reminders.date_range(since, until)
    reporters = CoalitionMember.objects.filter(
        role__in=REPORTING_ROLES, user__is_active=True
    ).select_related("user")
    tranches = (
        PaymentTranche.objects.filter(
            paid_on__isnull=True, planned_on__gte=first, planned_on__lte=last
        )
        .exclude(coalition__status=Coalition.Status.FINISHED)
        .select_related("coalition")
        .prefetch_related(Prefetch("coalition__members", queryset=reporters.order_by("pk")))
        .order_by("planned_on", "pk")
    )
    for tranche in tranches:
        for moment in reminders.due_moments(tranche.planned_on, since, until, DAYS):
            context = {
                "tranche": tranche,
                "coalition": tranche.coalition,
                "deadline": tranche.planned_on,
                "days_left": reminders.days_left(moment, tranche.planned_on),
            }
            for member in tranche.coalition.members.all():
                yield reminders.Due(
                    target=tranche, recipient=member.user, moment=moment, context=context
                )


reminders.register(
    reminders.ReminderRule(
        name="coalitions.payment_report",
        template="coalitions/mail/reminder_payment_report",
        label=_("Progress report before a payment"),
        description=_(
            "A payment is planned: contact persons and the core group send a progress report."
        ),
        find_due=payment_report_due,
        essential=True,  # the coalition's own grant: it is paid after the report
    )
)
