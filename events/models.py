"""Learning events and who registers for them.

An event belongs to a programme (and optionally a call and some coalitions). Its audience says who
may see it and register: the programme's coalitions, the applicants of a call, invited people, or
everyone. Registration changes go through events.services only (the capacity is checked under a
row lock on the event). Later parts of the events app (sessions, theme tables, harvest, the
knowledge agenda) hang off Event too: sessions and theme tables make its programme, a harvest
is written per table and for the plenary close, and knowledge-agenda items (per programme) come
from a table, a harvest, a reflection, or staff.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Programme
from coalitions.models import Coalition, LearningGroup
from reflections.models import Reflection, Theme


class Event(models.Model):
    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Kick-off")
        PITSTOP = "pitstop", _("Pitstop")
        LEARNING_MEETING = "learning_meeting", _("Joint learning meeting")
        NATIONAL = "national", _("National event")
        SYMPOSIUM = "symposium", _("Symposium")
        WEBINAR = "webinar", _("Webinar")

    class Audience(models.TextChoices):
        COALITIONS = "coalitions", _("The coalitions of the programme")
        APPLICANTS = "applicants", _("The applicants of a call")
        INVITED = "invited", _("Invited people")
        LEARNING_GROUPS = "learning_groups", _("Learning groups")
        PUBLIC = "public", _("Everyone (public)")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", verbose_name=_("programme")
    )
    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.PROTECT, related_name="events",
        verbose_name=_("call"),
        help_text=_("Needed when the event is for the applicants of a call."),
    )  # fmt: skip
    coalitions = models.ManyToManyField(
        Coalition, blank=True, related_name="events", verbose_name=_("linked coalitions"),
        help_text=_("For the coalitions' audience: only these coalitions. None: all coalitions "
                    "of the programme."),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Name and address of the venue.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    audience = models.CharField(
        _("who may come"), max_length=20, choices=Audience.choices, default=Audience.COALITIONS
    )
    learning_groups = models.ManyToManyField(
        LearningGroup, blank=True, related_name="events", verbose_name=_("learning groups"),
        help_text=_("For the audience “Learning groups”: the people of these groups' "
                    "registrations may come."),
    )  # fmt: skip
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True,
        help_text=_("Empty: people can register until the event starts."),
    )  # fmt: skip
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events",
        verbose_name=_("organisers"),
    )  # fmt: skip
    is_published = models.BooleanField(_("published"), default=False)
    # The registration form: which of the standard questions are asked (free questions below).
    ask_organisation = models.BooleanField(_("ask for the organisation"), default=True)
    ask_role = models.BooleanField(_("ask for the role"), default=False)
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_accessibility = models.BooleanField(_("ask about accessibility needs"), default=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "audience", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def closes_at(self):
        """The moment registration closes: the deadline, or else the start."""
        return self.registration_deadline or self.starts_at

    def is_past(self, moment=None) -> bool:
        return self.ends_at < (moment or timezone.now())

    def registration_closed(self, moment=None) -> bool:
        return (moment or timezone.now()) >= self.closes_at

    @property
    def free_places(self) -> int | None:
        """Places left (None: no limit). Needs the `registered_count` of queries.with_counts."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count, 0)


class EventQuestion(models.Model):
    """A free question on an event's registration form."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.text

    @property
    def key(self) -> str:
        """The key of the answer in Registration.answers."""
        return f"q{self.pk}"


class EventInvitation(models.Model):
    """Someone invited to an event with the "invited people" audience, by email address."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    mailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="event_invitation_once")
        ]

    def __str__(self):
        return self.email


class Registration(models.Model):
    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        State.REGISTERED: {State.CANCELLED},
        State.WAITING: {State.REGISTERED, State.CANCELLED},
        State.CANCELLED: set(),
    }
    ACTIVE = (State.REGISTERED, State.WAITING)

    # The keys of the standard questions in `answers`; free questions use EventQuestion.key.
    STANDARD_QUESTIONS = {
        "organisation": _("Organisation"),
        "role": _("Role"),
        "dietary": _("Dietary needs"),
        "accessibility": _("Accessibility needs"),
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    position = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~models.Q(state="cancelled"),
                name="one_active_registration",
            ),
        ]
        indexes = [models.Index(fields=["event", "state", "position"])]

    def __str__(self):
        return f"{self.user} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL: calendar apps poll it without a session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return str(self.user)


