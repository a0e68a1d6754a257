from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Proposals, answers, budgets, reviews, decisions."""

    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        import proposals.reminders  # noqa: F401  (registers its reminder rules)
        from portal import registry
        from proposals import demo, privacy, reports, staff_sections  # noqa: F401  (they register)
        from proposals.queries import reviews_in_a_programme_asking_two_steps

        registry.register_second_factor_rule(reviews_in_a_programme_asking_two_steps)
