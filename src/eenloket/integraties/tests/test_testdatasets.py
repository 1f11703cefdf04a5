"""The built-in test registers answer as the real APIs would: the BRP's matching rules
(case, accents, voorvoegsel, wildcard, optional address filters, deceased persons) and the
KvK's (exact numbers, name as a part, active only). Also: filling them from the demo's
parties, and which connector the settings choose."""

from __future__ import annotations

import datetime

import pytest

from eenloket.integraties.brp import (
    BrpFout,
    BrpPersoon,
    HaalCentraalBrpClient,
    NietIngesteldeBrp,
    TestdatasetBrp,
    brp_connector,
)
from eenloket.integraties.kvk import (
    KvkFout,
    KvkVestiging,
    KvkZoekenClient,
    NietIngesteldeKvk,
    TestdatasetKvk,
    kvk_connector,
)
from eenloket.integraties.models import BrpTestpersoon, KvkTestvestiging
from eenloket.integraties.testdata import registers_vullen
from eenloket.integraties.tests.factories import BrpTestpersoonFactory, KvkTestvestigingFactory
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory

GEBOREN = datetime.date(1983, 5, 26)

pytestmark = pytest.mark.django_db


@pytest.fixture
def maassens():
    return [
        BrpTestpersoonFactory(voornamen="Pieter", geslachtsnaam="Maassen", geboortedatum=GEBOREN),
        BrpTestpersoonFactory(
            voornamen="Jan Peter", voorvoegsel="van", geslachtsnaam="Maassen", geboortedatum=GEBOREN
        ),
        BrpTestpersoonFactory(voornamen="Albertus", geslachtsnaam="Käster", geboortedatum=GEBOREN),
        BrpTestpersoonFactory(geslachtsnaam="Maassen", geboortedatum=GEBOREN, overleden=True),
        BrpTestpersoonFactory(geslachtsnaam="Maassen", geboortedatum=datetime.date(1983, 5, 27)),
    ]


def _bsns(personen: list[BrpPersoon]) -> list[str]:
    return [p.bsn for p in personen]


# --- TestdatasetBrp ---------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["Maassen", "maassen", "MAASSEN", "Maa*", "maa*"])
def test_zoek_naam_geboortedatum_matches_the_whole_surname_without_case(maassens, naam):
    # when
    gevonden = TestdatasetBrp().zoek_naam_geboortedatum(naam, GEBOREN)

    # then both living Maassens born that day, not the deceased one nor the one born a day later
    assert sorted(_bsns(gevonden)) == sorted([maassens[0].bsn, maassens[1].bsn])


def test_zoek_naam_geboortedatum_does_not_match_a_part_without_wildcard(maassens):
    assert TestdatasetBrp().zoek_naam_geboortedatum("Maas", GEBOREN) == []


@pytest.mark.parametrize("naam", ["Käster", "Kaster", "KASTER"])
def test_zoek_naam_geboortedatum_ignores_accents(maassens, naam):
    assert _bsns(TestdatasetBrp().zoek_naam_geboortedatum(naam, GEBOREN)) == [maassens[2].bsn]


@pytest.mark.parametrize("naam", ["van Maassen", "Van Maassen", "VAN maassen"])
def test_a_voorvoegsel_typed_before_the_surname_narrows_to_persons_with_it(maassens, naam):
    assert _bsns(TestdatasetBrp().zoek_naam_geboortedatum(naam, GEBOREN)) == [maassens[1].bsn]


@pytest.mark.parametrize(("voornamen", "index"), [("pieter", 0), ("JAN PETER", 1), ("jan*", 1)])
def test_voornamen_narrow_the_search(maassens, voornamen, index):
    gevonden = TestdatasetBrp().zoek_naam_geboortedatum("Maassen", GEBOREN, voornamen=voornamen)
    assert _bsns(gevonden) == [maassens[index].bsn]


def test_zoek_postcode_huisnummer_with_optional_letter_and_addition():
    # given four addresses on one number, and one deceased resident
    kaal = BrpTestpersoonFactory(postcode="2628HJ", huisnummer=2)
    met_letter = BrpTestpersoonFactory(postcode="2628HJ", huisnummer=2, huisletter="A")
    met_toevoeging = BrpTestpersoonFactory(postcode="2628HJ", huisnummer=2, huisnummertoevoeging="III")
    BrpTestpersoonFactory(postcode="2628HJ", huisnummer=2, overleden=True)
    BrpTestpersoonFactory(postcode="2628HJ", huisnummer=3)
    brp = TestdatasetBrp()

    # when / then: postcode in any form, letter and addition without case
    assert sorted(_bsns(brp.zoek_postcode_huisnummer("2628 hj", 2))) == sorted(
        [kaal.bsn, met_letter.bsn, met_toevoeging.bsn]
    )
    assert _bsns(brp.zoek_postcode_huisnummer("2628HJ", 2, huisletter="a")) == [met_letter.bsn]
    assert _bsns(brp.zoek_postcode_huisnummer("2628Hj", 2, huisnummertoevoeging="iii")) == [
        met_toevoeging.bsn
    ]
    assert brp.zoek_postcode_huisnummer("2628HJ", 4) == []


