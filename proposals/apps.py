from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Proposals, answers, budgets, reviews, decisions."""

    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from proposals import demo, staff_sections  # noqa: F401  (they register themselves)
