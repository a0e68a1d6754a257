"""Who may see and set up calls. Fund staff set up programmes, calls, stages and their forms."""

import rules

from portal.decorators import fund_staff_required
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


# Kept under its old name for the calls views.
staff_required = fund_staff_required
