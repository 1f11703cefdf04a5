"""Klantcontacten on every channel, the questions in them, contactverzoeken (callbacks
and internal tasks) with their attempts and handling log, service norms, the
omnichannel inbox (threads, messages, attachments) and incoming-call screen pops."""

from __future__ import annotations

import datetime
import uuid as uuid_lib

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.contacten.constants import (
    MAX_ANTWOORD,
    MAX_NOTITIE,
    MAX_ONDERWERP_TEKST,
    MAX_VRAAG,
    OPEN_STATUSSEN,
    ContactStatus,
    ContactverzoekStatus,
    GesprekStatus,
    KanaalSoort,
    LogSoort,
    NormEenheid,
    NormSoort,
    PogingUitkomst,
    Resultaat,
    Richting,
    ScanStatus,
    Uitkomst,
    Urgentie,
)
from eenloket.core.models import Onderwerp, Organisatie, Team, TenantModel, User
from eenloket.core.validators import validate_telefoonnummer
from eenloket.klanten.models import PartijMixin


class Kanaal(TenantModel):
    """A channel a contact can come in on; the list is configurable per organisation."""

    code = models.SlugField(_("code"), max_length=30)
    naam = models.CharField(_("naam"), max_length=100)
    soort = models.CharField(_("soort"), max_length=20, choices=KanaalSoort.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")
        ordering = ["volgorde", "naam"]
        constraints = [models.UniqueConstraint(fields=["organisatie", "code"], name="uniek_kanaal_per_org")]

    def __str__(self) -> str:
        return self.naam


class Klantcontact(PartijMixin, TenantModel):
    """One contact with a resident or business on one channel. Starts as a draft when
    the agent starts it (its timer runs from ``gestart_op``) and is registered when the
    agent closes it. A contact holds one or more questions (``Contactvraag``)."""

    nummer = models.CharField(_("nummer"), max_length=20, blank=True, db_index=True)
    kanaal = models.ForeignKey(Kanaal, on_delete=models.PROTECT, related_name="+", verbose_name=_("kanaal"))
    status = models.CharField(
        _("status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.CONCEPT
    )
    medewerker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("medewerker")
    )
    gestart_op = models.DateTimeField(_("gestart op"), default=timezone.now)
    beeindigd_op = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    contactnaam = models.CharField(
        _("naam contactpersoon"),
        max_length=200,
        blank=True,
        help_text=_("Naam die de inwoner noemt als die niet is geïdentificeerd."),
    )
    telefoonnummer = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_telefoonnummer]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    eerstelijns = models.BooleanField(_("afgehandeld in de eerste lijn"), null=True, blank=True)
    contact_gelukt = models.BooleanField(_("contact gelukt"), default=True)
    taal = models.CharField(_("taal"), max_length=3, default="nld")
    vertrouwelijk = models.BooleanField(_("vertrouwelijk"), default=False)
    idempotentiesleutel = models.CharField(_("idempotentiesleutel"), max_length=100, blank=True)
    gesprek = models.ForeignKey(
        "contacten.Inboxgesprek",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="klantcontacten",
        verbose_name=_("inboxgesprek"),
    )

    class Meta:
        verbose_name = _("klantcontact")
        verbose_name_plural = _("klantcontacten")
        ordering = ["-gestart_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "idempotentiesleutel"],
                condition=~models.Q(idempotentiesleutel=""),
                name="uniek_klantcontact_idempotentie",
            ),
            models.CheckConstraint(
                condition=~(models.Q(persoon__isnull=False) & models.Q(bedrijf__isnull=False)),
                name="klantcontact_hoogstens_een_partij",
            ),
        ]
        indexes = [
            models.Index(fields=["persoon", "-gestart_op"], name="klantcontact_persoon_idx"),
            models.Index(fields=["bedrijf", "-gestart_op"], name="klantcontact_bedrijf_idx"),
            models.Index(fields=["organisatie", "-gestart_op"], name="klantcontact_org_idx"),
            models.Index(fields=["medewerker", "status"], name="klantcontact_medewerker_idx"),
        ]

    def __str__(self) -> str:
        return self.nummer or str(self.uuid)

    @property
    def duur(self) -> datetime.timedelta | None:
        if self.beeindigd_op is None:
            return None
        return self.beeindigd_op - self.gestart_op

    @property
    def is_concept(self) -> bool:
        return self.status == ContactStatus.CONCEPT


