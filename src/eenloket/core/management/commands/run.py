"""``eenloket run``: migrate, load the demo into an empty database, then run the web
server and the worker together until Ctrl-C (which stops both cleanly)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start Eenloket: webserver en worker samen (wat `make run` doet)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo into an empty database."
        )
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(
        self, *args: Any, host: str, port: int, no_demo: bool, web_workers: int, **options: Any
    ) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        from eenloket.core.models import Organisatie

        demo_loaded = False
        if not no_demo and not Organisatie.objects.exists():
            self.stdout.write("Lege database: demogegevens laden ...")
            call_command("demo", size="small")
            demo_loaded = True
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)

        python = sys.executable
        web = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
            [
                python,
                "-m",
                "gunicorn",
                "eenloket.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(web_workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ],
            start_new_session=True,
        )
        worker = subprocess.Popen(  # noqa: S603
            [python, "-m", "eenloket", "worker"], start_new_session=True
        )
        processes = {"webserver": web, "worker": worker}

        url = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Eenloket draait op {url}  (medewerkers: {url}medewerker/)"))
        if settings.DEMO:
            self.stdout.write(
                "Demo-logins (wachtwoord 'demo'): "
                "kcc, behandelaar, teamleider, buitendienst, beheerder, privacy"
            )
            self.stdout.write("Demo API-client: client_id 'demo', secret 'demo-secret'  (API: /api/docs/)")
        if demo_loaded:
            self.stdout.write("Demo geladen: Gemeente Eikendal en Gemeente Lindewaard met één gedeeld KCC.")
        self.stdout.write("Stoppen: Ctrl-C")

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, proc in processes.items():
                if proc.poll() is not None:
                    self.stderr.write(f"{name} is gestopt (exitcode {proc.returncode}); alles stopt.")
                    exit_code = proc.returncode or 1
                    stopping = True
            time.sleep(0.3)
        for proc in processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in processes.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.stdout.write("Eenloket is gestopt.")
        if exit_code:
            sys.exit(exit_code)
