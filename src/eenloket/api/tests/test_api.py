"""The API through its real URLs with real authenticated clients: ZGW-style JWT for
system clients, sessions for staff; problem details; tenant isolation on every endpoint;
bad input that changes nothing; processing-log rows for reads; the working-day
calculator; /healthz; the OpenAPI schema; and query counts that do not grow with rows."""

from __future__ import annotations

import datetime
import time
from typing import Any

import jwt
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from eenloket.core import tasks
from eenloket.core.calendar import Feestdag, Termijn, TermijnEenheid, WerkdagKalender, feestdagen
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Gebeurtenis, Verwerking
from eenloket.core.services import gebeurtenis_emit, verwerking_log
from eenloket.core.tests.factories import (
    ApiClientFactory,
    OnderwerpFactory,
    OrganisatieFactory,
    SluitingsdagFactory,
    TeamFactory,
    UserFactory,
    medewerker,
)
from eenloket.klanten.models import Bedrijf, Persoon
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory, geldig_bsn

PROBLEM = "application/problem+json"


def maak_jwt(
    client: Any = None,
    *,
    secret: str | None = None,
    alg: str = "HS256",
    zonder: tuple[str, ...] = (),
    **claims: Any,
) -> str:
    """A token as a ZGW client makes it: HS256 with its own secret, client_id and iat."""
    payload: dict[str, Any] = {"iat": int(time.time())}
    if client is not None:
        payload["client_id"] = client.client_id
    payload.update(claims)
    for claim in zonder:
        payload.pop(claim, None)
    key = secret if secret is not None else (client.secret if client is not None else "x" * 32)
    return jwt.encode(payload, None if alg == "none" else key, algorithm=alg)


def als_client(api: APIClient, client: Any) -> APIClient:
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {maak_jwt(client)}")
    return api


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def systeem(eikendal):
    return ApiClientFactory(client_id="zaaksysteem-eikendal", organisaties=[eikendal])


@pytest.fixture
def als_systeem(api, systeem) -> APIClient:
    return als_client(api, systeem)


def _tellingen() -> dict[str, int]:
    return {
        "personen": Persoon.objects.count(),
        "bedrijven": Bedrijf.objects.count(),
        "verwerkingen": Verwerking.objects.count(),
        "gebeurtenissen": Gebeurtenis.objects.count(),
        "jobs": DBTaskResult.objects.count(),
    }


def _namen(response: Any) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    assert body["type"].endswith(f"/ref/fouten/{body['code']}/")
    assert body["instance"].startswith("urn:uuid:")
    if code is not None:
        assert body["code"] == code
    return body


# --- authentication ---------------------------------------------------------------------


def test_a_zgw_jwt_signed_with_the_clients_secret_is_accepted(api, systeem, eikendal):
    # given
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {maak_jwt(systeem)}")

    # when
    response = api.get(reverse("api:organisatie-list"))

    # then
    assert response.status_code == 200
    assert [o["code"] for o in response.json()["results"]] == ["eikendal"]


def test_iss_is_accepted_when_client_id_is_absent(api, systeem):
    # given
    token = maak_jwt(systeem, zonder=("client_id",), iss=systeem.client_id)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    # when / then
    assert api.get(reverse("api:organisatie-list")).status_code == 200


def _tokens(systeem: Any) -> dict[str, str]:
    inactief = ApiClientFactory(client_id="oud-systeem", actief=False)
    return {
        "verkeerd geheim": maak_jwt(systeem, secret="een-ander-geheim-van-minstens-32-tekens"),
        "geen client_id": maak_jwt(systeem, zonder=("client_id",)),
        "onbekende client": maak_jwt(client_id="bestaat-niet", secret=systeem.secret),
        "inactieve client": maak_jwt(inactief),
        "alg none": maak_jwt(systeem, alg="none"),
        "HS512": maak_jwt(systeem, alg="HS512", secret=systeem.secret * 2),
        "iat te oud": maak_jwt(systeem, iat=int(time.time()) - 3600 - 120),
        "geen iat": maak_jwt(systeem, zonder=("iat",)),
        "iat in de toekomst": maak_jwt(systeem, iat=int(time.time()) + 3600),
        "verlopen": maak_jwt(systeem, exp=int(time.time()) - 3600),
        "onleesbaar": "dit.is.geen-jwt",
    }


@pytest.mark.parametrize(
    "geval",
    [
        "verkeerd geheim",
        "geen client_id",
        "onbekende client",
        "inactieve client",
        "alg none",
        "HS512",
        "iat te oud",
        "geen iat",
        "iat in de toekomst",
        "verlopen",
        "onleesbaar",
    ],
)
def test_bad_tokens_get_401_problem_details_in_dutch(geval, api, systeem, eikendal):
    # given
    token = _tokens(systeem)[geval]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    # when
    response = api.get(reverse("api:organisatie-list"))

    # then
    body = assert_problem(response, 401, "authentication_failed")
    assert body["title"] == "Niet geauthenticeerd."
    assert body["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_401_names_what_is_wrong(api, systeem):
    cases = {
        "geen client_id": "client_id",
        "alg none": "HS256",
        "HS512": "HS256",
        "iat te oud": "iat",
        "geen iat": "iat",
        "onbekende client": "client",
    }
    tokens = _tokens(systeem)
    for geval, woord in cases.items():
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[geval]}")
        detail = api.get(reverse("api:organisatie-list")).json()["detail"]
        assert woord in detail, (geval, detail)


