"""Who may see and do what in a coalition."""

import rules

from portal.rules import is_fund_staff


@rules.predicate
def is_member_of_coalition(user, coalition):
    if not user.is_authenticated or coalition is None:
        return False
    return coalition.members.filter(user=user).exists()


@rules.predicate
def is_support_of_coalition(user, coalition):
    """Support-team people see only the coalitions assigned to them."""
    if not user.is_authenticated or coalition is None:
        return False
    return coalition.support_team.filter(pk=user.pk).exists()


rules.add_perm(
    "coalitions.view_coalition", is_member_of_coalition | is_support_of_coalition | is_fund_staff
)
rules.add_perm("coalitions.change_coalition", is_fund_staff)
rules.add_perm("coalitions.invite_member", is_member_of_coalition | is_fund_staff)
