import dataclasses
import functools
import hashlib
import itertools
import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from eenloket.core.validators import (
    normalise_postcode,
    validate_bsn,
    validate_email,
    validate_geboortedatum,
    validate_kvk_nummer,
    validate_postcode,
    validate_telefoonnummer,
    validate_vestigingsnummer,
)
from eenloket.demo import generators as g
from eenloket.demo import namen

PROFIELEN = [g.EIKENDAL, g.LINDEWAARD]
RESERVED_DOMAINS = {"example.com", "example.net", "example.org"}


def _is_reserved_domain(email: str) -> bool:
    domain = email.rsplit("@", 1)[1]
    return domain in RESERVED_DOMAINS or domain.endswith(".example")


@functools.cache
def _adres_set(code: str) -> frozenset[g.DemoAdres]:
    return frozenset(g.adressen(g.PROFIELEN[code]))


def _in_range(profiel: g.GemeenteProfiel, woonplaats: str, postcode: str) -> bool:
    plaats = profiel.woonplaats(woonplaats)
    return plaats.postcode_van <= int(postcode[:4]) <= plaats.postcode_tot


# --- Profiles and name lists ----------------------------------------------------------


def test_profiles():
    # given / when / then
    assert g.PROFIELEN == {"eikendal": g.EIKENDAL, "lindewaard": g.LINDEWAARD}
    assert g.EIKENDAL.naam == "Gemeente Eikendal"
    assert g.LINDEWAARD.naam == "Gemeente Lindewaard"
    assert (g.EIKENDAL.postcode_van, g.EIKENDAL.postcode_tot) == (5691, 5697)
    assert (g.LINDEWAARD.postcode_van, g.LINDEWAARD.postcode_tot) == (5521, 5526)
    assert g.EIKENDAL.woonplaatsen[0].naam == "Eikendal"
    assert g.LINDEWAARD.woonplaatsen[0].naam == "Lindewaard"
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.EIKENDAL.naam = "Gemeente Elders"  # type: ignore[misc]


@pytest.mark.parametrize("profiel", PROFIELEN, ids=lambda p: p.code)
def test_profile_data_is_well_formed(profiel):
    # given
    plaatsnamen = [w.naam for w in profiel.woonplaatsen]

    # then
    assert len(profiel.gemeentecode) == 4
    assert profiel.gemeentecode.isdigit()
    assert profiel.netnummer.startswith("0")
    assert len(set(plaatsnamen)) == len(plaatsnamen) >= 3
    for woonplaats in profiel.woonplaatsen:
        assert 25 <= len(woonplaats.straten) <= 45, woonplaats.naam
        assert len(set(woonplaats.straten)) == len(woonplaats.straten), woonplaats.naam
        assert 1000 <= woonplaats.postcode_van <= woonplaats.postcode_tot <= 9999


def test_postcode_ranges_do_not_overlap():
    # given
    ranges = sorted((w.postcode_van, w.postcode_tot) for profiel in PROFIELEN for w in profiel.woonplaatsen)

    # then
    for (_, tot), (van, _) in itertools.pairwise(ranges):
        assert tot < van


@pytest.mark.parametrize(
    "lijst",
    [
        *namen.NL_VOORNAMEN_MAN.values(),
        *namen.NL_VOORNAMEN_VROUW.values(),
        *(m for m, _v in namen.HERKOMST_VOORNAMEN.values()),
        *(v for _m, v in namen.HERKOMST_VOORNAMEN.values()),
        namen.NL_ACHTERNAMEN,
        *namen.HERKOMST_ACHTERNAMEN.values(),
    ],
)
def test_name_lists_have_no_duplicates(lijst):
    assert len(set(lijst)) == len(lijst)


def test_name_lists_are_large_enough():
    voornamen = {
        *(n for t in namen.NL_VOORNAMEN_MAN.values() for n in t),
        *(n for t in namen.NL_VOORNAMEN_VROUW.values() for n in t),
        *(n for pair in namen.HERKOMST_VOORNAMEN.values() for t in pair for n in t),
    }
    assert len(voornamen) >= 150
    assert len(namen.NL_ACHTERNAMEN) >= 200
    assert all(vv == vv.lower() for vv, _naam in namen.NL_ACHTERNAMEN)


# --- Addresses ------------------------------------------------------------------------


