from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlantenConfig(AppConfig):
    name = "eenloket.klanten"
    label = "klanten"
    verbose_name = _("Klanten")
