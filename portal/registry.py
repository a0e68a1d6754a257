"""Where apps plug into lower apps' pages without those apps importing them.

An app calls `register_section(PLACE, ...)` in its AppConfig.ready(); the page of that place
includes each section's template with `section` set to what its context function returns.
Places: "home" (context(request)), "call_staff" (context(request, call, stages)),
"proposal_staff" (context(request, proposal)), "coalition_workspace" and "coalition_public"
(context(request, coalition)). So `calls` never imports `proposals`, and `coalitions` never
imports `reflections`.

Who must log in in two steps beyond fund staff: `register_second_factor_rule(rule)` adds a
rule(user) -> bool (e.g. "reviews in a programme that asks for it"); see portal/middleware.py.

Timelines work the same way: `register_timeline(PLACE, source)` adds dated items (TimelineItem) to
an object's timeline; place "coalition" is the workspace timeline (pitstops, events, payments).
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


# --- Timelines ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineItem:
    """One dated thing on a timeline: a pitstop, an event, a deadline, a payment."""

    when: object  # a date, or an aware datetime when the time matters
    kind: str  # a short, translated label such as "Pitstop" or "Event"
    title: str
    url: str = ""
    done: bool = False  # a payment made, a reflection written: shown as done, not as a to-do

    @property
    def day(self):
        return self.when.date() if hasattr(self.when, "date") else self.when


_timeline_sources: dict[str, list[Callable]] = defaultdict(list)


def register_timeline(place: str, source: Callable) -> None:
    """`source(request, obj)` yields TimelineItems for the object's timeline (place "coalition")."""
    if source not in _timeline_sources[place]:
        _timeline_sources[place].append(source)


def timeline(place: str, request, obj) -> list[TimelineItem]:
    """Every source's items for the object, oldest first."""
    items = [item for source in _timeline_sources[place] for item in source(request, obj)]
    return sorted(items, key=lambda item: (item.day, item.title))


# --- Who needs a second factor --------------------------------------------------------------
_second_factor_rules: list[Callable] = []


def register_second_factor_rule(rule: Callable) -> None:
    """rule(user) -> True when this person must pass a second factor (a programme asks it)."""
    if rule not in _second_factor_rules:
        _second_factor_rules.append(rule)


def second_factor_required_by_a_programme(user) -> bool:
    return any(rule(user) for rule in _second_factor_rules)
