"""Programmes and their calls. The form builder, stages and milestones follow in the calls issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation


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

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in links"), unique=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title
