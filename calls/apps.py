from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Programmes, calls, stages, milestones, questions."""

    name = "calls"
    verbose_name = _("Calls")

    def ready(self):
        # Registers the open calls on the home page and the demo calls with seed_demo.
        from calls import demo, home  # noqa: F401
