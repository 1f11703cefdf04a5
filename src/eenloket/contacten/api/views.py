"""The Klantinteracties API 0.9.0 over Eenloket's own tables (no copies).

Mapping (see the report / module docstrings for why):
- partijen: klanten.Persoon ("persoon") and klanten.Bedrijf ("organisatie"), same UUIDs;
- partij-identificatoren: the BSN of a person, the KvK number and vestigingsnummer of a
  business; UUIDs derived from the party (``ids.py``);
- digitaleadressen: klanten.DigitaalAdres;
- klantcontacten: registered contacten.Klantcontact, its questions as onderwerp/inhoud/
  reactie; betrokkenen: the party of a contact (derived UUID); onderwerpobjecten:
  contacten.Onderwerpobject; actoren: staff (medewerker), teams (organisatorische
  eenheid) and API clients (geautomatiseerde actor); actorklantcontacten: the staff
  member of a contact; internetaken: contactverzoeken that came from a klantcontact.

Reads need ``klant.bekijken``; writes on parties ``klant.wijzigen``, on contacts
``contact.registreren``, updates of internetaken ``contactverzoek.behandelen`` (the
services check). Every read of personal data is written to the processing log."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Sequence
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from eenloket.api.authentication import ClientJWTAuthentication
from eenloket.contacten import services as contact_services
from eenloket.contacten.api import invoer
from eenloket.contacten.api import representaties as rep
from eenloket.contacten.api.authentication import TokenAuthentication
from eenloket.contacten.api.ids import bron, parse_uuid
from eenloket.contacten.api.verwerking import log_lezen
from eenloket.contacten.constants import (
    OPEN_STATUSSEN,
    ContactStatus,
    ContactverzoekStatus,
    Resultaat,
    Uitkomst,
)
from eenloket.contacten.models import (
    Contactverzoek,
    Contactvraag,
    Kanaal,
    Klantcontact,
    Onderwerpobject,
)
from eenloket.contacten.services import KLANTCONTACTEN
from eenloket.core.context import Actor
from eenloket.core.models import ApiClient, Onderwerp, Organisatie, Team, User
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import organisatie_ids, scope
from eenloket.core.validators import validate_bsn, validate_kvk_nummer, validate_vestigingsnummer
from eenloket.klanten import services as klant_services
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Persoon

API_PAD = "/klantinteracties/api/v1/"
STANDAARD_PAGINA = 100
MAX_PAGINA = 500


class NietOndersteund(exceptions.APIException):
    status_code = status.HTTP_501_NOT_IMPLEMENTED
    default_code = "niet_ondersteund"
    default_detail = gettext_lazy("Eenloket ondersteunt deze bewerking niet via de Klantinteracties API.")


def _actor(request: Request) -> Actor:
    return request._request.actor  # type: ignore[attr-defined, no-any-return]


def _fout(veld: str, reden: str, code: str = "invalid") -> exceptions.ValidationError:
    return exceptions.ValidationError({veld: [exceptions.ErrorDetail(reden, code=code)]})


def _vertaal(
    exc: DjangoValidationError, namen: dict[str, str], standaard: str = "nonFieldErrors"
) -> Exception:
    """A service's ValidationError as a 400 naming the API's fields."""
    if not hasattr(exc, "error_dict"):
        return exceptions.ValidationError({standaard: list(exc.messages)})
    fouten: dict[str, list[str]] = {}
    for veld, berichten in exc.message_dict.items():
        naam = namen.get(veld, standaard if veld == "__all__" else namen.get("*", veld))
        fouten.setdefault(naam, []).extend(berichten)
    return exceptions.ValidationError(fouten)


def _bool(request: Request, naam: str) -> bool | None:
    waarde = request.query_params.get(naam)
    if waarde is None or waarde == "":
        return None
    if waarde.lower() in ("true", "1"):
        return True
    if waarde.lower() in ("false", "0"):
        return False
    raise _fout(naam, _("Geef true of false."))


def _uuid_param(request: Request, *namen: str) -> uuid_lib.UUID | Literal[False] | None:
    """The UUID in the first of ``namen`` that is given (an URL or a bare UUID);
    False when given but not a UUID (so the filter matches nothing)."""
    for naam in namen:
        waarde = request.query_params.get(naam)
        if waarde:
            return parse_uuid(waarde) or False
    return None


def _ctx(request: Request) -> rep.Ctx:
    expand = {deel.strip().split(".")[0] for deel in request.query_params.get("expand", "").split(",")}
    return rep.Ctx(basis=request.build_absolute_uri(API_PAD), expand=frozenset(expand - {""}))


def _pagina(
    request: Request, bronnen: Sequence[QuerySet[Any]]
) -> tuple[list[tuple[int, Any]], dict[str, Any]]:
    """One page over the concatenation of ``bronnen`` (e.g. persons then businesses),
    in the standard's shape: count, next, previous. Returns (source index, row)."""
    try:
        pagina = int(request.query_params.get("page", "1"))
        grootte = int(request.query_params.get("pageSize", str(STANDAARD_PAGINA)))
    except ValueError:
        raise _fout("page", _("Geef een geheel getal.")) from None
    if pagina < 1 or grootte < 1:
        raise exceptions.NotFound(_("Ongeldige pagina."))
    grootte = min(grootte, MAX_PAGINA)
    aantallen = [qs.count() for qs in bronnen]
    totaal = sum(aantallen)
    begin = (pagina - 1) * grootte
    if pagina > 1 and begin >= totaal:
        raise exceptions.NotFound(_("Ongeldige pagina."))
    rijen: list[tuple[int, Any]] = []
    over, nodig = begin, grootte
    for index, (qs, aantal) in enumerate(zip(bronnen, aantallen, strict=True)):
        if nodig == 0:
            break
        if over >= aantal:
            over -= aantal
            continue
        deel = list(qs[over : over + nodig])
        rijen += [(index, rij) for rij in deel]
        nodig -= len(deel)
        over = 0
    url = request.build_absolute_uri()
    volgende = replace_query_param(url, "page", pagina + 1) if begin + grootte < totaal else None
    vorige = None
    if pagina > 1:
        vorige = (
            remove_query_param(url, "page") if pagina == 2 else replace_query_param(url, "page", pagina - 1)
        )
    return rijen, {"count": totaal, "next": volgende, "previous": vorige}


def _lijst(meta: dict[str, Any], resultaten: list[Any]) -> Response:
    return Response({**meta, "results": resultaten})


def _kies_organisatie(request: Request, actie: Actie) -> Organisatie:
    """The organisation a create is for: ``?organisatie=<code>`` (an Eenloket extension)
    or, without it, the only organisation where the client may perform ``actie``."""
    ids = organisatie_ids(_actor(request), actie)
    code = request.query_params.get("organisatie", "").strip()
    if code:
        org = Organisatie.objects.filter(code=code, id__in=ids).first()
        if org is None:
            raise _fout("organisatie", _("Onbekende organisatie, of u mag dit daar niet doen."))
        return org
    if not ids:
        raise exceptions.PermissionDenied()
    if len(ids) > 1:
        raise _fout(
            "organisatie", _("U werkt voor meerdere organisaties: kies er een met ?organisatie=<code>.")
        )
    return Organisatie.objects.get(id=next(iter(ids)))


