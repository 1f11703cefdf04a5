"""``eenloket worker``: runs background jobs from the database queue and schedules the
periodic jobs. Start as many as you like, on any machine that reaches the database."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from eenloket.core.scheduling import plan_periodieke_taken
from eenloket.core.tasks import outbox_relay

RELAY_INTERVAL = 1.0

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Voert achtergrondtaken uit en plant periodieke taken (worker)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the outbox relay or schedule periodic jobs.",
        )
        parser.add_argument(
            "--schedule-interval", type=float, default=15.0, help="Seconds between schedule checks."
        )

    def handle(
        self, *args: Any, batch: bool, no_scheduler: bool, schedule_interval: float, **options: Any
    ) -> None:
        logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        stop = threading.Event()
        if not no_scheduler:
            plan_periodieke_taken()
            outbox_relay()
            thread = threading.Thread(
                target=self._schedule, args=(stop, schedule_interval), daemon=True, name="scheduler"
            )
            thread.start()
        worker = Worker(
            queue_names=["*"],
            interval=settings.WORKER_POLL_INTERVAL,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.stdout.write("Eenloket worker gestart.")
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()

    def _schedule(self, stop: threading.Event, interval: float) -> None:
        """Every second: relay new domain events from the outbox; every ``interval``
        seconds: enqueue due periodic jobs."""
        ticks = 0
        while not stop.wait(RELAY_INTERVAL):
            ticks += 1
            try:
                close_old_connections()
                while outbox_relay() and not stop.is_set():
                    pass
                if ticks * RELAY_INTERVAL >= interval:
                    ticks = 0
                    plan_periodieke_taken()
            except Exception:  # keep going; the next round tries again
                logger.exception("scheduler_round_failed")
            finally:
                connection.close()