def test_raadpleeg_bsn_returns_the_persons_in_the_order_asked_including_deceased(django_assert_num_queries):
    # given
    levend = BrpTestpersoonFactory(geheimhouding=True)
    dood = BrpTestpersoonFactory(overleden=True)

    # when
    with django_assert_num_queries(1):
        gevonden = TestdatasetBrp().raadpleeg_bsn([dood.bsn, "999999990", levend.bsn, dood.bsn])

    # then
    assert _bsns(gevonden) == [dood.bsn, levend.bsn]
    assert gevonden[0].overleden is True
    assert gevonden[1] == BrpPersoon(
        bsn=levend.bsn,
        voornamen="Jan Pieter",
        geslachtsnaam=levend.geslachtsnaam,
        geboortedatum=datetime.date(1980, 1, 2),
        geslacht="M",
        straat="Dorpsstraat",
        huisnummer=levend.huisnummer,
        postcode="5531AB",
        woonplaats="Eikendal",
        geheimhouding=True,
    )


# --- TestdatasetKvk ---------------------------------------------------------------------


def test_kvk_zoeken_matches_numbers_exactly_and_the_name_as_a_part():
    # given
    bakker = KvkTestvestigingFactory(handelsnaam="Bakkerij De Korenschoof", kvk_nummer="12345678")
    neven = KvkTestvestigingFactory(
        handelsnaam="Korenschoof Zuid", kvk_nummer="12345678", type="nevenvestiging"
    )
    KvkTestvestigingFactory(handelsnaam="Korenschoof Oud", actief=False)
    KvkTestvestigingFactory(handelsnaam="Slagerij Hendriks")
    kvk = TestdatasetKvk()

    # when / then
    assert [v.vestigingsnummer for v in kvk.zoeken(naam="korenschoof")] == [
        bakker.vestigingsnummer,
        neven.vestigingsnummer,
    ]
    assert {v.vestigingsnummer for v in kvk.zoeken(kvk_nummer="12345678")} == {
        bakker.vestigingsnummer,
        neven.vestigingsnummer,
    }
    [gevonden] = kvk.zoeken(vestigingsnummer=neven.vestigingsnummer)
    assert gevonden == KvkVestiging(
        kvk_nummer="12345678",
        vestigingsnummer=neven.vestigingsnummer,
        handelsnaam="Korenschoof Zuid",
        rechtsvorm="Eenmanszaak",
        straat="Markt",
        huisnummer=1,
        postcode="5531AB",
        woonplaats="Eikendal",
        activiteit="Bakkerij",
        actief=True,
        type="nevenvestiging",
    )
    assert kvk.zoeken(kvk_nummer="87654321") == []


# --- filling from the demo's parties ----------------------------------------------------


def test_registers_vullen_copies_the_parties_once(eikendal, lindewaard):
    # given the same resident known in two municipalities, and businesses
    persoon = PersoonFactory(
        organisatie=eikendal,
        voorvoegsel="van der",
        geslachtsnaam="Berg",
        geboortedatum=datetime.date(1990, 4, 5),
        geslacht="X",
        straat="Kerkstraat",
        huisnummer=12,
        huisletter="b",
        postcode="5531 AB",
        woonplaats="Eikendal",
    )
    PersoonFactory(organisatie=lindewaard, bsn=persoon.bsn, geslachtsnaam="Berg")
    PersoonFactory(organisatie=lindewaard)
    PersoonFactory(organisatie=lindewaard, bsn="")  # known without BSN: not in the BRP
    BedrijfFactory(
        organisatie=eikendal,
        handelsnaam="Fietsenmaker Eik",
        vestigingsnummer="000012345678",
        postcode="5531 AB",
    )
    BedrijfFactory(organisatie=lindewaard, kvk_nummer="40000001")
    regels: list[str] = []

    # when
    aantallen = registers_vullen(log=regels.append)

    # then
    assert aantallen == (2, 2)
    assert len(regels) == 1
    rij = BrpTestpersoon.objects.get(bsn=persoon.bsn)
    assert (rij.voorvoegsel, rij.geslachtsnaam, rij.geslacht, rij.postcode) == (
        "van der",
        "Berg",
        "O",
        "5531AB",
    )
    # so the connector finds them as the KCC would type them
    assert _bsns(TestdatasetBrp().zoek_naam_geboortedatum("Van der Berg", datetime.date(1990, 4, 5))) == [
        persoon.bsn
    ]
    assert _bsns(TestdatasetBrp().zoek_postcode_huisnummer("5531ab", 12, "B")) == [persoon.bsn]
    fiets = KvkTestvestiging.objects.get(handelsnaam="Fietsenmaker Eik")
    assert (fiets.type, fiets.postcode) == ("hoofdvestiging", "5531AB")
    assert KvkTestvestiging.objects.get(kvk_nummer="40000001").type == "rechtspersoon"

    # when it runs again
    assert registers_vullen(log=regels.append) == (0, 0)
    assert len(regels) == 1


