"""Tenant scoping: the reusable mechanism every selector and service uses to restrict
rows to the organisations where the actor may perform an action.

An actor may do action X in organisation O when it holds, in O, a role whose row of the
permission matrix contains X (system clients: the SYSTEEM row, narrowed by their scopes,
in the organisations they are linked to). Nothing else grants access: a superuser flag
only opens Django's technical admin, not domain data.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from eenloket.core.constants import Rol
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie, Roltoewijzing, User
from eenloket.core.permissions import MATRIX, Actie

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_eenloket_rechten"
# By value, because ``"x" in Actie`` raises TypeError for a plain str on Python 3.11.
_ACTIES_BY_VALUE: dict[str, Actie] = {actie.value: actie for actie in Actie}


def _rechten(actor: Actor) -> dict[Actie, frozenset[int]]:
    """Action -> organisation ids, computed once per actor (one query)."""
    cached: dict[Actie, frozenset[int]] | None = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    per_actie: dict[Actie, set[int]] = {actie: set() for actie in Actie}
    if actor.client is not None:
        client = actor.client
        toegestaan = MATRIX[Rol.SYSTEEM]
        if client.scopes:
            toegestaan = toegestaan & frozenset(
                _ACTIES_BY_VALUE[s] for s in client.scopes if isinstance(s, str) and s in _ACTIES_BY_VALUE
            )
        if client.actief:
            org_ids = list(client.organisaties.filter(actief=True).values_list("id", flat=True))
            for actie in toegestaan:
                per_actie[actie].update(org_ids)
    elif actor.user is not None and actor.user.is_active:
        rows = Roltoewijzing.objects.filter(user=actor.user, organisatie__actief=True).values_list(
            "organisatie_id", "rol"
        )
        for org_id, rol in rows:
            for actie in MATRIX.get(Rol(rol), frozenset()):
                per_actie[actie].add(org_id)
    result = {actie: frozenset(ids) for actie, ids in per_actie.items()}
    setattr(actor, _CACHE_ATTR, result)
    return result


def as_actor(who: Actor | User | Any) -> Actor:
    if isinstance(who, Actor):
        return who
    if isinstance(who, User):
        return Actor.for_user(who)
    from eenloket.core.models import ApiClient

    if isinstance(who, ApiClient):
        return Actor.for_client(who)
    return Actor.anoniem()


def organisatie_ids(who: Actor | User, actie: Actie) -> frozenset[int]:
    return _rechten(as_actor(who))[actie]


def organisaties_voor(who: Actor | User, actie: Actie) -> QuerySet[Organisatie]:
    """The organisations where ``who`` may perform ``actie``."""
    return Organisatie.objects.filter(id__in=organisatie_ids(who, actie))


def mag(who: Actor | User, actie: Actie, organisatie: Organisatie | int | None = None) -> bool:
    """May ``who`` perform ``actie`` in ``organisatie`` (or in any organisation when None)?"""
    ids = organisatie_ids(who, actie)
    if organisatie is None:
        return bool(ids)
    org_id = organisatie if isinstance(organisatie, int) else organisatie.pk
    return org_id in ids


def vereis(who: Actor | User, actie: Actie, organisatie: Organisatie | int | None = None) -> None:
    """Raise PermissionDenied unless ``mag(...)``."""
    if not mag(who, actie, organisatie):
        raise PermissionDenied(actie.value)


def scope(queryset: QuerySet[M], who: Actor | User, actie: Actie, field: str = "organisatie") -> QuerySet[M]:
    """Restrict a queryset of tenant rows to the organisations where ``actie`` is allowed."""
    return queryset.filter(**{f"{field}_id__in": organisatie_ids(who, actie)})


def get_scoped(queryset: QuerySet[M], who: Actor | User, actie: Actie, **lookup: Any) -> M:
    """Fetch one row the actor may see for ``actie``; 404 otherwise, so the existence of
    another organisation's rows is not revealed."""
    try:
        return scope(queryset, who, actie).get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        # A malformed lookup value (e.g. "abc" for a UUID) names no row either.
        raise Http404 from None
