"""Looking up persons in the BRP and businesses in the KvK for the contact centre, with
the processing log, and taking what was found over into the local party records.

The lookups (``personen_zoeken``, ``bedrijven_zoeken``) check the actor's right to see
parties in the organisation, validate the search (``ValidationError`` per field, nothing
written then), ask the connector from settings and log one read per person or business
returned, with the purpose the agent gave. The takeovers (``persoon_uit_brp``,
``bedrijf_uit_kvk``) create or update the ``Persoon``/``Bedrijf`` through the normal
services, so their log rows and events happen as for any other change.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core import verwerkingsactiviteiten
from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie, User
from eenloket.core.permissions import Actie
from eenloket.core.services import verwerking_log
from eenloket.core.tenancy import as_actor, vereis
from eenloket.core.validators import (
    normalise_bsn,
    normalise_postcode,
    validate_bsn,
    validate_geboortedatum,
    validate_kvk_nummer,
    validate_postcode,
    validate_vestigingsnummer,
)
from eenloket.integraties.brp import BrpConnector, BrpPersoon, brp_connector, compacte_postcode
from eenloket.integraties.kvk import KvkConnector, KvkVestiging, kvk_connector
from eenloket.klanten.models import Bedrijf, Persoon
from eenloket.klanten.services import (
    bedrijf_create,
    bedrijf_update,
    persoon_create,
    persoon_update,
)

__all__ = [
    "BRP_BEVRAGING",
    "KVK_BEVRAGING",
    "bedrijf_uit_kvk",
    "bedrijven_zoeken",
    "personen_zoeken",
    "persoon_uit_brp",
]

BRP_BEVRAGING = verwerkingsactiviteiten.registreer(
    "brp_bevraging",
    naam="Personen zoeken in de BRP",
    doel="De identiteit van een inwoner vaststellen en zijn gegevens controleren voor de behandeling "
    "van zijn vraag of aanvraag",
    grondslag="Wet BRP art. 3.3; AVG art. 6 lid 1 sub e (taak van algemeen belang)",
    bewaartermijn="P2Y",
)
KVK_BEVRAGING = verwerkingsactiviteiten.registreer(
    "kvk_bevraging",
    naam="Ondernemingen zoeken in het Handelsregister",
    doel="Een ondernemer herkennen en de gegevens van zijn onderneming controleren voor de behandeling "
    "van zijn vraag of aanvraag",
    grondslag="Handelsregisterwet 2007 (openbaar register); "
    "AVG art. 6 lid 1 sub e (taak van algemeen belang)",
    bewaartermijn="P2Y",
)

# The search patterns of the BRP API (a surname may end in "*" after 3 letters).
_NAAM: Final = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .'\-])*")
_HUISLETTER: Final = re.compile(r"[A-Za-z]")
_TOEVOEGING: Final = re.compile(r"[A-Za-z0-9 \-]{1,4}")
_MAX_HUISNUMMER: Final = 99999
_MAX_DOEL: Final = 500


def _doel(doel: str, fouten: dict[str, str]) -> str:
    schoon = " ".join(doel.split())
    if not schoon:
        fouten["doel"] = _("Vul het doel van de bevraging in, bijvoorbeeld het verzoek waarvoor u zoekt.")
    elif len(schoon) > _MAX_DOEL:
        fouten["doel"] = _("Het doel mag hoogstens %(aantal)d tekens lang zijn.") % {"aantal": _MAX_DOEL}
    return schoon


def _naamfilter(naam: str, veld: str, fouten: dict[str, str]) -> str:
    """A name as the BRP takes it: letters, spaces, . ' -, optionally a trailing "*"
    after at least 3 letters. Empty stays empty."""
    schoon = " ".join(naam.split())
    if not schoon:
        return ""
    kern = schoon.removesuffix("*")
    if not _NAAM.fullmatch(kern) or len(schoon) > 200 or (schoon.endswith("*") and len(kern) < 3):
        fouten[veld] = _(
            "Gebruik alleen letters, spaties, punten, apostroffen en koppeltekens; "
            "een * aan het eind mag na minstens 3 letters."
        )
    return schoon


def _valideer(fouten: dict[str, str], veld: str, validator: Any, waarde: Any) -> None:
    try:
        validator(waarde)
    except ValidationError as exc:
        fouten[veld] = exc.messages[0]


def personen_zoeken(
    *,
    actor: Actor | User,
    organisatie: Organisatie,
    doel: str,
    bsn: str = "",
    geslachtsnaam: str = "",
    geboortedatum: datetime.date | None = None,
    voornamen: str = "",
    postcode: str = "",
    huisnummer: int | None = None,
    huisletter: str = "",
    huisnummertoevoeging: str = "",
    connector: BrpConnector | None = None,
) -> list[BrpPersoon]:
    """Find persons in the BRP for a contact in ``organisatie``, and log the reads.

    Needs ``Actie.KLANT_BEKIJKEN`` in ``organisatie`` (PermissionDenied otherwise). One kind
    of search at a time, in this order: by ``bsn``; by ``geslachtsnaam`` and
    ``geboortedatum`` (optionally ``voornamen``; a voorvoegsel may lead the surname); by
    ``postcode`` and ``huisnummer`` (optionally ``huisletter``, ``huisnummertoevoeging``).
    ``doel`` (why the agent searches) is required and goes into the log. Bad input raises
    ValidationError naming the fields and writes nothing; a BRP that cannot answer raises
    ``BrpFout`` and writes nothing. Every person returned gets one processing-log row
    (activity ``brp_bevraging``, action read), all in one transaction; nothing found logs
    nothing. The BRP is asked outside any transaction: on the embedded SQLite a write
    transaction would hold the database's write lock for as long as the BRP takes.
    """
    vereis(actor, Actie.KLANT_BEKIJKEN, organisatie)
    fouten: dict[str, str] = {}
    doel = _doel(doel, fouten)
    bsn = normalise_bsn(bsn) if bsn.strip() else ""
    geslachtsnaam = _naamfilter(geslachtsnaam, "geslachtsnaam", fouten)
    voornamen = _naamfilter(voornamen, "voornamen", fouten)
    postcode = postcode.strip()
    huisletter = huisletter.strip()
    huisnummertoevoeging = huisnummertoevoeging.strip()

    if bsn:
        soort = "bsn"
        _valideer(fouten, "bsn", validate_bsn, bsn)
    elif geslachtsnaam or geboortedatum is not None or voornamen:
        soort = "naam"
        if not geslachtsnaam:
            fouten.setdefault("geslachtsnaam", _("Vul de geslachtsnaam in."))
        if geboortedatum is None:
            fouten["geboortedatum"] = _("Vul de geboortedatum in.")
        elif not isinstance(geboortedatum, datetime.date):
            fouten["geboortedatum"] = _("Dit is geen geldige datum.")
        else:
            if isinstance(geboortedatum, datetime.datetime):
                geboortedatum = geboortedatum.date()
            _valideer(fouten, "geboortedatum", validate_geboortedatum, geboortedatum)
    elif postcode or huisnummer is not None or huisletter or huisnummertoevoeging:
        soort = "adres"
        if not postcode:
            fouten["postcode"] = _("Vul de postcode in.")
        else:
            _valideer(fouten, "postcode", validate_postcode, postcode)
        if huisnummer is None:
            fouten["huisnummer"] = _("Vul het huisnummer in.")
        elif (
            isinstance(huisnummer, bool)
            or not isinstance(huisnummer, int)
            or not 1 <= huisnummer <= _MAX_HUISNUMMER
        ):
            fouten["huisnummer"] = _("Een huisnummer is een getal van 1 tot en met 99999.")
        if huisletter and not _HUISLETTER.fullmatch(huisletter):
            fouten["huisletter"] = _("Een huisletter is één letter.")
        if huisnummertoevoeging and not _TOEVOEGING.fullmatch(huisnummertoevoeging):
            fouten["huisnummertoevoeging"] = _(
                "Een huisnummertoevoeging is hoogstens 4 letters, cijfers, spaties of koppeltekens."
            )
    else:
        soort = ""
        fouten["__all__"] = _("Zoek op BSN, op geslachtsnaam en geboortedatum, of op postcode en huisnummer.")
    if fouten:
        raise ValidationError(fouten)

    brp = connector if connector is not None else brp_connector()
    if soort == "bsn":
        personen = brp.raadpleeg_bsn([bsn])
        handeling = "Persoon geraadpleegd in de BRP op BSN"
    elif soort == "naam":
        assert geboortedatum is not None
        personen = brp.zoek_naam_geboortedatum(geslachtsnaam, geboortedatum, voornamen)
        handeling = "Personen gezocht in de BRP op geslachtsnaam en geboortedatum"
    else:
        assert huisnummer is not None
        personen = brp.zoek_postcode_huisnummer(
            compacte_postcode(postcode), huisnummer, huisletter, huisnummertoevoeging
        )
        handeling = "Personen gezocht in de BRP op postcode en huisnummer"
    if personen:
        with transaction.atomic():
            verwerking_log(
                actie=VerwerkingActie.LEZEN,
                handeling=handeling,
                activiteit=BRP_BEVRAGING.code,
                organisatie=organisatie,
                object_type="brp_persoon",
                bsn=[p.bsn for p in personen],
                toelichting=doel,
                actor=as_actor(actor),
            )
    return personen


def _brp_velden(brp: BrpPersoon) -> dict[str, Any]:
    """The local party fields the BRP is the source of; contact details are not among
    them. An empty value from the BRP empties the field: the BRP is right."""
    return {
        "voornamen": brp.voornamen,
        "voorvoegsel": brp.voorvoegsel,
        "geslachtsnaam": brp.geslachtsnaam,
        "geboortedatum": brp.geboortedatum,
        "geslacht": brp.geslacht,
        "straat": brp.straat,
        "huisnummer": brp.huisnummer,
        "huisletter": brp.huisletter,
        "huisnummertoevoeging": brp.huisnummertoevoeging,
        "postcode": normalise_postcode(brp.postcode) if brp.postcode else "",
        "woonplaats": brp.woonplaats,
    }


@transaction.atomic
def persoon_uit_brp(*, organisatie: Organisatie, brp: BrpPersoon, by: Actor | User) -> Persoon:
    """Create the local ``Persoon`` for ``brp.bsn`` in ``organisatie``, or bring its name,
    birth date, sex and address in line with the BRP. Needs ``Actie.KLANT_WIJZIGEN``.
    Goes through ``persoon_create``/``persoon_update``, so only real changes are saved,
    logged and announced; telephone and e-mail are left alone."""
    wie = as_actor(by)
    vereis(wie, Actie.KLANT_WIJZIGEN, organisatie)
    velden = _brp_velden(brp)
    persoon = (
        Persoon.objects.select_for_update(of=("self",)).filter(organisatie=organisatie, bsn=brp.bsn).first()
    )
    if persoon is None:
        return persoon_create(organisatie=organisatie, bsn=brp.bsn, by=wie, **velden)
    return persoon_update(persoon=persoon, by=wie, **velden)


def bedrijven_zoeken(
    *,
    actor: Actor | User,
    organisatie: Organisatie,
    doel: str,
    kvk_nummer: str = "",
    vestigingsnummer: str = "",
    naam: str = "",
    connector: KvkConnector | None = None,
) -> list[KvkVestiging]:
    """Find businesses in the KvK handelsregister for a contact in ``organisatie``.

    Needs ``Actie.KLANT_BEKIJKEN`` in ``organisatie``. Give at least one of ``kvk_nummer``,
    ``vestigingsnummer`` or ``naam`` (at least 2 characters), and a ``doel``. Data of a
    legal entity are no personal data, but those of an eenmanszaak are, and the Zoeken API
    does not say which is which: every KvK-nummer returned gets one log row (activity
    ``kvk_bevraging``), all in one transaction. Bad input raises ValidationError per field
    and writes nothing; a KvK that cannot answer raises ``KvkFout``. The KvK is asked
    outside any transaction (see ``personen_zoeken``).
    """
    vereis(actor, Actie.KLANT_BEKIJKEN, organisatie)
    fouten: dict[str, str] = {}
    doel = _doel(doel, fouten)
    kvk_nummer = kvk_nummer.strip()
    vestigingsnummer = vestigingsnummer.strip()
    naam = " ".join(naam.split())
    if kvk_nummer:
        _valideer(fouten, "kvk_nummer", validate_kvk_nummer, kvk_nummer)
    if vestigingsnummer:
        _valideer(fouten, "vestigingsnummer", validate_vestigingsnummer, vestigingsnummer)
    if naam and not 2 <= len(naam) <= 200:
        fouten["naam"] = _("Een naam om op te zoeken is 2 tot 200 tekens lang.")
    if not (kvk_nummer or vestigingsnummer or naam):
        fouten["__all__"] = _("Zoek op KvK-nummer, vestigingsnummer of naam.")
    if fouten:
        raise ValidationError(fouten)

    kvk = connector if connector is not None else kvk_connector()
    vestigingen = kvk.zoeken(kvk_nummer=kvk_nummer, vestigingsnummer=vestigingsnummer, naam=naam)
    if vestigingen:
        wie = as_actor(actor)
        with transaction.atomic():
            for nummer in dict.fromkeys(v.kvk_nummer for v in vestigingen):
                verwerking_log(
                    actie=VerwerkingActie.LEZEN,
                    handeling="Onderneming gezocht in het Handelsregister",
                    activiteit=KVK_BEVRAGING.code,
                    organisatie=organisatie,
                    object_type="kvk_inschrijving",
                    object_id=nummer,
                    kvk_nummer=nummer,
                    toelichting=doel,
                    actor=wie,
                )
    return vestigingen


def _kvk_velden(kvk: KvkVestiging) -> dict[str, Any]:
    """The local business fields to take from a KvK result. The Zoeken API leaves out
    rechtsvorm, activiteit and (unless searched for) postcode and huisnummer: an empty
    value there means "not delivered", so it does not empty the local field."""
    velden: dict[str, Any] = {
        "vestigingsnummer": kvk.vestigingsnummer,
        "handelsnaam": kvk.handelsnaam,
        "rechtsvorm": kvk.rechtsvorm,
        "activiteit": kvk.activiteit,
        "straat": kvk.straat,
        "woonplaats": kvk.woonplaats,
        "postcode": normalise_postcode(kvk.postcode) if kvk.postcode else "",
    }
    if kvk.huisnummer is not None:
        velden.update(
            huisnummer=kvk.huisnummer,
            huisletter=kvk.huisletter,
            huisnummertoevoeging=kvk.huisnummertoevoeging,
        )
    return {k: v for k, v in velden.items() if v not in ("", None)}


@transaction.atomic
def bedrijf_uit_kvk(*, organisatie: Organisatie, kvk: KvkVestiging, by: Actor | User) -> Bedrijf:
    """Create the local ``Bedrijf`` for this KvK registration (KvK-nummer and
    vestigingsnummer) in ``organisatie``, or update it from the KvK. Needs
    ``Actie.KLANT_WIJZIGEN``. Creation goes through ``bedrijf_create``; an update saves,
    logs and announces only fields that really change, like ``persoon_update``."""
    wie = as_actor(by)
    vereis(wie, Actie.KLANT_WIJZIGEN, organisatie)
    velden = _kvk_velden(kvk)
    bedrijf = (
        Bedrijf.objects.select_for_update(of=("self",))
        .filter(organisatie=organisatie, kvk_nummer=kvk.kvk_nummer, vestigingsnummer=kvk.vestigingsnummer)
        .first()
    )
    if bedrijf is None:
        return bedrijf_create(organisatie=organisatie, kvk_nummer=kvk.kvk_nummer, by=wie, **velden)
    return bedrijf_update(
        bedrijf=bedrijf, by=wie, handeling="Ondernemingsgegevens bijgewerkt uit het Handelsregister", **velden
    )
