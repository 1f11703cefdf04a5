from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactenConfig(AppConfig):
    name = "eenloket.contacten"
    label = "contacten"
    verbose_name = _("Contacten")

    def ready(self) -> None:
        from eenloket.contacten import tasks  # noqa: F401  (registers periodic jobs and handlers)
