from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def eenloket(request: HttpRequest) -> dict[str, Any]:
    """Demo banner, organisation switcher and navigation for every template."""
    context: dict[str, Any] = {
        "demo_modus": settings.DEMO,
        "totp_uit": not settings.REQUIRE_2FA,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and request.path.startswith("/medewerker/"):
        from eenloket.core.navigation import navigatie
        from eenloket.core.selectors import organisaties_van

        organisaties = list(organisaties_van(user))
        gekozen = request.session.get("eenloket_organisatie")
        context["organisaties"] = organisaties
        context["gekozen_organisatie"] = next(
            (o for o in organisaties if o.code == gekozen), organisaties[0] if organisaties else None
        )
        context["navigatie"] = navigatie(request)
        context["ongelezen_attenderingen"] = user.attenderingen.filter(gelezen_op__isnull=True).count()
    return context
