from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionsConfig(AppConfig):
    """Learning framework, pitstops, reflections, themes."""

    name = "reflections"
    verbose_name = _("Reflections")

    def ready(self):
        import reflections.reminders  # noqa: F401  (registers its reminder rules)
        from reflections import demo, privacy, reports, sections, timeline  # noqa: F401
