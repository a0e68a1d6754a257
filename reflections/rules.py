"""Who may read and write reflections: by the reflection's visibility and the coalition."""

import rules

from coalitions.rules import is_member_of_coalition, is_support_of_coalition
from portal.rules import is_fund_staff


@rules.predicate
def may_write_in_coalition(user, coalition):
    return is_member_of_coalition(user, coalition) or is_support_of_coalition(user, coalition)


@rules.predicate
def may_read_reflection(user, reflection):
    """By visibility; a draft only by its co-writers (members, the author, and the support team
    when the draft is not for the coalition only), never by the public or staff as such."""
    if reflection is None:
        return False
    coalition = reflection.coalition
    if is_member_of_coalition(user, coalition) or (
        user.is_authenticated and reflection.author_id == user.pk
    ):
        return True
    if reflection.visibility == "coalition":
        return False
    if reflection.is_draft:
        return is_support_of_coalition(user, coalition)
    if reflection.visibility == "public":
        return True
    return is_fund_staff(user) or is_support_of_coalition(user, coalition)


@rules.predicate
def may_edit_reflection(user, reflection):
    """Co-writers: the people who write in the coalition and may read this reflection."""
    return (
        reflection is not None
        and may_write_in_coalition(user, reflection.coalition)
        and may_read_reflection(user, reflection)
    )


rules.add_perm("reflections.add_reflection", may_write_in_coalition)
rules.add_perm("reflections.view_reflection", may_read_reflection)
rules.add_perm("reflections.change_reflection", may_edit_reflection)
rules.add_perm("reflections.plan_pitstop", is_support_of_coalition | is_fund_staff)
