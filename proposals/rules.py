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


@rules.predicate
def is_assigned_reviewer(user, proposal):
    """Assigned to review it in its current stage or an earlier one, without a conflict."""
    if not user.is_authenticated or proposal is None:
        return False
    return proposal.reviews.filter(reviewer=user).exclude(state="conflict").exists()


@rules.predicate
def has_cleared_conflict(user, proposal):
    """The reviewer said they have no conflict of interest: only then they read the proposal."""
    if not user.is_authenticated or proposal is None:
        return False
    return (
        proposal.reviews.filter(reviewer=user, no_conflict_declared=True)
        .exclude(state="conflict")
        .exists()
    )


@rules.predicate
def has_submitted_own_review(user, proposal):
    return proposal.reviews.filter(reviewer=user, state="submitted").exists()


@rules.predicate
def scores_open_before_own_review(user, proposal):
    return not proposal.call.scores_hidden_until_own_review


@rules.predicate
def is_helper_of(user, proposal):
    """An active writing helper of the proposal (help ends when the full plan is sent in)."""
    if not user.is_authenticated or proposal is None:
        return False
    return proposal.helpers.filter(helper=user, ended_at__isnull=True).exists()


is_reader_as_reviewer = is_assigned_reviewer & has_cleared_conflict

# Staff first: their role is already loaded, the other checks each cost a query.
rules.add_perm(
    "proposals.view_proposal",
    is_fund_staff | is_applicant_of | is_reader_as_reviewer | is_helper_of,
)
rules.add_perm("proposals.change_proposal", is_applicant_of & is_editable)
rules.add_perm("proposals.withdraw_proposal", is_applicant_of)
rules.add_perm("proposals.invite_to_full_plan", is_fund_staff)
rules.add_perm("proposals.manage_proposal", is_fund_staff)
rules.add_perm("proposals.review_proposal", is_assigned_reviewer)
rules.add_perm(
    "proposals.view_reviews",
    is_fund_staff
    | (is_reader_as_reviewer & (has_submitted_own_review | scores_open_before_own_review)),
)
rules.add_perm("proposals.view_internal_notes", is_fund_staff)
rules.add_perm("proposals.comment_as_helper", is_helper_of & is_editable)
rules.add_perm("proposals.resolve_help_comment", is_applicant_of)
