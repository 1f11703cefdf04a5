"""The KCC's lookups in the BRP and KvK: who may search where, what the processing log
records, that bad input names its field and changes nothing, and taking a found person or
business over into the local party records."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Gebeurtenis, Verwerking
from eenloket.core.tests.factories import medewerker
from eenloket.integraties.brp import BrpFout, BrpPersoon
from eenloket.integraties.kvk import KvkFout, KvkVestiging
from eenloket.integraties.tests.factories import BrpTestpersoonFactory, KvkTestvestigingFactory
from eenloket.klanten.brp import (
    BRP_BEVRAGING,
    KVK_BEVRAGING,
    bedrijf_uit_kvk,
    bedrijven_zoeken,
    personen_zoeken,
    persoon_uit_brp,
)
from eenloket.klanten.models import Bedrijf, Persoon
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory

pytestmark = pytest.mark.django_db

DOEL = "Vraag over paspoortaanvraag, identiteit controleren"
GEBOREN = datetime.date(1983, 5, 26)


@pytest.fixture
def kcc(eikendal):
    """A KCC agent of Eikendal only."""
    return Actor.for_user(medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc-eikendal"))


class OpnemendeBrp:
    """A connector that records its calls and answers from a fixed list."""

    def __init__(self, personen: list[BrpPersoon] | None = None, fout: Exception | None = None) -> None:
        self.personen = personen or []
        self.fout = fout
        self.aanroepen: list[tuple[str, tuple[object, ...]]] = []

    def _antwoord(self, naam: str, *args: object) -> list[BrpPersoon]:
        self.aanroepen.append((naam, args))
        if self.fout is not None:
            raise self.fout
        return self.personen

    def raadpleeg_bsn(self, bsns):
        return self._antwoord("raadpleeg_bsn", bsns)

    def zoek_naam_geboortedatum(self, geslachtsnaam, geboortedatum, voornamen=""):
        return self._antwoord("zoek_naam_geboortedatum", geslachtsnaam, geboortedatum, voornamen)

    def zoek_postcode_huisnummer(self, postcode, huisnummer, huisletter="", huisnummertoevoeging=""):
        return self._antwoord(
            "zoek_postcode_huisnummer", postcode, huisnummer, huisletter, huisnummertoevoeging
        )


# --- personen_zoeken --------------------------------------------------------------------


def test_a_search_by_bsn_returns_the_person_and_logs_the_read_with_the_purpose(eikendal, kcc):
    # given a person in the (test) BRP
    persoon = BrpTestpersoonFactory(geslachtsnaam="Maassen", geboortedatum=GEBOREN)

    # when the agent looks them up, typing the BSN with dots
    bsn_getypt = f"{persoon.bsn[:4]}.{persoon.bsn[4:6]}.{persoon.bsn[6:]}"
    [gevonden] = personen_zoeken(actor=kcc, organisatie=eikendal, doel=DOEL, bsn=bsn_getypt)

    # then
    assert (gevonden.bsn, gevonden.geslachtsnaam) == (persoon.bsn, "Maassen")
    [rij] = Verwerking.objects.all()
    assert rij.organisatie == eikendal
    assert (rij.actor_soort, rij.actor_id) == ("medewerker", "kcc-eikendal")
    assert rij.actie == VerwerkingActie.LEZEN
    assert rij.verwerkingsactiviteit == "brp_bevraging"
    assert (rij.doel, rij.grondslag) == (BRP_BEVRAGING.doel, BRP_BEVRAGING.grondslag)
    assert "Wet BRP art. 3.3" in rij.grondslag
    assert "AVG art. 6 lid 1 sub e" in rij.grondslag
    assert rij.bsn == persoon.bsn
    assert rij.toelichting == DOEL
    assert rij.handeling == "Persoon geraadpleegd in de BRP op BSN"


def test_a_search_by_name_logs_one_row_per_person_found_in_one_action(eikendal, kcc):
    # given two persons of that name and birth date, one with a voorvoegsel
    a = BrpTestpersoonFactory(geslachtsnaam="Maassen", geboortedatum=GEBOREN)
    b = BrpTestpersoonFactory(voorvoegsel="van", geslachtsnaam="Maassen", geboortedatum=GEBOREN)
    BrpTestpersoonFactory(geslachtsnaam="Maassen", geboortedatum=datetime.date(1990, 1, 1))

    # when
    gevonden = personen_zoeken(
        actor=kcc, organisatie=eikendal, doel=DOEL, geslachtsnaam=" maassen ", geboortedatum=GEBOREN
    )

    # then
    assert {p.bsn for p in gevonden} == {a.bsn, b.bsn}
    rijen = list(Verwerking.objects.all())
    assert {r.bsn for r in rijen} == {a.bsn, b.bsn}
    assert len({r.actie_id for r in rijen}) == 1
    assert {r.handeling for r in rijen} == {"Personen gezocht in de BRP op geslachtsnaam en geboortedatum"}


def test_the_number_of_queries_does_not_grow_with_the_persons_found(eikendal, kcc):
    # given one person at one address and three at another
    BrpTestpersoonFactory(postcode="1111AA", huisnummer=1)
    for _ in range(3):
        BrpTestpersoonFactory(postcode="2222BB", huisnummer=2)

    def zoek(postcode: str, huisnummer: int) -> list[BrpPersoon]:
        # a fresh actor each time: an actor caches its permissions
        actor = Actor.for_user(kcc.user)
        return personen_zoeken(
            actor=actor, organisatie=eikendal, doel=DOEL, postcode=postcode, huisnummer=huisnummer
        )

    # when
    with CaptureQueriesContext(connection) as een:
        assert len(zoek("1111AA", 1)) == 1
    with CaptureQueriesContext(connection) as drie:
        assert len(zoek("2222BB", 2)) == 3

    # then
    assert len(drie) == len(een)
    assert Verwerking.objects.count() == 4


def test_a_search_by_address_passes_the_filters_to_the_connector(eikendal, kcc):
    # given
    brp = OpnemendeBrp([BrpPersoon(bsn="999993653")])

    # when
    personen_zoeken(
        actor=kcc,
        organisatie=eikendal,
        doel=DOEL,
        postcode="6921 ab",
        huisnummer=26,
        huisletter=" A ",
        huisnummertoevoeging="3",
        connector=brp,
    )

    # then
    assert brp.aanroepen == [("zoek_postcode_huisnummer", ("6921AB", 26, "A", "3"))]
    assert Verwerking.objects.get().handeling == "Personen gezocht in de BRP op postcode en huisnummer"


def test_nothing_found_logs_nothing(eikendal, kcc):
    # when
    gevonden = personen_zoeken(
        actor=kcc, organisatie=eikendal, doel=DOEL, geslachtsnaam="Onbekend", geboortedatum=GEBOREN
    )

    # then
    assert gevonden == []
    assert not Verwerking.objects.exists()


def test_a_kcc_agent_of_one_municipality_cannot_search_for_another(eikendal, lindewaard, kcc):
    # given
    brp = OpnemendeBrp([BrpPersoon(bsn="999993653")])

    # when / then
    with pytest.raises(PermissionDenied):
        personen_zoeken(actor=kcc, organisatie=lindewaard, doel=DOEL, bsn="999993653", connector=brp)
    assert brp.aanroepen == []
    assert not Verwerking.objects.exists()


def test_a_role_without_klant_bekijken_cannot_search(eikendal):
    # given a functioneel beheerder (manages staff, sees no residents)
    beheerder = Actor.for_user(medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER))

    # when / then
    with pytest.raises(PermissionDenied):
        personen_zoeken(actor=beheerder, organisatie=eikendal, doel=DOEL, bsn="999993653")


@pytest.mark.parametrize(
    ("invoer", "velden"),
    [
        ({"bsn": "123456789"}, {"bsn"}),
        ({"bsn": "999993653", "doel": "   "}, {"doel"}),
        ({"bsn": "999993653", "doel": "x" * 501}, {"doel"}),
        ({"geslachtsnaam": "Maassen"}, {"geboortedatum"}),
        ({"geboortedatum": GEBOREN}, {"geslachtsnaam"}),
        ({"geslachtsnaam": "Ma*", "geboortedatum": GEBOREN}, {"geslachtsnaam"}),
        ({"geslachtsnaam": "Maassen1", "geboortedatum": GEBOREN}, {"geslachtsnaam"}),
        ({"geslachtsnaam": "Maassen", "geboortedatum": datetime.date(2999, 1, 1)}, {"geboortedatum"}),
        ({"geslachtsnaam": "Maassen", "geboortedatum": datetime.date(1850, 1, 1)}, {"geboortedatum"}),
        ({"geslachtsnaam": "Maassen", "geboortedatum": GEBOREN, "voornamen": "J@n"}, {"voornamen"}),
        ({"postcode": "1234AB"}, {"huisnummer"}),
        ({"huisnummer": 12}, {"postcode"}),
        ({"postcode": "0234AB", "huisnummer": 1}, {"postcode"}),
        ({"postcode": "1234 SS", "huisnummer": 1}, {"postcode"}),
        ({"postcode": "1234AB", "huisnummer": 0}, {"huisnummer"}),
        ({"postcode": "1234AB", "huisnummer": 100000}, {"huisnummer"}),
        ({"postcode": "1234AB", "huisnummer": 1, "huisletter": "AB"}, {"huisletter"}),
        ({"postcode": "1234AB", "huisnummer": 1, "huisnummertoevoeging": "12345"}, {"huisnummertoevoeging"}),
        ({"postcode": "1234AB", "huisletter": "1", "doel": ""}, {"huisnummer", "huisletter", "doel"}),
        ({}, {"__all__"}),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(eikendal, kcc, invoer, velden):
    # given
    brp = OpnemendeBrp([BrpPersoon(bsn="999993653")])
    argumenten = {"doel": DOEL, **invoer}

    # when
    with pytest.raises(ValidationError) as fout:
        personen_zoeken(actor=kcc, organisatie=eikendal, connector=brp, **argumenten)

    # then
    assert set(fout.value.message_dict) == velden
    assert all(berichten and berichten[0] for berichten in fout.value.message_dict.values())
    assert brp.aanroepen == []
    assert not Verwerking.objects.exists()


def test_a_brp_failure_reaches_the_caller_and_logs_nothing(eikendal, kcc):
    # given
    brp = OpnemendeBrp(fout=BrpFout("De BRP is tijdelijk niet beschikbaar (HTTP 503).", status=503))

    # when / then
    with pytest.raises(BrpFout, match="tijdelijk niet beschikbaar"):
        personen_zoeken(actor=kcc, organisatie=eikendal, doel=DOEL, bsn="999993653", connector=brp)
    assert not Verwerking.objects.exists()


# --- persoon_uit_brp --------------------------------------------------------------------

BRP_SUZANNE = BrpPersoon(
    bsn="999993653",
    voornamen="Suzanne",
    voorvoegsel="van",
    geslachtsnaam="Moulin",
    geboortedatum=datetime.date(1985, 7, 27),
    geslacht="V",
    straat="Kerkstraat",
    huisnummer=12,
    huisletter="b",
    postcode="5531AB",
    woonplaats="Eikendal",
)


def test_persoon_uit_brp_creates_the_local_person_through_the_normal_service(eikendal, kcc):
    # when
    persoon = persoon_uit_brp(organisatie=eikendal, brp=BRP_SUZANNE, by=kcc)

    # then
    persoon.refresh_from_db()
    assert (persoon.bsn, persoon.voorvoegsel, persoon.geslachtsnaam) == ("999993653", "van", "Moulin")
    assert persoon.postcode == "5531 AB"
    assert persoon.adres == "Kerkstraat 12b, 5531 AB Eikendal"
    assert Verwerking.objects.get().actie == VerwerkingActie.AANMAKEN
    assert Gebeurtenis.objects.get().type == "persoon.aangemaakt"


def test_persoon_uit_brp_updates_only_what_changed_and_keeps_contact_details(eikendal, kcc):
    # given the person is known, with an old address and a telephone number
    bekend = persoon_uit_brp(organisatie=eikendal, brp=BRP_SUZANNE, by=kcc)
    Persoon.objects.filter(pk=bekend.pk).update(
        straat="Oude Weg", huisnummer=1, telefoonnummer="+31612345678"
    )
    voor = Verwerking.objects.count()

    # when
    persoon = persoon_uit_brp(organisatie=eikendal, brp=BRP_SUZANNE, by=kcc)

    # then
    persoon.refresh_from_db()
    assert persoon.pk == bekend.pk
    assert (persoon.straat, persoon.huisnummer, persoon.telefoonnummer) == ("Kerkstraat", 12, "+31612345678")
    assert Verwerking.objects.count() == voor + 1
    wijziging = Verwerking.objects.order_by("-id").first()
    assert wijziging.actie == VerwerkingActie.WIJZIGEN
    assert wijziging.toelichting == "straat, huisnummer"

    # and once more, nothing changes, nothing is logged
    persoon_uit_brp(organisatie=eikendal, brp=BRP_SUZANNE, by=kcc)
    assert Verwerking.objects.count() == voor + 1


def test_persoon_uit_brp_keeps_a_person_in_another_municipality_apart(eikendal, lindewaard, kcc):
    # given the same BSN known in Lindewaard
    ander = PersoonFactory(organisatie=lindewaard, bsn=BRP_SUZANNE.bsn, geslachtsnaam="Oud")

    # when Eikendal takes the person over
    persoon_uit_brp(organisatie=eikendal, brp=BRP_SUZANNE, by=kcc)

    # then Lindewaard's record is untouched, and Eikendal has its own
    ander.refresh_from_db()
    assert ander.geslachtsnaam == "Oud"
    assert Persoon.objects.filter(bsn=BRP_SUZANNE.bsn).count() == 2


def test_persoon_uit_brp_needs_klant_wijzigen_in_that_organisation(lindewaard, kcc):
    with pytest.raises(PermissionDenied):
        persoon_uit_brp(organisatie=lindewaard, brp=BRP_SUZANNE, by=kcc)
    assert not Persoon.objects.exists()


# --- bedrijven_zoeken and bedrijf_uit_kvk -----------------------------------------------


def test_bedrijven_zoeken_logs_each_kvk_number_found_with_the_purpose(eikendal, kcc):
    # given a business with two establishments and another business
    KvkTestvestigingFactory(kvk_nummer="12345678", handelsnaam="Korenschoof")
    KvkTestvestigingFactory(kvk_nummer="12345678", handelsnaam="Korenschoof Zuid")
    KvkTestvestigingFactory(kvk_nummer="87654321", handelsnaam="Korenschoof Noord")

    # when
    gevonden = bedrijven_zoeken(actor=kcc, organisatie=eikendal, doel=DOEL, naam="korenschoof")

    # then
    assert len(gevonden) == 3
    rijen = Verwerking.objects.order_by("kvk_nummer")
    assert [r.kvk_nummer for r in rijen] == ["12345678", "87654321"]
    assert {(r.verwerkingsactiviteit, r.actie, r.toelichting, r.bsn) for r in rijen} == {
        (KVK_BEVRAGING.code, VerwerkingActie.LEZEN, DOEL, "")
    }


@pytest.mark.parametrize(
    ("invoer", "velden"),
    [
        ({"kvk_nummer": "1234"}, {"kvk_nummer"}),
        ({"vestigingsnummer": "12345"}, {"vestigingsnummer"}),
        ({"naam": "K"}, {"naam"}),
        ({"naam": "Korenschoof", "doel": ""}, {"doel"}),
        ({}, {"__all__"}),
    ],
)
def test_bedrijven_zoeken_bad_input_names_the_field(eikendal, kcc, invoer, velden):
    argumenten = {"doel": DOEL, **invoer}
    with pytest.raises(ValidationError) as fout:
        bedrijven_zoeken(actor=kcc, organisatie=eikendal, **argumenten)
    assert set(fout.value.message_dict) == velden
    assert not Verwerking.objects.exists()


def test_bedrijven_zoeken_permission_and_failure(eikendal, lindewaard, kcc):
    class KapotteKvk:
        def zoeken(self, *, kvk_nummer="", vestigingsnummer="", naam=""):
            raise KvkFout("De KvK is niet bereikbaar.", code="onbereikbaar")

    with pytest.raises(PermissionDenied):
        bedrijven_zoeken(actor=kcc, organisatie=lindewaard, doel=DOEL, naam="Korenschoof")
    with pytest.raises(KvkFout):
        bedrijven_zoeken(
            actor=kcc, organisatie=eikendal, doel=DOEL, naam="Korenschoof", connector=KapotteKvk()
        )
    assert not Verwerking.objects.exists()


def test_bedrijf_uit_kvk_creates_then_updates_without_emptying_undelivered_fields(eikendal, kcc):
    # given a result of the real Zoeken API: no rechtsvorm nor activiteit
    kvk = KvkVestiging(
        kvk_nummer="68750110",
        vestigingsnummer="000037178598",
        handelsnaam="Test BV Donald",
        straat="Hizzaarderlaan",
        huisnummer=3,
        huisletter="A",
        postcode="1621AB",
        woonplaats="Lollum",
        type="hoofdvestiging",
    )

    # when
    bedrijf = bedrijf_uit_kvk(organisatie=eikendal, kvk=kvk, by=kcc)

    # then
    bedrijf.refresh_from_db()
    assert (bedrijf.handelsnaam, bedrijf.postcode, bedrijf.adres) == (
        "Test BV Donald",
        "1621 AB",
        "Hizzaarderlaan 3A, 1621 AB Lollum",
    )
    assert Gebeurtenis.objects.get().type == "bedrijf.aangemaakt"

    # given the business has a known rechtsvorm, and the KvK now has a new name
    Bedrijf.objects.filter(pk=bedrijf.pk).update(rechtsvorm="Besloten vennootschap")
    nieuw = KvkVestiging(**{**kvk.__dict__, "handelsnaam": "Donald & Zn B.V."})

    # when
    bedrijf_uit_kvk(organisatie=eikendal, kvk=nieuw, by=kcc)

    # then
    bedrijf.refresh_from_db()
    assert (bedrijf.handelsnaam, bedrijf.rechtsvorm) == ("Donald & Zn B.V.", "Besloten vennootschap")
    wijziging = Verwerking.objects.filter(actie=VerwerkingActie.WIJZIGEN).get()
    assert (wijziging.kvk_nummer, wijziging.toelichting) == ("68750110", "handelsnaam")
    assert Gebeurtenis.objects.filter(type="bedrijf.gewijzigd").count() == 1


def test_bedrijf_uit_kvk_leaves_another_establishment_alone(eikendal, kcc):
    # given another establishment of the same business is known
    ander = BedrijfFactory(organisatie=eikendal, kvk_nummer="68750110", vestigingsnummer="000037178601")

    # when
    bedrijf_uit_kvk(
        organisatie=eikendal,
        kvk=KvkVestiging(kvk_nummer="68750110", vestigingsnummer="000037178598", handelsnaam="Hoofd"),
        by=kcc,
    )

    # then
    assert Bedrijf.objects.filter(kvk_nummer="68750110").count() == 2
    ander.refresh_from_db()
    assert ander.handelsnaam != "Hoofd"
