"""Tests for the working-day calendar. Every date below was checked for its weekday with
Python's ``date.weekday()``; the comment after a date names the day."""

import ast
import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from holidays.utils import country_holidays

from eenloket.core import calendar as kalender_module
from eenloket.core.calendar import (
    AMSTERDAM,
    ATW_GELIJKGESTELDE_DAGEN,
    ATW_LID_1,
    ExtraVrijeDag,
    Feestdag,
    Termijn,
    TermijnEenheid,
    WerkdagKalender,
    atw_feestdagen,
    feestdagen,
    is_atw_feestdag,
)

WERKDAGEN = TermijnEenheid.WERKDAGEN
KALENDERDAGEN = TermijnEenheid.KALENDERDAGEN
WEKEN = TermijnEenheid.WEKEN
MAANDEN = TermijnEenheid.MAANDEN

# Closed between Christmas and New Year 2026: Monday 28 up to Thursday 31 December.
KERSTSLUITING_2026 = [date(2026, 12, d) for d in range(28, 32)]


@pytest.fixture(scope="module")
def kalender() -> WerkdagKalender:
    return WerkdagKalender()


# -- the holidays package and the Atw ---------------------------------------------------


def test_holidays_package_public_category_has_liberation_day_only_in_lustrum_years():
    # given the package's own classification, which this module must not take over as is
    # when
    openbaar_2025 = country_holidays("NL", years=2025, language="nl")
    openbaar_2026 = country_holidays("NL", years=2026, language="nl")
    # then Bevrijdingsdag is "public" in 2025 only, and Goede Vrijdag is "public"
    assert date(2025, 5, 5) in openbaar_2025
    assert date(2026, 5, 5) not in openbaar_2026
    assert openbaar_2026.get(date(2026, 4, 3)) == "Goede vrijdag"


@pytest.mark.parametrize("jaar", range(2000, 2101))
def test_every_feast_day_is_found_every_year(jaar):
    # A renamed holiday in a new version of the package must fail here, not silently.
    dagen = feestdagen(jaar)
    assert set(dagen) == set(Feestdag)
    assert dagen[Feestdag.KONINGSDAG].weekday() != 6  # never celebrated on a Sunday
    assert dagen[Feestdag.GOEDE_VRIJDAG] == dagen[Feestdag.EERSTE_PAASDAG] - timedelta(2)
    # Art. 3 lid 1 and lid 2 (in 2005 and 2016 Hemelvaartsdag fell on 5 May).
    wettelijk = {dagen[f] for f in ATW_LID_1} | {dagen[Feestdag.GOEDE_VRIJDAG]}
    assert wettelijk <= atw_feestdagen(jaar)
    assert dagen[Feestdag.EERSTE_PAASDAG] not in atw_feestdagen(jaar)


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (date(2025, 4, 26), True),  # Saturday: Koningsdag, as 27 April 2025 is a Sunday
        (date(2025, 4, 27), False),  # Sunday: the King's birthday, not celebrated
        (date(2025, 4, 28), False),  # Monday: no shift to Monday
        (date(2031, 4, 26), True),  # Saturday: Koningsdag again moved
        (date(2031, 4, 27), False),  # Sunday
        (date(2026, 4, 27), True),  # Monday: Koningsdag
        (date(2013, 4, 30), True),  # Tuesday: Koninginnedag, the last one
        (date(2026, 4, 3), True),  # Goede Vrijdag: equated by Atw art. 3 lid 2
        (date(2026, 4, 5), False),  # Eerste paasdag: a Sunday, not named in the Atw
        (date(2026, 4, 6), True),  # Tweede paasdag (Monday)
        (date(2026, 5, 5), True),  # Bevrijdingsdag (Tuesday), not a lustrum year
        (date(2027, 5, 5), True),  # Bevrijdingsdag (Wednesday)
        (date(2026, 5, 14), True),  # Hemelvaartsdag (Thursday)
        (date(2026, 5, 15), True),  # Friday after it: equated by royal decree
        (date(2026, 5, 25), True),  # Tweede pinksterdag (Monday)
        (date(2026, 12, 25), True),  # Eerste kerstdag (Friday)
        (date(2026, 12, 26), True),  # Tweede kerstdag (Saturday)
        (date(2026, 12, 31), False),  # Oudejaarsdag is no feestdag
        (date(2026, 1, 1), True),  # Nieuwjaarsdag (Thursday)
        (date(2026, 1, 2), True),  # Friday: equated by royal decree
        (date(2024, 12, 27), True),  # Friday after Tweede kerstdag: royal decree
        (date(2026, 1, 9), False),  # an ordinary Friday
    ],
)
def test_is_atw_feestdag(kalender, dag, verwacht):
    assert is_atw_feestdag(dag) is verwacht
    assert kalender.is_atw_feestdag(dag) is verwacht


