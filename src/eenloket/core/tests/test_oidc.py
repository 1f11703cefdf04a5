"""Staff login through OpenID Connect, against a real local provider (panva's
oidc-provider, see conftest.py): the full authorization-code flow with PKCE, the
provider's own login and consent pages, RS256 ID tokens checked against its JWKS."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.core.cache import cache

from eenloket.core.constants import Rol
from eenloket.core.models import Roltoewijzing, User
from eenloket.core.oidc import OIDCProviderError, discover, provider_endpoints
from eenloket.core.tests.factories import UserFactory, medewerker

pytestmark = pytest.mark.django_db(transaction=True)

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "eenloket.core.oidc.StaffOIDCBackend",
]


@pytest.fixture
def oidc(settings, oidc_provider, live_server):
    """OIDC switched on with only the issuer configured: endpoints come from discovery.
    A second factor is required, so a TOTP prompt would show if the login skipped it."""
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.OIDC_CREATE_USER = False
    settings.OIDC_MFA_BY_PROVIDER = True
    settings.REQUIRE_2FA = True
    return oidc_provider


class _FormParser(HTMLParser):
    """The first form of a page: its action and the named input values."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action = values.get("action", "")
        elif tag == "input" and self.action is not None and not self._done and "name" in values:
            self.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._done = True


def _submit(browser: requests.Session, page: requests.Response, **data: str) -> requests.Response:
    parser = _FormParser()
    parser.feed(page.text)
    assert parser.action is not None, f"no form on {page.url}:\n{page.text[:500]}"
    response = browser.post(urljoin(page.url, parser.action), data={**parser.fields, **data}, timeout=10)
    response.raise_for_status()
    return response


def login_at_provider(live_server, login: str) -> tuple[requests.Session, requests.Response]:
    """What a browser does: start at Eenloket, sign in and consent at the provider, and
    follow the redirects back to Eenloket's callback and on."""
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/oidc/authenticate/", timeout=10)
    page.raise_for_status()
    assert 'name="login"' in page.text, "expected the provider's login form"
    page = _submit(browser, page, login=login, password="elk-wachtwoord")
    assert 'value="consent"' in page.text, "expected the provider's consent form"
    page = _submit(browser, page)
    return browser, page


def test_login_page_offers_oidc(oidc, client):
    # when
    response = client.get("/medewerker/inloggen/")

    # then
    assert 'href="/oidc/authenticate/"' in response.content.decode()
    assert "Inloggen met uw organisatie-account" in response.content.decode()


def test_authentication_request_uses_discovered_endpoint_and_pkce(oidc, client):
    # when
    response = client.get("/oidc/authenticate/?next=/medewerker/teams/")

    # then
    assert response.status_code == 302
    url = urlsplit(response.headers["Location"])
    params = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{oidc.issuer}/auth"
    assert params["client_id"] == [oidc.client_id]
    assert params["scope"] == ["openid email profile"]
    assert params["code_challenge_method"] == ["S256"]
    assert {"state", "nonce", "code_challenge"} <= params.keys()
    assert client.session["oidc_login_next"] == "/medewerker/teams/"


def test_existing_user_logs_in_without_totp(oidc, live_server, eikendal):
    # given
    kcc = medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc", first_name="Oud", email="")

    # when
    browser, page = login_at_provider(live_server, "kcc")

    # then: back at the start page, no TOTP step although the KCC role needs one
    assert page.url == f"{live_server.url}/medewerker/"
    assert "Welkom, Kcc" in page.text
    assert "Tweestapsverificatie" not in page.text
    assert "/medewerker/inloggen/code" not in " ".join(r.headers.get("Location", "") for r in page.history)
    kcc.refresh_from_db()
    assert (kcc.first_name, kcc.last_name, kcc.email) == ("Kcc", "Testaccount", "kcc@idp.example.nl")
    # and an API call with the same session passes the second-factor gate
    api = browser.get(f"{live_server.url}/api/v1/organisaties", timeout=10)
    assert api.status_code == 200


def test_deactivated_user_is_logged_out(oidc, live_server, eikendal):
    # given: logged in through the provider
    kcc = medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")
    browser, _page = login_at_provider(live_server, "kcc")

    # when: a beheerder deactivates the account
    User.objects.filter(pk=kcc.pk).update(is_active=False)
    start = browser.get(f"{live_server.url}/medewerker/", timeout=10, allow_redirects=False)

    # then
    assert start.status_code == 302
    assert start.headers["Location"].startswith("/medewerker/inloggen/")


def test_username_is_matched_case_insensitively(oidc, live_server, eikendal):
    # given
    medewerker(eikendal, Rol.BEHANDELAAR, username="j.jansen")

    # when
    _browser, page = login_at_provider(live_server, "J.Jansen")

    # then
    assert page.url == f"{live_server.url}/medewerker/"
    assert "Welkom, J" in page.text
    assert User.objects.filter(username__iexact="j.jansen").count() == 1


def test_totp_still_asked_when_provider_does_not_do_mfa(oidc, settings, live_server, eikendal):
    # given
    settings.OIDC_MFA_BY_PROVIDER = False
    medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")

    # when
    _browser, page = login_at_provider(live_server, "kcc")

    # then: first login, so the authenticator app is linked first
    assert page.url == f"{live_server.url}/medewerker/inloggen/code-instellen/"


