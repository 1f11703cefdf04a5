"""The platform's working-day calendar: every deadline (zaak, contactverzoek, klacht) is
computed here, so that one reading of the law is applied everywhere.

Two different notions of "a day off" exist and must not be mixed up:

* **Algemeen erkende feestdagen** of the Algemene termijnenwet (Atw). They decide when a
  *statutory* term ends (Atw art. 1 and 2). Atw art. 3 lid 1 names Nieuwjaarsdag, tweede
  paasdag, Hemelvaartsdag, tweede pinksterdag, both Christmas days, the day the King's
  birthday is celebrated (Koningsdag: 27 April, or Saturday 26 April when the 27th is a
  Sunday) and 5 May *every* year. Art. 3 lid 2 equates Goede Vrijdag by statute (no
  decree needed), and art. 3 lid 3 lets the Crown equate further days by royal decree,
  published in the Staatscourant, usually for three years at a time (the Fridays after
  Hemelvaartsdag and after a feestdag on a Thursday): see ``ATW_GELIJKGESTELDE_DAGEN``.
  Easter Sunday and Whit Sunday are Sundays and need no mention.
* **Non-working days of the organisation**: weekends, the art. 3 lid 1 days (the Cao
  Gemeenten gives exactly these eight days off, Bevrijdingsdag every year since 2024),
  the organisation's own closing days (sluitingsdagen, e.g. the day after Hemelvaartsdag
  or the days between Christmas and New Year) and, by option, Goede Vrijdag. Terms
  counted in werkdagen (service norms such as "callback within 2 working days") use these.

Closing days never move a statutory term by themselves: a term that ends on a day the
town hall is closed still ends that day (Atw art. 3 is exhaustive). Callers that want the
lenient reading pass ``sluitingsdagen_verschuiven=True``.

Holiday dates come from the ``holidays`` package (``holidays.Netherlands``). What it
returns, and why this module re-classifies it: its ``public`` category holds Goede
Vrijdag, Eerste/Tweede paasdag, Koningsdag (moved to Saturday when 27 April is a Sunday,
Koninginnedag 30 April before 2014), Hemelvaartsdag, Eerste/Tweede pinksterdag and both
Christmas days, but Bevrijdingsdag only in lustrum years (2025, 2030, ...); its
``optional`` category has Bevrijdingsdag every year from 1982. The Atw names 5 May every
year, so both categories are read and each day is mapped to a ``Feestdag`` by name.

Speed: deadlines are computed hundreds of thousands of times in bulk, so holiday sets are
cached per year and each calendar keeps, for a window of whole years, a flag per day and
a running count of working days; counting or adding working days is then a lookup or a
binary search instead of a day-by-day loop.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cache
from itertools import accumulate
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

from holidays.constants import OPTIONAL, PUBLIC
from holidays.utils import country_holidays

__all__ = [
    "AMSTERDAM",
    "ATW_GELIJKGESTELDE_DAGEN",
    "ATW_LID_1",
    "EERSTE_JAAR",
    "LAATSTE_JAAR",
    "ExtraVrijeDag",
    "Feestdag",
    "Termijn",
    "TermijnEenheid",
    "WerkdagKalender",
    "atw_feestdagen",
    "feestdagen",
    "is_atw_feestdag",
]

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")

#: Years the calendar answers for. The rules as they stand today are applied to every
#: year; before 2000 historical changes to the Atw are not modelled.
EERSTE_JAAR: Final = 1970
LAATSTE_JAAR: Final = 2199


class Feestdag(StrEnum):
    """The Dutch national feast days, one date each per year."""

    NIEUWJAARSDAG = "nieuwjaarsdag"
    GOEDE_VRIJDAG = "goede_vrijdag"
    EERSTE_PAASDAG = "eerste_paasdag"
    TWEEDE_PAASDAG = "tweede_paasdag"
    KONINGSDAG = "koningsdag"
    BEVRIJDINGSDAG = "bevrijdingsdag"
    HEMELVAARTSDAG = "hemelvaartsdag"
    EERSTE_PINKSTERDAG = "eerste_pinksterdag"
    TWEEDE_PINKSTERDAG = "tweede_pinksterdag"
    EERSTE_KERSTDAG = "eerste_kerstdag"
    TWEEDE_KERSTDAG = "tweede_kerstdag"


#: Atw art. 3 lid 1; also the days off of the Cao Gemeenten. Goede Vrijdag (lid 2) is an
#: Atw feestdag but a normal working day for most municipalities.
ATW_LID_1: Final = frozenset(
    {
        Feestdag.NIEUWJAARSDAG,
        Feestdag.TWEEDE_PAASDAG,
        Feestdag.KONINGSDAG,
        Feestdag.BEVRIJDINGSDAG,
        Feestdag.HEMELVAARTSDAG,
        Feestdag.TWEEDE_PINKSTERDAG,
        Feestdag.EERSTE_KERSTDAG,
        Feestdag.TWEEDE_KERSTDAG,
    }
)

#: Days equated with an algemeen erkende feestdag by royal decree (Atw art. 3 lid 3).
#: Only decrees whose dates were verified are listed; add newer ones here (or pass them
#: as ``extra_atw_feestdagen``) when the next three-year decree is published.
ATW_GELIJKGESTELDE_DAGEN: Final = frozenset(
    {
        # Besluit van 8 maart 2022, nr. 2022000289: "gelijkstelling van 28 april 2023,
        # 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen
        # erkende feestdag".
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        # Besluit "gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027,
        # 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag".
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
)

# The names the holidays package uses in its default language (Dutch); Koninginnedag is
# what it returns before 2014.
_NAMEN: Final[Mapping[str, Feestdag]] = {
    "Nieuwjaarsdag": Feestdag.NIEUWJAARSDAG,
    "Goede vrijdag": Feestdag.GOEDE_VRIJDAG,
    "Eerste paasdag": Feestdag.EERSTE_PAASDAG,
    "Tweede paasdag": Feestdag.TWEEDE_PAASDAG,
    "Koningsdag": Feestdag.KONINGSDAG,
    "Koninginnedag": Feestdag.KONINGSDAG,
    "Bevrijdingsdag": Feestdag.BEVRIJDINGSDAG,
    "Hemelvaartsdag": Feestdag.HEMELVAARTSDAG,
    "Eerste pinksterdag": Feestdag.EERSTE_PINKSTERDAG,
    "Tweede pinksterdag": Feestdag.TWEEDE_PINKSTERDAG,
    "Eerste kerstdag": Feestdag.EERSTE_KERSTDAG,
    "Tweede kerstdag": Feestdag.TWEEDE_KERSTDAG,
}


class ExtraVrijeDag(StrEnum):
    """Yearly recurring days some organisations close on that are not in Atw art. 3 lid 1.

    They move each year, so they are options rather than dates the organisation has to
    enter anew every year.
    """

    GOEDE_VRIJDAG = "goede_vrijdag"
    DAG_NA_HEMELVAARTSDAG = "dag_na_hemelvaartsdag"


class TermijnEenheid(StrEnum):
    WERKDAGEN = "werkdagen"
    KALENDERDAGEN = "kalenderdagen"
    WEKEN = "weken"
    MAANDEN = "maanden"


_ENKELVOUD: Final[Mapping[TermijnEenheid, str]] = {
    TermijnEenheid.WERKDAGEN: "werkdag",
    TermijnEenheid.KALENDERDAGEN: "kalenderdag",
    TermijnEenheid.WEKEN: "week",
    TermijnEenheid.MAANDEN: "maand",
}

# Atw art. 4 onder a: the Atw does not apply to terms of more than 90 days, more than
# twelve weeks or more than three months (nor to terms in hours or years, which this
# module does not express).
_ATW_MAXIMUM: Final[Mapping[TermijnEenheid, int]] = {
    TermijnEenheid.KALENDERDAGEN: 90,
    TermijnEenheid.WEKEN: 12,
    TermijnEenheid.MAANDEN: 3,
}


@dataclass(frozen=True, slots=True)
class Termijn:
    """A term as the law or a service norm states it: "8 weken", "2 werkdagen"."""

    aantal: int
    eenheid: TermijnEenheid

    def __post_init__(self) -> None:
        # bool is an int subclass; Termijn(True, ...) is always a bug.
        if isinstance(self.aantal, bool) or not isinstance(self.aantal, int):
            raise TypeError(f"aantal must be an int, not {type(self.aantal).__name__}")
        if self.aantal < 0:
            raise ValueError(f"aantal must be >= 0, not {self.aantal}")
        if not isinstance(self.eenheid, TermijnEenheid):
            # Accept the stored string value ("weken") so rows and settings convert cleanly.
            object.__setattr__(self, "eenheid", TermijnEenheid(self.eenheid))

    def __str__(self) -> str:
        naam = _ENKELVOUD[self.eenheid] if self.aantal == 1 else self.eenheid.value
        return f"{self.aantal} {naam}"

    @property
    def atw_van_toepassing(self) -> bool:
        """Whether Atw art. 1 and 2 can apply: not to werkdagen, nor beyond art. 4's limits."""
        maximum = _ATW_MAXIMUM.get(self.eenheid)
        return maximum is not None and self.aantal <= maximum