def test_decreed_days_are_all_fridays_after_a_thursday_feast_day():
    for dag in ATW_GELIJKGESTELDE_DAGEN:
        assert dag.weekday() == 4
        assert is_atw_feestdag(dag - timedelta(days=1))


def test_weekend_is_atw_free_but_no_feestdag(kalender):
    # given Sunday 5 April 2026, Eerste paasdag
    dag = date(2026, 4, 5)
    # then a statutory term cannot end on it, though the Atw does not list it
    assert kalender.is_atw_vrije_dag(dag)
    assert not kalender.is_atw_feestdag(dag)


def test_extra_atw_feestdagen_for_a_newer_decree():
    # given a decree published after the module's table (a hypothetical 2029 date)
    kalender = WerkdagKalender(extra_atw_feestdagen=[date(2029, 5, 11)])
    # then it counts for the Atw but does not close the organisation
    assert kalender.is_atw_feestdag(date(2029, 5, 11))
    assert kalender.is_werkdag(date(2029, 5, 11))
    assert kalender.einddatum(date(2029, 5, 4), Termijn(7, KALENDERDAGEN)) == date(2029, 5, 14)


# -- working days of the organisation ---------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (date(2026, 1, 9), True),  # ordinary Friday
        (date(2026, 1, 10), False),  # Saturday
        (date(2026, 4, 3), True),  # Goede Vrijdag: open by default
        (date(2026, 4, 6), False),  # Tweede paasdag
        (date(2026, 4, 27), False),  # Koningsdag
        (date(2025, 4, 28), True),  # Monday after a Saturday Koningsdag
        (date(2026, 5, 5), False),  # Bevrijdingsdag, every year (Cao Gemeenten)
        (date(2026, 5, 15), True),  # decreed Atw day, but the town hall is open
        (date(2026, 12, 31), True),  # no closing days given
    ],
)
def test_is_werkdag_default(kalender, dag, verwacht):
    assert kalender.is_werkdag(dag) is verwacht


def test_extra_vrije_dagen_and_sluitingsdagen():
    # given a municipality closed on Goede Vrijdag, the day after Ascension and at Christmas
    kalender = WerkdagKalender(
        KERSTSLUITING_2026,
        extra_vrije_dagen=[ExtraVrijeDag.GOEDE_VRIJDAG, "dag_na_hemelvaartsdag"],
    )
    # then
    assert not kalender.is_werkdag(date(2026, 4, 3))  # Goede Vrijdag
    assert not kalender.is_werkdag(date(2027, 3, 26))  # Goede Vrijdag 2027
    assert not kalender.is_werkdag(date(2026, 5, 15))  # Friday after Hemelvaartsdag
    assert not kalender.is_werkdag(date(2026, 12, 29))
    assert kalender.is_werkdag(date(2027, 12, 29))  # closing days are dates, not yearly


def test_unknown_extra_vrije_dag_is_refused():
    with pytest.raises(ValueError, match="carnaval"):
        WerkdagKalender(extra_vrije_dagen=["carnaval"])


@pytest.mark.parametrize(
    ("dag", "inclusief", "verwacht"),
    [
        (date(2026, 1, 9), False, date(2026, 1, 12)),  # Friday -> Monday
        (date(2026, 1, 9), True, date(2026, 1, 9)),  # Friday is a working day itself
        (date(2026, 1, 10), True, date(2026, 1, 12)),  # Saturday -> Monday
        (date(2026, 4, 2), False, date(2026, 4, 3)),  # Thursday -> Goede Vrijdag (open)
        (date(2026, 4, 3), False, date(2026, 4, 7)),  # past Easter Monday
        (date(2026, 5, 22), False, date(2026, 5, 26)),  # Friday before Pinksteren -> Tuesday
        (date(2025, 4, 25), False, date(2025, 4, 28)),  # past a Saturday Koningsdag
        (date(2026, 5, 4), False, date(2026, 5, 6)),  # past Bevrijdingsdag
    ],
)
def test_volgende_werkdag(kalender, dag, inclusief, verwacht):
    assert kalender.volgende_werkdag(dag, inclusief=inclusief) == verwacht


