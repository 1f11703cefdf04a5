"""Staff login through the municipality's OpenID Connect provider.

Built on mozilla-django-oidc (authorization-code flow with PKCE). What Eenloket adds:

- accounts are matched on a username claim (``OIDC_USERNAME_CLAIM``), case-insensitively,
  to an existing active account; unknown users are refused unless ``OIDC_CREATE_USER``
  (then an account without roles is made, so a functioneel beheerder still decides what
  the person may see);
- names and e-mail address follow the provider's claims at every login;
- the ID token must be meant for this client and come from the configured issuer
  (mozilla-django-oidc checks neither);
- endpoints can be discovered from ``<issuer>/.well-known/openid-configuration``;
- a successful login marks the session, so ``SecondFactorMiddleware`` asks no extra TOTP
  when the provider does the multi-factor login (``OIDC_MFA_BY_PROVIDER``).

The views are wired through ``OIDC_AUTHENTICATE_CLASS`` and ``OIDC_CALLBACK_CLASS`` in the
settings, so mozilla-django-oidc's URL names (``oidc_authentication_init``, ...) stay.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from eenloket.core.models import User

logger = logging.getLogger(__name__)

LOGIN_METHODE_SESSION_KEY = "eenloket_login_methode"
DISCOVERY_CACHE_SECONDS = 3600
DEFAULT_TIMEOUT_SECONDS = 10
# Set on the request by the backend when it refuses a person the provider did log in,
# so the callback view can say why instead of a generic failure.
_REFUSAL_ATTRIBUTE = "eenloket_oidc_weigering"


class OIDCProviderError(Exception):
    """The identity provider cannot be reached or its configuration is unusable."""


def discover(issuer: str) -> dict[str, Any]:
    """The provider's discovery document, fetched once and cached for an hour.

    Raises OIDCProviderError when it cannot be fetched or names another issuer (OpenID
    Connect Discovery 1.0, section 4.3: it must be the issuer we asked)."""
    base = issuer.rstrip("/")
    cache_key = f"eenloket:oidc-discovery:{base}"
    document: dict[str, Any] | None = cache.get(cache_key)
    if document is not None:
        return document
    url = f"{base}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=_timeout())
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OIDCProviderError(f"OIDC discovery failed: {url}") from exc
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != base:
        raise OIDCProviderError(f"OIDC discovery document of {url} names another issuer")
    cache.set(cache_key, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider_endpoints() -> dict[str, str]:
    """The endpoints to use: those set in the settings, the empty ones discovered from
    ``OIDC_OP_ISSUER`` (only fetched when an endpoint is missing and an issuer is set)."""
    endpoints = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
    }
    if settings.OIDC_OP_ISSUER and not all(endpoints.values()):
        document = discover(settings.OIDC_OP_ISSUER)
        endpoints = {name: url or str(document.get(name) or "") for name, url in endpoints.items()}
    missing = [name for name, url in endpoints.items() if not url]
    if missing:
        raise OIDCProviderError(f"OIDC endpoints not configured: {', '.join(missing)}")
    return endpoints


def _timeout() -> float:
    return getattr(settings, "OIDC_TIMEOUT", None) or DEFAULT_TIMEOUT_SECONDS


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Log a staff member in with the provider's ID token and userinfo claims."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Django offers every login (also the password form) to every backend; only the
        # OIDC callback passes a nonce, so only then is there a code to exchange.
        if request is None or "nonce" not in kwargs:
            return None
        # Resolved here, not in __init__: Django builds a backend for every request's
        # get_user(), which must not wait for the provider.
        endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("OIDC token is meant for another client.")
        issuer = settings.OIDC_OP_ISSUER.rstrip("/")
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("OIDC token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        username = str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()
        if not username:
            raise SuspiciousOperation(f"OIDC claim {settings.OIDC_USERNAME_CLAIM!r} is missing.")
        user = self._find_user(username)
        if user is None:
            if settings.OIDC_CREATE_USER:
                return self.create_user(claims)
            self._refuse(
                _(
                    "Er is geen Eenloket-account voor %(naam)s. Vraag de functioneel "
                    "beheerder om u toegang te geven."
                )
                % {"naam": username}
            )
            return None
        if not user.is_active:
            self._refuse(
                _("Uw Eenloket-account is niet actief. Neem contact op met de functioneel beheerder.")
            )
            return None
        return self.update_user(user, claims)

    def create_user(self, claims: dict[str, Any]) -> User:
        """A new account without roles: it can log in, but sees nothing until a
        functioneel beheerder gives it a role."""
        user = User(username=str(claims[settings.OIDC_USERNAME_CLAIM]).strip()[:150])
        _apply_claims(user, claims)
        user.set_unusable_password()
        user.save()
        logger.info("oidc_user_created user=%s", user.uuid)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        changed = _apply_claims(user, claims)
        if changed:
            user.save(update_fields=changed)
        return user

    def get_user(self, user_id: Any) -> User | None:
        # mozilla-django-oidc skips ModelBackend's is_active check here, so a colleague
        # who is deactivated would stay logged in until the session ends.
        user: User | None = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _find_user(self, username: str) -> User | None:
        exact = User.objects.filter(username=username).first()
        if exact is not None:
            return exact
        matches = list(User.objects.filter(username__iexact=username)[:2])
        if len(matches) > 1:
            raise SuspiciousOperation("OIDC username matches several accounts.")
        return matches[0] if matches else None

    def _refuse(self, reason: str) -> None:
        setattr(self.request, _REFUSAL_ATTRIBUTE, reason)


def axes_whitelist(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: keep OIDC callbacks out of django-axes.

    A refused OIDC login is no password guess (the provider throttles its own login
    form), and it has no username, so axes would count every refusal from one address
    against one key: a few people without an account behind the town hall's NAT would
    lock every colleague out of the OIDC login. Only the OIDC callback passes a nonce."""
    return credentials is not None and "nonce" in credentials and not credentials.get("password")


def _apply_claims(user: User, claims: dict[str, Any]) -> list[str]:
    """Copy the names and e-mail address the provider gives; return the changed fields."""
    changed = []
    for field, claim, max_length in (
        ("first_name", "given_name", 150),
        ("last_name", "family_name", 150),
        ("email", "email", 254),
    ):
        value = claims.get(claim)
        if not isinstance(value, str):
            continue
        value = value.strip()[:max_length]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    return changed


class StaffOIDCAuthenticationRequestView(OIDCAuthenticationRequestView):
    """Start of the login at the provider, with the (discovered) authorization endpoint."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints()["authorization_endpoint"]
        except OIDCProviderError:
            logger.exception("oidc_provider_unavailable")
            messages.error(request, _unavailable_message())
            return redirect("core:login")
        return super().get(request)  # type: ignore[no-any-return]


class StaffOIDCCallbackView(OIDCAuthenticationCallbackView):
    """Return from the provider: log in, mark the login method, or say why not."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except (OIDCProviderError, requests.RequestException, SuspiciousOperation):
            # Provider down, a token that does not check out, or a stale/replayed state.
            logger.warning("oidc_login_failed", exc_info=True)
            return self.login_failure()

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # After auth.login(), which starts a new session: the marker belongs to this login.
        self.request.session[LOGIN_METHODE_SESSION_KEY] = "oidc"
        return response  # type: ignore[no-any-return]

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, _REFUSAL_ATTRIBUTE, None)
        messages.error(self.request, reason or _unavailable_message())
        return redirect("core:login")


def _unavailable_message() -> str:
    return _(
        "Inloggen met uw organisatie-account is niet gelukt. Probeer het opnieuw of log in "
        "met uw gebruikersnaam en wachtwoord."
    )
