from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from portal import mail


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mails call `current_site`: our name, and the domain of SITE_URL."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name="Samenspel", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, app=""):
        """A password typed at the login a few minutes ago counts as recent: the first staff
        login goes on to set up the code instead of asking the password a second time."""
        import time

        from allauth.account import app_settings
        from allauth.account.authentication import get_authentication_records
        from allauth.core import context as allauth_context

        request = allauth_context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            timeout = app_settings.REAUTHENTICATION_TIMEOUT
            if any(time.time() - record.get("at", 0) < timeout for record in records):
                return False
        return super().is_reauthentication_required(app=app)

    def send_mail(self, template_prefix, email, context):
        """Account mails (verification, codes, password reset) go through the outbox too."""
        from allauth.core import context as allauth_context

        context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": portal_site(),
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        mail.store(
            recipient=recipient,
            to_email=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            kind=template_prefix,
        )
