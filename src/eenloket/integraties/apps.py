from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegratiesConfig(AppConfig):
    name = "eenloket.integraties"
    label = "integraties"
    verbose_name = _("Koppelingen")
