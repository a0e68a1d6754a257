"""The core: people, organisations, and the records every app shares (activity, mail, files)."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    """Roles held as auth groups; applicants and coalition members follow from their relations."""

    STAFF = "staff", _("Fund staff")
    REVIEWER = "reviewer", _("Reviewer")
    SUPPORT = "support", _("Support team")
    HELPER = "helper", _("Writing helper")


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def has_role(self, role: str) -> bool:
        # Reads the prefetched groups when a queryset used queries.users_with_roles().
        return any(group.name == role for group in self.groups.all())


class Organisation(models.Model):
    class Kind(models.TextChoices):
        RESIDENT_INITIATIVE = "bewonersinitiatief", _("Resident initiative")
        WELFARE = "welzijnsorganisatie", _("Welfare organisation")
        MUNICIPALITY = "gemeente", _("Municipality")
        HOUSING = "woningcorporatie", _("Housing corporation")
        CARE = "zorgorganisatie", _("Care organisation")
        KNOWLEDGE = "kennisinstelling", _("Knowledge institution")
        FUND = "fonds", _("Fund")
        OTHER = "anders", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=30, choices=Kind.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    kvk_number = models.CharField(
        _("Chamber of Commerce number"),
        max_length=8,
        blank=True,
        help_text=_("Optional. Eight digits."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "municipality"], name="organisation_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})" if self.municipality else self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class ActivityEntry(models.Model):
    """Who did what to which object, when: the audit trail and the staff timeline."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(max_length=60)
    message = models.CharField(max_length=300, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb}"


class OutboxMessageQuerySet(models.QuerySet):
    def sign_in(self):
        return self.filter(_sign_in_kinds())

    def not_sign_in(self):
        return self.exclude(_sign_in_kinds())


# Mail that proves who someone is (login codes, reset links, email verification, two-factor and
# password changes). allauth sends it with these template names; only its recipient may read it.
SIGN_IN_KIND_PREFIXES = ("account/", "mfa/")


def _sign_in_kinds() -> models.Q:
    query = models.Q()
    for prefix in SIGN_IN_KIND_PREFIXES:
        query |= models.Q(kind__startswith=prefix)
    return query


class OutboxMessage(models.Model):
    """Every mail the portal sends is a row first; a Celery task delivers it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        State.DRAFT: {State.QUEUED},
        State.QUEUED: {State.SENT, State.FAILED},
        State.FAILED: {State.QUEUED},
        State.SENT: set(),
    }

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_received",
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=5, default=settings.LANGUAGE_CODE)
    kind = models.CharField(max_length=80, blank=True, help_text="Template or purpose of the mail.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Names of private files: [{name, path, mimetype}]."
    )
    related_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra mail headers, e.g. List-Unsubscribe."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["state", "queued_at"]),
        ]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"

    @property
    def is_sign_in(self) -> bool:
        return self.kind.startswith(SIGN_IN_KIND_PREFIXES)


class ReminderSent(models.Model):
    """One row per (rule, object, recipient, moment): the reason a reminder is never sent twice.

    The recipient is a user, or (for people without an account, such as an invited co-applicant)
    only an email address in `to_email`."""

    rule = models.CharField(max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_email = models.EmailField(blank=True)
    moment = models.DateTimeField()
    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "target_type", "target_id", "recipient", "moment"],
                name="reminder_once",
            ),
            models.UniqueConstraint(
                fields=["rule", "target_type", "target_id", "to_email", "moment"],
                condition=models.Q(recipient__isnull=True),
                name="reminder_once_by_email",
            ),
        ]
        indexes = [models.Index(fields=["rule", "moment"]), models.Index(fields=["-created_at"])]

    def __str__(self):
        who = self.recipient_id or self.to_email
        return f"{self.rule} → {who} @ {self.moment:%Y-%m-%d %H:%M}"


class MailOptOut(models.Model):
    """Someone does not want one optional kind of mail (portal.mail.optional_kinds()).

    Kept per email address, so a person without an account (an invited co-applicant) can opt out
    too. Essential mail (decisions, deadlines of one's own proposal) has no kind and always goes
    out."""

    email = models.EmailField()
    kind = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mail opt-out")
        verbose_name_plural = _("mail opt-outs")
        constraints = [models.UniqueConstraint(fields=["email", "kind"], name="opt_out_once")]

    def __str__(self):
        return f"{self.email}: {self.kind}"


def private_upload_path(instance, filename):
    # The stored name never contains the uploader's file name: no path tricks, no guessing.
    return f"{instance.target_type.app_label}/{uuid.uuid4().hex}"


class PrivateFile(models.Model):
    """An upload attached to any object; readable by whoever may view that object."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(max_length=60, blank=True)
    file = models.FileField(upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return self.original_name


class ReportJob(models.Model):
    """A large PDF report made by the worker: the maker sees its progress and gets a mail."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=40)
    identifier = models.CharField(max_length=200)
    options = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5, default=settings.LANGUAGE_CODE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.identifier} ({self.state})"


class FieldRevision(models.Model):
    """The revision of one field of one object that people edit in the portal's editors.

    Every save of the field raises it and records which editor (one page in one browser tab)
    and which person wrote it, so a save from an older revision is a conflict only when
    someone else wrote in between (`portal.editing`).
    """

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    field = models.CharField(max_length=100)
    revision = models.PositiveIntegerField(default=0)
    editor = models.CharField(max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "field"], name="field_revision_once"
            )
        ]

    def __str__(self):
        return f"{self.target_type_id}:{self.target_id}:{self.field} r{self.revision}"
