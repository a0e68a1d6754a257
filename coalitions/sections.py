"""The coalitions' parts of other pages: start the experiment (a proposal's staff page), the
staff links in a workspace, and the learning groups of a registration call (its staff page)."""

from calls.models import Call
from coalitions.models import Coalition, LearningGroup
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


def staff_links_section(request, coalition):
    """Staff see a link to change the coalition at the top of its workspace."""
    return {
        "coalition": coalition,
        "show": request.user.has_perm("coalitions.change_coalition", coalition),
    }


register_section(
    "coalition_workspace",
    order=-10,
    template="coalitions/_staff_links.html",
    context=staff_links_section,
)


def learning_groups_section(request, call, stages):
    """A registration call's staff page links to its learning groups."""
    if call.kind != Call.Kind.REGISTRATION:
        return {"show": False}
    return {"show": True, "call": call, "count": LearningGroup.objects.filter(call=call).count()}


register_section(
    "call_staff",
    order=20,
    template="coalitions/staff/_call_section.html",
    context=learning_groups_section,
)
