"""Grow a PostgreSQL tenant to millions of klantcontacten in SQL, fast.

The demo generator writes one realistic year; this copies it K times with
``INSERT ... SELECT ... CROSS JOIN generate_series(1, K)``: each copy gets its own
residents (new ids and BSNs), contacts, questions and (closed) contactverzoeken, shifted
0-4 years back so the history spans five years. Ids are the originals plus a stride per
copy, so every reference is remapped with an addition. Copies carry no attempts or log
lines (the klantbeeld reads those only for open or recently closed contactverzoeken) and
no digital addresses. Not for SQLite: the embedded benchmark uses the generator itself.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, models, transaction

from eenloket.contacten.models import Contactverzoek, Contactvraag, Klantcontact
from eenloket.core.models import Organisatie
from eenloket.klanten.models import Persoon

VERSCHUIVING = "make_interval(years => (k.k %% 5))"  # %% : psycopg placeholders


def _kolommen(model: type[models.Model], vervang: dict[str, str]) -> tuple[str, str]:
    namen, expressies = [], []
    for veld in model._meta.concrete_fields:
        kolom = veld.column
        namen.append(connection.ops.quote_name(kolom))
        if kolom in vervang:
            expressies.append(vervang[kolom])
        elif isinstance(veld, models.DateTimeField):
            expressies.append(f"t.{kolom} - {VERSCHUIVING}")
        else:
            expressies.append(f"t.{kolom}")
    return ", ".join(namen), ", ".join(expressies)


def _kopieer(
    model: type[models.Model], vervang: dict[str, str], van: str, waar: str, params: list[object], k: int
) -> int:
    namen, expressies = _kolommen(model, vervang)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({namen}) "  # noqa: S608 (names from the model)
        f"SELECT {expressies} FROM {van} CROSS JOIN generate_series(1, %s) AS k(k) WHERE {waar}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [k, *params])  # generate_series comes before the WHERE
        return int(cursor.rowcount)


def _max_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return int(cursor.fetchone()[0])


TABELLEN = ("klanten_persoon", "contacten_klantcontact", "contacten_contactvraag", "contacten_contactverzoek")


def _zonder_indexen_en_triggers() -> list[str]:
    """Inside the copy's transaction: drop the secondary indexes of the copied tables
    (rebuilt afterwards from their definitions, which is several times faster than
    maintaining them row by row) and, for a superuser, skip the foreign-key triggers
    (the copies reference only rows that exist). Returns the index definitions."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(TABELLEN)],
        )
        indexen = cursor.fetchall()
        for naam, _definitie in indexen:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(naam)}")
    return [definitie for _naam, definitie in indexen]


def vermenigvuldig_contacten(org: Organisatie, doel: int, *, log: Callable[[str], None] = print) -> None:
    """Copy ``org``'s contacts until the tenant has about ``doel`` of them."""
    assert connection.vendor == "postgresql", "pgdata is for PostgreSQL only"
    basis = Klantcontact.objects.filter(organisatie=org).count()
    k = max(0, math.ceil((doel - basis) / max(basis, 1)))
    if k == 0:
        return
    started = time.perf_counter()
    sp, sc, sv, scv = (_max_id(m) + 1 for m in (Persoon, Klantcontact, Contactvraag, Contactverzoek))
    with transaction.atomic():
        indexen = _zonder_indexen_en_triggers()
        n = _kopieer(
            Persoon,
            {
                "id": f"t.id + k.k * {sp}",
                "uuid": "gen_random_uuid()",
                "bsn": "to_char(k.k, 'FM00') || lpad((t.id %% 10000000)::text, 7, '0')",
            },
            "klanten_persoon t",
            "t.organisatie_id = %s AND t.id < %s",
            [org.pk, sp],
            k,
        )
        log(f"{n:,} residents copied ({time.perf_counter() - started:.0f} s)")
        n = _kopieer(
            Klantcontact,
            {
                "id": f"t.id + k.k * {sc}",
                "uuid": "gen_random_uuid()",
                "persoon_id": f"t.persoon_id + k.k * {sp}",
                "gesprek_id": "NULL",
                "idempotentiesleutel": "''",
            },
            "contacten_klantcontact t",
            "t.organisatie_id = %s AND t.id < %s",
            [org.pk, sc],
            k,
        )
        log(f"{n:,} klantcontacten copied ({time.perf_counter() - started:.0f} s)")
        n = _kopieer(
            Contactvraag,
            {
                "id": f"t.id + k.k * {sv}",
                "uuid": "gen_random_uuid()",
                "klantcontact_id": f"t.klantcontact_id + k.k * {sc}",
            },
            "contacten_contactvraag t JOIN contacten_klantcontact c ON c.id = t.klantcontact_id",
            "c.organisatie_id = %s AND t.id < %s",
            [org.pk, sv],
            k,
        )
        log(f"{n:,} questions copied ({time.perf_counter() - started:.0f} s)")
        n = _kopieer(
            Contactverzoek,
            {
                "id": f"t.id + k.k * {scv}",
                "uuid": "gen_random_uuid()",
                "nummer": "t.nummer || '-' || k.k",
                "persoon_id": f"t.persoon_id + k.k * {sp}",
                "klantcontact_id": f"t.klantcontact_id + k.k * {sc}",
                "contactvraag_id": f"t.contactvraag_id + k.k * {sv}",
                "status": "'afgehandeld'",
                "resultaat": "COALESCE(NULLIF(t.resultaat, ''), 'beantwoord')",
                "afsluittekst": "COALESCE(NULLIF(t.afsluittekst, ''), 'Afgehandeld.')",
                "afgehandeld_op": f"COALESCE(t.afgehandeld_op, t.deadline) - {VERSCHUIVING}",
            },
            "contacten_contactverzoek t",
            "t.organisatie_id = %s AND t.id < %s"
            " AND t.klantcontact_id IS NOT NULL AND t.contactvraag_id IS NOT NULL",
            [org.pk, scv],
            k,
        )
        log(f"{n:,} contactverzoeken copied ({time.perf_counter() - started:.0f} s)")
        with connection.cursor() as cursor:
            for definitie in indexen:
                cursor.execute(definitie)
        log(f"{len(indexen)} indexes rebuilt ({time.perf_counter() - started:.0f} s)")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Persoon, Klantcontact, Contactvraag, Contactverzoek]
            ):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        for tabel in TABELLEN:
            cursor.execute(f"VACUUM ANALYZE {tabel}")
    log(f"copied {k} times in {time.perf_counter() - started:.0f} s")