def _data(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise _fout("nonFieldErrors", _("Stuur een JSON-object."))
    return request.data


class Basis(viewsets.ViewSet):
    """Authentication as Open Klant's clients send it (Token), our JWT, or a staff
    session; operations the standard has but Eenloket does not support answer 501."""

    authentication_classes = [TokenAuthentication, ClientJWTAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    schema = None  # the contract is the VNG standard, not our generated schema
    lookup_field = "uuid"
    lookup_value_regex = "[^/]+"

    def list(self, request: Request) -> Response:
        raise NietOndersteund()

    def retrieve(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund()

    def create(self, request: Request) -> Response:
        raise NietOndersteund()

    def update(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund()

    def partial_update(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund()

    def destroy(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund()

    def _invoer(self, serializer: Any, request: Request, *, partial: bool = False) -> dict[str, Any]:
        s = serializer(data=_data(request), partial=partial)
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)


def _uuid_pad(uuid: str) -> uuid_lib.UUID:
    gevonden = parse_uuid(uuid)
    if gevonden is None:
        raise Http404
    return gevonden


# --- partijen ---------------------------------------------------------------------------

_PARTIJ_VELDNAMEN = {
    "bsn": "partijIdentificatoren",
    "kvk_nummer": "partijIdentificatoren",
    "vestigingsnummer": "partijIdentificatoren",
    "geslachtsnaam": "partijIdentificatie.contactnaam.achternaam",
    "voornamen": "partijIdentificatie.contactnaam.voornaam",
    "voorvoegsel": "partijIdentificatie.contactnaam.voorvoegselAchternaam",
    "handelsnaam": "partijIdentificatie.naam",
    "straat": "bezoekadres.straatnaam",
    "huisnummer": "bezoekadres.huisnummer",
    "huisletter": "bezoekadres.huisnummertoevoeging",
    "huisnummertoevoeging": "bezoekadres.huisnummertoevoeging",
    "postcode": "bezoekadres.postcode",
    "woonplaats": "bezoekadres.stad",
    "telefoonnummer": "_eenloket.telefoonnummer",
    "email": "_eenloket.email",
    "geboortedatum": "_eenloket.geboortedatum",
}
_PARTIJ_ONBEKEND = (
    "nummer",
    "categorierelatie__categorie__naam",
    "vertegenwoordigdePartij__url",
    "vertegenwoordigdePartij__uuid",
    "bezoekadresAdresregel1",
    "bezoekadresAdresregel2",
    "bezoekadresAdresregel3",
    "bezoekadresNummeraanduidingId",
    "correspondentieadresAdresregel1",
    "correspondentieadresAdresregel2",
    "correspondentieadresAdresregel3",
    "correspondentieadresLand",
    "correspondentieadresNummeraanduidingId",
)


def _personen(actor: Actor) -> QuerySet[Persoon]:
    return scope(Persoon.objects.select_related("organisatie"), actor, Actie.KLANT_BEKIJKEN)


def _bedrijven(actor: Actor) -> QuerySet[Bedrijf]:
    return scope(Bedrijf.objects.select_related("organisatie"), actor, Actie.KLANT_BEKIJKEN)


def _filter_identificator(
    personen: QuerySet[Persoon], bedrijven: QuerySet[Bedrijf], params: dict[str, str]
) -> tuple[QuerySet[Persoon], QuerySet[Bedrijf]]:
    """Filter parties on the standard's identificator (codeObjecttype, codeRegister,
    codeSoortObjectId, objectId), each optional."""
    objecttype, register = params.get("codeObjecttype"), params.get("codeRegister")
    soort, object_id = params.get("codeSoortObjectId"), params.get("objectId")
    if objecttype == "natuurlijk_persoon" or register == "brp" or soort == "bsn":
        bedrijven = bedrijven.none()
    if objecttype in ("niet_natuurlijk_persoon", "vestiging") or register == "hr":
        personen = personen.none()
    if soort in ("kvk_nummer", "vestigingsnummer", "rsin"):
        personen = personen.none()
    if soort == "rsin" or (
        objecttype and objecttype not in ("natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging")
    ):
        personen, bedrijven = personen.none(), bedrijven.none()
    if register and register not in ("brp", "hr"):
        personen, bedrijven = personen.none(), bedrijven.none()
    if objecttype == "vestiging" or soort == "vestigingsnummer":
        bedrijven = bedrijven.exclude(vestigingsnummer="")
    if object_id is not None:
        personen = personen.filter(bsn=object_id) if object_id else personen.none()
        if soort == "kvk_nummer" or objecttype == "niet_natuurlijk_persoon":
            bedrijven = bedrijven.filter(kvk_nummer=object_id)
        elif soort == "vestigingsnummer" or objecttype == "vestiging":
            bedrijven = bedrijven.filter(vestigingsnummer=object_id)
        else:
            bedrijven = bedrijven.filter(Q(kvk_nummer=object_id) | Q(vestigingsnummer=object_id))
    return personen, bedrijven


def _identificator_params(request: Request, prefix: str) -> dict[str, str]:
    return {
        deel: request.query_params[f"{prefix}{deel}"]
        for deel in ("codeObjecttype", "codeRegister", "codeSoortObjectId", "objectId")
        if f"{prefix}{deel}" in request.query_params
    }


def _laad_partijen(ctx: rep.Ctx, partijen: Sequence[Persoon | Bedrijf]) -> None:
    """Digital addresses and registered contacts of a page of parties: two queries."""
    p_ids = [p.pk for p in partijen if isinstance(p, Persoon)]
    b_ids = [p.pk for p in partijen if isinstance(p, Bedrijf)]
    if not partijen:
        return
    wie = Q(persoon_id__in=p_ids) | Q(bedrijf_id__in=b_ids)
    for adres in DigitaalAdres.objects.filter(wie).order_by("soort", "adres", "pk"):
        sleutel = ("persoon", adres.persoon_id) if adres.persoon_id else ("bedrijf", adres.bedrijf_id)
        ctx.adressen.setdefault(sleutel, []).append(adres)  # type: ignore[arg-type]
    for contact in Klantcontact.objects.filter(wie, status=ContactStatus.GEREGISTREERD).order_by(
        "-gestart_op"
    ):
        sleutel = ("persoon", contact.persoon_id) if contact.persoon_id else ("bedrijf", contact.bedrijf_id)
        ctx.contacten.setdefault(sleutel, []).append(contact)  # type: ignore[arg-type]


def _partij_get(actor: Actor, uuid: uuid_lib.UUID) -> Persoon | Bedrijf:
    gevonden = _personen(actor).filter(uuid=uuid).first() or _bedrijven(actor).filter(uuid=uuid).first()
    if gevonden is None:
        raise Http404
    return gevonden


def _partij_ref(actor: Actor, fk: dict[str, Any] | None, veld: str) -> Persoon | Bedrijf | None:
    if not fk:
        return None
    gevonden = (
        _personen(actor).filter(uuid=fk["uuid"]).first() or _bedrijven(actor).filter(uuid=fk["uuid"]).first()
    )
    if gevonden is None:
        raise _fout(f"{veld}.uuid", _("Onbekende partij, of u mag haar niet zien."), "does_not_exist")
    return gevonden


def _partij_antwoord(request: Request, partij: Persoon | Bedrijf, *, status_code: int = 200) -> Response:
    ctx = _ctx(request)
    _laad_partijen(ctx, [partij])
    if status_code == 200:  # a create or update is logged by its service
        log_lezen(
            _actor(request),
            [partij],
            handeling="Partij ingezien via Klantinteracties API",
            activiteit="klantgegevens",
            object_type="persoon" if isinstance(partij, Persoon) else "bedrijf",
        )
    return Response(rep.partij(ctx, partij), status=status_code)


def _persoon_velden(data: dict[str, Any]) -> dict[str, Any]:
    velden: dict[str, Any] = {}
    identificatie = data.get("partijIdentificatie")
    if identificatie is not None:
        s = invoer.PersoonIdentificatie(data=identificatie)
        if not s.is_valid():
            raise exceptions.ValidationError({"partijIdentificatie": s.errors})
        naam = s.validated_data.get("contactnaam") or {}
        for bron_veld, doel in (
            ("voornaam", "voornamen"),
            ("voorvoegselAchternaam", "voorvoegsel"),
            ("achternaam", "geslachtsnaam"),
        ):
            if bron_veld in naam:
                velden[doel] = naam[bron_veld].strip()
    velden.update(_adres_velden(data))
    extensie = data.get("_eenloket") or {}
    for bron_veld in ("geboortedatum", "telefoonnummer", "email", "voorkeurskanaal"):
        if bron_veld in extensie:
            velden[bron_veld] = extensie[bron_veld] or ("" if bron_veld != "geboortedatum" else None)
    if velden.get("telefoonnummer"):
        velden["telefoonnummer"] = _telefoon(velden["telefoonnummer"])
    return velden


def _telefoon(nummer: str) -> str:
    from eenloket.core.validators import normalise_telefoonnummer

    return normalise_telefoonnummer(nummer) if nummer else ""


def _adres_velden(data: dict[str, Any]) -> dict[str, Any]:
    if "bezoekadres" not in data:
        return {}
    adres = data.get("bezoekadres") or {}
    return {
        "straat": (adres.get("straatnaam") or "").strip(),
        "huisnummer": adres.get("huisnummer"),
        "huisletter": "",
        "huisnummertoevoeging": (adres.get("huisnummertoevoeging") or "").strip(),
        "postcode": (adres.get("postcode") or "").strip(),
        "woonplaats": (adres.get("stad") or "").strip(),
    }


def _identificatoren_uit(data: dict[str, Any]) -> dict[str, str]:
    """BSN, KvK number and vestigingsnummer from a party's inline identificatoren."""
    gevonden: dict[str, str] = {}
    for index, item in enumerate(data.get("partijIdentificatoren") or []):
        ident = item["partijIdentificator"]
        soort, waarde = ident["codeSoortObjectId"], ident["objectId"].strip()
        veld = f"partijIdentificatoren.{index}.partijIdentificator.objectId"
        validator = {"bsn": validate_bsn, "kvk_nummer": validate_kvk_nummer}.get(
            soort, validate_vestigingsnummer
        )
        if soort == "rsin":
            raise _fout(
                f"partijIdentificatoren.{index}.partijIdentificator.codeSoortObjectId",
                _("Eenloket legt geen RSIN vast; gebruik het KvK-nummer."),
            )
        try:
            validator(waarde)
        except DjangoValidationError as exc:
            raise _fout(veld, " ".join(exc.messages)) from None
        gevonden[soort] = waarde
    return gevonden


class PartijViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        personen, bedrijven = _personen(actor), _bedrijven(actor)
        q = request.query_params
        soort = q.get("soortPartij")
        if soort == "persoon":
            bedrijven = bedrijven.none()
        elif soort == "organisatie":
            personen = personen.none()
        elif soort:
            personen, bedrijven = personen.none(), bedrijven.none()
        personen, bedrijven = _filter_identificator(
            personen, bedrijven, _identificator_params(request, "partijIdentificator__")
        )
        sub = _identificator_params(request, "subIdentificatorVan__")
        if sub:
            personen = personen.none()
            _, moeders = _filter_identificator(Persoon.objects.none(), _bedrijven(actor), sub)
            bedrijven = bedrijven.exclude(vestigingsnummer="").filter(
                kvk_nummer__in=moeders.values("kvk_nummer")
            )
        if _bool(request, "indicatieActief") is False or _bool(request, "indicatieGeheimhouding") is True:
            personen, bedrijven = personen.none(), bedrijven.none()
        if any(q.get(naam) for naam in _PARTIJ_ONBEKEND):  # we hold none of these: nothing matches
            personen, bedrijven = personen.none(), bedrijven.none()
        land = q.get("bezoekadresLand")
        if land and land.upper() != "NL":
            personen, bedrijven = personen.none(), bedrijven.none()
        rijen, meta = _pagina(
            request, [personen.order_by("created_at", "pk"), bedrijven.order_by("created_at", "pk")]
        )
        partijen = [rij for _, rij in rijen]
        ctx = _ctx(request)
        _laad_partijen(ctx, partijen)
        log_lezen(
            actor,
            partijen,
            handeling="Partijen gezocht via Klantinteracties API",
            activiteit="klantgegevens",
            object_type="partij",
        )
        return _lijst(meta, [rep.partij(ctx, p) for p in partijen])

    def retrieve(self, request: Request, uuid: str) -> Response:
        return _partij_antwoord(request, _partij_get(_actor(request), _uuid_pad(uuid)))

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.PartijInvoer, request)
        org = _kies_organisatie(request, Actie.KLANT_WIJZIGEN)
        actor = _actor(request)
        identificaties = _identificatoren_uit(data)
        try:
            if data["soortPartij"] == "persoon":
                velden = _persoon_velden(data)
                bsn = identificaties.get("bsn", "")
                if bsn and Persoon.objects.filter(organisatie=org, bsn=bsn).exists():
                    raise _fout(
                        "partijIdentificatoren",
                        _("Deze persoon is al geregistreerd bij deze organisatie."),
                        "unique",
                    )
                partij: Persoon | Bedrijf = klant_services.persoon_create(
                    organisatie=org, bsn=bsn, by=actor, **velden
                )
            elif data["soortPartij"] == "organisatie":
                s = invoer.OrganisatieIdentificatie(data=data.get("partijIdentificatie") or {})
                if not s.is_valid():
                    raise exceptions.ValidationError({"partijIdentificatie": s.errors})
                kvk = identificaties.get("kvk_nummer", "")
                if not kvk:
                    raise _fout(
                        "partijIdentificatoren",
                        _(
                            "Een organisatie heeft in Eenloket een KvK-nummer nodig: "
                            "geef een partijIdentificator met codeSoortObjectId 'kvk_nummer' mee."
                        ),
                        "required",
                    )
                vestiging = identificaties.get("vestigingsnummer", "")
                if Bedrijf.objects.filter(
                    organisatie=org, kvk_nummer=kvk, vestigingsnummer=vestiging
                ).exists():
                    raise _fout(
                        "partijIdentificatoren",
                        _("Deze onderneming is al geregistreerd bij deze organisatie."),
                        "unique",
                    )
                extensie = data.get("_eenloket") or {}
                partij = klant_services.bedrijf_create(
                    organisatie=org,
                    kvk_nummer=kvk,
                    by=actor,
                    vestigingsnummer=vestiging,
                    handelsnaam=(s.validated_data.get("naam") or "").strip(),
                    telefoonnummer=_telefoon(extensie.get("telefoonnummer", "")),
                    email=extensie.get("email", ""),
                    voorkeurskanaal=extensie.get("voorkeurskanaal", ""),
                    **_adres_velden(data),
                )
            else:
                raise _fout(
                    "soortPartij",
                    _("Eenloket legt geen contactpersonen als partij vast; kies 'persoon' of 'organisatie'."),
                )
        except DjangoValidationError as exc:
            raise _vertaal(exc, _PARTIJ_VELDNAMEN) from None
        return _partij_antwoord(request, partij, status_code=201)

    def _wijzig(self, request: Request, uuid: str, *, partial: bool) -> Response:
        actor = _actor(request)
        partij = _partij_get(actor, _uuid_pad(uuid))
        data = self._invoer(invoer.PartijInvoer, request, partial=partial)
        soort = "persoon" if isinstance(partij, Persoon) else "organisatie"
        if data.get("soortPartij", soort) != soort:
            raise _fout("soortPartij", _("De soort van een partij kan niet wijzigen."))
        identificaties = _identificatoren_uit(data)
        if isinstance(partij, Bedrijf):
            return self._wijzig_bedrijf(request, partij, data, identificaties)
        try:
            with transaction.atomic():
                if "bsn" in identificaties:
                    partij = klant_services.persoon_bsn_vastleggen(
                        persoon=partij, bsn=identificaties["bsn"], by=actor
                    )
                partij = klant_services.persoon_update(persoon=partij, by=actor, **_persoon_velden(data))
        except DjangoValidationError as exc:
            raise _vertaal(exc, _PARTIJ_VELDNAMEN) from None
        return _partij_antwoord(request, partij)

    def _wijzig_bedrijf(
        self, request: Request, bedrijf: Bedrijf, data: dict[str, Any], identificaties: dict[str, str]
    ) -> Response:
        if identificaties.get("kvk_nummer", bedrijf.kvk_nummer) != bedrijf.kvk_nummer:
            raise _fout("partijIdentificatoren", _("Het KvK-nummer van een onderneming wijzigt niet."))
        velden: dict[str, Any] = _adres_velden(data)
        naam = (data.get("partijIdentificatie") or {}).get("naam")
        if naam is not None:
            velden["handelsnaam"] = str(naam).strip()
        extensie = data.get("_eenloket") or {}
        velden.update(
            {k: extensie[k] or "" for k in ("telefoonnummer", "email", "voorkeurskanaal") if k in extensie}
        )
        if velden.get("telefoonnummer"):
            velden["telefoonnummer"] = _telefoon(velden["telefoonnummer"])
        vestiging = identificaties.get("vestigingsnummer")
        if vestiging is not None and vestiging != bedrijf.vestigingsnummer:
            if bedrijf.vestigingsnummer:
                raise _fout(
                    "partijIdentificatoren", _("Het vestigingsnummer van een onderneming wijzigt niet.")
                )
            velden["vestigingsnummer"] = vestiging
        try:
            bedrijf = klant_services.bedrijf_update(bedrijf=bedrijf, by=_actor(request), **velden)
        except DjangoValidationError as exc:
            raise _vertaal(exc, _PARTIJ_VELDNAMEN) from None
        return _partij_antwoord(request, bedrijf)

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, partial=False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, partial=True)

    def destroy(self, request: Request, uuid: str) -> Response:
        _partij_get(_actor(request), _uuid_pad(uuid))
        raise NietOndersteund(_("Partijen worden in Eenloket niet via de API verwijderd (bewaartermijnen)."))


# --- partij-identificatoren ---------------------------------------------------------------

_SOORTEN_IDENTIFICATOR = ("bsn", "kvk_nummer", "vestigingsnummer")


def _identificator(ctx: rep.Ctx, partij: Persoon | Bedrijf, soort: str) -> dict[str, Any]:
    return next(
        i for i in rep.identificatoren(ctx, partij) if i["partijIdentificator"]["codeSoortObjectId"] == soort
    )


def _identificator_get(actor: Actor, uuid: uuid_lib.UUID) -> tuple[Persoon | Bedrijf, str]:
    persoon = _personen(actor).exclude(bsn="").filter(uuid=bron(uuid, "bsn")).first()
    if persoon is not None:
        return persoon, "bsn"
    kandidaten = {bron(uuid, "kvk_nummer"): "kvk_nummer", bron(uuid, "vestigingsnummer"): "vestigingsnummer"}
    for bedrijf in _bedrijven(actor).filter(uuid__in=list(kandidaten)):
        soort = kandidaten[bedrijf.uuid]
        if soort == "kvk_nummer" or bedrijf.vestigingsnummer:
            return bedrijf, soort
    raise Http404


class PartijIdentificatorViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        params = _identificator_params(request, "partijIdentificator")
        personen, bedrijven = _filter_identificator(
            _personen(actor).exclude(bsn=""), _bedrijven(actor), params
        )
        kvk, vestigingen = bedrijven, bedrijven.exclude(vestigingsnummer="")
        objecttype, soort = params.get("codeObjecttype"), params.get("codeSoortObjectId")
        if objecttype == "vestiging" or soort == "vestigingsnummer":
            kvk = kvk.none()
        if objecttype == "niet_natuurlijk_persoon" or soort == "kvk_nummer":
            vestigingen = vestigingen.none()
        object_id = params.get("objectId")
        if object_id is not None:
            kvk, vestigingen = (
                kvk.filter(kvk_nummer=object_id),
                vestigingen.filter(vestigingsnummer=object_id),
            )
        if request.query_params.get("anderePartijIdentificator"):
            personen, kvk, vestigingen = personen.none(), kvk.none(), vestigingen.none()
        rijen, meta = _pagina(
            request,
            [
                personen.order_by("created_at", "pk"),
                kvk.order_by("created_at", "pk"),
                vestigingen.order_by("created_at", "pk"),
            ],
        )
        ctx = _ctx(request)
        log_lezen(
            actor,
            [rij for _, rij in rijen],
            handeling="Partij-identificatoren gezocht via Klantinteracties API",
            activiteit="klantgegevens",
            object_type="partij",
        )
        return _lijst(meta, [_identificator(ctx, rij, _SOORTEN_IDENTIFICATOR[index]) for index, rij in rijen])

    def retrieve(self, request: Request, uuid: str) -> Response:
        actor = _actor(request)
        partij, soort = _identificator_get(actor, _uuid_pad(uuid))
        log_lezen(
            actor,
            [partij],
            handeling="Partij-identificator ingezien via Klantinteracties API",
            activiteit="klantgegevens",
            object_type="partij",
        )
        return Response(_identificator(_ctx(request), partij, soort))

    def _vastleggen(
        self, request: Request, partij: Persoon | Bedrijf | None, data: dict[str, Any]
    ) -> tuple[Persoon | Bedrijf, str]:
        actor = _actor(request)
        if partij is None:
            partij = _partij_ref(actor, data.get("identificeerdePartij"), "identificeerdePartij")
        if partij is None:
            raise _fout(
                "identificeerdePartij",
                _("Eenloket legt een identificator vast bij een partij: geef identificeerdePartij mee."),
                "required",
            )
        ident = data["partijIdentificator"]
        soort, waarde = ident["codeSoortObjectId"], ident["objectId"].strip()
        veld = "partijIdentificator.objectId"
        verwacht = {
            "bsn": ("natuurlijk_persoon", "brp"),
            "kvk_nummer": ("niet_natuurlijk_persoon", "hr"),
            "vestigingsnummer": ("vestiging", "hr"),
        }
        if soort not in verwacht or (ident["codeObjecttype"], ident["codeRegister"]) != verwacht[soort]:
            raise _fout(
                "partijIdentificator",
                _(
                    "Deze combinatie van objecttype, soort object-id en register kent Eenloket niet "
                    "(bsn/natuurlijk_persoon/brp, kvk_nummer/niet_natuurlijk_persoon/hr, "
                    "vestigingsnummer/vestiging/hr)."
                ),
            )
        if isinstance(partij, Persoon) != (soort == "bsn"):
            raise _fout(
                "partijIdentificator.codeSoortObjectId",
                _("Deze soort identificator past niet bij de soort partij."),
            )
        if isinstance(partij, Persoon):
            try:
                validate_bsn(waarde)
                partij = klant_services.persoon_bsn_vastleggen(persoon=partij, bsn=waarde, by=actor)
            except DjangoValidationError as exc:
                raise _vertaal(exc, {"*": veld}) from None
            return partij, soort
        huidig = partij.kvk_nummer if soort == "kvk_nummer" else partij.vestigingsnummer
        if soort == "vestigingsnummer" and not huidig:
            try:
                validate_vestigingsnummer(waarde)
                partij = klant_services.bedrijf_update(bedrijf=partij, by=actor, vestigingsnummer=waarde)
            except DjangoValidationError as exc:
                raise _vertaal(exc, {"*": veld}) from None
            return partij, soort
        if huidig != waarde:
            raise _fout(
                veld,
                _(
                    "Het KvK-nummer en vestigingsnummer van een onderneming komen uit het Handelsregister "
                    "en wijzigen niet via deze API."
                ),
            )
        return partij, soort

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.PartijIdentificatorInvoer, request)
        partij, soort = self._vastleggen(request, None, data)
        return Response(_identificator(_ctx(request), partij, soort), status=201)

    def _wijzig(self, request: Request, uuid: str, partial: bool) -> Response:
        actor = _actor(request)
        partij, soort = _identificator_get(actor, _uuid_pad(uuid))
        data = self._invoer(invoer.PartijIdentificatorInvoer, request, partial=partial)
        ander = data.get("identificeerdePartij")
        if ander and str(ander["uuid"]) != str(partij.uuid):
            raise _fout(
                "identificeerdePartij", _("Een identificator kan niet naar een andere partij verhuizen.")
            )
        if "partijIdentificator" in data:
            partij, soort = self._vastleggen(request, partij, data)
        return Response(_identificator(_ctx(request), partij, soort))

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, True)

    def destroy(self, request: Request, uuid: str) -> Response:
        _identificator_get(_actor(request), _uuid_pad(uuid))
        raise NietOndersteund(_("Een BSN of KvK-nummer wordt niet via deze API verwijderd."))


# --- digitale adressen --------------------------------------------------------------------

_ADRES_VELDNAMEN = {
    "adres": "adres",
    "soort": "soortDigitaalAdres",
    "omschrijving": "omschrijving",
    "partij": "verstrektDoorPartij",
}


def _adressen(actor: Actor) -> QuerySet[DigitaalAdres]:
    return scope(
        DigitaalAdres.objects.select_related("persoon", "bedrijf", "organisatie"), actor, Actie.KLANT_BEKIJKEN
    )


def _adres_antwoord(request: Request, adres: DigitaalAdres, status_code: int = 200) -> Response:
    log_lezen(
        _actor(request),
        [adres.persoon or adres.bedrijf],
        handeling="Digitaal adres ingezien via Klantinteracties API",
        activiteit="klantgegevens",
        object_type="digitaal_adres",
    )
    return Response(rep.digitaal_adres(_ctx(request), adres), status=status_code)


class DigitaalAdresViewSet(Basis):
    def list(self, request: Request) -> Response:
        from eenloket.core.validators import normalise_telefoonnummer

        actor = _actor(request)
        qs = _adressen(actor)
        q = request.query_params
        if q.get("adres"):
            adres = q["adres"].strip()
            qs = qs.filter(Q(adres=adres) | Q(adres=adres.lower()) | Q(adres=normalise_telefoonnummer(adres)))
        if q.get("adres__icontains"):
            qs = qs.filter(adres__icontains=q["adres__icontains"])
        if q.get("soortDigitaalAdres"):
            qs = qs.filter(soort=q["soortDigitaalAdres"])
        if q.get("omschrijving"):
            qs = qs.filter(omschrijving=q["omschrijving"])
        partij_uuid = _uuid_param(request, "verstrektDoorPartij__uuid", "verstrektDoorPartij__url")
        if partij_uuid is False:
            qs = qs.none()
        elif partij_uuid:
            qs = qs.filter(_partij_is(partij_uuid))
        soort = q.get("verstrektDoorPartij__soortPartij")
        if soort:
            qs = {
                "persoon": qs.filter(persoon__isnull=False),
                "organisatie": qs.filter(bedrijf__isnull=False),
            }.get(soort, qs.none())
        ident = _identificator_params(request, "verstrektDoorPartij__partijIdentificator__")
        if ident:
            personen, bedrijven = _filter_identificator(_personen(actor), _bedrijven(actor), ident)
            qs = qs.filter(Q(persoon__in=personen) | Q(bedrijf__in=bedrijven))
        if (
            _bool(request, "isStandaardAdres")
            or _bool(request, "isGeverifieerd")
            or any(
                q.get(n)
                for n in (
                    "referentie",
                    "verificatieDatum",
                    "verificatieDatum__gt",
                    "verificatieDatum__gte",
                    "verificatieDatum__lt",
                    "verificatieDatum__lte",
                    "verstrektDoorBetrokkene__rol",
                    "verstrektDoorBetrokkene__url",
                    "verstrektDoorBetrokkene__uuid",
                )
            )
        ):
            qs = qs.none()
        rijen, meta = _pagina(request, [qs.order_by("created_at", "pk")])
        adressen = [rij for _, rij in rijen]
        ctx = _ctx(request)
        log_lezen(
            actor,
            [a.persoon or a.bedrijf for a in adressen],
            handeling="Digitale adressen gezocht via Klantinteracties API",
            activiteit="klantgegevens",
            object_type="digitaal_adres",
        )
        return _lijst(meta, [rep.digitaal_adres(ctx, a) for a in adressen])

    def _get(self, request: Request, uuid: str) -> DigitaalAdres:
        gevonden = _adressen(_actor(request)).filter(uuid=_uuid_pad(uuid)).first()
        if gevonden is None:
            raise Http404
        return gevonden

    def retrieve(self, request: Request, uuid: str) -> Response:
        return _adres_antwoord(request, self._get(request, uuid))

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.DigitaalAdresInvoer, request)
        actor = _actor(request)
        partij = _partij_ref(actor, data.get("verstrektDoorPartij"), "verstrektDoorPartij")
        if partij is None:
            raise _fout(
                "verstrektDoorPartij",
                _("Eenloket koppelt een digitaal adres aan een partij: geef verstrektDoorPartij mee."),
                "required",
            )
        try:
            adres = klant_services.digitaal_adres_aanmaken(
                by=actor,
                soort=data["soortDigitaalAdres"],
                adres=data["adres"],
                omschrijving=data.get("omschrijving", ""),
                persoon=partij if isinstance(partij, Persoon) else None,
                bedrijf=partij if isinstance(partij, Bedrijf) else None,
            )
        except DjangoValidationError as exc:
            raise _vertaal(exc, _ADRES_VELDNAMEN) from None
        return _adres_antwoord(request, adres, 201)

    def _wijzig(self, request: Request, uuid: str, partial: bool) -> Response:
        adres = self._get(request, uuid)
        data = self._invoer(invoer.DigitaalAdresInvoer, request, partial=partial)
        partij = data.get("verstrektDoorPartij")
        eigenaar = adres.persoon or adres.bedrijf
        if partij and eigenaar and str(partij["uuid"]) != str(eigenaar.uuid):
            raise _fout(
                "verstrektDoorPartij", _("Een digitaal adres kan niet naar een andere partij verhuizen.")
            )
        velden = {
            k: data[v]
            for k, v in (
                ("soort", "soortDigitaalAdres"),
                ("adres", "adres"),
                ("omschrijving", "omschrijving"),
            )
            if v in data
        }
        try:
            adres = klant_services.digitaal_adres_wijzigen(digitaal_adres=adres, by=_actor(request), **velden)
        except DjangoValidationError as exc:
            raise _vertaal(exc, _ADRES_VELDNAMEN) from None
        return _adres_antwoord(request, adres)

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, True)

    def destroy(self, request: Request, uuid: str) -> Response:
        adres = self._get(request, uuid)
        klant_services.digitaal_adres_verwijderen(digitaal_adres=adres, by=_actor(request))
        return Response(status=204)


