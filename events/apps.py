from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Learning events, registrations, harvest, knowledge agenda."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import demo, privacy, reminders, reports, sections  # noqa: F401  (they register)
