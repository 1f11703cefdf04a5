"""Foundation data: organisations (tenants), teams, staff, roles, the processing log,
domain events with their outbox, and closing days for the working-day calendar."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.core.constants import (
    AfleveringStatus,
    BerichtStatus,
    OrganisatieSoort,
    Rol,
    TeamSoort,
    Vertrouwelijkheid,
    VerwerkingActie,
)


class BaseModel(models.Model):
    """uuid for public references (URLs, API), timestamps for every row."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class Organisatie(BaseModel):
    """A tenant: a municipality or a chain partner. Every domain row belongs to one."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Korte code, bijv. 'eikendal'.")
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(
        _("soort"), max_length=20, choices=OrganisatieSoort.choices, default=OrganisatieSoort.GEMEENTE
    )
    gemeentecode = models.CharField(_("gemeentecode (CBS)"), max_length=4, blank=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    hostnames = models.JSONField(
        _("hostnamen van de inwonerssite"),
        default=list,
        blank=True,
        help_text=_("Hostnamen waaronder de inwonerssite van deze organisatie draait."),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class TenantQuerySet(models.QuerySet[Any]):
    def for_organisaties(self, organisaties: Any) -> TenantQuerySet:
        """Rows of the given organisations (a queryset or iterable of Organisatie)."""
        return self.filter(organisatie__in=organisaties)


class TenantModel(BaseModel):
    """A domain row that belongs to one organisation. Scoping goes through
    ``eenloket.core.tenancy``; never filter on ``organisatie`` by hand in a view."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )

    objects: ClassVar[TenantQuerySet] = TenantQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        abstract = True


class Onderwerp(TenantModel):
    """A subject a team is responsible for (configurable per organisation), optionally
    linked to a national product name (UPL)."""

    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    upl_naam = models.CharField(_("UPL-naam"), max_length=255, blank=True)
    upl_uri = models.URLField(_("UPL-URI"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "naam"], name="uniek_onderwerp_per_org")
        ]

    def __str__(self) -> str:
        return self.naam


class Team(TenantModel):
    """A productgroep or afdeling of an organisation."""

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(
        _("soort"), max_length=20, choices=TeamSoort.choices, default=TeamSoort.PRODUCTGROEP
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    onderwerpen = models.ManyToManyField(
        Onderwerp, blank=True, related_name="teams", verbose_name=_("onderwerpen")
    )
    leden = models.ManyToManyField("core.User", blank=True, related_name="teams", verbose_name=_("leden"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["organisatie", "naam"], name="uniek_team_per_org")]

    def __str__(self) -> str:
        return self.naam


class User(AbstractUser):
    """A staff member (medewerker). Roles are held per organisation (Roltoewijzing)."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    functie = models.CharField(_("functie"), max_length=100, blank=True)
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    aanwezig = models.BooleanField(_("aanwezig"), default=True)
    afwezig_tot = models.DateField(_("afwezig tot en met"), null=True, blank=True)
    vervanger = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vervangt",
        verbose_name=_("vervanger bij afwezigheid"),
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def is_bereikbaar(self, op: Any = None) -> bool:
        """Present, and not within a registered absence period."""
        dag = op or timezone.localdate()
        if self.afwezig_tot and dag <= self.afwezig_tot:
            return False
        return self.aanwezig

    def clean(self) -> None:
        super().clean()
        if self.vervanger_id and self.vervanger_id == self.pk:
            raise ValidationError({"vervanger": _("Een medewerker kan niet zijn eigen vervanger zijn.")})


class Roltoewijzing(BaseModel):
    """A role a staff member holds in one organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roltoewijzingen", verbose_name=_("medewerker")
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="roltoewijzingen", verbose_name=_("organisatie")
    )
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie", "rol"], name="uniek_rol_per_org"),
            models.CheckConstraint(
                condition=~models.Q(rol=Rol.SYSTEEM), name="medewerker_heeft_geen_systeemrol"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_rol_display()} - {self.organisatie}"


