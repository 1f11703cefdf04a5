"""The contact centre in a real browser: an agent takes a call, finds the resident in
the BRP test dataset, sees the klantbeeld, notes an answered question and a callback,
and registers the contact; a behandelaar calls back from the team queue and closes it;
the teamleider sees the overdue list. axe-core on every screen, screenshots kept."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from eenloket.contacten import services
from eenloket.contacten.models import Contactverzoek, Klantcontact
from eenloket.core.constants import Rol, TeamSoort
from eenloket.core.models import Bericht, Onderwerp
from eenloket.core.tests.factories import OrganisatieFactory, TeamFactory, UserFactory
from eenloket.e2e.conftest import controleer
from eenloket.integraties.models import BrpTestpersoon
from eenloket.klanten.constants import VlagSoort
from eenloket.klanten.models import Klantvlag

pytestmark = pytest.mark.e2e

BSN = "999993653"


@pytest.fixture
def kcc_omgeving(transactional_db: Any) -> dict[str, Any]:
    eikendal = OrganisatieFactory(code="eikendal", naam="Gemeente Eikendal")
    agent = UserFactory(
        username="kcc", first_name="Kim", last_name="Bakker", rollen=[(eikendal, Rol.KCC_MEDEWERKER)]
    )
    behandelaar = UserFactory(
        username="behandelaar", first_name="Bram", last_name="Jansen", rollen=[(eikendal, Rol.BEHANDELAAR)]
    )
    leider = UserFactory(
        username="teamleider", first_name="Tara", last_name="de Groot", rollen=[(eikendal, Rol.TEAMLEIDER)]
    )
    TeamFactory(organisatie=eikendal, naam="Klantcontactcentrum", soort=TeamSoort.KCC).leden.add(
        agent, leider
    )
    belastingen = TeamFactory(organisatie=eikendal, naam="Belastingen")
    belastingen.leden.add(behandelaar, leider)
    Onderwerp.objects.create(organisatie=eikendal, naam="WOZ-waarde")
    Onderwerp.objects.create(organisatie=eikendal, naam="Paspoort en identiteitskaart")
    BrpTestpersoon.objects.create(
        bsn=BSN,
        voornamen="Fatima",
        geslachtsnaam="El Amrani",
        geboortedatum=datetime.date(1984, 3, 9),
        straat="Dorpsstraat",
        huisnummer=12,
        postcode="1234AB",
        woonplaats="Eikendal",
    )
    return {
        "eikendal": eikendal,
        "agent": agent,
        "behandelaar": behandelaar,
        "leider": leider,
        "team": belastingen,
    }


def test_call_answer_callback_close(page: Any, inloggen: Any, kcc_omgeving: dict[str, Any]) -> None:
    inloggen("kcc")
    page.goto("/medewerker/kcc/")
    controleer(page, "kcc-start")
    page.get_by_label("Kanaal").select_option("telefoon")
    with page.expect_navigation():
        page.get_by_test_id("start-contact").click()
    controleer(page, "kcc-contact-anoniem")

    # identify the caller by surname + date of birth (BRP test dataset)
    page.get_by_text("Klant identificeren").click()
    page.locator("#id_p-geslachtsnaam").fill("El Amrani")
    page.locator("#id_p-geboortedatum").fill("1984-03-09")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoek persoon").click()
    assert "alleen bedoeld om te controleren" in page.locator("#resultaten").inner_text()
    controleer(page, "kcc-zoekresultaat")
    with page.expect_navigation():
        page.get_by_role("button", name="Koppel F. El Amrani").click()
    assert "El Amrani" in page.get_by_test_id("gekoppelde-klant").inner_text()

    # one question answered in the first line
    page.locator("#id_v-vraag").fill("Wanneer komt de WOZ-beschikking?")
    page.locator("#id_v-antwoord").fill("Eind februari, in de Berichtenbox.")
    page.locator("#id_v-onderwerp").select_option(label="WOZ-waarde")
    with page.expect_navigation():
        page.get_by_role("button", name="Vraag noteren").click()
    # one question handed on as a callback to the Belastingen team (keyboard only)
    page.locator("#id_v-vraag").fill("Wil bezwaar maken tegen de WOZ-waarde, graag terugbellen")
    page.get_by_label("Contactverzoek", exact=True).check()
    assert page.locator("#id_v-cv_team").is_visible()
    assert not page.locator("#id_v-doorverwezen_team").is_visible()
    page.locator("#id_v-cv_team").select_option(label="Belastingen")
    page.locator("#id_v-cv_telefoonnummer").fill("06 12345678")
    page.locator("#id_v-cv_email").fill("fatima@example.org")
    page.locator("#id_v-cv_bereikbaar").fill("na 14.00 uur")
    page.locator("#id_v-cv_bereikbaar").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_test_id("vragen").locator("li").count() == 2
    controleer(page, "kcc-contact-met-vragen")
    with page.expect_navigation():
        page.get_by_test_id("registreren").click()
    controleer(page, "kcc-geregistreerd")
    assert Klantcontact.objects.get().status == "geregistreerd"
    cv = Contactverzoek.objects.get()
    assert Bericht.objects.filter(aan="fatima@example.org").exists()

    # the klantbeeld shows the contact and the open callback
    page.goto(f"/medewerker/klanten/persoon/{cv.persoon.uuid}/")
    assert cv.nummer in page.get_by_test_id("kb-contactverzoek").inner_text()
    assert "WOZ-beschikking" in page.get_by_test_id("tijdlijn").inner_text()
    controleer(page, "klantbeeld")

    # the behandelaar calls back from the team queue
    page.context.clear_cookies()
    inloggen("behandelaar")
    page.goto("/medewerker/contactverzoeken/")
    controleer(page, "contactverzoeken-team")
    with page.expect_navigation():
        page.get_by_role("link", name=cv.nummer).click()
    controleer(page, "contactverzoek-open")
    with page.expect_navigation():
        page.get_by_role("button", name="Pak dit contactverzoek op").click()
    page.get_by_label("Niet bereikt").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Poging vastleggen").click()
    page.get_by_label("Bereikt", exact=True).check()
    page.locator("#id_p-notitie").fill("Bezwaarprocedure uitgelegd")
    with page.expect_navigation():
        page.get_by_role("button", name="Poging vastleggen").click()
    page.locator("#id_a-afsluittekst").fill("Uitgelegd hoe bezwaar werkt; inwoner dient zelf in.")
    page.get_by_label("Stuur de inwoner een afsluitbericht per e-mail").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afhandelen", exact=True).click()
    assert "Afgehandeld" in page.get_by_test_id("cv-status").inner_text()
    controleer(page, "contactverzoek-afgehandeld")
    assert Bericht.objects.filter(aan="fatima@example.org").count() == 2


def test_teamleider_sees_overdue_and_flags(page: Any, inloggen: Any, kcc_omgeving: dict[str, Any]) -> None:
    o = kcc_omgeving
    cv = services.contactverzoek_aanmaken(
        organisatie=o["eikendal"],
        by=o["agent"],
        vraag="Graag terugbellen over afval",
        team=o["team"],
        telefoonnummer="0201234567",
    )
    Contactverzoek.objects.filter(pk=cv.pk).update(deadline=cv.deadline - datetime.timedelta(days=5))
    services.contactverzoeken_bewaken()
    inloggen("teamleider")
    assert page.get_by_test_id("attenderingen").inner_text().startswith("Attenderingen")
    page.goto("/medewerker/contactverzoeken/?wachtrij=te_laat")
    assert cv.nummer in page.get_by_test_id("wachtrij").inner_text()
    controleer(page, "contactverzoeken-te-laat")
    page.goto("/medewerker/attenderingen/")
    controleer(page, "attenderingen")

    persoon = services.Persoon.objects.create(organisatie=o["eikendal"], bsn=BSN, geslachtsnaam="El Amrani")
    Klantvlag.objects.create(
        organisatie=o["eikendal"],
        persoon=persoon,
        soort=VlagSoort.ALLEEN_SCHRIFTELIJK,
        begindatum=datetime.date(2026, 1, 1),
    )
    page.goto(f"/medewerker/klanten/persoon/{persoon.uuid}/")
    assert "Alleen schriftelijk contact" in page.get_by_test_id("kenmerken").inner_text()
    controleer(page, "klantbeeld-kenmerken")


def test_a_contact_with_the_keyboard_alone(page: Any, inloggen: Any, kcc_omgeving: dict[str, Any]) -> None:
    inloggen("kcc")
    page.goto("/medewerker/kcc/")
    # Tab to the channel choice and start the contact with Enter
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "start-contact":
            break
    else:
        pytest.fail("'Start contact' is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # every control of the question form and the register button are reachable with Tab
    bereikt: list[str] = []
    for _ in range(120):
        page.keyboard.press("Tab")
        bereikt.append(
            page.evaluate("document.activeElement.id || document.activeElement.dataset.testid || ''")
        )
        if bereikt[-1] == "registreren":
            break
    for veld in ("id_v-vraag", "id_v-antwoord", "id_v-uitkomst_0", "registreren"):
        assert veld in bereikt, f"{veld} niet bereikbaar met Tab; wel: {bereikt}"

    page.focus("#id_v-vraag")
    page.keyboard.type("Hoe laat is het gemeentehuis open?")
    page.keyboard.press("Tab")
    page.keyboard.type("Van 9.00 tot 17.00 uur, donderdag tot 20.00 uur.")
    for _ in range(30):  # on to the form's submit button; hidden outcome fields are skipped
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Vraag noteren":
            break
    else:
        pytest.fail("'Vraag noteren' is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.focus("[data-testid=registreren]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    contact = Klantcontact.objects.get()
    assert contact.status == "geregistreerd"
    assert contact.eerstelijns is True
    assert contact.vragen.get().antwoord.startswith("Van 9.00")
