"""Background work of the contact centre, run by the worker on a schedule."""

from __future__ import annotations

import datetime

from eenloket.contacten import services
from eenloket.core.context import Actor, acting_as
from eenloket.core.scheduling import periodiek
from eenloket.core.tasks_compat import task


@periodiek(datetime.timedelta(minutes=5))
@task()
def contactverzoeken_bewaken() -> dict[str, int]:
    """Reminders on the deadline day and escalation of overdue contactverzoeken."""
    with acting_as(Actor.proces("contactverzoeken_bewaken")):
        herinnerd, geescaleerd = services.contactverzoeken_bewaken()
    return {"herinnerd": herinnerd, "geescaleerd": geescaleerd}


@periodiek(datetime.timedelta(minutes=1))
@task()
def inbox_lezen() -> dict[str, int | str]:
    """Read the general mailbox (IMAP, or the local Maildir in the embedded default)
    into the inbox of the organisation it belongs to."""
    from eenloket.contacten import inbox
    from eenloket.integraties.mail import postbus_uit_instellingen
    from eenloket.integraties.virusscan import scanner_uit_instellingen

    postbus = postbus_uit_instellingen()
    if postbus is None:
        return {"opgeslagen": 0, "reden": "geen postbus ingesteld"}
    organisatie = inbox.postbus_organisatie()
    if organisatie is None:
        return {"opgeslagen": 0, "reden": "geen organisatie voor de postbus"}
    with acting_as(Actor.proces("inbox_lezen")):
        aantal = inbox.postbus_lezen(organisatie, postbus, scanner_uit_instellingen())
    return {"opgeslagen": aantal}


@task()
def inbox_bericht_verzenden(bericht_id: int, poging: int = 1) -> str:
    """Send an answer (or confirmation) of the inbox; on failure retry with back-off."""
    from django.utils import timezone

    from eenloket.contacten import inbox
    from eenloket.core.tasks import wachttijd

    try:
        return inbox.bericht_verzenden(bericht_id)
    except Exception as exc:  # SMTP errors come in many classes; all mean "try again later"
        inbox.bericht_verzendfout(bericht_id, str(exc))
        if poging >= inbox.MAX_VERZENDPOGINGEN:
            return "mislukt"
        inbox_bericht_verzenden.using(run_after=timezone.now() + wachttijd(poging)).enqueue(
            bericht_id, poging + 1
        )
        return "opnieuw"
