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