# -- terms in working days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sluitingsdagen", "extra", "start", "aantal", "verwacht"),
    [
        # 2 working days from a Friday: Monday is day 1, Tuesday day 2.
        ((), (), date(2026, 1, 9), 2, date(2026, 1, 13)),
        # Easter: Goede Vrijdag (open) is day 1, Tuesday after Tweede paasdag day 2.
        ((), (), date(2026, 4, 2), 2, date(2026, 4, 7)),
        # ... unless the municipality closes on Goede Vrijdag.
        ((), (ExtraVrijeDag.GOEDE_VRIJDAG,), date(2026, 4, 2), 2, date(2026, 4, 8)),
        # Ascension Thursday 14 May 2026 skipped, the Friday after open: day 1.
        ((), (), date(2026, 5, 13), 2, date(2026, 5, 18)),
        # ... and with the Friday after Ascension as a closing day.
        ((date(2026, 5, 15),), (), date(2026, 5, 13), 2, date(2026, 5, 19)),
        # Pinksteren: Friday 22 May, Monday 25 May is Tweede pinksterdag.
        ((), (), date(2026, 5, 22), 1, date(2026, 5, 26)),
        # Christmas week 2026 (Fri 25 / Sat 26) and closed 28-31 December, New Year on a
        # Friday: the first working day after Christmas Eve is Monday 4 January 2027.
        (KERSTSLUITING_2026, (), date(2026, 12, 24), 1, date(2027, 1, 4)),
        (KERSTSLUITING_2026, (), date(2026, 12, 24), 3, date(2027, 1, 6)),
        # The same without closing days: Monday 28 December.
        ((), (), date(2026, 12, 24), 1, date(2026, 12, 28)),
        # Koningsdag on Monday 27 April 2026 and Bevrijdingsdag Tuesday 5 May.
        ((), (), date(2026, 4, 24), 5, date(2026, 5, 4)),
        ((), (), date(2026, 5, 4), 1, date(2026, 5, 6)),
        # 0 working days: the start day.
        ((), (), date(2026, 1, 10), 0, date(2026, 1, 10)),
    ],
)
def test_einddatum_werkdagen(sluitingsdagen, extra, start, aantal, verwacht):
    kalender = WerkdagKalender(sluitingsdagen, extra_vrije_dagen=extra)
    assert kalender.einddatum(start, Termijn(aantal, WERKDAGEN)) == verwacht


def test_einddatum_werkdagen_long_term(kalender):
    # 2026 has 261 weekdays, 7 of them feestdagen: 254 working days after 1 January.
    assert kalender.einddatum(date(2026, 1, 1), Termijn(254, WERKDAGEN)) == date(2026, 12, 31)
    assert kalender.einddatum(date(2026, 1, 1), Termijn(255, WERKDAGEN)) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("a", "b", "verwacht"),
    [
        (date(2026, 1, 9), date(2026, 1, 9), 0),  # same day
        (date(2026, 1, 9), date(2026, 1, 12), 1),  # Friday -> Monday
        (date(2026, 1, 12), date(2026, 1, 9), -1),  # reversed: negative
        (date(2026, 1, 10), date(2026, 1, 11), 0),  # a weekend only
        (date(2026, 4, 2), date(2026, 4, 7), 2),  # Goede Vrijdag open, Easter Monday not
        (date(2026, 1, 1), date(2026, 12, 31), 254),
        (date(2025, 12, 31), date(2027, 1, 1), 254),  # both New Year's Days are off
    ],
)
def test_werkdagen_tussen(kalender, a, b, verwacht):
    assert kalender.werkdagen_tussen(a, b) == verwacht


