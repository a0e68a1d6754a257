"""The proposals part of a call's staff page: per stage the links to work on its proposals."""

from django.db.models import Count

from portal.registry import register_section
from proposals.models import Proposal


def call_section(request, call, stages):
    counts = dict(Proposal.objects.filter(call=call).values_list("stage").annotate(n=Count("pk")))
    return {"call": call, "stages": [(stage, counts.get(stage.pk, 0)) for stage in stages]}


register_section(
    "call_staff", order=10, template="proposals/staff/_call_section.html", context=call_section
)
