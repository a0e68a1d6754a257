"""The learning framework, pitstops and reflections of coalitions, and shared themes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Programme
from coalitions.models import Coalition


class Framework(models.Model):
    """A learning framework such as "Lokaal Samenspel": the elements coalitions reflect on."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="frameworks")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(
        _("example elements"), default=False,
        help_text=_("Shown with a warning: replace the elements with the official ones."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("learning framework")
        verbose_name_plural = _("learning frameworks")

    def __str__(self):
        return self.name


class Element(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="elements")
    name = models.CharField(_("name"), max_length=200)
    explanation = models.TextField(_("short explanation"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["framework", "order", "id"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A common thread (rode draad): curated by staff; members may propose new ones."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    approved = models.BooleanField(_("approved"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Pitstop(models.Model):
    """A local reflection meeting of one coalition."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="pitstops")
    title = models.CharField(_("title"), max_length=200, default="Pitstop")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_pitstops",
        verbose_name=_("facilitators"),
    )  # fmt: skip
    participants = models.TextField(_("who takes part"), blank=True)

    class Meta:
        verbose_name = _("pitstop")
        verbose_name_plural = _("pitstops")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.title} {self.date:%d-%m-%Y}"


class Reflection(models.Model):
    class Kind(models.TextChoices):
        PITSTOP_REPORT = "pitstop_report", _("Pitstop report")
        LOGBOOK = "logbook", _("Logbook entry")
        JOINT = "joint", _("Joint reflection")

    class Visibility(models.TextChoices):
        COALITION = "coalition", _("Only our coalition")
        FUND = "fund", _("Our coalition, the fund and the support team")
        PUBLIC = "public", _("Public lesson for everyone")

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOGBOOK)
    date = models.DateField(_("date"))
    pitstop = models.ForeignKey(
        Pitstop, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections",
        verbose_name=_("pitstop"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    flow = models.TextField(_("what goes well (flow)"), blank=True)
    friction = models.TextField(_("where it rubs (schuurplekken)"), blank=True)
    learned = models.TextField(_("what we learned"), blank=True)
    next_steps = models.TextField(_("what we will try next"), blank=True)
    other_factors = models.TextField(
        _("other things that mattered"), blank=True,
        help_text=_("Things outside the framework that helped or got in the way."),
    )  # fmt: skip
    podcast_url = models.URLField(_("link to a podcast"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="reflections", verbose_name=_("themes")
    )
    visibility = models.CharField(
        _("who may read this"), max_length=20, choices=Visibility.choices,
        default=Visibility.FUND,
    )  # fmt: skip
    is_draft = models.BooleanField(
        _("draft"), default=False,
        help_text=_("A draft is read only by the people who write in the coalition."),
    )  # fmt: skip
    revision = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip  (the last writer: your own autosave is never a conflict for you)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["coalition", "visibility", "-date"])]

    def __str__(self):
        return self.title


class ElementRating(models.Model):
    """How strongly one element of the framework showed up: 1–5, or None for not applicable."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    why = models.CharField(_("why"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reflection", "element"], name="rating_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.element_id}: {self.score}"