def test_a_wrong_scheme_gets_401(api, systeem):
    # given
    api.credentials(HTTP_AUTHORIZATION=f"Token {maak_jwt(systeem)}")

    # when / then
    body = assert_problem(api.get(reverse("api:organisatie-list")), 401)
    assert "Bearer" in body["detail"]


def test_no_credentials_get_401(api, db):
    body = assert_problem(api.get(reverse("api:organisatie-list")), 401, "not_authenticated")
    assert body["title"] == "Niet geauthenticeerd."


def test_english_with_accept_language_en(api, systeem):
    # given a bad token and an English-speaking client
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {maak_jwt(systeem, zonder=('client_id',))}")

    # when
    response = api.get(reverse("api:organisatie-list"), HTTP_ACCEPT_LANGUAGE="en")

    # then
    body = assert_problem(response, 401)
    assert body["title"] == "Not authenticated."
    assert body["detail"] == "The JWT does not contain a 'client_id'."


def test_validation_problems_in_english(als_systeem):
    # when
    response = als_systeem.post(
        reverse("api:persoon-list"),
        {"organisatie": "eikendal"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then
    body = assert_problem(response, 400, "invalid")
    assert body["title"] == "Invalid input."
    assert body["detail"].startswith("Please check the input:")
    reasons = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert reasons["bsn"] == "This field is required."


# --- problem details --------------------------------------------------------------------


def test_problem_details_have_the_zgw_shape(als_systeem, eikendal):
    # when
    response = als_systeem.post(
        reverse("api:persoon-list"),
        {"organisatie": "eikendal", "bsn": "123456789", "geslachtsnaam": "Visser"},
        format="json",
    )

    # then
    body = assert_problem(response, 400, "invalid")
    assert body["title"] == "Ongeldige invoer."
    assert body["detail"] == "Controleer de invoer: bsn."
    [param] = body["invalidParams"]
    assert set(param) == {"name", "code", "reason"}
    assert param["name"] == "bsn"
    assert param["code"] == "invalid-bsn"
    assert "geen geldig burgerservicenummer" in param["reason"]


def test_not_found_is_a_problem_too(als_systeem):
    body = assert_problem(
        als_systeem.get(reverse("api:persoon-detail", args=["4f7c1a52-1b7a-4a7e-9f5e-7a0c3a1c2d3e"])),
        404,
        "not_found",
    )
    assert body["title"] == "Niet gevonden."
    assert body["detail"]


def test_a_malformed_uuid_is_404_not_500(als_systeem):
    for name in ("api:persoon-detail", "api:bedrijf-detail", "api:team-detail"):
        assert_problem(als_systeem.get(reverse(name, args=["geen-uuid"])), 404, "not_found")


def test_forbidden_is_a_problem_too(api, eikendal):
    # given a staff member without access to the processing log
    api.force_login(medewerker(eikendal, Rol.KCC_MEDEWERKER))

    # when / then
    body = assert_problem(api.get(reverse("api:verwerkingen"), {"bsn": "111222333"}), 403)
    assert body["code"] == "permission_denied"
    assert body["title"] == "Geen toegang."
    assert body["detail"]


# --- organisations and teams ------------------------------------------------------------


def test_a_client_lists_only_its_linked_organisations(api, eikendal, lindewaard):
    # given
    als_client(api, ApiClientFactory(organisaties=[lindewaard]))

    # when
    response = api.get(reverse("api:organisatie-list"))

    # then
    assert [o["code"] for o in response.json()["results"]] == ["lindewaard"]
    assert api.get(reverse("api:organisatie-detail", args=["lindewaard"])).status_code == 200
    assert_problem(api.get(reverse("api:organisatie-detail", args=["eikendal"])), 404)


def test_staff_list_the_organisations_they_work_for(api, eikendal, lindewaard):
    # given a shared KCC employee and a colleague of one municipality
    OrganisatieFactory(code="derde")
    gedeeld = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.BEHANDELAAR)])

    # when
    api.force_login(gedeeld)
    beide = [o["code"] for o in api.get(reverse("api:organisatie-list")).json()["results"]]
    api.force_login(medewerker(lindewaard, Rol.BUITENDIENST))
    een = [o["code"] for o in api.get(reverse("api:organisatie-list")).json()["results"]]

    # then
    assert beide == ["eikendal", "lindewaard"]
    assert een == ["lindewaard"]


