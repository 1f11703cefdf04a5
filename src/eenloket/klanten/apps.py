from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlantenConfig(AppConfig):
    name = "eenloket.klanten"
    label = "klanten"
    verbose_name = _("Klanten")

    def ready(self) -> None:
        # registers the BRP/KvK processing activities, so the register is complete at start
        from eenloket.klanten import brp  # noqa: F401
