"""Identifiers of resources that Eenloket derives instead of storing: a partij-
identificator is a property of a person or business, a betrokkene is the party of a
klantcontact, an actorklantcontact is the staff member of a klantcontact.

Their UUIDs are the source row's UUID XOR a fixed mask per kind: deterministic (the
same resource always has the same UUID), reversible (a retrieve finds the source row
by an indexed UUID lookup, no mapping table) and still valid version-4 UUIDs (the
mask leaves the version and variant bits alone)."""

from __future__ import annotations

import hashlib
import uuid

SOORTEN = ("bsn", "kvk_nummer", "vestigingsnummer", "betrokkene", "actorklantcontact")


def _masker(soort: str) -> int:
    ruw = bytearray(hashlib.sha256(f"eenloket:klantinteracties:{soort}".encode()).digest()[:16])
    ruw[6] &= 0x0F  # keep the version nibble of the source UUID
    ruw[8] &= 0x3F  # keep its variant bits
    return int.from_bytes(bytes(ruw), "big")


_MASKERS = {soort: _masker(soort) for soort in SOORTEN}


def afgeleid(bron: uuid.UUID | str, soort: str) -> uuid.UUID:
    """The derived UUID of ``soort`` for the source row ``bron``, and back: XOR is its
    own inverse, so ``afgeleid(afgeleid(x, s), s) == x``."""
    waarde = bron if isinstance(bron, uuid.UUID) else uuid.UUID(str(bron))
    return uuid.UUID(int=waarde.int ^ _MASKERS[soort])


def bron(afgeleide: uuid.UUID | str, soort: str) -> uuid.UUID:
    return afgeleid(afgeleide, soort)


def parse_uuid(waarde: object) -> uuid.UUID | None:
    """A UUID from a query parameter or the last segment of a resource URL."""
    tekst = str(waarde or "").strip().rstrip("/")
    if "/" in tekst:
        tekst = tekst.rsplit("/", 1)[1]
    try:
        return uuid.UUID(tekst)
    except ValueError:
        return None
