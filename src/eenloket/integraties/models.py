"""Stand-in registers for the embedded default and tests: a test BRP and a test KvK
handelsregister, read by ``TestdatasetBrp`` and ``TestdatasetKvk``.

Not tenant models: they stand in for national registers, which every municipality
queries alike. Plain rows without uuid or timestamps, because nothing refers to them and
the demo loads tens of thousands at once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.validators import validate_bsn, validate_kvk_nummer, validate_vestigingsnummer


class Geslacht(models.TextChoices):
    MAN = "M", _("Man")
    VROUW = "V", _("Vrouw")
    ONBEKEND = "O", _("Onbekend")


class VestigingType(models.TextChoices):
    HOOFDVESTIGING = "hoofdvestiging", _("Hoofdvestiging")
    NEVENVESTIGING = "nevenvestiging", _("Nevenvestiging")
    RECHTSPERSOON = "rechtspersoon", _("Rechtspersoon")


class BrpTestpersoon(models.Model):
    """A person in the test BRP. ``postcode`` is compact ("1234AB"), as the BRP writes it."""

    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=10, blank=True)
    geslachtsnaam = models.CharField(_("geslachtsnaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    geslacht = models.CharField(_("geslacht"), max_length=1, choices=Geslacht.choices, blank=True)
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisletter = models.CharField(_("huisletter"), max_length=1, blank=True)
    huisnummertoevoeging = models.CharField(_("huisnummertoevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=80, blank=True)
    overleden = models.BooleanField(_("overleden"), default=False)
    geheimhouding = models.BooleanField(
        _("geheimhouding persoonsgegevens"),
        default=False,
        help_text=_("De persoon wil niet dat zijn gegevens aan derden worden verstrekt."),
    )

    class Meta:
        verbose_name = _("testpersoon (BRP)")
        verbose_name_plural = _("testpersonen (BRP)")
        ordering = ["geslachtsnaam", "voornamen"]
        indexes = [
            # The birth date leads: the surname is compared without case and accents in
            # Python, so SQL narrows by date (and by date and exact surname where it can).
            models.Index(fields=["geboortedatum", "geslachtsnaam"], name="brp_test_geboorte_naam_idx"),
            models.Index(fields=["postcode", "huisnummer"], name="brp_test_adres_idx"),
        ]

    def __str__(self) -> str:
        naam = " ".join(p for p in (self.voornamen, self.voorvoegsel, self.geslachtsnaam) if p)
        return f"{naam} ({self.bsn})"


class KvkTestvestiging(models.Model):
    """A registration in the test handelsregister: a vestiging (with vestigingsnummer) or
    the rechtspersoon itself (without)."""

    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, validators=[validate_kvk_nummer])
    vestigingsnummer = models.CharField(
        _("vestigingsnummer"), max_length=12, blank=True, validators=[validate_vestigingsnummer]
    )
    handelsnaam = models.CharField(_("handelsnaam"), max_length=300)
    rechtsvorm = models.CharField(_("rechtsvorm"), max_length=100, blank=True)
    type = models.CharField(
        _("type"), max_length=20, choices=VestigingType.choices, default=VestigingType.HOOFDVESTIGING
    )
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisletter = models.CharField(_("huisletter"), max_length=1, blank=True)
    huisnummertoevoeging = models.CharField(_("huisnummertoevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=80, blank=True)
    activiteit = models.CharField(_("activiteit"), max_length=300, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("testvestiging (KvK)")
        verbose_name_plural = _("testvestigingen (KvK)")
        ordering = ["handelsnaam"]
        constraints = [
            # Its index also serves lookups by KvK-nummer alone.
            models.UniqueConstraint(fields=["kvk_nummer", "vestigingsnummer"], name="kvk_test_uniek")
        ]
        indexes = [
            models.Index(fields=["vestigingsnummer"], name="kvk_test_vestiging_idx"),
            models.Index(fields=["handelsnaam"], name="kvk_test_naam_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.handelsnaam} ({self.kvk_nummer})"