def _controleer_jaar(jaar: int) -> None:
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise ValueError(f"year {jaar} is outside {EERSTE_JAAR}-{LAATSTE_JAAR}")


@cache
def feestdagen(jaar: int) -> Mapping[Feestdag, date]:
    """The date of each national feast day in ``jaar`` (cached: the package is slow)."""
    _controleer_jaar(jaar)
    bron = country_holidays("NL", years=jaar, categories=(PUBLIC, OPTIONAL), language="nl")
    result: dict[Feestdag, date] = {}
    for dag in bron:
        for naam in bron.get_list(dag):
            # A name we do not know is not a feast day we recognise; the tests check that
            # every known day is still found, so a renaming in the package fails loudly.
            feestdag = _NAMEN.get(naam)
            if feestdag is not None:
                result[feestdag] = dag
    return MappingProxyType(result)


@cache
def atw_feestdagen(jaar: int) -> frozenset[date]:
    """All algemeen erkende feestdagen of ``jaar``: Atw art. 3 lid 1, lid 2 and lid 3."""
    dagen = feestdagen(jaar)
    result = {dag for feestdag, dag in dagen.items() if feestdag in ATW_LID_1}
    if Feestdag.GOEDE_VRIJDAG in dagen:
        result.add(dagen[Feestdag.GOEDE_VRIJDAG])
    result.update(dag for dag in ATW_GELIJKGESTELDE_DAGEN if dag.year == jaar)
    return frozenset(result)


