"""What every editor needs besides its own save: a fresh CSRF token after logging in again, and
the page that the login opened from an editor lands on."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from portal.editing import EDITOR_HEADER, logged_out


@never_cache
def session(request):
    """Editor: am I still logged in, and with which CSRF token do I save?"""
    if not request.user.is_authenticated:
        return logged_out()
    return JsonResponse({"status": "ok", "csrf": get_token(request), "user": request.user.pk})


@never_cache
@login_required
def signed_in(request):
    """After logging in from an editor's "log in again" link (a new tab): say the text is being
    saved; the editor's tab hears of it (editor.js) and saves what was waiting."""
    return render(request, "portal/signed_in.html")


def csrf_failure(request, reason=""):
    """A form or editor sent an old CSRF token (often: the session ended and began anew)."""
    if request.headers.get(EDITOR_HEADER):
        return JsonResponse({"status": "csrf"}, status=403)
    return render(request, "403_csrf.html", status=403)
