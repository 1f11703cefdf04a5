"""Writes of the foundation, and the two calls every area uses:
``verwerking_log`` (processing log) and ``gebeurtenis_emit`` (domain event + outbox).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from django.db import transaction
from django.utils import timezone

from eenloket.core import verwerkingsactiviteiten
from eenloket.core.constants import Vertrouwelijkheid, VerwerkingActie
from eenloket.core.context import Actor, current_actor
from eenloket.core.models import (
    Bericht,
    Gebeurtenis,
    Organisatie,
    Sluitingsdag,
    User,
    Verwerking,
)
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import vereis

logger = logging.getLogger(__name__)


def _actor(actor: Actor | None) -> Actor:
    found = actor or current_actor()
    if found is None:
        raise RuntimeError(
            "Geen actor bekend: roep dit aan binnen een request, of met acting_as(Actor.proces(...))."
        )
    return found


def verwerking_log(
    *,
    actie: VerwerkingActie,
    handeling: str,
    activiteit: str,
    organisatie: Organisatie,
    object_type: str,
    object_id: str | UUID = "",
    bsn: str | Iterable[str] = "",
    kvk_nummer: str = "",
    vertrouwelijkheid: Vertrouwelijkheid = Vertrouwelijkheid.NORMAAL,
    toelichting: str = "",
    actor: Actor | None = None,
) -> list[Verwerking]:
    """Record one processing of personal data (VNG Verwerkingenlogging).

    Call it inside the same transaction as the change it records (services are atomic,
    so the row commits with the change or not at all). For a read, call it where the
    data is read. ``bsn`` may name several persons: one row per person, one ``actie_id``.
    Purpose, legal basis and retention come from the registered activity.
    """
    wie = _actor(actor)
    register = verwerkingsactiviteiten.get(activiteit)
    bsns = [bsn] if isinstance(bsn, str) else list(bsn)
    if not bsns:
        bsns = [""]
    actie_id = uuid4()
    now = timezone.now()
    rows = [
        Verwerking(
            actie_id=actie_id,
            tijdstip=now,
            organisatie=organisatie,
            actor_soort=wie.soort,
            actor_id=wie.id,
            actor_naam=wie.naam,
            actie=actie,
            handeling=handeling[:200],
            verwerkingsactiviteit=register.code,
            doel=register.doel,
            grondslag=register.grondslag,
            bewaartermijn=register.bewaartermijn,
            vertrouwelijkheid=vertrouwelijkheid,
            object_type=object_type,
            object_id=str(object_id),
            bsn=one_bsn,
            kvk_nummer=kvk_nummer,
            request_id=wie.request_id,
            toelichting=toelichting[:500],
        )
        for one_bsn in bsns
    ]
    if len(rows) == 1:
        rows[0].save(force_insert=True)
        return rows
    return Verwerking.objects.bulk_create(rows)


def gebeurtenis_emit(
    *,
    type: str,
    kanaal: str,
    organisatie: Organisatie,
    object_type: str,
    object_uuid: UUID | None,
    actie: str,
    kenmerken: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> Gebeurtenis:
    """Record a domain event in the caller's transaction (transactional outbox).

    The event row commits with the caller's change or not at all. The worker's outbox
    relay (``tasks.outbox_relay``, every second) picks up events that have not been
    spread yet and hands them to webhook subscriptions and in-process handlers, so a
    crash never loses an event and a rolled-back change never sends one. Writing one row
    instead of row + job keeps the cost per write low (see bench/).
    """
    wie = actor or current_actor()
    gebeurtenis = Gebeurtenis.objects.create(
        organisatie=organisatie,
        type=type,
        kanaal=kanaal,
        object_type=object_type,
        object_uuid=object_uuid,
        actie=actie,
        kenmerken=kenmerken or {},
        data=data or {},
        actor_id=wie.id if wie else "",
        request_id=wie.request_id if wie else "",
    )
    return gebeurtenis


def bericht_versturen(
    *,
    organisatie: Organisatie,
    aan: str,
    onderwerp: str,
    tekst: str,
    gebeurtenis: Gebeurtenis | None = None,
) -> Bericht:
    """Put an e-mail in the outbox; the worker sends it after the transaction commits."""
    from eenloket.core.tasks import bericht_verzenden

    bericht = Bericht.objects.create(
        organisatie=organisatie, aan=aan, onderwerp=onderwerp, tekst=tekst, gebeurtenis=gebeurtenis
    )
    bericht_verzenden.enqueue(bericht.pk)
    return bericht


@transaction.atomic
def sluitingsdag_toevoegen(
    *, organisatie: Organisatie, datum: datetime.date, omschrijving: str, by: Actor | User
) -> Sluitingsdag:
    """Add a closing day (idempotent: the same day twice updates the description)."""
    vereis(by, Actie.KALENDER_BEHEREN, organisatie)
    dag, _created = Sluitingsdag.objects.update_or_create(
        organisatie=organisatie, datum=datum, defaults={"omschrijving": omschrijving}
    )
    return dag


@transaction.atomic
def sluitingsdag_verwijderen(*, sluitingsdag: Sluitingsdag, by: Actor | User) -> None:
    vereis(by, Actie.KALENDER_BEHEREN, sluitingsdag.organisatie_id)
    sluitingsdag.delete()


@transaction.atomic
def bereikbaarheid_wijzigen(
    *,
    medewerker: User,
    aanwezig: bool,
    afwezig_tot: datetime.date | None,
    vervanger: User | None,
    by: Actor,
) -> User:
    """Set a staff member's reachability. Anyone may set their own; a teamleider or
    functioneel beheerder may set it for staff in their organisations."""
    if by.user is None or by.user.pk != medewerker.pk:
        from eenloket.core.tenancy import organisatie_ids

        eigen = set(medewerker.roltoewijzingen.values_list("organisatie_id", flat=True))
        if not eigen & organisatie_ids(by, Actie.BEREIKBAARHEID_TEAM_WIJZIGEN):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(Actie.BEREIKBAARHEID_TEAM_WIJZIGEN.value)
    if vervanger is not None and vervanger.pk == medewerker.pk:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"vervanger": _("Een medewerker kan niet zijn eigen vervanger zijn.")})
    medewerker.aanwezig = aanwezig
    medewerker.afwezig_tot = afwezig_tot
    medewerker.vervanger = vervanger
    medewerker.save(update_fields=["aanwezig", "afwezig_tot", "vervanger"])
    return medewerker
