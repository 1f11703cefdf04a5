"""Realistic, deterministic Dutch demo data for two fictional municipalities.

Eikendal and Lindewaard share one contact centre in the demo. Everything here is plain
Python: each generator takes a seeded ``random.Random`` first and returns dataclasses; a
loader elsewhere turns them into rows. The same seed gives the same data on every machine
and every day, because ages are computed against the fixed ``PEILDATUM`` unless a caller
passes another.

Nothing generated may reach a real person or business:

* e-mail addresses use only domains reserved for examples (RFC 2606 / RFC 6761:
  ``example.com``/``.net``/``.org`` and the ``.example`` top-level domain);
* BSNs start with 990..998, next to the 999-range of RvIG's own test numbers; they pass
  the elfproef, and the 9999-range itself is left free for hand-written test persons;
* telephone numbers are random and may exist, so the demo must send SMS and calls
  through the fake provider only.

Addresses are not drawn at random per person: each woonplaats has a fixed street plan
(house numbers, letters, flats and a postcode per block of houses, built from a seed
derived from the municipality's code), so an address always has the same postcode and
several people can live at one address.
"""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, product
from typing import Final, Generic, TypeVar

from eenloket.demo.namen import (
    ERA_ONDERGRENZEN,
    HERKOMST_ACHTERNAMEN,
    HERKOMST_GEWICHTEN,
    HERKOMST_VOORNAMEN,
    NL_ACHTERNAMEN,
    NL_VOORNAMEN_MAN,
    NL_VOORNAMEN_VROUW,
)

__all__ = [
    "EIKENDAL",
    "LINDEWAARD",
    "PEILDATUM",
    "PROFIELEN",
    "DemoAdres",
    "DemoBedrijf",
    "DemoPersoon",
    "GemeenteProfiel",
    "Woonplaats",
    "adressen",
    "bedrijf",
    "bedrijven",
    "bsn",
    "huishouden",
    "inwoners",
    "medewerker_naam",
    "persoon",
    "unieke_bsns",
    "unieke_kvk_nummers",
    "unieke_vestigingsnummers",
]

#: Ages are computed against this day, so output does not change with the calendar.
PEILDATUM: Final = date(2026, 1, 1)


# --- Municipalities -------------------------------------------------------------------


@dataclass(frozen=True)
class Woonplaats:
    """A town or village of a demo municipality with its streets and postcode numbers."""

    naam: str
    postcode_van: int
    postcode_tot: int  # inclusive
    straten: tuple[str, ...]


@dataclass(frozen=True)
class GemeenteProfiel:
    """A fictional municipality: identity, places, streets and telephone area code.

    ``code`` is the tenant code used throughout Eenloket; ``gemeentecode`` is a CBS-style
    4-digit code outside the range CBS has issued.
    """

    code: str
    naam: str
    gemeentecode: str
    netnummer: str  # area code with its trunk 0, e.g. "0499"
    woonplaatsen: tuple[Woonplaats, ...]

    @property
    def postcode_van(self) -> int:
        return min(w.postcode_van for w in self.woonplaatsen)

    @property
    def postcode_tot(self) -> int:
        return max(w.postcode_tot for w in self.woonplaatsen)

    def woonplaats(self, naam: str) -> Woonplaats:
        for woonplaats in self.woonplaatsen:
            if woonplaats.naam == naam:
                return woonplaats
        raise KeyError(naam)


# fmt: off
EIKENDAL: Final = GemeenteProfiel(
    code="eikendal",
    naam="Gemeente Eikendal",
    gemeentecode="9901",
    netnummer="0499",
    woonplaatsen=(
        Woonplaats("Eikendal", 5691, 5693, (
            "Kerkstraat", "Dorpsstraat", "Markt", "Molenweg", "Eikenlaan", "Beatrixlaan",
            "Schoolstraat", "Nieuwstraat", "Stationsstraat", "Julianastraat",
            "Wilhelminalaan", "Prins Bernhardlaan", "Irenestraat", "Margrietstraat",
            "Kastanjelaan", "Beukenlaan", "Lindenlaan", "Berkenstraat", "Populierenlaan",
            "Esdoornstraat", "Meidoornstraat", "Vlierstraat", "Heikenselseweg",
            "Brakelhovensedijk", "Burgemeester van Hooflaan", "Pastoor Smuldersstraat",
            "Sint Lambertusstraat", "Raadhuisplein", "Kloosterstraat", "Akkerstraat",
            "Rozenstraat", "Tulpstraat", "Narcissenstraat", "Lavendelhof", "Kievitstraat",
            "Merelstraat", "Spechtlaan", "Industrieweg", "Ambachtsweg", "Hoogstraat",
            "Oude Molenweg", "Vincent van Goghstraat", "Rembrandtlaan",
        )),
        Woonplaats("Heikensel", 5694, 5695, (
            "Dorpsstraat", "Kerkstraat", "Molenstraat", "Schoolstraat", "Eikendalseweg",
            "Kapelstraat", "Bosweg", "Heidebloemstraat", "Dennenlaan", "Vennenweg",
            "Broekstraat", "Hoefstraat", "Smidsstraat", "Bakkerstraat", "Pastorijstraat",
            "Sint Willibrordusstraat", "Essenlaan", "Wilgenstraat", "Bremstraat",
            "Jeneverbeshof", "Zandstraat", "Velddreef", "Koestraat", "Laarstraat",
            "Hazelaarstraat", "Klaproosstraat", "Korenbloemstraat", "Boterbloemhof",
            "Den Hoek", "Veldersbeeksedijk",
        )),
        Woonplaats("Brakelhoven", 5696, 5696, (
            "Dorpsstraat", "Kerkstraat", "Hoveneind", "Brakelseweg", "Molenakker",
            "Kampstraat", "Eikendalsedijk", "Veldweg", "Schuurstraat", "Vlasakker",
            "Haverakker", "Rogakker", "Tarweakker", "Gerstakker", "Hofstraat", "Kapelweg",
            "Beekstraat", "Heuvel", "Populierenweg", "Boerenkamp", "Lindehof",
            "Oude Kerkpad", "Nachtegaalstraat", "Leeuweriklaan", "Zwaluwstraat",
            "Vinkenstraat",
        )),
        Woonplaats("Veldersbeek", 5697, 5697, (
            "Beekstraat", "Dorpsplein", "Kerkstraat", "Molenstraat", "Watermolen",
            "Beemdstraat", "Heideweg", "Vijverstraat", "Visserstraat", "Schoolpad",
            "Brugstraat", "Sluisweg", "Oeverstraat", "Rietstraat", "Lisdoddestraat",
            "Waterlelie", "IJsvogelstraat", "Reigerstraat", "Eendenkooi", "Beekdal",
            "Kloosterweg", "Pastoor Verhoevenstraat", "Brakelhovenseweg", "Nieuwe Erven",
            "Heikenselsedijk",
        )),
    ),
)

