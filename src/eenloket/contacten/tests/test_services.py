"""The contact centre's writes: live contacts, questions, registration, contactverzoeken
with deadlines from the service norm, attempts, closing, reminders and escalation."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from eenloket.contacten import services
from eenloket.contacten.constants import ContactverzoekStatus, LogSoort, NormSoort, Uitkomst, Urgentie
from eenloket.contacten.models import Contactverzoek, Klantcontact, Servicenorm
from eenloket.core.constants import Rol
from eenloket.core.models import Attendering, Bericht, Gebeurtenis, Verwerking
from eenloket.core.tests.factories import OnderwerpFactory, TeamFactory, medewerker
from eenloket.klanten.models import DigitaalAdres
from eenloket.klanten.tests.factories import PersoonFactory

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(eikendal):
    return medewerker(eikendal, Rol.KCC_MEDEWERKER, email="agent@eikendal.example")


@pytest.fixture
def team(eikendal):
    return TeamFactory(organisatie=eikendal, naam="Burgerzaken", email="burgerzaken@eikendal.example")


def test_new_organisation_gets_the_default_channels(eikendal):
    assert {k.code for k in services.Kanaal.objects.filter(organisatie=eikendal)} >= {
        "telefoon",
        "balie",
        "email",
        "chat",
        "whatsapp",
        "social",
        "brief",
        "webformulier",
        "huisbezoek",
    }


def test_live_contact_with_two_questions_registers_once(eikendal, agent, team):
    persoon = PersoonFactory(organisatie=eikendal)
    contact = services.contact_starten(
        organisatie=eikendal, kanaal="telefoon", by=agent, persoon=persoon, telefoonnummer="06 1234 5678"
    )
    assert contact.is_concept
    assert contact.beeindigd_op is None
    services.vraag_opslaan(
        contact=contact,
        by=agent,
        vraag="Wanneer is mijn paspoort klaar?",
        antwoord="Na vijf werkdagen.",
        onderwerp_tekst="Paspoort",
    )
    services.vraag_opslaan(
        contact=contact,
        by=agent,
        vraag="Kan ik een ander adres doorgeven?",
        uitkomst=Uitkomst.CONTACTVERZOEK,
        contactverzoek={"team": team, "bereikbaar": "na 14.00 uur", "email": "inwoner@example.org"},
    )
    assert Contactverzoek.objects.get().status == ContactverzoekStatus.CONCEPT
    services.contact_registreren(contact=contact, by=agent)
    services.contact_registreren(contact=contact, by=agent)  # double click: no second registration
    contact.refresh_from_db()
    assert contact.status == "geregistreerd"
    assert contact.eerstelijns is False
    assert Gebeurtenis.objects.filter(type="klantcontact.geregistreerd").count() == 1
    assert Verwerking.objects.filter(handeling="Klantcontact geregistreerd", bsn=persoon.bsn).count() == 1
    cv = Contactverzoek.objects.get()
    assert cv.status == ContactverzoekStatus.OPEN
    assert cv.persoon == persoon
    assert cv.telefoonnummer == "+31612345678"
    assert cv.nummer.startswith("CV-")
    assert cv.deadline is not None
    assert cv.servicenorm
    assert DigitaalAdres.objects.filter(persoon=persoon, adres="+31612345678").exists()
    assert [r.soort for r in cv.logregels.all()] == [LogSoort.AANGEMAAKT, LogSoort.BERICHT]
    assert Bericht.objects.filter(aan="inwoner@example.org", onderwerp__contains=cv.nummer).exists()


def test_register_without_questions_or_answer_is_refused_and_changes_nothing(eikendal, agent):
    contact = services.contact_starten(organisatie=eikendal, kanaal="balie", by=agent)
    with pytest.raises(ValidationError) as exc:
        services.contact_registreren(contact=contact, by=agent)
    assert "vragen" in exc.value.message_dict
    services.vraag_opslaan(contact=contact, by=agent, vraag="Hoe laat open?")
    with pytest.raises(ValidationError) as exc:
        services.contact_registreren(contact=contact, by=agent)
    assert "antwoord" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.is_concept
    assert not Gebeurtenis.objects.filter(type="klantcontact.geregistreerd").exists()


def test_text_limits_name_the_field(eikendal, agent):
    contact = services.contact_starten(organisatie=eikendal, kanaal="telefoon", by=agent)
    services.vraag_opslaan(contact=contact, by=agent, vraag="x" * 4000, antwoord="y" * 5000)  # generous
    with pytest.raises(ValidationError) as exc:
        services.vraag_opslaan(contact=contact, by=agent, vraag="x" * 4001, antwoord="ok")
    assert "vraag" in exc.value.message_dict
    assert contact.vragen.count() == 1


def test_contactverzoek_needs_a_recipient_and_a_way_to_reach(eikendal, agent, team):
    contact = services.contact_starten(organisatie=eikendal, kanaal="telefoon", by=agent)
    with pytest.raises(ValidationError) as exc:
        services.vraag_opslaan(
            contact=contact,
            by=agent,
            vraag="Terugbellen",
            uitkomst=Uitkomst.CONTACTVERZOEK,
            contactverzoek={"telefoonnummer": "0612345678"},
        )
    assert "team" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.vraag_opslaan(
            contact=contact,
            by=agent,
            vraag="Terugbellen",
            uitkomst=Uitkomst.CONTACTVERZOEK,
            contactverzoek={"team": team},
        )
    assert "telefoonnummer" in exc.value.message_dict
    assert not contact.vragen.exists()
    assert not Contactverzoek.objects.exists()


def test_agent_of_other_municipality_cannot_start_or_touch_contacts(eikendal, lindewaard, agent):
    with pytest.raises(PermissionDenied):
        services.contact_starten(organisatie=lindewaard, kanaal="telefoon", by=agent)
    persoon_b = PersoonFactory(organisatie=lindewaard)
    with pytest.raises(ValidationError):
        services.contact_starten(organisatie=eikendal, kanaal="telefoon", by=agent, persoon=persoon_b)


def test_idempotency_key_registers_a_contact_once(eikendal, agent):
    vragen = [{"vraag": "Openingstijden?", "antwoord": "9-17"}]
    eerste, nieuw = services.klantcontact_vastleggen(
        organisatie=eikendal, kanaal="email", by=agent, vragen=vragen, idempotentiesleutel="abc"
    )
    tweede, nieuw2 = services.klantcontact_vastleggen(
        organisatie=eikendal, kanaal="email", by=agent, vragen=vragen, idempotentiesleutel="abc"
    )
    assert nieuw
    assert not nieuw2
    assert eerste.pk == tweede.pk
    assert Klantcontact.objects.count() == 1


def test_failure_rolls_back_contact_log_and_event(eikendal, agent, team):
    persoon = PersoonFactory(organisatie=eikendal)
    with pytest.raises(ValidationError):
        services.klantcontact_vastleggen(
            organisatie=eikendal,
            kanaal="telefoon",
            by=agent,
            persoon=persoon,
            vragen=[
                {"vraag": "a", "antwoord": "b"},
                {"vraag": "c", "uitkomst": Uitkomst.CONTACTVERZOEK, "contactverzoek": {"team": team}},
            ],
        )
    assert not Klantcontact.objects.exists()
    assert not Verwerking.objects.filter(bsn=persoon.bsn).exists()
    assert not Gebeurtenis.objects.exists()


def test_deadline_comes_from_the_most_specific_norm(eikendal, agent, team):
    onderwerp = OnderwerpFactory(organisatie=eikendal, naam="Paspoort")
    Servicenorm.objects.create(organisatie=eikendal, soort=NormSoort.CONTACTVERZOEK, termijn=5)
    Servicenorm.objects.create(organisatie=eikendal, soort=NormSoort.CONTACTVERZOEK, team=team, termijn=3)
    Servicenorm.objects.create(
        organisatie=eikendal, soort=NormSoort.CONTACTVERZOEK, team=team, onderwerp=onderwerp, termijn=1
    )
    Servicenorm.objects.create(
        organisatie=eikendal,
        soort=NormSoort.CONTACTVERZOEK,
        urgentie=Urgentie.HOOG,
        termijn=0,
        omschrijving="Dezelfde werkdag",
    )
    assert services.servicenorm_voor(eikendal, team=team, onderwerp=onderwerp)[0].aantal == 1
    assert services.servicenorm_voor(eikendal, team=team)[0].aantal == 3
    assert services.servicenorm_voor(eikendal)[0].aantal == 5
    assert services.servicenorm_voor(eikendal, team=team, urgentie=Urgentie.HOOG)[1] == "Dezelfde werkdag"


def test_default_norm_is_two_working_days_over_a_holiday(eikendal):
    # Thursday 24 December 2026 10:00: + 2 werkdagen skips Christmas (25, 26) and the weekend.
    start = datetime.datetime(2026, 12, 24, 10, tzinfo=AMS)
    deadline = services.deadline_voor(eikendal, start, services.STANDAARD_NORM)
    assert deadline.astimezone(AMS).date() == datetime.date(2026, 12, 29)


def _open_verzoek(eikendal, agent, team, **extra):
    return services.contactverzoek_aanmaken(
        organisatie=eikendal,
        by=agent,
        vraag="Bel mij terug over de WOZ",
        team=team,
        telefoonnummer="0201234567",
        email="w@example.org",
        **extra,
    )


def test_claim_attempts_and_close_with_message(eikendal, agent, team):
    behandelaar = medewerker(eikendal, Rol.BEHANDELAAR)
    team.leden.add(behandelaar)
    cv = _open_verzoek(eikendal, agent, team)
    cv = services.contactverzoek_claimen(contactverzoek=cv, by=behandelaar)
    assert cv.behandelaar == behandelaar
    assert cv.status == ContactverzoekStatus.IN_BEHANDELING
    services.contactpoging_vastleggen(contactverzoek=cv, by=behandelaar, uitkomst="niet_bereikt")
    services.contactpoging_vastleggen(
        contactverzoek=cv, by=behandelaar, uitkomst="voicemail", notitie="Ingesproken"
    )
    services.contactpoging_vastleggen(contactverzoek=cv, by=behandelaar, uitkomst="bereikt")
    services.contactverzoek_afhandelen(
        contactverzoek=cv,
        by=behandelaar,
        resultaat="beantwoord",
        afsluittekst="Uitleg gegeven over de taxatie.",
        bericht_aan_inwoner="Zoals besproken ...",
    )
    cv.refresh_from_db()
    assert cv.status == ContactverzoekStatus.AFGEHANDELD
    assert cv.pogingen.count() == 3
    assert Bericht.objects.filter(onderwerp__contains="afgehandeld").count() == 1
    with pytest.raises(ValidationError):
        services.contactpoging_vastleggen(contactverzoek=cv, by=behandelaar, uitkomst="bereikt")


def test_close_needs_result_text_and_changes_nothing_otherwise(eikendal, agent, team):
    cv = _open_verzoek(eikendal, agent, team)
    with pytest.raises(ValidationError) as exc:
        services.contactverzoek_afhandelen(
            contactverzoek=cv, by=agent, resultaat="beantwoord", afsluittekst=" "
        )
    assert "afsluittekst" in exc.value.message_dict
    cv.refresh_from_db()
    assert cv.is_open


def test_transfer_keeps_deadline_and_notifies_new_assignee(eikendal, agent, team):
    cv = _open_verzoek(eikendal, agent, team)
    ander_team = TeamFactory(organisatie=eikendal, naam="Belastingen")
    collega = medewerker(eikendal, Rol.BEHANDELAAR)
    deadline = cv.deadline
    cv = services.contactverzoek_toewijzen(
        contactverzoek=cv,
        by=agent,
        team=ander_team,
        behandelaar=collega,
        toelichting="WOZ hoort bij belastingen",
    )
    assert cv.deadline == deadline
    assert cv.team == ander_team
    assert cv.behandelaar == collega
    assert cv.logregels.filter(soort=LogSoort.OVERGEDRAGEN).exists()
    assert Attendering.objects.filter(medewerker=collega).exists()


def test_chain_partner_handles_what_was_handed_to_it(eikendal, agent, team):
    from eenloket.core.tests.factories import OrganisatieFactory

    partner = OrganisatieFactory(code="sociaalteam", naam="Sociaal Team", soort="ketenpartner")
    partner_medewerker = medewerker(partner, Rol.BEHANDELAAR)
    buitenstaander = medewerker(OrganisatieFactory(code="ander"), Rol.BEHANDELAAR)
    cv = _open_verzoek(eikendal, agent, None, ketenpartner=partner)
    services.contactverzoek_claimen(contactverzoek=cv, by=partner_medewerker)
    with pytest.raises(PermissionDenied):
        services.contactverzoek_claimen(contactverzoek=cv, by=buitenstaander)


def test_reminder_on_deadline_day_and_escalation_when_overdue(eikendal, agent, team):
    behandelaar = medewerker(eikendal, Rol.BEHANDELAAR, email="b@eikendal.example")
    leider = medewerker(eikendal, Rol.TEAMLEIDER, email="leider@eikendal.example")
    team.leden.add(behandelaar, leider)
    cv = _open_verzoek(eikendal, agent, team, behandelaar=behandelaar)
    deadline_dag = cv.deadline.astimezone(AMS)
    ochtend = deadline_dag.replace(hour=9, minute=0)
    assert services.contactverzoeken_bewaken(ochtend) == (1, 0)
    assert services.contactverzoeken_bewaken(ochtend) == (0, 0)  # once
    assert Attendering.objects.filter(medewerker=behandelaar, titel__contains="vandaag").exists()
    na_deadline = deadline_dag + datetime.timedelta(hours=1)
    assert services.contactverzoeken_bewaken(na_deadline) == (0, 1)
    assert services.contactverzoeken_bewaken(na_deadline) == (0, 0)
    assert Attendering.objects.filter(medewerker=leider, titel__contains="te laat").count() == 1
    assert Bericht.objects.filter(aan="leider@eikendal.example").exists()
    assert Gebeurtenis.objects.filter(type="contactverzoek.te_laat").count() == 1
