import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.registry import second_factor_required_by_a_programme
from portal.rules import is_fund_staff, is_reviewer, is_support_team

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
TWO_FACTOR_ASKED_BY_PROGRAMME = gettext_noop(
    "Your programme asks reviewers and the support team to log in in two steps: you read "
    "plans and reflections that are not public. Please set it up first. You need an "
    "authenticator app on your phone."
)


class RequireStaffTwoFactorMiddleware:
    """Fund staff and admins see unpublished plans and reviewers' opinions: every staff or
    admin request needs a session that passed the second factor (allauth's "mfa" record)
    and a TOTP device that still exists. Reviewers and the support team need the same when a
    programme they work in asks for it (Programme.second_factor_for_reviewers_and_support).
    Everyone else may choose a second factor; allauth then asks the code at login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(ALLOWED_PREFIXES):
            reason = _why_second_factor_is_required(user)
            if reason is None:
                return self.get_response(request)
            if not _has_totp(user):
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    messages.info(request, _(reason))
                return redirect(reverse("mfa_activate_totp"))
            if not _session_passed_second_factor(request, user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


def _why_second_factor_is_required(user):
    """The message that explains why this person must log in in two steps, or None."""
    if user.is_staff or is_fund_staff(user):
        return TWO_FACTOR_FIRST
    if (is_reviewer(user) or is_support_team(user)) and second_factor_required_by_a_programme(user):
        return TWO_FACTOR_ASKED_BY_PROGRAMME
    return None


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


STAFF_IDLE_SECONDS = 30 * 60
STAFF_LONGEST_SECONDS = 12 * 60 * 60
# The session is written at most this often just to note the last request.
SEEN_PRECISION_SECONDS = 60

STAFF_IDLE_ENDED = gettext_noop(
    "You did nothing for 30 minutes, so we logged you out to keep the plans safe. "
    "Please log in again."
)
STAFF_LONGEST_ENDED = gettext_noop(
    "You were logged in for 12 hours, so we logged you out to keep the plans safe. "
    "Please log in again."
)


class StaffSessionTimeoutMiddleware:
    """A staff session ends after 30 minutes without a request and 12 hours after the login:
    a staff laptop left open must not show private plans for two weeks. Applicants keep the
    normal session (two weeks with "Onthoud mij", else until the browser closes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or is_fund_staff(user)):
            now = time.time()
            session = request.session
            started = session.setdefault("staff_since", now)
            seen = session.get("staff_seen", now)
            ended = None
            if now - seen > STAFF_IDLE_SECONDS:
                ended = STAFF_IDLE_ENDED
            elif now - started > STAFF_LONGEST_SECONDS:
                ended = STAFF_LONGEST_ENDED
            if ended:
                logout(request)
                messages.info(request, _(ended))
            elif now - seen >= SEEN_PRECISION_SECONDS or "staff_seen" not in session:
                session["staff_seen"] = now
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Pages for a signed-in person hold private data: no browser or proxy keeps a copy, so
    the next person at a shared computer cannot bring them back with Back or the history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
