"""The contact-centre screens end to end through Django's test client: take a call,
find the resident in the BRP, see the klantbeeld, answer, hand on a contactverzoek,
call back from the team queue and close it; who may see which screen."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from eenloket.contacten import services
from eenloket.contacten.constants import ContactverzoekStatus
from eenloket.contacten.models import Contactverzoek, Klantcontact
from eenloket.core.constants import Rol
from eenloket.core.models import Bericht, Verwerking
from eenloket.core.tests.factories import TeamFactory, medewerker
from eenloket.integraties.models import BrpTestpersoon
from eenloket.klanten.constants import VlagSoort
from eenloket.klanten.models import Klantvlag, Persoon
from eenloket.klanten.tests.factories import PersoonFactory, geldig_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(eikendal):
    return medewerker(eikendal, Rol.KCC_MEDEWERKER, first_name="Kim", last_name="Agent")


@pytest.fixture
def team(eikendal):
    return TeamFactory(organisatie=eikendal, naam="Belastingen")


@pytest.fixture
def brp_persoon(db):
    return BrpTestpersoon.objects.create(
        bsn=geldig_bsn(7),
        voornamen="Fatima",
        geslachtsnaam="El Amrani",
        geboortedatum=datetime.date(1984, 3, 9),
        straat="Dorpsstraat",
        huisnummer=12,
        postcode="1234AB",
        woonplaats="Eikendal",
    )


def _post_vraag(client, contact, **velden):
    data = {"v-uitkomst": "beantwoord", "v-cv_urgentie": "normaal"}
    data.update({f"v-{k}": v for k, v in velden.items()})
    return client.post(reverse("contacten:vraag", args=[contact.uuid]), data)


def test_take_a_call_find_answer_hand_on_call_back_close(client, eikendal, agent, team, brp_persoon):
    behandelaar = medewerker(eikendal, Rol.BEHANDELAAR, first_name="Bo")
    team.leden.add(behandelaar)
    client.force_login(agent)

    # the agent starts a phone contact
    response = client.post(reverse("contacten:contact_starten"), {"kanaal": "telefoon"})
    contact = Klantcontact.objects.get()
    assert response.url == reverse("contacten:contact", args=[contact.uuid])
    assert client.get(response.url).status_code == 200

    # finds the resident in the BRP by surname + date of birth (logged with its purpose)
    zoek = client.get(
        response.url, {"p-zoek": "1", "p-geslachtsnaam": "el amrani", "p-geboortedatum": "1984-03-09"}
    )
    html = zoek.content.decode()
    assert "El Amrani" in html
    assert "alleen bedoeld om te controleren" in html
    assert Verwerking.objects.filter(bsn=brp_persoon.bsn, verwerkingsactiviteit="brp_bevraging").exists()

    # links her to the contact: a local party is made from the BRP data
    client.post(reverse("contacten:contact_partij", args=[contact.uuid]), {"bsn": brp_persoon.bsn})
    contact.refresh_from_db()
    assert contact.persoon.bsn == brp_persoon.bsn

    # notes two questions: one answered, one handed on as a contactverzoek to the team
    assert (
        _post_vraag(
            client, contact, vraag="Wanneer komt de WOZ-beschikking?", antwoord="Eind februari."
        ).status_code
        == 302
    )
    response = _post_vraag(
        client,
        contact,
        vraag="Bezwaar tegen de WOZ-waarde: bel mij terug",
        uitkomst="contactverzoek",
        cv_team=str(team.uuid),
        cv_telefoonnummer="06-12345678",
        cv_email="fatima@example.org",
        cv_bereikbaar="na 14.00 uur",
    )
    assert response.status_code == 302
    client.post(reverse("contacten:contact_registreren", args=[contact.uuid]))
    client.post(reverse("contacten:contact_registreren", args=[contact.uuid]))  # double click
    contact.refresh_from_db()
    assert contact.status == "geregistreerd"
    cv = Contactverzoek.objects.get()
    assert cv.status == ContactverzoekStatus.OPEN
    assert Bericht.objects.filter(aan="fatima@example.org").count() == 1  # confirmation

    # the next call: the klantbeeld shows the open callback with its deadline
    klantbeeld = client.get(reverse("contacten:klantbeeld", args=["persoon", contact.persoon.uuid]))
    html = klantbeeld.content.decode()
    assert cv.nummer in html
    assert "WOZ-beschikking" in html

    # the behandelaar sees it in the team queue, claims, records attempts, closes
    client.force_login(behandelaar)
    wachtrij = client.get(reverse("contacten:contactverzoeken"), {"wachtrij": "team"})
    assert cv.nummer in wachtrij.content.decode()
    client.post(reverse("contacten:contactverzoek_actie", args=[cv.uuid, "claimen"]))
    client.post(
        reverse("contacten:contactverzoek_actie", args=[cv.uuid, "poging"]), {"p-uitkomst": "voicemail"}
    )
    client.post(
        reverse("contacten:contactverzoek_actie", args=[cv.uuid, "poging"]), {"p-uitkomst": "bereikt"}
    )
    response = client.post(
        reverse("contacten:contactverzoek_actie", args=[cv.uuid, "afhandelen"]),
        {
            "a-resultaat": "beantwoord",
            "a-afsluittekst": "Bezwaarprocedure uitgelegd.",
            "a-bericht_sturen": "on",
            "a-bericht_aan_inwoner": "Zoals besproken stuurt u uw bezwaar voor 1 april.",
        },
    )
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.status == ContactverzoekStatus.AFGEHANDELD
    assert cv.behandelaar == behandelaar
    assert cv.pogingen.count() == 2
    assert Bericht.objects.filter(aan="fatima@example.org").count() == 2  # closing message


def test_unknown_bsn_says_so_and_offers_anonymous(client, eikendal, agent):
    client.force_login(agent)
    contact = services.contact_starten(organisatie=eikendal, kanaal="balie", by=agent)
    response = client.get(
        reverse("contacten:contact", args=[contact.uuid]), {"p-zoek": "1", "p-bsn": geldig_bsn(99)}
    )
    html = response.content.decode()
    assert "geen persoon met dit BSN" in html
    assert "anoniem verder" in html


def test_invalid_search_input_names_the_field_and_logs_nothing(client, eikendal, agent):
    client.force_login(agent)
    contact = services.contact_starten(organisatie=eikendal, kanaal="balie", by=agent)
    response = client.get(
        reverse("contacten:contact", args=[contact.uuid]), {"p-zoek": "1", "p-bsn": "123456789"}
    )
    assert 'id="id_p-bsn_fout"' in response.content.decode()
    response = client.get(
        reverse("contacten:contact", args=[contact.uuid]), {"p-zoek": "1", "p-postcode": "12345"}
    )
    assert 'id="id_p-postcode_fout"' in response.content.decode()
    assert not Verwerking.objects.filter(verwerkingsactiviteit="brp_bevraging").exists()


def test_invalid_question_input_changes_nothing(client, eikendal, agent, team):
    client.force_login(agent)
    contact = services.contact_starten(organisatie=eikendal, kanaal="telefoon", by=agent)
    response = _post_vraag(
        client,
        contact,
        vraag="Terugbellen",
        uitkomst="contactverzoek",
        cv_team=str(team.uuid),
        cv_telefoonnummer="12",
    )
    assert response.status_code == 400
    assert 'id="id_v-cv_telefoonnummer_fout"' in response.content.decode()
    response = _post_vraag(
        client, contact, vraag="Terugbellen", uitkomst="contactverzoek", cv_team=str(team.uuid)
    )
    assert response.status_code == 400
    assert 'id="id_v-cv_telefoonnummer_fout"' in response.content.decode()
    assert not contact.vragen.exists()


def test_several_contacts_open_at_once_and_drafts_survive(client, eikendal, agent):
    client.force_login(agent)
    client.post(reverse("contacten:contact_starten"), {"kanaal": "telefoon"})
    client.post(reverse("contacten:contact_starten"), {"kanaal": "chat"})
    html = client.get(reverse("contacten:kcc")).content.decode()
    assert html.count("/medewerker/kcc/contact/") >= 2
    assert Klantcontact.objects.filter(status="concept", medewerker=agent).count() == 2


def test_drafts_are_private_to_their_agent(client, eikendal, agent):
    contact = services.contact_starten(organisatie=eikendal, kanaal="telefoon", by=agent)
    collega = medewerker(eikendal, Rol.KCC_MEDEWERKER)
    client.force_login(collega)
    assert client.get(reverse("contacten:contact", args=[contact.uuid])).status_code == 404


def test_sensitive_flags_only_for_roles_that_need_them(client, eikendal, agent):
    persoon = PersoonFactory(organisatie=eikendal)
    Klantvlag.objects.create(
        organisatie=eikendal,
        persoon=persoon,
        soort=VlagSoort.ONGEWENST_GEDRAG,
        toelichting="Alleen met twee collega's",
        begindatum=datetime.date(2026, 1, 1),
    )
    Klantvlag.objects.create(
        organisatie=eikendal,
        persoon=persoon,
        soort=VlagSoort.SLECHTHOREND,
        begindatum=datetime.date(2026, 1, 1),
    )
    url = reverse("contacten:klantbeeld", args=["persoon", persoon.uuid])
    client.force_login(agent)
    html = client.get(url).content.decode()
    assert "Alleen met twee collega" in html
    assert "Slechthorend" in html
    # expired flags are not shown
    Klantvlag.objects.filter(soort=VlagSoort.ONGEWENST_GEDRAG).update(einddatum=datetime.date(2026, 2, 1))
    assert "Alleen met twee collega" not in client.get(url).content.decode()


def test_klantbeeld_is_one_log_row_and_a_constant_number_of_queries(
    client, eikendal, agent, team, django_assert_max_num_queries
):
    persoon = PersoonFactory(organisatie=eikendal)
    for i in range(30):
        services.klantcontact_vastleggen(
            organisatie=eikendal,
            kanaal="telefoon",
            by=agent,
            persoon=persoon,
            vragen=[{"vraag": f"Vraag {i}", "antwoord": "Antwoord"}, {"vraag": "Nog iets", "antwoord": "Ja"}],
        )
    services.contactverzoek_aanmaken(
        organisatie=eikendal,
        by=agent,
        vraag="Bel terug",
        team=team,
        persoon=persoon,
        telefoonnummer="0201234567",
    )
    client.force_login(agent)
    url = reverse("contacten:klantbeeld", args=["persoon", persoon.uuid])
    client.get(url)
    Verwerking.objects.filter(handeling="Klantbeeld bekeken").count()
    voor = Verwerking.objects.filter(handeling="Klantbeeld bekeken").count()
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    assert Verwerking.objects.filter(handeling="Klantbeeld bekeken").count() == voor + 1


@pytest.mark.parametrize("rol", [Rol.KCC_MEDEWERKER, Rol.BEHANDELAAR, Rol.TEAMLEIDER])
def test_staff_of_other_municipality_see_nothing(client, eikendal, lindewaard, agent, team, rol):
    persoon = PersoonFactory(organisatie=eikendal)
    contact, _ = services.klantcontact_vastleggen(
        organisatie=eikendal,
        kanaal="telefoon",
        by=agent,
        persoon=persoon,
        vragen=[{"vraag": "a", "antwoord": "b"}],
    )
    cv = services.contactverzoek_aanmaken(
        organisatie=eikendal,
        by=agent,
        vraag="Bel terug",
        team=team,
        persoon=persoon,
        telefoonnummer="0201234567",
    )
    client.force_login(medewerker(lindewaard, rol))
    assert client.get(reverse("contacten:klantbeeld", args=["persoon", persoon.uuid])).status_code == 404
    assert client.get(reverse("contacten:contact", args=[contact.uuid])).status_code in (403, 404)
    assert client.get(reverse("contacten:contactverzoek", args=[cv.uuid])).status_code == 404
    assert (
        cv.nummer
        not in client.get(reverse("contacten:contactverzoeken"), {"wachtrij": "open"}).content.decode()
    )
    assert (
        client.post(reverse("contacten:contactverzoek_actie", args=[cv.uuid, "claimen"])).status_code == 404
    )


@pytest.mark.parametrize(
    ("rol", "kcc", "wachtrij"),
    [
        (Rol.KCC_MEDEWERKER, 200, 200),
        (Rol.BEHANDELAAR, 200, 200),
        (Rol.TEAMLEIDER, 403, 200),
        (Rol.BUITENDIENST, 403, 403),
        (Rol.FUNCTIONEEL_BEHEERDER, 403, 403),
        (Rol.PRIVACY_OFFICER, 403, 403),
    ],
)
def test_who_may_open_which_screen(client, eikendal, rol, kcc, wachtrij):
    client.force_login(medewerker(eikendal, rol))
    assert client.get(reverse("contacten:kcc")).status_code == kcc
    assert client.get(reverse("contacten:contactverzoeken")).status_code == wachtrij


def test_overdue_list_for_the_teamleider(client, eikendal, agent, team):
    leider = medewerker(eikendal, Rol.TEAMLEIDER)
    cv = services.contactverzoek_aanmaken(
        organisatie=eikendal, by=agent, vraag="Bel terug", team=team, telefoonnummer="0201234567"
    )
    Contactverzoek.objects.filter(pk=cv.pk).update(deadline=cv.deadline - datetime.timedelta(days=7))
    client.force_login(leider)
    html = client.get(reverse("contacten:contactverzoeken"), {"wachtrij": "te_laat"}).content.decode()
    assert cv.nummer in html
    assert "te laat" in html


def test_screen_pop_opens_the_matching_klantbeeld(client, eikendal, agent):
    persoon = PersoonFactory(organisatie=eikendal, telefoonnummer="+31201234567")
    from eenloket.core.context import Actor
    from eenloket.core.tests.factories import ApiClientFactory

    telefonie = ApiClientFactory(organisaties=[eikendal])
    pop = services.schermpop_aanmaken(
        organisatie=eikendal, medewerker=agent, telefoonnummer="020-1234567", by=Actor.for_client(telefonie)
    )
    assert pop.persoon == persoon
    client.force_login(agent)
    assert (
        "020" in client.get(reverse("contacten:schermpop")).content.decode()
        or "+3120" in client.get(reverse("contacten:schermpop")).content.decode()
    )
    response = client.post(reverse("contacten:schermpop_openen", args=[pop.uuid]))
    contact = Klantcontact.objects.get()
    assert response.url == reverse("contacten:contact", args=[contact.uuid])
    assert contact.persoon == persoon
    assert contact.kanaal.code == "telefoon"
    assert Persoon.objects.count() == 1


def test_escalation_reaches_the_teamleider_in_app(client, eikendal, agent, team):
    leider = medewerker(eikendal, Rol.TEAMLEIDER)
    team.leden.add(leider)
    cv = services.contactverzoek_aanmaken(
        organisatie=eikendal, by=agent, vraag="Bel terug", team=team, telefoonnummer="0201234567"
    )
    services.contactverzoeken_bewaken(cv.deadline + datetime.timedelta(minutes=1))
    client.force_login(leider)
    start = client.get(reverse("core:start")).content.decode()
    assert 'data-testid="attenderingen"' in start
    assert "1<span" in start
    html = client.get(reverse("core:attenderingen")).content.decode()
    assert cv.nummer in html
    attendering = leider.attenderingen.get()
    response = client.post(reverse("core:attenderingen"), {"attendering": str(attendering.uuid)})
    assert response.url == reverse("contacten:contactverzoek", args=[cv.uuid])
    # someone else's notification cannot be opened
    client.force_login(agent)
    assert (
        client.post(reverse("core:attenderingen"), {"attendering": str(attendering.uuid)}).status_code == 404
    )


def test_flags_and_preferred_channel_from_the_klantbeeld(client, eikendal, agent):
    persoon = PersoonFactory(organisatie=eikendal)
    client.force_login(agent)
    basis = reverse("contacten:klantbeeld", args=["persoon", persoon.uuid])
    client.post(basis + "voorkeur/", {"vk-voorkeurskanaal": "brief"})
    persoon.refresh_from_db()
    assert persoon.voorkeurskanaal == "brief"
    client.post(
        basis + "kenmerk/",
        {"k-soort": "ongewenst_gedrag", "k-toelichting": "Dreigend", "k-einddatum": "2099-01-01"},
    )
    vlag = Klantvlag.objects.get(persoon=persoon)
    assert "Dreigend" in client.get(basis).content.decode()
    client.post(basis + "kenmerk/", {"k-soort": "tolk", "k-einddatum": "2001-01-01"})  # in the past: refused
    assert Klantvlag.objects.filter(persoon=persoon).count() == 1
    client.post(basis + "kenmerk-beeindigen/", {"kenmerk": str(vlag.uuid)})
    assert "Dreigend" not in client.get(basis).content.decode()
    assert Verwerking.objects.filter(bsn=persoon.bsn, handeling="Klantkenmerk vastgelegd").exists()


def test_system_clients_do_not_see_sensitive_flags(eikendal):
    from rest_framework.test import APIClient

    from eenloket.api.tests.test_api import als_client
    from eenloket.core.tests.factories import ApiClientFactory

    persoon = PersoonFactory(organisatie=eikendal)
    for soort in (VlagSoort.ONGEWENST_GEDRAG, VlagSoort.TOLK):
        Klantvlag.objects.create(
            organisatie=eikendal, persoon=persoon, soort=soort, begindatum=datetime.date(2026, 1, 1)
        )
    api = als_client(APIClient(), ApiClientFactory(organisaties=[eikendal]))
    data = api.get(f"/api/v1/klantbeeld/personen/{persoon.uuid}").json()
    assert [k["soort"] for k in data["kenmerken"]] == ["tolk"]


def test_functioneel_beheerder_configures_channels_and_norms(client, eikendal, lindewaard, agent, team):
    from eenloket.contacten.models import Kanaal, Servicenorm

    beheerder = medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER)
    client.force_login(beheerder)
    url = reverse("contacten:inrichting")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "wat": "norm",
            "n-soort": "contactverzoek",
            "n-team": str(team.uuid),
            "n-termijn": "1",
            "n-eenheid": "werkdagen",
            "n-omschrijving": "Binnen 1 werkdag",
        },
    )
    client.post(
        url,
        {
            "wat": "norm",
            "n-soort": "contactverzoek",
            "n-team": str(team.uuid),
            "n-termijn": "3",
            "n-eenheid": "werkdagen",
        },
    )  # replaces, does not duplicate
    assert Servicenorm.objects.get(organisatie=eikendal).termijn == 3
    assert (
        client.post(
            url, {"wat": "norm", "n-soort": "contactverzoek", "n-termijn": "-1", "n-eenheid": "werkdagen"}
        ).status_code
        == 400
    )
    client.post(
        url,
        {
            "wat": "kanaal",
            "k-naam": "Balie Stadswinkel Noord",
            "k-soort": "balie",
            "k-volgorde": "3",
            "k-actief": "on",
        },
    )
    nieuw = Kanaal.objects.get(organisatie=eikendal, naam="Balie Stadswinkel Noord")
    chat = Kanaal.objects.get(organisatie=eikendal, code="chat")
    client.post(
        url,
        {"wat": "kanaal", "kanaal": str(chat.uuid), "k-naam": "Chat", "k-soort": "chat", "k-volgorde": "4"},
    )  # unchecked: deactivated
    chat.refresh_from_db()
    assert not chat.actief
    # the agent's channel list follows
    client.force_login(agent)
    html = client.get(reverse("contacten:kcc")).content.decode()
    assert nieuw.naam in html
    assert '<option value="chat">' not in html
    # a KCC agent may not configure; a beheerder of another municipality sees only their own
    assert client.get(url).status_code == 403
    client.force_login(medewerker(lindewaard, Rol.FUNCTIONEEL_BEHEERDER))
    assert "Binnen 1 werkdag" not in client.get(url).content.decode()
    norm = Servicenorm.objects.get(organisatie=eikendal)
    client.post(url, {"wat": "norm-verwijderen", "norm": str(norm.uuid)})
    assert Servicenorm.objects.filter(pk=norm.pk).exists()


def test_finding_a_party_by_phone_number_is_logged(client, eikendal, agent):
    persoon = PersoonFactory(organisatie=eikendal, telefoonnummer="+31201234567")
    client.force_login(agent)
    response = client.get(
        reverse("contacten:klant_zoeken"), {"p-zoek": "1", "p-telefoonnummer": "020-1234567"}
    )
    assert persoon.geslachtsnaam in response.content.decode()
    assert (
        Verwerking.objects.filter(bsn=persoon.bsn, handeling="Klant gezocht op telefoonnummer").count() == 1
    )
    client.get(reverse("contacten:klant_zoeken"), {"p-zoek": "1", "p-telefoonnummer": "020-7654321"})
    assert Verwerking.objects.filter(handeling="Klant gezocht op telefoonnummer").count() == 1
