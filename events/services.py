"""Every change to events, registrations, the programme, harvests and the knowledge agenda: one
transaction each, an activity entry, the mail.

Registering, cancelling and moving up the waiting list all lock the event row first
(select_for_update), so two people registering at the same moment are counted one after the
other and the capacity is never exceeded.
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import ical
from events.models import AgendaItem, Event, EventInvitation, Harvest, Registration, ThemeTable
from portal import mail
from portal.activity import log_activity
from portal.files import files_of, store_private_file

State = Registration.State

# Paths under /evenementen/ that are not events.
RESERVED_SLUGS = {"mijn", "agenda", "programma"}


class RegistrationError(Exception):
    """Registering or cancelling is not possible; the message says why, for the person."""


class EventFull(RegistrationError):
    """No places left: the person may join the waiting list instead."""


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "evenement"
    if base in RESERVED_SLUGS:
        base = f"{base}-evenement"
    slug, number = base, 2
    taken = Event.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Mail ----------------------------------------------------------------------------------
def _ics_attachment(event, status) -> dict:
    path = default_storage.save(
        f"events/{event.pk}/{uuid.uuid4().hex}.ics",
        ContentFile(ical.event_ics(event, status=status)),
    )
    return {"name": f"{event.slug}.ics", "path": path, "mimetype": "text/calendar"}


MAIL_STATUS = {
    "registered": ical.CONFIRMED,
    "moved_up": ical.CONFIRMED,
    "waiting": ical.TENTATIVE,
    "cancelled": ical.CANCELLED,
}


def _mail(registration, name, *, actor=None):
    """One of the four registration mails, with the event as an .ics attachment."""
    event = registration.event
    mail.compose(
        template=f"events/mail/{name}",
        context={"event": event, "registration": registration, "event_url": ical.event_url(event)},
        recipient=registration.user,
        related=event,
        created_by=actor,
        attachments=[_ics_attachment(event, MAIL_STATUS[name])],
    )


# --- Registering ---------------------------------------------------------------------------
def _taken(event) -> int:
    return Registration.objects.filter(event=event, state=State.REGISTERED).count()


def places_left(event) -> int | None:
    """None when there is no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - _taken(event), 0)


@transaction.atomic
def register(*, event, user, answers=None, waiting_list=False, now=None) -> Registration:
    """Register `user`, or put them on the waiting list when the event is full and they asked
    for it (`waiting_list=True`). Raises RegistrationError (EventFull when full) with a message
    for the person."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_published:
        raise RegistrationError(_("You cannot register for this event."))
    if event.registration_closed(now):
        raise RegistrationError(
            _("You could register until %(deadline)s. That time has passed.")
            % {"deadline": _moment(event.closes_at)}
        )
    existing = Registration.objects.filter(event=event, user=user, state__in=Registration.ACTIVE)
    existing = existing.first()
    if existing is not None:
        if existing.state == State.WAITING:
            raise RegistrationError(_("You are already on the waiting list for this event."))
        raise RegistrationError(_("You are already registered for this event."))
    left = places_left(event)
    if left == 0 and not waiting_list:
        raise EventFull(_("This event is full. You can join the waiting list."))
    registration = Registration(event=event, user=user, answers=answers or {})
    if left == 0:
        last = Registration.objects.filter(event=event, state=State.WAITING).aggregate(
            last=Max("position")
        )["last"]
        registration.state = State.WAITING
        registration.position = (last or 0) + 1
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same person in another tab, a moment earlier
        raise RegistrationError(_("You are already registered for this event.")) from None
    waiting = registration.state == State.WAITING
    log_activity(
        actor=user,
        verb="event.waiting" if waiting else "event.registered",
        target=event,
        message=str(user),
    )
    _mail(registration, "waiting" if waiting else "registered", actor=user)
    return registration


def _move(registration, to):
    if to not in Registration.TRANSITIONS[registration.state]:
        raise RegistrationError(_("This registration cannot be changed like that."))
    registration.state = to


def _move_forward(event, *, behind: int, places: int = 1):
    """People left the waiting list: those behind `behind` move forward, so the numbers stay
    1, 2, 3 ... (the number a person is told is their real place)."""
    Registration.objects.filter(event=event, state=State.WAITING, position__gt=behind).update(
        position=F("position") - places
    )


def _fill_from_waiting_list(event, *, actor) -> list[Registration]:
    """Give free places to the waiting list, first come first served (event row locked)."""
    waiting = Registration.objects.filter(event=event, state=State.WAITING).select_related("user")
    waiting = waiting.order_by("position", "created_at", "id")
    left = places_left(event)
    if left is not None:
        waiting = waiting[:left]
    moved = []
    for registration in list(waiting):
        registration.event = event
        _move(registration, State.REGISTERED)
        registration.position = None
        registration.save(update_fields=["state", "position"])
        log_activity(
            actor=actor, verb="event.moved_up", target=event, message=str(registration.user)
        )
        _mail(registration, "moved_up", actor=actor)
        moved.append(registration)
    if moved:
        _move_forward(event, behind=0, places=len(moved))
    return moved


@transaction.atomic
def cancel(*, registration, actor, now=None) -> Registration:
    """The participant cancels; the first on the waiting list moves up and gets a mail."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state == State.CANCELLED:
        return registration
    if event.starts_at <= now:
        raise RegistrationError(_("This event has started. You can no longer cancel."))
    had_place = registration.state == State.REGISTERED
    left_at = registration.position
    _move(registration, State.CANCELLED)
    registration.position = None
    registration.cancelled_at = now
    registration.save(update_fields=["state", "position", "cancelled_at"])
    log_activity(actor=actor, verb="event.cancelled", target=event, message=str(registration.user))
    registration.event = event
    _mail(registration, "cancelled", actor=actor)
    if had_place:
        _fill_from_waiting_list(event, actor=actor)
    elif left_at is not None:
        _move_forward(event, behind=left_at)
    return registration


