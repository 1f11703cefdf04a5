"""Background jobs of the foundation: spreading domain events to webhook subscribers,
sending outbox e-mail, and the periodic safety net for both."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from eenloket.core.constants import AfleveringStatus, BerichtStatus
from eenloket.core.events import handlers_voor
from eenloket.core.models import Abonnement, Aflevering, Bericht, Gebeurtenis
from eenloket.core.scheduling import periodiek
from eenloket.core.tasks_compat import task

logger = logging.getLogger(__name__)

MAX_POGINGEN = 8
WEBHOOK_TIMEOUT = 10


def wachttijd(poging: int) -> datetime.timedelta:
    """Exponential back-off: 30 s, 1 min, 2 min, ... capped at 6 hours."""
    return datetime.timedelta(seconds=min(30 * 2 ** max(poging - 1, 0), 6 * 3600))


def notificatie(gebeurtenis: Gebeurtenis) -> dict[str, object]:
    """The event in the shape of a ZGW Notificaties API message."""
    base = settings.EENLOKET_BASE_URL.rstrip("/")
    resource_url = f"{base}/api/v1/{gebeurtenis.object_type}/{gebeurtenis.object_uuid}"
    return {
        "kanaal": gebeurtenis.kanaal,
        "hoofdObject": gebeurtenis.kenmerken.get("hoofdObject", resource_url),
        "resource": gebeurtenis.object_type,
        "resourceUrl": resource_url,
        "actie": gebeurtenis.actie,
        "aanmaakdatum": gebeurtenis.tijdstip.isoformat(),
        "kenmerken": {k: v for k, v in gebeurtenis.kenmerken.items() if k != "hoofdObject"},
    }


def _verspreid(gebeurtenis: Gebeurtenis, abonnementen: list[Abonnement]) -> int:
    """Queue one delivery per interested subscription and one job per in-process
    handler. Idempotent for deliveries (unique per event and subscription)."""
    count = 0
    for abonnement in abonnementen:
        if abonnement.organisatie_id != gebeurtenis.organisatie_id or not abonnement.wil(gebeurtenis):
            continue
        aflevering, created = Aflevering.objects.get_or_create(gebeurtenis=gebeurtenis, abonnement=abonnement)
        if created:
            aflevering_uitvoeren.enqueue(aflevering.pk)
            count += 1
    for handler in handlers_voor(gebeurtenis.type):
        handler.enqueue(gebeurtenis.pk)
        count += 1
    return count


def outbox_relay(limit: int = 500) -> int:
    """Spread events that have not been spread yet, oldest first, in one transaction.
    Run by every worker each second; on PostgreSQL rows are claimed with SKIP LOCKED so
    workers never spread the same event twice, on SQLite writers are serialised."""
    with transaction.atomic():
        pending = Gebeurtenis.objects.filter(verspreid_op__isnull=True).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        events = list(pending[:limit])
        if not events:
            return 0
        org_ids = {e.organisatie_id for e in events}
        abonnementen = list(Abonnement.objects.filter(organisatie_id__in=org_ids, actief=True))
        for gebeurtenis in events:
            _verspreid(gebeurtenis, abonnementen)
        Gebeurtenis.objects.filter(pk__in=[e.pk for e in events]).update(verspreid_op=timezone.now())
    return len(events)


@task()
def gebeurtenis_verspreiden(gebeurtenis_id: int) -> int:
    """Spread one event now (idempotent); the relay normally does this in batches."""
    with transaction.atomic():
        gebeurtenis = Gebeurtenis.objects.filter(pk=gebeurtenis_id).first()
        if gebeurtenis is None:
            return 0
        abonnementen = list(Abonnement.objects.filter(organisatie_id=gebeurtenis.organisatie_id, actief=True))
        count = _verspreid(gebeurtenis, abonnementen) if gebeurtenis.verspreid_op is None else 0
        Gebeurtenis.objects.filter(pk=gebeurtenis.pk).update(verspreid_op=timezone.now())
    return count


def _opnieuw_inplannen(row: Aflevering | Bericht, task: Any) -> datetime.datetime | None:
    """After a failed attempt: save ``row`` and queue the next attempt with back-off, in
    one transaction, unless MAX_POGINGEN is reached (then nothing is saved or queued and
    None is returned, so the caller marks the row as failed)."""
    if row.pogingen >= MAX_POGINGEN:
        return None
    volgende = timezone.now() + wachttijd(row.pogingen)
    if isinstance(row, Aflevering):
        row.volgende_poging = volgende
    with transaction.atomic():
        row.save()
        task.using(run_after=volgende).enqueue(row.pk)
    return volgende


@task()
def aflevering_uitvoeren(aflevering_id: int) -> str:
    """POST the notification; on failure retry later with back-off, up to MAX_POGINGEN."""
    aflevering = (
        Aflevering.objects.select_related("gebeurtenis", "abonnement").filter(pk=aflevering_id).first()
    )
    if aflevering is None or aflevering.status != AfleveringStatus.WACHTEND:
        return "overgeslagen"
    headers = {"Content-Type": "application/json"}
    if aflevering.abonnement.autorisatie:
        headers["Authorization"] = aflevering.abonnement.autorisatie
    aflevering.pogingen += 1
    try:
        response = requests.post(
            aflevering.abonnement.callback_url,
            json=notificatie(aflevering.gebeurtenis),
            headers=headers,
            timeout=WEBHOOK_TIMEOUT,
        )
        response.raise_for_status()
    except requests.RequestException as exc:
        aflevering.laatste_fout = str(exc)[:2000]
        if _opnieuw_inplannen(aflevering, aflevering_uitvoeren):
            logger.warning("webhook_failed aflevering=%s poging=%s", aflevering.pk, aflevering.pogingen)
            return "opnieuw"
        aflevering.status = AfleveringStatus.MISLUKT
        aflevering.volgende_poging = None
    else:
        aflevering.status = AfleveringStatus.AFGELEVERD
        aflevering.afgeleverd_op = timezone.now()
        aflevering.volgende_poging = None
        aflevering.laatste_fout = ""
    aflevering.save()
    return aflevering.status


@task()
def bericht_verzenden(bericht_id: int) -> str:
    """Send one outbox e-mail via the configured mail backend, retrying on failure."""
    bericht = Bericht.objects.filter(pk=bericht_id).first()
    if bericht is None or bericht.status != BerichtStatus.WACHTEND:
        return "overgeslagen"
    bericht.pogingen += 1
    message = EmailMessage(
        subject=bericht.onderwerp,
        body=bericht.tekst,
        to=[bericht.aan],
        headers={"X-Eenloket-Bericht": str(bericht.uuid)},
    )
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP errors come in many classes; all mean "try again later"
        bericht.fout = str(exc)[:2000]
        if _opnieuw_inplannen(bericht, bericht_verzenden):
            return "opnieuw"
        bericht.status = BerichtStatus.MISLUKT
    else:
        bericht.status = BerichtStatus.VERZONDEN
        bericht.verzonden_op = timezone.now()
        bericht.fout = ""
    bericht.save()
    return bericht.status


@periodiek(datetime.timedelta(hours=6))
@task()
def taakresultaten_opruimen(bewaardagen: int = 14) -> int:
    """Delete results of jobs that finished more than ``bewaardagen`` days ago, so the
    queue table stays small. Failed jobs are kept as long (their traceback helps)."""
    from django_tasks_db.models import DBTaskResult

    grens = timezone.now() - datetime.timedelta(days=bewaardagen)
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=grens).delete()
    return deleted


@periodiek(datetime.timedelta(minutes=5))
@task()
def outbox_vangnet() -> int:
    """Safety net beside the relay: spread events the relay has not reached within five
    minutes (e.g. when workers ran with --no-scheduler). Spreading is idempotent."""
    grens = timezone.now() - datetime.timedelta(minutes=5)
    if not Gebeurtenis.objects.filter(verspreid_op__isnull=True, tijdstip__lt=grens).exists():
        return 0
    return outbox_relay()
