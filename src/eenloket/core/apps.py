from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "eenloket.core"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from eenloket.core import checks, tasks  # noqa: F401  (registers checks and jobs)