def test_werkdagen_tussen_with_closing_days():
    # given the Christmas closure
    kalender = WerkdagKalender(KERSTSLUITING_2026)
    # then from Christmas Eve to Monday 4 January 2027 is 1 working day
    assert kalender.werkdagen_tussen(date(2026, 12, 24), date(2027, 1, 4)) == 1
    assert kalender.werkdagen_tussen(date(2027, 1, 4), date(2026, 12, 24)) == -1


def test_plus_werkdagen_matches_day_by_day_count():
    # given a calendar with many closing days and random starts over the whole range
    rng = random.Random(20260403)
    sluitingsdagen = [date(2000, 1, 1) + timedelta(rng.randrange(36500)) for _ in range(2000)]
    kalender = WerkdagKalender(sluitingsdagen, extra_vrije_dagen=[ExtraVrijeDag.GOEDE_VRIJDAG])
    for _ in range(150):
        start = date(2000, 1, 1) + timedelta(rng.randrange(36000))
        aantal = rng.randrange(1, 400)
        # when
        eind = kalender.plus_werkdagen(start, aantal)
        # then it matches a naive walk over is_werkdag
        dag, geteld = start, 0
        while geteld < aantal:
            dag += timedelta(days=1)
            geteld += kalender.is_werkdag(dag)
        assert eind == dag
        assert kalender.werkdagen_tussen(start, eind) == aantal


# -- statutory terms: Algemene termijnenwet ----------------------------------------------


@pytest.mark.parametrize(
    ("start", "termijn", "verwacht"),
    [
        # Art. 2: 3 days from Thursday 2 April 2026 run over Goede Vrijdag, Saturday and
        # Sunday; art. 1 moves the end past Tweede paasdag to Tuesday 7 April, which is
        # the only ordinary day in the term, so art. 2 extends to Wednesday 8 April.
        (date(2026, 4, 2), Termijn(3, KALENDERDAGEN), date(2026, 4, 8)),
        # Art. 2, the textbook case: 3 days from a Friday end on Tuesday, not Monday.
        (date(2026, 1, 9), Termijn(3, KALENDERDAGEN), date(2026, 1, 13)),
        # 3 days from a Thursday: Sunday -> Monday (Friday and Monday are ordinary).
        (date(2026, 1, 8), Termijn(3, KALENDERDAGEN), date(2026, 1, 12)),
        # 2 days from a Friday: art. 2 needs at least 3 days; art. 1 gives Monday.
        (date(2026, 1, 9), Termijn(2, KALENDERDAGEN), date(2026, 1, 12)),
        # Ends on Goede Vrijdag (Friday 3 April 2026): Atw feestdag -> Tuesday 7 April.
        (date(2026, 3, 27), Termijn(7, KALENDERDAGEN), date(2026, 4, 7)),
        # Ends on New Year's Day 2025 (Wednesday) -> Thursday 2 January.
        (date(2024, 12, 25), Termijn(1, WEKEN), date(2025, 1, 2)),
        # Ends on New Year's Day 2026 (Thursday); Friday 2 January is equated by decree.
        (date(2025, 12, 18), Termijn(2, WEKEN), date(2026, 1, 5)),
        # Ends on Eerste kerstdag 2026 (Friday): Saturday, Sunday -> Monday 28 December.
        (date(2026, 12, 11), Termijn(2, WEKEN), date(2026, 12, 28)),
        # Ends on Bevrijdingsdag 2027 (Wednesday), then Hemelvaartsdag (Thursday 6 May)
        # and the decreed Friday 7 May -> Monday 10 May.
        (date(2027, 4, 21), Termijn(2, WEKEN), date(2027, 5, 10)),
        # Koningsdag on Saturday 26 April 2025 is simply a Saturday -> Monday 28 April.
        (date(2025, 4, 19), Termijn(1, WEKEN), date(2025, 4, 28)),
        # Months: 31 January + 1 month = 28 February 2026 (a Saturday) -> Monday 2 March.
        (date(2026, 1, 31), Termijn(1, MAANDEN), date(2026, 3, 2)),
        # 28 February 2027 is a Sunday -> Monday 1 March.
        (date(2027, 1, 31), Termijn(1, MAANDEN), date(2027, 3, 1)),
        # Leap year: 29 February 2028 (Tuesday).
        (date(2028, 1, 31), Termijn(1, MAANDEN), date(2028, 2, 29)),
        # Across New Year, clamped: 30 November 2026 + 3 months = Sunday 28 February 2027.
        (date(2026, 11, 30), Termijn(3, MAANDEN), date(2027, 3, 1)),
        # Art. 4 onder a: 12 weeks are in (Saturday 28 March -> Monday 30 March) ...
        (date(2026, 1, 3), Termijn(12, WEKEN), date(2026, 3, 30)),
        # ... 13 weeks are not: the term ends on Saturday 4 April.
        (date(2026, 1, 3), Termijn(13, WEKEN), date(2026, 4, 4)),
        # 90 days are in: Goede Vrijdag 3 April 2026 -> Tuesday 7 April ...
        (date(2026, 1, 3), Termijn(90, KALENDERDAGEN), date(2026, 4, 7)),
        # ... 91 days are not: Saturday 4 April.
        (date(2026, 1, 3), Termijn(91, KALENDERDAGEN), date(2026, 4, 4)),
        # 4 months are not either: Friday 9 January + 4 months = Saturday 9 May.
        (date(2026, 1, 9), Termijn(4, MAANDEN), date(2026, 5, 9)),
        # A zero term ends on its start day.
        (date(2026, 1, 10), Termijn(0, WEKEN), date(2026, 1, 10)),
    ],
    ids=str,
)
def test_einddatum_atw(kalender, start, termijn, verwacht):
    assert kalender.einddatum(start, termijn) == verwacht


