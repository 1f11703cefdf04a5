"""Every implemented path and method of the Klantinteracties API, driven as KISS and
Open Formulieren drive Open Klant, with each request and response checked against the
VNG standard's OpenAPI document (openapi-core)."""

from __future__ import annotations

import pytest

from eenloket.contacten.models import Contactverzoek, Onderwerpobject
from eenloket.contacten.tests.klantinteracties_helpers import BASIS, als_token, conform, contact
from eenloket.core.constants import Rol
from eenloket.core.tests.factories import ApiClientFactory, TeamFactory, medewerker
from eenloket.klanten.models import DigitaalAdres, Persoon
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory, geldig_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiss(eikendal):
    return ApiClientFactory(client_id="kiss-eikendal", organisaties=[eikendal])


def _doe(api, method, pad, body=None, status=200):
    url = f"{BASIS}{pad}"
    response = (
        getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)
    )
    assert response.status_code == status, response.content
    return conform(response, method, url, body)


def test_partijen_identificatoren_and_digitale_adressen_follow_the_standard(kiss, eikendal):
    api = als_token(kiss)
    # KISS creates the person first, without BSN ...
    persoon = _doe(
        api,
        "post",
        "/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {
                "contactnaam": {"voornaam": "Fleur", "voorvoegselAchternaam": "van", "achternaam": "Dijk"}
            },
            "digitaleAdressen": [],
            "rekeningnummers": [],
        },
        201,
    )
    assert persoon["partijIdentificatoren"] == []
    # ... and adds the BSN as identificator afterwards
    bsn = geldig_bsn(7)
    ident = _doe(
        api,
        "post",
        "/partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": persoon["uuid"]},
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": bsn,
                "codeRegister": "brp",
            },
        },
        201,
    )
    assert Persoon.objects.get(uuid=persoon["uuid"]).bsn == bsn
    _doe(api, "get", f"/partij-identificatoren/{ident['uuid']}")
    gevonden = _doe(api, "get", f"/partij-identificatoren?partijIdentificatorObjectId={bsn}")
    assert [i["uuid"] for i in gevonden["results"]] == [ident["uuid"]]
    _doe(
        api,
        "patch",
        f"/partij-identificatoren/{ident['uuid']}",
        {"partijIdentificator": ident["partijIdentificator"]},
    )
    _doe(
        api,
        "put",
        f"/partij-identificatoren/{ident['uuid']}",
        {
            "identificeerdePartij": {"uuid": persoon["uuid"]},
            "partijIdentificator": ident["partijIdentificator"],
        },
    )

    lijst = _doe(
        api,
        "get",
        f"/partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={bsn}&expand=digitaleAdressen,betrokkenen",
    )
    assert [p["uuid"] for p in lijst["results"]] == [persoon["uuid"]]
    _doe(api, "get", f"/partijen/{persoon['uuid']}?expand=digitaleAdressen")
    gewijzigd = _doe(
        api,
        "patch",
        f"/partijen/{persoon['uuid']}",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "bezoekadres": {
                "straatnaam": "Dorpsstraat",
                "huisnummer": 12,
                "postcode": "1234 AB",
                "stad": "Eikendal",
                "land": "NL",
            },
        },
    )
    assert gewijzigd["bezoekadres"]["straatnaam"] == "Dorpsstraat"
    _doe(
        api,
        "put",
        f"/partijen/{persoon['uuid']}",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Fleur", "achternaam": "Dijkstra"}},
        },
    )

    organisatie = _doe(
        api,
        "post",
        "/partijen",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "partijIdentificatie": {"naam": "Bakkerij De Korenbloem"},
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "niet_natuurlijk_persoon",
                        "codeSoortObjectId": "kvk_nummer",
                        "objectId": "12345678",
                        "codeRegister": "hr",
                    }
                }
            ],
        },
        201,
    )
    assert organisatie["partijIdentificatie"]["naam"] == "Bakkerij De Korenbloem"
    hernoemd = _doe(
        api,
        "patch",
        f"/partijen/{organisatie['uuid']}",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "partijIdentificatie": {"naam": "De Korenbloem B.V."},
        },
    )
    assert hernoemd["partijIdentificatie"]["naam"] == "De Korenbloem B.V."
    vestiging = _doe(
        api,
        "post",
        "/partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": organisatie["uuid"]},
            "partijIdentificator": {
                "codeObjecttype": "vestiging",
                "codeSoortObjectId": "vestigingsnummer",
                "objectId": "000012345678",
                "codeRegister": "hr",
            },
        },
        201,
    )
    assert vestiging["subIdentificatorVan"]["uuid"] == organisatie["partijIdentificatoren"][0]["uuid"]
    _doe(api, "get", "/partijen?soortPartij=organisatie")

    adres = _doe(
        api,
        "post",
        "/digitaleadressen",
        {
            "verstrektDoorPartij": {"uuid": persoon["uuid"]},
            "adres": "06-12345678",
            "soortDigitaalAdres": "telefoonnummer",
            "omschrijving": "mobiel",
        },
        201,
    )
    assert adres["adres"] == "+31612345678"
    gevonden = _doe(api, "get", "/digitaleadressen?adres=%2B31612345678")
    assert [a["uuid"] for a in gevonden["results"]] == [adres["uuid"]]
    _doe(api, "get", f"/digitaleadressen/{adres['uuid']}?expand=verstrektDoorBetrokkene")
    _doe(api, "patch", f"/digitaleadressen/{adres['uuid']}", {"omschrijving": "werk"})
    _doe(
        api,
        "put",
        f"/digitaleadressen/{adres['uuid']}",
        {
            "verstrektDoorPartij": {"uuid": persoon["uuid"]},
            "adres": "fleur@example.nl",
            "soortDigitaalAdres": "email",
        },
    )
    _doe(api, "delete", f"/digitaleadressen/{adres['uuid']}", status=204)
    assert not DigitaalAdres.objects.filter(uuid=adres["uuid"]).exists()


