"""Registering klantcontacten per second on one core (one process, one thread).

Two paths, both through the services with everything they write: the contact, its
question, the processing-log row for the identified resident, the remembered phone
number and the domain event (with its outbox row):

* ``klantcontact_vastleggen``: a finished contact in one call (API, inbox, imports);
* the draft path the KCC screen takes: ``contact_starten`` when the call comes in,
  ``vraag_opslaan`` while talking, ``contact_registreren`` when it ends (three
  transactions, as three requests would run them); and that last step on its own,
  which is what closing a call costs.

Each contact is by a different resident, answered in the first line (the common case).
Batches alternate between the paths so both see the same machine state.
Targets: >= 200 contacts/s on the embedded SQLite default, >= 400/s on PostgreSQL.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection

from eenloket.contacten import services
from eenloket.core.context import Actor, acting_as
from eenloket.core.models import Onderwerp, Organisatie, User
from eenloket.demo.loader import load
from eenloket.klanten.models import Persoon

PER_BATCH = 200
RONDES = 6
VRAAG = "Mijn paspoort verloopt over twee maanden, hoe vraag ik een nieuwe aan?"
ANTWOORD = "Afspraak gemaakt via de website; oud paspoort en pasfoto meenemen."


def _vastleggen(org: Organisatie, user: User, persoon: Persoon, onderwerp: Onderwerp) -> None:
    actor = Actor.for_user(user)
    with acting_as(actor):
        services.klantcontact_vastleggen(
            organisatie=org,
            kanaal="telefoon",
            by=actor,
            persoon=persoon,
            telefoonnummer=persoon.telefoonnummer or "0612345678",
            vragen=[{"vraag": VRAAG, "antwoord": ANTWOORD, "onderwerp": onderwerp, "uitkomst": "beantwoord"}],
        )


def _via_concept(org: Organisatie, user: User, persoon: Persoon, onderwerp: Onderwerp) -> None:
    # Three requests: each gets its own actor, as the middleware would make.
    actor = Actor.for_user(user)
    with acting_as(actor):
        contact = services.contact_starten(
            organisatie=org,
            kanaal="telefoon",
            by=actor,
            persoon=persoon,
            telefoonnummer=persoon.telefoonnummer or "0612345678",
        )
    actor = Actor.for_user(user)
    with acting_as(actor):
        services.vraag_opslaan(
            contact=contact,
            by=actor,
            vraag=VRAAG,
            antwoord=ANTWOORD,
            onderwerp=onderwerp,
            uitkomst="beantwoord",
        )
    actor = Actor.for_user(user)
    with acting_as(actor):
        services.contact_registreren(contact=contact, by=actor)


def _registreer_batch(
    org: Organisatie, user: User, personen: list[Persoon], onderwerp: Onderwerp, start: int
) -> float:
    """Only the last step of the draft path (what closing the call costs): the drafts and
    their questions are made first, outside the timing."""
    concepten = []
    for i in range(PER_BATCH):
        persoon = personen[(start + i) % len(personen)]
        actor = Actor.for_user(user)
        with acting_as(actor):
            contact = services.contact_starten(
                organisatie=org, kanaal="telefoon", by=actor, persoon=persoon, telefoonnummer="0612345678"
            )
            services.vraag_opslaan(
                contact=contact,
                by=actor,
                vraag=VRAAG,
                antwoord=ANTWOORD,
                onderwerp=onderwerp,
                uitkomst="beantwoord",
            )
        concepten.append(contact)
    began = time.perf_counter()
    for contact in concepten:
        actor = Actor.for_user(user)
        with acting_as(actor):
            services.contact_registreren(contact=contact, by=actor)
    return PER_BATCH / (time.perf_counter() - began)


def _batch(
    stap: Callable[[Organisatie, User, Persoon, Onderwerp], None],
    org: Organisatie,
    user: User,
    personen: list[Persoon],
    onderwerp: Onderwerp,
    start: int,
) -> float:
    began = time.perf_counter()
    for i in range(PER_BATCH):
        stap(org, user, personen[(start + i) % len(personen)], onderwerp)
    return PER_BATCH / (time.perf_counter() - began)


def run() -> list[dict[str, object]]:
    load("small", log=lambda _r: None)
    org = Organisatie.objects.get(code="eikendal")
    user = User.objects.get(username="kcc")
    onderwerp = Onderwerp.objects.get(organisatie=org, naam="Paspoort")
    personen = list(Persoon.objects.filter(organisatie=org).order_by("pk")[: PER_BATCH * RONDES * 2])
    _batch(_vastleggen, org, user, personen, onderwerp, 0)  # warm up
    _batch(_via_concept, org, user, personen, onderwerp, 0)
    vastleggen, concept, registreren = [], [], []
    for ronde in range(RONDES):
        vastleggen.append(_batch(_vastleggen, org, user, personen, onderwerp, ronde * PER_BATCH))
        concept.append(_batch(_via_concept, org, user, personen, onderwerp, ronde * PER_BATCH))
        registreren.append(_registreer_batch(org, user, personen, onderwerp, ronde * PER_BATCH))
    doel = 400 if connection.vendor == "postgresql" else 200
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite (embedded)"
    scale = f"{RONDES} x {PER_BATCH} contacts, median per batch, one core"
    uitslag = []
    # The target is for registering a contact (its row, questions, processing-log row and
    # event): one call of klantcontact_vastleggen, or the register step of a live contact.
    # The whole draft path is three transactions a human spreads over a conversation
    # (start, note the question, register); it is reported for information.
    for naam, cijfers, met_doel in (
        ("klantcontact_vastleggen", vastleggen, True),
        ("draft_and_register", concept, False),
        ("register_step_of_draft", registreren, True),
    ):
        per_s = statistics.median(cijfers)
        oordeel = ("PASS" if per_s >= doel else "FAIL") if met_doel else "three transactions, no target"
        print(f"   {naam} on {database}: {per_s:.0f} contacts/s ({oordeel})", flush=True)
        uitslag.append(
            {
                "name": f"contact_registreren_{naam}",
                "figure": round(per_s),
                "unit": "contacts/s",
                "scale": scale,
                "target": f">= {doel}/s" if met_doel else None,
                "note": oordeel,
            }
        )
    return uitslag