LINDEWAARD: Final = GemeenteProfiel(
    code="lindewaard",
    naam="Gemeente Lindewaard",
    gemeentecode="9902",
    netnummer="0497",
    woonplaatsen=(
        Woonplaats("Lindewaard", 5521, 5523, (
            "Markt", "Kerkstraat", "Hoofdstraat", "Lindelaan", "Waardsedijk", "Stationsweg",
            "Molenstraat", "Schoolstraat", "Beatrixstraat", "Julianalaan",
            "Wilhelminastraat", "Emmastraat", "Prinses Amaliastraat", "Oranjestraat",
            "Nassaulaan", "Willem de Zwijgerlaan", "Kastanjelaan", "Eikenlaan",
            "Platanenlaan", "Acaciastraat", "Lijsterbesstraat", "Hulststraat",
            "Oosterlindeseweg", "Hazelrodeseweg", "Burgemeester Claassenlaan",
            "Pastoor de Laatstraat", "Sint Jansstraat", "Raadhuisstraat", "Gasthuisstraat",
            "Begijnhof", "Vestingwal", "Havenstraat", "Sluisstraat", "Industrieweg",
            "Handelsweg", "Nijverheidsweg", "Noorderlaan", "Westeinde", "Oosteinde",
            "Rembrandtstraat", "Frans Halsstraat", "Jan Steenstraat", "Vermeerstraat",
        )),
        Woonplaats("Oosterlinde", 5524, 5524, (
            "Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Lindewaardseweg",
            "Kapelaan", "Brink", "Esch", "Akkerweg", "Hoefijzer", "Smederij", "Kuilenweg",
            "Heistraat", "Bergstraat", "Bosstraat", "Dennenweg", "Sparrenlaan",
            "Berkenlaan", "Wilgenlaan", "Elzenstraat", "Meester Aartsstraat",
            "Sint Antoniusstraat", "Oude Baan", "Kievitsweg", "Fazantstraat",
            "Patrijsstraat", "Hazelrodesedijk", "Molenakkers", "Hooiberg",
        )),
        Woonplaats("Hazelrode", 5525, 5525, (
            "Dorpsstraat", "Kerkplein", "Hazelaar", "Rodeweg", "Schoolstraat",
            "Molenstraat", "Oosterlindeseweg", "Wolfsvoortseweg", "Hoeve", "Stokstraat",
            "Kruisstraat", "Veldstraat", "Ven", "Hoogveld", "Laag Hazelrode", "Pastorie",
            "Kloosterhof", "Beukenhof", "Lindeboom", "Notelaar", "Perenboomgaard",
            "Appelgaard", "Kersenhof", "Boomgaardstraat", "Kampweg", "Grensweg",
        )),
        Woonplaats("Wolfsvoort", 5526, 5526, (
            "Dorpsstraat", "Kerkstraat", "Voortstraat", "Wolfsweg", "Beekweg",
            "Lindewaardsedijk", "Schoolstraat", "Molenstraat", "Watermolenweg", "Voorde",
            "Dijkstraat", "Uiterwaard", "Rivierweg", "Kade", "Veerweg", "Hoogwaard",
            "Zandweg", "Kapelstraat", "Sint Martinusstraat", "Boerderijweg", "Meidoorn",
            "Vlinderstraat", "Bijenhof", "Hazelrodeseweg", "Weidestraat",
        )),
    ),
)
# fmt: on

PROFIELEN: Final[dict[str, GemeenteProfiel]] = {p.code: p for p in (EIKENDAL, LINDEWAARD)}


# --- Addresses ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoAdres:
    straat: str
    huisnummer: int
    huisletter: str
    huisnummertoevoeging: str
    postcode: str
    woonplaats: str

    @property
    def adresregel(self) -> str:
        return _adresregel(self.straat, self.huisnummer, self.huisletter, self.huisnummertoevoeging)


def _adresregel(straat: str, huisnummer: int, huisletter: str, toevoeging: str) -> str:
    """Write an address line the Dutch way: "Kerkstraat 12A-2"."""
    regel = f"{straat} {huisnummer}{huisletter}"
    return f"{regel}-{toevoeging}" if toevoeging else regel


# PostNL skips F, I, O, Q, U and Y in the letters (easy to misread), and SA, SD and SS.
_POSTCODE_LETTERS: Final = "ABCDEGHJKLMNPRSTVWXZ"
_POSTCODE_LETTERPAREN: Final = tuple(
    a + b for a, b in product(_POSTCODE_LETTERS, repeat=2) if a + b not in {"SA", "SD", "SS"}
)

_adressen_cache: dict[str, tuple[DemoAdres, ...]] = {}