class Contactvraag(models.Model):
    """One question in a contact: what was asked, what was answered, the topic, and the
    outcome (answered, referred, or handed on as a contactverzoek)."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    klantcontact = models.ForeignKey(
        Klantcontact, on_delete=models.CASCADE, related_name="vragen", verbose_name=_("klantcontact")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    vraag = models.TextField(_("vraag"), validators=[MaxLengthValidator(MAX_VRAAG)])
    antwoord = models.TextField(_("antwoord"), blank=True, validators=[MaxLengthValidator(MAX_ANTWOORD)])
    onderwerp = models.ForeignKey(
        Onderwerp,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("onderwerp"),
    )
    onderwerp_tekst = models.CharField(_("onderwerp (vrij)"), max_length=MAX_ONDERWERP_TEKST, blank=True)
    uitkomst = models.CharField(
        _("uitkomst"), max_length=20, choices=Uitkomst.choices, default=Uitkomst.BEANTWOORD
    )
    doorverwezen_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("doorverwezen naar team"),
    )
    doorverwezen_organisatie = models.ForeignKey(
        Organisatie,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("doorverwezen naar organisatie"),
    )
    doorverwezen_naar = models.CharField(
        _("doorverwezen naar (andere instantie)"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["klantcontact", "volgorde"]

    def __str__(self) -> str:
        return self.vraag[:80]

    @property
    def onderwerp_naam(self) -> str:
        return self.onderwerp.naam if self.onderwerp_id and self.onderwerp else self.onderwerp_tekst

    @property
    def doorverwezen_naam(self) -> str:
        if self.doorverwezen_team_id and self.doorverwezen_team:
            return self.doorverwezen_team.naam
        if self.doorverwezen_organisatie_id and self.doorverwezen_organisatie:
            return self.doorverwezen_organisatie.naam
        return self.doorverwezen_naar


class Servicenorm(TenantModel):
    """The promised term for handling a contactverzoek or answering an e-mail, per
    organisation, optionally narrowed to a team and/or subject (the most specific
    match wins; without any, the default of 2 working days applies)."""

    soort = models.CharField(
        _("soort"), max_length=20, choices=NormSoort.choices, default=NormSoort.CONTACTVERZOEK
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    onderwerp = models.ForeignKey(
        Onderwerp,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("onderwerp"),
    )
    urgentie = models.CharField(_("urgentie"), max_length=10, choices=Urgentie.choices, blank=True)
    termijn = models.PositiveSmallIntegerField(_("termijn"), validators=[MinValueValidator(0)])
    eenheid = models.CharField(
        _("eenheid"), max_length=20, choices=NormEenheid.choices, default=NormEenheid.WERKDAGEN
    )
    omschrijving = models.CharField(_("omschrijving voor inwoners"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("servicenorm")
        verbose_name_plural = _("servicenormen")
        ordering = ["soort", "team", "onderwerp"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.termijn} {self.get_eenheid_display()}"


class Contactverzoek(PartijMixin, TenantModel):
    """A callback request or internal task handed on from a contact, with a deadline
    from the service norm (working-day calendar)."""

    nummer = models.CharField(_("nummer"), max_length=20, blank=True, db_index=True)
    klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contactverzoeken",
        verbose_name=_("klantcontact"),
    )
    contactvraag = models.OneToOneField(
        Contactvraag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contactverzoek",
        verbose_name=_("vraag"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ContactverzoekStatus.choices, default=ContactverzoekStatus.OPEN
    )
    vraag = models.TextField(_("vraag"), validators=[MaxLengthValidator(MAX_VRAAG)])
    interne_toelichting = models.TextField(
        _("toelichting voor de behandelaar"), blank=True, validators=[MaxLengthValidator(MAX_NOTITIE)]
    )
    onderwerp = models.ForeignKey(
        Onderwerp,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("onderwerp"),
    )
    contactnaam = models.CharField(_("naam"), max_length=200, blank=True)
    telefoonnummer = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_telefoonnummer]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    bereikbaar = models.CharField(
        _("wanneer bereikbaar"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: werkdagen na 14.00 uur."),
    )
    urgentie = models.CharField(
        _("urgentie"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    behandelaar = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    ketenpartner = models.ForeignKey(
        Organisatie,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ketenpartner"),
    )
    servicenorm = models.CharField(_("servicenorm"), max_length=100, blank=True)
    deadline = models.DateTimeField(_("uiterlijk"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    resultaat = models.CharField(_("resultaat"), max_length=20, choices=Resultaat.choices, blank=True)
    afsluittekst = models.TextField(
        _("afsluittekst"), blank=True, validators=[MaxLengthValidator(MAX_ANTWOORD)]
    )
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    herinnerd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    geescaleerd_op = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("contactverzoek")
        verbose_name_plural = _("contactverzoeken")
        ordering = ["deadline"]
        indexes = [
            models.Index(fields=["organisatie", "status", "deadline"], name="contactverzoek_wachtrij_idx"),
            models.Index(fields=["team", "status", "deadline"], name="contactverzoek_team_idx"),
            models.Index(fields=["behandelaar", "status"], name="contactverzoek_behandelaar_idx"),
            models.Index(fields=["persoon", "status"], name="contactverzoek_persoon_idx"),
            models.Index(fields=["bedrijf", "status"], name="contactverzoek_bedrijf_idx"),
        ]

    def __str__(self) -> str:
        return self.nummer or str(self.uuid)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSSEN

    @property
    def te_laat(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()

    @property
    def toegewezen_aan(self) -> str:
        if self.behandelaar_id and self.behandelaar:
            return self.behandelaar.get_full_name() or self.behandelaar.username
        if self.team_id and self.team:
            return self.team.naam
        if self.ketenpartner_id and self.ketenpartner:
            return self.ketenpartner.naam
        return ""


class Contactpoging(models.Model):
    """One attempt to reach the resident for a contactverzoek."""

    contactverzoek = models.ForeignKey(
        Contactverzoek, on_delete=models.CASCADE, related_name="pogingen", verbose_name=_("contactverzoek")
    )
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=PogingUitkomst.choices)
    notitie = models.TextField(_("notitie"), blank=True, validators=[MaxLengthValidator(MAX_NOTITIE)])
    medewerker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("medewerker")
    )

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["contactverzoek", "tijdstip"]

    def __str__(self) -> str:
        return f"{self.get_uitkomst_display()} ({self.tijdstip:%d-%m-%Y %H:%M})"


class ContactverzoekLog(models.Model):
    """The handling log of a contactverzoek: who did what when. Shown to the KCC on
    the klantbeeld so the next call can be answered with its status."""

    contactverzoek = models.ForeignKey(
        Contactverzoek, on_delete=models.CASCADE, related_name="logregels", verbose_name=_("contactverzoek")
    )
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    soort = models.CharField(_("soort"), max_length=20, choices=LogSoort.choices)
    tekst = models.CharField(_("tekst"), max_length=500, blank=True)
    medewerker_naam = models.CharField(_("medewerker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("logregel contactverzoek")
        verbose_name_plural = _("logregels contactverzoek")
        ordering = ["contactverzoek", "tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.tekst}"


class Inboxgesprek(PartijMixin, TenantModel):
    """A thread in the omnichannel inbox (e-mail, contact form): incoming and outgoing
    messages kept together by Message-ID / In-Reply-To."""

    kanaal = models.ForeignKey(Kanaal, on_delete=models.PROTECT, related_name="+", verbose_name=_("kanaal"))
    onderwerp = models.CharField(_("onderwerp"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GesprekStatus.choices, default=GesprekStatus.NIEUW
    )
    van_naam = models.CharField(_("naam afzender"), max_length=200, blank=True)
    van_adres = models.EmailField(_("e-mailadres afzender"), blank=True)
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("team")
    )
    behandelaar = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    laatste_bericht_op = models.DateTimeField(_("laatste bericht op"), default=timezone.now)
    deadline = models.DateTimeField(_("beantwoorden uiterlijk"), null=True, blank=True)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inboxgesprek")
        verbose_name_plural = _("inboxgesprekken")
        ordering = ["deadline", "ontvangen_op"]
        indexes = [
            models.Index(fields=["organisatie", "status", "deadline"], name="inbox_wachtrij_idx"),
            models.Index(fields=["persoon"], name="inbox_persoon_idx"),
            models.Index(fields=["organisatie", "van_adres"], name="inbox_afzender_idx"),
        ]

    def __str__(self) -> str:
        return self.onderwerp or str(self.uuid)


class Inboxbericht(models.Model):
    """One message in an inbox thread, incoming or outgoing."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    gesprek = models.ForeignKey(
        Inboxgesprek, on_delete=models.CASCADE, related_name="berichten", verbose_name=_("gesprek")
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=300, blank=True)
    references = models.TextField(_("References"), blank=True)
    van = models.CharField(_("van"), max_length=300, blank=True)
    aan = models.TextField(_("aan"), blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=500, blank=True)
    tekst = models.TextField(_("tekst"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    datum = models.DateTimeField(_("datum"), default=timezone.now)
    medewerker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("medewerker")
    )
    bron_sleutel = models.CharField(_("sleutel in de postbus"), max_length=200, blank=True)
    # Outgoing answers are sent by a job after commit: these say whether it went out.
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    verzendfout = models.TextField(_("fout bij verzenden"), blank=True)

    class Meta:
        verbose_name = _("inboxbericht")
        verbose_name_plural = _("inboxberichten")
        ordering = ["gesprek", "datum", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "message_id"],
                condition=~models.Q(message_id=""),
                name="uniek_message_id_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.onderwerp or self.message_id


def _bijlage_pad(instance: Inboxbijlage, filename: str) -> str:
    return f"inbox/{instance.bericht.organisatie_id}/{instance.bericht_id}/{filename}"


class Inboxbijlage(models.Model):
    bericht = models.ForeignKey(
        Inboxbericht, on_delete=models.CASCADE, related_name="bijlagen", verbose_name=_("bericht")
    )
    bestand = models.FileField(_("bestand"), upload_to=_bijlage_pad, max_length=500)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort inhoud"), max_length=150, blank=True)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    scanstatus = models.CharField(
        _("virusscan"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.NIET_GESCAND
    )
    scanbevinding = models.CharField(_("bevinding virusscan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.bestandsnaam

    @property
    def downloadbaar(self) -> bool:
        return self.scanstatus in (ScanStatus.SCHOON, ScanStatus.NIET_GESCAND)


class Postbusstand(TenantModel):
    """How far the inbox reader got in a mailbox (IMAP UIDVALIDITY / last UID)."""

    postbus = models.CharField(_("postbus"), max_length=200)
    laatst_gelezen_op = models.DateTimeField(_("laatst gelezen op"), null=True, blank=True)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("postbusstand")
        verbose_name_plural = _("postbusstanden")
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "postbus"], name="uniek_postbus_per_org")
        ]

    def __str__(self) -> str:
        return self.postbus


