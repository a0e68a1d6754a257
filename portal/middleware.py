from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.rules import is_fund_staff

# Paths a staff member may open before the second factor is passed in this session: the set-up
# and the code step themselves, logging out, static files, language switch and the health check.
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/static/",
    "/i18n/",
    "/healthz",
)


TWO_FACTOR_FIRST = gettext_noop(
    "You work for the fund, so you see private plans. Please set up login in two "
    "steps first. You need an authenticator app on your phone."
)


class RequireStaffTwoFactorMiddleware:
    """Fund staff and admins see unpublished plans and reviewers' opinions: every staff or
    admin request needs a session that passed the second factor (allauth's "mfa" record)
    and a TOTP device that still exists."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and (user.is_staff or is_fund_staff(user))
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if not _has_totp(user):
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    messages.info(request, _(TWO_FACTOR_FIRST))
                return redirect(reverse("mfa_activate_totp"))
            if not _session_passed_second_factor(request, user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _session_passed_second_factor(request, user) -> bool:
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def record_second_factor_on_set_up(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP proves the code works: the session counts as passed, so the first
    staff login does not ask for a code right after the set-up."""
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and authenticator.type == authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
