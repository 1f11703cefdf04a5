"""System clients authenticate as the ZGW standards prescribe: a JWT signed (HS256)
with the client's own secret, the client id in the ``client_id`` claim (``iss`` is
accepted as a fallback), and an ``iat`` that is not too old."""

from __future__ import annotations

import time
from typing import Any

import jwt
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from eenloket.core.context import Actor, set_actor
from eenloket.core.models import ApiClient


class ClientUser:
    """The request.user of a system client: authenticated, never staff."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self.username = client.client_id

    def __str__(self) -> str:
        return self.client.client_id

    def is_verified(self) -> bool:
        return True


class ClientJWTAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ClientUser, str] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            raise exceptions.AuthenticationFailed(_("Gebruik de header 'Authorization: Bearer <JWT>'."))
        token = parts[1]
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            header_data = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise exceptions.AuthenticationFailed(_("De JWT kan niet worden gelezen.")) from None
        if header_data.get("alg") != "HS256":
            raise exceptions.AuthenticationFailed(_("Alleen JWT's met algoritme HS256 worden aanvaard."))
        client_id = unverified.get("client_id") or unverified.get("iss")
        if not client_id or not isinstance(client_id, str):
            raise exceptions.AuthenticationFailed(_("De JWT bevat geen 'client_id'."))
        client = ApiClient.objects.filter(client_id=client_id, actief=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("Onbekende of inactieve client."))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                client.secret,
                algorithms=["HS256"],
                options={"require": ["iat"], "verify_aud": False},
                leeway=settings.JWT_LEEWAY_SECONDS,
            )
        except jwt.ExpiredSignatureError:
            raise exceptions.AuthenticationFailed(_("De JWT is verlopen.")) from None
        except jwt.MissingRequiredClaimError:
            raise exceptions.AuthenticationFailed(_("De JWT mist de claim 'iat'.")) from None
        except jwt.PyJWTError:
            raise exceptions.AuthenticationFailed(_("De handtekening van de JWT klopt niet.")) from None
        iat = claims.get("iat")
        if not isinstance(iat, int | float) or time.time() - iat > settings.JWT_MAX_AGE_SECONDS:
            raise exceptions.AuthenticationFailed(_("De JWT is te oud ('iat'); maak een nieuwe."))
        actor = Actor.for_client(client, getattr(request._request, "request_id", ""))
        request._request.actor = actor  # type: ignore[attr-defined]
        set_actor(actor)  # reset by ActorMiddleware at the end of the request
        return ClientUser(client), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ClientJWTScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "eenloket.api.authentication.ClientJWTAuthentication"
    name = "JWT-Claims"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