@pytest.mark.parametrize("profiel", PROFIELEN, ids=lambda p: p.code)
def test_street_plan_is_valid_and_unique(profiel):
    # given / when
    adressen = g.adressen(profiel)

    # then
    assert len(adressen) > 10_000
    sleutels = {
        (a.straat, a.huisnummer, a.huisletter, a.huisnummertoevoeging, a.woonplaats) for a in adressen
    }
    assert len(sleutels) == len(adressen)
    plaats_per_postcode: dict[str, str] = {}
    for adres in adressen:
        validate_postcode(adres.postcode)
        assert normalise_postcode(adres.postcode) == adres.postcode
        assert _in_range(profiel, adres.woonplaats, adres.postcode)
        assert plaats_per_postcode.setdefault(adres.postcode, adres.woonplaats) == adres.woonplaats
    assert {a.woonplaats for a in adressen} == {w.naam for w in profiel.woonplaatsen}


def test_street_plan_is_fixed():
    # given / when
    eerste = g.adressen(g.EIKENDAL)
    g._adressen_cache.clear()
    tweede = g.adressen(g.EIKENDAL)

    # then the plan does not depend on any caller's random state
    assert eerste == tweede
    assert eerste is not tweede


def test_adresregel():
    # given
    adres = g.DemoAdres("Kerkstraat", 12, "A", "2", "5691 AB", "Eikendal")

    # then
    assert adres.adresregel == "Kerkstraat 12A-2"
    assert dataclasses.replace(adres, huisletter="", huisnummertoevoeging="").adresregel == ("Kerkstraat 12")


# --- BSN ------------------------------------------------------------------------------


def test_bsn_is_valid_and_in_the_demo_range():
    # given
    rng = random.Random(7)

    # when
    nummers = [g.bsn(rng) for _ in range(2_000)]

    # then
    for nummer in nummers:
        validate_bsn(nummer)
        assert "990000000" <= nummer <= "998999999"


def test_unieke_bsns_bulk():
    # given
    rng = random.Random(42)

    # when
    start = time.perf_counter()
    nummers = g.unieke_bsns(rng, 60_000)
    duur = time.perf_counter() - start

    # then
    assert len(nummers) == 60_000
    assert len(set(nummers)) == 60_000
    for nummer in nummers:
        validate_bsn(nummer)
    assert not any(n.startswith("9999") for n in nummers)  # left free for RvIG test numbers
    assert duur < 5, duur  # takes about 0.1 s


@pytest.mark.parametrize("n", [0, 1, 10])
def test_unieke_bsns_small(n):
    assert len(set(g.unieke_bsns(random.Random(n), n))) == n


# --- Persons --------------------------------------------------------------------------


def _assert_valid_persoon(persoon: g.DemoPersoon, profiel: g.GemeenteProfiel) -> None:
    validate_bsn(persoon.bsn)
    validate_postcode(persoon.postcode)
    validate_geboortedatum(persoon.geboortedatum)
    assert _in_range(profiel, persoon.woonplaats, persoon.postcode)
    assert persoon.gemeente_code == profiel.code
    assert persoon.geslacht in {"M", "V", "X"}
    assert persoon.geslachtsnaam
    assert persoon.voornamen
    assert persoon.voorletters.count(".") == len(persoon.voornamen.split(" "))
    assert 0 <= persoon.leeftijd() <= 100
    adres = g.DemoAdres(
        persoon.straat,
        persoon.huisnummer,
        persoon.huisletter,
        persoon.huisnummertoevoeging,
        persoon.postcode,
        persoon.woonplaats,
    )
    assert adres in _adres_set(profiel.code)
    if persoon.telefoonnummer:
        validate_telefoonnummer(persoon.telefoonnummer)
        assert persoon.telefoonnummer.startswith("+31")
    if persoon.email:
        validate_email(persoon.email)
        assert _is_reserved_domain(persoon.email)


@pytest.mark.parametrize("profiel", PROFIELEN, ids=lambda p: p.code)
def test_persoon_is_valid(profiel):
    # given
    rng = random.Random(2024)

    # when
    personen = [g.persoon(rng, profiel) for _ in range(3_000)]

    # then
    for persoon in personen:
        _assert_valid_persoon(persoon, profiel)
    assert sum(bool(p.telefoonnummer) for p in personen) > 1_500
    assert sum(bool(p.email) for p in personen) > 1_200
    vaste_lijnen = [t for p in personen if (t := p.telefoonnummer) and not t.startswith("+316")]
    assert vaste_lijnen
    assert all(t.startswith("+31" + profiel.netnummer[1:]) for t in vaste_lijnen)


def test_persoon_takes_given_bsn_and_adres():
    # given
    adres = g.adressen(g.LINDEWAARD)[100]

    # when
    persoon = g.persoon(random.Random(1), g.LINDEWAARD, bsn="999993653", adres=adres)

    # then
    assert persoon.bsn == "999993653"
    assert persoon.adresregel == adres.adresregel
    assert persoon.postcode == adres.postcode