class ApiClient(BaseModel):
    """A system client of the API (ZGW-style JWT signed with its own secret)."""

    client_id = models.CharField(_("client-id"), max_length=100, unique=True)
    secret = models.CharField(
        _("secret"),
        max_length=255,
        help_text=_("Gedeeld geheim waarmee de client zijn JWT ondertekent (HS256)."),
    )
    naam = models.CharField(_("naam"), max_length=200)
    organisaties = models.ManyToManyField(
        Organisatie, related_name="api_clients", verbose_name=_("organisaties")
    )
    scopes = models.JSONField(
        _("toegestane acties"),
        default=list,
        blank=True,
        help_text=_("Leeg: alle acties die de systeemrol toestaat."),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")
        ordering = ["client_id"]

    def __str__(self) -> str:
        return self.client_id


class Sluitingsdag(TenantModel):
    """A day the organisation is closed; not a working day in its calendar."""

    datum = models.DateField(_("datum"))
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["datum"]
        constraints = [models.UniqueConstraint(fields=["organisatie", "datum"], name="uniek_sluitingsdag")]

    def __str__(self) -> str:
        return f"{self.datum:%d-%m-%Y} {self.omschrijving}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The processing log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The processing log is append-only.")


class Verwerking(models.Model):
    """One processing of personal data (VNG Verwerkingenlogging).

    Append-only: the ORM refuses updates and deletes, and a database trigger refuses
    them too (see migration 0002). One action that concerns several persons writes one
    row per person, sharing ``actie_id``, so the log can be searched per BSN.
    """

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    actie_id = models.UUIDField(_("actie-id"), default=uuid_lib.uuid4, db_index=True)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    actor_soort = models.CharField(_("soort uitvoerder"), max_length=20)
    actor_id = models.CharField(_("uitvoerder"), max_length=150)
    actor_naam = models.CharField(_("naam uitvoerder"), max_length=200, blank=True)
    actie = models.CharField(_("actie"), max_length=20, choices=VerwerkingActie.choices)
    handeling = models.CharField(_("handeling"), max_length=200)
    verwerkingsactiviteit = models.CharField(_("verwerkingsactiviteit"), max_length=60)
    doel = models.CharField(_("doel"), max_length=300)
    grondslag = models.CharField(_("grondslag"), max_length=300)
    bewaartermijn = models.CharField(_("bewaartermijn"), max_length=20)
    vertrouwelijkheid = models.CharField(
        _("vertrouwelijkheid"),
        max_length=20,
        choices=Vertrouwelijkheid.choices,
        default=Vertrouwelijkheid.NORMAAL,
    )
    object_type = models.CharField(_("objecttype"), max_length=60)
    object_id = models.CharField(_("object-id"), max_length=100, blank=True)
    bsn = models.CharField(_("BSN betrokkene"), max_length=9, blank=True)
    kvk_nummer = models.CharField(_("KvK-nummer betrokkene"), max_length=8, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingenlog")
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["bsn", "tijdstip"], name="verwerking_bsn_idx"),
            models.Index(fields=["kvk_nummer", "tijdstip"], name="verwerking_kvk_idx"),
            models.Index(fields=["organisatie", "tijdstip"], name="verwerking_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actor_id} {self.handeling}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The processing log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The processing log is append-only.")