def test_unknown_user_is_refused(oidc, live_server):
    # when
    browser, page = login_at_provider(live_server, "onbekend")

    # then
    assert page.url == f"{live_server.url}/medewerker/inloggen/"
    assert "Er is geen Eenloket-account voor onbekend." in page.text
    assert not User.objects.filter(username="onbekend").exists()
    start = browser.get(f"{live_server.url}/medewerker/", timeout=10, allow_redirects=False)
    assert start.status_code == 302
    assert start.headers["Location"].startswith("/medewerker/inloggen/")


def test_refusals_do_not_lock_out_colleagues(oidc, settings, live_server, eikendal):
    """OIDC callbacks carry no username; counted by django-axes they would all share one
    lockout key per address, so a few refusals would block every colleague there."""
    # given
    medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")
    settings.AXES_FAILURE_LIMIT = 2
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        _browser, page = login_at_provider(live_server, f"onbekend{i}")
        assert "Er is geen Eenloket-account" in page.text

    # when
    _browser, page = login_at_provider(live_server, "kcc")

    # then
    assert page.url == f"{live_server.url}/medewerker/"


def test_cancel_at_provider_returns_to_login(oidc, live_server):
    # given: at the provider's login form
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/oidc/authenticate/", timeout=10)
    abort = re.search(r'href="([^"]*/abort)"', page.text)
    assert abort, "the provider's login page has a cancel link"

    # when
    page = browser.get(urljoin(page.url, abort.group(1)), timeout=10)

    # then
    assert page.url == f"{live_server.url}/medewerker/inloggen/"
    assert "Inloggen met uw organisatie-account is niet gelukt." in page.text


def test_inactive_user_is_refused(oidc, live_server):
    # given
    UserFactory(username="vertrokken", is_active=False)

    # when
    _browser, page = login_at_provider(live_server, "vertrokken")

    # then
    assert page.url == f"{live_server.url}/medewerker/inloggen/"
    assert "Uw Eenloket-account is niet actief." in page.text


def test_unknown_user_is_created_without_roles_when_allowed(oidc, settings, live_server):
    # given
    settings.OIDC_CREATE_USER = True

    # when
    _browser, page = login_at_provider(live_server, "nieuw.de-boer")

    # then: logged in, but with nothing to do until a beheerder gives a role
    assert page.url == f"{live_server.url}/medewerker/"
    assert "U heeft nog geen rol." in page.text
    user = User.objects.get(username="nieuw.de-boer")
    assert (user.first_name, user.last_name, user.email) == (
        "Nieuw",
        "de-boer",
        "nieuw.de-boer@idp.example.nl",
    )
    assert not user.has_usable_password()
    assert not Roltoewijzing.objects.filter(user=user).exists()


def test_explicit_endpoints_work_without_issuer(oidc, settings, live_server, eikendal):
    # given: a provider without discovery; then the ID token's issuer is not checked
    document = requests.get(f"{oidc.issuer}/.well-known/openid-configuration", timeout=5).json()
    settings.OIDC_OP_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")

    # when
    _browser, page = login_at_provider(live_server, "kcc")

    # then
    assert page.url == f"{live_server.url}/medewerker/"


def test_token_from_another_issuer_is_refused(oidc, settings, live_server, eikendal):
    # given: endpoints of the real provider, but Eenloket expects another issuer
    endpoints = provider_endpoints()
    settings.OIDC_OP_ISSUER = "https://idp.andere-gemeente.example"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = endpoints["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
    medewerker(eikendal, Rol.KCC_MEDEWERKER, username="kcc")

    # when
    browser, page = login_at_provider(live_server, "kcc")

    # then
    assert page.url == f"{live_server.url}/medewerker/inloggen/"
    assert "Inloggen met uw organisatie-account is niet gelukt." in page.text
    start = browser.get(f"{live_server.url}/medewerker/", timeout=10, allow_redirects=False)
    assert start.status_code == 302


def test_discovery_reads_endpoints_from_the_issuer(oidc):
    # given
    cache.clear()

    # when
    endpoints = provider_endpoints()

    # then
    assert endpoints == {
        "authorization_endpoint": f"{oidc.issuer}/auth",
        "token_endpoint": f"{oidc.issuer}/token",
        "userinfo_endpoint": f"{oidc.issuer}/me",
        "jwks_uri": f"{oidc.issuer}/jwks",
    }
    assert cache.get(f"eenloket:oidc-discovery:{oidc.issuer}")["issuer"] == oidc.issuer


def test_configured_endpoint_wins_over_discovery(oidc, settings):
    # given
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/eigen-token"

    # when
    endpoints = provider_endpoints()

    # then
    assert endpoints["token_endpoint"] == "https://idp.example/eigen-token"
    assert endpoints["jwks_uri"] == f"{oidc.issuer}/jwks"


def test_discovery_failure_is_reported(oidc, settings, client):
    # given: nothing listens on port 9 (discard) of the loopback address
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"

    # when
    with pytest.raises(OIDCProviderError):
        discover(settings.OIDC_OP_ISSUER)
    response = client.get("/oidc/authenticate/", follow=True)

    # then
    assert response.redirect_chain[-1][0] == "/medewerker/inloggen/"
    assert "Inloggen met uw organisatie-account is niet gelukt." in response.content.decode()


def test_oidc_urls_are_off_when_oidc_is_disabled(settings, client, db):
    # given
    settings.OIDC_ENABLED = False

    # when / then
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
