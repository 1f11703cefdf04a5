"""Which municipality's public site a request is for: by host name (production: each
municipality its own domain), else the one the visitor chose (demo: one host for two
municipalities), else the first municipality."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from eenloket.core.constants import OrganisatieSoort
from eenloket.core.models import Organisatie

SESSION_KEY = "eenloket_gemeente"


def gemeenten() -> list[Organisatie]:
    return list(Organisatie.objects.filter(actief=True, soort=OrganisatieSoort.GEMEENTE).order_by("naam"))


def gemeente_voor(request: HttpRequest) -> Organisatie | None:
    host = request.get_host().split(":")[0].lower()
    actief = Organisatie.objects.filter(actief=True, soort=OrganisatieSoort.GEMEENTE)
    by_host = actief.filter(Q(hostnames__contains=[host])).first() if _json_contains_supported() else None
    if by_host is None:
        by_host = next((o for o in actief if host in (o.hostnames or [])), None)
    if by_host is not None:
        return by_host
    gekozen = request.GET.get("gemeente") or request.session.get(SESSION_KEY)
    if gekozen:
        found = actief.filter(code=gekozen).first()
        if found is not None:
            return found
    return actief.order_by("naam").first()


def _json_contains_supported() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
