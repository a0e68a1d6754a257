"""The coalitions' part of a proposal's staff page: start the experiment, or go to it."""

from coalitions.models import Coalition
from portal.registry import register_section
from proposals.models import Proposal


def experiment_section(request, proposal):
    if proposal.state != Proposal.State.SELECTED:
        return {"show": False}
    return {
        "show": True,
        "proposal": proposal,
        "coalition": Coalition.objects.filter(proposal=proposal).first(),
    }


register_section(
    "proposal_staff",
    order=10,
    template="coalitions/_proposal_section.html",
    context=experiment_section,
)