@transaction.atomic
def record_attendance(*, event, present_ids, actor) -> int:
    """Staff tick who came: every registered person of the event is present or absent."""
    present_ids = {int(pk) for pk in present_ids if str(pk).isdigit()}
    registered = Registration.objects.filter(event=event, state=State.REGISTERED)
    registered.filter(pk__in=present_ids).update(attended=True)
    registered.exclude(pk__in=present_ids).update(attended=False)
    count = registered.filter(attended=True).count()
    log_activity(
        actor=actor,
        verb="event.attendance",
        target=event,
        message=_("%(count)s present") % {"count": count},
    )
    return count


# --- Staff: the event itself ---------------------------------------------------------------
def _normalise(emails) -> list[str]:
    return sorted({email.strip().lower() for email in emails if email.strip()})


def _mail_invitations(event, *, actor):
    """Mail every invited person who has not had a mail yet, once the event is published."""
    if not event.is_published or event.audience != Event.Audience.INVITED:
        return
    pending = list(event.invitations.filter(mailed_at__isnull=True))
    users = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(email__in=[i.email for i in pending])
    }
    for invitation in pending:
        mail.compose(
            template="events/mail/invited",
            context={"event": event, "event_url": ical.event_url(event)},
            recipient=users.get(invitation.email),
            to_email=invitation.email,
            related=event,
            created_by=actor,
            attachments=[_ics_attachment(event, ical.TENTATIVE)],
        )
    EventInvitation.objects.filter(pk__in=[i.pk for i in pending]).update(mailed_at=timezone.now())


@transaction.atomic
def save_event(*, form, questions, invited=(), actor) -> Event:
    """Create or change an event from the staff form and its questions formset; invitations
    follow the list of addresses (new ones get a mail once the event is published)."""
    creating = form.instance.pk is None
    event = form.save(commit=False)
    if not event.slug:
        event.slug = unique_slug(event.title, exclude_pk=event.pk)
    if not creating:
        Event.objects.select_for_update().get(pk=event.pk)  # wait for registrations in progress
        event.sequence += 1  # calendar apps take the new time or place
    event.save()
    form.save_m2m()
    questions.instance = event
    questions.save()
    emails = _normalise(invited)
    event.invitations.exclude(email__in=emails).delete()
    known = set(event.invitations.values_list("email", flat=True))
    EventInvitation.objects.bulk_create(
        [EventInvitation(event=event, email=email) for email in emails if email not in known]
    )
    log_activity(
        actor=actor,
        verb="event.created" if creating else "event.changed",
        target=event,
        message=event.title,
    )
    if not creating:
        _fill_from_waiting_list(event, actor=actor)  # more places, or no limit any more
    _mail_invitations(event, actor=actor)
    return event