def test_closing_days_do_not_move_a_statutory_term_unless_asked():
    # given a municipality closed between Christmas and New Year 2026
    kalender = WerkdagKalender(KERSTSLUITING_2026)
    termijn = Termijn(1, WEKEN)
    # when a one-week term from Christmas Eve ends on Thursday 31 December
    standaard = kalender.einddatum(date(2026, 12, 24), termijn)
    verschoven = kalender.einddatum(date(2026, 12, 24), termijn, sluitingsdagen_verschuiven=True)
    # then the law keeps 31 December. The lenient option treats closing days like
    # feestdagen, so Atw art. 2 finds no ordinary day in the week at all and extends it
    # to the second one: Monday 4 (first), Tuesday 5 January 2027.
    assert standaard == date(2026, 12, 31)
    assert verschoven == date(2027, 1, 5)


def test_non_statutory_term_ends_where_it_falls(kalender):
    # 3 days from Thursday 2 April 2026 end on Easter Sunday without the Atw.
    termijn = Termijn(3, KALENDERDAGEN)
    assert kalender.einddatum(date(2026, 4, 2), termijn, atw=False) == date(2026, 4, 5)
    met_verschuiving = kalender.einddatum(
        date(2026, 4, 2), termijn, atw=False, sluitingsdagen_verschuiven=True
    )
    assert met_verschuiving == date(2026, 4, 7)  # Goede Vrijdag passed, open on Tuesday


def _gewone_dagen(kalender, start, eind):
    """Days after start up to and including eind that are no Saturday, Sunday or feestdag."""
    dagen = (start + timedelta(i) for i in range(1, (eind - start).days + 1))
    return sum(not kalender.is_atw_vrije_dag(dag) for dag in dagen)


def test_einddatum_atw_matches_naive_rules():
    # given random statutory terms over the whole supported range
    rng = random.Random(1964)
    kalender = WerkdagKalender()
    for _ in range(300):
        start = date(2000, 1, 1) + timedelta(rng.randrange(36500))
        aantal = rng.randrange(1, 91)
        # when
        eind = kalender.einddatum(start, Termijn(aantal, KALENDERDAGEN))
        # then it equals the rules of Atw art. 1 and 2 applied day by day
        verwacht = start + timedelta(aantal)
        if aantal >= 3:
            while _gewone_dagen(kalender, start, verwacht) < 2:
                verwacht += timedelta(1)
        while kalender.is_atw_vrije_dag(verwacht):
            verwacht += timedelta(1)
        assert eind == verwacht, (start, aantal)


