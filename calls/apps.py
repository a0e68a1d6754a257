from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Programmes, calls, stages, milestones, questions."""

    name = "calls"
    verbose_name = _("Calls")

    def ready(self):
        from calls import home  # noqa: F401  (registers the open calls on the home page)
