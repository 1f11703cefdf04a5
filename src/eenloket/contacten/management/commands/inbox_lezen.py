"""``eenloket inbox_lezen``: read the general mailbox into the inbox now (the worker
does this every minute; operators use this to test the settings)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.contacten import inbox
from eenloket.core.context import Actor, acting_as
from eenloket.core.models import Organisatie
from eenloket.integraties.mail import PostbusFout, postbus_uit_instellingen
from eenloket.integraties.virusscan import scanner_uit_instellingen


class Command(BaseCommand):
    help = "Read new mail from the general mailbox (EENLOKET_IMAP_*) into the inbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisatie",
            help="Organisation code (default: EENLOKET_IMAP_ORGANISATIE or the first municipality).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        postbus = postbus_uit_instellingen()
        if postbus is None:
            raise CommandError("Geen postbus ingesteld: zet EENLOKET_IMAP_HOST.")
        if options.get("organisatie"):
            organisatie = Organisatie.objects.filter(code=options["organisatie"], actief=True).first()
        else:
            organisatie = inbox.postbus_organisatie()
        if organisatie is None:
            raise CommandError("Geen (actieve) organisatie gevonden voor de postbus.")
        with acting_as(Actor.proces("inbox_lezen")):
            try:
                aantal = inbox.postbus_lezen(organisatie, postbus, scanner_uit_instellingen())
            except PostbusFout as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"{postbus!r}: {aantal} nieuwe bericht(en) voor {organisatie.naam}.")
