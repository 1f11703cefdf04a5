"""The inbox screens through Django's test client: tabs sorted by deadline with an
overdue marker, the thread with its attachments, answering, claiming, assigning,
closing, linking the sender, who may see what (tenancy), and query counts."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from eenloket.contacten import inbox
from eenloket.contacten.constants import GesprekStatus, Richting, ScanStatus
from eenloket.contacten.models import Inboxbericht, Inboxgesprek, Klantcontact
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.models import Verwerking
from eenloket.core.tests.factories import TeamFactory, medewerker
from eenloket.integraties.virusscan import ScanUitslag
from eenloket.klanten.models import DigitaalAdres
from eenloket.klanten.tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agent(eikendal: Any) -> Any:
    return medewerker(eikendal, Rol.KCC_MEDEWERKER, first_name="Kim", last_name="Agent")


def gesprek(org: Any, vraag: str = "Wanneer wordt het grofvuil opgehaald?", **kwargs: Any) -> Inboxgesprek:
    return inbox.webformulier_ontvangen(
        organisatie=org,
        naam="Jan de Vries",
        email=kwargs.pop("email", "jan@example.nl"),
        vraag=vraag,
        **kwargs,
    )


class _Scanner:
    def scan(self, inhoud: bytes) -> ScanUitslag:
        return ScanUitslag(schoon=b"virus" not in inhoud, bevinding="" if b"virus" not in inhoud else "Eicar")


def test_list_tabs_sorted_by_deadline_with_overdue_marker(client: Any, eikendal: Any, agent: Any) -> None:
    # given an overdue thread, a fresh one, one of mine and an answered one
    laat = gesprek(eikendal, "Oude vraag")
    Inboxgesprek.objects.filter(pk=laat.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    vers = gesprek(eikendal, "Nieuwe vraag")
    mijn = inbox.gesprek_claimen(gesprek=gesprek(eikendal, "Mijn vraag"), by=agent)
    klaar = gesprek(eikendal, "Beantwoorde vraag")
    inbox.gesprek_beantwoorden(gesprek=klaar, tekst="Antwoord", by=agent)
    client.force_login(agent)
    # when the agent opens the inbox
    response = client.get(reverse("contacten:inbox"))
    # then "nieuw" lists the unassigned open ones, overdue first and marked
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Oude vraag") < html.index("Nieuwe vraag")
    assert "Mijn vraag" not in html
    assert "Beantwoorde vraag" not in html
    assert "te laat" in html
    assert "binnen 2 werkdagen" in html or "2 werkdagen" in html
    assert [g.pk for g in response.context["pagina"]] == [laat.pk, vers.pk]
    # and the other tabs
    assert [g.pk for g in client.get(reverse("contacten:inbox"), {"tab": "mijn"}).context["pagina"]] == [
        mijn.pk
    ]
    assert [g.pk for g in client.get(reverse("contacten:inbox"), {"tab": "te_laat"}).context["pagina"]] == [
        laat.pk
    ]
    beantwoord = client.get(reverse("contacten:inbox"), {"tab": "beantwoord"}).context["pagina"]
    assert [g.pk for g in beantwoord] == [klaar.pk]
    tellingen = {t["code"]: t["aantal"] for t in response.context["tabs"]}
    assert tellingen == {"nieuw": 2, "mijn": 1, "team": 0, "te_laat": 1, "beantwoord": None}


def test_team_tab(client: Any, eikendal: Any, agent: Any) -> None:
    team = TeamFactory(organisatie=eikendal, naam="KCC")
    team.leden.add(agent)
    g = inbox.gesprek_toewijzen(gesprek=gesprek(eikendal), by=agent, team=team)
    client.force_login(agent)
    assert [x.pk for x in client.get(reverse("contacten:inbox"), {"tab": "team"}).context["pagina"]] == [g.pk]


def test_list_query_count_does_not_grow(
    client: Any, eikendal: Any, agent: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        gesprek(eikendal, f"Vraag {n}")
    client.force_login(agent)
    client.get(reverse("contacten:inbox"))  # warm up session and permission caches
    with django_assert_max_num_queries(16) as weinig:
        client.get(reverse("contacten:inbox"))
    for n in range(20):
        gesprek(eikendal, f"Meer {n}", email=f"p{n}@example.nl")
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        response = client.get(reverse("contacten:inbox"))
    assert len(response.context["pagina"]) == 23


def test_detail_query_count_does_not_grow_with_the_thread(
    client: Any, eikendal: Any, agent: Any, django_assert_max_num_queries: Any
) -> None:
    g = gesprek(eikendal)
    client.force_login(agent)
    client.get(reverse("contacten:inbox_gesprek", args=[g.uuid]))
    with django_assert_max_num_queries(30) as eerst:
        client.get(reverse("contacten:inbox_gesprek", args=[g.uuid]))
    for n in range(5):
        b = Inboxbericht.objects.create(
            gesprek=g, organisatie=eikendal, richting=Richting.INKOMEND, tekst=f"{n}"
        )
        inbox._bijlage_opslaan(b, f"b{n}.pdf", "application/pdf", b"%PDF", None)
    with django_assert_max_num_queries(len(eerst.captured_queries)):
        client.get(reverse("contacten:inbox_gesprek", args=[g.uuid]))


def test_detail_answer_and_double_submit(client: Any, eikendal: Any, agent: Any) -> None:
    persoon = PersoonFactory(organisatie=eikendal, email="jan@example.nl")
    g = gesprek(eikendal)
    assert g.persoon == persoon
    client.force_login(agent)
    # the detail shows the thread, the link to the klantbeeld and the empty suggestion slot
    response = client.get(reverse("contacten:inbox_gesprek", args=[g.uuid]))
    html = response.content.decode()
    assert "grofvuil" in html
    assert reverse("contacten:klantbeeld", args=["persoon", persoon.uuid]) in html
    assert "Voorgesteld antwoord uit de kennisbank" in html
    # and reading it is logged for the person
    assert Verwerking.objects.filter(bsn=persoon.bsn, actie=VerwerkingActie.LEZEN).exists()
    sleutel = response.context["antwoord_form"]["sleutel"].value()
    url = reverse("contacten:inbox_actie", args=[g.uuid, "beantwoorden"])
    # when the answer is posted twice (a double click)
    for _ in range(2):
        r = client.post(url, {"a-tekst": "Op maandag.", "a-sleutel": sleutel})
        assert r.status_code == 302
    # then one answer and one klantcontact
    assert Inboxbericht.objects.filter(gesprek=g, richting=Richting.UITGAAND, medewerker=agent).count() == 1
    assert Klantcontact.objects.filter(gesprek=g).count() == 1
    g.refresh_from_db()
    assert g.status == GesprekStatus.BEANTWOORD


def test_empty_answer_names_the_field(client: Any, eikendal: Any, agent: Any) -> None:
    g = gesprek(eikendal)
    client.force_login(agent)
    r = client.post(
        reverse("contacten:inbox_actie", args=[g.uuid, "beantwoorden"]), {"a-tekst": "", "a-sleutel": "x"}
    )
    assert r.status_code == 400
    assert r.context["antwoord_form"].errors["tekst"]
    assert not Inboxbericht.objects.filter(richting=Richting.UITGAAND, medewerker=agent).exists()


def test_claim_assign_close(client: Any, eikendal: Any, agent: Any) -> None:
    collega = medewerker(eikendal, Rol.KCC_MEDEWERKER, first_name="Co")
    team = TeamFactory(organisatie=eikendal)
    g = gesprek(eikendal)
    client.force_login(agent)
    client.post(reverse("contacten:inbox_actie", args=[g.uuid, "claimen"]))
    g.refresh_from_db()
    assert (g.behandelaar, g.status) == (agent, GesprekStatus.IN_BEHANDELING)
    client.post(
        reverse("contacten:inbox_actie", args=[g.uuid, "toewijzen"]),
        {"t-team": str(team.uuid), "t-behandelaar": str(collega.uuid)},
    )
    g.refresh_from_db()
    assert (g.team, g.behandelaar) == (team, collega)
    client.post(reverse("contacten:inbox_actie", args=[g.uuid, "sluiten"]))
    g.refresh_from_db()
    assert g.status == GesprekStatus.GESLOTEN


def test_link_the_sender_to_a_person_found_by_address(client: Any, eikendal: Any, agent: Any) -> None:
    # given two people known by the same address (ambiguous: not linked automatically)
    een = PersoonFactory(organisatie=eikendal, email="gezin@example.nl")
    PersoonFactory(organisatie=eikendal, email="gezin@example.nl")
    g = gesprek(eikendal, email="gezin@example.nl")
    assert g.persoon is None
    client.force_login(agent)
    html = client.get(reverse("contacten:inbox_gesprek", args=[g.uuid])).content.decode()
    assert "Afzender koppelen" in html
    # when the agent picks one
    client.post(
        reverse("contacten:inbox_actie", args=[g.uuid, "koppelen"]), {"partij": f"persoon:{een.uuid}"}
    )
    # then the thread is linked and the address remembered for that person
    g.refresh_from_db()
    assert g.persoon == een
    assert DigitaalAdres.objects.filter(persoon=een, adres="gezin@example.nl").exists()


def test_attachments_download_only_when_clean_or_not_scanned(client: Any, eikendal: Any, agent: Any) -> None:
    g = gesprek(eikendal)
    bericht = g.berichten.get(richting=Richting.INKOMEND)
    schoon = inbox._bijlage_opslaan(bericht, "brief.pdf", "application/pdf", b"%PDF", _Scanner())
    besmet = inbox._bijlage_opslaan(bericht, "virus.exe", "application/octet-stream", b"virus", _Scanner())
    ongescand = inbox._bijlage_opslaan(bericht, "foto.jpg", "image/jpeg", b"\xff\xd8", None)
    assert besmet.scanstatus == ScanStatus.BESMET
    client.force_login(agent)
    html = client.get(reverse("contacten:inbox_gesprek", args=[g.uuid])).content.decode()
    assert "geblokkeerd" in html
    assert "Eicar" in html
    assert "niet gescand" in html
    assert reverse("contacten:inbox_bijlage", args=[g.uuid, besmet.pk]) not in html
    r = client.get(reverse("contacten:inbox_bijlage", args=[g.uuid, schoon.pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == b"%PDF"
    assert 'attachment; filename="brief.pdf"' in r["Content-Disposition"]
    assert client.get(reverse("contacten:inbox_bijlage", args=[g.uuid, ongescand.pk])).status_code == 200
    assert client.get(reverse("contacten:inbox_bijlage", args=[g.uuid, besmet.pk])).status_code == 403


def test_tenancy_and_permissions(client: Any, eikendal: Any, lindewaard: Any, agent: Any) -> None:
    g = gesprek(eikendal)
    bijlage = inbox._bijlage_opslaan(
        g.berichten.get(richting=Richting.INKOMEND), "a.pdf", "application/pdf", b"%PDF", None
    )
    # staff of another municipality get 404 for everything of this thread
    ander = medewerker(lindewaard, Rol.KCC_MEDEWERKER)
    client.force_login(ander)
    assert client.get(reverse("contacten:inbox")).status_code == 200
    assert g.onderwerp not in client.get(reverse("contacten:inbox")).content.decode()
    assert client.get(reverse("contacten:inbox_gesprek", args=[g.uuid])).status_code == 404
    assert client.get(reverse("contacten:inbox_bijlage", args=[g.uuid, bijlage.pk])).status_code == 404
    for actie in ("claimen", "sluiten", "beantwoorden"):
        assert client.post(reverse("contacten:inbox_actie", args=[g.uuid, actie])).status_code == 404
    g.refresh_from_db()
    assert g.status == GesprekStatus.NIEUW
    # a role without CONTACT_REGISTREREN gets 403; anonymous users go to the login
    client.force_login(medewerker(eikendal, Rol.BUITENDIENST))
    assert client.get(reverse("contacten:inbox")).status_code == 403
    assert client.get(reverse("contacten:inbox_gesprek", args=[g.uuid])).status_code == 403
    client.logout()
    assert client.get(reverse("contacten:inbox")).status_code == 302


def test_navigation_links_to_the_inbox(client: Any, eikendal: Any, agent: Any) -> None:
    client.force_login(agent)
    assert reverse("contacten:inbox") in client.get(reverse("contacten:kcc")).content.decode()


def test_management_command(eikendal: Any, settings: Any, tmp_path: Path) -> None:
    from django.core.management import call_command

    from eenloket.integraties.mail import MaildirPostbus

    settings.IMAP_HOST, settings.PRODUCTION, settings.DATA_DIR = "", False, tmp_path
    MaildirPostbus(tmp_path / "postbus")
    (tmp_path / "postbus" / "new" / "1.eml").write_bytes(
        b"From: a@example.nl\r\nSubject: Hallo\r\nMessage-ID: <1@example.nl>\r\n\r\nTekst\r\n"
    )
    call_command("inbox_lezen")
    assert Inboxgesprek.objects.get().onderwerp == "Hallo"