def test_klantcontact_betrokkene_onderwerpobject_and_interne_taak_follow_the_standard(kiss, eikendal):
    api = als_token(kiss)
    persoon = PersoonFactory(organisatie=eikendal, telefoonnummer="+31612345678")
    team = TeamFactory(organisatie=eikendal, naam="Team Afval")
    behandelaar = medewerker(eikendal, Rol.BEHANDELAAR, telefoonnummer="+31201234567")

    kc = _doe(
        api,
        "post",
        "/klantcontacten",
        {
            "kanaal": "telefoon",
            "onderwerp": "Grofvuil",
            "inhoud": "Wanneer komt de grofvuilwagen?",
            "taal": "nld",
            "vertrouwelijk": False,
            "indicatieContactGelukt": True,
        },
        201,
    )
    assert kc["inhoud"] == "Wanneer komt de grofvuilwagen?"
    assert kc["hadBetrokkenen"] == []
    betrokkene = _doe(
        api,
        "post",
        "/betrokkenen",
        {
            "hadKlantcontact": {"uuid": kc["uuid"]},
            "wasPartij": {"uuid": str(persoon.uuid)},
            "rol": "klant",
            "initiator": True,
        },
        201,
    )
    _doe(api, "get", f"/betrokkenen/{betrokkene['uuid']}?expand=digitaleAdressen")
    _doe(api, "get", f"/betrokkenen?wasPartij__uuid={persoon.uuid}")
    _doe(api, "patch", f"/betrokkenen/{betrokkene['uuid']}", {"initiator": True})
    _doe(
        api,
        "put",
        f"/betrokkenen/{betrokkene['uuid']}",
        {
            "hadKlantcontact": {"uuid": kc["uuid"]},
            "wasPartij": {"uuid": str(persoon.uuid)},
            "rol": "klant",
            "initiator": True,
            "organisatienaam": "",
        },
    )

    obj = _doe(
        api,
        "post",
        "/onderwerpobjecten",
        {
            "klantcontact": {"uuid": kc["uuid"]},
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": "ZAAK-2026-0000001",
                "codeObjecttype": "zgw-Zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "identificatie",
            },
        },
        201,
    )
    _doe(api, "get", f"/onderwerpobjecten/{obj['uuid']}")
    _doe(api, "get", f"/onderwerpobjecten?klantcontact__uuid={kc['uuid']}")
    _doe(
        api,
        "patch",
        f"/onderwerpobjecten/{obj['uuid']}",
        {
            "onderwerpobjectidentificator": {
                "objectId": "ZAAK-2026-0000002",
                "codeObjecttype": "zgw-Zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "identificatie",
            }
        },
    )
    _doe(
        api,
        "put",
        f"/onderwerpobjecten/{obj['uuid']}",
        {"klantcontact": {"uuid": kc["uuid"]}, "wasKlantcontact": None, "onderwerpobjectidentificator": None},
    )

    actoren = _doe(api, "get", "/actoren?soortActor=organisatorische_eenheid")
    assert [a["naam"] for a in actoren["results"]] == ["Team Afval"]
    _doe(api, "get", f"/actoren/{behandelaar.uuid}")
    _doe(api, "get", f"/actoren/{team.uuid}")
    _doe(api, "get", f"/actoren/{kiss.uuid}")

    taak = _doe(
        api,
        "post",
        "/internetaken",
        {
            "gevraagdeHandeling": "Bel mevrouw terug over de ophaaldatum",
            "aanleidinggevendKlantcontact": {"uuid": kc["uuid"]},
            "toegewezenAanActoren": [{"uuid": str(team.uuid)}],
            "toelichting": "Graag vandaag",
            "status": "te_verwerken",
            "_eenloket": {"urgentie": "hoog"},
        },
        201,
    )
    cv = Contactverzoek.objects.get(uuid=taak["uuid"])
    assert cv.team == team
    assert cv.persoon == persoon
    assert cv.urgentie == "hoog"
    assert cv.klantcontact.uuid.hex == kc["uuid"].replace("-", "")
    assert taak["_eenloket"]["deadline"]
    assert taak["_eenloket"]["nummer"].startswith("CV-")
    _doe(api, "get", f"/internetaken?toegewezenAanActor__uuid={team.uuid}&status=te_verwerken")
    _doe(
        api,
        "patch",
        f"/internetaken/{taak['uuid']}",
        {"toegewezenAanActoren": [{"uuid": str(team.uuid)}, {"uuid": str(behandelaar.uuid)}]},
    )
    verwerkt = _doe(
        api,
        "put",
        f"/internetaken/{taak['uuid']}",
        {
            "gevraagdeHandeling": taak["gevraagdeHandeling"],
            "aanleidinggevendKlantcontact": {"uuid": kc["uuid"]},
            "status": "verwerkt",
            "toelichting": "Teruggebeld, datum doorgegeven.",
        },
    )
    assert verwerkt["status"] == "verwerkt"
    assert verwerkt["afgehandeldOp"]
    cv.refresh_from_db()
    assert cv.afsluittekst == "Teruggebeld, datum doorgegeven."

    opgehaald = _doe(
        api,
        "get",
        f"/klantcontacten/{kc['uuid']}?expand=hadBetrokkenen,leiddeTotInterneTaken,gingOverOnderwerpobjecten,omvatteBijlagen",
    )
    assert opgehaald["_expand"]["hadBetrokkenen"][0]["wasPartij"]["uuid"] == str(persoon.uuid)
    assert [t["uuid"] for t in opgehaald["_expand"]["leiddeTotInterneTaken"]] == [taak["uuid"]]
    _doe(api, "get", f"/klantcontacten?hadBetrokkene__wasPartij__uuid={persoon.uuid}&expand=hadBetrokkenen")
    _doe(api, "delete", f"/onderwerpobjecten/{obj['uuid']}", status=204)
    _doe(api, "delete", f"/betrokkenen/{betrokkene['uuid']}", status=204)


