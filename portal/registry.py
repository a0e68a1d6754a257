"""Where apps plug into lower apps' pages without those apps importing them.

An app calls `register_home_section(...)` in its AppConfig.ready(); the home page then shows what
each app has to say (open calls, stories of coalitions, events) in the order given. In the same
way `register_call_section(...)` adds a part to the staff page of a call (proposals, reviews,
decisions), so `calls` never imports `proposals`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    order: int
    template: str
    context: Callable  # context(request) -> dict


_home_sections: list[HomeSection] = []


def register_home_section(*, order: int, template: str, context: Callable) -> None:
    _home_sections.append(HomeSection(order, template, context))
    _home_sections.sort(key=lambda section: section.order)


def home_sections(request) -> list[tuple[str, dict]]:
    return [(section.template, section.context(request)) for section in _home_sections]


_call_sections: list[HomeSection] = []


def register_call_section(*, order: int, template: str, context: Callable) -> None:
    """context(request, call, stages) -> dict, shown on the staff page of a call."""
    _call_sections.append(HomeSection(order, template, context))
    _call_sections.sort(key=lambda section: section.order)


def call_sections(request, call, stages) -> list[tuple[str, dict]]:
    return [
        (section.template, section.context(request, call, stages)) for section in _call_sections
    ]


_proposal_sections: list[HomeSection] = []


def register_proposal_section(*, order: int, template: str, context: Callable) -> None:
    """context(request, proposal) -> dict, shown on the staff page of a proposal."""
    _proposal_sections.append(HomeSection(order, template, context))
    _proposal_sections.sort(key=lambda section: section.order)


def proposal_sections(request, proposal) -> list[tuple[str, dict]]:
    return [
        (section.template, section.context(request, proposal)) for section in _proposal_sections
    ]
