"""Print the ``Authorization: Token ...`` value a Klantinteracties client (KISS, Open
Formulieren) uses for an API client. It is derived from the client's secret, so
rotating the secret or deactivating the client revokes it; nothing extra is stored."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.contacten.api.authentication import klantinteracties_token
from eenloket.core.models import ApiClient


class Command(BaseCommand):
    help = "Toon het Klantinteracties-token (Authorization: Token ...) van een API-client."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id")

    def handle(self, *args: Any, **options: Any) -> None:
        client = ApiClient.objects.filter(client_id=options["client_id"], actief=True).first()
        if client is None:
            raise CommandError(f"Geen actieve API-client met client_id {options['client_id']!r}.")
        self.stdout.write(klantinteracties_token(client))
