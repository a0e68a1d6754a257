"""The reminder engine. Apps register rules; one beat task sends what is due through the outbox.

A rule says who gets reminded about what, and at which moment. The engine asks each rule for the
reminders whose moment lies in the look-back window, and writes one ReminderSent row per
(rule, object, recipient, moment) together with its mail, in one transaction. The unique row makes a
second run, a retry or a second beat a no-op; a moot reminder is no longer yielded by its rule.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import mail
from portal.models import ReminderSent

logger = logging.getLogger(__name__)

# A reminder whose moment passed longer ago than this is skipped: a portal that was down for a
# week should not send last week's "tomorrow is the deadline".
LOOK_BACK = timedelta(hours=24)


@dataclass(frozen=True)
class Due:
    target: object
    recipient: object
    moment: datetime
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderRule:
    name: str
    template: str
    description: str
    find_due: Callable[[datetime, datetime], Iterable[Due]]
    """find_due(since, until) yields the reminders with since < moment <= until."""


_registry: dict[str, ReminderRule] = {}


def register(rule: ReminderRule) -> ReminderRule:
    _registry[rule.name] = rule
    return rule


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered_rules() -> list[ReminderRule]:
    return list(_registry.values())


@dataclass
class RunResult:
    sent: int = 0
    already_sent: int = 0
    planned: list = field(default_factory=list)

    def as_dict(self):
        return {"sent": self.sent, "already_sent": self.already_sent}


def run(now: datetime | None = None, *, dry_run: bool = False, rules=None) -> RunResult:
    now = now or timezone.now()
    result = RunResult()
    for rule in rules or registered_rules():
        for due in rule.find_due(now - LOOK_BACK, now):
            if dry_run:
                result.planned.append((rule, due))
                continue
            if _send_once(rule, due):
                result.sent += 1
            else:
                result.already_sent += 1
    return result


def _send_once(rule: ReminderRule, due: Due) -> bool:
    target_type = ContentType.objects.get_for_model(due.target)
    try:
        with transaction.atomic():
            row, created = ReminderSent.objects.get_or_create(
                rule=rule.name,
                target_type=target_type,
                target_id=str(due.target.pk),
                recipient=due.recipient,
                moment=due.moment,
            )
            if not created:
                return False
            row.message = mail.compose(
                template=rule.template,
                context={"target": due.target, "moment": due.moment, **due.context},
                recipient=due.recipient,
                related=due.target,
            )
            row.save(update_fields=["message"])
    except IntegrityError:  # another run inserted the same row between our check and insert
        return False
    return True