def test_persoon_names():
    # given
    persoon = g.DemoPersoon(
        bsn="999993653",
        voornamen="Jan Cornelis",
        voorletters="J.C.",
        voorvoegsel="van der",
        geslachtsnaam="Berg",
        geslacht="M",
        geboortedatum=date(1980, 5, 17),
        straat="Kerkstraat",
        huisnummer=1,
        huisletter="",
        huisnummertoevoeging="",
        postcode="5691 AA",
        woonplaats="Eikendal",
        gemeente_code="eikendal",
        telefoonnummer="",
        email="",
    )

    # then
    assert persoon.naam == "J.C. van der Berg"
    assert persoon.volledige_naam == "Jan van der Berg"
    assert persoon.achternaam == "van der Berg"
    assert persoon.roepnaam == "Jan"
    assert persoon.leeftijd(date(2026, 5, 16)) == 45
    assert persoon.leeftijd(date(2026, 5, 17)) == 46
    assert dataclasses.replace(persoon, voorvoegsel="").naam == "J.C. Berg"


def test_voorletters():
    assert g._voorletters(["IJsbrand", "Cornelis"]) == "IJ.C."
    assert g._voorletters(["Ömer"]) == "Ö."


def test_huishouden_shares_an_address_and_children_a_surname():
    # given
    rng = random.Random(5)

    # when
    huishoudens = [g.huishouden(rng, g.EIKENDAL) for _ in range(2_000)]

    # then
    assert Counter(len(h) for h in huishoudens).keys() >= {1, 2, 3, 4}
    for leden in huishoudens:
        assert len({(p.adresregel, p.postcode, p.woonplaats) for p in leden}) == 1
        assert leden[0].leeftijd() >= 18
        # the first member is a parent; the second is a partner or a child; then children
        ouders = {(p.voorvoegsel, p.geslachtsnaam) for p in leden[:2]}
        for kind in leden[2:]:
            assert (kind.voorvoegsel, kind.geslachtsnaam) in ouders
            assert kind.leeftijd() <= leden[0].leeftijd() - 17
        vaste_lijnen = {p.telefoonnummer for p in leden if p.telefoonnummer[:4] not in ("+316", "")}
        assert len(vaste_lijnen) <= 1


def test_inwoners_bulk_is_valid_and_unique():
    # given
    rng = random.Random(99)

    # when
    personen = g.inwoners(rng, g.LINDEWAARD, 20_000)

    # then
    assert len(personen) == 20_000
    assert len({p.bsn for p in personen}) == 20_000
    emails = [p.email for p in personen if p.email]
    assert len(set(emails)) == len(emails)
    for persoon in personen[:3_000]:
        _assert_valid_persoon(persoon, g.LINDEWAARD)
    # one household to an address while addresses last
    assert len({(p.straat, p.huisnummer, p.huisletter, p.huisnummertoevoeging, p.woonplaats)
                for p in personen}) > 7_000  # fmt: skip


