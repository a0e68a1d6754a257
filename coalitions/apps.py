from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionsConfig(AppConfig):
    """Coalitions, members, grants and payments."""

    name = "coalitions"
    verbose_name = _("Coalitions")

    def ready(self):
        from coalitions import demo, sections, timeline  # noqa: F401  (they register themselves)
