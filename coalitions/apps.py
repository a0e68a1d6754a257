from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionsConfig(AppConfig):
    """Coalitions, members, grants and payments."""

    name = "coalitions"
    verbose_name = _("Coalitions")

    def ready(self):
        import coalitions.reminders  # noqa: F401  (registers its reminder rules)
        from coalitions import demo, privacy, reports, sections, timeline  # noqa: F401