def test_maak_klantcontact_actorklantcontacten_and_empty_resources_follow_the_standard(kiss, eikendal):
    api = als_token(kiss)
    bedrijf = BedrijfFactory(organisatie=eikendal)
    body = {
        "klantcontact": {
            "kanaal": "E-mail",
            "onderwerp": "Terrasvergunning",
            "inhoud": "Mag het terras groter?",
            "reactie": "Ja, met een melding.",
            "taal": "nld",
            "vertrouwelijk": False,
        },
        "betrokkene": {
            "wasPartij": {"uuid": str(bedrijf.uuid)},
            "rol": "klant",
            "initiator": True,
            "contactnaam": {"voornaam": "Piet", "achternaam": "Bakker"},
        },
        "onderwerpobject": {
            "onderwerpobjectidentificator": {
                "objectId": "ZAAK-1",
                "codeObjecttype": "zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "identificatie",
            },
            "wasKlantcontact": None,
        },
    }
    gemaakt = _doe(api, "post", "/maak-klantcontact", body, 201)
    assert gemaakt["betrokkene"]["wasPartij"]["uuid"] == str(bedrijf.uuid)
    assert gemaakt["onderwerpobject"]["klantcontact"]["uuid"] == gemaakt["klantcontact"]["uuid"]
    assert Onderwerpobject.objects.count() == 1

    staff = contact(eikendal, bedrijf=bedrijf)
    lijst = _doe(api, "get", f"/actorklantcontacten?klantcontact__uuid={staff.uuid}")
    assert len(lijst["results"]) == 1
    _doe(api, "get", f"/actorklantcontacten/{lijst['results'][0]['uuid']}")
    _doe(api, "get", f"/actoren/{staff.medewerker.uuid}")
    for pad in (
        "/bijlagen",
        "/categorieen",
        "/categorie-relaties",
        "/rekeningnummers",
        "/vertegenwoordigingen",
    ):
        assert _doe(api, "get", pad)["count"] == 0