class Schermpop(PartijMixin, TenantModel):
    """An incoming call announced by the telephony platform for one agent: the agent's
    screen shows it and opens the matching klantbeeld."""

    medewerker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("medewerker")
    )
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=20)
    aantal_treffers = models.PositiveSmallIntegerField(_("aantal treffers"), default=0)
    gesprek_id = models.CharField(_("gespreks-id telefonie"), max_length=100, blank=True)
    geopend_op = models.DateTimeField(_("geopend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("schermpop")
        verbose_name_plural = _("schermpops")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["medewerker", "geopend_op"], name="schermpop_medewerker_idx")]

    def __str__(self) -> str:
        return self.telefoonnummer


class Onderwerpobject(TenantModel):
    """Something a contact was about, named by its identifier in another register (a
    zaak, a product, an earlier contact): the Klantinteracties API's onderwerpobject.
    ``was_klantcontact`` points at an earlier contact that was the subject."""

    klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onderwerpobjecten",
        verbose_name=_("klantcontact"),
    )
    was_klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("was klantcontact"),
    )
    code_objecttype = models.CharField(_("objecttype"), max_length=200, blank=True)
    code_register = models.CharField(_("register"), max_length=200, blank=True)
    code_soort_object_id = models.CharField(_("soort object-id"), max_length=200, blank=True)
    object_id = models.CharField(_("object-id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("onderwerpobject")
        verbose_name_plural = _("onderwerpobjecten")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["organisatie", "object_id"], name="onderwerpobject_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code_objecttype} {self.object_id}".strip() or str(self.uuid)