def test_teams_are_listed_per_client_and_per_staff_member(api, eikendal, lindewaard):
    # given
    eigen = TeamFactory(organisatie=eikendal, naam="Burgerzaken")
    eigen.onderwerpen.add(OnderwerpFactory(organisatie=eikendal, naam="Paspoort"))
    ander = TeamFactory(organisatie=lindewaard, naam="Belastingen")

    # when
    als_client(api, ApiClientFactory(organisaties=[eikendal]))
    via_client = api.get(reverse("api:team-list")).json()["results"]
    api.credentials()
    api.force_login(medewerker(lindewaard, Rol.TEAMLEIDER))
    via_sessie = api.get(reverse("api:team-list")).json()["results"]

    # then
    assert via_client == [
        {
            "uuid": str(eigen.uuid),
            "organisatie": "eikendal",
            "naam": "Burgerzaken",
            "soort": eigen.soort,
            "email": "",
            "telefoonnummer": "",
            "onderwerpen": ["Paspoort"],
        }
    ]
    assert [t["uuid"] for t in via_sessie] == [str(ander.uuid)]
    assert_problem(api.get(reverse("api:team-detail", args=[eigen.uuid])), 404)


# --- personen ---------------------------------------------------------------------------


def _persoon(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisatie": "eikendal",
        "bsn": geldig_bsn(1),
        "voornamen": "Anna Maria",
        "geslachtsnaam": "Visser",
        "geboortedatum": "1980-05-17",
        "straat": "Dorpsstraat",
        "huisnummer": 12,
        "postcode": "1234ab",
        "woonplaats": "Eikendal",
        "telefoonnummer": "06-12345678",
        "email": "anna@example.nl",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


ONGELDIG = [
    ("bsn", "123456789", "burgerservicenummer"),
    ("bsn", "12345678", "burgerservicenummer"),
    ("postcode", "0123 AB", "postcode"),
    ("postcode", "1234 SS", "postcode"),
    ("postcode", "12345", "postcode"),
    ("telefoonnummer", "12345", "telefoonnummer"),
    ("telefoonnummer", "06-1234", "telefoonnummer"),
    ("email", "anna@", "e-mailadres"),
    ("email", "geen e-mail", "e-mailadres"),
    ("geboortedatum", "17-05-1980", "datum"),
    ("geboortedatum", "1980-02-30", "datum"),
    ("geboortedatum", "2999-01-01", "toekomst"),
    ("geboortedatum", "1850-01-01", "1900"),
    ("huisletter", "AB", ""),
    ("huisnummer", "twaalf", ""),
    ("geslachtsnaam", ..., "vereist"),
    ("bsn", ..., "vereist"),
    ("organisatie", "bestaat-niet", ""),
]


@pytest.mark.parametrize(("veld", "waarde", "in_reden"), ONGELDIG)
def test_invalid_input_gives_400_naming_the_field_and_writes_nothing(
    veld, waarde, in_reden, als_systeem, eikendal
):
    # given
    voor = _tellingen()

    # when
    response = als_systeem.post(reverse("api:persoon-list"), _persoon(**{veld: waarde}), format="json")

    # then
    body = assert_problem(response, 400, "invalid")
    assert _namen(response) == {veld}
    assert veld in body["detail"]
    [param] = body["invalidParams"]
    assert in_reden.lower() in param["reason"].lower()
    assert _tellingen() == voor


def test_a_valid_person_is_created_with_log_row_and_event(als_systeem, systeem, eikendal):
    # when
    response = als_systeem.post(
        reverse("api:persoon-list"), _persoon(), format="json", HTTP_X_REQUEST_ID="aanmaak-00001"
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["naam"] == "A.M. Visser"
    assert body["postcode"] == "1234 AB"
    assert body["telefoonnummer"] == "+31612345678"
    persoon = Persoon.objects.get(uuid=body["uuid"])
    assert (persoon.organisatie, persoon.bsn) == (eikendal, geldig_bsn(1))
    [log] = Verwerking.objects.all()
    assert log.actie == VerwerkingActie.AANMAKEN
    assert (log.actor_soort, log.actor_id) == ("systeem", systeem.client_id)
    assert (log.bsn, log.object_id) == (persoon.bsn, str(persoon.uuid))
    assert log.request_id == "aanmaak-00001"
    [event] = Gebeurtenis.objects.all()
    assert (event.type, event.object_uuid, event.organisatie) == (
        "persoon.aangemaakt",
        persoon.uuid,
        eikendal,
    )
    assert event.request_id == "aanmaak-00001"


def test_a_duplicate_bsn_gives_400_and_writes_nothing(als_systeem, eikendal):
    # given
    PersoonFactory(organisatie=eikendal, bsn=geldig_bsn(1))
    voor = _tellingen()

    # when
    response = als_systeem.post(reverse("api:persoon-list"), _persoon(), format="json")

    # then
    body = assert_problem(response, 400, "invalid")
    assert body["invalidParams"][0]["name"] == "bsn"
    assert body["invalidParams"][0]["code"] == "unique"
    assert "al geregistreerd" in body["invalidParams"][0]["reason"]
    assert _tellingen() == voor


def test_the_same_bsn_may_exist_in_another_organisation(api, eikendal, lindewaard):
    # given a client of both, the person known in lindewaard
    als_client(api, ApiClientFactory(organisaties=[eikendal, lindewaard]))
    PersoonFactory(organisatie=lindewaard, bsn=geldig_bsn(1))

    # when / then
    assert api.post(reverse("api:persoon-list"), _persoon(), format="json").status_code == 201


def test_listing_persons_needs_a_search_criterion(als_systeem, eikendal):
    # given
    PersoonFactory(organisatie=eikendal)
    voor = _tellingen()

    # when
    response = als_systeem.get(reverse("api:persoon-list"))

    # then
    body = assert_problem(response, 400, "invalid")
    assert "Zoek op BSN" in body["invalidParams"][0]["reason"]
    assert _tellingen() == voor


@pytest.mark.parametrize(
    ("query", "veld"),
    [
        ({"postcode": "1234 AB", "huisnummer": "twaalf"}, "huisnummer"),
        ({"geslachtsnaam": "Visser", "geboortedatum": "gisteren"}, "geboortedatum"),
        ({"geslachtsnaam": "Visser", "geboortedatum": "1980-02-30"}, "geboortedatum"),
    ],
)
def test_a_malformed_search_gives_400_naming_the_field(query, veld, als_systeem):
    response = als_systeem.get(reverse("api:persoon-list"), query)
    assert_problem(response, 400, "invalid")
    assert _namen(response) == {veld}


@pytest.mark.parametrize(
    "query",
    [
        {"bsn": "BSN"},
        {"postcode": "1234ab", "huisnummer": "12"},
        {"geslachtsnaam": "visser", "geboortedatum": "1980-05-17"},
    ],
    ids=["bsn", "adres", "naam"],
)
def test_each_search_finds_the_person_and_logs_the_read(query, als_systeem, systeem, eikendal):
    # given
    persoon = PersoonFactory(
        organisatie=eikendal,
        geslachtsnaam="Visser",
        geboortedatum=datetime.date(1980, 5, 17),
        postcode="1234 AB",
        huisnummer=12,
    )
    PersoonFactory(organisatie=eikendal, postcode="1234 AB", huisnummer=14)
    if query.get("bsn") == "BSN":
        query = {"bsn": persoon.bsn}

    # when
    response = als_systeem.get(reverse("api:persoon-list"), query)

    # then
    assert response.status_code == 200
    assert [p["uuid"] for p in response.json()["results"]] == [str(persoon.uuid)]
    [log] = Verwerking.objects.all()
    assert (log.actie, log.bsn, log.actor_id) == (VerwerkingActie.ZOEKEN, persoon.bsn, systeem.client_id)


def test_retrieving_a_person_logs_the_read(als_systeem, systeem, eikendal):
    # given
    persoon = PersoonFactory(organisatie=eikendal)

    # when
    response = als_systeem.get(reverse("api:persoon-detail", args=[persoon.uuid]))

    # then
    assert response.status_code == 200
    assert response.json()["bsn"] == persoon.bsn
    [log] = Verwerking.objects.all()
    assert (log.actie, log.bsn, log.object_id) == (VerwerkingActie.LEZEN, persoon.bsn, str(persoon.uuid))


def test_patch_changes_the_person_logs_and_emits(als_systeem, eikendal):
    # given
    persoon = PersoonFactory(organisatie=eikendal, telefoonnummer="")

    # when
    response = als_systeem.patch(
        reverse("api:persoon-detail", args=[persoon.uuid]),
        {"telefoonnummer": "020 - 123 45 67"},
        format="json",
    )

    # then
    assert response.status_code == 200, response.content
    persoon.refresh_from_db()
    assert persoon.telefoonnummer == "+31201234567"
    assert Verwerking.objects.filter(actie=VerwerkingActie.WIJZIGEN, toelichting="telefoonnummer").exists()
    assert Gebeurtenis.objects.get().type == "persoon.gewijzigd"


def test_patch_cannot_move_a_person_or_change_the_bsn(api, eikendal, lindewaard):
    # given a client of both organisations
    als_client(api, ApiClientFactory(organisaties=[eikendal, lindewaard]))
    persoon = PersoonFactory(organisatie=eikendal)
    bsn = persoon.bsn

    # when
    response = api.patch(
        reverse("api:persoon-detail", args=[persoon.uuid]),
        {"organisatie": "lindewaard", "bsn": geldig_bsn(2), "voornamen": "Kees"},
        format="json",
    )

    # then
    assert response.status_code == 200, response.content
    persoon.refresh_from_db()
    assert (persoon.organisatie, persoon.bsn, persoon.voornamen) == (eikendal, bsn, "Kees")
    assert (response.json()["organisatie"], response.json()["bsn"]) == ("eikendal", bsn)


def test_an_invalid_patch_changes_nothing(als_systeem, eikendal):
    # given
    persoon = PersoonFactory(organisatie=eikendal, postcode="1234 AB")

    # when
    response = als_systeem.patch(
        reverse("api:persoon-detail", args=[persoon.uuid]), {"postcode": "AB 1234"}, format="json"
    )

    # then
    assert_problem(response, 400, "invalid")
    assert _namen(response) == {"postcode"}
    persoon.refresh_from_db()
    assert persoon.postcode == "1234 AB"
    assert not Verwerking.objects.filter(actie=VerwerkingActie.WIJZIGEN).exists()
    assert not Gebeurtenis.objects.exists()


def test_a_client_whose_scopes_only_read_cannot_create(api, eikendal):
    # given
    als_client(api, ApiClientFactory(organisaties=[eikendal], scopes=["klant.bekijken"]))
    persoon = PersoonFactory(organisatie=eikendal)

    # when / then
    assert api.get(reverse("api:persoon-detail", args=[persoon.uuid])).status_code == 200
    assert_problem(api.post(reverse("api:persoon-list"), _persoon(), format="json"), 403)
    assert Persoon.objects.count() == 1


def test_staff_use_the_api_with_their_session(api, eikendal):
    # given
    kcc = medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc-anna")
    api.force_login(kcc)

    # when
    response = api.post(reverse("api:persoon-list"), _persoon(), format="json")

    # then
    assert response.status_code == 201
    log = Verwerking.objects.get()
    assert (log.actor_soort, log.actor_id) == ("medewerker", "kcc-anna")


def test_staff_without_client_rights_cannot_create_persons(api, eikendal):
    # given
    api.force_login(medewerker(eikendal, Rol.BUITENDIENST))

    # when / then
    assert_problem(api.post(reverse("api:persoon-list"), _persoon(), format="json"), 403)
    assert not Persoon.objects.exists()


# --- bedrijven --------------------------------------------------------------------------


def test_a_business_is_created_found_and_read_with_log_rows(als_systeem, eikendal):
    # when
    created = als_systeem.post(
        reverse("api:bedrijf-list"),
        {"organisatie": "eikendal", "kvk_nummer": "12345678", "handelsnaam": "Bakkerij De Eik"},
        format="json",
    )
    found = als_systeem.get(reverse("api:bedrijf-list"), {"kvk_nummer": "12345678"})
    read = als_systeem.get(reverse("api:bedrijf-detail", args=[created.json()["uuid"]]))

    # then
    assert (created.status_code, found.status_code, read.status_code) == (201, 200, 200)
    assert [b["handelsnaam"] for b in found.json()["results"]] == ["Bakkerij De Eik"]
    assert list(Verwerking.objects.order_by("id").values_list("actie", "kvk_nummer")) == [
        (VerwerkingActie.AANMAKEN, "12345678"),
        (VerwerkingActie.ZOEKEN, "12345678"),
        (VerwerkingActie.LEZEN, "12345678"),
    ]


def test_listing_businesses_needs_a_kvk_number(als_systeem):
    response = als_systeem.get(reverse("api:bedrijf-list"))
    assert_problem(response, 400)
    assert _namen(response) == {"kvk_nummer"}


# --- tenant isolation on every endpoint -------------------------------------------------


@pytest.fixture
def van_lindewaard(lindewaard):
    persoon = PersoonFactory(organisatie=lindewaard, bsn=geldig_bsn(7), postcode="1234 AB", huisnummer=1)
    bedrijf = BedrijfFactory(organisatie=lindewaard, kvk_nummer="87654321")
    team = TeamFactory(organisatie=lindewaard)
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Gelezen in Lindewaard",
        activiteit="klantgegevens",
        organisatie=lindewaard,
        object_type="persoon",
        bsn=persoon.bsn,
        actor=Actor.proces("test"),
    )
    return {"persoon": persoon, "bedrijf": bedrijf, "team": team}


def _isolatie_verzoeken(rows: dict[str, Any]) -> list[tuple[str, str, str, Any, int]]:
    p, b, t = rows["persoon"], rows["bedrijf"], rows["team"]
    return [
        ("organisatie detail", "get", reverse("api:organisatie-detail", args=["lindewaard"]), None, 404),
        ("team detail", "get", reverse("api:team-detail", args=[t.uuid]), None, 404),
        ("persoon detail", "get", reverse("api:persoon-detail", args=[p.uuid]), None, 404),
        (
            "persoon patch",
            "patch",
            reverse("api:persoon-detail", args=[p.uuid]),
            {"voornamen": "X"},
            404,
        ),
        (
            "persoon aanmaken",
            "post",
            reverse("api:persoon-list"),
            _persoon(organisatie="lindewaard"),
            403,
        ),
        ("bedrijf detail", "get", reverse("api:bedrijf-detail", args=[b.uuid]), None, 404),
        (
            "bedrijf aanmaken",
            "post",
            reverse("api:bedrijf-list"),
            {"organisatie": "lindewaard", "kvk_nummer": "11223344", "handelsnaam": "X"},
            403,
        ),
        (
            "termijn",
            "get",
            reverse("api:termijn"),
            {"organisatie": "lindewaard", "start": "2026-04-02", "aantal": 2, "eenheid": "werkdagen"},
            400,
        ),
        ("verwerkingen", "get", reverse("api:verwerkingen"), {"bsn": p.bsn}, 403),
    ]


def test_a_client_of_eikendal_never_reaches_lindewaard(als_systeem, eikendal, van_lindewaard):
    # given
    voor = _tellingen()
    p, b = van_lindewaard["persoon"], van_lindewaard["bedrijf"]

    # when / then: single objects are not found, writes are refused
    for naam, methode, url, data, status in _isolatie_verzoeken(van_lindewaard):
        kwargs = {"format": "json"} if methode != "get" else {}
        response = getattr(als_systeem, methode)(url, data, **kwargs)
        assert response.status_code == status, (naam, response.content)
        assert response["Content-Type"] == PROBLEM, naam

    # and lists and searches come back empty
    lijsten = [
        (reverse("api:organisatie-list"), {}),
        (reverse("api:team-list"), {}),
        (reverse("api:persoon-list"), {"bsn": p.bsn}),
        (reverse("api:persoon-list"), {"bsn": p.bsn, "organisatie": "lindewaard"}),
        (reverse("api:persoon-list"), {"postcode": "1234 AB", "huisnummer": "1"}),
        (reverse("api:bedrijf-list"), {"kvk_nummer": b.kvk_nummer}),
    ]
    for url, query in lijsten:
        results = als_systeem.get(url, query).json()["results"]
        assert all(r.get("organisatie", r.get("code")) == "eikendal" for r in results), url
        assert all(r.get("code") != "lindewaard" for r in results), url
    assert _tellingen() == voor


def test_a_privacy_officer_of_eikendal_never_sees_lindewaards_log(api, eikendal, van_lindewaard):
    # given
    bsn = van_lindewaard["persoon"].bsn
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Gelezen in Eikendal",
        activiteit="klantgegevens",
        organisatie=eikendal,
        object_type="persoon",
        bsn=bsn,
        actor=Actor.proces("test"),
    )
    api.force_login(medewerker(eikendal, Rol.PRIVACY_OFFICER))

    # when
    response = api.get(reverse("api:verwerkingen"), {"bsn": bsn})

    # then
    assert response.status_code == 200
    assert [r["handeling"] for r in response.json()["results"]] == ["Gelezen in Eikendal"]
    assert {r["organisatie"] for r in response.json()["results"]} == {"eikendal"}


