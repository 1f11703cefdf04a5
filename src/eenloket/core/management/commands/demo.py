"""``eenloket demo [--size small|medium|large]``: load the demo data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from eenloket.demo.loader import SIZES, load


class Command(BaseCommand):
    help = "Laad de demo: gemeenten Eikendal en Lindewaard met gedeeld KCC, teams, medewerkers en inwoners."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, size: str, seed: int, **options: Any) -> None:
        try:
            load(size, seed=seed, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
