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


# Writes for the fund: staff, and the support-team people assigned to the coalition.
speaks_for_fund = is_fund_staff | is_support_of_coalition
takes_part_in_coalition = is_member_of_coalition | speaks_for_fund

rules.add_perm("coalitions.view_coalition", takes_part_in_coalition)
rules.add_perm("coalitions.change_coalition", is_fund_staff)
rules.add_perm("coalitions.invite_member", is_member_of_coalition | is_fund_staff)
# Messages between a coalition and the fund (the object is the coalition).
rules.add_perm("coalitions.view_messages", takes_part_in_coalition)
rules.add_perm("coalitions.write_message", takes_part_in_coalition)
