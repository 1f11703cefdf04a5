"""``Authorization: Token <key>``, as Open Klant's clients send it, for an ApiClient.

The key is ``<client_id>.<HMAC-SHA256(client secret, context)>``: derived from the
secret the client already has for its JWTs, so nothing new is stored (in particular no
second plaintext secret), rotating the secret revokes the token, and the key reveals
nothing about the secret. The comparison is constant-time. Give a client its key with
``klantinteracties_token(client)``."""

from __future__ import annotations

import hashlib
import hmac

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from eenloket.api.authentication import ClientUser
from eenloket.core.context import Actor, set_actor
from eenloket.core.models import ApiClient

_CONTEXT = b"eenloket:klantinteracties-token:v1"


def klantinteracties_token(client: ApiClient) -> str:
    digest = hmac.new(client.secret.encode(), _CONTEXT, hashlib.sha256).hexdigest()
    return f"{client.client_id}.{digest}"


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ClientUser, str] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None  # a Bearer JWT or a session: the next authenticator decides
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Gebruik de header 'Authorization: Token <sleutel>'."))
        client_id, punt, _digest = parts[1].rpartition(".")
        client = ApiClient.objects.filter(client_id=client_id, actief=True).first() if punt else None
        # Compare even when the client is unknown, so timing does not tell which exist.
        verwacht = klantinteracties_token(client) if client else "x" * len(parts[1])
        if not hmac.compare_digest(verwacht.encode(), parts[1].encode()) or client is None:
            raise exceptions.AuthenticationFailed(_("Onbekend of ongeldig token."))
        actor = Actor.for_client(client, getattr(request._request, "request_id", ""))
        request._request.actor = actor  # type: ignore[attr-defined]
        set_actor(actor)  # reset by ActorMiddleware at the end of the request
        return ClientUser(client), parts[1]

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="klantinteracties"'
