"""Eenloket's own API for the contact centre (next to the Klantinteracties API): the
klantbeeld in one call, and the screen pop a telephony platform sends for an
incoming call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from eenloket.contacten import selectors, services
from eenloket.contacten.models import Contactverzoek, Klantcontact
from eenloket.core.models import User
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import organisaties_voor
from eenloket.core.validators import validate_telefoonnummer
from eenloket.klanten.models import Klantvlag


def _actor(request: Request) -> Any:
    return request._request.actor  # type: ignore[attr-defined]


class _VraagSerializer(serializers.Serializer[Any]):
    vraag = serializers.CharField()
    antwoord = serializers.CharField()
    onderwerp = serializers.CharField(source="onderwerp_naam")
    uitkomst = serializers.CharField()
    doorverwezen_naar = serializers.CharField(source="doorverwezen_naam")


class _ContactSerializer(serializers.Serializer[Klantcontact]):
    uuid = serializers.UUIDField()
    kanaal = serializers.CharField(source="kanaal.naam")
    kanaal_soort = serializers.CharField(source="kanaal.soort")
    gestart_op = serializers.DateTimeField()
    beeindigd_op = serializers.DateTimeField()
    eerstelijns = serializers.BooleanField(allow_null=True)
    medewerker = serializers.SerializerMethodField()
    vragen = _VraagSerializer(many=True, source="vragen.all")

    def get_medewerker(self, obj: Klantcontact) -> str:
        return (obj.medewerker.get_full_name() or obj.medewerker.username) if obj.medewerker else ""


class _PogingSerializer(serializers.Serializer[Any]):
    tijdstip = serializers.DateTimeField()
    uitkomst = serializers.CharField()


class _LogSerializer(serializers.Serializer[Any]):
    tijdstip = serializers.DateTimeField()
    soort = serializers.CharField()
    tekst = serializers.CharField()
    medewerker = serializers.CharField(source="medewerker_naam")


class _ContactverzoekSerializer(serializers.Serializer[Contactverzoek]):
    uuid = serializers.UUIDField()
    nummer = serializers.CharField()
    status = serializers.CharField()
    vraag = serializers.CharField()
    deadline = serializers.DateTimeField()
    te_laat = serializers.BooleanField()
    urgentie = serializers.CharField()
    toegewezen_aan = serializers.CharField()
    resultaat = serializers.CharField()
    pogingen = _PogingSerializer(many=True, source="pogingen.all")
    verloop = _LogSerializer(many=True, source="logregels.all")


class _KenmerkSerializer(serializers.Serializer[Klantvlag]):
    soort = serializers.CharField()
    omschrijving = serializers.CharField(source="get_soort_display")
    toelichting = serializers.CharField()
    einddatum = serializers.DateField(allow_null=True)


class _RegelSerializer(serializers.Serializer[Any]):
    titel = serializers.CharField()
    status = serializers.CharField()
    datum = serializers.CharField(allow_null=True)
    einddatum = serializers.CharField(allow_null=True)
    toelichting = serializers.CharField()
    url = serializers.CharField()
    open = serializers.BooleanField()


class _OnderdeelSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    titel = serializers.CharField()
    gekoppeld = serializers.BooleanField()
    regels = _RegelSerializer(many=True)


class KlantbeeldSerializer(serializers.Serializer[Any]):
    soort = serializers.CharField()
    partij = serializers.SerializerMethodField()
    digitale_adressen = serializers.SerializerMethodField()
    kenmerken = _KenmerkSerializer(many=True)
    contacten = _ContactSerializer(many=True)
    meer_contacten = serializers.BooleanField()
    contactverzoeken = _ContactverzoekSerializer(many=True)
    onderdelen = _OnderdeelSerializer(many=True)

    def get_partij(self, obj: selectors.Klantbeeld) -> dict[str, Any]:
        p = obj.partij
        gegevens: dict[str, Any] = {
            "uuid": str(p.uuid),
            "organisatie": p.organisatie.code,
            "naam": str(p),
            "adres": p.adres,
            "voorkeurskanaal": p.voorkeurskanaal,
        }
        if obj.soort == "persoon":
            gegevens.update(bsn=p.bsn, geboortedatum=p.geboortedatum)  # type: ignore[union-attr]
        else:
            gegevens.update(kvk_nummer=p.kvk_nummer, vestigingsnummer=p.vestigingsnummer)  # type: ignore[union-attr]
        return gegevens

    def get_digitale_adressen(self, obj: selectors.Klantbeeld) -> list[dict[str, str]]:
        return [{"soort": a.soort, "adres": a.adres} for a in obj.digitale_adressen]


class KlantbeeldView(APIView):
    """The whole klantbeeld of one person (``/personen/{uuid}``) or business
    (``/bedrijven/{uuid}``) in one response: identity, contact details, flags, the
    timeline of contacts on all channels, contactverzoeken with deadlines, and the
    sections other areas fill. One processing-log row per call."""

    soort = "persoon"

    @extend_schema(responses=KlantbeeldSerializer, summary=_("Klantbeeld"))
    def get(self, request: Request, uuid: str) -> Response:
        actor = _actor(request)
        partij = selectors.partij_get(actor, self.soort, uuid)
        beeld = selectors.klantbeeld(actor, partij)
        return Response(KlantbeeldSerializer(beeld).data)


class BedrijfKlantbeeldView(KlantbeeldView):
    soort = "bedrijf"


class InkomendGesprekSerializer(serializers.Serializer[Any]):
    telefoonnummer = serializers.CharField(
        max_length=30, help_text=_("Nummer van de beller."), validators=[validate_telefoonnummer]
    )
    medewerker = serializers.CharField(
        max_length=254,
        help_text=_("Gebruikersnaam of e-mailadres van de medewerker die het gesprek aanneemt."),
    )
    organisatie = serializers.SlugField(
        required=False, help_text=_("Code van de organisatie; nodig als de client voor meerdere werkt.")
    )
    gesprek_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class InkomendGesprekView(APIView):
    """Screen pop: the telephony platform reports which agent took a call from which
    number. The agent's screen shows it within seconds and opens the matching
    klantbeeld; the answer says which party matched."""

    @extend_schema(
        request=InkomendGesprekSerializer,
        responses={201: OpenApiResponse(description=_("Schermpop aangemaakt"))},
        summary=_("Inkomend gesprek (schermpop)"),
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        invoer = InkomendGesprekSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = invoer.validated_data
        organisaties = list(organisaties_voor(actor, Actie.CONTACT_REGISTREREN))
        if data.get("organisatie"):
            organisatie = next((o for o in organisaties if o.code == data["organisatie"]), None)
            if organisatie is None:
                raise ValidationError({"organisatie": [_("Onbekende organisatie of geen toegang.")]})
        elif len(organisaties) == 1:
            organisatie = organisaties[0]
        elif not organisaties:
            raise Http404
        else:
            raise ValidationError(
                {"organisatie": [_("Geef de organisatie op; deze client werkt voor meerdere.")]}
            )
        medewerker = User.objects.filter(
            Q(username=data["medewerker"]) | Q(email__iexact=data["medewerker"]), is_active=True
        ).first()
        if medewerker is None:
            raise ValidationError({"medewerker": [_("Onbekende medewerker.")]})
        try:
            pop = services.schermpop_aanmaken(
                organisatie=organisatie,
                medewerker=medewerker,
                telefoonnummer=data["telefoonnummer"],
                gesprek_id=data.get("gesprek_id", ""),
                by=actor,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        partij = pop.persoon or pop.bedrijf
        soort = "persoon" if pop.persoon else "bedrijf"
        return Response(
            {
                "uuid": str(pop.uuid),
                "telefoonnummer": pop.telefoonnummer,
                "aantal_treffers": pop.aantal_treffers,
                "partij": {"soort": soort, "uuid": str(partij.uuid)} if partij else None,
                "klantbeeld_url": request.build_absolute_uri(
                    reverse("contacten:klantbeeld", args=[soort, partij.uuid])
                )
                if partij
                else None,
            },
            status=201,
        )