@pytest.mark.parametrize("maker", ["persoon", "inwoners"])
def test_age_distribution_is_sane(maker):
    # given
    rng = random.Random(11)

    # when
    if maker == "persoon":
        personen = [g.persoon(rng, g.EIKENDAL) for _ in range(20_000)]
    else:
        personen = g.inwoners(rng, g.EIKENDAL, 20_000)
    leeftijden = sorted(p.leeftijd() for p in personen)

    # then (the Netherlands: ~20% under 18, ~20% over 65, median age ~42)
    minderjarig = sum(a < 18 for a in leeftijden) / len(leeftijden)
    ouderen = sum(a >= 65 for a in leeftijden) / len(leeftijden)
    assert 0.14 < minderjarig < 0.28, minderjarig
    assert 0.12 < ouderen < 0.30, ouderen
    assert 33 <= leeftijden[len(leeftijden) // 2] <= 50
    assert leeftijden[0] == 0
    assert 90 <= leeftijden[-1] <= 100
    geslachten = Counter(p.geslacht for p in personen)
    assert 0.45 < geslachten["M"] / len(personen) < 0.55
    assert geslachten["X"] < len(personen) * 0.01


def test_no_contact_details_for_young_children():
    personen = g.inwoners(random.Random(3), g.EIKENDAL, 5_000)
    for persoon in personen:
        if persoon.leeftijd() < 12:
            assert persoon.telefoonnummer == ""
            assert persoon.email == ""


def test_medewerker_naam():
    # given
    namen_a = [g.medewerker_naam(random.Random(8)) for _ in range(3)]

    # when
    rng = random.Random(8)
    lijst = [g.medewerker_naam(rng) for _ in range(500)]

    # then
    assert len(set(namen_a)) == 1
    assert all(len(naam.split(" ")) >= 2 for naam in lijst)
    assert len(set(lijst)) > 300


# --- Businesses -----------------------------------------------------------------------


@pytest.mark.parametrize("profiel", PROFIELEN, ids=lambda p: p.code)
def test_bedrijven_are_valid_and_unique(profiel):
    # given
    rng = random.Random(31)

    # when
    bedrijven = g.bedrijven(rng, profiel, 5_000)

    # then
    assert len({b.kvk_nummer for b in bedrijven}) == 5_000
    assert len({b.vestigingsnummer for b in bedrijven}) == 5_000
    adressen = set(g.adressen(profiel))
    for b in bedrijven:
        validate_kvk_nummer(b.kvk_nummer)
        validate_vestigingsnummer(b.vestigingsnummer)
        validate_postcode(b.postcode)
        validate_email(b.email)
        assert _is_reserved_domain(b.email)
        assert _in_range(profiel, b.woonplaats, b.postcode)
        assert b.gemeente_code == profiel.code
        assert b.handelsnaam
        assert b.handelsnaam.endswith(" B.V.") == (b.rechtsvorm == g.BV)
        assert len(b.sbi_code) == 5
        assert b.activiteit
        if b.telefoonnummer:
            validate_telefoonnummer(b.telefoonnummer)
        assert (
            g.DemoAdres(
                b.straat, b.huisnummer, b.huisletter, b.huisnummertoevoeging, b.postcode,
                b.woonplaats,
            )
            in adressen
        )  # fmt: skip
    rechtsvormen = Counter(b.rechtsvorm for b in bedrijven)
    assert rechtsvormen.most_common(1)[0][0] == g.EENMANSZAAK
    assert {g.BV, g.VOF, g.STICHTING, g.VERENIGING} <= rechtsvormen.keys()
    assert len({b.handelsnaam for b in bedrijven}) > 2_000


def test_unieke_kvk_nummers():
    nummers = g.unieke_kvk_nummers(random.Random(1), 20_000)
    assert len(set(nummers)) == 20_000
    for nummer in nummers:
        validate_kvk_nummer(nummer)


def test_handelsnaam_capitalises_voorvoegsel():
    assert g._hoofdletter_achternaam("van der", "Meer") == "Van der Meer"
    assert g._hoofdletter_achternaam("", "Jansen") == "Jansen"


def test_slug_is_ascii():
    assert g._slug("Yılmaz") == "yilmaz"
    assert g._slug("Łukasz Wójcik") == "lukaszwojcik"
    assert g._slug("Bits & Bytes") == "bitsbytes"
    assert g._slug("Zoë") == "zoe"


# --- Determinism and speed ------------------------------------------------------------


def _snapshot(seed: int) -> list:
    rng = random.Random(seed)
    return [
        g.inwoners(rng, g.EIKENDAL, 500),
        [g.persoon(rng, g.LINDEWAARD) for _ in range(50)],
        g.huishouden(rng, g.LINDEWAARD),
        g.bedrijven(rng, g.EIKENDAL, 100),
        g.bedrijf(rng, g.LINDEWAARD),
        [g.medewerker_naam(rng) for _ in range(20)],
        g.unieke_bsns(rng, 100),
        g.bsn(rng),
    ]


def test_same_seed_same_output():
    assert _snapshot(123) == _snapshot(123)
    assert _snapshot(123) != _snapshot(124)


_DIGEST_SCRIPT = """
import hashlib, random
from eenloket.demo import generators as g
rng = random.Random(2026)
data = (g.inwoners(rng, g.EIKENDAL, 2000), g.bedrijven(rng, g.LINDEWAARD, 200))
print(hashlib.sha256(repr(data).encode()).hexdigest())
"""


def test_output_does_not_depend_on_hash_seed():
    # given two interpreters that order sets and dicts of strings differently
    src = Path(g.__file__).resolve().parents[2]
    digests = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(src)}
        # when
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        digests.append(result.stdout.strip())

    # then
    rng = random.Random(2026)
    here = (g.inwoners(rng, g.EIKENDAL, 2000), g.bedrijven(rng, g.LINDEWAARD, 200))
    assert digests[0] == digests[1] == hashlib.sha256(repr(here).encode()).hexdigest()


def test_bulk_generation_is_fast():
    # given
    rng = random.Random(1)

    # when
    start = time.perf_counter()
    personen = g.inwoners(rng, g.EIKENDAL, 50_000)
    bedrijven = g.bedrijven(rng, g.EIKENDAL, 5_000)
    duur = time.perf_counter() - start

    # then (about 1 s on a developer machine; generous so it cannot flake)
    assert len(personen) == 50_000
    assert len(bedrijven) == 5_000
    assert duur < 15, duur
