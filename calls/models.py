"""Programmes, calls, their stages and the form builder (sections and questions)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.reminders import default_reminder_days, validate_reminder_days


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), unique=True)
    description = models.TextField(_("description"), blank=True)
    fund = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("fund"),
    )
    # How long personal data stays (AVG/GDPR); `manage.py apply_retention` acts on it.
    keep_drafts_days = models.PositiveIntegerField(
        _("keep unsent drafts (days)"), default=365,
        help_text=_("Drafts not changed for this long are deleted."),
    )  # fmt: skip
    keep_declined_days = models.PositiveIntegerField(
        _("keep declined proposals (days)"), default=730,
        help_text=_("After this long, the answers, budget, files and people of a declined "
                    "proposal are removed. Its reference, call and decision stay."),
    )  # fmt: skip
    second_factor_for_reviewers_and_support = models.BooleanField(
        _("reviewers and support team log in in two steps"), default=False,
        help_text=_("They read plans and reflections that are not public. With this on, they "
                    "need a code from an app on their phone as well as their password."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Draft")
        PUBLISHED = "gepubliceerd", _("Published")
        CLOSED = "gesloten", _("Closed")
        ARCHIVED = "gearchiveerd", _("Archived")

    class Kind(models.TextChoices):
        TWO_STAGE = "two_stage", _("Two stages: short proposal, then full plan")
        REGISTRATION = "registration", _("One stage: registration")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in links"), unique=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("explanation"), blank=True, help_text=_("Markdown."))
    faq = models.TextField(_("frequently asked questions"), blank=True, help_text=_("Markdown."))
    contact_email = models.EmailField(_("contact email address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TWO_STAGE)
    max_amount = models.DecimalField(
        _("maximum amount per proposal (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    expected_shortlist = models.PositiveIntegerField(
        _("expected number invited for a full plan"), null=True, blank=True
    )
    expected_selected = models.PositiveIntegerField(
        _("expected number selected"), null=True, blank=True
    )
    scores_hidden_until_own_review = models.BooleanField(
        _("reviewers see others' scores only after their own"), default=True
    )
    reference_prefix = models.CharField(
        _("prefix of reference numbers"),
        max_length=8,
        default="SS",
        help_text=_("For example BB gives BB-2026-0007."),
    )
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("reminders: days before a deadline"),
        default=default_reminder_days,
        blank=True,
        size=8,
        validators=[validate_reminder_days],
        help_text=_(
            "Applicants and reviewers get a reminder at 09:00 on these days before each deadline. "
            "0 is the day itself. Separate the numbers with commas, for example 14,7,1,0. "
            "Leave empty for no reminders."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EligibilityRule(models.Model):
    """At least `minimum` organisations of `organisation_kind` must take part in a proposal."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_rules")
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=Organisation.Kind.choices
    )
    minimum = models.PositiveSmallIntegerField(_("at least"), default=1)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation_kind"], name="eligibility_once")
        ]

    def __str__(self):
        return f"≥ {self.minimum} {self.get_organisation_kind_display()}"


class QuickCheckQuestion(models.Model):
    """A yes/no question a visitor answers to see whether the call fits, before signing up."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quick_check")
    text = models.CharField(_("question"), max_length=300)
    fitting_answer = models.BooleanField(_("answer that fits the call"), default=True)
    explanation = models.CharField(
        _("explanation when it does not fit"), max_length=500, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quick check question")
        verbose_name_plural = _("quick check questions")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class Stage(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        FULL_PLAN = "full_plan", _("Full plan")
        REGISTRATION = "registration", _("Registration")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    has_budget = models.BooleanField(_("asks for a budget"), default=False)
    invitation_only = models.BooleanField(
        _("only for invited proposals"),
        default=False,
        help_text=_("The full plan: only proposals that staff invited can open this stage."),
    )
    review_due = models.DateTimeField(_("reviews due"), null=True, blank=True)
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"), default=2
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["call", "order"]
        constraints = [models.UniqueConstraint(fields=["call", "order"], name="stage_order_once")]

    def __str__(self):
        return f"{self.call}: {self.name}"

    def is_past_deadline(self, moment=None) -> bool:
        """The deadline is one moment: at or after it, nothing can be submitted."""
        return self.deadline is not None and (moment or timezone.now()) >= self.deadline


class Milestone(models.Model):
    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Submission deadline")
        ANNOUNCEMENT = "announcement", _("Announcement")
        EVENT = "event", _("Event")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("important date")
        verbose_name_plural = _("important dates")
        ordering = ["at", "id"]

    def __str__(self):
        return self.name


class Section(models.Model):
    """A page of a stage's form."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["stage", "order", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        AMOUNT = "amount", _("Amount in euros")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        EMAIL = "email", _("Email address")
        URL = "url", _("Web address")
        FILE = "file", _("File")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same when the text changes; used in exports and reports."),
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    max_chars = models.PositiveIntegerField(_("maximum characters"), null=True, blank=True)
    max_words = models.PositiveIntegerField(_("maximum words"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    condition_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        verbose_name=_("show only when this question"),
    )
    condition_value = models.CharField(
        _("has this answer"),
        max_length=200,
        blank=True,
        help_text=_("For yes/no questions: yes or no."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section", "order", "id"]

    def __str__(self):
        return self.text


class ReviewCriterion(models.Model):
    """What reviewers score a stage's proposals on, from 1 to 5."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["stage", "order", "id"]

    def __str__(self):
        return self.name
