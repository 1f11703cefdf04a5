"""The BRP connector: find persons in the Basisregistratie Personen.

One interface (``BrpConnector``), three implementations, chosen in settings by
``brp_connector()``:

- ``HaalCentraalBrpClient``: the Haal Centraal BRP Personen Bevragen API 2.x
  (POST ``{base}/personen``, header ``X-API-KEY``, optionally mutual TLS);
- ``TestdatasetBrp``: the built-in test register (model ``BrpTestpersoon``), for the
  embedded default, the demo and the tests;
- ``NietIngesteldeBrp``: production without a BRP configured; every call fails, so
  production never shows made-up persons.

Both real and test register follow the API's matching rules: the surname matches whole
(or as a prefix with a trailing ``*``, at least 3 letters), regardless of case and
accents; a voorvoegsel typed in front of the surname ("van der Berg") becomes the
voorvoegsel filter; postcode with or without space, any case; huisletter and
huisnummertoevoeging narrow the search; searches leave out deceased persons, a lookup by
BSN does not.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Protocol

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from eenloket.core.validators import normalise_postcode
from eenloket.integraties.transport import KoppelingFout, verstuur

__all__ = [
    "BrpConnector",
    "BrpFout",
    "BrpPersoon",
    "HaalCentraalBrpClient",
    "NietIngesteldeBrp",
    "TestdatasetBrp",
    "brp_connector",
    "compacte_postcode",
    "splits_voorvoegsel",
    "zoekvorm",
]

#: The API takes at most this many BSNs in one RaadpleegMetBurgerservicenummer.
MAX_BSNS_PER_VRAAG: Final = 20

#: Fields asked when reading persons. ``geheimhoudingPersoonsgegevens`` and the reason of
#: ``opschortingBijhouding`` come unasked (asking for the first is even an error).
RAADPLEEG_VELDEN: Final = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "geslacht",
    "verblijfplaats.verblijfadres",
)
#: A search only asks for BSNs; the persons are then read with RAADPLEEG_VELDEN. Search
#: results (PersoonBeperkt) carry the address only as printed lines, which cannot be split
#: back into street, number, letter and addition reliably.
ZOEK_VELDEN: Final = ("burgerservicenummer",)

# Reason code of opschortingBijhouding meaning the person has died.
_OVERLIJDEN: Final = "O"
_GESLACHTEN: Final = frozenset({"M", "V", "O"})

# Words that make up Dutch (and the common foreign) voorvoegsels in the BRP's table of
# voorvoegsels. Arabic "El"/"Al"/"Ben" are left out on purpose: the BRP usually records
# them as part of the geslachtsnaam ("El Amrani").
_VOORVOEGSEL_WOORDEN: Final = frozenset(
    {
        "aan", "auf", "aus", "bij", "d'", "da", "das", "de", "del", "della", "dem", "den",
        "der", "des", "di", "do", "dos", "du", "het", "in", "l'", "la", "las", "le", "les",
        "lo", "los", "onder", "op", "over", "'s", "s'", "'t", "t'", "te", "ten", "ter",
        "toe", "tot", "uijt", "uit", "van", "vom", "von", "zu", "zum", "zur",
    }
)  # fmt: skip
# Letters NFKD does not take apart, folded the way people type them without accents.
_ZONDER_ACCENT: Final = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)


class BrpFout(KoppelingFout):
    """The BRP could not answer; the message is meant for the KCC screen."""


@dataclass(frozen=True)
class BrpPersoon:
    """A person as the BRP describes them, reduced to what the KCC needs.

    ``postcode`` is compact ("1234AB"); ``geslacht`` is "M", "V", "O" (unknown) or "";
    ``geheimhouding`` means the person asked that their data not be given to third parties.
    """

    bsn: str
    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    geboortedatum: datetime.date | None = None
    geslacht: str = ""
    straat: str = ""
    huisnummer: int | None = None
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    overleden: bool = False
    geheimhouding: bool = False

    @property
    def naam(self) -> str:
        """Initials and surname, as on a letter: "J.P. van der Berg"."""
        voorletters = "".join(f"{deel[0]}." for deel in self.voornamen.split() if deel)
        return " ".join(p for p in (voorletters, self.voorvoegsel, self.geslachtsnaam) if p)


class BrpConnector(Protocol):
    """What Eenloket asks the BRP. Every method raises ``BrpFout`` when the BRP cannot
    answer; "nobody found" is an empty list."""

    def raadpleeg_bsn(self, bsns: list[str]) -> list[BrpPersoon]: ...

    def zoek_naam_geboortedatum(
        self, geslachtsnaam: str, geboortedatum: datetime.date, voornamen: str = ""
    ) -> list[BrpPersoon]: ...

    def zoek_postcode_huisnummer(
        self, postcode: str, huisnummer: int, huisletter: str = "", huisnummertoevoeging: str = ""
    ) -> list[BrpPersoon]: ...


# --- matching helpers, shared by the real client and the test register -----------------


def compacte_postcode(value: str) -> str:
    """A postcode as the BRP writes it: "1234AB" (input may have spaces, any case)."""
    return normalise_postcode(value).replace(" ", "")


def splits_voorvoegsel(naam: str) -> tuple[str, str]:
    """Split a typed surname into (voorvoegsel, geslachtsnaam): "van der Berg" gives
    ("van der", "Berg"). The BRP keeps the voorvoegsel apart and matches the geslachtsnaam
    without it. The last word is always kept as (part of) the geslachtsnaam, so "Van" alone
    or "De" alone stays a surname."""
    woorden = naam.split()
    aantal = 0
    while aantal < len(woorden) - 1 and woorden[aantal].lower() in _VOORVOEGSEL_WOORDEN:
        aantal += 1
    return " ".join(woorden[:aantal]).lower(), " ".join(woorden[aantal:])


def zoekvorm(tekst: str) -> str:
    """Text as the BRP compares it: case and accents do not count ("Käster" = "kaster")."""
    gevouwen = unicodedata.normalize("NFKD", tekst.casefold().translate(_ZONDER_ACCENT))
    return " ".join("".join(c for c in gevouwen if not unicodedata.combining(c)).split())


def _past(waarde: str, filter_: str) -> bool:
    """The API's text filter: whole value, or a prefix when the filter ends in "*"."""
    if filter_.endswith("*"):
        return zoekvorm(waarde).startswith(zoekvorm(filter_[:-1]))
    return zoekvorm(waarde) == zoekvorm(filter_)