# --- The programme: sessions and theme tables ------------------------------------------------
class Session(models.Model):
    """A part of the programme: a keynote, a workshop round, the plenary close. Slides are a
    private file of the session (purpose "slides"); `slides_public` opens them to everyone who
    may see the event, otherwise only participants and staff download them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    slides_public = models.BooleanField(
        _("slides for everyone who may see the event"), default=False,
        help_text=_("Otherwise only participants and staff can download the slides."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "id"]

    def __str__(self):
        return self.title


class ThemeTable(models.Model):
    """A theme table (thematafel): a host and a few people talk about one or more questions."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("table name"), max_length=200)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hosted_tables", verbose_name=_("host"),
        help_text=_("A host with an account can write the harvest of this table."),
    )  # fmt: skip
    host_name = models.CharField(
        _("host (name)"), max_length=200, blank=True,
        help_text=_("For a host without an account."),
    )  # fmt: skip
    questions = models.TextField(_("questions"), blank=True, help_text=_("One question per line."))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="theme_tables",
        verbose_name=_("participants"),
    )  # fmt: skip
    participant_names = models.TextField(
        _("other participants"), blank=True, help_text=_("Names of people without an account.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme table")
        verbose_name_plural = _("theme tables")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def host_display(self) -> str:
        if self.host_id:
            return self.host.name or self.host.email
        return self.host_name


class Harvest(models.Model):
    """What a table (or the plenary close, `table` empty) yielded: Markdown notes, written
    together by the hosts and staff. Every save raises the revision; a save from an older
    revision by someone else is refused (events.services.save_harvest)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="harvests")
    table = models.ForeignKey(
        ThemeTable, null=True, blank=True, on_delete=models.CASCADE, related_name="harvests",
        verbose_name=_("theme table"),
    )  # fmt: skip
    text = models.TextField(_("harvest"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="harvests", verbose_name=_("themes")
    )
    is_public = models.BooleanField(
        _("public"), default=False,
        help_text=_("Everyone can read it when the event is public. Otherwise only "
                    "participants and staff."),
    )  # fmt: skip
    revision = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")
        ordering = ["event", "table__order", "table_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["table"], condition=models.Q(table__isnull=False),
                name="one_harvest_per_table",
            ),
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(table__isnull=True),
                name="one_plenary_harvest_per_event",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.event}: {self.table or _('plenary')}"

    @property
    def is_plenary(self) -> bool:
        return self.table_id is None


# --- Knowledge agenda ------------------------------------------------------------------------
class AgendaItem(models.Model):
    """A question or proposal on a programme's knowledge agenda (kennisagenda), with an owner,
    a status and a follow-up date (the reminder engine mails the owner before it). It comes from
    a theme table, a harvest or a reflection, or staff add it themselves."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        PROPOSAL = "proposal", _("Proposal")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    TRANSITIONS = {
        Status.OPEN: {Status.IN_PROGRESS, Status.DONE, Status.DROPPED},
        Status.IN_PROGRESS: {Status.OPEN, Status.DONE, Status.DROPPED},
        Status.DONE: {Status.IN_PROGRESS},
        Status.DROPPED: {Status.OPEN},
    }
    ACTIVE = (Status.OPEN, Status.IN_PROGRESS)

    class Source(models.TextChoices):
        """Where an item came from (for the filter; derived from the source fields)."""

        TABLE = "table", _("Theme table")
        HARVEST = "harvest", _("Harvest")
        REFLECTION = "reflection", _("Reflection")
        STAFF = "staff", _("Added by staff")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="agenda_items",
        verbose_name=_("programme"),
    )  # fmt: skip
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items",
        verbose_name=_("event"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    text = models.TextField(_("text"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="agenda_items", verbose_name=_("owner"),
        help_text=_("Gets a reminder before the follow-up date and may change the status."),
    )  # fmt: skip
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True,
        help_text=_("For an owner without an account, or an organisation."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    source_table = models.ForeignKey(
        ThemeTable, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items",
        verbose_name=_("from theme table"),
    )  # fmt: skip
    source_harvest = models.ForeignKey(
        Harvest, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items",
        verbose_name=_("from harvest"),
    )  # fmt: skip
    source_reflection = models.ForeignKey(
        Reflection, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="agenda_items", verbose_name=_("from reflection"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("knowledge-agenda item")
        verbose_name_plural = _("knowledge-agenda items")
        ordering = ["programme", "follow_up_on", "id"]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["status", "follow_up_on"]),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def source(self) -> str:
        if self.source_table_id:
            return self.Source.TABLE
        if self.source_harvest_id:
            return self.Source.HARVEST
        if self.source_reflection_id:
            return self.Source.REFLECTION
        return self.Source.STAFF

    def get_source_display(self) -> str:
        return self.Source(self.source).label

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return self.owner.name or self.owner.email
        return self.owner_name

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