# --- klantcontacten -----------------------------------------------------------------------

_CONTACT_VELDNAMEN = {
    "vraag": "inhoud",
    "vragen.1.vraag": "inhoud",
    "antwoord": "reactie",
    "vragen.1.antwoord": "reactie",
    "onderwerp_tekst": "onderwerp",
    "vragen.1.onderwerp_tekst": "onderwerp",
    "kanaal": "kanaal",
    "taal": "taal",
    "gestart_op": "plaatsgevondenOp",
    "beeindigd_op": "plaatsgevondenOp",
    "nummer": "referentienummer",
}


def _contact_qs() -> QuerySet[Klantcontact]:
    return (
        Klantcontact.objects.filter(status=ContactStatus.GEREGISTREERD)
        .select_related("kanaal", "medewerker", "persoon", "bedrijf", "organisatie")
        .prefetch_related(
            Prefetch(
                "vragen", queryset=Contactvraag.objects.select_related("onderwerp").order_by("volgorde")
            ),
            Prefetch("onderwerpobjecten", queryset=Onderwerpobject.objects.order_by("created_at", "pk")),
            Prefetch(
                "contactverzoeken",
                queryset=Contactverzoek.objects.exclude(status=ContactverzoekStatus.CONCEPT)
                .select_related("team", "behandelaar", "ketenpartner")
                .prefetch_related("pogingen")
                .order_by("created_at", "pk"),
            ),
        )
    )


