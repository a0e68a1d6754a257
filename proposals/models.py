"""Proposals: answers per question, the people and organisations behind them, budgets."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Question, Stage
from portal.models import Organisation


class Proposal(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INVITED = "invited", _("Invited to write a full plan")
        FULL_PLAN_SUBMITTED = "full_plan_submitted", _("Full plan submitted")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE_STATES = {State.DRAFT, State.INVITED}
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
        State.SUBMITTED: {State.INVITED, State.DECLINED, State.SELECTED, State.WITHDRAWN},
        State.INVITED: {State.FULL_PLAN_SUBMITTED, State.WITHDRAWN, State.DECLINED},
        State.FULL_PLAN_SUBMITTED: {State.SELECTED, State.DECLINED, State.WITHDRAWN},
        State.SELECTED: set(),
        State.DECLINED: set(),
        State.WITHDRAWN: set(),
    }

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text="The stage the applicants work on now.",
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True, null=True, blank=True)
    title = models.CharField(_("title of your plan"), max_length=200)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_proposals",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_proposals",
        verbose_name=_("partner organisations"),
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="proposals", verbose_name=_("applicants")
    )
    state = models.CharField(_("status"), max_length=30, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every save: two people never overwrite each other."
    )
    own_contribution = models.DecimalField(
        _("own contribution (euro)"), max_digits=12, decimal_places=2, default=0
    )
    other_funders_amount = models.DecimalField(
        _("from other funders (euro)"), max_digits=12, decimal_places=2, default=0
    )
    other_funders = models.CharField(_("which other funders"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self):
        return f"{self.reference or _('draft')}: {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES


class Answer(models.Model):
    """One answer. It keeps the question text as it was asked, so later edits lose nothing."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_key = models.SlugField(max_length=60)
    question_text = models.CharField(max_length=500)
    value = models.JSONField(null=True, blank=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Raised by every change: a save based on an older revision is refused."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="answer_once")]

    def __str__(self):
        return f"{self.question_key}: {self.value!r}"[:80]


class StageSubmission(models.Model):
    """A stage of a proposal sent in: its answers are frozen from then on."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="submissions")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "stage"], name="submission_once")
        ]

    def __str__(self):
        return f"{self.proposal_id} / {self.stage_id} @ {self.submitted_at:%Y-%m-%d %H:%M}"


def _token():
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A co-applicant invited by email; they sign up and then edit the same proposal."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, default=_token)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "email"],
                condition=models.Q(state="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return self.email


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        PEOPLE = "people", _("People and hours")
        ACTIVITIES = "activities", _("Activities")
        MATERIALS = "materials", _("Materials")
        COMMUNICATION = "communication", _("Communication")
        LEARNING = "learning", _("Learning and reflection")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.description}: € {self.amount}"


class ReferenceCounter(models.Model):
    """The last reference number per call and year, taken under a row lock."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "year"], name="reference_counter_once")
        ]

    def __str__(self):
        return f"{self.call_id}/{self.year}: {self.last_number}"
