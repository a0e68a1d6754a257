"""Who may do what with a proposal. Views and querysets both use these."""

import rules

from portal.rules import is_fund_staff


@rules.predicate
def is_applicant_of(user, proposal):
    """One of the proposal's people, or a member of its lead organisation."""
    if not user.is_authenticated or proposal is None:
        return False
    if proposal.people.filter(pk=user.pk).exists():
        return True
    return proposal.lead_organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_editable(user, proposal):
    return proposal is not None and proposal.is_editable


rules.add_perm("proposals.view_proposal", is_applicant_of | is_fund_staff)
rules.add_perm("proposals.change_proposal", is_applicant_of & is_editable)
rules.add_perm("proposals.withdraw_proposal", is_applicant_of)
rules.add_perm("proposals.invite_to_full_plan", is_fund_staff)
