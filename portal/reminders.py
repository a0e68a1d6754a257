"""The reminder engine. Apps register rules; one beat task sends what is due through the outbox.

A rule says who gets reminded about what, and at which moment. The engine asks each rule for the
reminders whose moment lies in the look-back window, and writes one ReminderSent row per
(rule, object, recipient, moment) together with its mail, in one transaction. The unique row makes a
second run, a retry or a second beat a no-op; a moot reminder is no longer yielded by its rule.

Moments are computed in Europe/Amsterdam local time ("7 days before, at 09:00") and stored in UTC,
so a reminder stays at 09:00 local time across a daylight-saving change (`moments_before`).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import mail
from portal.models import ReminderSent

logger = logging.getLogger(__name__)

# A reminder whose moment passed longer ago than this is skipped: a portal that was down for a
# week should not send last week's "tomorrow is the deadline".
LOOK_BACK = timedelta(hours=24)

# Offsets: days before a deadline (0 is the day itself), each at REMINDER_TIME local time.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT_DAYS = (14, 7, 1, 0)
REMINDER_TIME = time(9, 0)
MAX_DAYS = 60  # the largest offset staff may set; rules select deadlines up to this far ahead

# New reminders are claimed and written in chunks: one INSERT per chunk, one transaction each.
CHUNK_SIZE = 200


def default_reminder_days():
    """The default for a `reminder_days` field (calls.Call, and events later)."""
    return list(DEFAULT_DAYS)


def validate_reminder_days(value):
    for days in value or ():
        if not 0 <= days <= MAX_DAYS:
            raise ValidationError(
                _("Use whole days from 0 to %(max)s."), params={"max": MAX_DAYS}, code="range"
            )
    if len(set(value or ())) != len(value or ()):
        raise ValidationError(_("A number appears twice."), code="duplicate")


# --- Moments --------------------------------------------------------------------------------
def moments_before(deadline, days=DEFAULT_DAYS, *, at=REMINDER_TIME, after=None) -> list[datetime]:
    """The reminder moments (UTC) for one deadline, earliest first.

    For every offset `d` in `days`: the local date of the deadline minus `d` days, at `at`
    Europe/Amsterdam time. `deadline` is an aware datetime or a date (a date-only deadline such as a
    pitstop). Moments at or after a datetime deadline are dropped ("on the day at 09:00" for a
    deadline at 08:00), and so are moments at or before `after`: a datetime (e.g. the moment the
    proposal was started) or a date (moments on that day or earlier are dropped).
    """
    day = deadline.astimezone(LOCAL_ZONE).date() if isinstance(deadline, datetime) else deadline
    moments = []
    for offset in sorted(set(days), reverse=True):
        local = datetime.combine(day - timedelta(days=offset), at, tzinfo=LOCAL_ZONE)
        moment = local.astimezone(UTC)
        if isinstance(deadline, datetime) and moment >= deadline:
            continue
        if isinstance(after, datetime) and moment <= after:
            continue
        if isinstance(after, date) and not isinstance(after, datetime) and local.date() <= after:
            continue
        moments.append(moment)
    return moments


def due_moments(deadline, since, until, days=DEFAULT_DAYS, *, at=REMINDER_TIME, after=None):
    """The moments of `moments_before` that lie in since < moment <= until."""
    return [
        moment
        for moment in moments_before(deadline, days, at=at, after=after)
        if since < moment <= until
    ]


def deadline_range(since, until, max_days=MAX_DAYS) -> tuple[datetime, datetime]:
    """(low, high): a datetime deadline can have a moment in the window only if low < deadline <=
    high. Use it to select candidates: `deadline__gt=low, deadline__lte=high`."""
    return since, until + timedelta(days=max_days + 1)


def date_range(since, until, max_days=MAX_DAYS) -> tuple[date, date]:
    """(first, last): a date-only deadline can have a moment in the window only if first <= date
    <= last. Use it as `date__gte=first, date__lte=last`."""
    return (
        since.astimezone(LOCAL_ZONE).date(),
        until.astimezone(LOCAL_ZONE).date() + timedelta(days=max_days),
    )


def days_left(moment, deadline) -> int:
    """Whole days between the reminder's local date and the deadline's (0: the day itself)."""
    day = deadline.astimezone(LOCAL_ZONE).date() if isinstance(deadline, datetime) else deadline
    return (day - moment.astimezone(LOCAL_ZONE).date()).days


# --- Rules ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    target: object
    recipient: object  # a user, or None with `to_email` for someone without an account
    moment: datetime
    context: dict = field(default_factory=dict)
    to_email: str = ""

    @property
    def address(self) -> str:
        return (self.recipient.email if self.recipient is not None else self.to_email).lower()

    @property
    def series(self) -> tuple:
        """Reminders of one rule about one object for one person: a series over moments."""
        return (
            ContentType.objects.get_for_model(self.target).pk,
            str(self.target.pk),
            self.recipient.pk if self.recipient is not None else None,
            "" if self.recipient is not None else self.to_email.lower(),
        )

    @property
    def key(self) -> tuple:
        return (*self.series, self.moment)


@dataclass(frozen=True)
class ReminderRule:
    name: str
    template: str
    description: str
    find_due: Callable[[datetime, datetime], Iterable[Due]]
    """find_due(since, until) yields the reminders with since < moment <= until."""
    label: str = ""
    """A short name for people: the staff page and, for optional mail, the mail settings."""
    essential: bool = True
    """Essential mail always goes out (deadlines and decisions about one's own proposal, account
    mail). Other mail carries an unsubscribe link and can be switched off in the mail settings."""

    @property
    def title(self):
        return self.label or self.description


_registry: dict[str, ReminderRule] = {}


def register(rule: ReminderRule) -> ReminderRule:
    _registry[rule.name] = rule
    if not rule.essential:
        mail.register_optional_kind(rule.name, label=rule.title, description=rule.description)
    return rule


def unregister(name: str) -> None:
    _registry.pop(name, None)
    mail.unregister_optional_kind(name)


def registered_rules() -> list[ReminderRule]:
    return list(_registry.values())


def get_rule(name: str) -> ReminderRule | None:
    return _registry.get(name)


# --- The engine -----------------------------------------------------------------------------
@dataclass
class RunResult:
    sent: int = 0
    already_sent: int = 0
    opted_out: int = 0
    failed: int = 0
    planned: list = field(default_factory=list)

    def as_dict(self):
        return {
            "sent": self.sent,
            "already_sent": self.already_sent,
            "opted_out": self.opted_out,
            "failed": self.failed,
        }


def run(now: datetime | None = None, *, dry_run: bool = False, rules=None) -> RunResult:
    """Send every reminder due in the look-back window, once. `dry_run` only lists them."""
    now = now or timezone.now()
    since = now - LOOK_BACK
    result = RunResult()
    for rule in rules or registered_rules():
        dues = latest_per_series(rule.find_due(since, now))
        new, already_sent, switched_off, opted_out = _split(rule, dues, since, now)
        result.already_sent += already_sent
        result.opted_out += switched_off
        if dry_run:
            result.planned.extend((rule, due) for due in new)
            continue
        sent, failed = _send(rule, new, opted_out)
        result.sent += sent
        result.failed += failed
    return result


def latest_per_series(dues: Iterable[Due]) -> list[Due]:
    """Keep one reminder per series: when several moments of one series lie in the window (the
    portal was down), only the latest is sent ("tomorrow", not also "in 7 days")."""
    latest: dict[tuple, Due] = {}
    for due in dues:
        kept = latest.get(due.series)
        if kept is None or due.moment > kept.moment:
            latest[due.series] = due
    return list(latest.values())


def upcoming(rule: ReminderRule, since: datetime, until: datetime) -> list[Due]:
    """Every reminder of a rule with its moment in the window that is not sent yet and that the
    recipient did not switch off: for the staff page, without sending anything."""
    dues = list(rule.find_due(since, until))
    new = _split(rule, dues, since, until)[0]
    return sorted(new, key=lambda due: (due.moment, due.address))


def _split(rule, dues, since, until):
    """Split into (new, number already sent, number switched off, the addresses that switched
    this rule off). Two queries per rule, whatever the number of reminders."""
    existing = set(
        ReminderSent.objects.filter(rule=rule.name, moment__gt=since, moment__lte=until)
        .values_list("target_type_id", "target_id", "recipient_id", "to_email", "moment")
        .iterator()
    )
    opted_out = set() if rule.essential else mail.opted_out_addresses(rule.name)
    new, already_sent, switched_off = [], 0, 0
    for due in dues:
        if due.key in existing:
            already_sent += 1
        elif due.address in opted_out:
            switched_off += 1
        else:
            new.append(due)
    return new, already_sent, switched_off, opted_out


def _send(rule, dues, opted_out) -> tuple[int, int]:
    """Claim and write the new reminders in chunks. Returns (sent, failed)."""
    # A fixed order: two runs at once insert the same rows in the same order (no deadlock).
    dues = sorted(dues, key=lambda due: tuple(str(part) for part in due.key))
    sent = failed = 0
    for start in range(0, len(dues), CHUNK_SIZE):
        chunk = dues[start : start + CHUNK_SIZE]
        try:
            with transaction.atomic():
                claimed = _claim(rule, chunk)
                rows = []
                for row_id, due in claimed:
                    message = compose(rule, due, opted_out=opted_out)
                    rows.append(ReminderSent(pk=row_id, message=message))
                ReminderSent.objects.bulk_update(rows, ["message"])
            sent += len(claimed)
        except Exception:  # one bad chunk must not stop the others; the next run tries again
            logger.exception("Reminder rule %s: a chunk of %s failed", rule.name, len(chunk))
            failed += len(chunk)
    return sent, failed


def _claim(rule, dues) -> list[tuple[int, Due]]:
    """Insert the ReminderSent rows; return those this run inserted. A row another run inserted
    first (now or earlier) is skipped by the unique constraints: that is the once-only guarantee."""
    by_key = {due.key: due for due in dues}
    now = timezone.now()
    table = ReminderSent._meta.db_table
    values, params = [], []
    for due in by_key.values():
        target_type, target_id, recipient_id, to_email, moment = due.key
        values.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [rule.name, target_type, target_id, recipient_id, to_email, moment, now]
    sql = (
        f"INSERT INTO {table} "  # noqa: S608  (table name from the model; values are parameters)
        "(rule, target_type_id, target_id, recipient_id, to_email, moment, created_at) "
        f"VALUES {', '.join(values)} ON CONFLICT DO NOTHING "
        "RETURNING id, target_type_id, target_id, recipient_id, to_email, moment"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        returned = cursor.fetchall()
    return [(row[0], by_key[tuple(row[1:])]) for row in returned]


def mail_context(rule: ReminderRule, due: Due) -> dict:
    return {"target": due.target, "moment": due.moment, "rule": rule, **due.context}


def compose(rule: ReminderRule, due: Due, *, opted_out=None):
    """Write one reminder's mail into the outbox."""
    return mail.compose(
        template=rule.template,
        context=mail_context(rule, due),
        recipient=due.recipient,
        to_email=due.to_email or None,
        related=due.target,
        optional_kind=None if rule.essential else rule.name,
        opted_out=opted_out,
    )


def preview(rule: ReminderRule, due: Due) -> dict:
    """Subject, text and HTML of one reminder's mail, rendered as it would be sent."""
    language = getattr(due.recipient, "language", None) or settings.LANGUAGE_CODE
    context = {"recipient": due.recipient, **mail_context(rule, due)}
    if not rule.essential:
        context["unsubscribe_url"] = mail.unsubscribe_url(due.address, rule.name)
        context["mail_kind"] = mail.get_optional_kind(rule.name)
    subject, text, html = mail.render_mail(rule.template, context, language)
    if not rule.essential:
        text, html = mail.add_unsubscribe_footer(text, html, context, language)
    return {"subject": subject, "text": text, "html": html, "language": language}
