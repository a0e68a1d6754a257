"""View decorators shared by every app."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.rules import is_fund_staff


def predicate_required(predicate):
    """Anonymous visitors go to the login page; logged-in people without the role get 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


fund_staff_required = predicate_required(is_fund_staff)
