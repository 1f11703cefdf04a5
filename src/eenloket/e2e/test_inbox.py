"""The inbox and the public contact form in a real browser: no axe-core violations on
the list, a thread (with a clean and a blocked attachment) and the contact form (empty,
with errors, and sent), keyboard use of the reply form, and screenshots in
``test-artifacts/screenshots/``."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from eenloket.contacten import inbox
from eenloket.contacten.constants import Richting
from eenloket.contacten.models import Inboxgesprek
from eenloket.core.constants import Rol
from eenloket.core.tests.factories import OrganisatieFactory, TeamFactory, UserFactory
from eenloket.e2e.conftest import controleer
from eenloket.integraties.virusscan import ScanUitslag
from eenloket.klanten.tests.factories import PersoonFactory

pytestmark = pytest.mark.e2e


class _Scanner:
    def scan(self, inhoud: bytes) -> ScanUitslag:
        return ScanUitslag(
            schoon=b"virus" not in inhoud, bevinding="Eicar-Signature" if b"virus" in inhoud else ""
        )


@pytest.fixture
def omgeving(transactional_db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    eikendal = OrganisatieFactory(code="eikendal", naam="Gemeente Eikendal", email="info@eikendal.example")
    kcc = UserFactory(
        username="kcc", first_name="Kim", last_name="Bakker", rollen=[(eikendal, Rol.KCC_MEDEWERKER)]
    )
    team = TeamFactory(organisatie=eikendal, naam="Klantcontactcentrum")
    team.leden.add(kcc)
    PersoonFactory(organisatie=eikendal, email="jan@example.nl", voornamen="Jan", geslachtsnaam="de Vries")
    gesprek = inbox.webformulier_ontvangen(
        organisatie=eikendal,
        naam="Jan de Vries",
        email="jan@example.nl",
        vraag="Goedemiddag,\n\nWanneer wordt het grofvuil in de Dorpsstraat opgehaald?\n\nJan",
    )
    bericht = gesprek.berichten.get(richting=Richting.INKOMEND)
    inbox._bijlage_opslaan(bericht, "foto-grofvuil.jpg", "image/jpeg", b"\xff\xd8foto", _Scanner())
    inbox._bijlage_opslaan(bericht, "factuur.exe", "application/octet-stream", b"virus", _Scanner())
    laat = inbox.webformulier_ontvangen(
        organisatie=eikendal,
        naam="Sanne",
        telefoonnummer="0612345678",
        vraag="Mijn container is niet geleegd.",
    )
    Inboxgesprek.objects.filter(pk=laat.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    return {"eikendal": eikendal, "gesprek": gesprek}


def test_inbox_list_and_thread(page: Any, inloggen: Any, omgeving: dict[str, Any]) -> None:
    inloggen("kcc")
    page.goto("/medewerker/inbox/")
    assert page.get_by_text("te laat").first.is_visible()
    controleer(page, "inbox-lijst")
    page.get_by_role("link", name="Wanneer wordt het grofvuil").click()
    page.wait_for_url("**/medewerker/inbox/*/")
    assert page.get_by_text("geblokkeerd", exact=True).is_visible()
    assert page.get_by_role("link", name="foto-grofvuil.jpg").is_visible()
    controleer(page, "inbox-gesprek")
    # answer with the keyboard only: focus the text area, type, tab to the button, Enter
    page.get_by_label("Uw antwoord").focus()
    page.keyboard.type("Het grofvuil wordt op maandag opgehaald.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_test_id("inbox-status").inner_text() == "Beantwoord"
    controleer(page, "inbox-gesprek-beantwoord")
    page.goto("/medewerker/inbox/?tab=te_laat")
    controleer(page, "inbox-te-laat")


def test_public_contact_form(page: Any, omgeving: dict[str, Any]) -> None:
    page.goto("/contact/")
    controleer(page, "contactformulier")
    # sent empty: the errors name the fields
    page.get_by_role("button", name="Vraag versturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Naam:").is_visible()
    controleer(page, "contactformulier-fouten")
    # filled in and sent after a moment (faster than a person is refused)
    page.get_by_label("Naam").fill("Fatima El Amrani")
    page.get_by_label("E-mailadres").fill("fatima@example.nl")
    page.get_by_label("Uw vraag").fill("Kan ik een extra gft-container krijgen?")
    page.wait_for_timeout(3200)
    with page.expect_navigation():
        page.get_by_role("button", name="Vraag versturen").click()
    assert page.get_by_role("heading", name="Uw vraag is verstuurd").is_visible()
    controleer(page, "contactformulier-verzonden")
    assert Inboxgesprek.objects.filter(van_adres="fatima@example.nl").exists()