# --- the working-day calculator ---------------------------------------------------------


def test_two_working_days_from_maundy_thursday_2026_end_on_tuesday(als_systeem, eikendal):
    # given what the calendar says about Easter 2026
    dagen = feestdagen(2026)
    assert dagen[Feestdag.GOEDE_VRIJDAG] == datetime.date(2026, 4, 3)
    assert dagen[Feestdag.TWEEDE_PAASDAG] == datetime.date(2026, 4, 6)
    kalender = WerkdagKalender()
    assert kalender.is_werkdag(datetime.date(2026, 4, 3))  # Goede Vrijdag: worked (Cao)
    assert not kalender.is_werkdag(datetime.date(2026, 4, 6))  # Tweede paasdag: free

    # when
    response = als_systeem.get(
        reverse("api:termijn"),
        {"organisatie": "eikendal", "start": "2026-04-02", "aantal": 2, "eenheid": "werkdagen"},
    )

    # then: Friday 3 is day 1, the weekend and Easter Monday are skipped, Tuesday 7 is day 2
    assert response.status_code == 200, response.content
    assert response.json() == {
        "organisatie": "eikendal",
        "start": "2026-04-02",
        "termijn": "2 werkdagen",
        "einddatum": "2026-04-07",
    }
    assert kalender.einddatum(
        datetime.date(2026, 4, 2), Termijn(2, TermijnEenheid.WERKDAGEN)
    ) == datetime.date(2026, 4, 7)