def _contacten(actor: Actor) -> QuerySet[Klantcontact]:
    return scope(_contact_qs(), actor, Actie.KLANT_BEKIJKEN)


def _contact_ref(actor: Actor, fk: dict[str, Any] | None, veld: str) -> Klantcontact | None:
    if not fk:
        return None
    gevonden = _contacten(actor).filter(uuid=fk["uuid"]).first()
    if gevonden is None:
        raise _fout(f"{veld}.uuid", _("Onbekend klantcontact, of u mag het niet zien."), "does_not_exist")
    return gevonden


def _log_contacten(actor: Actor, contacten: Sequence[Klantcontact], handeling: str) -> None:
    log_lezen(
        actor,
        [c.persoon or c.bedrijf for c in contacten],
        handeling=handeling,
        activiteit=KLANTCONTACTEN.code,
        object_type="klantcontact",
    )


def _partij_is(partij_uuid: Any) -> Q:
    """Rows of the person or business with this UUID. Resolved to the party's primary
    key first: an OR over two joined UUIDs cannot use the (persoon, -gestart_op) and
    (bedrijf, ...) indexes and scans every contact of the tenant."""
    persoon_ids = list(Persoon.objects.filter(uuid=partij_uuid).values_list("pk", flat=True))
    bedrijf_ids = list(Bedrijf.objects.filter(uuid=partij_uuid).values_list("pk", flat=True))
    if persoon_ids:
        return Q(persoon_id__in=persoon_ids)
    if bedrijf_ids:
        return Q(bedrijf_id__in=bedrijf_ids)
    return Q(pk__in=[])


