"""The reflections' part of a coalition's workspace: pitstops and the reflections one may read."""

from portal.registry import register_section
from reflections.forms import PitstopForm
from reflections.queries import public_lessons, reflections_readable_by


def workspace_section(request, coalition):
    return {
        "coalition": coalition,
        "pitstops": list(coalition.pitstops.all()),
        "reflections": list(reflections_readable_by(request.user, coalition)[:10]),
        "reflection_count": reflections_readable_by(request.user, coalition).count(),
        "can_write": request.user.has_perm("reflections.add_reflection", coalition),
        "pitstop_form": (
            PitstopForm() if request.user.has_perm("reflections.plan_pitstop", coalition) else None
        ),
    }


register_section(
    "coalition_workspace",
    order=10,
    template="reflections/_workspace.html",
    context=workspace_section,
)


def public_section(request, coalition):
    return {"lessons": list(public_lessons().filter(coalition=coalition)[:20])}


register_section(
    "coalition_public",
    order=10,
    template="reflections/_public_lessons.html",
    context=public_section,
)