class Gebeurtenis(models.Model):
    """A domain event, written in the same transaction as the change it describes."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    type = models.CharField(_("type"), max_length=100, db_index=True)
    kanaal = models.CharField(
        _("kanaal"), max_length=50, help_text=_("ZGW-notificatiekanaal, bijv. 'zaken'.")
    )
    object_type = models.CharField(_("objecttype"), max_length=60)
    object_uuid = models.UUIDField(_("object-UUID"), null=True, blank=True)
    actie = models.CharField(_("actie"), max_length=30)
    kenmerken = models.JSONField(_("kenmerken"), default=dict, blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    actor_id = models.CharField(_("uitvoerder"), max_length=150, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    verspreid_op = models.DateTimeField(_("verspreid op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-tijdstip", "-id"]
        indexes = [
            # The outbox relay looks for unspread events every second: keep that cheap
            # however long the history grows.
            models.Index(
                fields=["id"],
                name="gebeurtenis_te_verspreiden",
                condition=models.Q(verspreid_op__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_uuid or ''}"


class Abonnement(TenantModel):
    """A webhook subscription: events are POSTed in the ZGW Notificaties shape."""

    naam = models.CharField(_("naam"), max_length=200)
    callback_url = models.URLField(_("callback-URL"), max_length=1000)
    autorisatie = models.CharField(
        _("Authorization-header"),
        max_length=1000,
        blank=True,
        help_text=_("Waarde van de Authorization-header bij elke aflevering."),
    )
    kanalen = models.JSONField(_("kanalen"), default=list, blank=True, help_text=_("Leeg: alle kanalen."))
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def wil(self, gebeurtenis: Gebeurtenis) -> bool:
        return self.actief and (not self.kanalen or gebeurtenis.kanaal in self.kanalen)


class Aflevering(models.Model):
    """Delivery of one event to one subscription, with retries."""

    gebeurtenis = models.ForeignKey(Gebeurtenis, on_delete=models.CASCADE, related_name="afleveringen")
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="afleveringen")
    status = models.CharField(
        _("status"), max_length=20, choices=AfleveringStatus.choices, default=AfleveringStatus.WACHTEND
    )
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    volgende_poging = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    afgeleverd_op = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aflevering")
        verbose_name_plural = _("afleveringen")
        constraints = [models.UniqueConstraint(fields=["gebeurtenis", "abonnement"], name="uniek_aflevering")]

    def __str__(self) -> str:
        return f"{self.gebeurtenis_id} -> {self.abonnement_id}: {self.status}"


class Bericht(models.Model):
    """An outgoing message (e-mail) in the transactional outbox.

    Created in the same transaction as the change that causes it; the worker sends it
    after commit, so a rolled-back change never sends a message."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_index=True)
    aan = models.EmailField(_("aan"))
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    tekst = models.TextField(_("tekst"))
    gebeurtenis = models.ForeignKey(
        Gebeurtenis, on_delete=models.SET_NULL, null=True, blank=True, related_name="berichten"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BerichtStatus.choices, default=BerichtStatus.WACHTEND
    )
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    fout = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self) -> str:
        return self.onderwerp


class LokaleMail(models.Model):
    """A mail as delivered by the embedded mail backend (no SMTP server configured):
    the in-app mailbox staff can read in the embedded default."""

    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    afzender = models.CharField(_("afzender"), max_length=300)
    aan = models.TextField(_("aan"))
    onderwerp = models.CharField(_("onderwerp"), max_length=500)
    tekst = models.TextField(_("tekst"))
    bericht_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("lokale mail")
        verbose_name_plural = _("lokale postbus")
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return self.onderwerp


class PeriodiekeTaak(models.Model):
    """Schedule state of a periodic job; a conditional UPDATE on ``volgende_run`` makes
    sure that with several workers each run is enqueued once."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    volgende_run = models.DateTimeField(_("volgende run"))
    laatste_run = models.DateTimeField(_("laatste run"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodieke taak")
        verbose_name_plural = _("periodieke taken")

    def __str__(self) -> str:
        return self.naam


class Attendering(models.Model):
    """An in-app notification for one staff member (e.g. an overdue contactverzoek for
    the teamleider), shown in the staff header until read."""

    uuid = models.UUIDField(_("UUID"), default=uuid_lib.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    medewerker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="attenderingen", verbose_name=_("medewerker")
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    titel = models.CharField(_("titel"), max_length=300)
    tekst = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    sleutel = models.CharField(
        _("sleutel"), max_length=200, blank=True, help_text=_("Voorkomt dezelfde attendering twee keer.")
    )
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendering")
        verbose_name_plural = _("attenderingen")
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["medewerker", "sleutel"], condition=~models.Q(sleutel=""), name="uniek_attendering"
            )
        ]
        indexes = [models.Index(fields=["medewerker", "gelezen_op"], name="attendering_ongelezen_idx")]

    def __str__(self) -> str:
        return self.titel


class Volgnummer(models.Model):
    """The last number handed out in a numbering series per organisation and year
    (contactverzoeken CV-2026-000001, zaken ZAAK-2026-0000001)."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    reeks = models.CharField(_("reeks"), max_length=30)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    laatste = models.PositiveIntegerField(_("laatste nummer"), default=0)

    class Meta:
        verbose_name = _("volgnummer")
        verbose_name_plural = _("volgnummers")
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "reeks", "jaar"], name="uniek_volgnummer")
        ]

    def __str__(self) -> str:
        return f"{self.reeks} {self.jaar}: {self.laatste}"
