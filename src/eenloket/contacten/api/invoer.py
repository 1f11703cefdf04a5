"""Request bodies of the Klantinteracties API, validated with the standard's field
names (so ``invalidParams`` name the field as the client sent it) and Dutch reasons.
Fields the standard marks read-only are ignored when sent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from eenloket.contacten.constants import MAX_ANTWOORD, MAX_NOTITIE, MAX_VRAAG, Resultaat, Urgentie
from eenloket.klanten.constants import Voorkeurskanaal

ONGELDIG_UUID = _("Geef een geldige UUID.")


class FK(serializers.Serializer[Any]):
    """A reference as the standard writes it: ``{"uuid": ...}`` (``url`` is read-only)."""

    uuid = serializers.UUIDField(error_messages={"invalid": ONGELDIG_UUID})
    url = serializers.CharField(required=False, allow_blank=True)


class MetExtensie(serializers.Serializer[Any]):
    """Adds the ``_eenloket`` extension object (a name DRF cannot declare as attribute)."""

    extensie: type[serializers.Serializer[Any]] | None = None

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if self.extensie is not None:
            fields["_eenloket"] = self.extensie(required=False)
        return fields


class Identificator(serializers.Serializer[Any]):
    codeObjecttype = serializers.ChoiceField(["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"])
    codeSoortObjectId = serializers.ChoiceField(["bsn", "vestigingsnummer", "kvk_nummer", "rsin"])
    objectId = serializers.CharField(max_length=200)
    codeRegister = serializers.ChoiceField(["brp", "hr"])


class PartijIdentificatorInvoer(serializers.Serializer[Any]):
    identificeerdePartij = FK(required=False, allow_null=True)
    anderePartijIdentificator = serializers.CharField(max_length=200, required=False, allow_blank=True)
    partijIdentificator = Identificator()
    subIdentificatorVan = FK(required=False, allow_null=True)


class IdentificatorInPartij(serializers.Serializer[Any]):
    partijIdentificator = Identificator()


class Naam(serializers.Serializer[Any]):
    voorletters = serializers.CharField(max_length=10, required=False, allow_blank=True)
    voornaam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    voorvoegselAchternaam = serializers.CharField(max_length=10, required=False, allow_blank=True)
    achternaam = serializers.CharField(max_length=200, required=False, allow_blank=True)


class Adres(serializers.Serializer[Any]):
    nummeraanduidingId = serializers.CharField(max_length=16, required=False, allow_blank=True)
    straatnaam = serializers.CharField(max_length=255, required=False, allow_blank=True)
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999, required=False, allow_null=True)
    huisnummertoevoeging = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    stad = serializers.CharField(max_length=255, required=False, allow_blank=True)
    adresregel1 = serializers.CharField(max_length=80, required=False, allow_blank=True)
    adresregel2 = serializers.CharField(max_length=80, required=False, allow_blank=True)
    adresregel3 = serializers.CharField(max_length=80, required=False, allow_blank=True)
    land = serializers.CharField(max_length=2, required=False, allow_blank=True)


class PartijExtensie(serializers.Serializer[Any]):
    geboortedatum = serializers.DateField(
        required=False,
        allow_null=True,
        error_messages={"invalid": _("Vul een geldige datum in (jjjj-mm-dd).")},
    )
    telefoonnummer = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    voorkeurskanaal = serializers.ChoiceField(Voorkeurskanaal.values, required=False, allow_blank=True)


class PartijInvoer(MetExtensie):
    extensie = PartijExtensie
    soortPartij = serializers.ChoiceField(["persoon", "organisatie", "contactpersoon"])
    partijIdentificatie = serializers.DictField(required=False)
    partijIdentificatoren = IdentificatorInPartij(many=True, required=False, allow_null=True)
    bezoekadres = Adres(required=False, allow_null=True)
    correspondentieadres = Adres(required=False, allow_null=True)
    interneNotitie = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    indicatieActief = serializers.BooleanField(required=False)
    indicatieGeheimhouding = serializers.BooleanField(required=False, allow_null=True)
    voorkeurstaal = serializers.CharField(max_length=3, required=False, allow_blank=True)


class PersoonIdentificatie(serializers.Serializer[Any]):
    contactnaam = Naam(required=False, allow_null=True)


class OrganisatieIdentificatie(serializers.Serializer[Any]):
    naam = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DigitaalAdresInvoer(serializers.Serializer[Any]):
    verstrektDoorBetrokkene = FK(required=False, allow_null=True)
    verstrektDoorPartij = FK(required=False, allow_null=True)
    adres = serializers.CharField(max_length=254)
    soortDigitaalAdres = serializers.ChoiceField(["email", "telefoonnummer", "overig"])
    isStandaardAdres = serializers.BooleanField(required=False)
    omschrijving = serializers.CharField(max_length=100, required=False, allow_blank=True)
    referentie = serializers.CharField(max_length=50, required=False, allow_blank=True)
    verificatieDatum = serializers.DateField(required=False, allow_null=True)


class KlantcontactInvoer(serializers.Serializer[Any]):
    nummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    referentienummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    kanaal = serializers.CharField(max_length=50)
    onderwerp = serializers.CharField(max_length=200, allow_blank=True)
    inhoud = serializers.CharField(max_length=MAX_VRAAG, required=False, allow_blank=True)
    reactie = serializers.CharField(max_length=MAX_ANTWOORD, required=False, allow_blank=True)
    indicatieContactGelukt = serializers.BooleanField(required=False, allow_null=True)
    hoofdOnderwerpType = serializers.CharField(max_length=200, required=False, allow_blank=True)
    verdereActieOndernomen = serializers.BooleanField(required=False)
    taal = serializers.CharField(max_length=3)
    vertrouwelijk = serializers.BooleanField()
    plaatsgevondenOp = serializers.DateTimeField(
        required=False, error_messages={"invalid": _("Geef een geldig tijdstip (ISO 8601).")}
    )
    metadata = serializers.DictField(child=serializers.CharField(max_length=255), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs.get("inhoud") or "").strip() and not (attrs.get("onderwerp") or "").strip():
            raise serializers.ValidationError({"inhoud": [_("Vul de inhoud of het onderwerp in.")]})
        return attrs


class BetrokkeneInvoer(serializers.Serializer[Any]):
    wasPartij = FK(required=False, allow_null=True)
    hadKlantcontact = FK(required=False)
    bezoekadres = Adres(required=False, allow_null=True)
    correspondentieadres = Adres(required=False, allow_null=True)
    contactnaam = Naam(required=False, allow_null=True)
    rol = serializers.ChoiceField(["vertegenwoordiger", "klant"])
    organisatienaam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    initiator = serializers.BooleanField()


class OnderwerpobjectIdentificator(serializers.Serializer[Any]):
    objectId = serializers.CharField(max_length=200, required=False, allow_blank=True)
    codeObjecttype = serializers.CharField(max_length=200, required=False, allow_blank=True)
    codeRegister = serializers.CharField(max_length=200, required=False, allow_blank=True)
    codeSoortObjectId = serializers.CharField(max_length=200, required=False, allow_blank=True)


class OnderwerpobjectInvoer(serializers.Serializer[Any]):
    klantcontact = FK(required=False, allow_null=True)
    wasKlantcontact = FK(required=False, allow_null=True)
    onderwerpobjectidentificator = OnderwerpobjectIdentificator(required=False, allow_null=True)


class MaakKlantcontactInvoer(serializers.Serializer[Any]):
    klantcontact = KlantcontactInvoer()
    betrokkene = BetrokkeneInvoer(required=False, allow_null=True)
    onderwerpobject = OnderwerpobjectInvoer(required=False, allow_null=True)


class InterneTaakExtensie(serializers.Serializer[Any]):
    vraag = serializers.CharField(max_length=MAX_VRAAG, required=False, allow_blank=True)
    toelichting = serializers.CharField(max_length=MAX_NOTITIE, required=False, allow_blank=True)
    urgentie = serializers.ChoiceField(Urgentie.values, required=False)
    contactnaam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    telefoonnummer = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    bereikbaar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    resultaat = serializers.ChoiceField(Resultaat.values, required=False)
    afsluittekst = serializers.CharField(max_length=MAX_ANTWOORD, required=False, allow_blank=True)


class InterneTaakInvoer(MetExtensie):
    extensie = InterneTaakExtensie
    nummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    referentienummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    gevraagdeHandeling = serializers.CharField(max_length=200)
    aanleidinggevendKlantcontact = FK()
    toegewezenAanActor = FK(required=False, allow_null=True)
    toegewezenAanActoren = FK(many=True, required=False)
    toelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    status = serializers.ChoiceField(["te_verwerken", "verwerkt"])
    afgehandeldOp = serializers.DateTimeField(required=False, allow_null=True)