# -- extension and suspension -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ontvangst", "na_8_weken", "na_verlenging"),
    [
        # Received Monday 2 March 2026: 8 weeks end on Koningsdag (Monday 27 April) ->
        # Tuesday 28 April; extended by 6 weeks from there: Tuesday 9 June.
        (date(2026, 3, 2), date(2026, 4, 28), date(2026, 6, 9)),
        # Received Thursday 19 March 2026: 8 weeks end on Hemelvaartsdag, the decreed
        # Friday follows -> Monday 18 May; 6 weeks more: Monday 29 June.
        (date(2026, 3, 19), date(2026, 5, 18), date(2026, 6, 29)),
    ],
)
def test_omgevingsvergunning_8_weken_plus_6_weken_verlenging(kalender, ontvangst, na_8_weken, na_verlenging):
    # given the reguliere procedure (Omgevingswet art. 16.64)
    # when
    eind = kalender.einddatum(ontvangst, Termijn(8, WEKEN))
    verlengd = kalender.verlengen(eind, Termijn(6, WEKEN))
    # then
    assert (eind, verlengd) == (na_8_weken, na_verlenging)


@pytest.mark.parametrize(
    ("extra", "einddatum", "van", "tot", "eenheid", "verwacht"),
    [
        # Calendar term: invited Wednesday 29 April, supplemented Monday 4 May 2026; the
        # suspended days are 30 April-3 May (4 days, over a weekend): Monday 11 May + 4 =
        # Friday 15 May, equated by decree -> Monday 18 May.
        ((), date(2026, 5, 11), date(2026, 4, 29), date(2026, 5, 4), WEKEN, date(2026, 5, 18)),
        # Invited Friday 13 March, supplemented Monday 23 March: 9 days suspended.
        ((), date(2026, 4, 28), date(2026, 3, 13), date(2026, 3, 23), WEKEN, date(2026, 5, 7)),
        # Supplemented the next day: nothing lies between, nothing moves.
        ((), date(2026, 4, 28), date(2026, 3, 13), date(2026, 3, 14), WEKEN, date(2026, 4, 28)),
        ((), date(2026, 4, 28), date(2026, 3, 13), date(2026, 3, 13), WEKEN, date(2026, 4, 28)),
        # Working-day term suspended from Thursday 2 to Tuesday 7 April 2026: of Goede
        # Vrijdag, the weekend and Tweede paasdag only Goede Vrijdag is a working day, so
        # the end moves 1 working day: Friday 17 April -> Monday 20 April.
        ((), date(2026, 4, 17), date(2026, 4, 2), date(2026, 4, 7), WERKDAGEN, date(2026, 4, 20)),
        # ... and not at all where the municipality is closed on Goede Vrijdag.
        (
            (ExtraVrijeDag.GOEDE_VRIJDAG,),
            date(2026, 4, 17),
            date(2026, 4, 2),
            date(2026, 4, 7),
            WERKDAGEN,
            date(2026, 4, 17),
        ),
        # Two full working weeks suspended (Friday 9 -> Monday 26 January 2026, the 12th
        # to the 23rd): 10 working days, Tuesday 3 February -> Tuesday 17 February.
        ((), date(2026, 2, 3), date(2026, 1, 9), date(2026, 1, 26), WERKDAGEN, date(2026, 2, 17)),
    ],
)
def test_opschorten(extra, einddatum, van, tot, eenheid, verwacht):
    kalender = WerkdagKalender(extra_vrije_dagen=extra)
    assert kalender.opschorten(einddatum, van, tot, eenheid) == verwacht


def test_opschorten_refuses_an_end_before_the_start(kalender):
    with pytest.raises(ValueError, match="before it starts"):
        kalender.opschorten(date(2026, 5, 1), date(2026, 4, 10), date(2026, 4, 9), WEKEN)


