"""Fixed values of the foundation: organisation kinds, roles, processing-log actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")


class TeamSoort(models.TextChoices):
    KCC = "kcc", _("Klantcontactcentrum")
    PRODUCTGROEP = "productgroep", _("Productgroep")
    AFDELING = "afdeling", _("Afdeling")
    BUITENDIENST = "buitendienst", _("Buitendienst")


class Rol(models.TextChoices):
    KCC_MEDEWERKER = "kcc_medewerker", _("KCC-medewerker")
    BEHANDELAAR = "behandelaar", _("Behandelaar")
    TEAMLEIDER = "teamleider", _("Teamleider")
    BUITENDIENST = "buitendienst", _("Buitendienst")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    SYSTEEM = "systeem", _("Systeemclient (API)")


class VerwerkingActie(models.TextChoices):
    """The kind of processing, as in the VNG Verwerkingenlogging standard."""

    LEZEN = "lezen", _("Lezen")
    AANMAKEN = "aanmaken", _("Aanmaken")
    WIJZIGEN = "wijzigen", _("Wijzigen")
    VERWIJDEREN = "verwijderen", _("Verwijderen")
    EXPORTEREN = "exporteren", _("Exporteren")
    ZOEKEN = "zoeken", _("Zoeken")


class Vertrouwelijkheid(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    VERTROUWELIJK = "vertrouwelijk", _("Vertrouwelijk")
    OPGEHEVEN = "opgeheven", _("Opgeheven")


class BerichtStatus(models.TextChoices):
    WACHTEND = "wachtend", _("Wachtend")
    VERZONDEN = "verzonden", _("Verzonden")
    MISLUKT = "mislukt", _("Mislukt")


class AfleveringStatus(models.TextChoices):
    WACHTEND = "wachtend", _("Wachtend")
    AFGELEVERD = "afgeleverd", _("Afgeleverd")
    MISLUKT = "mislukt", _("Definitief mislukt")