# --- the real client -------------------------------------------------------------------


class HaalCentraalBrpClient:
    """Client for Haal Centraal BRP Personen Bevragen 2.x.

    ``base_url`` ends before ``/personen`` (e.g. ``https://.../haalcentraal/api/brp``).
    ``cert`` is a client certificate for mutual TLS: a path to a PEM holding certificate
    and key, or a (certificate, key) pair of paths. ``verify`` is passed to requests (a CA
    bundle path for the PKIoverheid private root, or True for the system store).

    A search asks the BRP for the BSNs that match, then reads those persons (at most 20 per
    request), so every result has the same complete, structured data.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        timeout: float,
        cert: str | tuple[str, str] | None = None,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()
        self._session.headers.update({"X-API-KEY": api_key, "Accept": "application/json"})
        self._session.cert = cert
        self._session.verify = verify

    def __repr__(self) -> str:
        # Never the key: objects end up in tracebacks and debug pages.
        return f"HaalCentraalBrpClient(base_url={self.base_url!r})"

    def raadpleeg_bsn(self, bsns: list[str]) -> list[BrpPersoon]:
        personen: list[BrpPersoon] = []
        for deel in _in_delen(bsns, MAX_BSNS_PER_VRAAG):
            antwoord = self._vraag(
                {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": deel},
                RAADPLEEG_VELDEN,
            )
            personen += [_persoon(p) for p in antwoord]
        return personen

    def zoek_naam_geboortedatum(
        self, geslachtsnaam: str, geboortedatum: datetime.date, voornamen: str = ""
    ) -> list[BrpPersoon]:
        voorvoegsel, naam = splits_voorvoegsel(geslachtsnaam)
        vraag: dict[str, Any] = {
            "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
            "geslachtsnaam": naam,
            "geboortedatum": geboortedatum.isoformat(),
        }
        if voorvoegsel:
            vraag["voorvoegsel"] = voorvoegsel
        if voornamen.strip():
            vraag["voornamen"] = " ".join(voornamen.split())
        return self._zoek(vraag)

    def zoek_postcode_huisnummer(
        self, postcode: str, huisnummer: int, huisletter: str = "", huisnummertoevoeging: str = ""
    ) -> list[BrpPersoon]:
        vraag: dict[str, Any] = {
            "type": "ZoekMetPostcodeEnHuisnummer",
            "postcode": compacte_postcode(postcode),
            "huisnummer": huisnummer,
        }
        if huisletter.strip():
            vraag["huisletter"] = huisletter.strip()
        if huisnummertoevoeging.strip():
            vraag["huisnummertoevoeging"] = huisnummertoevoeging.strip()
        return self._zoek(vraag)

    def _zoek(self, vraag: dict[str, Any]) -> list[BrpPersoon]:
        gevonden = self._vraag(vraag, ZOEK_VELDEN)
        bsns = [str(p["burgerservicenummer"]) for p in gevonden if p.get("burgerservicenummer")]
        return self.raadpleeg_bsn(list(dict.fromkeys(bsns))) if bsns else []

    def _vraag(self, vraag: dict[str, Any], velden: Iterable[str]) -> list[dict[str, Any]]:
        antwoord = verstuur(
            self._session,
            "POST",
            f"{self.base_url}/personen",
            register="BRP",
            fout=BrpFout,
            timeout=self.timeout,
            json={**vraag, "fields": list(velden)},
        )
        personen = (antwoord or {}).get("personen", [])
        if not isinstance(personen, list) or not all(isinstance(p, dict) for p in personen):
            raise BrpFout(_("De BRP gaf een antwoord dat Eenloket niet kan lezen."), code="onleesbaar")
        return personen


def _in_delen(items: list[str], grootte: int) -> Iterator[list[str]]:
    for start in range(0, len(items), grootte):
        yield items[start : start + grootte]


def _obj(data: Any, *pad: str) -> dict[str, Any]:
    """The object at ``pad`` in an answer, or {} when it is missing or not an object."""
    for sleutel in pad:
        data = data.get(sleutel) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _tekst(data: Any, *pad: str) -> str:
    waarde = _obj(data, *pad[:-1]).get(pad[-1])
    return waarde.strip() if isinstance(waarde, str) else ""


def _datum(data: dict[str, Any]) -> datetime.date | None:
    """A 2.x date object: only a full date ({"type": "Datum", "datum": ...}) is a date;
    JaarDatum, JaarMaandDatum and DatumOnbekend are not."""
    if data.get("type", "Datum") != "Datum":
        return None
    try:
        return datetime.date.fromisoformat(str(data.get("datum", "")))
    except ValueError:
        return None


def _persoon(data: dict[str, Any]) -> BrpPersoon:
    """Map one person of a RaadpleegMetBurgerservicenummer answer."""
    # An Adres (and a Locatie) has its Dutch address in verblijfadres; a
    # VerblijfplaatsBuitenland has only foreign address lines there, which map to nothing.
    adres = _obj(data, "verblijfplaats", "verblijfadres")
    huisnummer = adres.get("huisnummer")
    geslacht = _tekst(data, "geslacht", "code").upper()
    return BrpPersoon(
        bsn=_tekst(data, "burgerservicenummer"),
        voornamen=_tekst(data, "naam", "voornamen"),
        voorvoegsel=_tekst(data, "naam", "voorvoegsel"),
        geslachtsnaam=_tekst(data, "naam", "geslachtsnaam"),
        geboortedatum=_datum(_obj(data, "geboorte", "datum")),
        geslacht=geslacht if geslacht in _GESLACHTEN else "",
        straat=_tekst(adres, "officieleStraatnaam") or _tekst(adres, "korteStraatnaam"),
        huisnummer=huisnummer if isinstance(huisnummer, int) and huisnummer > 0 else None,
        huisletter=_tekst(adres, "huisletter"),
        huisnummertoevoeging=_tekst(adres, "huisnummertoevoeging"),
        postcode=compacte_postcode(_tekst(adres, "postcode")),
        woonplaats=_tekst(adres, "woonplaats"),
        overleden=_tekst(data, "opschortingBijhouding", "reden", "code") == _OVERLIJDEN
        or _obj(data, "overlijden").get("indicatieOverleden") is True,
        geheimhouding=data.get("geheimhoudingPersoonsgegevens") is True,
    )


# --- the built-in test register --------------------------------------------------------


class TestdatasetBrp:
    """The BRP stand-in of the embedded default: persons from ``BrpTestpersoon``,
    matched by the same rules as the real API (see the module docstring)."""

    __test__ = False  # a name starting with "Test" is not a pytest test class

    def raadpleeg_bsn(self, bsns: list[str]) -> list[BrpPersoon]:
        from eenloket.integraties.models import BrpTestpersoon

        rijen = {p.bsn: p for p in BrpTestpersoon.objects.filter(bsn__in=bsns)}
        return [_uit_testpersoon(rijen[bsn]) for bsn in dict.fromkeys(bsns) if bsn in rijen]

    def zoek_naam_geboortedatum(
        self, geslachtsnaam: str, geboortedatum: datetime.date, voornamen: str = ""
    ) -> list[BrpPersoon]:
        from eenloket.integraties.models import BrpTestpersoon

        voorvoegsel, naam = splits_voorvoegsel(geslachtsnaam)
        # The birth date narrows in SQL (indexed); names compare without case and accents,
        # which SQLite's LIKE cannot do for non-ASCII letters.
        kandidaten = BrpTestpersoon.objects.filter(geboortedatum=geboortedatum, overleden=False)
        return [
            _uit_testpersoon(p)
            for p in kandidaten.order_by("geslachtsnaam", "voornamen", "bsn")
            if _past(p.geslachtsnaam, naam)
            and (not voorvoegsel or zoekvorm(p.voorvoegsel) == zoekvorm(voorvoegsel))
            and (not voornamen.strip() or _past(p.voornamen, voornamen))
        ]

    def zoek_postcode_huisnummer(
        self, postcode: str, huisnummer: int, huisletter: str = "", huisnummertoevoeging: str = ""
    ) -> list[BrpPersoon]:
        from eenloket.integraties.models import BrpTestpersoon

        kandidaten = BrpTestpersoon.objects.filter(
            postcode=compacte_postcode(postcode), huisnummer=huisnummer, overleden=False
        )
        return [
            _uit_testpersoon(p)
            for p in kandidaten.order_by("geslachtsnaam", "voornamen", "bsn")
            if (not huisletter.strip() or zoekvorm(p.huisletter) == zoekvorm(huisletter))
            and (
                not huisnummertoevoeging.strip()
                or zoekvorm(p.huisnummertoevoeging) == zoekvorm(huisnummertoevoeging)
            )
        ]


def _uit_testpersoon(rij: Any) -> BrpPersoon:
    return BrpPersoon(
        bsn=rij.bsn,
        voornamen=rij.voornamen,
        voorvoegsel=rij.voorvoegsel,
        geslachtsnaam=rij.geslachtsnaam,
        geboortedatum=rij.geboortedatum,
        geslacht=rij.geslacht,
        straat=rij.straat,
        huisnummer=rij.huisnummer,
        huisletter=rij.huisletter,
        huisnummertoevoeging=rij.huisnummertoevoeging,
        postcode=rij.postcode,
        woonplaats=rij.woonplaats,
        overleden=rij.overleden,
        geheimhouding=rij.geheimhouding,
    )


# --- not configured --------------------------------------------------------------------


class NietIngesteldeBrp:
    """Production without ``EENLOKET_BRP_URL``: every question fails with a clear message,
    rather than answering from made-up data."""

    def _fout(self) -> BrpFout:
        return BrpFout(
            _("De BRP-koppeling is niet ingesteld. Meld dit bij de functioneel beheerder."),
            code="niet_ingesteld",
        )

    def raadpleeg_bsn(self, bsns: list[str]) -> list[BrpPersoon]:
        raise self._fout()

    def zoek_naam_geboortedatum(
        self, geslachtsnaam: str, geboortedatum: datetime.date, voornamen: str = ""
    ) -> list[BrpPersoon]:
        raise self._fout()

    def zoek_postcode_huisnummer(
        self, postcode: str, huisnummer: int, huisletter: str = "", huisnummertoevoeging: str = ""
    ) -> list[BrpPersoon]:
        raise self._fout()


def brp_connector() -> BrpConnector:
    """The BRP connector the settings ask for: the Haal Centraal client when
    ``EENLOKET_BRP_URL`` is set; otherwise the test register in embedded mode or when
    ``EENLOKET_BRP_TESTDATASET`` is on; otherwise (production) one that refuses."""
    if settings.BRP_URL:
        cert: str | tuple[str, str] | None = None
        if settings.BRP_CLIENT_CERT:
            cert = (
                (settings.BRP_CLIENT_CERT, settings.BRP_CLIENT_KEY)
                if settings.BRP_CLIENT_KEY
                else settings.BRP_CLIENT_CERT
            )
        return HaalCentraalBrpClient(
            settings.BRP_URL,
            settings.BRP_API_KEY,
            timeout=settings.BRP_TIMEOUT,
            cert=cert,
            verify=settings.BRP_CA_BUNDLE or True,
        )
    if not settings.PRODUCTION or settings.BRP_TESTDATASET:
        return TestdatasetBrp()
    return NietIngesteldeBrp()
