"""Which municipality's public site a request is for: by host name (production: each
municipality its own domain), else the one the visitor chose (demo: one host for two
municipalities), else the first municipality."""

from __future__ import annotations

from django.http import HttpRequest

from eenloket.core.constants import OrganisatieSoort
from eenloket.core.models import Organisatie

SESSION_KEY = "eenloket_gemeente"


def gemeenten() -> list[Organisatie]:
    return list(Organisatie.objects.filter(actief=True, soort=OrganisatieSoort.GEMEENTE).order_by("naam"))


def gemeente_voor(request: HttpRequest, alle: list[Organisatie]) -> Organisatie | None:
    """Pick from ``alle`` (the active municipalities, see ``gemeenten``): a handful of
    rows, so matching in Python costs no extra query on either database."""
    host = request.get_host().split(":")[0].lower()
    by_host = next((o for o in alle if host in (o.hostnames or [])), None)
    if by_host is not None:
        return by_host
    gekozen = request.GET.get("gemeente") or request.session.get(SESSION_KEY)
    chosen = next((o for o in alle if o.code == gekozen), None) if gekozen else None
    return chosen or (alle[0] if alle else None)