def _identificator_filter(request: Request, prefix: str, actor: Actor) -> Q | None:
    ident = _identificator_params(request, prefix)
    if not ident:
        return None
    personen, bedrijven = _filter_identificator(_personen(actor), _bedrijven(actor), ident)
    # ids first (an identificator matches few parties): an OR of two subqueries would
    # keep the database from using the per-party indexes
    persoon_ids = list(personen.values_list("pk", flat=True)[:1001])
    bedrijf_ids = list(bedrijven.values_list("pk", flat=True)[:1001])
    if len(persoon_ids) > 1000 or len(bedrijf_ids) > 1000:  # a broad filter (no objectId)
        return Q(persoon__in=personen) | Q(bedrijf__in=bedrijven)
    if persoon_ids and bedrijf_ids:
        return Q(persoon_id__in=persoon_ids) | Q(bedrijf_id__in=bedrijf_ids)
    if persoon_ids:
        return Q(persoon_id__in=persoon_ids)
    return Q(bedrijf_id__in=bedrijf_ids)


def _onderwerpobject_q(request: Request, prefix: str) -> QuerySet[Onderwerpobject] | None:
    q = request.query_params
    qs = Onderwerpobject.objects.all()
    gebruikt = False
    for param, veld in (
        ("onderwerpobjectidentificatorObjectId", "object_id"),
        ("onderwerpobjectidentificatorCodeObjecttype", "code_objecttype"),
        ("onderwerpobjectidentificatorCodeRegister", "code_register"),
        ("onderwerpobjectidentificatorCodeSoortObjectId", "code_soort_object_id"),
    ):
        if f"{prefix}{param}" in q:
            qs, gebruikt = qs.filter(**{veld: q[f"{prefix}{param}"]}), True
    ref = _uuid_param(request, f"{prefix}uuid", f"{prefix}url")
    if ref is False:
        return qs.none()
    if ref:
        qs, gebruikt = qs.filter(uuid=ref), True
    return qs if gebruikt else None


def _filter_contacten(request: Request, qs: QuerySet[Klantcontact], actor: Actor) -> QuerySet[Klantcontact]:
    q = request.query_params
    partij = _uuid_param(
        request, "hadBetrokkene__wasPartij__uuid", "hadBetrokkene__wasPartij__url", "hadBetrokkene__wasPartij"
    )
    if partij is False:
        return qs.none()
    if partij:
        qs = qs.filter(_partij_is(partij))
    betrokkene = _uuid_param(request, "hadBetrokkene__uuid", "hadBetrokkene__url")
    if betrokkene is False:
        return qs.none()
    if betrokkene:
        qs = qs.filter(uuid=bron(betrokkene, "betrokkene"))
    ident = _identificator_filter(request, "hadBetrokkene__wasPartij__partijIdentificator__", actor)
    if ident is not None:
        qs = qs.filter(ident)
    if q.get("hadBetrokkene__digitaaladres__adres__icontains"):
        tekst = q["hadBetrokkene__digitaaladres__adres__icontains"]
        qs = qs.filter(Q(email__icontains=tekst) | Q(telefoonnummer__icontains=tekst))
    objecten = _onderwerpobject_q(request, "onderwerpobject__")
    if objecten is not None:
        qs = qs.filter(pk__in=objecten.values("klantcontact_id"))
    was = _onderwerpobject_q(request, "wasOnderwerpobject__")
    if was is not None:
        qs = qs.filter(pk__in=was.values("was_klantcontact_id"))
    gelukt = _bool(request, "indicatieContactGelukt")
    if gelukt is not None:
        qs = qs.filter(contact_gelukt=gelukt)
    vertrouwelijk = _bool(request, "vertrouwelijk")
    if vertrouwelijk is not None:
        qs = qs.filter(vertrouwelijk=vertrouwelijk)
    if q.get("kanaal"):
        qs = qs.filter(Q(kanaal__code=q["kanaal"]) | Q(kanaal__naam__iexact=q["kanaal"]))
    for param, veld in (("inhoud", "vragen__vraag__icontains"), ("reactie", "vragen__antwoord__icontains")):
        if q.get(param):
            qs = qs.filter(pk__in=Contactvraag.objects.filter(**{veld: q[param]}).values("klantcontact_id"))
    if q.get("onderwerp"):
        vragen = Contactvraag.objects.filter(
            Q(onderwerp_tekst__icontains=q["onderwerp"]) | Q(onderwerp__naam__icontains=q["onderwerp"])
        )
        qs = qs.filter(pk__in=vragen.values("klantcontact_id"))
    for param in ("nummer", "referentienummer"):
        if q.get(param):
            qs = qs.filter(nummer=q[param])
    taak = _uuid_param(request, "leiddeTotInterneTaken")
    if taak is False:
        return qs.none()
    if taak:
        qs = qs.filter(pk__in=Contactverzoek.objects.filter(uuid=taak).values("klantcontact_id"))
    if q.get("plaatsgevondenOp"):
        moment = parse_datetime(q["plaatsgevondenOp"])
        if moment is None:
            raise _fout("plaatsgevondenOp", _("Geef een geldig tijdstip (ISO 8601)."))
        qs = qs.filter(gestart_op=moment)
    return qs


def _klantcontact_vastleggen(
    request: Request, data: dict[str, Any], org: Organisatie, sleutel: str, prefix: str = ""
) -> tuple[Klantcontact, bool]:
    actor = _actor(request)
    gevraagd = data["kanaal"].strip()
    kanaal = (
        Kanaal.objects.filter(organisatie=org, actief=True)
        .filter(Q(code=gevraagd) | Q(naam__iexact=gevraagd))
        .first()
    )
    if kanaal is None:
        codes = ", ".join(Kanaal.objects.filter(organisatie=org, actief=True).values_list("code", flat=True))
        raise _fout(
            f"{prefix}kanaal",
            _("Onbekend kanaal '%(kanaal)s'; kies uit: %(codes)s.") % {"kanaal": gevraagd, "codes": codes},
        )
    onderwerp_tekst = data["onderwerp"].strip()
    inhoud, reactie = (data.get("inhoud") or "").strip(), (data.get("reactie") or "").strip()
    onderwerp = (
        Onderwerp.objects.filter(organisatie=org, naam__iexact=onderwerp_tekst).first()
        if onderwerp_tekst
        else None
    )
    vraag = {
        "vraag": inhoud or onderwerp_tekst,
        "antwoord": reactie,
        "onderwerp": onderwerp,
        "onderwerp_tekst": "" if onderwerp else onderwerp_tekst,
        # Without an answer the question is handed on: its interne taak follows.
        "uitkomst": Uitkomst.BEANTWOORD if reactie else Uitkomst.CONTACTVERZOEK,
    }
    from django.utils import timezone

    moment = data.get("plaatsgevondenOp")
    try:
        return contact_services.klantcontact_vastleggen(
            organisatie=org,
            kanaal=kanaal,
            by=actor,
            vragen=[vraag],
            gestart_op=moment,
            beeindigd_op=moment if moment and moment > timezone.now() else None,
            contact_gelukt=data.get("indicatieContactGelukt") is not False,
            taal=data["taal"],
            vertrouwelijk=data["vertrouwelijk"],
            nummer=(data.get("referentienummer") or data.get("nummer") or "").strip(),
            idempotentiesleutel=sleutel or None,
            contactverzoek_volgt=True,
        )
    except DjangoValidationError as exc:
        raise _vertaal(
            exc, {k: f"{prefix}{v}" for k, v in _CONTACT_VELDNAMEN.items()}, f"{prefix}nonFieldErrors"
        ) from None


def _idempotentiesleutel(request: Request) -> str:
    sleutel = request.headers.get("Idempotency-Key", "").strip()
    if len(sleutel) > 100:
        raise _fout("Idempotency-Key", _("De Idempotency-Key is te lang (maximaal 100 tekens)."))
    return sleutel


def _herlaad(contact: Klantcontact) -> Klantcontact:
    return _contact_qs().get(pk=contact.pk)


class KlantcontactViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        qs = _filter_contacten(request, _contacten(actor), actor)
        rijen, meta = _pagina(request, [qs.order_by("-gestart_op", "-pk")])
        contacten = [rij for _, rij in rijen]
        _log_contacten(actor, contacten, "Klantcontacten gezocht via Klantinteracties API")
        ctx = _ctx(request)
        return _lijst(meta, [rep.klantcontact(ctx, c) for c in contacten])

    def retrieve(self, request: Request, uuid: str) -> Response:
        actor = _actor(request)
        contact = _contacten(actor).filter(uuid=_uuid_pad(uuid)).first()
        if contact is None:
            raise Http404
        _log_contacten(actor, [contact], "Klantcontact ingezien via Klantinteracties API")
        return Response(rep.klantcontact(_ctx(request), contact))

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.KlantcontactInvoer, request)
        sleutel = _idempotentiesleutel(request)
        org = _kies_organisatie(request, Actie.CONTACT_REGISTREREN)
        contact, nieuw = _klantcontact_vastleggen(request, data, org, sleutel)
        response = Response(rep.klantcontact(_ctx(request), _herlaad(contact)), status=201)
        if not nieuw:
            response["Idempotent-Replayed"] = "true"
        return response

    def update(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund(_("Een geregistreerd klantcontact is een vastlegging en wijzigt niet meer."))

    def partial_update(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund(_("Een geregistreerd klantcontact is een vastlegging en wijzigt niet meer."))

    def destroy(self, request: Request, uuid: str) -> Response:
        raise NietOndersteund(_("Een geregistreerd klantcontact wordt niet via de API verwijderd."))


# --- betrokkenen --------------------------------------------------------------------------


def _betrokkene_vastleggen(
    request: Request, contact: Klantcontact, data: dict[str, Any], prefix: str = ""
) -> Klantcontact:
    actor = _actor(request)
    partij = _partij_ref(actor, data.get("wasPartij"), f"{prefix}wasPartij")
    naam = data.get("contactnaam") or {}
    contactnaam = " ".join(
        deel
        for deel in (
            naam.get("voornaam") or naam.get("voorletters"),
            naam.get("voorvoegselAchternaam"),
            naam.get("achternaam"),
        )
        if deel
    ) or (data.get("organisatienaam") or "")
    huidig = contact.persoon or contact.bedrijf
    if huidig is not None and partij is not None and huidig.uuid != partij.uuid and not prefix:
        raise _fout(
            f"{prefix}wasPartij",
            _(
                "Dit klantcontact heeft al een andere betrokkene; "
                "Eenloket legt één betrokkene per klantcontact vast."
            ),
        )
    try:
        return contact_services.klantcontact_betrokkene_vastleggen(
            contact=contact,
            by=actor,
            persoon=partij if isinstance(partij, Persoon) else None,
            bedrijf=partij if isinstance(partij, Bedrijf) else None,
            contactnaam=contactnaam,
        )
    except DjangoValidationError as exc:
        raise _vertaal(
            exc,
            {
                "partij": f"{prefix}wasPartij",
                "contactnaam": f"{prefix}contactnaam",
                "*": f"{prefix}nonFieldErrors",
            },
        ) from None


def _betrokkenen(actor: Actor) -> QuerySet[Klantcontact]:
    return _contacten(actor).filter(Q(persoon__isnull=False) | Q(bedrijf__isnull=False) | ~Q(contactnaam=""))


def _betrokkene_get(actor: Actor, uuid: str) -> Klantcontact:
    contact = _betrokkenen(actor).filter(uuid=bron(_uuid_pad(uuid), "betrokkene")).first()
    if contact is None:
        raise Http404
    return contact


class BetrokkeneViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        qs = _betrokkenen(actor)
        q = request.query_params
        contact = _uuid_param(request, "hadKlantcontact__uuid", "hadKlantcontact__url")
        partij = _uuid_param(request, "wasPartij__uuid", "wasPartij__url")
        if (
            contact is False
            or partij is False
            or q.get("wasPartij__nummer")
            or q.get("verstrektedigitaalAdres__uuid")
            or q.get("verstrektedigitaalAdres__url")
        ):
            qs = qs.none()
        if contact:
            qs = qs.filter(uuid=contact)
        if partij:
            qs = qs.filter(_partij_is(partij))
        for param in ("hadKlantcontact__nummer", "hadKlantcontact__referentienummer"):
            if q.get(param):
                qs = qs.filter(nummer=q[param])
        ident = _identificator_filter(request, "wasPartij__partijIdentificator__", actor)
        if ident is not None:
            qs = qs.filter(ident)
        if q.get("verstrektedigitaalAdres__adres"):
            qs = qs.filter(
                Q(email__iexact=q["verstrektedigitaalAdres__adres"])
                | Q(telefoonnummer=q["verstrektedigitaalAdres__adres"])
            )
        for param, velden in (
            ("contactnaamAchternaam", ("persoon__geslachtsnaam", "contactnaam")),
            ("contactnaamVoornaam", ("persoon__voornamen", "contactnaam")),
            ("contactnaamVoorvoegselAchternaam", ("persoon__voorvoegsel",)),
            ("contactnaamVoorletters", ("persoon__voornamen",)),
            ("organisatienaam", ("bedrijf__handelsnaam",)),
        ):
            if q.get(param):
                voorwaarde = Q()
                for veld in velden:
                    voorwaarde |= Q(**{f"{veld}__icontains": q[param]})
                qs = qs.filter(voorwaarde)
        rijen, meta = _pagina(request, [qs.order_by("-gestart_op", "-pk")])
        contacten = [rij for _, rij in rijen]
        _log_contacten(actor, contacten, "Betrokkenen gezocht via Klantinteracties API")
        ctx = _ctx(request)
        return _lijst(meta, [rep.betrokkene(ctx, c) for c in contacten])

    def retrieve(self, request: Request, uuid: str) -> Response:
        actor = _actor(request)
        contact = _betrokkene_get(actor, uuid)
        _log_contacten(actor, [contact], "Betrokkene ingezien via Klantinteracties API")
        return Response(rep.betrokkene(_ctx(request), contact))

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.BetrokkeneInvoer, request)
        if not data.get("hadKlantcontact"):
            raise _fout("hadKlantcontact", _("Dit veld is verplicht."), "required")
        contact = _contact_ref(_actor(request), data["hadKlantcontact"], "hadKlantcontact")
        assert contact is not None
        contact = _betrokkene_vastleggen(request, contact, data)
        return Response(rep.betrokkene(_ctx(request), _herlaad(contact)), status=201)

    def _wijzig(self, request: Request, uuid: str, partial: bool) -> Response:
        contact = _betrokkene_get(_actor(request), uuid)
        data = self._invoer(invoer.BetrokkeneInvoer, request, partial=partial)
        ander = data.get("hadKlantcontact")
        if ander and str(ander["uuid"]) != str(contact.uuid):
            raise _fout(
                "hadKlantcontact", _("Een betrokkene kan niet naar een ander klantcontact verhuizen.")
            )
        if partial:
            huidig = contact.persoon or contact.bedrijf
            data.setdefault("wasPartij", {"uuid": huidig.uuid} if huidig else None)
            if "contactnaam" not in data and "organisatienaam" not in data:
                data["contactnaam"] = {"achternaam": contact.contactnaam}
        contact = _betrokkene_vastleggen(request, contact, data, prefix="")
        return Response(rep.betrokkene(_ctx(request), _herlaad(contact)))

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, True)

    def destroy(self, request: Request, uuid: str) -> Response:
        contact = _betrokkene_get(_actor(request), uuid)
        contact_services.klantcontact_betrokkene_vastleggen(
            contact=contact, by=_actor(request), contactnaam=""
        )
        return Response(status=204)


# --- onderwerpobjecten --------------------------------------------------------------------

_OBJECT_VELDNAMEN = {
    "object_id": "onderwerpobjectidentificator.objectId",
    "code_objecttype": "onderwerpobjectidentificator.codeObjecttype",
    "code_register": "onderwerpobjectidentificator.codeRegister",
    "code_soort_object_id": "onderwerpobjectidentificator.codeSoortObjectId",
    "klantcontact": "klantcontact",
    "was_klantcontact": "wasKlantcontact",
}


def _objecten(actor: Actor) -> QuerySet[Onderwerpobject]:
    return scope(
        Onderwerpobject.objects.select_related("klantcontact", "was_klantcontact"),
        actor,
        Actie.KLANT_BEKIJKEN,
    )


def _object_velden(request: Request, data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    actor = _actor(request)
    velden: dict[str, Any] = {}
    if "klantcontact" in data:
        velden["klantcontact"] = _contact_ref(actor, data["klantcontact"], f"{prefix}klantcontact")
    if "wasKlantcontact" in data:
        velden["was_klantcontact"] = _contact_ref(actor, data["wasKlantcontact"], f"{prefix}wasKlantcontact")
    if "onderwerpobjectidentificator" in data:
        ident = data["onderwerpobjectidentificator"] or {}
        for bron_veld, doel in (
            ("objectId", "object_id"),
            ("codeObjecttype", "code_objecttype"),
            ("codeRegister", "code_register"),
            ("codeSoortObjectId", "code_soort_object_id"),
        ):
            velden[doel] = ident.get(bron_veld, "")
    return velden


def _object_maken(
    request: Request, org: Organisatie, velden: dict[str, Any], prefix: str = ""
) -> Onderwerpobject:
    try:
        return contact_services.onderwerpobject_aanmaken(organisatie=org, by=_actor(request), **velden)
    except DjangoValidationError as exc:
        raise _vertaal(
            exc, {k: f"{prefix}{v}" for k, v in _OBJECT_VELDNAMEN.items()}, f"{prefix}nonFieldErrors"
        ) from None


class OnderwerpobjectViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        qs = _objecten(actor)
        gefilterd = _onderwerpobject_q(request, "")
        if gefilterd is not None:
            qs = qs.filter(pk__in=gefilterd.values("pk"))
        for prefix, veld in (
            ("klantcontact__", "klantcontact__uuid"),
            ("wasKlantcontact__", "was_klantcontact__uuid"),
        ):
            ref = _uuid_param(request, f"{prefix}uuid", f"{prefix}url")
            if ref is False:
                qs = qs.none()
            elif ref:
                qs = qs.filter(**{veld: ref})
        rijen, meta = _pagina(request, [qs.order_by("created_at", "pk")])
        ctx = _ctx(request)
        return _lijst(meta, [rep.onderwerpobject(ctx, rij) for _, rij in rijen])

    def _get(self, request: Request, uuid: str) -> Onderwerpobject:
        gevonden = _objecten(_actor(request)).filter(uuid=_uuid_pad(uuid)).first()
        if gevonden is None:
            raise Http404
        return gevonden

    def retrieve(self, request: Request, uuid: str) -> Response:
        return Response(rep.onderwerpobject(_ctx(request), self._get(request, uuid)))

    def create(self, request: Request) -> Response:
        data = self._invoer(invoer.OnderwerpobjectInvoer, request)
        velden = _object_velden(request, data)
        contact = velden.get("klantcontact") or velden.get("was_klantcontact")
        org = contact.organisatie if contact else _kies_organisatie(request, Actie.CONTACT_REGISTREREN)
        obj = _object_maken(request, org, velden)
        return Response(rep.onderwerpobject(_ctx(request), obj), status=201)

    def _wijzig(self, request: Request, uuid: str, partial: bool) -> Response:
        obj = self._get(request, uuid)
        data = self._invoer(invoer.OnderwerpobjectInvoer, request, partial=partial)
        try:
            obj = contact_services.onderwerpobject_wijzigen(
                onderwerpobject=obj, by=_actor(request), **_object_velden(request, data)
            )
        except DjangoValidationError as exc:
            raise _vertaal(exc, _OBJECT_VELDNAMEN) from None
        return Response(rep.onderwerpobject(_ctx(request), obj))

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, True)

    def destroy(self, request: Request, uuid: str) -> Response:
        contact_services.onderwerpobject_verwijderen(
            onderwerpobject=self._get(request, uuid), by=_actor(request)
        )
        return Response(status=204)


