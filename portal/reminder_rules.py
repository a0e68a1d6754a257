"""The core's own reminder: people who signed up but never confirmed their email address."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from portal import reminders

VERIFY_AFTER = timedelta(days=2)


def unverified_email_due(since, until):
    addresses = EmailAddress.objects.filter(
        verified=False,
        primary=True,
        user__is_active=True,
        user__date_joined__gt=since - VERIFY_AFTER,
        user__date_joined__lte=until - VERIFY_AFTER,
    ).select_related("user")
    for address in addresses:
        yield reminders.Due(
            target=address.user,
            recipient=address.user,
            moment=address.user.date_joined + VERIFY_AFTER,
        )


reminders.register(
    reminders.ReminderRule(
        name="portal.verify_email",
        template="portal/mail/verify_email_reminder",
        label=_("Confirm your email address"),
        description=_("Sign-up not confirmed two days after signing up."),
        find_due=unverified_email_due,
        essential=True,  # account mail
    )
)
