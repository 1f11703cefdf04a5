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
    """The job queue is readable, and no ready job has waited longer than
    EENLOKET_QUEUE_STALE_SECONDS (which would mean no worker is running)."""
    from django_tasks_db.models import DBTaskResult

    try:
        oldest = (
            DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        )
    except DatabaseError as exc:
        return {"ok": False, "detail": f"wachtrij onleesbaar: {exc.__class__.__name__}"}
    if oldest is not None:
        age = timezone.now() - oldest
        if age > datetime.timedelta(seconds=settings.QUEUE_STALE_SECONDS):
            minutes = int(age.total_seconds() // 60)
            return {"ok": False, "detail": f"taken wachten al {minutes} minuten: draait de worker?"}
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
