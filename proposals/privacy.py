"""What proposals hold about a person: the proposals they write on, their reviews."""

from portal.privacy import register_personal_data
from proposals.models import Proposal, Review


def export(user):
    return {
        "proposals": [
            {"reference": p.reference, "title": p.title, "call": p.call.title, "state": p.state}
            for p in Proposal.objects.filter(people=user).select_related("call").order_by("pk")
        ],
        "reviews": [
            {"proposal": r.proposal.reference, "state": r.state,
             "recommendation": r.recommendation, "comment": r.comment}
            for r in Review.objects.filter(reviewer=user).select_related("proposal")
        ],
    }  # fmt: skip


def forget(user):
    """The fund keeps proposals and reviews (it must account for its decisions); drafts that only
    this person wrote go."""
    drafts = Proposal.objects.filter(people=user, state=Proposal.State.DRAFT)
    for proposal in drafts:
        if not proposal.people.exclude(pk=user.pk).exists():
            proposal.delete()


register_personal_data("proposals", export=export, forget=forget)
