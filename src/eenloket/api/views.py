"""The foundation's API: organisations, teams, parties, the working-day calculator and
the processing log. Views validate and call selectors/services; nothing more."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from eenloket.api import serializers as s
from eenloket.core import selectors as core_selectors
from eenloket.core import services as core_services
from eenloket.core.calendar import Termijn, TermijnEenheid
from eenloket.core.constants import VerwerkingActie
from eenloket.core.models import Organisatie, Team
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import mag, organisaties_voor, vereis
from eenloket.klanten import selectors as klant_selectors
from eenloket.klanten import services as klant_services
from eenloket.klanten.models import Bedrijf, Persoon


def actor(request: Request) -> Any:
    return request._request.actor  # type: ignore[attr-defined]


def schema_generation(view: Any) -> bool:
    """drf-spectacular builds the schema without a real request or actor."""
    return bool(getattr(view, "swagger_fake_view", False))


def _log_list(rows: list[Any], request: Request, soort: str) -> None:
    """One search is one processing action: per organisation one ``verwerking_log`` call
    (one row per person found, sharing ``actie_id``), so the cost of logging does not
    grow with the number of results."""
    per_org: dict[int, list[Any]] = {}
    for row in rows:
        per_org.setdefault(row.organisatie_id, []).append(row)
    for gevonden in per_org.values():
        eerste = gevonden[0]
        core_services.verwerking_log(
            actie=VerwerkingActie.ZOEKEN,
            handeling=f"{soort} gezocht via API",
            activiteit="klantgegevens",
            organisatie=eerste.organisatie,
            object_type=soort,
            object_id=eerste.uuid if len(gevonden) == 1 else "",
            bsn=[row.bsn for row in gevonden] if soort == "persoon" else "",
            # a business search is by one KvK number, so every row found shares it
            kvk_nummer=getattr(eerste, "kvk_nummer", ""),
            actor=actor(request),
        )


def _validation(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(
        exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
    )


@extend_schema(tags=["organisaties"])
class OrganisatieViewSet(viewsets.ReadOnlyModelViewSet[Organisatie]):
    serializer_class = s.OrganisatieSerializer
    lookup_field = "code"

    def get_queryset(self) -> Any:
        if schema_generation(self):
            return Organisatie.objects.none()
        return organisaties_voor(actor(self.request), Actie.ORGANISATIE_BEKIJKEN).order_by("naam")


@extend_schema(tags=["teams"])
class TeamViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    serializer_class = s.TeamSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> Any:
        if schema_generation(self):
            return Team.objects.none()
        return core_selectors.teams_voor(actor(self.request))


ZOEK_PARAMS = [
    OpenApiParameter("bsn", str, description="Burgerservicenummer"),
    OpenApiParameter("postcode", str, description="Postcode, met huisnummer"),
    OpenApiParameter("huisnummer", int),
    OpenApiParameter("geslachtsnaam", str, description="Met geboortedatum"),
    OpenApiParameter("geboortedatum", str, description="jjjj-mm-dd"),
    OpenApiParameter("organisatie", str, description="Code van de organisatie"),
]


@extend_schema_view(list=extend_schema(parameters=ZOEK_PARAMS))
@extend_schema(tags=["personen"])
class PersoonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Persoon],
):
    """Persons known to the municipality. Every read is written to the processing log;
    a list needs a search criterion (no browsing through residents)."""

    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return s.PersoonUpdateSerializer if self.action == "partial_update" else s.PersoonSerializer

    def get_queryset(self) -> Any:
        if schema_generation(self):
            return Persoon.objects.none()
        return klant_selectors.personen_voor(actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        q = request.query_params
        qs = self.get_queryset()
        if q.get("organisatie"):
            qs = qs.filter(organisatie__code=q["organisatie"])
        if q.get("bsn"):
            qs = qs.filter(bsn=q["bsn"].strip())
        elif q.get("postcode") and q.get("huisnummer"):
            from eenloket.core.validators import normalise_postcode

            huisnummer = q["huisnummer"].strip()
            if not huisnummer.isascii() or not huisnummer.isdigit():
                raise ValidationError({"huisnummer": [_("Vul een geldig huisnummer in (cijfers).")]})
            qs = qs.filter(postcode=normalise_postcode(q["postcode"]), huisnummer=int(huisnummer))
        elif q.get("geslachtsnaam") and q.get("geboortedatum"):
            try:
                geboortedatum = parse_date(q["geboortedatum"].strip())
            except ValueError:  # well-formed but impossible, e.g. 1980-02-30
                geboortedatum = None
            if geboortedatum is None:
                raise ValidationError({"geboortedatum": [_("Vul een geldige datum in (jjjj-mm-dd).")]})
            qs = qs.filter(geslachtsnaam__iexact=q["geslachtsnaam"], geboortedatum=geboortedatum)
        else:
            raise ValidationError(
                {"bsn": [_("Zoek op BSN, op postcode en huisnummer, of op geslachtsnaam en geboortedatum.")]}
            )
        page = self.paginate_queryset(qs.order_by("geslachtsnaam", "id"))
        rows = list(page if page is not None else qs)
        _log_list(rows, request, "persoon")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self) -> Persoon:
        return klant_selectors.persoon_get(actor(self.request), uuid=self.kwargs["uuid"])

    def perform_create(self, serializer: serializers.BaseSerializer[Persoon]) -> None:
        data = dict(serializer.validated_data)
        org: Organisatie = data.pop("organisatie")
        if not mag(actor(self.request), Actie.KLANT_WIJZIGEN, org):
            raise PermissionDenied
        if Persoon.objects.filter(organisatie=org, bsn=data["bsn"]).exists():
            raise ValidationError(
                {"bsn": [_("Deze persoon is al geregistreerd bij deze organisatie.")]}, code="unique"
            )
        try:
            serializer.instance = klant_services.persoon_create(
                organisatie=org, by=actor(self.request), **data
            )
        except DjangoValidationError as exc:
            raise _validation(exc) from None

    def perform_update(self, serializer: serializers.BaseSerializer[Persoon]) -> None:
        persoon = serializer.instance
        assert persoon is not None
        try:
            serializer.instance = klant_services.persoon_update(
                persoon=persoon, by=actor(self.request), **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _validation(exc) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("kvk_nummer", str, required=True), OpenApiParameter("organisatie", str)]
    )
)
@extend_schema(tags=["bedrijven"])
class BedrijfViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Bedrijf],
):
    serializer_class = s.BedrijfSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> Any:
        if schema_generation(self):
            return Bedrijf.objects.none()
        return klant_selectors.bedrijven_voor(actor(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kvk = request.query_params.get("kvk_nummer", "").strip()
        if not kvk:
            raise ValidationError({"kvk_nummer": [_("Zoek op KvK-nummer.")]})
        qs = self.get_queryset().filter(kvk_nummer=kvk)
        if request.query_params.get("organisatie"):
            qs = qs.filter(organisatie__code=request.query_params["organisatie"])
        page = self.paginate_queryset(qs.order_by("handelsnaam", "id"))
        rows = list(page if page is not None else qs)
        _log_list(rows, request, "bedrijf")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self) -> Bedrijf:
        return klant_selectors.bedrijf_get(actor(self.request), uuid=self.kwargs["uuid"])

    def perform_create(self, serializer: serializers.BaseSerializer[Bedrijf]) -> None:
        data = dict(serializer.validated_data)
        org: Organisatie = data.pop("organisatie")
        if not mag(actor(self.request), Actie.KLANT_WIJZIGEN, org):
            raise PermissionDenied
        if Bedrijf.objects.filter(
            organisatie=org, kvk_nummer=data["kvk_nummer"], vestigingsnummer=data.get("vestigingsnummer", "")
        ).exists():
            raise ValidationError(
                {"kvk_nummer": [_("Deze onderneming is al geregistreerd bij deze organisatie.")]}
            )
        try:
            serializer.instance = klant_services.bedrijf_create(
                organisatie=org, by=actor(self.request), **data
            )
        except DjangoValidationError as exc:
            raise _validation(exc) from None


class TermijnView(APIView):
    """Compute the end date of a term with the organisation's working-day calendar
    (public holidays, closing days, Algemene termijnenwet)."""

    @extend_schema(
        tags=["werkdagen"], parameters=[s.TermijnVraagSerializer], responses=s.TermijnAntwoordSerializer
    )
    def get(self, request: Request) -> Response:
        vraag = s.TermijnVraagSerializer(data=request.query_params)
        vraag.is_valid(raise_exception=True)
        data = vraag.validated_data
        org = (
            organisaties_voor(actor(request), Actie.KALENDER_BEKIJKEN)
            .filter(code=data["organisatie"])
            .first()
        )
        if org is None:
            raise ValidationError({"organisatie": [_("Onbekende organisatie, of u werkt er niet voor.")]})
        termijn = Termijn(data["aantal"], TermijnEenheid(data["eenheid"]))
        einde = core_selectors.kalender_voor(org).einddatum(data["start"], termijn)
        return Response(
            {"organisatie": org.code, "start": data["start"], "termijn": str(termijn), "einddatum": einde}
        )


class VerwerkingenView(APIView):
    """The processing log for one person or business (privacy officers). The query is
    itself logged."""

    @extend_schema(
        tags=["verwerkingen"],
        parameters=[OpenApiParameter("bsn", str), OpenApiParameter("kvk_nummer", str)],
        responses=s.VerwerkingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        from eenloket.core.forms import VerwerkingenZoekForm

        who = actor(request)
        vereis(who, Actie.VERWERKINGENLOG_BEKIJKEN)
        form = VerwerkingenZoekForm(request.query_params)
        if not form.is_valid():
            errors: dict[str, Any] = {
                ("nonFieldErrors" if k == "__all__" else k): list(v) for k, v in form.errors.items()
            }
            raise ValidationError(errors)
        data = form.cleaned_data
        rows = core_selectors.verwerkingen_voor(
            who, bsn=data["bsn"], kvk_nummer=data["kvk_nummer"], van=data["van"], tot=data["tot"]
        )
        page = self.paginator.paginate_queryset(rows, request, view=self)
        for org in core_selectors.organisaties_met(who, Actie.VERWERKINGENLOG_BEKIJKEN):
            core_services.verwerking_log(
                actie=VerwerkingActie.ZOEKEN,
                handeling="Verwerkingenlog doorzocht via API",
                activiteit="verwerkingenlog_inzage",
                organisatie=org,
                object_type="verwerkingenlog",
                bsn=data["bsn"],
                kvk_nummer=data["kvk_nummer"],
                actor=who,
            )
        return self.paginator.get_paginated_response(s.VerwerkingSerializer(page, many=True).data)

    @property
    def paginator(self) -> Any:
        if not hasattr(self, "_paginator"):
            from eenloket.api.pagination import Pagination

            self._paginator = Pagination()
        return self._paginator
