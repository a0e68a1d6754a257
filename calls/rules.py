"""Who may see and set up calls. Fund staff set up programmes, calls, stages and their forms."""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.rules import is_fund_staff


@rules.predicate
def is_published_call(user, call):
    return call is not None and call.status == call.Status.PUBLISHED


rules.add_perm("calls.view_call", is_published_call | is_fund_staff)
rules.add_perm("calls.add_call", is_fund_staff)
rules.add_perm("calls.change_call", is_fund_staff)
rules.add_perm("calls.delete_call", is_fund_staff)
rules.add_perm("calls.add_programme", is_fund_staff)
rules.add_perm("calls.change_programme", is_fund_staff)
rules.add_perm("calls.view_programme", is_fund_staff)


def staff_required(view):
    """Anonymous visitors go to the login page; logged-in people who are not fund staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("calls.change_call"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
