"""Coalitions: the funded experiments, their people, support team and grant payments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Programme
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