def test_a_closing_day_counts_for_its_own_organisation_only(api, eikendal, lindewaard):
    # given eikendal closed on Tuesday 7 April
    SluitingsdagFactory(organisatie=eikendal, datum=datetime.date(2026, 4, 7))
    als_client(api, ApiClientFactory(organisaties=[eikendal, lindewaard]))
    vraag = {"start": "2026-04-02", "aantal": 2, "eenheid": "werkdagen"}

    # when
    eikendal_einde = api.get(reverse("api:termijn"), {**vraag, "organisatie": "eikendal"})
    lindewaard_einde = api.get(reverse("api:termijn"), {**vraag, "organisatie": "lindewaard"})

    # then
    assert eikendal_einde.json()["einddatum"] == "2026-04-08"
    assert lindewaard_einde.json()["einddatum"] == "2026-04-07"


def test_a_statutory_term_in_calendar_days_follows_the_algemene_termijnenwet(als_systeem, eikendal):
    # when: 3 days from Thursday 2 April end on Sunday 5 April; Goede Vrijdag is an Atw
    # feestdag, so art. 2 extends the term past Easter Monday to two ordinary days
    response = als_systeem.get(
        reverse("api:termijn"),
        {"organisatie": "eikendal", "start": "2026-04-02", "aantal": 3, "eenheid": "kalenderdagen"},
    )

    # then
    expected = WerkdagKalender().einddatum(
        datetime.date(2026, 4, 2), Termijn(3, TermijnEenheid.KALENDERDAGEN)
    )
    assert response.json()["einddatum"] == expected.isoformat() == "2026-04-08"


