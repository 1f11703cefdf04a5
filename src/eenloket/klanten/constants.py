"""Fixed values for parties: preferred channels, kinds of digital address, flags."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Voorkeurskanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    BRIEF = "brief", _("Brief (alleen schriftelijk)")
    BALIE = "balie", _("Balie")
    BERICHTENBOX = "berichtenbox", _("Berichtenbox / Mijn omgeving")


class DigitaalAdresSoort(models.TextChoices):
    EMAIL = "email", _("E-mailadres")
    TELEFOONNUMMER = "telefoonnummer", _("Telefoonnummer")
    OVERIG = "overig", _("Overig")


class VlagSoort(models.TextChoices):
    ALLEEN_SCHRIFTELIJK = "alleen_schriftelijk", _("Alleen schriftelijk contact")
    SLECHTHOREND = "slechthorend", _("Slechthorend")
    SLECHTZIEND = "slechtziend", _("Slechtziend")
    TOLK = "tolk", _("Tolk nodig")
    HULP_BIJ_ZAKEN = "hulp_bij_zaken", _("Hulp of gemachtigde bij contact")
    ONGEWENST_GEDRAG = "ongewenst_gedrag", _("Registratie ongewenst gedrag")
    OVERIG = "overig", _("Overig")

    @classmethod
    def gevoelig(cls) -> frozenset[str]:
        """Flags only roles with ``klant.gevoelige_kenmerken`` may see."""
        return frozenset({cls.ONGEWENST_GEDRAG})
