"""Staff login with username and password: throttling (django-axes), the TOTP second
factor (django-otp) and when it is asked, the idle timeout and logout."""

from __future__ import annotations

import base64
import datetime
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp import oath
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.core.constants import Rol
from eenloket.core.permissions import rol_ziet_persoonsgegevens
from eenloket.core.tests.factories import UserFactory, medewerker

pytestmark = pytest.mark.django_db

LOGIN = "/medewerker/inloggen/"
START = "/medewerker/"
TOTP = "/medewerker/inloggen/code/"
TOTP_INSTELLEN = "/medewerker/inloggen/code-instellen/"
PASSWORD = "geheim-wachtwoord"  # the factories' password
WRONG_PASSWORD_NL = "Voer een juiste gebruikersnaam en wachtwoord in."


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture
def kcc(eikendal):
    return medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")


def login(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, follow=True, **extra)


def code_for(key: bytes, *, seconds_ago: int = 0) -> str:
    """The code an authenticator app shows for the key (RFC 6238: 30 s steps, 6 digits)."""
    generator = oath.TOTP(key, step=30, t0=0, digits=6)
    generator.time = time.time() - seconds_ago
    return f"{generator.token():06d}"


def shown_key(html: str) -> bytes:
    """The key the enrolment page shows for typing over (base32, padding stripped)."""
    match = re.search(r'data-testid="totp-sleutel">([A-Z2-7]+)<', html)
    assert match, "the enrolment page shows no key"
    sleutel = match.group(1)
    return base64.b32decode(sleutel + "=" * (-len(sleutel) % 8))


def _text(response) -> str:
    return response.content.decode()


# --- password -------------------------------------------------------------------------


def test_password_login_opens_start_page(client, kcc):
    # when
    response = login(client, "kcc")

    # then
    assert response.redirect_chain == [(START, 302)]
    assert "Welkom, Sam" in _text(response)
    assert client.session["eenloket_login_methode"] == "wachtwoord"


def test_login_returns_to_the_page_asked_for(client, kcc):
    # given
    first = client.get("/medewerker/teams/")
    assert first.status_code == 302
    assert first.headers["Location"] == f"{LOGIN}?next=/medewerker/teams/"

    # when
    response = client.post(f"{LOGIN}?next=/medewerker/teams/", {"username": "kcc", "password": PASSWORD})

    # then
    assert response.headers["Location"] == "/medewerker/teams/"


def test_wrong_password_gives_dutch_message(client, kcc):
    # when
    response = login(client, "kcc", "fout")

    # then
    assert response.status_code == 200
    assert WRONG_PASSWORD_NL in _text(response)
    assert "_auth_user_id" not in client.session


def test_lockout_after_failure_limit_refuses_even_the_right_password(client, kcc, settings):
    # given: one short of the limit, still the normal message
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert WRONG_PASSWORD_NL in _text(login(client, "kcc", "fout"))

    # when: the last allowed failure
    locked = login(client, "kcc", "fout")

    # then
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in _text(locked)
    assert "core/lockout.html" in [t.name for t in locked.templates]

    # when: now the right password
    again = login(client, "kcc")

    # then: still locked, not logged in
    assert again.status_code == 429
    assert "Tijdelijk geblokkeerd" in _text(again)
    assert "_auth_user_id" not in client.session
    assert client.get(START).status_code == 302


def test_lockout_is_per_username_and_address(client, kcc, eikendal, settings):
    # given
    medewerker(eikendal, Rol.KCC_MEDEWERKER, username="collega")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "kcc", "fout")

    # when: a colleague at the same address, and kcc from another address
    collega = login(client, "collega")
    client.logout()
    elders = login(client, "kcc", REMOTE_ADDR="192.0.2.10")

    # then
    assert collega.redirect_chain == [(START, 302)]
    assert elders.redirect_chain == [(START, 302)]


# --- second factor --------------------------------------------------------------------


def test_kcc_user_links_authenticator_app_at_first_login(client, kcc, two_factor):
    # when: the password is right
    response = login(client, "kcc")

    # then: the role sees personal data, so first the authenticator app is linked
    assert response.redirect_chain == [(START, 302), (TOTP, 302), (TOTP_INSTELLEN, 302)]
    html = _text(response)
    assert "<svg" in html
    assert "QR-code voor uw authenticator-app" in html
    key = shown_key(html)
    device = TOTPDevice.objects.get(user=kcc)
    assert key == device.bin_key
    assert not device.confirmed

    # when: the code the app computes from the shown key
    response = client.post(TOTP_INSTELLEN, {"code": code_for(key)}, follow=True)

    # then
    assert response.redirect_chain[-1][0] == START
    assert "Uw authenticator-app is gekoppeld." in _text(response)
    assert "Welkom, Sam" in _text(response)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/api/v1/organisaties").status_code == 200