def test_bad_term_questions_name_the_field(als_systeem, eikendal):
    response = als_systeem.get(
        reverse("api:termijn"),
        {"organisatie": "eikendal", "start": "2 april", "aantal": -1, "eenheid": "eeuwen"},
    )
    body = assert_problem(response, 400, "invalid")
    assert _namen(response) == {"start", "aantal", "eenheid"}
    reden = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert reden["start"] == "Vul een geldige datum in (jjjj-mm-dd)."


# --- the processing log through the API -------------------------------------------------


def test_the_processing_log_api_is_for_privacy_officers_and_logs_the_inspection(api, eikendal):
    # given
    fg = medewerker(eikendal, Rol.PRIVACY_OFFICER, username="fg")
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Klantbeeld geopend",
        activiteit="klantgegevens",
        organisatie=eikendal,
        object_type="persoon",
        bsn="111222333",
        actor=Actor.proces("test"),
    )
    api.force_login(fg)

    # when
    response = api.get(reverse("api:verwerkingen"), {"bsn": "111222333"})

    # then
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["handeling"] == "Klantbeeld geopend"
    assert row["organisatie"] == "eikendal"
    inzage = Verwerking.objects.get(verwerkingsactiviteit="verwerkingenlog_inzage")
    assert (inzage.actor_id, inzage.bsn) == ("fg", "111222333")


