"""Where apps plug into the core without the core importing them.

An app calls `register_home_section(...)` in its AppConfig.ready(); the home page then shows what
each app has to say (open calls, stories of coalitions, events) in the order given.
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
