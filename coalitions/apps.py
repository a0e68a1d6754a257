from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionsConfig(AppConfig):
    """Coalitions, members, grants and payments."""

    name = "coalitions"
    verbose_name = _("Coalitions")

    def ready(self):
        import coalitions.reminders  # noqa: F401  (registers its reminder rules)
        from coalitions import demo, privacy, reports, sections, timeline  # noqa: F401
        from coalitions.queries import supports_in_a_programme_asking_two_steps
        from portal import registry

        registry.register_second_factor_rule(supports_in_a_programme_asking_two_steps)
