"""The Klantinteracties API's behaviour beyond the shapes: authentication (Token, JWT,
session, none), tenant isolation on every endpoint, the filters klantbeeld clients
use, Idempotency-Key, the processing log, query counts, and bad input that writes
nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from eenloket.api.tests.test_api import maak_jwt
from eenloket.contacten import services as contact_services
from eenloket.contacten.api.authentication import klantinteracties_token
from eenloket.contacten.api.ids import afgeleid
from eenloket.contacten.models import Contactverzoek, Klantcontact, Onderwerpobject
from eenloket.contacten.tests.klantinteracties_helpers import BASIS, als_token, assert_problem, contact, namen
from eenloket.core.constants import Rol
from eenloket.core.models import Gebeurtenis, Verwerking
from eenloket.core.tests.factories import ApiClientFactory, TeamFactory, medewerker
from eenloket.klanten.models import DigitaalAdres, Persoon
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiss(eikendal):
    return ApiClientFactory(client_id="kiss-eikendal", organisaties=[eikendal])


@pytest.fixture
def api(kiss):
    return als_token(kiss)


def _tellingen() -> dict[str, int]:
    return {
        "klantcontacten": Klantcontact.objects.count(),
        "contactverzoeken": Contactverzoek.objects.count(),
        "onderwerpobjecten": Onderwerpobject.objects.count(),
        "personen": Persoon.objects.count(),
        "adressen": DigitaalAdres.objects.count(),
        "verwerkingen": Verwerking.objects.count(),
        "gebeurtenissen": Gebeurtenis.objects.count(),
    }


def _wereld(org):
    """One of everything in ``org``: person, business, address, contact with party and
    onderwerpobject, contactverzoek (interne taak) for a team."""
    persoon = PersoonFactory(organisatie=org, telefoonnummer="+31612345678")
    bedrijf = BedrijfFactory(organisatie=org)
    adres = DigitaalAdres.objects.create(
        organisatie=org, persoon=persoon, soort="email", adres=f"{org.code}@example.nl"
    )
    kc = contact(org, persoon=persoon)
    obj = Onderwerpobject.objects.create(
        organisatie=org, klantcontact=kc, object_id=f"ZAAK-{org.code}", code_objecttype="zaak"
    )
    team = TeamFactory(organisatie=org)
    cv = contact_services.contactverzoek_aanmaken(
        organisatie=org,
        by=kc.medewerker,
        vraag="Terugbellen",
        persoon=persoon,
        klantcontact=kc,
        team=team,
        telefoonnummer="0612345678",
        bevestiging=False,
    )
    return {
        "persoon": persoon,
        "bedrijf": bedrijf,
        "adres": adres,
        "kc": kc,
        "obj": obj,
        "team": team,
        "cv": cv,
    }


# --- authentication ---------------------------------------------------------------------


def test_a_token_as_open_klant_clients_send_it_is_accepted(kiss, eikendal):
    # given
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {klantinteracties_token(kiss)}")

    # when
    response = api.get(f"{BASIS}/klantcontacten")

    # then
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_our_jwt_is_accepted_too(kiss, eikendal):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {maak_jwt(kiss)}")
    assert api.get(f"{BASIS}/partijen").status_code == 200


def test_staff_use_it_with_their_session(eikendal):
    api = APIClient()
    api.force_login(medewerker(eikendal, Rol.KCC_MEDEWERKER))
    assert api.get(f"{BASIS}/internetaken").status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Token nep.0000", "Token kiss-eikendal.verkeerd", "Token", "Bearer geen-jwt"],
)
def test_without_valid_credentials_the_answer_is_401(kiss, header):
    api = APIClient()
    if header:
        api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(f"{BASIS}/partijen")
    assert_problem(response, 401)
    if header is None:
        assert response["WWW-Authenticate"].startswith("Token")


def test_a_token_stops_working_when_the_secret_is_rotated_or_the_client_deactivated(kiss):
    token = klantinteracties_token(kiss)
    kiss.secret = "een-nieuw-lang-geheim-0123456789abcdef"
    kiss.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"{BASIS}/partijen").status_code == 401
    kiss.actief = False
    kiss.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {klantinteracties_token(kiss)}")
    assert api.get(f"{BASIS}/partijen").status_code == 401


def test_a_client_without_contact_rights_cannot_register_contacts(eikendal):
    # given a client that may only read residents
    lezer = ApiClientFactory(client_id="lezer", organisaties=[eikendal], scopes=["klant.bekijken"])
    voor = _tellingen()

    # when
    response = als_token(lezer).post(
        f"{BASIS}/klantcontacten",
        {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
        format="json",
    )

    # then
    assert_problem(response, 403)
    assert _tellingen() == voor


def test_a_client_that_may_not_handle_contactverzoeken_cannot_close_an_interne_taak(eikendal):
    wereld = _wereld(eikendal)
    kcc = ApiClientFactory(
        client_id="registratie", organisaties=[eikendal], scopes=["klant.bekijken", "contact.registreren"]
    )
    response = als_token(kcc).patch(
        f"{BASIS}/internetaken/{wereld['cv'].uuid}", {"status": "verwerkt"}, format="json"
    )
    assert_problem(response, 403)
    wereld["cv"].refresh_from_db()
    assert wereld["cv"].is_open


# --- tenancy ----------------------------------------------------------------------------

LIJSTEN = (
    "partijen",
    "partij-identificatoren",
    "digitaleadressen",
    "klantcontacten",
    "betrokkenen",
    "onderwerpobjecten",
    "actoren",
    "actorklantcontacten",
    "internetaken",
)


def _uuids_van(wereld) -> dict[str, str]:
    kc = wereld["kc"]
    return {
        "partijen": str(wereld["persoon"].uuid),
        "partij-identificatoren": str(afgeleid(wereld["persoon"].uuid, "bsn")),
        "digitaleadressen": str(wereld["adres"].uuid),
        "klantcontacten": str(kc.uuid),
        "betrokkenen": str(afgeleid(kc.uuid, "betrokkene")),
        "onderwerpobjecten": str(wereld["obj"].uuid),
        "actoren": str(wereld["team"].uuid),
        "actorklantcontacten": str(afgeleid(kc.uuid, "actorklantcontact")),
        "internetaken": str(wereld["cv"].uuid),
    }


@pytest.mark.parametrize("resource", LIJSTEN)
def test_a_client_of_one_organisation_never_sees_another_organisations_rows(
    api, eikendal, lindewaard, resource
):
    # given rows in both organisations
    eigen = _uuids_van(_wereld(eikendal))[resource]
    vreemd = _uuids_van(_wereld(lindewaard))[resource]

    # when
    lijst = api.get(f"{BASIS}/{resource}?pageSize=500")
    eigen_detail = api.get(f"{BASIS}/{resource}/{eigen}")
    vreemd_detail = api.get(f"{BASIS}/{resource}/{vreemd}")

    # then
    gevonden = {r["uuid"] for r in lijst.json()["results"]}
    assert eigen in gevonden
    assert vreemd not in gevonden
    assert eigen_detail.status_code == 200
    assert_problem(vreemd_detail, 404)


def test_a_client_cannot_write_into_another_organisations_rows(api, eikendal, lindewaard):
    vreemd = _wereld(lindewaard)
    voor = _tellingen()
    pogingen = [
        api.post(
            f"{BASIS}/betrokkenen",
            {"hadKlantcontact": {"uuid": str(vreemd["kc"].uuid)}, "rol": "klant", "initiator": True},
            format="json",
        ),
        api.post(
            f"{BASIS}/digitaleadressen",
            {
                "verstrektDoorPartij": {"uuid": str(vreemd["persoon"].uuid)},
                "adres": "a@b.nl",
                "soortDigitaalAdres": "email",
            },
            format="json",
        ),
        api.post(
            f"{BASIS}/onderwerpobjecten", {"klantcontact": {"uuid": str(vreemd["kc"].uuid)}}, format="json"
        ),
        api.post(
            f"{BASIS}/internetaken",
            {
                "gevraagdeHandeling": "x",
                "aanleidinggevendKlantcontact": {"uuid": str(vreemd["kc"].uuid)},
                "status": "te_verwerken",
            },
            format="json",
        ),
        api.patch(f"{BASIS}/digitaleadressen/{vreemd['adres'].uuid}", {"omschrijving": "x"}, format="json"),
        api.delete(f"{BASIS}/onderwerpobjecten/{vreemd['obj'].uuid}"),
    ]
    assert [p.status_code for p in pogingen] == [400, 400, 400, 400, 404, 404]
    assert _tellingen() == voor


def test_a_client_of_several_organisations_chooses_one_on_create(eikendal, lindewaard):
    gedeeld = ApiClientFactory(client_id="kcc-kempen", organisaties=[eikendal, lindewaard])
    api = als_token(gedeeld)
    body = {
        "kanaal": "telefoon",
        "onderwerp": "Paspoort",
        "reactie": "Afspraak gemaakt",
        "taal": "nld",
        "vertrouwelijk": False,
    }

    zonder = api.post(f"{BASIS}/klantcontacten", body, format="json")
    met = api.post(f"{BASIS}/klantcontacten?organisatie=lindewaard", body, format="json")
    onbekend = api.post(f"{BASIS}/klantcontacten?organisatie=elders", body, format="json")

    assert namen(zonder) == {"organisatie"}
    assert met.status_code == 201
    assert Klantcontact.objects.get(uuid=met.json()["uuid"]).organisatie == lindewaard
    assert namen(onbekend) == {"organisatie"}


# --- filters ----------------------------------------------------------------------------


def test_partijen_are_found_by_their_identificator(api, eikendal):
    persoon = PersoonFactory(organisatie=eikendal)
    bedrijf = BedrijfFactory(organisatie=eikendal, vestigingsnummer="000012345678")
    PersoonFactory(organisatie=eikendal)

    def zoek(query: str) -> list[str]:
        response = api.get(f"{BASIS}/partijen?{query}")
        assert response.status_code == 200, response.content
        return [p["uuid"] for p in response.json()["results"]]

    assert zoek(
        f"partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={persoon.bsn}"
    ) == [str(persoon.uuid)]
    assert zoek(f"partijIdentificator__objectId={persoon.bsn}&partijIdentificator__codeRegister=brp") == [
        str(persoon.uuid)
    ]
    assert zoek(
        f"partijIdentificator__codeSoortObjectId=kvk_nummer&partijIdentificator__objectId={bedrijf.kvk_nummer}"
    ) == [str(bedrijf.uuid)]
    assert zoek(
        "partijIdentificator__codeSoortObjectId=vestigingsnummer&partijIdentificator__objectId=000012345678"
    ) == [str(bedrijf.uuid)]
    assert (
        zoek(f"partijIdentificator__codeSoortObjectId=kvk_nummer&partijIdentificator__objectId={persoon.bsn}")
        == []
    )
    assert zoek("partijIdentificator__objectId=999999999") == []
    assert zoek("soortPartij=organisatie") == [str(bedrijf.uuid)]


def test_digitale_adressen_are_found_by_adres(api, eikendal):
    # given an e-mail address, and the phone number remembered from the contact
    wereld = _wereld(eikendal)
    assert [
        a["uuid"] for a in api.get(f"{BASIS}/digitaleadressen?adres=eikendal@example.nl").json()["results"]
    ] == [str(wereld["adres"].uuid)]
    assert api.get(f"{BASIS}/digitaleadressen?adres=06-12345678").json()["count"] == 1
    assert api.get(f"{BASIS}/digitaleadressen?adres=onbekend@example.nl").json()["count"] == 0
    assert (
        api.get(f"{BASIS}/digitaleadressen?verstrektDoorPartij__uuid={wereld['persoon'].uuid}").json()[
            "count"
        ]
        == 2
    )


def test_klantcontacten_are_found_by_onderwerpobject_and_by_party(api, eikendal):
    wereld = _wereld(eikendal)
    ander = contact(eikendal, persoon=PersoonFactory(organisatie=eikendal))
    partij_url = f"http://testserver{BASIS}/partijen/{wereld['persoon'].uuid}"

    def zoek(query: str) -> list[str]:
        response = api.get(f"{BASIS}/klantcontacten?{query}")
        assert response.status_code == 200, response.content
        return [c["uuid"] for c in response.json()["results"]]

    assert zoek(f"hadBetrokkene__wasPartij__url={partij_url}") == [str(wereld["kc"].uuid)]
    assert zoek(f"hadBetrokkene__wasPartij__uuid={wereld['persoon'].uuid}") == [str(wereld["kc"].uuid)]
    assert zoek(f"hadBetrokkene__wasPartij__partijIdentificator__objectId={wereld['persoon'].bsn}") == [
        str(wereld["kc"].uuid)
    ]
    assert zoek("onderwerpobject__onderwerpobjectidentificatorObjectId=ZAAK-eikendal") == [
        str(wereld["kc"].uuid)
    ]
    assert zoek("onderwerpobject__onderwerpobjectidentificatorObjectId=ZAAK-elders") == []
    assert set(zoek("kanaal=telefoon")) == {str(wereld["kc"].uuid), str(ander.uuid)}
    assert zoek("hadBetrokkene__wasPartij__uuid=geen-uuid") == []


def test_internetaken_are_found_by_actor_status_and_klantcontact(api, eikendal):
    wereld = _wereld(eikendal)
    cv = str(wereld["cv"].uuid)

    def zoek(query: str) -> list[str]:
        response = api.get(f"{BASIS}/internetaken?{query}")
        assert response.status_code == 200, response.content
        return [t["uuid"] for t in response.json()["results"]]

    assert zoek(f"toegewezenAanActor__uuid={wereld['team'].uuid}") == [cv]
    assert zoek(f"toegewezenAanActor__url=http://testserver{BASIS}/actoren/{wereld['team'].uuid}") == [cv]
    assert zoek("status=te_verwerken") == [cv]
    assert zoek("status=verwerkt") == []
    assert zoek(f"aanleidinggevendKlantcontact__uuid={wereld['kc'].uuid}") == [cv]
    assert zoek(f"klantcontact__uuid={wereld['kc'].uuid}") == [cv]
    assert zoek(f"nummer={wereld['cv'].nummer}") == [cv]
    assert_problem(api.get(f"{BASIS}/internetaken?status=misschien"), 400)


def test_lists_are_paginated_as_the_standard_pages(api, eikendal):
    for _ in range(3):
        PersoonFactory(organisatie=eikendal)
    BedrijfFactory(organisatie=eikendal)
    eerste = api.get(f"{BASIS}/partijen?pageSize=2").json()
    tweede = api.get(eerste["next"]).json()
    assert eerste["count"] == 4
    assert len(eerste["results"]) == 2
    assert eerste["previous"] is None
    assert len(tweede["results"]) == 2
    assert tweede["next"] is None
    assert tweede["previous"]
    assert {p["uuid"] for p in eerste["results"]}.isdisjoint({p["uuid"] for p in tweede["results"]})
    assert_problem(api.get(f"{BASIS}/partijen?page=9"), 404)


# --- idempotency --------------------------------------------------------------------------


def test_a_retried_klantcontact_with_the_same_idempotency_key_writes_nothing(api, eikendal):
    body = {
        "kanaal": "telefoon",
        "onderwerp": "Afval",
        "inhoud": "Container kapot",
        "reactie": "Melding gemaakt",
        "taal": "nld",
        "vertrouwelijk": False,
    }
    eerste = api.post(f"{BASIS}/klantcontacten", body, format="json", HTTP_IDEMPOTENCY_KEY="kiss-123")
    voor = _tellingen()

    tweede = api.post(f"{BASIS}/klantcontacten", body, format="json", HTTP_IDEMPOTENCY_KEY="kiss-123")

    assert eerste.status_code == tweede.status_code == 201
    assert tweede.json()["uuid"] == eerste.json()["uuid"]
    assert tweede["Idempotent-Replayed"] == "true"
    assert _tellingen() == voor


def test_a_retried_maak_klantcontact_returns_the_first_result_and_writes_nothing(api, eikendal):
    persoon = PersoonFactory(organisatie=eikendal)
    body = {
        "klantcontact": {
            "kanaal": "balie",
            "onderwerp": "Rijbewijs",
            "inhoud": "Verlengen",
            "reactie": "Online aanvragen",
            "taal": "nld",
            "vertrouwelijk": False,
        },
        "betrokkene": {"wasPartij": {"uuid": str(persoon.uuid)}, "rol": "klant", "initiator": True},
        "onderwerpobject": {
            "onderwerpobjectidentificator": {
                "objectId": "P-1",
                "codeObjecttype": "product",
                "codeRegister": "pdc",
                "codeSoortObjectId": "id",
            }
        },
    }
    eerste = api.post(f"{BASIS}/maak-klantcontact", body, format="json", HTTP_IDEMPOTENCY_KEY="maak-1")
    voor = _tellingen()
    tweede = api.post(f"{BASIS}/maak-klantcontact", body, format="json", HTTP_IDEMPOTENCY_KEY="maak-1")
    assert eerste.status_code == tweede.status_code == 201
    assert tweede.json() == eerste.json()
    assert _tellingen() == voor


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pad", "body", "veld"),
    [
        (
            "klantcontacten",
            {"kanaal": "telefoon", "onderwerp": "", "inhoud": "", "taal": "nld", "vertrouwelijk": False},
            "inhoud",
        ),
        ("klantcontacten", {"onderwerp": "x", "taal": "nld", "vertrouwelijk": False}, "kanaal"),
        (
            "klantcontacten",
            {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": "misschien"},
            "vertrouwelijk",
        ),
        (
            "partijen",
            {"soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"voornaam": "Jan"}}},
            "partijIdentificatie.contactnaam.achternaam",
        ),
        (
            "partijen",
            {
                "soortPartij": "persoon",
                "partijIdentificatie": {"contactnaam": {"achternaam": "Jansen"}},
                "partijIdentificatoren": [
                    {
                        "partijIdentificator": {
                            "codeObjecttype": "natuurlijk_persoon",
                            "codeSoortObjectId": "bsn",
                            "objectId": "123456789",
                            "codeRegister": "brp",
                        }
                    }
                ],
            },
            "partijIdentificatoren.0.partijIdentificator.objectId",
        ),
        (
            "partijen",
            {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "BV"}},
            "partijIdentificatoren",
        ),
        ("digitaleadressen", {"adres": "geen-mail", "soortDigitaalAdres": "email"}, "verstrektDoorPartij"),
        (
            "internetaken",
            {"gevraagdeHandeling": "x", "status": "te_verwerken"},
            "aanleidinggevendKlantcontact",
        ),
        (
            "maak-klantcontact",
            {"klantcontact": {"kanaal": "duif", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False}},
            "klantcontact.kanaal",
        ),
    ],
)
def test_bad_input_names_the_field_in_dutch_and_writes_nothing(api, eikendal, pad, body, veld):
    voor = _tellingen()
    response = api.post(f"{BASIS}/{pad}", body, format="json")
    assert_problem(response, 400, "invalid")
    assert veld in namen(response)
    assert _tellingen() == voor


def test_a_failing_betrokkene_rolls_back_the_whole_maak_klantcontact(api, eikendal):
    voor = _tellingen()
    response = api.post(
        f"{BASIS}/maak-klantcontact",
        {
            "klantcontact": {
                "kanaal": "telefoon",
                "onderwerp": "x",
                "reactie": "y",
                "taal": "nld",
                "vertrouwelijk": False,
            },
            "betrokkene": {
                "wasPartij": {"uuid": "00000000-0000-4000-8000-000000000000"},
                "rol": "klant",
                "initiator": True,
            },
        },
        format="json",
    )
    assert "betrokkene.wasPartij.uuid" in namen(response)
    assert _tellingen() == voor


def test_a_person_without_bsn_can_be_registered_and_the_bsn_stays_unique(api, eikendal):
    bestaand = PersoonFactory(organisatie=eikendal)
    body = {"soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "Zonder"}}}
    assert api.post(f"{BASIS}/partijen", body, format="json").status_code == 201
    assert api.post(f"{BASIS}/partijen", body, format="json").status_code == 201
    nieuw = Persoon.objects.filter(bsn="").first()
    response = api.post(
        f"{BASIS}/partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": str(nieuw.uuid)},
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": bestaand.bsn,
                "codeRegister": "brp",
            },
        },
        format="json",
    )
    assert namen(response) == {"partijIdentificator.objectId"}
    assert Persoon.objects.filter(bsn="").count() == 2


@pytest.mark.parametrize(
    ("method", "pad"),
    [
        ("post", "actoren"),
        ("post", "bijlagen"),
        ("post", "categorieen"),
        ("patch", "klantcontacten/{kc}"),
        ("delete", "klantcontacten/{kc}"),
        ("delete", "internetaken/{cv}"),
    ],
)
def test_operations_eenloket_does_not_support_answer_501(api, eikendal, method, pad):
    wereld = _wereld(eikendal)
    response = getattr(api, method)(
        f"{BASIS}/{pad.format(kc=wereld['kc'].uuid, cv=wereld['cv'].uuid)}", {}, format="json"
    )
    assert_problem(response, 501, "niet_ondersteund")


# --- processing log and query counts -------------------------------------------------------


def test_reading_a_partij_writes_the_processing_log(api, kiss, eikendal):
    persoon = PersoonFactory(organisatie=eikendal)
    voor = Verwerking.objects.count()
    assert api.get(f"{BASIS}/partijen/{persoon.uuid}").status_code == 200
    rij = Verwerking.objects.order_by("-id").first()
    assert Verwerking.objects.count() == voor + 1
    assert (rij.bsn, rij.actie, rij.actor_id, rij.organisatie) == (
        persoon.bsn,
        "lezen",
        kiss.client_id,
        eikendal,
    )


@pytest.mark.parametrize(
    ("resource", "verwacht"),
    [
        ("partijen", 3),
        ("klantcontacten", 3),
        ("betrokkenen", 3),
        ("internetaken", 3),
        ("digitaleadressen", 3),
        ("partij-identificatoren", 3),
    ],
)
def test_a_list_writes_one_row_per_person_in_one_insert(api, eikendal, resource, verwacht):
    for _ in range(3):
        _wereld(eikendal)
    voor = Verwerking.objects.count()
    response = api.get(f"{BASIS}/{resource}")
    assert response.status_code == 200
    nieuw = list(Verwerking.objects.order_by("-id")[: Verwerking.objects.count() - voor])
    assert len({r.bsn for r in nieuw if r.bsn}) == verwacht
    assert len({r.actie_id for r in nieuw}) == 1


@pytest.mark.parametrize("resource", LIJSTEN)
def test_list_queries_do_not_grow_with_the_rows(api, eikendal, resource, django_assert_max_num_queries):
    expand = "hadBetrokkenen,leiddeTotInterneTaken,gingOverOnderwerpobjecten,digitaleAdressen,betrokkenen"
    url = f"{BASIS}/{resource}?expand={expand}"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = api.get(url)
        assert response.status_code == 200
        return len(context.captured_queries)

    # given one row of every kind, then six
    _wereld(eikendal)
    api.get(url)  # warm the per-client caches
    een = queries()
    for _ in range(5):
        _wereld(eikendal)

    # then a page of six costs what a page of one costs, and little
    assert queries() == een
    with django_assert_max_num_queries(14):
        response = api.get(url)
    assert response.json()["count"] >= 6


def test_the_url_fields_are_absolute_and_built_from_the_request(api, eikendal, settings):
    settings.ALLOWED_HOSTS = ["kcc.eikendal.nl"]
    wereld = _wereld(eikendal)
    body = api.get(f"{BASIS}/klantcontacten/{wereld['kc'].uuid}", HTTP_HOST="kcc.eikendal.nl").json()
    assert body["url"] == f"http://kcc.eikendal.nl{BASIS}/klantcontacten/{wereld['kc'].uuid}"
    assert body["hadBetrokkenen"][0]["url"].startswith("http://kcc.eikendal.nl/")


def test_mounted_where_open_klant_mounts_it():
    assert reverse("klantinteracties:klantcontact-list") == f"{BASIS}/klantcontacten"
    assert reverse("klantinteracties:maak-klantcontact") == f"{BASIS}/maak-klantcontact"


def test_our_extension_fields_round_trip_on_a_partij(api, eikendal):
    # given a person created with Eenloket's extension fields
    response = api.post(
        f"{BASIS}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Ada", "achternaam": "Visser"}},
            "_eenloket": {
                "telefoonnummer": "06-12345678",
                "email": "ada@example.nl",
                "geboortedatum": "1980-02-29",
            },
        },
        format="json",
    )

    # then they are stored as the staff screens store them, and read back
    assert response.status_code == 201, response.content
    persoon = Persoon.objects.get(uuid=response.json()["uuid"])
    assert (persoon.telefoonnummer, persoon.email, str(persoon.geboortedatum)) == (
        "+31612345678",
        "ada@example.nl",
        "1980-02-29",
    )
    extensie = api.get(f"{BASIS}/partijen/{persoon.uuid}").json()["_eenloket"]
    assert extensie["telefoonnummer"] == "+31612345678"
    assert extensie["geboortedatum"] == "1980-02-29"