@pytest.mark.parametrize("rol", [r for r in Rol if r not in (Rol.SYSTEEM, Rol.PRIVACY_OFFICER)], ids=str)
def test_other_roles_cannot_read_the_processing_log(rol, api, eikendal):
    api.force_login(medewerker(eikendal, rol))
    assert_problem(api.get(reverse("api:verwerkingen"), {"bsn": "111222333"}), 403)
    assert not Verwerking.objects.exists()


def test_system_clients_cannot_read_the_processing_log(als_systeem):
    assert_problem(als_systeem.get(reverse("api:verwerkingen"), {"bsn": "111222333"}), 403)


def test_a_bad_processing_log_query_names_the_field_and_writes_nothing(api, eikendal):
    # given
    api.force_login(medewerker(eikendal, Rol.PRIVACY_OFFICER))

    # when
    ongeldig = api.get(reverse("api:verwerkingen"), {"bsn": "123456789"})
    leeg = api.get(reverse("api:verwerkingen"))

    # then
    assert_problem(ongeldig, 400)
    assert _namen(ongeldig) == {"bsn"}
    assert_problem(leeg, 400)
    assert _namen(leeg) == {"nonFieldErrors"}
    assert not Verwerking.objects.exists()


# --- /healthz ---------------------------------------------------------------------------


def test_healthz_says_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "wachtrij": "ok"}}


def _job(*, wacht: datetime.timedelta, run_after: datetime.datetime | None = None) -> DBTaskResult:
    taak = (
        tasks.bericht_verzenden if run_after is None else tasks.bericht_verzenden.using(run_after=run_after)
    )
    result = taak.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - wacht)
    return DBTaskResult.objects.get(pk=result.id)


def test_healthz_fails_naming_the_queue_when_a_job_waits_too_long(client, db, settings):
    # given
    _job(wacht=datetime.timedelta(seconds=settings.QUEUE_STALE_SECONDS + 120))

    # when
    response = client.get(reverse("healthz"))

    # then
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fout"
    assert body["checks"]["database"] == "ok"
    assert "taken wachten al" in body["checks"]["wachtrij"]


def test_healthz_uses_the_configured_threshold(client, db, settings):
    # given
    settings.QUEUE_STALE_SECONDS = 60
    _job(wacht=datetime.timedelta(seconds=30))
    assert client.get(reverse("healthz")).status_code == 200

    # when
    _job(wacht=datetime.timedelta(seconds=120))

    # then
    assert client.get(reverse("healthz")).status_code == 503


def test_healthz_ignores_retries_that_are_not_due_or_just_became_due(client, db, settings):
    # given a retry queued long ago for later, and one queued long ago that is due now
    lang = datetime.timedelta(seconds=settings.QUEUE_STALE_SECONDS * 4)
    _job(wacht=lang, run_after=timezone.now() + datetime.timedelta(hours=1))
    _job(wacht=lang, run_after=timezone.now() - datetime.timedelta(seconds=5))

    # when / then
    assert client.get(reverse("healthz")).status_code == 200


def test_healthz_fails_when_events_are_not_relayed(client, eikendal, settings):
    # given an event the relay never picked up
    gebeurtenis = gebeurtenis_emit(
        type="persoon.aangemaakt",
        kanaal="klanten",
        organisatie=eikendal,
        object_type="personen",
        object_uuid=None,
        actie="create",
    )
    Gebeurtenis.objects.filter(pk=gebeurtenis.pk).update(
        tijdstip=timezone.now() - datetime.timedelta(seconds=settings.QUEUE_STALE_SECONDS + 60)
    )

    # when
    response = client.get(reverse("healthz"))

    # then
    assert response.status_code == 503
    assert "gebeurtenissen" in response.json()["checks"]["wachtrij"]


