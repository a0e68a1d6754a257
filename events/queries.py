"""Querysets of events, registrations, the programme and the knowledge agenda, with their joins.
Who may see an event is decided here once (`visible_events`), and events.rules asks the same
question for a single event; the knowledge agenda a person may read is `agenda_for`."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from coalitions.models import Coalition, CoalitionMember
from events.models import (
    AgendaItem,
    Event,
    EventInvitation,
    Harvest,
    Registration,
    Session,
    ThemeTable,
)
from portal.models import PrivateFile
from portal.rules import is_fund_staff, is_support_team
from proposals.models import Proposal

Audience = Event.Audience
State = Registration.State


def audience_filter(user) -> Q:
    """The events of which `user` is in the audience (published or not)."""
    allowed = Q(audience=Audience.PUBLIC)
    if not user.is_authenticated:
        return allowed
    coalitions = Coalition.objects.filter(Q(members__user=user) | Q(support_team=user))
    linked = Event.coalitions.through.objects.filter(event=OuterRef("pk"))
    allowed |= Q(audience=Audience.COALITIONS) & (
        Exists(linked.filter(coalition__in=coalitions.values("pk")))
        | (~Exists(linked) & Q(programme__in=coalitions.values("programme")))
    )
    allowed |= Q(
        audience=Audience.APPLICANTS,
        call__in=Proposal.objects.filter(people=user).values("call"),
    )
    allowed |= Q(audience=Audience.INVITED) & Exists(
        EventInvitation.objects.filter(event=OuterRef("pk"), email__iexact=user.email)
    )
    allowed |= Q(audience=Audience.LEARNING_GROUPS) & Exists(
        Event.learning_groups.through.objects.filter(
            event=OuterRef("pk"), learninggroup__memberships__proposal__people=user
        )
    )
    return allowed


def visible_events(user):
    """Every event this person may open: staff see all; organisers their own; others the
    published events whose audience they are in."""
    events = Event.objects.all()
    if is_fund_staff(user):
        return events
    visible = Q(is_published=True) & audience_filter(user)
    if user.is_authenticated:
        visible |= Q(pk__in=Event.organisers.through.objects.filter(user=user).values("event"))
    return events.filter(visible)


def with_counts(events):
    return events.annotate(
        registered_count=Count("registrations", filter=Q(registrations__state=State.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__state=State.WAITING)),
    )


def public_events(now=None):
    """(upcoming, past): the published public events; upcoming soonest first, past newest first."""
    now = now or timezone.now()
    events = with_counts(
        Event.objects.filter(is_published=True, audience=Audience.PUBLIC).select_related(
            "programme"
        )
    )
    return (
        list(events.filter(ends_at__gte=now).order_by("starts_at", "id")),
        list(events.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:50]),
    )


def event_for_page(slug):
    return (
        with_counts(Event.objects.select_related("programme", "call"))
        .prefetch_related("questions", "organisers", "coalitions", "learning_groups")
        .get(slug=slug)
    )


def active_registration(event, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(
        event=event, user=user, state__in=Registration.ACTIVE
    ).first()


def registrations_of(user):
    """A person's registrations that still count, with their events, soonest first."""
    return (
        Registration.objects.filter(user=user, state__in=Registration.ACTIVE)
        .select_related("event", "event__programme")
        .order_by("event__starts_at", "event_id")
    )


def upcoming_for(user, now=None, exclude_registered=True):
    """Published events this person may register for that have not ended yet."""
    now = now or timezone.now()
    events = visible_events(user).filter(is_published=True, ends_at__gte=now)
    if exclude_registered and user.is_authenticated:
        events = events.exclude(
            pk__in=Registration.objects.filter(user=user, state__in=Registration.ACTIVE).values(
                "event"
            )
        )
    return with_counts(events.select_related("programme")).order_by("starts_at", "id")


def events_of_coalition(coalition):
    """Published events of a coalition: linked to it, or programme-wide (no coalitions linked)."""
    linked = Event.coalitions.through.objects.filter(event=OuterRef("pk"))
    return Event.objects.filter(is_published=True).filter(
        Exists(linked.filter(coalition=coalition))
        | (Q(programme=coalition.programme_id) & ~Exists(linked))
    )


def staff_events():
    return with_counts(Event.objects.select_related("programme", "call")).order_by(
        "-starts_at", "-id"
    )


def registrations_for_staff(event):
    """Every registration of an event for the staff page and the exports: registered first
    (by name), then the waiting list (by place), then cancelled."""
    order = {State.REGISTERED: 0, State.WAITING: 1, State.CANCELLED: 2}
    registrations = list(
        Registration.objects.filter(event=event)
        .select_related("user")
        .prefetch_related("user__organisations")
    )
    registrations.sort(
        key=lambda r: (order[r.state], r.position or 0, (r.user.name or r.user.email).lower())
    )
    return registrations