def test_errors_are_problem_details_the_standard_does_not_contradict(kiss, eikendal):
    api = als_token(kiss)
    persoon = PersoonFactory(organisatie=eikendal)
    fout = conform(
        api.post(
            f"{BASIS}/klantcontacten",
            {"kanaal": "postduif", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
            format="json",
        ),
        "post",
        f"{BASIS}/klantcontacten",
        {"kanaal": "postduif", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
    )
    assert fout["invalidParams"][0]["name"] == "kanaal"
    conform(
        api.get(f"{BASIS}/partijen/00000000-0000-4000-8000-000000000000"),
        "get",
        f"{BASIS}/partijen/00000000-0000-4000-8000-000000000000",
    )
    conform(api.delete(f"{BASIS}/partijen/{persoon.uuid}"), "delete", f"{BASIS}/partijen/{persoon.uuid}")
    assert Persoon.objects.filter(pk=persoon.pk).exists()


@pytest.mark.parametrize(
    ("method", "pad", "body", "status"),
    [
        ("delete", "/partijen/{persoon}", None, 501),
        ("delete", "/partij-identificatoren/{bsn}", None, 501),
        ("patch", "/klantcontacten/{kc}", {"onderwerp": "anders"}, 501),
        (
            "put",
            "/klantcontacten/{kc}",
            {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
            501,
        ),
        ("delete", "/klantcontacten/{kc}", None, 501),
        ("delete", "/internetaken/{cv}", None, 501),
        ("delete", "/actoren/{team}", None, 501),
        ("post", "/bijlagen", {}, 501),
        ("get", "/internetaken/{cv}", None, 200),
        ("get", "/internetaken/00000000-0000-4000-8000-000000000000", None, 404),
        ("get", "/bijlagen/00000000-0000-4000-8000-000000000000", None, 404),
    ],
)
def test_every_other_operation_answers_in_a_way_the_standard_allows(
    kiss, eikendal, method, pad, body, status
):
    from eenloket.contacten.api.ids import afgeleid
    from eenloket.contacten.services import contactverzoek_aanmaken

    persoon = PersoonFactory(organisatie=eikendal)
    kc = contact(eikendal, persoon=persoon)
    team = TeamFactory(organisatie=eikendal)
    cv = contactverzoek_aanmaken(
        organisatie=eikendal,
        by=kc.medewerker,
        vraag="Bellen",
        klantcontact=kc,
        persoon=persoon,
        team=team,
        telefoonnummer="0612345678",
        bevestiging=False,
    )
    ingevuld = pad.format(
        persoon=persoon.uuid, bsn=afgeleid(persoon.uuid, "bsn"), kc=kc.uuid, cv=cv.uuid, team=team.uuid
    )
    _doe(als_token(kiss), method, ingevuld, body, status)