def _straatlengte(plan_rng: random.Random, straat: str, kern: bool) -> int:
    """The highest house number of a street, by the kind of street its name suggests."""
    if straat.endswith(("plein", "Markt", "hof", "Brink", "Heuvel", "Kade", "Pastorie")):
        hoogste = plan_rng.randint(6, 32)
    elif straat.endswith(("weg", "dijk", "baan", "Baan")):
        hoogste = plan_rng.randint(12, 130)
    elif straat.endswith("laan"):
        hoogste = plan_rng.randint(24, 190)
    else:
        hoogste = plan_rng.randint(8, 150)
    return round(hoogste * 1.5) if kern else hoogste


def _varianten(plan_rng: random.Random, flatkans: float) -> list[tuple[str, str]]:
    """The addresses behind one house number, as (huisletter, huisnummertoevoeging)."""
    r = plan_rng.random()
    if r < flatkans:  # a block of flats: 12-1, 12-2, ...
        return [("", str(verdieping)) for verdieping in range(1, plan_rng.randint(2, 8) + 1)]
    if r < flatkans + 0.03:  # a house split in two: 12A and 12B
        return [("A", ""), ("B", "")]
    return [("", "")]


def _bouw_adressen(profiel: GemeenteProfiel) -> tuple[DemoAdres, ...]:
    result: list[DemoAdres] = []
    for index, woonplaats in enumerate(profiel.woonplaatsen):
        # A seed of its own: the street plan is part of the profile, not of a run.
        plan_rng = random.Random(f"eenloket-demo-adressen:{profiel.code}:{woonplaats.naam}")
        flatkans = 0.08 if index == 0 else 0.02
        # Letter pairs used so far per 4-digit postcode area, handed out in order.
        gebruikt = dict.fromkeys(range(woonplaats.postcode_van, woonplaats.postcode_tot + 1), 0)
        for straat in woonplaats.straten:
            # A street lies in one postcode area: the one with the most letter pairs left.
            cijfers = min(gebruikt, key=gebruikt.__getitem__)
            hoogste = _straatlengte(plan_rng, straat, kern=index == 0)
            for zijde in (1, 2):  # odd and even sides get postcodes of their own
                nummers = list(range(zijde, hoogste + 1, 2))
                while nummers:
                    grootte = plan_rng.randint(5, 12)  # houses per postcode
                    blok, nummers = nummers[:grootte], nummers[grootte:]
                    if gebruikt[cijfers] >= len(_POSTCODE_LETTERPAREN):
                        cijfers = min(gebruikt, key=gebruikt.__getitem__)
                        if gebruikt[cijfers] >= len(_POSTCODE_LETTERPAREN):
                            raise ValueError(f"postcodes op in {woonplaats.naam}")
                    postcode = f"{cijfers} {_POSTCODE_LETTERPAREN[gebruikt[cijfers]]}"
                    gebruikt[cijfers] += 1
                    result.extend(
                        DemoAdres(straat, nummer, letter, toevoeging, postcode, woonplaats.naam)
                        for nummer in blok
                        for letter, toevoeging in _varianten(plan_rng, flatkans)
                    )
    return tuple(result)


def adressen(profiel: GemeenteProfiel) -> tuple[DemoAdres, ...]:
    """Every address of a municipality's street plan, the same on every call and machine."""
    cached = _adressen_cache.get(profiel.code)
    if cached is None:
        cached = _adressen_cache[profiel.code] = _bouw_adressen(profiel)
    return cached


# --- Weighted choice ------------------------------------------------------------------


_T = TypeVar("_T")


class _Gewogen(Generic[_T]):
    """Fast weighted choice from a fixed list (one random() and a bisect per pick)."""

    __slots__ = ("_cum", "_items", "_totaal")

    def __init__(self, items: Sequence[_T], gewichten: Sequence[float] | None = None) -> None:
        self._items = tuple(items)
        if gewichten is None:
            # Lists are ordered from common to rare: a gentle Zipf-like slope.
            gewichten = [1 / (rank + 4) ** 0.8 for rank in range(len(self._items))]
        self._cum = list(accumulate(gewichten))
        self._totaal = self._cum[-1]

    def kies(self, rng: random.Random) -> _T:
        return self._items[bisect_right(self._cum, rng.random() * self._totaal)]


_VOORNAMEN: Final[dict[tuple[str, str], _Gewogen[str]]] = {
    **{("nl", "M" + era): _Gewogen(namen) for era, namen in NL_VOORNAMEN_MAN.items()},
    **{("nl", "V" + era): _Gewogen(namen) for era, namen in NL_VOORNAMEN_VROUW.items()},
    **{(h, "M"): _Gewogen(m) for h, (m, _v) in HERKOMST_VOORNAMEN.items()},
    **{(h, "V"): _Gewogen(v) for h, (_m, v) in HERKOMST_VOORNAMEN.items()},
}
_ACHTERNAMEN: Final[dict[str, _Gewogen[tuple[str, str]]]] = {
    "nl": _Gewogen(NL_ACHTERNAMEN),
    **{h: _Gewogen(namen) for h, namen in HERKOMST_ACHTERNAMEN.items()},
}
_HERKOMST: Final = _Gewogen([h for h, _g in HERKOMST_GEWICHTEN], [g for _h, g in HERKOMST_GEWICHTEN])