# --- which connector --------------------------------------------------------------------


@pytest.fixture
def zonder_koppelingen(settings):
    settings.BRP_URL = ""
    settings.KVK_URL = ""
    settings.BRP_TESTDATASET = False
    settings.KVK_TESTDATASET = False
    settings.PRODUCTION = False
    return settings


def test_embedded_mode_without_url_uses_the_test_registers(zonder_koppelingen):
    assert isinstance(brp_connector(), TestdatasetBrp)
    assert isinstance(kvk_connector(), TestdatasetKvk)


def test_production_without_url_refuses_every_question(zonder_koppelingen):
    # given
    zonder_koppelingen.PRODUCTION = True

    # when
    brp, kvk = brp_connector(), kvk_connector()

    # then never made-up data
    assert isinstance(brp, NietIngesteldeBrp)
    assert isinstance(kvk, NietIngesteldeKvk)
    with pytest.raises(BrpFout, match="BRP-koppeling is niet ingesteld"):
        brp.zoek_naam_geboortedatum("Jansen", GEBOREN)
    with pytest.raises(BrpFout, match="BRP-koppeling is niet ingesteld"):
        brp.raadpleeg_bsn(["999993653"])
    with pytest.raises(BrpFout, match="BRP-koppeling is niet ingesteld"):
        brp.zoek_postcode_huisnummer("1234AB", 1)
    with pytest.raises(KvkFout, match="KvK-koppeling is niet ingesteld"):
        kvk.zoeken(naam="Bakkerij")


def test_production_with_the_explicit_testdataset_flag_uses_the_test_registers(zonder_koppelingen):
    zonder_koppelingen.PRODUCTION = True
    zonder_koppelingen.BRP_TESTDATASET = True
    zonder_koppelingen.KVK_TESTDATASET = True
    assert isinstance(brp_connector(), TestdatasetBrp)
    assert isinstance(kvk_connector(), TestdatasetKvk)


def test_a_configured_url_selects_the_real_clients_with_their_settings(zonder_koppelingen):
    # given
    s = zonder_koppelingen
    s.PRODUCTION = True
    s.BRP_URL, s.BRP_API_KEY, s.BRP_TIMEOUT = "https://brp.example/haalcentraal/api/brp/", "brp-key", 7
    s.BRP_CLIENT_CERT, s.BRP_CLIENT_KEY, s.BRP_CA_BUNDLE = (
        "/etc/eenloket/brp.crt",
        "/etc/eenloket/brp.key",
        "",
    )
    s.KVK_URL, s.KVK_API_KEY, s.KVK_TIMEOUT, s.KVK_CA_BUNDLE = (
        "https://api.kvk.nl/api",
        "kvk-key",
        4,
        "/ca.pem",
    )

    # when
    brp, kvk = brp_connector(), kvk_connector()

    # then
    assert isinstance(brp, HaalCentraalBrpClient)
    assert (brp.base_url, brp.timeout) == ("https://brp.example/haalcentraal/api/brp", 7)
    assert brp._session.cert == ("/etc/eenloket/brp.crt", "/etc/eenloket/brp.key")
    assert brp._session.verify is True
    assert brp._session.headers["X-API-KEY"] == "brp-key"
    assert isinstance(kvk, KvkZoekenClient)
    assert (kvk.base_url, kvk.timeout, kvk._session.verify) == ("https://api.kvk.nl/api", 4, "/ca.pem")
    assert kvk._session.headers["apikey"] == "kvk-key"


def test_a_single_pem_with_certificate_and_key_is_passed_as_one_path(zonder_koppelingen):
    zonder_koppelingen.BRP_URL = "https://brp.example/api"
    zonder_koppelingen.BRP_CLIENT_CERT = "/etc/eenloket/brp.pem"
    connector = brp_connector()
    assert isinstance(connector, HaalCentraalBrpClient)
    assert connector._session.cert == "/etc/eenloket/brp.pem"
