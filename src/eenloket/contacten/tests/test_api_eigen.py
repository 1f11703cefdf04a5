"""Eenloket's own contact-centre API: the klantbeeld in one call and the telephony
screen pop, with tenancy, processing log and query counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from eenloket.api.tests.test_api import als_client
from eenloket.contacten import services
from eenloket.contacten.models import Schermpop
from eenloket.core.constants import Rol
from eenloket.core.models import Verwerking
from eenloket.core.tests.factories import ApiClientFactory, TeamFactory, medewerker
from eenloket.klanten.tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(eikendal):
    return medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kim", email="kim@eikendal.example")


def _geschiedenis(eikendal, agent, persoon, aantal):
    for i in range(aantal):
        services.klantcontact_vastleggen(
            organisatie=eikendal,
            kanaal="telefoon",
            by=agent,
            persoon=persoon,
            vragen=[{"vraag": f"Vraag {i}", "antwoord": "Antwoord"}],
        )


def test_klantbeeld_in_one_call_with_a_constant_number_of_queries(
    eikendal, agent, django_assert_max_num_queries
):
    team = TeamFactory(organisatie=eikendal)
    kort, lang = PersoonFactory(organisatie=eikendal), PersoonFactory(organisatie=eikendal)
    _geschiedenis(eikendal, agent, kort, 2)
    _geschiedenis(eikendal, agent, lang, 40)
    for persoon in (kort, lang):
        services.contactverzoek_aanmaken(
            organisatie=eikendal,
            by=agent,
            vraag="Bel terug",
            team=team,
            persoon=persoon,
            telefoonnummer="0201234567",
        )
    api = als_client(APIClient(), ApiClientFactory(organisaties=[eikendal]))
    with django_assert_max_num_queries(20) as kort_q:
        api.get(f"/api/v1/klantbeeld/personen/{kort.uuid}")
    with django_assert_max_num_queries(20) as lang_q:
        response = api.get(f"/api/v1/klantbeeld/personen/{lang.uuid}")
    assert len(kort_q.captured_queries) == len(lang_q.captured_queries)
    assert response.status_code == 200
    data = response.json()
    assert data["partij"]["bsn"] == lang.bsn
    assert len(data["contacten"]) == 40
    assert data["contactverzoeken"][0]["deadline"]
    assert [o["code"] for o in data["onderdelen"]] == ["zaken", "afspraken", "meldingen"]
    assert all(o["gekoppeld"] is False and o["regels"] == [] for o in data["onderdelen"])
    assert Verwerking.objects.filter(bsn=lang.bsn, handeling="Klantbeeld bekeken").count() == 1


def test_klantbeeld_of_other_municipality_is_not_found(eikendal, lindewaard):
    persoon = PersoonFactory(organisatie=eikendal)
    api = als_client(APIClient(), ApiClientFactory(organisaties=[lindewaard]))
    assert api.get(f"/api/v1/klantbeeld/personen/{persoon.uuid}").status_code == 404
    assert APIClient().get(f"/api/v1/klantbeeld/personen/{persoon.uuid}").status_code in (401, 403)


def test_screen_pop_for_the_agent_who_took_the_call(eikendal, agent):
    persoon = PersoonFactory(organisatie=eikendal, telefoonnummer="+31201234567")
    api = als_client(APIClient(), ApiClientFactory(organisaties=[eikendal]))
    response = api.post(
        "/api/v1/telefonie/inkomende-gesprekken",
        {"telefoonnummer": "020-1234567", "medewerker": "kim"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["partij"] == {"soort": "persoon", "uuid": str(persoon.uuid)}
    assert response.json()["klantbeeld_url"].endswith(f"/medewerker/klanten/persoon/{persoon.uuid}/")
    assert Schermpop.objects.get().medewerker == agent


def test_screen_pop_bad_input_names_the_field(eikendal, lindewaard, agent):
    api = als_client(APIClient(), ApiClientFactory(organisaties=[eikendal]))
    response = api.post(
        "/api/v1/telefonie/inkomende-gesprekken", {"telefoonnummer": "12", "medewerker": "kim"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "telefoonnummer"
    response = api.post(
        "/api/v1/telefonie/inkomende-gesprekken",
        {"telefoonnummer": "0201234567", "medewerker": "onbekend"},
        format="json",
    )
    assert response.json()["invalidParams"][0]["name"] == "medewerker"
    # an agent of another municipality cannot be popped by this client
    medewerker(lindewaard, Rol.KCC_MEDEWERKER, username="lin")
    response = api.post(
        "/api/v1/telefonie/inkomende-gesprekken",
        {"telefoonnummer": "0201234567", "medewerker": "lin"},
        format="json",
    )
    assert response.status_code == 400
    assert not Schermpop.objects.exists()


def test_operators_get_the_klantinteracties_token_from_the_command(eikendal):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from eenloket.contacten.api.authentication import klantinteracties_token

    client = ApiClientFactory(client_id="kiss", organisaties=[eikendal])
    out = StringIO()
    call_command("klantinteracties_token", "kiss", stdout=out)
    token = out.getvalue().strip()
    assert token == klantinteracties_token(client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/klantinteracties/api/v1/klantcontacten").status_code == 200
    with pytest.raises(CommandError):
        call_command("klantinteracties_token", "onbekend")