# --- the OpenAPI schema -----------------------------------------------------------------


def test_the_schema_is_valid_openapi_3(client, db):
    # when
    response = client.get(reverse("api:schema"), {"format": "json"})

    # then
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/organisaties",
        "/api/v1/teams",
        "/api/v1/personen",
        "/api/v1/personen/{uuid}",
        "/api/v1/bedrijven",
        "/api/v1/werkdagen/termijn",
        "/api/v1/verwerkingen",
    ):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["JWT-Claims"]["scheme"] == "bearer"


# --- query counts -----------------------------------------------------------------------


def _queries(api: APIClient, url: str, query: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, query or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_the_person_search_costs_the_same_for_one_or_many_results(
    als_systeem, eikendal, django_assert_max_num_queries
):
    # given
    PersoonFactory(organisatie=eikendal, postcode="1234 AB", huisnummer=1)
    zoek = {"postcode": "1234 AB", "huisnummer": "1"}
    een = _queries(als_systeem, reverse("api:persoon-list"), zoek)

    # when
    PersoonFactory.create_batch(6, organisatie=eikendal, postcode="1234 AB", huisnummer=1)
    veel = _queries(als_systeem, reverse("api:persoon-list"), zoek)

    # then
    assert veel == een
    with django_assert_max_num_queries(6):
        als_systeem.get(reverse("api:persoon-list"), zoek)
    assert Verwerking.objects.filter(bsn__in=Persoon.objects.values("bsn")).count() == 1 + 7 + 7


def test_the_business_search_costs_the_same_for_one_or_many_results(als_systeem, eikendal):
    # given
    BedrijfFactory(organisatie=eikendal, kvk_nummer="12345678")
    een = _queries(als_systeem, reverse("api:bedrijf-list"), {"kvk_nummer": "12345678"})

    # when
    for n in range(4):
        BedrijfFactory(organisatie=eikendal, kvk_nummer="12345678", vestigingsnummer=f"00000000000{n + 1}")
    veel = _queries(als_systeem, reverse("api:bedrijf-list"), {"kvk_nummer": "12345678"})

    # then
    assert veel == een


def _team_met_leden(org: Any, n: int) -> None:
    team = TeamFactory(organisatie=org)
    team.onderwerpen.add(OnderwerpFactory(organisatie=org), OnderwerpFactory(organisatie=org))
    vervanger = medewerker(org, Rol.BEHANDELAAR)
    for _ in range(n):
        team.leden.add(medewerker(org, Rol.BEHANDELAAR, vervanger=vervanger))


def test_the_team_and_organisation_lists_cost_the_same_for_one_or_many_rows(
    api, eikendal, lindewaard, django_assert_max_num_queries
):
    # given
    client = ApiClientFactory(organisaties=[eikendal])
    als_client(api, client)
    _team_met_leden(eikendal, 1)
    teams_een = _queries(api, reverse("api:team-list"))
    orgs_een = _queries(api, reverse("api:organisatie-list"))

    # when
    client.organisaties.add(lindewaard, *(OrganisatieFactory(code=f"extra{n}") for n in range(3)))
    for _ in range(4):
        _team_met_leden(eikendal, 3)
        _team_met_leden(lindewaard, 3)

    # then
    assert len(api.get(reverse("api:organisatie-list")).json()["results"]) == 5
    assert len(api.get(reverse("api:team-list")).json()["results"]) == 9
    assert _queries(api, reverse("api:team-list")) == teams_een
    assert _queries(api, reverse("api:organisatie-list")) == orgs_een
    with django_assert_max_num_queries(8):
        api.get(reverse("api:team-list"))


def test_the_processing_log_api_costs_the_same_for_one_or_many_rows(api, eikendal):
    # given
    api.force_login(medewerker(eikendal, Rol.PRIVACY_OFFICER))

    def log() -> None:
        verwerking_log(
            actie=VerwerkingActie.LEZEN,
            handeling="Gelezen",
            activiteit="klantgegevens",
            organisatie=eikendal,
            object_type="persoon",
            bsn="111222333",
            actor=Actor.proces("test"),
        )

    log()
    een = _queries(api, reverse("api:verwerkingen"), {"bsn": "111222333"})

    # when
    for _ in range(6):
        log()

    # then
    assert _queries(api, reverse("api:verwerkingen"), {"bsn": "111222333"}) == een


def test_the_teams_screen_costs_the_same_for_one_or_many_teams(
    client, eikendal, django_assert_max_num_queries
):
    # given
    client.force_login(medewerker(eikendal, Rol.TEAMLEIDER))
    _team_met_leden(eikendal, 1)
    with CaptureQueriesContext(connection) as een:
        assert client.get(reverse("core:teams")).status_code == 200

    # when
    for _ in range(5):
        _team_met_leden(eikendal, 4)

    # then
    with CaptureQueriesContext(connection) as veel:
        response = client.get(reverse("core:teams"))
    assert response.status_code == 200
    assert len(veel.captured_queries) == len(een.captured_queries)
    with django_assert_max_num_queries(16):
        client.get(reverse("core:teams"))