# --- The programme: sessions and theme tables ----------------------------------------------
@transaction.atomic
def save_programme(*, event, sessions, tables, actor, slides_kinds) -> None:
    """Save the sessions and tables formsets. A new slides file replaces the session's old one;
    "remove slides" deletes it."""
    sessions.instance = event
    sessions.save()
    for form in sessions.forms:
        session = form.instance
        if session.pk is None or form in sessions.deleted_forms:
            continue
        upload = form.cleaned_data.get("slides")
        if upload or form.cleaned_data.get("remove_slides"):
            for old in files_of(session, purpose="slides"):
                old.file.delete(save=False)
                old.delete()
        if upload:
            store_private_file(
                upload=upload, target=session, uploaded_by=actor, purpose="slides",
                kinds=slides_kinds,
            )  # fmt: skip
    tables.instance = event
    tables.save()
    log_activity(actor=actor, verb="event.programme_changed", target=event, message=event.title)


# --- Harvest -------------------------------------------------------------------------------
class HarvestConflict(Exception):
    """Someone else saved this harvest since the writer opened it."""


@transaction.atomic
def save_harvest(
    *, event, table=None, text: str, themes=None, is_public=None, base_revision, actor,
    finish: bool = True,
) -> Harvest:  # fmt: skip
    """Write the harvest of a table (or of the plenary close, `table=None`).

    The same rule as a reflection: every save raises the revision, and a save from an older
    revision by someone else is refused (HarvestConflict); the writer's own newer autosave is not
    a conflict. `finish=False` is the autosave: it writes the text and themes but never changes
    `is_public`, and writes no activity entry. `themes=None` leaves them as they are.
    """
    # Lock the table (or the event, for the plenary) so two first saves come one after another.
    if table is not None:
        table = ThemeTable.objects.select_for_update().get(pk=table.pk, event=event)
    else:
        Event.objects.select_for_update().get(pk=event.pk)
    if table is not None:
        harvest = Harvest.objects.filter(event=event, table=table).first()
    else:
        harvest = Harvest.objects.filter(event=event, table__isnull=True).first()
    if harvest is None:
        harvest = Harvest(event=event, table=table, revision=1)
        verb = "harvest.written"
    else:
        stale = harvest.revision != int(base_revision or 0)
        if stale and harvest.saved_by_id != actor.pk:
            raise HarvestConflict(_(
                "Someone else saved this harvest while you were writing. We did not save your "
                "text; it is still on the page. Copy it, then reload the page."
            ))  # fmt: skip
        harvest.revision += 1
        verb = "harvest.changed"
    harvest.text = text
    if finish and is_public is not None:
        harvest.is_public = is_public
    harvest.saved_by = actor
    harvest.save()
    if themes is not None:
        harvest.themes.set(themes)
    if finish:
        log_activity(
            actor=actor, verb=verb, target=event,
            message=table.name if table else _("Plenary close"),
        )  # fmt: skip
    return harvest


# --- Knowledge agenda ----------------------------------------------------------------------
class AgendaError(Exception):
    """The change is not possible; the message says why."""


@transaction.atomic
def save_agenda_item(*, form, actor) -> AgendaItem:
    """Create or change a knowledge-agenda item from the staff form. An item from a table or a
    harvest belongs to that event."""
    creating = form.instance.pk is None
    item = form.save(commit=False)
    source = item.source_table or item.source_harvest
    if item.event_id is None and source is not None:
        item.event_id = source.event_id
    if creating:
        item.created_by = actor
    item.save()
    log_activity(
        actor=actor,
        verb="agenda.added" if creating else "agenda.changed",
        target=item,
        message=str(item),
    )
    return item


@transaction.atomic
def set_agenda_status(*, item, status, actor) -> AgendaItem:
    """Staff, or the item's owner, move an item along: open, in progress, done or dropped."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if status == item.status:
        return item
    if status not in AgendaItem.TRANSITIONS[item.status]:
        raise AgendaError(_("This item cannot go from “%(old)s” to “%(new)s”.") % {
            "old": item.get_status_display(), "new": AgendaItem.Status(status).label,
        })  # fmt: skip
    old = item.get_status_display()
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    log_activity(
        actor=actor, verb="agenda.status", target=item,
        message=f"{old} → {item.get_status_display()}",
    )  # fmt: skip
    return item
