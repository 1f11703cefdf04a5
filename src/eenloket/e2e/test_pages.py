"""Every page, for every role that may see it, in a real browser: no axe-core violations
(WCAG 2.1 A/AA and best practices), navigation that shows only what the role may open,
a 403 page for what it may not, keyboard use, English, and a mobile width.

Screenshots land in ``test-artifacts/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.core import services
from eenloket.core.constants import BerichtStatus, Rol, TeamSoort, VerwerkingActie
from eenloket.core.models import Bericht, LokaleMail, Onderwerp, Organisatie, User
from eenloket.core.tests.factories import OrganisatieFactory, TeamFactory, UserFactory
from eenloket.e2e.conftest import axe, controleer, screenshot

pytestmark = pytest.mark.e2e

BSN = "999993653"  # a test BSN (passes the 11-test, never issued)


@dataclass
class Omgeving:
    eikendal: Organisatie
    lindewaard: Organisatie
    gebruikers: dict[str, User]


@pytest.fixture
def omgeving(transactional_db: Any) -> Omgeving:
    """Two municipalities, one staff member per role, teams, a closing day, processing-log
    rows, and an outgoing message with its copy in the local mailbox."""
    eikendal = OrganisatieFactory(
        code="eikendal",
        naam="Gemeente Eikendal",
        telefoonnummer="14 0123",
        email="info@eikendal.example",
    )
    lindewaard = OrganisatieFactory(
        code="lindewaard",
        naam="Gemeente Lindewaard",
        telefoonnummer="14 0456",
        email="info@lindewaard.example",
    )
    beide = (eikendal, lindewaard)
    rollen: dict[str, tuple[str, str, str, list[tuple[Organisatie, Rol]]]] = {
        "kcc": ("Kim", "Bakker", "KCC-medewerker", [(o, Rol.KCC_MEDEWERKER) for o in beide]),
        "behandelaar": ("Bram", "Jansen", "Vergunningverlener", [(eikendal, Rol.BEHANDELAAR)]),
        "teamleider": ("Tara", "de Groot", "Teamleider KCC", [(eikendal, Rol.TEAMLEIDER)]),
        "buitendienst": ("Bas", "Visser", "Medewerker openbare ruimte", [(eikendal, Rol.BUITENDIENST)]),
        "beheerder": (
            "Fleur",
            "Smit",
            "Functioneel beheerder",
            [(o, Rol.FUNCTIONEEL_BEHEERDER) for o in beide],
        ),
        "privacy": (
            "Pim",
            "Mulder",
            "Functionaris gegevensbescherming",
            [(o, Rol.PRIVACY_OFFICER) for o in beide],
        ),
    }
    gebruikers = {
        naam: UserFactory(username=naam, first_name=voor, last_name=achter, functie=functie, rollen=r)
        for naam, (voor, achter, functie, r) in rollen.items()
    }
    kcc = TeamFactory(organisatie=eikendal, naam="Klantcontactcentrum", soort=TeamSoort.KCC)
    kcc.leden.add(gebruikers["kcc"], gebruikers["teamleider"])
    kcc.onderwerpen.add(
        Onderwerp.objects.create(organisatie=eikendal, naam="Paspoort en identiteitskaart"),
        Onderwerp.objects.create(organisatie=eikendal, naam="Afval"),
    )
    vergunningen = TeamFactory(organisatie=eikendal, naam="Vergunningen")
    vergunningen.leden.add(gebruikers["behandelaar"])
    buiten = TeamFactory(organisatie=eikendal, naam="Buitendienst", soort=TeamSoort.BUITENDIENST)
    buiten.leden.add(gebruikers["buitendienst"])
    TeamFactory(organisatie=lindewaard, naam="Klantcontactcentrum", soort=TeamSoort.KCC).leden.add(
        gebruikers["kcc"]
    )

    services.sluitingsdag_toevoegen(
        organisatie=eikendal,
        datum=timezone.localdate() + datetime.timedelta(days=14),
        omschrijving="Studiedag",
        by=gebruikers["beheerder"],
    )
    for org, handeling in [
        (eikendal, "Klantbeeld geopend"),
        (eikendal, "Contactgegevens gewijzigd"),
        (lindewaard, "Klantbeeld geopend"),
    ]:
        services.verwerking_log(
            actie=VerwerkingActie.LEZEN,
            handeling=handeling,
            activiteit="klantgegevens",
            organisatie=org,
            object_type="persoon",
            bsn=BSN,
        )
    bericht = Bericht.objects.create(
        organisatie=eikendal,
        aan="inwoner@example.nl",
        onderwerp="Bevestiging van uw contactverzoek",
        tekst="Beste inwoner,\n\nWij bellen u binnen twee werkdagen terug.\n\nGemeente Eikendal",
        status=BerichtStatus.VERZONDEN,
        verzonden_op=timezone.now(),
    )
    LokaleMail.objects.create(
        afzender="Eenloket <noreply@eenloket.example>",
        aan=bericht.aan,
        onderwerp=bericht.onderwerp,
        tekst=bericht.tekst,
        bericht_uuid=bericht.uuid,
    )
    return Omgeving(eikendal=eikendal, lindewaard=lindewaard, gebruikers=gebruikers)


def nav_labels(page: Any) -> list[str]:
    return page.locator("nav.eenloket-nav a").all_inner_texts()


# --- public pages ---------------------------------------------------------------------


def test_publieke_paginas(page: Any, bekijk: Any, omgeving: Omgeving) -> None:
    bekijk("/", "publiek-home")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom bij Gemeente Eikendal"

    bekijk("/?gemeente=lindewaard", "publiek-home-lindewaard")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom bij Gemeente Lindewaard"

    bekijk("/toegankelijkheid/", "publiek-toegankelijkheid")
    # the choice of municipality is remembered
    assert "Gemeente Lindewaard" in page.locator("header").inner_text()
    bekijk("/privacy/", "publiek-privacy")
    bekijk("/bestaat-niet/", "publiek-404", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"


def test_mobiel(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    bekijk("/", "mobiel-publiek-home")
    inloggen("kcc")
    bekijk("/medewerker/", "mobiel-start-kcc")
    bekijk("/medewerker/werkdagen/", "mobiel-werkdagen-kcc")
    # nothing sticks out sideways at 390 px (WCAG 1.4.10 reflow)
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 390, f"pagina is {breedte}px breed op een scherm van 390px"


# --- login, logout, second factor ------------------------------------------------------


def test_inloggen_en_uitloggen(page: Any, bekijk: Any, omgeving: Omgeving) -> None:
    bekijk("/medewerker/inloggen/", "inloggen")

    page.get_by_label("Gebruikersnaam").fill("kcc")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.get_by_role("alert").wait_for()
    controleer(page, "inloggen-fout")

    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen", exact=True).click()
    assert page.url.endswith("/medewerker/")

    page.get_by_role("link", name="Uitloggen").click()
    page.wait_for_url("**/medewerker/uitloggen/")
    controleer(page, "uitloggen-bevestigen")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    assert "/medewerker/inloggen/" in page.url

    bekijk("/medewerker/uitloggen/", "uitloggen-klaar")
    assert "U bent uitgelogd." in page.locator("main").inner_text()


def _code(sleutel: bytes, *, naast: bool = False) -> str:
    token = TOTP(sleutel, step=30, t0=0, digits=6).token()
    if naast:  # a code that is certainly wrong
        token = (token + 1) % 1_000_000
    return f"{token:06d}"


def test_tweestapsverificatie(page: Any, inloggen: Any, settings: Any, omgeving: Omgeving) -> None:
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the deliberately wrong code

    # first login: link an authenticator app
    inloggen("kcc")
    page.wait_for_url("**/medewerker/inloggen/code-instellen/")
    controleer(page, "totp-instellen")
    tekst = page.get_by_test_id("totp-sleutel").inner_text().strip()
    sleutel = base64.b32decode(tekst + "=" * (-len(tekst) % 8))
    page.get_by_label("Code uit uw authenticator-app").fill(_code(sleutel, naast=True))
    page.get_by_role("button", name="Koppelen").click()
    page.get_by_text("Deze code klopt niet").first.wait_for()
    controleer(page, "totp-instellen-fout")
    page.get_by_label("Code uit uw authenticator-app").fill(_code(sleutel))
    with page.expect_navigation():
        page.get_by_role("button", name="Koppelen").click()
    assert page.url.endswith("/medewerker/")
    controleer(page, "start-na-koppelen")

    # a later login: only the code
    page.context.clear_cookies()
    device = TOTPDevice.objects.create(user=omgeving.gebruikers["behandelaar"], name="app")
    inloggen("behandelaar")
    page.wait_for_url("**/medewerker/inloggen/code/")
    controleer(page, "totp")
    page.get_by_label("Code uit uw authenticator-app").fill("12345")
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_text("Vul de 6 cijfers").first.wait_for()
    controleer(page, "totp-fout")
    page.get_by_label("Code uit uw authenticator-app").fill(_code(device.bin_key))
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen").click()
    assert page.url.endswith("/medewerker/")


# --- staff pages per role --------------------------------------------------------------

ROLLEN = {
    # role: (navigation shown, a page this role may not open)
    "kcc": (
        ["Start", "Klantcontacten", "Inbox", "Klanten", "Contactverzoeken", "Teams", "Werkdagen"],
        "/medewerker/privacy/verwerkingen/",
    ),
    "behandelaar": (
        ["Start", "Klantcontacten", "Inbox", "Klanten", "Contactverzoeken", "Teams", "Werkdagen"],
        "/medewerker/berichten/",
    ),
    "teamleider": (
        ["Start", "Klanten", "Contactverzoeken", "Teams", "Werkdagen"],
        "/medewerker/privacy/verwerkingen/",
    ),
    "buitendienst": (["Start", "Teams", "Werkdagen"], "/medewerker/berichten/"),
    "beheerder": (
        ["Start", "Teams", "Werkdagen", "Medewerkers", "Inrichting", "Berichten"],
        "/medewerker/privacy/verwerkingen/",
    ),
    "privacy": (["Start", "Teams", "Verwerkingenlog"], "/medewerker/werkdagen/"),
}


@pytest.mark.parametrize("rol", ROLLEN)
def test_paginas_per_rol(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving, rol: str) -> None:
    navigatie, verboden = ROLLEN[rol]
    inloggen(rol)
    assert page.url.endswith("/medewerker/")
    controleer(page, f"start-{rol}")
    assert nav_labels(page) == navigatie
    assert page.locator("nav.eenloket-nav [aria-current=page]").inner_text() == "Start"

    links = page.locator("nav.eenloket-nav a")
    for i, label in enumerate(navigatie[1:], start=1):
        with page.expect_navigation():
            links.nth(i).click()
        assert page.locator("nav.eenloket-nav [aria-current=page]").inner_text() == label
        controleer(page, f"{label.lower()}-{rol}")

    bekijk(verboden, f"403-{rol}", status=403)
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"


def test_organisatie_wisselen(page: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("kcc")
    page.get_by_label("Organisatie").select_option("lindewaard")
    with page.expect_navigation():
        page.get_by_role("button", name="Wissel").click()
    page.get_by_role("status").get_by_text("U werkt nu voor Gemeente Lindewaard.").wait_for()
    assert page.get_by_label("Organisatie").input_value() == "lindewaard"
    controleer(page, "start-organisatie-gewisseld")


def test_teams_bereikbaarheid(page: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("teamleider")
    page.goto("/medewerker/teams/")
    page.get_by_label("Ik ben aanwezig").uncheck()
    page.get_by_label("Afwezig tot en met").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_label("Vervanger bij afwezigheid").select_option(label="Kim Bakker")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw bereikbaarheid is bijgewerkt.").wait_for()
    rij = page.get_by_role("row").filter(has_text="Tara de Groot")
    assert "Afwezig t/m" in rij.inner_text()
    assert "Kim Bakker" in rij.inner_text()
    controleer(page, "teams-opgeslagen")


def test_werkdagen(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("beheerder")
    bekijk("/medewerker/werkdagen/", "werkdagen-beheerder-leeg")
    termijn = page.locator("form[method=get]")
    termijn.get_by_label("Organisatie").select_option("eikendal")
    termijn.get_by_label("Startdatum").fill("2025-12-19")
    termijn.get_by_label("Termijn").fill("5")
    termijn.get_by_label("Eenheid").select_option("werkdagen")
    with page.expect_navigation():
        termijn.get_by_role("button", name="Bereken").click()
    # from Friday 19 December 2025: Christmas Day and Boxing Day are not working days
    assert "dinsdag 30 december 2025" in page.get_by_test_id("einddatum").inner_text()
    controleer(page, "werkdagen-uitkomst")

    # errors: a term without a start date, and a closing day without a date
    bekijk(
        "/medewerker/werkdagen/?organisatie=eikendal&start=&aantal=-1&eenheid=werkdagen",
        "werkdagen-termijn-fouten",
    )
    assert page.locator(".utrecht-form-field--invalid").count() == 2
    sluiting = page.locator("form[method=post][action$='/sluitingsdagen/']")
    sluiting.get_by_label("Omschrijving").fill("Gemeentelijke feestdag")
    with page.expect_navigation():
        sluiting.get_by_role("button", name="Sluitingsdag toevoegen").click()
    assert "Dit veld is vereist." in sluiting.inner_text()
    controleer(page, "werkdagen-sluitingsdag-fouten")


def test_verwerkingenlog(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("privacy")
    bekijk("/medewerker/privacy/verwerkingen/", "verwerkingen-leeg")

    page.get_by_label("BSN").fill(BSN)
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert page.get_by_role("heading", name="3 verwerkingen").is_visible()
    controleer(page, "verwerkingen-resultaten")

    page.get_by_label("BSN").fill("123456789")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert page.locator("#id_bsn_fout").is_visible()
    assert page.get_by_label("BSN").get_attribute("aria-invalid") == "true"
    controleer(page, "verwerkingen-bsn-fout")


def test_berichten(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("beheerder")
    bekijk("/medewerker/berichten/", "berichten")
    page.get_by_text("Bevestiging van uw contactverzoek").last.click()
    assert page.get_by_text("Wij bellen u binnen twee werkdagen terug.").is_visible()
    controleer(page, "berichten-mail-open")


def test_medewerkers(page: Any, bekijk: Any, inloggen: Any, omgeving: Omgeving) -> None:
    inloggen("beheerder")
    bekijk("/medewerker/beheer/medewerkers/", "medewerkers")
    assert page.get_by_role("row").filter(has_text="Kim Bakker").is_visible()

    # a new staff member: first with errors, then right
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe medewerker").click()
    controleer(page, "medewerker-nieuw")
    page.get_by_label("Gebruikersnaam").fill("kcc")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Hendriks")
    page.get_by_label("Wachtwoord").fill("kort")
    with page.expect_navigation():
        page.get_by_role("button", name="Medewerker aanmaken").click()
    assert "Deze gebruikersnaam is al in gebruik." in page.locator("#id_username_fout").inner_text()
    assert page.locator("#id_rollen_fout").is_visible()
    assert page.locator(".utrecht-form-field--invalid").count() == 2
    controleer(page, "medewerker-nieuw-fouten")
    page.get_by_label("Gebruikersnaam").fill("noor")
    page.locator("#inhoud").get_by_label("Organisatie").select_option("eikendal")
    page.get_by_label("Behandelaar").check()
    page.get_by_label("Vergunningen (Gemeente Eikendal)").check()
    page.get_by_label("Wachtwoord").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Medewerker aanmaken").click()
    page.get_by_role("status").get_by_text("Medewerker Noor Hendriks aangemaakt.").wait_for()
    rij = page.get_by_role("row").filter(has_text="Noor Hendriks")
    assert "Behandelaar" in rij.inner_text()
    assert "Vergunningen" in rij.inner_text()

    # roles and teams in one organisation
    with page.expect_navigation():
        rij.get_by_role("link", name="Rollen bij Gemeente Lindewaard").click()
    controleer(page, "medewerker-wijzigen")
    page.get_by_label("KCC-medewerker").check()
    page.get_by_label("Klantcontactcentrum").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    rij = page.get_by_role("row").filter(has_text="Noor Hendriks")
    assert "Gemeente Lindewaard: KCC-medewerker" in rij.inner_text()
    controleer(page, "medewerkers-gewijzigd")

    with page.expect_navigation():
        rij.get_by_role("button", name="Deactiveren").click()
    assert "Gedeactiveerd" in page.get_by_role("row").filter(has_text="Noor Hendriks").inner_text()


def test_api_documentatie(page: Any, omgeving: Omgeving) -> None:
    """Redoc (from drf-spectacular-sidecar) with our template: Swagger UI fails axe on
    colour contrast and nested interactive controls in its own markup."""
    page.goto("/api/docs/")
    page.get_by_role("heading", level=1, name=re.compile("Eenloket API")).wait_for()
    page.locator("[id^='operation/']").first.wait_for()
    assert page.locator("main h5:not([aria-level])").count() == 0
    controleer(page, "api-docs", full_page=False)  # the full page is 12,000 px high


# --- language and keyboard -------------------------------------------------------------


def test_engels(page: Any, inloggen: Any, omgeving: Omgeving) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("footer button[name=language]").inner_text() == "Nederlands"
    controleer(page, "publiek-home-en")

    inloggen("kcc")
    assert page.locator("html").get_attribute("lang") == "en"
    controleer(page, "start-kcc-en")
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


@pytest.mark.parametrize("pad", ["/", "/medewerker/"])
def test_toetsenbord_naar_de_inhoud(page: Any, inloggen: Any, omgeving: Omgeving, pad: str) -> None:
    if pad.startswith("/medewerker/"):
        inloggen("kcc")
    page.goto(pad)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#inhoud"
    assert re.search(r"inhoud|content", skip.inner_text(), re.IGNORECASE)
    doos = skip.bounding_box()
    assert doos is not None
    assert doos["y"] >= 0, "de skiplink blijft buiten beeld"
    assert doos["x"] >= 0, "de skiplink blijft buiten beeld"
    screenshot(page, f"toetsenbord-skiplink{pad.replace('/', '-').rstrip('-')}")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    axe(page)
