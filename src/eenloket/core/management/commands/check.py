"""``eenloket check``: Django's system checks plus Eenloket's connectivity checks
(database, migrations, queue, storage), always including the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck

from eenloket.core.checks import configuration, connectivity


class Command(DjangoCheck):
    help = "Controleert configuratie, database, wachtrij en opslag, met duidelijke meldingen."

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        problems = configuration() + connectivity()
        for message in problems:
            style = (
                self.style.ERROR
                if message.is_serious()
                else (self.style.WARNING if message.level >= 30 else self.style.HTTP_INFO)
            )
            self.stdout.write(style(f"{message.id}: {message.msg}"))
            if message.hint:
                self.stdout.write(f"    {message.hint}")
        if any(m.is_serious() for m in problems):
            raise CommandError("Eenloket is niet gebruiksklaar; zie de meldingen hierboven.")
        self.stdout.write(self.style.SUCCESS("Eenloket: configuratie, database, wachtrij en opslag in orde."))
