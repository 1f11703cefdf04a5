"""The staff navigation, derived from the permission matrix, so nobody sees a link to
a screen they may not open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.core.permissions import Actie
from eenloket.core.tenancy import organisatie_ids


def navigatie(request: HttpRequest) -> list[dict[str, Any]]:
    actor = request.actor  # type: ignore[attr-defined]
    items: list[tuple[Actie | None, str, str]] = [(None, _("Start"), "core:start")]
    items += [
        (Actie.CONTACT_REGISTREREN, _("Klantcontacten"), "contacten:kcc"),
        (Actie.CONTACT_REGISTREREN, _("Inbox"), "contacten:inbox"),
        (Actie.KLANT_BEKIJKEN, _("Klanten"), "contacten:klant_zoeken"),
        (Actie.CONTACTVERZOEK_BEHANDELEN, _("Contactverzoeken"), "contacten:contactverzoeken"),
        (Actie.TEAM_BEKIJKEN, _("Teams"), "core:teams"),
        (Actie.KALENDER_BEKIJKEN, _("Werkdagen"), "core:kalender"),
        (Actie.MEDEWERKER_BEHEREN, _("Medewerkers"), "core:medewerkers"),
        (Actie.KCC_INRICHTEN, _("Inrichting"), "contacten:inrichting"),
        (Actie.BERICHTEN_BEKIJKEN, _("Berichten"), "core:berichten"),
        (Actie.VERWERKINGENLOG_BEKIJKEN, _("Verwerkingenlog"), "core:verwerkingen"),
    ]
    result = []
    for actie, label, name in items:
        if actie is None or organisatie_ids(actor, actie):
            url = reverse(name)
            result.append({"label": label, "url": url, "actief": request.path == url})
    return result
