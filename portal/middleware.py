from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.rules import is_fund_staff

# Paths a staff member may open before two-factor is set up: the set-up itself, logging out,
# static files, language switch and the health check.
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
    """Fund staff see unpublished plans and reviewers' opinions: they must use TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and is_fund_staff(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not _has_totp(request, user)
        ):
            if request.method == "GET" and not request.headers.get("HX-Request"):
                messages.info(request, _(TWO_FACTOR_FIRST))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(request, user) -> bool:
    """Checked once per session: a staff member's TOTP does not disappear while logged in."""
    from allauth.mfa.models import Authenticator

    if request.session.get("staff_totp_user") == user.pk:
        return True
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if found:
        request.session["staff_totp_user"] = user.pk
    return found
