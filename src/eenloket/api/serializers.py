from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from eenloket.core.calendar import TermijnEenheid
from eenloket.core.models import Organisatie, Team
from eenloket.core.validators import (
    normalise_postcode,
    normalise_telefoonnummer,
    validate_bsn,
    validate_geboortedatum,
    validate_kvk_nummer,
    validate_postcode,
    validate_telefoonnummer,
    validate_vestigingsnummer,
)
from eenloket.klanten.models import Bedrijf, Persoon
from eenloket.klanten.services import BEDRIJF_VELDEN, PERSOON_VELDEN


class OrganisatieSerializer(serializers.ModelSerializer[Organisatie]):
    class Meta:
        model = Organisatie
        fields = ["uuid", "code", "naam", "soort", "gemeentecode", "email", "telefoonnummer", "website"]


class TeamSerializer(serializers.ModelSerializer[Team]):
    organisatie: serializers.SlugRelatedField[Organisatie] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    onderwerpen: Any = serializers.SlugRelatedField(slug_field="naam", many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["uuid", "organisatie", "naam", "soort", "email", "telefoonnummer", "onderwerpen"]


class AdresVelden(serializers.Serializer[Any]):
    straat = serializers.CharField(max_length=200, required=False, allow_blank=True)
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999, required=False, allow_null=True)
    huisletter = serializers.RegexField(r"^[A-Za-z]?$", required=False, allow_blank=True)
    huisnummertoevoeging = serializers.CharField(max_length=4, required=False, allow_blank=True)
    postcode = serializers.CharField(
        max_length=10, required=False, allow_blank=True, validators=[validate_postcode]
    )
    woonplaats = serializers.CharField(max_length=80, required=False, allow_blank=True)
    telefoonnummer = serializers.CharField(
        max_length=30, required=False, allow_blank=True, validators=[validate_telefoonnummer]
    )
    email = serializers.EmailField(
        required=False, allow_blank=True, error_messages={"invalid": _("Vul een geldig e-mailadres in.")}
    )

    def validate_postcode(self, value: str) -> str:
        return normalise_postcode(value) if value else ""

    def validate_telefoonnummer(self, value: str) -> str:
        return normalise_telefoonnummer(value) if value else ""


class PersoonSerializer(AdresVelden, serializers.ModelSerializer[Persoon]):
    organisatie = serializers.SlugRelatedField(slug_field="code", queryset=Organisatie.objects.all())
    bsn = serializers.CharField(max_length=20, validators=[validate_bsn])
    geboortedatum = serializers.DateField(
        required=False,
        allow_null=True,
        validators=[validate_geboortedatum],
        error_messages={"invalid": _("Vul een geldige datum in (jjjj-mm-dd).")},
    )
    naam = serializers.CharField(read_only=True)

    class Meta:
        model = Persoon
        fields = ["uuid", "organisatie", "bsn", "naam", *PERSOON_VELDEN]
        read_only_fields = ["uuid"]
        validators: list[Any] = []  # uniqueness is checked in the view with a clear message

    def validate_bsn(self, value: str) -> str:
        return value.strip()


class PersoonUpdateSerializer(PersoonSerializer):
    # Declared fields ignore Meta.read_only_fields, so redeclare them read-only: a person
    # never moves to another organisation nor changes BSN through a PATCH.
    organisatie: serializers.SlugRelatedField[Organisatie] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )
    bsn = serializers.CharField(read_only=True)

    class Meta(PersoonSerializer.Meta):
        read_only_fields = ["uuid", "organisatie", "bsn"]


class BedrijfSerializer(AdresVelden, serializers.ModelSerializer[Bedrijf]):
    organisatie = serializers.SlugRelatedField(slug_field="code", queryset=Organisatie.objects.all())
    kvk_nummer = serializers.CharField(max_length=20, validators=[validate_kvk_nummer])
    vestigingsnummer = serializers.CharField(
        max_length=20, required=False, allow_blank=True, validators=[validate_vestigingsnummer]
    )

    class Meta:
        model = Bedrijf
        fields = ["uuid", "organisatie", "kvk_nummer", *BEDRIJF_VELDEN]
        read_only_fields = ["uuid"]
        validators: list[Any] = []

    def validate_kvk_nummer(self, value: str) -> str:
        return value.strip()

    def validate_vestigingsnummer(self, value: str) -> str:
        return value.strip()


class TermijnVraagSerializer(serializers.Serializer[Any]):
    organisatie = serializers.SlugField()
    start = serializers.DateField(error_messages={"invalid": _("Vul een geldige datum in (jjjj-mm-dd).")})
    aantal = serializers.IntegerField(min_value=0, max_value=1000)
    eenheid = serializers.ChoiceField(choices=[e.value for e in TermijnEenheid])


class TermijnAntwoordSerializer(serializers.Serializer[Any]):
    organisatie = serializers.CharField()
    start = serializers.DateField()
    termijn = serializers.CharField()
    einddatum = serializers.DateField()


class VerwerkingSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    actie_id = serializers.UUIDField()
    tijdstip = serializers.DateTimeField()
    organisatie = serializers.CharField(source="organisatie.code")
    actor_soort = serializers.CharField()
    actor_id = serializers.CharField()
    actie = serializers.CharField()
    handeling = serializers.CharField()
    verwerkingsactiviteit = serializers.CharField()
    doel = serializers.CharField()
    grondslag = serializers.CharField()
    bewaartermijn = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    bsn = serializers.CharField()
    kvk_nummer = serializers.CharField()
    request_id = serializers.CharField()