def is_atw_feestdag(dag: date) -> bool:
    """Whether ``dag`` is an algemeen erkende feestdag (or equated day) of the Atw."""
    return dag in atw_feestdagen(dag.year)


def _plus_maanden(start: date, aantal: int) -> date:
    # Same day number, clamped to the month's end (31 January + 1 month = 28/29 February),
    # as the civil and administrative courts count months.
    maand_index = start.month - 1 + aantal
    jaar, maand = start.year + maand_index // 12, maand_index % 12 + 1
    return date(jaar, maand, min(start.day, _stdlib_calendar.monthrange(jaar, maand)[1]))


# Date ordinal 1 (0001-01-01) is a Monday, so weekday == (ordinal - 1) % 7.
_ZATERDAG: Final = 5
_ZONDAG: Final = 6
_OMKEREN: Final = bytes.maketrans(b"\x00\x01", b"\x01\x00")
# How far past a raw end date Atw art. 1/2 may have to look: generous, shifts are days.
_MARGE: Final = 366
_LAATSTE_ORDINAL: Final = date(LAATSTE_JAAR, 12, 31).toordinal()

# (first ordinal, end ordinal (exclusive), organisation day-off flags, Atw day-off flags,
#  running count of organisation working days: cum[i] = working days in [lo, lo + i)).
_Venster = tuple[int, int, bytearray, bytearray, list[int]]