# --- maak-klantcontact --------------------------------------------------------------------


class MaakKlantcontactView(APIView):
    """Klantcontact, betrokkene and onderwerpobject in one transaction."""

    authentication_classes = Basis.authentication_classes
    permission_classes = Basis.permission_classes
    schema = None

    def post(self, request: Request) -> Response:
        s = invoer.MaakKlantcontactInvoer(data=_data(request))
        s.is_valid(raise_exception=True)
        data = s.validated_data
        sleutel = _idempotentiesleutel(request)
        org = _kies_organisatie(request, Actie.CONTACT_REGISTREREN)
        with transaction.atomic():
            contact, nieuw = _klantcontact_vastleggen(
                request, data["klantcontact"], org, sleutel, "klantcontact."
            )
            if nieuw and data.get("betrokkene"):
                contact = _betrokkene_vastleggen(request, contact, data["betrokkene"], "betrokkene.")
            if nieuw and data.get("onderwerpobject"):
                velden = _object_velden(request, data["onderwerpobject"], "onderwerpobject.")
                velden["klantcontact"] = contact
                _object_maken(request, org, velden, "onderwerpobject.")
        contact = _herlaad(contact)
        ctx = _ctx(request)
        body: dict[str, Any] = {"klantcontact": rep.klantcontact(ctx, contact)}
        if rep.heeft_betrokkene(contact):
            body["betrokkene"] = rep.betrokkene(ctx, contact)
        objecten = list(contact.onderwerpobjecten.all())
        if objecten:
            body["onderwerpobject"] = rep.onderwerpobject(ctx, objecten[0], klantcontact_uuid=contact.uuid)
        response = Response(body, status=201)
        if not nieuw:
            response["Idempotent-Replayed"] = "true"
        return response


# --- actoren and actorklantcontacten ------------------------------------------------------


def _actor_bronnen(request: Request) -> list[QuerySet[Any]]:
    ids = organisatie_ids(_actor(request), Actie.KLANT_BEKIJKEN)
    users: QuerySet[Any] = User.objects.filter(
        pk__in=User.objects.filter(roltoewijzingen__organisatie_id__in=ids).values("pk")
    )
    teams: QuerySet[Any] = Team.objects.filter(organisatie_id__in=ids)
    clients: QuerySet[Any] = ApiClient.objects.filter(
        pk__in=ApiClient.objects.filter(organisaties__id__in=ids).values("pk")
    )
    return [users, teams, clients]


class ActorViewSet(Basis):
    def list(self, request: Request) -> Response:
        users, teams, clients = _actor_bronnen(request)
        q = request.query_params
        soort = q.get("soortActor")
        if soort:
            users = users if soort == "medewerker" else users.none()
            teams = teams if soort == "organisatorische_eenheid" else teams.none()
            clients = clients if soort == "geautomatiseerde_actor" else clients.none()
        if q.get("naam"):
            tekst = q["naam"]
            users = users.filter(
                Q(first_name__icontains=tekst) | Q(last_name__icontains=tekst) | Q(username__icontains=tekst)
            )
            teams, clients = teams.filter(naam__icontains=tekst), clients.filter(naam__icontains=tekst)
        actief = _bool(request, "indicatieActief")
        if actief is not None:
            users, clients = users.filter(is_active=actief), clients.filter(actief=actief)
            teams = teams if actief else teams.none()
        for param, waarden in (
            ("actoridentificatorCodeObjecttype", ("mdw", "team", "applicatie")),
            ("actoridentificatorCodeRegister", ("msei", "eenloket", "eenloket")),
            ("actoridentificatorCodeSoortObjectId", (("email", "gebruikersnaam"), "naam", "client_id")),
        ):
            if q.get(param):
                waarde = q[param]
                users = users if waarde == waarden[0] or waarde in waarden[0] else users.none()
                teams = teams if waarde == waarden[1] else teams.none()
                clients = clients if waarde == waarden[2] else clients.none()
        if q.get("actoridentificatorObjectId"):
            waarde = q["actoridentificatorObjectId"]
            users = users.filter(Q(email__iexact=waarde) | Q(username=waarde))
            teams, clients = teams.filter(naam=waarde), clients.filter(client_id=waarde)
        rijen, meta = _pagina(request, [users.order_by("pk"), teams.order_by("pk"), clients.order_by("pk")])
        ctx = _ctx(request)
        return _lijst(meta, [rep.actor(ctx, rij) for _, rij in rijen])

    def retrieve(self, request: Request, uuid: str) -> Response:
        gezocht = _uuid_pad(uuid)
        for qs in _actor_bronnen(request):
            gevonden = qs.filter(uuid=gezocht).first()
            if gevonden is not None:
                return Response(rep.actor(_ctx(request), gevonden))
        raise Http404

    def create(self, request: Request) -> Response:
        raise NietOndersteund(_("Medewerkers, teams en API-clients beheert u in Eenloket zelf."))

    def update(self, request: Request, uuid: str) -> Response:
        return self.create(request)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self.create(request)

    def destroy(self, request: Request, uuid: str) -> Response:
        return self.create(request)


class ActorKlantcontactViewSet(Basis):
    def _qs(self, request: Request) -> QuerySet[Klantcontact]:
        return scope(
            Klantcontact.objects.filter(
                status=ContactStatus.GEREGISTREERD, medewerker__isnull=False
            ).select_related("medewerker"),
            _actor(request),
            Actie.KLANT_BEKIJKEN,
        )

    def list(self, request: Request) -> Response:
        qs = self._qs(request)
        for prefix, veld in (("actor__", "medewerker__uuid"), ("klantcontact__", "uuid")):
            ref = _uuid_param(request, f"{prefix}uuid", f"{prefix}url")
            if ref is False:
                qs = qs.none()
            elif ref:
                qs = qs.filter(**{veld: ref})
        rijen, meta = _pagina(request, [qs.order_by("-gestart_op", "-pk")])
        ctx = _ctx(request)
        return _lijst(meta, [rep.actorklantcontact(ctx, rij) for _, rij in rijen])

    def retrieve(self, request: Request, uuid: str) -> Response:
        contact = self._qs(request).filter(uuid=bron(_uuid_pad(uuid), "actorklantcontact")).first()
        if contact is None:
            raise Http404
        return Response(rep.actorklantcontact(_ctx(request), contact))

    def create(self, request: Request) -> Response:
        raise NietOndersteund(
            _("De medewerker van een klantcontact legt Eenloket zelf vast bij de registratie.")
        )


# --- internetaken -------------------------------------------------------------------------

_TAAK_VELDNAMEN = {
    "vraag": "gevraagdeHandeling",
    "team": "toegewezenAanActoren",
    "behandelaar": "toegewezenAanActoren",
    "ketenpartner": "toegewezenAanActoren",
    "telefoonnummer": "_eenloket.telefoonnummer",
    "email": "_eenloket.email",
    "bereikbaar": "_eenloket.bereikbaar",
    "contactnaam": "_eenloket.contactnaam",
    "urgentie": "_eenloket.urgentie",
    "interne_toelichting": "toelichting",
    "resultaat": "_eenloket.resultaat",
    "afsluittekst": "_eenloket.afsluittekst",
    "partij": "aanleidinggevendKlantcontact",
    "status": "status",
}


def _taken(actor: Actor) -> QuerySet[Contactverzoek]:
    """Contactverzoeken that came from a klantcontact (the standard requires the
    aanleidinggevend klantcontact), of organisations where the actor may see
    residents, or handed to a chain partner the actor works for."""
    ids = organisatie_ids(actor, Actie.KLANT_BEKIJKEN)
    return (
        Contactverzoek.objects.filter(
            Q(organisatie_id__in=ids) | Q(ketenpartner_id__in=ids), klantcontact__isnull=False
        )
        .exclude(status=ContactverzoekStatus.CONCEPT)
        .select_related(
            "team", "behandelaar", "ketenpartner", "klantcontact", "persoon", "bedrijf", "organisatie"
        )
        .prefetch_related("pogingen")
    )


def _taak_get(actor: Actor, uuid: str) -> Contactverzoek:
    gevonden = _taken(actor).filter(uuid=_uuid_pad(uuid)).first()
    if gevonden is None:
        raise Http404
    return gevonden


def _taak_antwoord(request: Request, cv: Contactverzoek, status_code: int = 200) -> Response:
    log_lezen(
        _actor(request),
        [cv.persoon or cv.bedrijf],
        handeling="Interne taak ingezien via Klantinteracties API",
        activiteit=KLANTCONTACTEN.code,
        object_type="contactverzoek",
    )
    return Response(rep.interne_taak(_ctx(request), cv), status=status_code)


def _ontvangers(request: Request, data: dict[str, Any]) -> tuple[Team | None, User | None] | None:
    """Team and staff member from toegewezenAanActoren (or the deprecated
    toegewezenAanActor); None when neither was given."""
    refs = data.get("toegewezenAanActoren")
    if refs is None and data.get("toegewezenAanActor"):
        refs = [data["toegewezenAanActor"]]
    if refs is None:
        return None
    users, teams, clients = _actor_bronnen(request)
    team: Team | None = None
    behandelaar: User | None = None
    for index, ref in enumerate(refs):
        gevonden_team = teams.filter(uuid=ref["uuid"]).first()
        gevonden_user = None if gevonden_team else users.filter(uuid=ref["uuid"]).first()
        if gevonden_team is not None and team is None:
            team = gevonden_team
        elif gevonden_user is not None and behandelaar is None:
            behandelaar = gevonden_user
        elif clients.filter(uuid=ref["uuid"]).exists():
            raise _fout(
                f"toegewezenAanActoren.{index}.uuid",
                _("Een interne taak gaat naar een medewerker of team, niet naar een geautomatiseerde actor."),
            )
        else:
            raise _fout(
                f"toegewezenAanActoren.{index}.uuid",
                _(
                    "Onbekende actor, of meer dan één team of medewerker "
                    "(Eenloket wijst toe aan hoogstens één team en één medewerker)."
                ),
            )
    return team, behandelaar


