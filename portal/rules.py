"""Permission predicates of the core. Apps add their own in their rules.py and combine these."""

import rules

from portal.models import Role


def by_our_rules(user, permission, obj) -> bool:
    """Our own rules only, without Django's "a superuser may everything". For what a person
    wrote for a small circle (a reflection for "only our coalition") the admin is not in it;
    where the admin may, the rule says so (is_fund_staff includes is_admin)."""
    return rules.has_perm(permission, user, obj)


@rules.predicate
def is_admin(user):
    return user.is_authenticated and user.is_superuser


is_fund_staff = is_admin | rules.is_group_member(Role.STAFF)
is_reviewer = rules.is_group_member(Role.REVIEWER)
is_support_team = rules.is_group_member(Role.SUPPORT)
is_writing_helper = rules.is_group_member(Role.HELPER) | is_support_team


@rules.predicate
def is_member_of_organisation(user, organisation):
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_manager_of_organisation(user, organisation):
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(user=user, role="manager").exists()


@rules.predicate
def is_recipient_of_message(user, message):
    return user.is_authenticated and message is not None and message.recipient_id == user.pk


@rules.predicate
def is_sign_in_message(user, message):
    return message is not None and message.is_sign_in


@rules.predicate
def may_view_target_of_file(user, private_file):
    """A private file is readable by whoever may view the object it belongs to."""
    if private_file is None or not user.is_authenticated:
        return False
    target = private_file.target
    if target is None:
        return False
    meta = target._meta
    permission = f"{meta.app_label}.view_{meta.model_name}"
    if rules.perm_exists(permission):
        return by_our_rules(user, permission, target)
    return user.has_perm(permission, target)


@rules.predicate
def is_maker_of_report(user, job):
    """A report made by the worker is for the person who asked for it."""
    return job is not None and user.is_authenticated and job.requested_by_id == user.pk


rules.add_perm("portal.view_organisation", is_member_of_organisation | is_fund_staff)
rules.add_perm("portal.change_organisation", is_manager_of_organisation | is_fund_staff)
# Staff read the mail the portal sent for a proposal or coalition, never someone's login code,
# reset link or verification code: with those, staff (or whoever took over a staff account)
# could sign in as anyone.
rules.add_perm(
    "portal.view_outboxmessage",
    is_recipient_of_message | (is_fund_staff & ~is_sign_in_message),
)
rules.add_perm("portal.change_outboxmessage", is_fund_staff)
rules.add_perm("portal.view_privatefile", may_view_target_of_file)
rules.add_perm("portal.view_reportjob", is_maker_of_report)
rules.add_perm("portal.view_activity", is_fund_staff)
rules.add_perm("portal.view_staff_pages", is_fund_staff)
