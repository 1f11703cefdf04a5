"""Checks shared by /healthz and ``eenloket check``: database, queue, storage."""

from __future__ import annotations

import datetime
import uuid
from typing import TypedDict

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone


class Result(TypedDict):
    ok: bool
    detail: str


def check_database() -> Result:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "detail": f"database onbereikbaar: {exc.__class__.__name__}"}
    return {"ok": True, "detail": "ok"}


def check_queue() -> Result:
    """The job queue is readable, and no ready job nor unspread domain event has waited
    longer than EENLOKET_QUEUE_STALE_SECONDS (which would mean no worker is running)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    from eenloket.core.models import Gebeurtenis

    try:
        ready = DBTaskResult.objects.ready()
        # A job waits from when it became runnable: its enqueue time, or for a delayed
        # job (a retry with back-off) its run_after, not from when the retry was queued.
        oldest_now = (
            ready.filter(run_after=get_date_max())
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        oldest_delayed = (
            ready.exclude(run_after=get_date_max())
            .order_by("run_after")
            .values_list("run_after", flat=True)
            .first()
        )
        # Events are spread by the worker's relay without a job of their own (ADR 0004).
        oldest_event = (
            Gebeurtenis.objects.filter(verspreid_op__isnull=True)
            .order_by("id")
            .values_list("tijdstip", flat=True)
            .first()
        )
    except DatabaseError as exc:
        return {"ok": False, "detail": f"wachtrij onleesbaar: {exc.__class__.__name__}"}
    grens = datetime.timedelta(seconds=settings.QUEUE_STALE_SECONDS)
    now = timezone.now()
    waiting = [t for t in (oldest_now, oldest_delayed) if t is not None]
    if waiting and now - min(waiting) > grens:
        minutes = int((now - min(waiting)).total_seconds() // 60)
        return {"ok": False, "detail": f"taken wachten al {minutes} minuten: draait de worker?"}
    if oldest_event is not None and now - oldest_event > grens:
        minutes = int((now - oldest_event).total_seconds() // 60)
        return {
            "ok": False,
            "detail": f"gebeurtenissen wachten al {minutes} minuten op verspreiding: draait de worker?",
        }
    return {"ok": True, "detail": "ok"}


def check_storage() -> Result:
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception as exc:  # any storage backend error means "not writable"
        return {"ok": False, "detail": f"opslag niet schrijfbaar: {exc.__class__.__name__}"}
    return {"ok": True, "detail": "ok"}


def run_checks(*, storage: bool = False) -> dict[str, Result]:
    results = {"database": check_database()}
    results["wachtrij"] = (
        check_queue() if results["database"]["ok"] else {"ok": False, "detail": "database onbereikbaar"}
    )
    if storage:
        results["opslag"] = check_storage()
    return results
