"""Processing-log and domain-event overhead on one write (issue #2).

The same write (update one person's phone number in its own transaction) is timed
with and without the processing-log row and the domain event (+ its queued job); the
difference is what the foundation adds to every write. Target: under 1 ms per write in
the embedded default. Batches alternate so both variants see the same machine state."""

from __future__ import annotations

import statistics
import time

from django.db import transaction

from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor, acting_as
from eenloket.core.models import Organisatie
from eenloket.core.services import gebeurtenis_emit, verwerking_log
from eenloket.klanten.models import Persoon

WRITES_PER_BATCH = 200
ROUNDS = 10


def _write(persoon: Persoon, n: int, *, log: bool) -> None:
    with transaction.atomic():
        persoon.telefoonnummer = f"+316{n:08d}"
        persoon.save(update_fields=["telefoonnummer", "updated_at"])
        if log:
            verwerking_log(
                actie=VerwerkingActie.WIJZIGEN,
                handeling="Persoonsgegevens gewijzigd",
                activiteit="klantgegevens",
                organisatie=persoon.organisatie,
                object_type="persoon",
                object_id=persoon.uuid,
                bsn=persoon.bsn,
                toelichting="telefoonnummer",
            )
            gebeurtenis_emit(
                type="persoon.gewijzigd",
                kanaal="klanten",
                organisatie=persoon.organisatie,
                object_type="personen",
                object_uuid=persoon.uuid,
                actie="partial_update",
            )


def _batch(personen: list[Persoon], start: int, *, log: bool) -> float:
    began = time.perf_counter()
    for i in range(WRITES_PER_BATCH):
        _write(personen[i % len(personen)], start + i, log=log)
    return (time.perf_counter() - began) / WRITES_PER_BATCH * 1000


def run() -> list[dict[str, object]]:
    org, _ = Organisatie.objects.get_or_create(code="bench", defaults={"naam": "Gemeente Bench"})
    personen = [
        Persoon.objects.create(
            organisatie=org, bsn=f"{100000000 + i * 11:09d}"[:9], geslachtsnaam=f"Jansen {i}"
        )
        for i in range(50)
    ]
    with acting_as(Actor.proces("bench")):
        _batch(personen, 0, log=True)  # warm up caches and prepared statements
        _batch(personen, 0, log=False)
        plain, logged = [], []
        for r in range(ROUNDS):
            plain.append(_batch(personen, r * 1000, log=False))
            logged.append(_batch(personen, r * 1000, log=True))
    plain_ms = statistics.median(plain)
    logged_ms = statistics.median(logged)
    scale = f"{ROUNDS} x {WRITES_PER_BATCH} writes, median per batch"
    return [
        {
            "name": "write_without_log_and_event",
            "figure": round(plain_ms, 3),
            "unit": "ms/write",
            "scale": scale,
        },
        {
            "name": "write_with_log_and_event",
            "figure": round(logged_ms, 3),
            "unit": "ms/write",
            "scale": scale,
            "baseline": round(plain_ms, 3),
        },
        {
            "name": "processing_log_and_event_overhead",
            "figure": round(logged_ms - plain_ms, 3),
            "unit": "ms/write",
            "scale": scale,
            "target": "< 1 ms",
        },
    ]