def _bereikbaar(contact: Klantcontact, ext: dict[str, Any]) -> tuple[str, str]:
    partij = contact.persoon or contact.bedrijf
    telefoon = (
        ext.get("telefoonnummer") or contact.telefoonnummer or (partij.telefoonnummer if partij else "")
    )
    email = ext.get("email") or contact.email or (partij.email if partij else "")
    if not (telefoon or email) and partij is not None:
        for adres in DigitaalAdres.objects.filter(
            **{"persoon" if isinstance(partij, Persoon) else "bedrijf": partij}
        ).order_by("-laatst_gebruikt"):
            if adres.soort == "telefoonnummer" and not telefoon:
                telefoon = adres.adres
            if adres.soort == "email" and not email:
                email = adres.adres
    return telefoon, email


def _mag_behandelen(actor: Actor, cv: Contactverzoek) -> bool:
    from eenloket.core.tenancy import mag

    return mag(actor, Actie.CONTACTVERZOEK_BEHANDELEN, cv.organisatie_id) or bool(
        cv.ketenpartner_id and mag(actor, Actie.CONTACTVERZOEK_BEHANDELEN, cv.ketenpartner_id)
    )


class InterneTaakViewSet(Basis):
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        qs = _taken(actor)
        q = request.query_params
        contact = _uuid_param(
            request,
            "aanleidinggevendKlantcontact__uuid",
            "aanleidinggevendKlantcontact__url",
            "klantcontact__uuid",
        )
        actor_ref = _uuid_param(request, "toegewezenAanActor__uuid", "toegewezenAanActor__url")
        if contact is False or actor_ref is False:
            qs = qs.none()
        if contact:
            qs = qs.filter(klantcontact__uuid=contact)
        if actor_ref:
            qs = qs.filter(Q(behandelaar__uuid=actor_ref) | Q(team__uuid=actor_ref))
        for param, veld in (
            ("klantcontact__nummer", "klantcontact__nummer"),
            ("klantcontact__referentienummer", "klantcontact__nummer"),
        ):
            if q.get(param):
                qs = qs.filter(**{veld: q[param]})
        for param in ("nummer", "referentienummer"):
            if q.get(param):
                waarde = q[param].strip()
                lang = f"CV-{waarde[:4]}-{waarde[4:]}" if waarde.isdigit() and len(waarde) == 10 else waarde
                qs = qs.filter(Q(nummer=waarde) | Q(nummer=lang))
        if q.get("status"):
            statussen = {"te_verwerken": list(OPEN_STATUSSEN), "verwerkt": [ContactverzoekStatus.AFGEHANDELD]}
            if q["status"] not in statussen:
                raise _fout("status", _("Kies te_verwerken of verwerkt."))
            qs = qs.filter(status__in=statussen[q["status"]])
        if q.get("actoren__naam"):
            tekst = q["actoren__naam"]
            qs = qs.filter(
                Q(team__naam__icontains=tekst)
                | Q(behandelaar__first_name__icontains=tekst)
                | Q(behandelaar__last_name__icontains=tekst)
                | Q(behandelaar__username__icontains=tekst)
            )
        if q.get("toegewezenOp"):
            moment = parse_datetime(q["toegewezenOp"])
            if moment is None:
                raise _fout("toegewezenOp", _("Geef een geldig tijdstip (ISO 8601)."))
            qs = qs.filter(created_at=moment)
        rijen, meta = _pagina(request, [qs.order_by("created_at", "pk")])
        taken = [rij for _, rij in rijen]
        log_lezen(
            actor,
            [cv.persoon or cv.bedrijf for cv in taken],
            handeling="Interne taken gezocht via Klantinteracties API",
            activiteit=KLANTCONTACTEN.code,
            object_type="contactverzoek",
        )
        ctx = _ctx(request)
        return _lijst(meta, [rep.interne_taak(ctx, cv) for cv in taken])

    def retrieve(self, request: Request, uuid: str) -> Response:
        return _taak_antwoord(request, _taak_get(_actor(request), uuid))

    def create(self, request: Request) -> Response:
        actor = _actor(request)
        data = self._invoer(invoer.InterneTaakInvoer, request)
        contact = _contact_ref(actor, data["aanleidinggevendKlantcontact"], "aanleidinggevendKlantcontact")
        assert contact is not None
        ontvangers = _ontvangers(request, data) or (None, None)
        ext = data.get("_eenloket") or {}
        telefoon, email = _bereikbaar(contact, ext)
        vraag = next((v for v in contact.vragen.all() if v.onderwerp_id), None)
        try:
            with transaction.atomic():
                cv = contact_services.contactverzoek_aanmaken(
                    organisatie=contact.organisatie,
                    by=actor,
                    vraag=ext.get("vraag") or data["gevraagdeHandeling"],
                    persoon=contact.persoon,
                    bedrijf=contact.bedrijf,
                    klantcontact=contact,
                    onderwerp=vraag.onderwerp if vraag else None,
                    team=ontvangers[0],
                    behandelaar=ontvangers[1],
                    telefoonnummer=telefoon,
                    email=email,
                    bereikbaar=ext.get("bereikbaar", ""),
                    urgentie=ext.get("urgentie", ""),
                    interne_toelichting=ext.get("toelichting") or data.get("toelichting", ""),
                    contactnaam=ext.get("contactnaam") or contact.contactnaam,
                )
                if data["status"] == "verwerkt":
                    cv = contact_services.contactverzoek_afhandelen(
                        contactverzoek=cv,
                        by=actor,
                        resultaat=ext.get("resultaat") or Resultaat.BEANTWOORD,
                        afsluittekst=ext.get("afsluittekst")
                        or data.get("toelichting")
                        or _("Afgehandeld via de Klantinteracties API."),
                    )
        except DjangoValidationError as exc:
            raise _vertaal(exc, _TAAK_VELDNAMEN) from None
        return _taak_antwoord(request, _taak_get(actor, str(cv.uuid)), 201)

    def _wijzig(self, request: Request, uuid: str, partial: bool) -> Response:
        actor = _actor(request)
        cv = _taak_get(actor, uuid)
        if not _mag_behandelen(actor, cv):
            raise exceptions.PermissionDenied(_("U mag dit contactverzoek niet behandelen."))
        data = self._invoer(invoer.InterneTaakInvoer, request, partial=partial)
        ext = data.get("_eenloket") or {}
        huidig = rep.interne_taak(_ctx(request), cv)
        kc = data.get("aanleidinggevendKlantcontact")
        if kc and cv.klantcontact and str(kc["uuid"]) != str(cv.klantcontact.uuid):
            raise _fout(
                "aanleidinggevendKlantcontact", _("Het aanleidinggevende klantcontact kan niet wijzigen.")
            )
        if "gevraagdeHandeling" in data and data["gevraagdeHandeling"] not in (
            huidig["gevraagdeHandeling"],
            cv.vraag,
        ):
            raise _fout(
                "gevraagdeHandeling", _("De gevraagde handeling van een contactverzoek kan niet wijzigen.")
            )
        sluiten = data.get("status") == "verwerkt" and cv.is_open
        if data.get("status") == "te_verwerken" and not cv.is_open:
            raise _fout("status", _("Een afgehandeld contactverzoek kan niet worden heropend."))
        toelichting = data.get("toelichting")
        if (
            toelichting is not None
            and toelichting not in (huidig["toelichting"], cv.interne_toelichting)
            and not sluiten
        ):
            raise _fout(
                "toelichting",
                _("De toelichting wijzigt alleen bij het afhandelen (dan wordt zij de afsluittekst)."),
            )
        ontvangers = _ontvangers(request, data)
        try:
            with transaction.atomic():
                if (
                    ontvangers is not None
                    and cv.is_open
                    and (ontvangers[0], ontvangers[1]) != (cv.team, cv.behandelaar)
                ):
                    cv = contact_services.contactverzoek_toewijzen(
                        contactverzoek=cv, by=actor, team=ontvangers[0], behandelaar=ontvangers[1]
                    )
                if sluiten:
                    nieuwe_toelichting = (
                        toelichting
                        if toelichting not in (None, huidig["toelichting"], cv.interne_toelichting)
                        else ""
                    )
                    cv = contact_services.contactverzoek_afhandelen(
                        contactverzoek=cv,
                        by=actor,
                        resultaat=ext.get("resultaat") or Resultaat.BEANTWOORD,
                        afsluittekst=ext.get("afsluittekst")
                        or nieuwe_toelichting
                        or _("Afgehandeld via de Klantinteracties API."),
                    )
        except DjangoValidationError as exc:
            raise _vertaal(exc, _TAAK_VELDNAMEN) from None
        return _taak_antwoord(request, _taak_get(actor, uuid))

    def update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, False)

    def partial_update(self, request: Request, uuid: str) -> Response:
        return self._wijzig(request, uuid, True)

    def destroy(self, request: Request, uuid: str) -> Response:
        _taak_get(_actor(request), uuid)
        raise NietOndersteund(_("Een contactverzoek wordt afgehandeld (status 'verwerkt'), niet verwijderd."))


# --- resources Eenloket does not hold -----------------------------------------------------


class LegeResource(Basis):
    """bijlagen, categorieen, categorie-relaties, rekeningnummers, vertegenwoordigingen:
    Eenloket holds none (partijen list none either), so lists are empty, retrieves
    404, and writes answer 501."""

    def list(self, request: Request) -> Response:
        _pagina(request, [])
        return _lijst({"count": 0, "next": None, "previous": None}, [])

    def retrieve(self, request: Request, uuid: str) -> Response:
        raise Http404