# Share of the population per 10-year age band, 0-9 ... 90-100 (roughly the Dutch
# pyramid); spread evenly over the years of each band.
_LEEFTIJDSBANDEN: Final = (10.0, 11.0, 12.5, 12.5, 12.0, 14.0, 12.5, 9.5, 4.5, 1.0)
_GEWICHT_PER_LEEFTIJD: Final = tuple(
    _LEEFTIJDSBANDEN[min(leeftijd // 10, 9)] / (11 if leeftijd >= 90 else 10) for leeftijd in range(101)
)
_leeftijd_cache: dict[tuple[int, int], tuple[list[float], float]] = {}


def _leeftijd(rng: random.Random, jongste: int = 0, oudste: int = 100) -> int:
    cum_totaal = _leeftijd_cache.get((jongste, oudste))
    if cum_totaal is None:
        cum = list(accumulate(_GEWICHT_PER_LEEFTIJD[jongste : oudste + 1]))
        cum_totaal = _leeftijd_cache[(jongste, oudste)] = (cum, cum[-1])
    cum, totaal = cum_totaal
    return jongste + bisect_right(cum, rng.random() * totaal)


def _geboortedatum(rng: random.Random, leeftijd: int, peildatum: date) -> date:
    dagen = int((leeftijd + rng.random()) * 365.2425)
    return date.fromordinal(peildatum.toordinal() - dagen)


def _era(geboortejaar: int) -> str:
    gekozen = ERA_ONDERGRENZEN[0][0]
    for era, vanaf in ERA_ONDERGRENZEN:
        if geboortejaar >= vanaf:
            gekozen = era
    return gekozen


def _geslacht(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.001:
        return "X"
    return "M" if r < 0.5005 else "V"


def _voornamen(rng: random.Random, geslacht: str, herkomst: str, geboortejaar: int) -> list[str]:
    if geslacht == "X":
        geslacht = "M" if rng.random() < 0.5 else "V"
    if herkomst == "nl":
        era = _era(geboortejaar)
        namen = [_VOORNAMEN[("nl", geslacht + era)].kies(rng)]
        # Older Dutch people often carry two or three names, after their grandparents.
        extra = rng.choice((0, 1, 1, 2, 2, 3) if era == "ouder" else (0, 0, 1, 1, 2))
        grootouders = _VOORNAMEN[("nl", geslacht + "ouder")]
        for _ in range(extra):
            naam = grootouders.kies(rng)
            if naam not in namen:
                namen.append(naam)
        return namen
    pool = _VOORNAMEN[(herkomst, geslacht)]
    namen = [pool.kies(rng)]
    if rng.random() < 0.2:
        naam = pool.kies(rng)
        if naam not in namen:
            namen.append(naam)
    return namen


def _voorletters(voornamen: Sequence[str]) -> str:
    # "IJsbrand" is abbreviated "IJ.", not "I.".
    return "".join(("IJ" if n.startswith("IJ") else n[0]) + "." for n in voornamen)


# --- Contact details ------------------------------------------------------------------

_ASCII_VERVANGINGEN: Final = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d"}
)
_slug_cache: dict[str, str] = {}


def _slug(tekst: str) -> str:
    """Lower-case ASCII letters and digits only: "Van der Meer" -> "vandermeer"."""
    slug = _slug_cache.get(tekst)
    if slug is None:
        gedecomponeerd = unicodedata.normalize("NFKD", tekst.translate(_ASCII_VERVANGINGEN))
        slug = "".join(c for c in gedecomponeerd.lower() if c.isascii() and c.isalnum())
        _slug_cache[tekst] = slug
    return slug


# Reserved for documentation and examples (RFC 2606, RFC 6761): never a real mailbox.
_PERSOONLIJKE_DOMEINEN: Final = _Gewogen(
    ("example.com", "example.net", "example.org", "voorbeeld.example", "mail.example",
     "thuis.example", "post.example"),
    (30, 15, 10, 15, 15, 10, 5),
)  # fmt: skip


def _email(rng: random.Random, roepnaam: str, achternaam: str, geboortejaar: int) -> str:
    vn = _slug(roepnaam)
    an = _slug(achternaam)
    r = rng.random()
    if r < 0.30:
        lokaal = f"{vn}.{an}"
    elif r < 0.48:
        lokaal = f"{vn[0]}.{an}"
    elif r < 0.62:
        lokaal = f"{vn}{an}"
    elif r < 0.78:
        lokaal = f"{vn}{geboortejaar % 100:02d}"
    elif r < 0.90:
        lokaal = f"{vn}_{an}{rng.randint(1, 99)}"
    else:
        lokaal = f"{an}.{vn}"
    return f"{lokaal}@{_PERSOONLIJKE_DOMEINEN.kies(rng)}"


def _mobiel(rng: random.Random) -> str:
    # 06-1 to 06-5 are the blocks handed out to mobile operators.
    return f"+316{rng.randint(10_000_000, 59_999_999)}"


def _vaste_lijn(rng: random.Random, profiel: GemeenteProfiel) -> str:
    # Area code plus subscriber number make 10 digits; subscriber numbers start with 2-9.
    lengte = 10 - len(profiel.netnummer)
    abonnee = rng.randint(2 * 10 ** (lengte - 1), 10**lengte - 1)
    return f"+31{profiel.netnummer[1:]}{abonnee}"


def _telefoon(rng: random.Random, profiel: GemeenteProfiel, leeftijd: int, vaste_lijn: str | None) -> str:
    if leeftijd < 12:
        return ""
    r = rng.random()
    if leeftijd < 18:
        return _mobiel(rng) if r < 0.7 else ""
    mobiel, vast = (0.35, 0.45) if leeftijd >= 75 else (0.76, 0.12)
    if r < mobiel:
        return _mobiel(rng)
    if r < mobiel + vast:
        return vaste_lijn or _vaste_lijn(rng, profiel)
    return ""


def _heeft_email(rng: random.Random, leeftijd: int) -> bool:
    if leeftijd < 16:
        return False
    if leeftijd < 18:
        return rng.random() < 0.5
    return rng.random() < (0.45 if leeftijd >= 75 else 0.8)


# --- BSN ------------------------------------------------------------------------------

# BSNs are drawn from 990000000..998999999: the first 8 digits ("romp") are free, the
# 9th is the check digit that makes the elfproef come out.
_BSN_ROMP_VAN: Final = 99_000_000
_BSN_ROMP_AANTAL: Final = 900_000
_BSN_GEWICHTEN: Final = (9, 8, 7, 6, 5, 4, 3, 2)


def _bsn_uit_romp(romp: int) -> str | None:
    cijfers = str(romp)
    controle = sum(int(c) * w for c, w in zip(cijfers, _BSN_GEWICHTEN, strict=True)) % 11
    # The check digit d9 must satisfy sum - d9 = 0 (mod 11); 10 is not a digit.
    return None if controle == 10 else cijfers + str(controle)


def _trek_bsn(rng: random.Random) -> str:
    while True:
        nummer = _bsn_uit_romp(_BSN_ROMP_VAN + rng.randrange(_BSN_ROMP_AANTAL))
        if nummer is not None:
            return nummer


def bsn(rng: random.Random) -> str:
    """One elfproef-valid demo BSN (990000000..998999999); may repeat across calls."""
    return _trek_bsn(rng)


def unieke_bsns(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct elfproef-valid demo BSNs in random order (up to about 800,000)."""
    if n <= 0:
        return []
    # About 1 in 11 bodies has no valid check digit: draw a fifth extra and cut back.
    aantal = min(_BSN_ROMP_AANTAL, n + n // 5 + 50)
    while True:
        nummers = [
            nummer
            for romp in rng.sample(range(_BSN_ROMP_VAN, _BSN_ROMP_VAN + _BSN_ROMP_AANTAL), aantal)
            if (nummer := _bsn_uit_romp(romp)) is not None
        ]
        if len(nummers) >= n:
            return nummers[:n]
        if aantal == _BSN_ROMP_AANTAL:
            raise ValueError(f"er zijn geen {n} demo-BSN's")
        aantal = min(_BSN_ROMP_AANTAL, aantal * 2)


# --- Persons --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPersoon:
    """A resident as the BRP would describe them, plus the contact details they gave.

    ``gemeente_code`` is the municipality's tenant code ("eikendal"); an empty
    ``telefoonnummer`` or ``email`` means the person gave none.
    """

    bsn: str
    voornamen: str
    voorletters: str
    voorvoegsel: str
    geslachtsnaam: str
    geslacht: str  # "M", "V" or "X"
    geboortedatum: date
    straat: str
    huisnummer: int
    huisletter: str
    huisnummertoevoeging: str
    postcode: str
    woonplaats: str
    gemeente_code: str
    telefoonnummer: str  # E.164
    email: str

    @property
    def roepnaam(self) -> str:
        return self.voornamen.split(" ", 1)[0]

    @property
    def achternaam(self) -> str:
        """Voorvoegsel and geslachtsnaam: "van der Berg"."""
        return f"{self.voorvoegsel} {self.geslachtsnaam}" if self.voorvoegsel else self.geslachtsnaam

    @property
    def naam(self) -> str:
        """Initials and surname, as on a letter: "J. van der Berg"."""
        return f"{self.voorletters} {self.achternaam}"

    @property
    def volledige_naam(self) -> str:
        """First name and surname, as a contact centre addresses someone: "Jan van der Berg"."""
        return f"{self.roepnaam} {self.achternaam}"

    @property
    def adresregel(self) -> str:
        return _adresregel(self.straat, self.huisnummer, self.huisletter, self.huisnummertoevoeging)

    def leeftijd(self, op: date = PEILDATUM) -> int:
        jaren = op.year - self.geboortedatum.year
        if (op.month, op.day) < (self.geboortedatum.month, self.geboortedatum.day):
            jaren -= 1
        return jaren


def _maak_persoon(
    rng: random.Random,
    profiel: GemeenteProfiel,
    adres: DemoAdres,
    *,
    bsn: str,
    geslacht: str,
    leeftijd: int,
    herkomst: str,
    achternaam: tuple[str, str],
    vaste_lijn: str | None,
    peildatum: date,
) -> DemoPersoon:
    geboortedatum = _geboortedatum(rng, leeftijd, peildatum)
    voornamen = _voornamen(rng, geslacht, herkomst, geboortedatum.year)
    voorvoegsel, geslachtsnaam = achternaam
    email = ""
    if _heeft_email(rng, leeftijd):
        email = _email(rng, voornamen[0], voorvoegsel + geslachtsnaam, geboortedatum.year)
    return DemoPersoon(
        bsn=bsn,
        voornamen=" ".join(voornamen),
        voorletters=_voorletters(voornamen),
        voorvoegsel=voorvoegsel,
        geslachtsnaam=geslachtsnaam,
        geslacht=geslacht,
        geboortedatum=geboortedatum,
        straat=adres.straat,
        huisnummer=adres.huisnummer,
        huisletter=adres.huisletter,
        huisnummertoevoeging=adres.huisnummertoevoeging,
        postcode=adres.postcode,
        woonplaats=adres.woonplaats,
        gemeente_code=profiel.code,
        telefoonnummer=_telefoon(rng, profiel, leeftijd, vaste_lijn),
        email=email,
    )


def persoon(
    rng: random.Random,
    profiel: GemeenteProfiel,
    *,
    bsn: str | None = None,
    adres: DemoAdres | None = None,
    peildatum: date = PEILDATUM,
) -> DemoPersoon:
    """One resident of any age (0-100, by the Dutch age pyramid) at a random address.

    Without ``bsn`` a random demo BSN is drawn; use ``unieke_bsns`` or ``inwoners`` when
    many persons must have distinct numbers.
    """
    herkomst = _HERKOMST.kies(rng)
    return _maak_persoon(
        rng,
        profiel,
        adres or rng.choice(adressen(profiel)),
        bsn=bsn if bsn is not None else _trek_bsn(rng),
        geslacht=_geslacht(rng),
        leeftijd=_leeftijd(rng),
        herkomst=herkomst,
        achternaam=_ACHTERNAMEN[herkomst].kies(rng),
        vaste_lijn=None,
        peildatum=peildatum,
    )


# Household make-up by the age of its first member: shares of single, couple, couple with
# children, and single parent (roughly CBS's household statistics).
_HUISHOUDTYPES: Final = (
    (30, (0.50, 0.32, 0.12, 0.06)),
    (55, (0.24, 0.16, 0.50, 0.10)),
    (75, (0.30, 0.55, 0.12, 0.03)),
    (101, (0.55, 0.45, 0.00, 0.00)),
)
_AANTAL_KINDEREN: Final = (1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4)


def _huishoudtype(rng: random.Random, leeftijd: int) -> tuple[bool, bool]:
    """(has a partner, has children) for a household whose first member is this old."""
    kansen = next(k for grens, k in _HUISHOUDTYPES if leeftijd < grens)
    r = rng.random()
    if r < kansen[0]:
        return False, False
    if r < kansen[0] + kansen[1]:
        return True, False
    if r < kansen[0] + kansen[1] + kansen[2]:
        return True, True
    return False, True


def huishouden(
    rng: random.Random,
    profiel: GemeenteProfiel,
    *,
    adres: DemoAdres | None = None,
    bsns: Iterator[str] | None = None,
    peildatum: date = PEILDATUM,
) -> list[DemoPersoon]:
    """The people living at one address: one adult, perhaps a partner and children.

    Partners keep their own geslachtsnaam (as the BRP records it); children take the
    father's, or the first adult's. BSNs come from ``bsns`` when given, else each is drawn
    with ``bsn(rng)``. Members who give a landline all give the same one.
    """
    adres = adres or rng.choice(adressen(profiel))
    herkomst = _HERKOMST.kies(rng)
    hoofd_leeftijd = _leeftijd(rng, 18, 100)
    hoofd_geslacht = _geslacht(rng)
    leden: list[tuple[str, int, str, tuple[str, str]]] = [
        (hoofd_geslacht, hoofd_leeftijd, herkomst, _ACHTERNAMEN[herkomst].kies(rng))
    ]
    met_partner, met_kinderen = _huishoudtype(rng, hoofd_leeftijd)
    if met_partner:
        if hoofd_geslacht == "X" or rng.random() < 0.04:
            partner_geslacht = _geslacht(rng)
        else:
            partner_geslacht = "V" if hoofd_geslacht == "M" else "M"
        partner_leeftijd = min(100, max(18, hoofd_leeftijd + round(rng.gauss(0, 3))))
        partner_herkomst = herkomst if rng.random() < 0.9 else _HERKOMST.kies(rng)
        leden.append(
            (
                partner_geslacht,
                partner_leeftijd,
                partner_herkomst,
                _ACHTERNAMEN[partner_herkomst].kies(rng),
            )
        )
    if met_kinderen:
        jongste_ouder = min(lid[1] for lid in leden)
        oudste_kind = min(26, jongste_ouder - 18)
        vader = next((lid for lid in leden if lid[0] == "M"), leden[0])
        for _ in range(rng.choice(_AANTAL_KINDEREN) if oudste_kind >= 0 else 0):
            leeftijd = jongste_ouder - rng.randint(20, 42)
            if not 0 <= leeftijd <= oudste_kind:
                leeftijd = rng.randint(0, oudste_kind)
            leden.append((_geslacht(rng), leeftijd, herkomst, vader[3]))
    # Whoever in the household gives a landline gives this one.
    vaste_lijn = _vaste_lijn(rng, profiel)
    return [
        _maak_persoon(
            rng,
            profiel,
            adres,
            bsn=next(bsns) if bsns is not None else _trek_bsn(rng),
            geslacht=geslacht,
            leeftijd=leeftijd,
            herkomst=lid_herkomst,
            achternaam=achternaam,
            vaste_lijn=vaste_lijn,
            peildatum=peildatum,
        )
        for geslacht, leeftijd, lid_herkomst, achternaam in leden
    ]


def inwoners(
    rng: random.Random, profiel: GemeenteProfiel, n: int, *, peildatum: date = PEILDATUM
) -> list[DemoPersoon]:
    """``n`` residents in households, with distinct BSNs and distinct e-mail addresses.

    Households take the street plan's addresses in random order, one household to an
    address until every address is occupied, then a second household per address.
    """
    bsns = iter(unieke_bsns(rng, n + 8))  # the last household may overshoot n
    vrij = list(adressen(profiel))
    rng.shuffle(vrij)
    personen: list[DemoPersoon] = []
    index = 0
    while len(personen) < n:
        adres = vrij[index % len(vrij)]
        index += 1
        personen.extend(huishouden(rng, profiel, adres=adres, bsns=bsns, peildatum=peildatum))
    del personen[n:]
    gezien: set[str] = set()
    for i, p in enumerate(personen):
        if not p.email:
            continue
        email = p.email
        while email in gezien:
            lokaal, domein = p.email.split("@")
            email = f"{lokaal}{rng.randint(1, 999)}@{domein}"
        gezien.add(email)
        if email != p.email:
            personen[i] = dataclasses.replace(p, email=email)
    return personen


def medewerker_naam(rng: random.Random) -> str:
    """A staff member's name as shown in the contact centre: "Sanne de Vries"."""
    herkomst = _HERKOMST.kies(rng)
    geslacht = "M" if rng.random() < 0.45 else "V"
    geboortejaar = PEILDATUM.year - rng.randint(20, 64)
    roepnaam = _voornamen(rng, geslacht, herkomst, geboortejaar)[0]
    voorvoegsel, geslachtsnaam = _ACHTERNAMEN[herkomst].kies(rng)
    return " ".join(deel for deel in (roepnaam, voorvoegsel, geslachtsnaam) if deel)


# --- Businesses -----------------------------------------------------------------------

EENMANSZAAK: Final = "Eenmanszaak"
VOF: Final = "Vennootschap onder firma"
BV: Final = "Besloten vennootschap"
MAATSCHAP: Final = "Maatschap"
STICHTING: Final = "Stichting"
VERENIGING: Final = "Vereniging"

_ONDERNEMING: Final = ((EENMANSZAAK, 62), (VOF, 14), (BV, 24))


@dataclass(frozen=True)
class _Sector:
    sbi_code: str
    activiteit: str
    gewicht: int
    woorden: tuple[str, ...]  # "Bakkerij": put before a surname, an own name or a place
    eigen_namen: tuple[str, ...] = ()  # "De Linde", "Mooi"
    rechtsvormen: tuple[tuple[str, int], ...] = _ONDERNEMING


# SBI 2008 codes with a short description of the activity.
# fmt: off
_SECTOREN: Final = (
    _Sector("10.71", "Brood- en banketbakkerij", 3, ("Bakkerij", "Warme Bakker", "Banketbakkerij"),
            ("'t Stoepje", "De Korenschoof", "Het Broodhuys")),
    _Sector("47.11", "Supermarkt", 1, ("Supermarkt", "Buurtsuper")),
    _Sector("47.22", "Slagerij", 2, ("Slagerij", "Keurslagerij")),
    _Sector("47.76", "Bloemen en planten", 2, ("Bloemsierkunst", "Bloemenhuis"),
            ("Het Boeketje", "De Tulp", "Flora")),
    _Sector("56.10", "Restaurant, cafetaria", 5, ("Restaurant", "Eetcafé", "Brasserie", "Cafetaria",
            "Snackbar"), ("De Gouden Leeuw", "De Zwaan", "'t Hoekje", "De Linde", "Het Wapen",
            "De Smulhoek", "De Pauw")),
    _Sector("56.30", "Café", 2, ("Café",), ("De Kroon", "'t Pleintje", "De Ster", "Het Anker")),
    _Sector("96.02", "Kapper en schoonheidsverzorging", 6, ("Kapsalon", "Haarstudio", "Kapper",
            "Schoonheidssalon"), ("Mooi", "Knipkunst", "Haarmode", "Bella", "Coupe Soleil",
            "Puur")),
    _Sector("43.22", "Loodgieters-, fitters- en installatiebedrijf", 5, ("Installatiebedrijf",
            "Installatietechniek", "Loodgietersbedrijf")),
    _Sector("43.21", "Elektrotechnische installatie", 3, ("Elektrotechniek", "Elektrobedrijf")),
    _Sector("43.34", "Schilders- en glaszetbedrijf", 4, ("Schildersbedrijf", "Schilderwerken")),
    _Sector("41.20", "Algemene burgerlijke en utiliteitsbouw", 3, ("Bouwbedrijf",
            "Aannemersbedrijf")),
    _Sector("43.32", "Bouwtimmerbedrijf", 3, ("Timmerbedrijf", "Timmerwerken")),
    _Sector("81.30", "Hovenier", 4, ("Hoveniersbedrijf", "Tuinen", "Groenvoorziening"),
            ("De Linde", "De Eik", "De Groene Vingers", "Het Groene Hart", "De Beuk")),
    _Sector("45.20", "Onderhoud en reparatie van auto's", 4, ("Autobedrijf", "Garage",
            "Autoservice")),
    _Sector("86.23", "Tandartspraktijk", 1, ("Tandartspraktijk",), ("De Glimlach", "Het Gebit")),
    _Sector("86.91", "Fysiotherapie", 2, ("Fysiotherapie", "Fysiotherapiepraktijk"),
            ("In Beweging", "Fysio Fit")),
    _Sector("69.20", "Administratie en belastingadvies", 4, ("Administratiekantoor",
            "Belastingadvies", "Boekhoudkantoor")),
    _Sector("68.31", "Makelaar in onroerend goed", 2, ("Makelaardij", "Makelaarskantoor")),
    _Sector("62.01", "Ontwikkelen en produceren van software", 4, ("Webbureau",
            "Softwareontwikkeling"), ("Codewerk", "Bits & Bytes", "Pixelpunt", "Datadijk")),
    _Sector("49.41", "Goederenvervoer over de weg", 3, ("Transportbedrijf", "Transport",
            "Koeriersdienst")),
    _Sector("01.41", "Melkveehouderij", 3, ("Melkveehouderij", "Veehouderij"),
            rechtsvormen=((MAATSCHAP, 55), (EENMANSZAAK, 35), (VOF, 10))),
    _Sector("55.20", "Bed and breakfast, vakantiewoning", 2, ("Bed & Breakfast",
            "Vakantiewoning"), ("De Hooizolder", "Het Bakhuisje", "De Boomgaard")),
    _Sector("85.53", "Rijschool", 2, ("Rijschool", "Autorijschool")),
    _Sector("47.73", "Apotheek", 1, ("Apotheek",), rechtsvormen=((BV, 100),)),
    _Sector("88.91", "Kinderopvang", 2, ("Kinderdagverblijf", "Kinderopvang"),
            ("'t Kabouterhuis", "De Speelhoek", "Het Vlindertje", "De Boomhut"),
            rechtsvormen=((BV, 60), (STICHTING, 40))),
    _Sector("93.12", "Sportvereniging", 2, ("Voetbalvereniging", "Tennisvereniging",
            "Gymnastiekvereniging", "Korfbalvereniging"), ("De Zwaluwen", "Olympia", "De Valk",
            "Rood-Wit", "Voorwaarts", "Quick"), rechtsvormen=((VERENIGING, 100),)),
    _Sector("90.01", "Muziekvereniging", 1, ("Harmonie", "Fanfare", "Zangvereniging"),
            ("Sint-Cecilia", "Kunst na Arbeid", "Eendracht"), rechtsvormen=((VERENIGING, 100),)),
    _Sector("94.99", "Ideële organisatie", 2, ("Stichting Dorpshuis", "Stichting Buurthuis",
            "Stichting Vrienden van"), rechtsvormen=((STICHTING, 100),)),
)
# fmt: on
_SECTOR_KEUZE: Final = _Gewogen(_SECTOREN, [s.gewicht for s in _SECTOREN])
_RECHTSVORM_KEUZE: Final = {
    s.rechtsvormen: _Gewogen([r for r, _g in s.rechtsvormen], [g for _r, g in s.rechtsvormen])
    for s in _SECTOREN
}


@dataclass(frozen=True, slots=True)
class DemoBedrijf:
    """A business establishment (vestiging) as the KvK's Handelsregister would describe it."""

    kvk_nummer: str
    vestigingsnummer: str
    handelsnaam: str
    rechtsvorm: str
    sbi_code: str
    activiteit: str
    straat: str
    huisnummer: int
    huisletter: str
    huisnummertoevoeging: str
    postcode: str
    woonplaats: str
    gemeente_code: str
    telefoonnummer: str  # E.164, empty if none
    email: str

    @property
    def adresregel(self) -> str:
        return _adresregel(self.straat, self.huisnummer, self.huisletter, self.huisnummertoevoeging)


def _hoofdletter_achternaam(voorvoegsel: str, geslachtsnaam: str) -> str:
    # Without a first name or initial in front, the voorvoegsel takes a capital:
    # "Bakkerij Van Dijk", but "J. van Dijk".
    if not voorvoegsel:
        return geslachtsnaam
    return f"{voorvoegsel[0].upper()}{voorvoegsel[1:]} {geslachtsnaam}"


def _handelsnaam(rng: random.Random, sector: _Sector, rechtsvorm: str, woonplaats: str) -> tuple[str, str]:
    """(handelsnaam, the part of it to build an e-mail domain from)."""
    woord = rng.choice(sector.woorden)
    if rechtsvorm in (STICHTING, VERENIGING):
        kern = f"{woord} {rng.choice(sector.eigen_namen)}" if sector.eigen_namen else woord
        return f"{kern} {woonplaats}", f"{kern} {woonplaats}"
    r = rng.random()
    if sector.eigen_namen and r < 0.35:
        naam = f"{woord} {rng.choice(sector.eigen_namen)}"
    elif r < 0.85:
        achternaam = _ACHTERNAMEN[_HERKOMST.kies(rng)].kies(rng)
        achternaam_tekst = _hoofdletter_achternaam(*achternaam)
        naam = f"{woord} {achternaam_tekst}"
        if rechtsvorm == MAATSCHAP:
            naam = f"Maatschap {achternaam_tekst}"
    else:
        naam = f"{woord} {woonplaats}"
    if rechtsvorm == BV:
        return f"{naam} B.V.", naam
    if rechtsvorm == VOF and rng.random() < 0.4:
        return f"{naam} V.O.F.", naam
    return naam, naam


def unieke_kvk_nummers(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct 8-digit KvK-nummers (not starting with 0) in random order."""
    return [str(nummer) for nummer in rng.sample(range(10_000_000, 100_000_000), n)]


def unieke_vestigingsnummers(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct 12-digit vestigingsnummers, with the leading zeros real ones have."""
    return [f"0000{nummer}" for nummer in rng.sample(range(10_000_000, 60_000_000), n)]


def bedrijf(
    rng: random.Random,
    profiel: GemeenteProfiel,
    *,
    kvk_nummer: str | None = None,
    vestigingsnummer: str | None = None,
) -> DemoBedrijf:
    """One business at an address of the municipality, of a common sector and legal form.

    Without ``kvk_nummer``/``vestigingsnummer`` random ones are drawn; use ``bedrijven``
    when many businesses must have distinct numbers.
    """
    sector = _SECTOR_KEUZE.kies(rng)
    rechtsvorm = _RECHTSVORM_KEUZE[sector.rechtsvormen].kies(rng)
    adres = rng.choice(adressen(profiel))
    handelsnaam, domeinnaam = _handelsnaam(rng, sector, rechtsvorm, adres.woonplaats)
    r = rng.random()
    if r < 0.62:
        telefoonnummer = _vaste_lijn(rng, profiel)
    elif r < 0.95:
        telefoonnummer = _mobiel(rng)
    else:
        telefoonnummer = ""
    lokaal = rng.choice(("info", "info", "info", "contact", "administratie", "post"))
    return DemoBedrijf(
        kvk_nummer=kvk_nummer or str(rng.randint(10_000_000, 99_999_999)),
        vestigingsnummer=vestigingsnummer or f"0000{rng.randint(10_000_000, 59_999_999)}",
        handelsnaam=handelsnaam,
        rechtsvorm=rechtsvorm,
        sbi_code=sector.sbi_code,
        activiteit=sector.activiteit,
        straat=adres.straat,
        huisnummer=adres.huisnummer,
        huisletter=adres.huisletter,
        huisnummertoevoeging=adres.huisnummertoevoeging,
        postcode=adres.postcode,
        woonplaats=adres.woonplaats,
        gemeente_code=profiel.code,
        telefoonnummer=telefoonnummer,
        # A .example domain of its own looks real and can never receive mail.
        email=f"{lokaal}@{_slug(domeinnaam)}.example",
    )


def bedrijven(rng: random.Random, profiel: GemeenteProfiel, n: int) -> list[DemoBedrijf]:
    """``n`` businesses with distinct KvK-nummers and vestigingsnummers."""
    kvk_nummers = unieke_kvk_nummers(rng, n)
    vestigingsnummers = unieke_vestigingsnummers(rng, n)
    return [
        bedrijf(rng, profiel, kvk_nummer=kvk, vestigingsnummer=vestiging)
        for kvk, vestiging in zip(kvk_nummers, vestigingsnummers, strict=True)
    ]
