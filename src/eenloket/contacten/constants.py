"""Fixed values of the contact centre: channel kinds, outcomes, statuses, limits."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Text limits: generous enough for a real conversation (Open Klant stops at 200/1000
# characters, which KCC agents run into), small enough to keep a row sane.
MAX_VRAAG = 4000
MAX_ANTWOORD = 10000
MAX_NOTITIE = 4000
MAX_ONDERWERP_TEKST = 300


class KanaalSoort(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    BALIE = "balie", _("Balie")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SOCIAL = "social", _("Social media / webcare")
    BRIEF = "brief", _("Brief")
    WEBFORMULIER = "webformulier", _("Webformulier")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    OVERIG = "overig", _("Overig")


class ContactStatus(models.TextChoices):
    CONCEPT = "concept", _("Lopend (concept)")
    GEREGISTREERD = "geregistreerd", _("Geregistreerd")


class Uitkomst(models.TextChoices):
    BEANTWOORD = "beantwoord", _("Beantwoord in de eerste lijn")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    CONTACTVERZOEK = "contactverzoek", _("Contactverzoek")


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")


class ContactverzoekStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    OPEN = "open", _("Open")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


OPEN_STATUSSEN = (ContactverzoekStatus.OPEN, ContactverzoekStatus.IN_BEHANDELING)


class PogingUitkomst(models.TextChoices):
    BEREIKT = "bereikt", _("Bereikt")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt")
    VOICEMAIL = "voicemail", _("Voicemail ingesproken")
    EMAIL = "email", _("E-mail gestuurd")


class Resultaat(models.TextChoices):
    BEANTWOORD = "beantwoord", _("Vraag beantwoord")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    ZAAK = "zaak", _("Zaak gestart")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt, afgesloten")
    INGETROKKEN = "ingetrokken", _("Ingetrokken door inwoner")


class LogSoort(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Aangemaakt")
    GECLAIMD = "geclaimd", _("Opgepakt")
    TOEGEWEZEN = "toegewezen", _("Toegewezen")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen")
    POGING = "poging", _("Contactpoging")
    HERINNERING = "herinnering", _("Herinnering verstuurd")
    GEESCALEERD = "geescaleerd", _("Geëscaleerd naar teamleider")
    BERICHT = "bericht", _("Bericht aan inwoner")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class NormSoort(models.TextChoices):
    CONTACTVERZOEK = "contactverzoek", _("Contactverzoek terugbellen of beantwoorden")
    EMAIL = "email", _("E-mail of webformulier beantwoorden")


class GesprekStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    BEANTWOORD = "beantwoord", _("Beantwoord")
    GESLOTEN = "gesloten", _("Gesloten zonder antwoord")


class Richting(models.TextChoices):
    INKOMEND = "inkomend", _("Inkomend")
    UITGAAND = "uitgaand", _("Uitgaand")


class ScanStatus(models.TextChoices):
    NIET_GESCAND = "niet_gescand", _("Niet gescand (geen scanner ingesteld)")
    SCHOON = "schoon", _("Schoon")
    BESMET = "besmet", _("Besmet, geblokkeerd")
    FOUT = "fout", _("Scan mislukt, geblokkeerd")


class NormEenheid(models.TextChoices):
    """Units of a service norm; the values are those of ``core.calendar.TermijnEenheid``."""

    WERKDAGEN = "werkdagen", _("werkdagen")
    KALENDERDAGEN = "kalenderdagen", _("kalenderdagen")
    WEKEN = "weken", _("weken")
