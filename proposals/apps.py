from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Proposals, answers, budgets, reviews, decisions."""

    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        import proposals.reminders  # noqa: F401  (registers its reminder rules)
        from proposals import demo, privacy, reports, staff_sections  # noqa: F401  (they register)
