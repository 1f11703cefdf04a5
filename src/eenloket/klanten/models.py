"""Parties the municipality serves: persons (by BSN) and businesses (by KvK number),
with the contact details known from earlier contacts. The contact-centre issue adds
preferences, flags and mandates; BRP/KvK data come through connectors."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import TenantModel
from eenloket.core.validators import (
    validate_bsn,
    validate_kvk_nummer,
    validate_postcode,
    validate_telefoonnummer,
    validate_vestigingsnummer,
)
from eenloket.klanten.constants import DigitaalAdresSoort, VlagSoort, Voorkeurskanaal


class AdresMixin(models.Model):
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisletter = models.CharField(_("huisletter"), max_length=1, blank=True)
    huisnummertoevoeging = models.CharField(_("huisnummertoevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[validate_postcode])
    woonplaats = models.CharField(_("woonplaats"), max_length=80, blank=True)
    telefoonnummer = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_telefoonnummer]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    voorkeurskanaal = models.CharField(
        _("voorkeurskanaal"), max_length=20, blank=True, choices=Voorkeurskanaal.choices
    )

    class Meta:
        abstract = True

    @property
    def adres(self) -> str:
        if not self.straat:
            return ""
        nummer = f"{self.huisnummer or ''}{self.huisletter}"
        if self.huisnummertoevoeging:
            nummer += f"-{self.huisnummertoevoeging}"
        return f"{self.straat} {nummer}, {self.postcode} {self.woonplaats}".strip()


class Persoon(AdresMixin, TenantModel):
    # Blank until known: Klantinteracties clients (KISS) create a party first and add
    # its BSN as a partij-identificator afterwards.
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    geslachtsnaam = models.CharField(_("geslachtsnaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    geslacht = models.CharField(_("geslacht"), max_length=1, blank=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["geslachtsnaam", "voornamen"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "bsn"], condition=~models.Q(bsn=""), name="uniek_bsn_per_org"
            )
        ]
        indexes = [
            models.Index(fields=["bsn"], name="persoon_bsn_idx"),
            models.Index(fields=["organisatie", "postcode", "huisnummer"], name="persoon_adres_idx"),
            models.Index(fields=["organisatie", "geslachtsnaam", "geboortedatum"], name="persoon_naam_idx"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        voorletters = "".join(f"{deel[0]}." for deel in self.voornamen.split() if deel)
        return " ".join(p for p in [voorletters, self.voorvoegsel, self.geslachtsnaam] if p)


class Bedrijf(AdresMixin, TenantModel):
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, validators=[validate_kvk_nummer])
    vestigingsnummer = models.CharField(
        _("vestigingsnummer"), max_length=12, blank=True, validators=[validate_vestigingsnummer]
    )
    handelsnaam = models.CharField(_("handelsnaam"), max_length=300)
    rechtsvorm = models.CharField(_("rechtsvorm"), max_length=100, blank=True)
    activiteit = models.CharField(_("activiteit"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("onderneming")
        verbose_name_plural = _("ondernemingen")
        ordering = ["handelsnaam"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "kvk_nummer", "vestigingsnummer"], name="uniek_kvk_per_org"
            )
        ]
        indexes = [models.Index(fields=["kvk_nummer"], name="bedrijf_kvk_idx")]

    def __str__(self) -> str:
        return self.handelsnaam


class PartijMixin(models.Model):
    """A row about one party: a person or a business (exactly one of the two)."""

    persoon = models.ForeignKey(
        Persoon, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("persoon")
    )
    bedrijf = models.ForeignKey(
        Bedrijf,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("onderneming"),
    )

    class Meta:
        abstract = True

    @property
    def partij(self) -> Persoon | Bedrijf | None:
        return self.persoon or self.bedrijf


class DigitaalAdres(PartijMixin, TenantModel):
    """An e-mail address or phone number known for a party, e.g. from an earlier
    contact; the KCC finds the party by it."""

    soort = models.CharField(_("soort"), max_length=20, choices=DigitaalAdresSoort.choices)
    adres = models.CharField(_("adres"), max_length=254)
    omschrijving = models.CharField(_("omschrijving"), max_length=100, blank=True)
    laatst_gebruikt = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("digitaal adres")
        verbose_name_plural = _("digitale adressen")
        ordering = ["soort", "adres"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(persoon__isnull=False, bedrijf__isnull=True)
                | models.Q(persoon__isnull=True, bedrijf__isnull=False),
                name="digitaal_adres_een_partij",
            ),
        ]
        indexes = [
            models.Index(fields=["organisatie", "soort", "adres"], name="digitaal_adres_zoek_idx"),
            models.Index(fields=["persoon"], name="digitaal_adres_persoon_idx"),
            models.Index(fields=["bedrijf"], name="digitaal_adres_bedrijf_idx"),
        ]

    def __str__(self) -> str:
        return self.adres


class Klantvlag(PartijMixin, TenantModel):
    """Something staff must know before they answer: "only in writing", "hearing
    impaired", or a registration of unwanted behaviour (sensitive: only roles with
    ``klant.gevoelige_kenmerken`` see it), optionally with an end date."""

    soort = models.CharField(_("soort"), max_length=30, choices=VlagSoort.choices)
    toelichting = models.CharField(_("toelichting"), max_length=1000, blank=True)
    begindatum = models.DateField(_("begindatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    aangemaakt_door = models.CharField(_("aangemaakt door"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("klantkenmerk")
        verbose_name_plural = _("klantkenmerken")
        ordering = ["-begindatum"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(persoon__isnull=False, bedrijf__isnull=True)
                | models.Q(persoon__isnull=True, bedrijf__isnull=False),
                name="klantvlag_een_partij",
            ),
        ]
        indexes = [
            models.Index(fields=["persoon"], name="klantvlag_persoon_idx"),
            models.Index(fields=["bedrijf"], name="klantvlag_bedrijf_idx"),
        ]

    def __str__(self) -> str:
        return str(self.get_soort_display())

    @property
    def gevoelig(self) -> bool:
        return self.soort in VlagSoort.gevoelig()