# -- timestamp deadlines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "verwacht_dag", "verwacht_utc_offset"),
    [
        # Registered on Saturday 10 January 2026: Monday is day 1, Tuesday day 2.
        (datetime(2026, 1, 10, 14, 0, tzinfo=AMSTERDAM), date(2026, 1, 13), 1),
        # Friday 23:30 UTC is already Saturday in Amsterdam: same outcome.
        (datetime(2026, 1, 9, 23, 30, tzinfo=UTC), date(2026, 1, 13), 1),
        # Friday 22:30 UTC is still Friday in Amsterdam: Monday, Tuesday -> Tuesday.
        (datetime(2026, 1, 9, 22, 30, tzinfo=UTC), date(2026, 1, 13), 1),
        # Thursday 8 January: Friday, Monday.
        (datetime(2026, 1, 8, 9, 0, tzinfo=AMSTERDAM), date(2026, 1, 12), 1),
        # Over the change to summer time (Sunday 29 March 2026): ends in CEST.
        (datetime(2026, 3, 27, 10, 0, tzinfo=AMSTERDAM), date(2026, 3, 31), 2),
        # A fixed-offset input is converted to Amsterdam first.
        (
            datetime(2026, 4, 2, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            date(2026, 4, 8),  # Goede Vrijdag 06:30 local: Tuesday 7, Wednesday 8
            2,
        ),
    ],
)
def test_deadline_moment(kalender, start, verwacht_dag, verwacht_utc_offset):
    # when
    moment = kalender.deadline_moment(start, Termijn(2, WERKDAGEN))
    # then the very end of the local end day
    assert moment.tzinfo is AMSTERDAM
    assert (moment.date(), moment.time()) == (verwacht_dag, time.max)
    assert moment.utcoffset() == timedelta(hours=verwacht_utc_offset)


def test_deadline_moment_refuses_naive_timestamps(kalender):
    with pytest.raises(ValueError, match="timezone-aware"):
        kalender.deadline_moment(datetime(2026, 1, 10, 14, 0), Termijn(2, WERKDAGEN))


# -- Termijn ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("termijn", "tekst"),
    [
        (Termijn(1, WERKDAGEN), "1 werkdag"),
        (Termijn(2, WERKDAGEN), "2 werkdagen"),
        (Termijn(0, WERKDAGEN), "0 werkdagen"),
        (Termijn(1, KALENDERDAGEN), "1 kalenderdag"),
        (Termijn(14, KALENDERDAGEN), "14 kalenderdagen"),
        (Termijn(1, WEKEN), "1 week"),
        (Termijn(8, WEKEN), "8 weken"),
        (Termijn(1, MAANDEN), "1 maand"),
        (Termijn(3, MAANDEN), "3 maanden"),
    ],
)
def test_termijn_str(termijn, tekst):
    assert str(termijn) == tekst


def test_termijn_accepts_the_stored_string_value():
    termijn = Termijn(8, "weken")
    assert termijn.eenheid is WEKEN
    assert termijn == Termijn(8, WEKEN)


@pytest.mark.parametrize(
    ("aantal", "eenheid", "fout"),
    [
        (-1, WEKEN, ValueError),
        (True, WEKEN, TypeError),
        ("3", WEKEN, TypeError),
        (3, "jaren", ValueError),
    ],
)
def test_termijn_validation(aantal, eenheid, fout):
    with pytest.raises(fout):
        Termijn(aantal, eenheid)


def test_termijn_is_immutable():
    termijn = Termijn(2, WERKDAGEN)
    with pytest.raises(AttributeError):
        termijn.aantal = 3


# -- limits and design constraints ------------------------------------------------------


def test_years_outside_the_supported_range_are_refused(kalender):
    with pytest.raises(ValueError, match="outside"):
        kalender.is_werkdag(date(1900, 1, 1))
    with pytest.raises(ValueError, match="outside"):
        kalender.werkdagen_tussen(date(2026, 1, 1), date(2300, 1, 1))
    with pytest.raises(ValueError, match="after 2199"):
        kalender.einddatum(date(2199, 12, 29), Termijn(5, WERKDAGEN))


def test_years_2000_to_2100_are_supported(kalender):
    assert kalender.einddatum(date(2000, 1, 3), Termijn(2, WERKDAGEN)) == date(2000, 1, 5)
    assert kalender.einddatum(date(2100, 12, 31), Termijn(2, WERKDAGEN)) == date(2101, 1, 4)


def test_module_does_not_import_django():
    # A selector builds calendars from rows; the module itself must stay pure Python.
    bron = Path(kalender_module.__file__).read_text(encoding="utf-8")
    modules = set()
    for node in ast.walk(ast.parse(bron)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    assert not {m for m in modules if m.split(".")[0] == "django"}
