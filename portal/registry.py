"""Where apps plug into lower apps' pages without those apps importing them.

An app calls `register_section(PLACE, ...)` in its AppConfig.ready(); the page of that place
includes each section's template with `section` set to what its context function returns.
Places: "home" (context(request)), "call_staff" (context(request, call, stages)),
"proposal_staff" (context(request, proposal)), "coalition_workspace" and "coalition_public"
(context(request, coalition)). So `calls` never imports `proposals`, and `coalitions` never
imports `reflections`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable


_sections: dict[str, list[Section]] = defaultdict(list)


def register_section(place: str, *, order: int, template: str, context: Callable) -> None:
    if any(section.template == template for section in _sections[place]):
        return  # registering twice (e.g. ready() run again in tests) changes nothing
    _sections[place].append(Section(order, template, context))
    _sections[place].sort(key=lambda section: section.order)


def sections(place: str, request, *args) -> list[tuple[str, dict]]:
    """(template, context) of each section of a place, in order."""
    return [(section.template, section.context(request, *args)) for section in _sections[place]]
