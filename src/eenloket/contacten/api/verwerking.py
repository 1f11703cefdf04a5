"""Processing-log rows for API reads: one row per person or business per request, all
written with one INSERT whatever the page size (no N+1), sharing one ``actie_id``.
Mirrors ``core.services.verwerking_log``, which writes one call per business."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.utils import timezone

from eenloket.core import verwerkingsactiviteiten
from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Verwerking
from eenloket.klanten.models import Bedrijf, Persoon


def log_lezen(
    actor: Actor,
    partijen: Iterable[Persoon | Bedrijf | None],
    *,
    handeling: str,
    activiteit: str,
    object_type: str,
) -> None:
    """Log that ``actor`` read data about each party (``None`` entries are skipped);
    ``object_type`` says what was read, ``object_id`` is the party's UUID."""
    register = verwerkingsactiviteiten.get(activiteit)
    actie_id = uuid.uuid4()
    nu = timezone.now()
    gezien: set[tuple[str, int]] = set()
    rows: list[Verwerking] = []
    for partij in partijen:
        if partij is None:
            continue
        sleutel = (type(partij).__name__, partij.pk)
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        rows.append(
            Verwerking(
                actie_id=actie_id,
                tijdstip=nu,
                organisatie_id=partij.organisatie_id,
                actor_soort=actor.soort,
                actor_id=actor.id,
                actor_naam=actor.naam,
                actie=VerwerkingActie.LEZEN,
                handeling=handeling[:200],
                verwerkingsactiviteit=register.code,
                doel=register.doel,
                grondslag=register.grondslag,
                bewaartermijn=register.bewaartermijn,
                object_type=object_type,
                object_id=str(partij.uuid),
                bsn=partij.bsn if isinstance(partij, Persoon) else "",
                kvk_nummer=partij.kvk_nummer if isinstance(partij, Bedrijf) else "",
                request_id=actor.request_id,
            )
        )
    if rows:
        Verwerking.objects.bulk_create(rows)