def test_wrong_code_at_linking_gives_dutch_error(client, kcc, two_factor):
    # given
    login(client, "kcc")
    device = TOTPDevice.objects.get(user=kcc)

    # when: a code of 30 minutes ago (wrong, but well-formed)
    stale = code_for(device.bin_key, seconds_ago=1800)
    response = client.post(TOTP_INSTELLEN, {"code": stale})

    # then
    assert response.status_code == 200
    assert "Deze code klopt niet. Controleer de tijd op uw telefoon." in _text(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(START).status_code == 302


def test_code_must_be_six_digits(client, kcc, two_factor):
    # given
    login(client, "kcc")

    # when
    response = client.post(TOTP_INSTELLEN, {"code": "12a456"})

    # then
    assert "Vul de 6 cijfers uit uw authenticator-app in." in _text(response)


def test_returning_user_gives_code_and_goes_on_to_the_page_asked_for(client, kcc, two_factor):
    # given: a linked app
    device = TOTPDevice.objects.create(user=kcc, name="authenticator", confirmed=True)

    # when: a deep link, then the password
    response = client.post(
        f"{LOGIN}?next=/medewerker/teams/", {"username": "kcc", "password": PASSWORD}, follow=True
    )

    # then: asked for the code, remembering where to go
    assert response.redirect_chain[-1][0] == f"{TOTP}?next=%2Fmedewerker%2Fteams%2F"
    assert "Tweestapsverificatie" in _text(response)

    # when
    response = client.post(response.redirect_chain[-1][0], {"code": code_for(device.bin_key)}, follow=True)

    # then
    assert response.redirect_chain[-1][0] == "/medewerker/teams/"
    assert response.status_code == 200


def test_wrong_code_gives_dutch_error(client, kcc, two_factor):
    # given
    device = TOTPDevice.objects.create(user=kcc, name="authenticator", confirmed=True)
    login(client, "kcc")

    # when
    response = client.post(TOTP, {"code": code_for(device.bin_key, seconds_ago=1800)})

    # then
    assert "Deze code klopt niet of is verlopen. Probeer de nieuwste code." in _text(response)
    assert client.get(START).status_code == 302


def test_every_staff_role_sees_personal_data() -> None:
    """Why the test below uses a user without a role: the matrix gives every staff role
    some personal data (the functioneel beheerder reads outgoing messages)."""
    staff_roles = [rol for rol in Rol if rol != Rol.SYSTEEM]
    assert all(rol_ziet_persoonsgegevens(rol) for rol in staff_roles)


def test_functioneel_beheerder_is_asked_for_code(client, eikendal, two_factor):
    # given
    medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER, username="beheerder")

    # when
    response = login(client, "beheerder")

    # then
    assert response.redirect_chain[-1][0].startswith(TOTP_INSTELLEN)


def test_user_without_personal_data_is_not_asked_for_code(client, two_factor):
    # given
    UserFactory(username="nieuw")

    # when
    response = login(client, "nieuw")

    # then
    assert response.redirect_chain == [(START, 302)]
    assert "U heeft nog geen rol." in _text(response)


def test_no_code_asked_when_2fa_is_off(client, kcc, settings):
    # given
    settings.REQUIRE_2FA = False

    # when
    response = login(client, "kcc")

    # then
    assert response.redirect_chain == [(START, 302)]


def test_api_refuses_session_without_second_factor(client, kcc, two_factor):
    # given: password given, code not yet
    login(client, "kcc")

    # when
    response = client.get("/api/v1/organisaties")

    # then
    assert response.status_code == 403


def test_pages_before_the_code_lead_to_the_code(client, kcc, two_factor):
    # given
    login(client, "kcc")

    # when
    response = client.get("/medewerker/teams/")

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == f"{TOTP}?next=%2Fmedewerker%2Fteams%2F"


# --- session --------------------------------------------------------------------------


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_activity_extends_the_session(client, kcc, settings):
    # given
    settings.SESSION_COOKIE_AGE = 120
    login(client, "kcc")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=5)
    )

    # when: any page
    client.get(START)

    # then: the idle period starts again
    remaining = _session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(seconds=100) < remaining <= datetime.timedelta(seconds=120)


def test_idle_session_is_logged_out(client, kcc):
    # given: logged in, then idle past the idle timeout
    login(client, "kcc")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    # when
    response = client.get(START)

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == f"{LOGIN}?next=/medewerker/"


# --- logout ---------------------------------------------------------------------------


def test_logout_needs_post(client, kcc):
    # given
    login(client, "kcc")

    # when: a link (GET) only asks to confirm
    page = client.get("/medewerker/uitloggen/")

    # then
    assert "Wilt u uitloggen?" in _text(page)
    assert client.get(START).status_code == 200

    # when
    response = client.post("/medewerker/uitloggen/", follow=True)

    # then
    assert response.redirect_chain == [(LOGIN, 302)]
    assert "_auth_user_id" not in client.session
    assert client.get(START).status_code == 302


def test_logout_is_allowed_before_the_code(client, kcc, two_factor):
    # given
    login(client, "kcc")

    # when
    response = client.post("/medewerker/uitloggen/")

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
