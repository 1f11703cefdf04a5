"""Who is acting, for which request: set by middleware (web), by the API authentication
(system clients) or explicitly (worker, commands). The processing log and domain events
read it, so services need not pass the request around."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eenloket.core.models import ApiClient, Organisatie, User


@dataclass
class Actor:
    soort: str  # "medewerker" | "systeem" | "inwoner" | "anoniem" | "proces"
    id: str
    naam: str = ""
    user: User | None = None
    client: ApiClient | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    organisatie: Organisatie | None = None  # the organisation chosen in the UI, if any

    @classmethod
    def for_user(cls, user: User, request_id: str = "") -> Actor:
        return cls(
            soort="medewerker",
            id=user.username,
            naam=user.get_full_name(),
            user=user,
            request_id=request_id or uuid.uuid4().hex,
        )

    @classmethod
    def for_client(cls, client: ApiClient, request_id: str = "") -> Actor:
        return cls(
            soort="systeem",
            id=client.client_id,
            naam=client.naam,
            client=client,
            request_id=request_id or uuid.uuid4().hex,
        )

    @classmethod
    def proces(cls, naam: str) -> Actor:
        """A background job or command acting on its own behalf."""
        return cls(soort="proces", id=naam, naam=naam)

    @classmethod
    def anoniem(cls, request_id: str = "") -> Actor:
        return cls(soort="anoniem", id="anoniem", request_id=request_id or uuid.uuid4().hex)


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("eenloket_actor", default=None)


def current_actor() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def set_actor(actor: Actor | None) -> contextvars.Token[Actor | None]:
    return _current.set(actor)


def reset_actor(token: contextvars.Token[Actor | None]) -> None:
    _current.reset(token)