# --- The programme: sessions, tables, harvests ----------------------------------------------
@dataclass
class EventProgramme:
    """An event's programme for its page, its staff pages and the harvest report."""

    sessions: list = field(default_factory=list)  # each with `.slides`: a PrivateFile or None
    tables: list = field(default_factory=list)  # each with `.harvest`: a Harvest or None
    plenary: Harvest | None = None

    @property
    def harvests(self) -> list:
        found = [table.harvest for table in self.tables if table.harvest is not None]
        return found + ([self.plenary] if self.plenary is not None else [])

    def __bool__(self):
        return bool(self.sessions or self.tables or self.plenary)


def slides_of(sessions) -> dict:
    """The newest slides file per session id, in one query."""
    ids = [str(session.pk) for session in sessions]
    if not ids:
        return {}
    files = PrivateFile.objects.filter(
        target_type=ContentType.objects.get_for_model(Session),
        target_id__in=ids,
        purpose="slides",
    ).order_by("pk")
    return {int(private_file.target_id): private_file for private_file in files}


def programme_of(event) -> "EventProgramme":
    """Sessions with their slides, tables with host, participants and harvest, and the plenary
    harvest: five queries whatever the size."""
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "id"))
    slides = slides_of(sessions)
    for session in sessions:
        session.slides = slides.get(session.pk)
    tables = list(
        ThemeTable.objects.filter(event=event)
        .select_related("host")
        .prefetch_related("participants")
        .order_by("order", "id")
    )
    harvests = list(
        Harvest.objects.filter(event=event).select_related("saved_by").prefetch_related("themes")
    )
    by_table = {harvest.table_id: harvest for harvest in harvests}
    for table in tables:
        table.event = event
        table.harvest = by_table.get(table.pk)
        if table.harvest is not None:
            table.harvest.table = table
    plenary = by_table.get(None)
    return EventProgramme(sessions=sessions, tables=tables, plenary=plenary)


def harvest_for(event, table=None):
    harvests = Harvest.objects.filter(event=event).prefetch_related("themes")
    harvests = harvests.filter(table=table) if table else harvests.filter(table__isnull=True)
    return harvests.first()


# --- Knowledge agenda -----------------------------------------------------------------------
SOURCE_FILTERS = {
    AgendaItem.Source.TABLE: Q(source_table__isnull=False),
    AgendaItem.Source.HARVEST: Q(source_table__isnull=True, source_harvest__isnull=False),
    AgendaItem.Source.REFLECTION: Q(
        source_table__isnull=True, source_harvest__isnull=True, source_reflection__isnull=False
    ),
    AgendaItem.Source.STAFF: Q(
        source_table__isnull=True, source_harvest__isnull=True, source_reflection__isnull=True
    ),
}


def programmes_of_member(user):
    """The programmes of the coalitions this person is a member of (a subquery)."""
    return CoalitionMember.objects.filter(user=user).values("coalition__programme")


def agenda_for(user):
    """The knowledge-agenda items this person may read, with everything the list shows joined:
    staff and the support team read all; coalition members their programmes' items; owners
    their own items."""
    items = AgendaItem.objects.select_related(
        "programme", "event", "owner", "source_table__event", "source_harvest__table",
        "source_harvest__event", "source_reflection__coalition",
    )  # fmt: skip
    if is_fund_staff(user) or is_support_team(user):
        return items
    if not user.is_authenticated:
        return items.none()
    return items.filter(Q(programme__in=programmes_of_member(user)) | Q(owner=user))


def filter_agenda(items, *, programme=None, status="", owner=None, source=""):
    if programme is not None:
        items = items.filter(programme=programme)
    if status:
        items = items.filter(status=status)
    if owner is not None:
        items = items.filter(owner=owner)
    if source in SOURCE_FILTERS:
        items = items.filter(SOURCE_FILTERS[source])
    return items.order_by("follow_up_on", "id")


def agenda_of_event(event):
    """The items that came from this event: its tables and harvests, or linked to it."""
    return (
        AgendaItem.objects.filter(
            Q(event=event) | Q(source_table__event=event) | Q(source_harvest__event=event)
        )
        .select_related("owner", "source_table", "source_harvest__table")
        .order_by("-kind", "id")
    )


def attended_by_members(coalition):
    """The registrations of the coalition's members that were attended, oldest event first."""
    return (
        Registration.objects.filter(
            user__in=CoalitionMember.objects.filter(coalition=coalition).values("user"),
            state=Registration.State.REGISTERED,
            attended=True,
        )
        .select_related("user", "event")
        .order_by("event__starts_at", "event_id", "user__name")
    )
