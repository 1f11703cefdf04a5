"""Periodic jobs, scheduled by the worker (no cron by hand).

A periodic job is an ordinary task registered here with its interval. Each worker runs
``plan_periodieke_taken`` every few seconds; a conditional UPDATE on the schedule row
claims the slot, so with any number of workers each run is enqueued exactly once, and
the enqueue commits together with the claim.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from eenloket.core.models import PeriodiekeTaak

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodiek:
    naam: str
    task: Any
    interval: datetime.timedelta


REGISTER: dict[str, Periodiek] = {}


def periodiek(interval: datetime.timedelta) -> Any:
    """Decorator for a task (apply it above ``@task``) that runs every ``interval``."""

    def wrap(task: Any) -> Any:
        REGISTER[task.module_path] = Periodiek(task.module_path, task, interval)
        return task

    return wrap


def plan_periodieke_taken(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic job that is due; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for item in REGISTER.values():
        with contextlib.suppress(IntegrityError):  # another worker created it at the same moment
            PeriodiekeTaak.objects.get_or_create(naam=item.naam, defaults={"volgende_run": now})
        with transaction.atomic():
            claimed = PeriodiekeTaak.objects.filter(naam=item.naam, volgende_run__lte=now).update(
                volgende_run=now + item.interval, laatste_run=now
            )
            if claimed:
                item.task.enqueue()
                enqueued.append(item.naam)
    if enqueued:
        logger.info("periodic_jobs_enqueued %s", ",".join(enqueued))
    return enqueued
