from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionsConfig(AppConfig):
    """Learning framework, pitstops, reflections, themes."""

    name = "reflections"
    verbose_name = _("Reflections")

    def ready(self):
        from reflections import demo, sections, timeline  # noqa: F401  (they register themselves)
