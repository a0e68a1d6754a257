"""Proposals: answers per question, the people and organisations behind them, budgets."""

import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Question, ReviewCriterion, Stage
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

    class Decision(models.TextChoices):
        INVITE = "invite", _("Invite to write a full plan")
        SELECT = "select", _("Select")
        DECLINE = "decline", _("Decline")

    # The state each decision leads to when staff apply it.
    DECISION_STATES = {
        Decision.INVITE: State.INVITED,
        Decision.SELECT: State.SELECTED,
        Decision.DECLINE: State.DECLINED,
    }
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
    flagged = models.BooleanField(_("flagged"), default=False)
    pending_decision = models.CharField(
        _("decision (not sent yet)"), max_length=10, choices=Decision.choices, blank=True
    )
    decision_reason = models.TextField(
        _("reason for the decision"), blank=True, help_text=_("On record for the fund.")
    )
    decision_note = models.TextField(
        _("personal note in the mail"),
        blank=True,
        help_text=_("Goes into the decision mail to the applicants."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["call", "state"]),
            GinIndex(fields=["search_vector"], name="proposal_search"),
        ]

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
    """The last reference number per prefix and year, taken under a row lock.

    Per prefix, not per call: two calls may share a prefix, and references are unique.
    """

    prefix = models.CharField(max_length=8, default="")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_once")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class ReviewerTie(models.Model):
    """A reviewer's tie with an organisation: they never get its proposals."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_ties"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "organisation"], name="tie_once")
        ]

    def __str__(self):
        return f"{self.reviewer} – {self.organisation}"


class Review(models.Model):
    """One reviewer on one proposal in one stage: assigned, then a conflict or scores."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("To do")
        CONFLICT = "conflict", _("Conflict of interest")
        SUBMITTED = "submitted", _("Done")

    class Recommendation(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.ASSIGNED)
    no_conflict_declared = models.BooleanField(
        default=False, help_text="The reviewer said they have no conflict of interest."
    )
    conflict_reason = models.CharField(_("what is the conflict?"), max_length=300, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "stage", "reviewer"], name="review_once")
        ]
        indexes = [models.Index(fields=["reviewer", "state"])]

    def __str__(self):
        return f"{self.reviewer} on {self.proposal_id} ({self.state})"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class InternalNote(models.Model):
    """A note for the fund only; applicants and helpers never see it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:60]


class DecisionTemplate(models.Model):
    """The mail for one decision in one call; placeholders are filled per proposal."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="decision_templates")
    decision = models.CharField(max_length=10, choices=Proposal.Decision.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Placeholders: {name}, {title}, {reference}, {call}, {next_deadline}, {note}."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "decision"], name="decision_template_once")
        ]

    def __str__(self):
        return f"{self.call}: {self.get_decision_display()}"


class HelpAssignment(models.Model):
    """A writing helper for an invited proposal; help ends when the full plan is sent in."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="helpers")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "helper"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_help_per_helper",
            )
        ]

    def __str__(self):
        return f"{self.helper} helps {self.proposal_id}"


class HelpComment(models.Model):
    """A helper's comment beside an answer; the applicants see and resolve it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="help_comments")
    question_key = models.SlugField(max_length=60)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]
