"""Coalitions: the funded experiments, their people, support team and grant payments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Programme
from portal.models import Organisation
from proposals.models import Proposal


class Coalition(models.Model):
    class Status(models.TextChoices):
        STARTING = "starting", _("Starting")
        ACTIVE = "active", _("Running")
        FINISHED = "finished", _("Finished")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="coalitions",
        verbose_name=_("programme"),
    )  # fmt: skip
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="coalition",
        verbose_name=_("proposal"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    neighbourhoods = models.CharField(_("neighbourhoods"), max_length=300, blank=True)
    description = models.TextField(_("short description"), blank=True)
    story = models.TextField(_("public story"), blank=True, help_text=_("Markdown."))
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STARTING
    )
    grant_amount = models.DecimalField(
        _("grant (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    organisations = models.ManyToManyField(
        Organisation, related_name="coalitions", verbose_name=_("organisations")
    )
    support_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supported_coalitions",
        verbose_name=_("support team"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")
        ordering = ["municipality", "name"]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class CoalitionMember(models.Model):
    class Role(models.TextChoices):
        CORE = "core", _("Core group")
        CONTACT = "contact", _("Contact person")
        MEMBER = "member", _("Member")

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coalition_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coalition member")
        verbose_name_plural = _("coalition members")
        constraints = [
            models.UniqueConstraint(fields=["coalition", "user"], name="coalition_member_once")
        ]

    def __str__(self):
        return f"{self.user} – {self.coalition}"


class CoalitionInvitation(models.Model):
    """A person of the proposal, or someone new, invited to the coalition's workspace."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        max_length=20, choices=CoalitionMember.Role.choices, default=CoalitionMember.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "email"],
                condition=models.Q(state="pending"),
                name="one_pending_coalition_invitation",
            )
        ]

    def __str__(self):
        return self.email


class PaymentTranche(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="tranches")
    planned_on = models.DateField(_("planned date"))
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")
        ordering = ["planned_on", "id"]

    def __str__(self):
        return f"{self.planned_on}: € {self.amount}"


class CoalitionMessage(models.Model):
    """A message in the thread between a coalition and the fund, shown in the workspace."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"))
    from_fund = models.BooleanField(
        default=False,
        help_text="Written by fund staff or the support team (their role when they wrote it).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coalition message")
        verbose_name_plural = _("coalition messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["coalition", "-created_at"])]

    def __str__(self):
        return f"{self.coalition_id} @ {self.created_at:%Y-%m-%d %H:%M}: {self.text[:40]}"


class LearningGroup(models.Model):
    """Registrations of a one-stage registration call (a learning trajectory) that learn
    together. A registration is in at most one group (LearningGroupMember)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="learning_groups",
        verbose_name=_("call"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Proposal, through="LearningGroupMember", related_name="learning_groups",
        verbose_name=_("registrations"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="learning_group_name_once")
        ]

    def __str__(self):
        return self.name


class LearningGroupMember(models.Model):
    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="memberships")
    # One group at a time: moving a registration to another group changes this row.
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="learning_group_member"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.proposal_id} in {self.group_id}"
