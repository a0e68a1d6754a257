from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # The core's own reminder rules register like any app's.
        from portal import reminder_rules  # noqa: F401
        from portal.reports import register_report_sections

        register_report_sections()

        from allauth.mfa.signals import authenticator_added

        from portal.middleware import record_second_factor_on_set_up

        authenticator_added.connect(record_second_factor_on_set_up)
