"""The checks ``eenloket check`` adds to Django's system checks, with clear messages:
configuration, database and migrations, queue and storage."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


def configuration() -> list[checks.CheckMessage]:
    """Run by ``eenloket check`` (not on every command, to keep their output clean)."""
    messages: list[checks.CheckMessage] = []
    if not settings.PRODUCTION:
        messages.append(
            checks.Info(
                "Embedded modus: SQLite, lokale bestanden, e-mail naar de lokale postbus.",
                hint="Zet EENLOKET_MODE=production voor productie (zie docs/operations.md).",
                id="eenloket.I001",
            )
        )
        if not settings.REQUIRE_2FA:
            messages.append(
                checks.Warning(
                    "Tweestapsverificatie (TOTP) staat uit: alleen geschikt voor de demo.",
                    hint="Zet EENLOKET_REQUIRE_2FA=true.",
                    id="eenloket.W001",
                )
            )
    if settings.OIDC_ENABLED and not (
        settings.OIDC_RP_CLIENT_ID and (settings.OIDC_OP_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    ):
        messages.append(
            checks.Error(
                "OIDC staat aan maar is niet compleet geconfigureerd.",
                hint="Zet EENLOKET_OIDC_CLIENT_ID, EENLOKET_OIDC_CLIENT_SECRET en EENLOKET_OIDC_ISSUER.",
                id="eenloket.E010",
            )
        )
    return messages


def connectivity() -> list[checks.CheckMessage]:
    """Database, migrations, queue and storage; run by ``eenloket check`` only (not on
    every management command, so ``migrate`` itself is never blocked by them)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from eenloket.core.health import check_database, check_queue, check_storage

    messages: list[checks.CheckMessage] = []
    db = check_database()
    if not db["ok"]:
        return [checks.Error(db["detail"], hint="Controleer EENLOKET_DATABASE_URL.", id="eenloket.E001")]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        messages.append(
            checks.Error(
                f"{len(pending)} databasemigratie(s) nog niet uitgevoerd.",
                hint="Voer `eenloket migrate` uit.",
                id="eenloket.E002",
            )
        )
        return messages
    queue = check_queue()
    if not queue["ok"]:
        messages.append(checks.Warning(queue["detail"], hint="Start `eenloket worker`.", id="eenloket.W002"))
    storage = check_storage()
    if not storage["ok"]:
        messages.append(
            checks.Error(
                storage["detail"], hint="Controleer EENLOKET_DATA_DIR of EENLOKET_S3_*.", id="eenloket.E003"
            )
        )
    return messages