class WerkdagKalender:
    """Working days of one organisation plus the Atw's statutory-term rules.

    Cheap to construct (nothing is computed until first use) and safe to share between
    threads: the lazily grown window is replaced as one tuple, never mutated in place.
    """

    def __init__(
        self,
        sluitingsdagen: Iterable[date] = (),
        *,
        extra_vrije_dagen: Iterable[ExtraVrijeDag | str] = (),
        extra_atw_feestdagen: Iterable[date] = (),
    ) -> None:
        """``sluitingsdagen``: the organisation's own closing days. ``extra_vrije_dagen``:
        recurring closures such as Goede Vrijdag. ``extra_atw_feestdagen``: days equated
        by a royal decree (Atw art. 3 lid 3) newer than ``ATW_GELIJKGESTELDE_DAGEN``.
        """
        self._sluitingsdagen = frozenset(d.toordinal() for d in sluitingsdagen)
        self._extra_vrije_dagen = frozenset(ExtraVrijeDag(e) for e in extra_vrije_dagen)
        self._extra_atw = frozenset(d.toordinal() for d in extra_atw_feestdagen)
        self._venster: _Venster | None = None

    def __repr__(self) -> str:
        extra = ", ".join(sorted(self._extra_vrije_dagen))
        return f"<WerkdagKalender sluitingsdagen={len(self._sluitingsdagen)} extra_vrije_dagen=[{extra}]>"

    # -- the day window -------------------------------------------------------------------

    def _dek(self, van: int, tot: int, vooruit: int = 0) -> _Venster:
        """The window covering ordinals ``van`` up to and including ``tot``, and if the
        supported years allow, ``vooruit`` days beyond it for a search to run into."""
        grens = min(tot + vooruit, _LAATSTE_ORDINAL)
        venster = self._venster
        if venster is not None and venster[0] <= van and max(tot, grens) < venster[1]:
            return venster
        return self._vergroot(van, tot, grens)

    def _vergroot(self, van: int, tot: int, grens: int) -> _Venster:
        _controleer_jaar(date.fromordinal(van).year)
        _controleer_jaar(date.fromordinal(tot).year)
        # One year of slack on each side: terms cross New Year all the time.
        eerste = max(EERSTE_JAAR, date.fromordinal(van).year - 1)
        laatste = min(LAATSTE_JAAR, date.fromordinal(max(tot, grens)).year + 1)
        if self._venster is not None:
            eerste = min(eerste, date.fromordinal(self._venster[0]).year)
            laatste = max(laatste, date.fromordinal(self._venster[1] - 1).year)
        venster = self._bouw(eerste, laatste)
        self._venster = venster
        return venster

    def _bouw(self, eerste: int, laatste: int) -> _Venster:
        lo = date(eerste, 1, 1).toordinal()
        hi = date(laatste + 1, 1, 1).toordinal()
        atw = bytearray(hi - lo)
        for weekdag in (_ZATERDAG, _ZONDAG):
            begin = (weekdag - (lo - 1)) % 7
            atw[begin::7] = b"\x01" * len(range(begin, hi - lo, 7))
        org = bytearray(atw)
        for jaar in range(eerste, laatste + 1):
            for dag in atw_feestdagen(jaar):
                atw[dag.toordinal() - lo] = 1
            dagen = feestdagen(jaar)
            for feestdag in ATW_LID_1:
                if feestdag in dagen:
                    org[dagen[feestdag].toordinal() - lo] = 1
            if ExtraVrijeDag.GOEDE_VRIJDAG in self._extra_vrije_dagen:
                org[dagen[Feestdag.GOEDE_VRIJDAG].toordinal() - lo] = 1
            if ExtraVrijeDag.DAG_NA_HEMELVAARTSDAG in self._extra_vrije_dagen:
                org[dagen[Feestdag.HEMELVAARTSDAG].toordinal() + 1 - lo] = 1
        for ordinal in self._sluitingsdagen:
            if lo <= ordinal < hi:
                org[ordinal - lo] = 1
        for ordinal in self._extra_atw:
            if lo <= ordinal < hi:
                atw[ordinal - lo] = 1
        cum = list(accumulate(org.translate(_OMKEREN), initial=0))
        return lo, hi, org, atw, cum

    # -- single days ----------------------------------------------------------------------

    def is_werkdag(self, dag: date) -> bool:
        """Whether the organisation works on ``dag`` (not a weekend, Atw lid 1 day,
        closing day or extra day off)."""
        ordinal = dag.toordinal()
        venster = self._dek(ordinal, ordinal)
        return not venster[2][ordinal - venster[0]]

    def is_atw_feestdag(self, dag: date) -> bool:
        """Whether ``dag`` is an algemeen erkende feestdag (Atw art. 3, incl. lid 2 and 3).

        Weekends are not feestdagen; see ``is_atw_vrije_dag`` for the union Atw art. 1 uses.
        """
        return is_atw_feestdag(dag) or dag.toordinal() in self._extra_atw

    def is_atw_vrije_dag(self, dag: date) -> bool:
        """Whether a statutory term may not end on ``dag``: Saturday, Sunday or feestdag."""
        ordinal = dag.toordinal()
        venster = self._dek(ordinal, ordinal)
        return bool(venster[3][ordinal - venster[0]])

    def volgende_werkdag(self, dag: date, inclusief: bool = False) -> date:
        """The first working day after ``dag``; ``dag`` itself if ``inclusief`` and it is one."""
        if inclusief and self.is_werkdag(dag):
            return dag
        return date.fromordinal(self._plus_werkdagen(dag.toordinal(), 1))

    # -- counting -------------------------------------------------------------------------

    def _plus_werkdagen(self, ordinal: int, aantal: int) -> int:
        """The ordinal of the ``aantal``-th working day after ``ordinal`` (aantal >= 1)."""
        # Start with a window for the usual 5 working days in 7 and grow it when the search
        # runs off its end (an organisation with many closing days).
        reikwijdte = aantal * 7 // 5 + 14
        while True:
            lo, hi, _org, _atw, cum = self._dek(ordinal, ordinal, reikwijdte)
            doel = cum[ordinal - lo + 1] + aantal
            index = bisect_left(cum, doel, ordinal - lo + 1)
            if index < len(cum):
                return lo + index - 1
            if hi > _LAATSTE_ORDINAL:
                raise ValueError(f"the term ends after {LAATSTE_JAAR}")
            reikwijdte *= 2

    def werkdagen_tussen(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``: the age of a case against a
        norm in working days. Same day is 0; Friday to Monday is 1. When ``b`` lies before
        ``a`` the result is the negative of ``werkdagen_tussen(b, a)``, so "days left" and
        "days late" come from one call.
        """
        van, tot = a.toordinal(), b.toordinal()
        if tot < van:
            return -self.werkdagen_tussen(b, a)
        lo, _hi, _org, _atw, cum = self._dek(van, tot)
        return cum[tot - lo + 1] - cum[van - lo + 1]

    def plus_werkdagen(self, dag: date, aantal: int) -> date:
        """The ``aantal``-th working day after ``dag`` (``dag`` itself when 0)."""
        if aantal < 0:
            raise ValueError(f"aantal must be >= 0, not {aantal}")
        if aantal == 0:
            return date.fromordinal(dag.toordinal())
        return date.fromordinal(self._plus_werkdagen(dag.toordinal(), aantal))

    # -- terms ----------------------------------------------------------------------------

    def einddatum(
        self,
        start: date,
        termijn: Termijn,
        *,
        sluitingsdagen_verschuiven: bool = False,
        atw: bool = True,
    ) -> date:
        """The last day of ``termijn`` counted from ``start`` (the day of the event, e.g.
        receipt of the aanvraag; it is not itself counted, as Awb and Atw count terms).

        * werkdagen: the n-th working day of the organisation after ``start`` (2 werkdagen
          from Friday = Tuesday; feestdagen, closing days and weekends are skipped). This
          is the unit of service norms; the Atw plays no part, its result is already a
          working day.
        * kalenderdagen / weken / maanden: ``start`` plus the period (months keep the day
          number, clamped to the month's end), then, for a statutory term (``atw=True``)
          within the limits of Atw art. 4 onder a (at most 90 days, 12 weeks or 3 months):
          Atw art. 2, a term of at least three days is extended until it contains two days
          that are not a Saturday, Sunday or feestdag; and Atw art. 1, a term ending on a
          Saturday, Sunday or feestdag ends on the next day that is none of these.

        The Atw governs statutory terms only: a day the organisation is closed does not
        move them. ``sluitingsdagen_verschuiven=True`` treats the organisation's
        non-working days like feestdagen as well (and, where the Atw does not apply,
        still moves an end day off a non-working day). ``atw=False`` is for non-statutory
        terms, such as internal targets in kalenderdagen, which end where they fall.
        A term of 0 ends on ``start``.
        """
        aantal = termijn.aantal
        start_ordinal = start.toordinal()
        if aantal == 0:
            return date.fromordinal(start_ordinal)
        eenheid = termijn.eenheid
        if eenheid is TermijnEenheid.WERKDAGEN:
            return date.fromordinal(self._plus_werkdagen(start_ordinal, aantal))
        if eenheid is TermijnEenheid.KALENDERDAGEN:
            eind = start_ordinal + aantal
        elif eenheid is TermijnEenheid.WEKEN:
            eind = start_ordinal + 7 * aantal
        else:
            eind = _plus_maanden(start, aantal).toordinal()
        if atw and termijn.atw_van_toepassing:
            eind = self._atw(start_ordinal, eind, sluitingsdagen_verschuiven)
        elif sluitingsdagen_verschuiven:
            eind = self._eerste_werkdag_vanaf(eind)
        return date.fromordinal(eind)

    def _atw(self, start: int, eind: int, verschuiven: bool, *, art2: bool = True) -> int:
        """Apply Atw art. 2 (if ``art2``) and art. 1 to the raw end ``eind``."""
        lo, hi, org, atw, _cum = self._dek(start, eind, _MARGE)

        def vrij_atw(ordinal: int) -> int:
            return atw[ordinal - lo]

        def vrij_atw_of_organisatie(ordinal: int) -> int:
            return atw[ordinal - lo] | org[ordinal - lo]

        vrij: Callable[[int], int] = vrij_atw_of_organisatie if verschuiven else vrij_atw
        grens = hi - 1
        # Art. 2: "ten minste drie dagen" counts the days of the term, i.e. after start.
        if art2 and eind - start >= 3:
            gewone_dagen = 0
            dag = start + 1
            while dag <= eind and gewone_dagen < 2:
                if not vrij(dag):
                    gewone_dagen += 1
                dag += 1
            while gewone_dagen < 2 and eind < grens:
                eind += 1
                if not vrij(eind):
                    gewone_dagen += 1
        # Art. 1: "tot en met de eerstvolgende dag die niet een zaterdag, zondag of algemeen
        # erkende feestdag is".
        while vrij(eind) and eind < grens:
            eind += 1
        if vrij(eind):
            raise ValueError("no day to end the term on within a year of its end")
        return eind

    def _eerste_werkdag_vanaf(self, ordinal: int) -> int:
        lo, _hi, org, _atw, _cum = self._dek(ordinal, ordinal)
        if not org[ordinal - lo]:
            return ordinal
        return self._plus_werkdagen(ordinal, 1)

    def opschorten(
        self,
        einddatum: date,
        van: date,
        tot: date,
        eenheid: TermijnEenheid,
        *,
        sluitingsdagen_verschuiven: bool = False,
        atw: bool = True,
    ) -> date:
        """The end date after a suspension (opschorting) of the term.

        Awb 4:15 lid 1: the term is suspended "met ingang van de dag na die waarop" the
        bestuursorgaan invites the applicant to complete the aanvraag (``van``) "tot de dag
        waarop de aanvraag is aangevuld" or the time given for it has passed (``tot``).
        "tot" (not "tot en met") excludes ``tot``: the suspended days are those strictly
        between ``van`` and ``tot``, so the shift is ``tot - van - 1`` days. This is the
        strict, earlier-deadline reading; some decision letters count ``tot`` as
        suspended as well, which would give one day more. Lid 2 (agreed delay, delay
        caused by the applicant, force majeure) is passed in the same way, with ``van``
        the day before the first suspended day.

        Calendar-based terms move by the suspended calendar days and Atw art. 1 is applied
        again to the new end (pass ``atw=False`` for terms outside the Atw, e.g. longer
        than 12 weeks). Werkdagen-based terms move by the organisation's working days
        among the suspended days. Apply suspensions in date order to the stored end date.
        """
        if tot < van:
            raise ValueError(f"opschorting ends ({tot}) before it starts ({van})")
        ordinal = einddatum.toordinal()
        if tot <= van + timedelta(days=1):
            return date.fromordinal(ordinal)
        if eenheid is TermijnEenheid.WERKDAGEN:
            verschuiving = self.werkdagen_tussen(van, tot - timedelta(days=1))
            if verschuiving == 0:
                return date.fromordinal(ordinal)
            return date.fromordinal(self._plus_werkdagen(ordinal, verschuiving))
        eind = ordinal + (tot - van).days - 1
        if atw:
            eind = self._atw(ordinal, eind, sluitingsdagen_verschuiven, art2=False)
        elif sluitingsdagen_verschuiven:
            eind = self._eerste_werkdag_vanaf(eind)
        return date.fromordinal(eind)

    def verlengen(
        self,
        einddatum: date,
        termijn: Termijn,
        *,
        sluitingsdagen_verschuiven: bool = False,
        atw: bool = True,
    ) -> date:
        """The end date after an extension (verlenging, verdaging) by ``termijn``.

        The extension runs from the current end date, as Awb 4:14 lid 3 and e.g.
        Omgevingswet art. 16.64 lid 2 (8 weeks, once extendable by at most 6 weeks) have
        it, and the Atw is applied to the extension as a term of its own.
        """
        return self.einddatum(
            einddatum, termijn, sluitingsdagen_verschuiven=sluitingsdagen_verschuiven, atw=atw
        )

    def deadline_moment(
        self,
        start: datetime,
        termijn: Termijn,
        tz: tzinfo = AMSTERDAM,
        *,
        sluitingsdagen_verschuiven: bool = False,
        atw: bool = True,
    ) -> datetime:
        """The last moment (23:59:59.999999 local time, timezone-aware) of the end day of
        ``termijn`` counted from the timestamp ``start``.

        For timestamp deadlines such as "callback within 2 working days": the local date
        of ``start`` is the start day, so a contact registered on Saturday counts from
        that day and the first working day after it is day 1 (Saturday + 2 werkdagen =
        Tuesday, end of day). ``start`` must be timezone-aware: a naive timestamp near
        midnight would land on the wrong day.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be a timezone-aware datetime")
        lokaal = start.astimezone(tz).date()
        eind = self.einddatum(lokaal, termijn, sluitingsdagen_verschuiven=sluitingsdagen_verschuiven, atw=atw)
        return datetime.combine(eind, time.max, tzinfo=tz)
