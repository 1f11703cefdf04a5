"""The KvK connector: find businesses in the handelsregister of the Kamer van Koophandel.

Same pattern as the BRP connector (``eenloket.integraties.brp``): one interface
(``KvkConnector``), the real ``KvkZoekenClient`` for the KvK Zoeken API v2 (GET
``{base}/v2/zoeken``, header ``apikey``), the built-in ``TestdatasetKvk`` (model
``KvkTestvestiging``) and ``NietIngesteldeKvk`` for production without a KvK configured,
chosen in settings by ``kvk_connector()``.

Matching as the API does it: KvK-nummer and vestigingsnummer exactly, the name as a part
of the handelsnaam regardless of case; only active registrations. The Zoeken API does not
deliver rechtsvorm, activiteit nor huisnummertoevoeging (those come from the paid
Basisprofiel API); those fields are empty for real results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Protocol

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from eenloket.integraties.brp import compacte_postcode
from eenloket.integraties.transport import KoppelingFout, verstuur

__all__ = [
    "KvkConnector",
    "KvkFout",
    "KvkVestiging",
    "KvkZoekenClient",
    "NietIngesteldeKvk",
    "TestdatasetKvk",
    "kvk_connector",
]

#: Results asked for in one search (the API allows 100 per page). A KCC agent picks from
#: the first screenful; more means the name was too vague.
MAX_RESULTATEN: Final = 50
# The KvK answers "nothing found" with 404 and this error code, not with an empty list.
_GEEN_RESULTATEN: Final = (404, "IPD5200")


class KvkFout(KoppelingFout):
    """The KvK could not answer; the message is meant for the KCC screen."""


@dataclass(frozen=True)
class KvkVestiging:
    """A registration in the handelsregister: a vestiging, or (``type`` "rechtspersoon",
    no vestigingsnummer) the legal entity itself. ``postcode`` is compact ("1234AB")."""

    kvk_nummer: str
    vestigingsnummer: str = ""
    handelsnaam: str = ""
    rechtsvorm: str = ""
    straat: str = ""
    huisnummer: int | None = None
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    activiteit: str = ""
    actief: bool = True
    type: str = ""  # "hoofdvestiging", "nevenvestiging" or "rechtspersoon"


class KvkConnector(Protocol):
    """What Eenloket asks the KvK. Give at least one of the three; raises ``KvkFout`` when
    the KvK cannot answer, "nothing found" is an empty list."""

    def zoeken(
        self, *, kvk_nummer: str = "", vestigingsnummer: str = "", naam: str = ""
    ) -> list[KvkVestiging]: ...


def _vereis_zoekvraag(kvk_nummer: str, vestigingsnummer: str, naam: str) -> None:
    if not (kvk_nummer.strip() or vestigingsnummer.strip() or naam.strip()):
        # A programming error: services validate user input before they get here.
        raise ValueError("Geef een KvK-nummer, vestigingsnummer of naam op.")


# --- the real client -------------------------------------------------------------------


class KvkZoekenClient:
    """Client for KvK Zoeken API v2. ``base_url`` ends before ``/v2`` (production:
    ``https://api.kvk.nl/api``, test: ``https://api.kvk.nl/test/api``). The KvK serves
    under the PKIoverheid private root: give its CA bundle as ``verify`` when the system
    store does not have it."""

    def __init__(self, base_url: str, api_key: str, timeout: float, verify: bool | str = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()
        self._session.headers.update({"apikey": api_key, "Accept": "application/json"})
        self._session.verify = verify

    def __repr__(self) -> str:
        return f"KvkZoekenClient(base_url={self.base_url!r})"

    def zoeken(
        self, *, kvk_nummer: str = "", vestigingsnummer: str = "", naam: str = ""
    ) -> list[KvkVestiging]:
        _vereis_zoekvraag(kvk_nummer, vestigingsnummer, naam)
        params: dict[str, str | int] = {
            sleutel: waarde.strip()
            for sleutel, waarde in (
                ("kvkNummer", kvk_nummer),
                ("vestigingsnummer", vestigingsnummer),
                ("naam", naam),
            )
            if waarde.strip()
        }
        params["resultatenPerPagina"] = MAX_RESULTATEN
        antwoord = verstuur(
            self._session,
            "GET",
            f"{self.base_url}/v2/zoeken",
            register="KvK",
            fout=KvkFout,
            timeout=self.timeout,
            geen_resultaat=_GEEN_RESULTATEN,
            params=params,
        )
        if antwoord is None:
            return []
        resultaten = antwoord.get("resultaten", [])
        if not isinstance(resultaten, list) or not all(isinstance(r, dict) for r in resultaten):
            raise KvkFout(_("De KvK gaf een antwoord dat Eenloket niet kan lezen."), code="onleesbaar")
        return [_vestiging(r) for r in resultaten if r.get("kvkNummer")]


def _tekst(data: dict[str, Any], sleutel: str) -> str:
    waarde = data.get(sleutel)
    return waarde.strip() if isinstance(waarde, str) else ""


def _vestiging(data: dict[str, Any]) -> KvkVestiging:
    """Map one ``resultaten[]`` item of a Zoeken v2 answer."""
    adres = data.get("adres")
    adres = adres if isinstance(adres, dict) else {}
    binnenland = adres.get("binnenlandsAdres")
    binnenland = binnenland if isinstance(binnenland, dict) else None
    buitenland = adres.get("buitenlandsAdres")
    buitenland = buitenland if isinstance(buitenland, dict) else None
    velden: dict[str, Any] = {}
    if binnenland is not None:
        huisnummer = binnenland.get("huisnummer")
        velden = {
            "straat": _tekst(binnenland, "straatnaam"),
            "huisnummer": huisnummer if isinstance(huisnummer, int) and huisnummer > 0 else None,
            "huisletter": _tekst(binnenland, "huisletter"),
            "huisnummertoevoeging": _tekst(binnenland, "huisnummerToevoeging"),
            "postcode": compacte_postcode(_tekst(binnenland, "postcode")),
            "woonplaats": _tekst(binnenland, "plaats"),
        }
    elif buitenland is not None:
        velden = {
            "straat": _tekst(buitenland, "straatHuisnummer"),
            "woonplaats": _tekst(buitenland, "postcodeWoonplaats"),
        }
    actief = data.get("actief", "Ja")
    return KvkVestiging(
        kvk_nummer=_tekst(data, "kvkNummer"),
        vestigingsnummer=_tekst(data, "vestigingsnummer"),
        handelsnaam=_tekst(data, "naam"),
        # Only present when asked to include inactive registrations: "Ja" or "Nee".
        actief=actief is True or (isinstance(actief, str) and actief.strip().lower() != "nee"),
        type=_tekst(data, "type"),
        **velden,
    )


# --- the built-in test register --------------------------------------------------------


class TestdatasetKvk:
    """The KvK stand-in of the embedded default: registrations from ``KvkTestvestiging``."""

    __test__ = False  # a name starting with "Test" is not a pytest test class

    def zoeken(
        self, *, kvk_nummer: str = "", vestigingsnummer: str = "", naam: str = ""
    ) -> list[KvkVestiging]:
        from eenloket.integraties.models import KvkTestvestiging

        _vereis_zoekvraag(kvk_nummer, vestigingsnummer, naam)
        rijen = KvkTestvestiging.objects.filter(actief=True)
        if kvk_nummer.strip():
            rijen = rijen.filter(kvk_nummer=kvk_nummer.strip())
        if vestigingsnummer.strip():
            rijen = rijen.filter(vestigingsnummer=vestigingsnummer.strip())
        if naam.strip():
            rijen = rijen.filter(handelsnaam__icontains=" ".join(naam.split()))
        return [
            KvkVestiging(
                kvk_nummer=r.kvk_nummer,
                vestigingsnummer=r.vestigingsnummer,
                handelsnaam=r.handelsnaam,
                rechtsvorm=r.rechtsvorm,
                straat=r.straat,
                huisnummer=r.huisnummer,
                huisletter=r.huisletter,
                huisnummertoevoeging=r.huisnummertoevoeging,
                postcode=r.postcode,
                woonplaats=r.woonplaats,
                activiteit=r.activiteit,
                actief=r.actief,
                type=r.type,
            )
            for r in rijen.order_by("handelsnaam", "kvk_nummer", "vestigingsnummer")[:MAX_RESULTATEN]
        ]


# --- not configured --------------------------------------------------------------------


class NietIngesteldeKvk:
    """Production without ``EENLOKET_KVK_URL``: every question fails with a clear message."""

    def zoeken(
        self, *, kvk_nummer: str = "", vestigingsnummer: str = "", naam: str = ""
    ) -> list[KvkVestiging]:
        raise KvkFout(
            _("De KvK-koppeling is niet ingesteld. Meld dit bij de functioneel beheerder."),
            code="niet_ingesteld",
        )


def kvk_connector() -> KvkConnector:
    """The KvK connector the settings ask for: the Zoeken client when ``EENLOKET_KVK_URL``
    is set; otherwise the test register in embedded mode or when
    ``EENLOKET_KVK_TESTDATASET`` is on; otherwise (production) one that refuses."""
    if settings.KVK_URL:
        return KvkZoekenClient(
            settings.KVK_URL,
            settings.KVK_API_KEY,
            timeout=settings.KVK_TIMEOUT,
            verify=settings.KVK_CA_BUNDLE or True,
        )
    if not settings.PRODUCTION or settings.KVK_TESTDATASET:
        return TestdatasetKvk()
    return NietIngesteldeKvk()
