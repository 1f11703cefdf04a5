"""The klantbeeld of one person in a tenant with 750,000 klantcontacten (10 million on
PostgreSQL), against the way the VNG Klantinteracties API makes a client assemble it.

Data: the small demo (organisations, teams, staff, subjects), then Eikendal grown to a
50,000-resident municipality with 5 years of contacts by the contact centre's demo
generator (``eenloket.contacten.demo.genereer``); on PostgreSQL the extra contacts are
produced in SQL (``INSERT ... SELECT generate_series``) so 10 million rows take minutes.

Figures: p50/p95/p99 of ``contacten.selectors.klantbeeld`` over random persons with
history (server time: the selector, its queries and its processing-log row), and its
query count for a person with about 10 and one with about 500 contacts, which must be the
same small constant. Targets: p95 < 50 ms on SQLite, < 30 ms on PostgreSQL.

Baseline: the same picture through our Klantinteracties API the way a client of the
standard must build it: list the partij's betrokkenen, GET every klantcontact, then every
onderwerpobject (Django's test client in-process, so no network is counted). It runs
when the API is mounted at /klantinteracties/api/v1/ and is reported as missing until then.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from eenloket.contacten import selectors
from eenloket.contacten.demo import genereer
from eenloket.contacten.models import Klantcontact
from eenloket.core.context import Actor, acting_as
from eenloket.core.models import Organisatie, User
from eenloket.demo import generators as gen
from eenloket.demo.loader import load
from eenloket.klanten.models import Persoon

SQLITE_CONTACTEN = int(os.environ.get("EENLOKET_BENCH_KLANTBEELD_CONTACTEN", "750000"))
PG_CONTACTEN = int(os.environ.get("EENLOKET_BENCH_KLANTBEELD_PG_CONTACTEN", "10000000"))
INWONERS = 50_000
STEEKPROEF = int(os.environ.get("EENLOKET_BENCH_KLANTBEELD_PERSONEN", "500"))
BASELINE_PERSONEN = int(os.environ.get("EENLOKET_BENCH_KLANTBEELD_API_PERSONEN", "50"))
API = "/klantinteracties/api/v1"
SEED = 2026
# The klantbeeld's full query plan: permission lookup, digital addresses, flags, contacts,
# their questions, subjects, referred teams, referred organisations, contactverzoeken,
# attempts, log lines, the party's organisation and the processing-log row. A change to
# the selector that adds a query must change this number on purpose.
VOLLEDIG_PLAN = 13


def _log(regel: str) -> None:
    print(f"   {regel}", flush=True)


def _percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(p / 100 * (len(geordend) - 1)))]


def _inwoners_aanvullen(org: Organisatie, rng: random.Random) -> None:
    """Grow the demo municipality to INWONERS residents (distinct BSNs)."""
    bestaand = set(Persoon.objects.filter(organisatie=org).values_list("bsn", flat=True))
    nodig = INWONERS - len(bestaand)
    if nodig <= 0:
        return
    nieuw = [p for p in gen.inwoners(rng, gen.EIKENDAL, nodig + 200) if p.bsn not in bestaand][:nodig]
    Persoon.objects.bulk_create(
        [
            Persoon(
                organisatie=org,
                bsn=p.bsn,
                voornamen=p.voornamen,
                voorvoegsel=p.voorvoegsel,
                geslachtsnaam=p.geslachtsnaam,
                geboortedatum=p.geboortedatum,
                telefoonnummer=p.telefoonnummer,
                email=p.email,
            )
            for p in nieuw
        ],
        batch_size=2000,
    )


def _tenant(rng: random.Random) -> tuple[Organisatie, User]:
    started = time.perf_counter()
    load("small", seed=SEED, log=lambda _r: None)
    org = Organisatie.objects.get(code="eikendal")
    _inwoners_aanvullen(org, rng)
    doel = PG_CONTACTEN if connection.vendor == "postgresql" else SQLITE_CONTACTEN
    if connection.vendor == "postgresql":
        import pgdata

        # A realistic year by the generator, the bulk by SQL copies of it.
        genereer(org, aantal=150_000, rng=rng, jaren=1, open_verzoeken=45, log=_log)
        pgdata.vermenigvuldig_contacten(org, doel, log=_log)
    else:
        genereer(
            org,
            aantal=doel - Klantcontact.objects.filter(organisatie=org).count(),
            rng=rng,
            jaren=5,
            open_verzoeken=45,
            log=_log,
        )
    _log(
        f"tenant: {Klantcontact.objects.filter(organisatie=org).count()} klantcontacten, "
        f"{Persoon.objects.filter(organisatie=org).count()} inwoners in {time.perf_counter() - started:.0f} s"
    )
    return org, User.objects.get(username="kcc")


def _persoon_met(org: Organisatie, aantal: int, rng: random.Random) -> Persoon:
    """A person with about ``aantal`` contacts: an existing one if there is, else a
    resident without history who gets that many from the generator."""
    met = (
        Klantcontact.objects.filter(organisatie=org, persoon__isnull=False)
        .values("persoon")
        .annotate(n=Count("id"))
        .filter(n=aantal)
        .values_list("persoon", flat=True)[:1]
    )
    if met:
        return Persoon.objects.get(pk=met[0])
    zonder = (
        Persoon.objects.filter(organisatie=org)
        .exclude(pk__in=Klantcontact.objects.filter(organisatie=org, persoon__isnull=False).values("persoon"))
        .order_by("pk")
        .first()
    )
    assert zonder is not None
    genereer(
        org,
        aantal=aantal,
        rng=rng,
        jaren=5,
        personen=[zonder.pk],
        anoniem=0.0,
        open_verzoeken=1,
        vlaggen=False,
    )
    return zonder


def _tien_met_het_volle_plan(org: Organisatie, user: User) -> Persoon | None:
    """Of the persons with exactly 10 contacts, the one whose klantbeeld needs the most
    queries: Django skips a prefetch when there is nothing to fetch (no referred
    questions, no contactverzoeken), so only such a person shows the full plan."""
    ids = list(
        Klantcontact.objects.filter(organisatie=org, persoon__isnull=False)
        .values("persoon")
        .annotate(n=Count("id"))
        .filter(n=10)
        .values_list("persoon", flat=True)[:300]
    )
    personen = list(Persoon.objects.filter(pk__in=ids).order_by("pk"))
    return max(personen, key=lambda p: _queries(user, p), default=None)


def _klantbeeld(user: User, persoon: Persoon) -> selectors.Klantbeeld:
    # A new actor per call, as a request has: its permission lookup is part of the time.
    actor = Actor.for_user(user)
    with acting_as(actor):
        return selectors.klantbeeld(actor, persoon)


def _queries(user: User, persoon: Persoon) -> int:
    with CaptureQueriesContext(connection) as context:
        _klantbeeld(user, persoon)
    return len(context.captured_queries)


def _tijden(fn: Callable[[Persoon], Any], personen: list[Persoon]) -> list[float]:
    tijden = []
    for persoon in personen:
        began = time.perf_counter()
        fn(persoon)
        tijden.append((time.perf_counter() - began) * 1000)
    return tijden


# --- the Klantinteracties way -------------------------------------------------------


def _api_beschikbaar() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(f"{API}/klantcontacten")
    except Resolver404:
        return False
    return True


def _api_headers() -> dict[str, str]:
    """The demo system client's credentials: Open Klant's ``Token`` header when the API
    offers it, else the ZGW JWT every Eenloket API accepts."""
    import jwt

    from eenloket.core.models import ApiClient

    client = ApiClient.objects.get(client_id="demo")
    try:
        from eenloket.contacten.api.authentication import klantinteracties_token
    except ImportError:
        token = jwt.encode(
            {"client_id": client.client_id, "iat": int(time.time())}, client.secret, algorithm="HS256"
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    return {"HTTP_AUTHORIZATION": f"Token {klantinteracties_token(client)}"}


def _pad(url: str) -> str:
    deel = urlsplit(url)
    return f"{deel.path}?{deel.query}" if deel.query else deel.path


def _json(client: Any, url: str, headers: dict[str, str]) -> Any:
    response = client.get(_pad(url), **headers)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    return response.json()


def _lijst(client: Any, url: str, headers: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    rijen: list[dict[str, Any]] = []
    verzoeken = 0
    while url:
        data = _json(client, url, headers)
        verzoeken += 1
        if isinstance(data, list):
            return rijen + data, verzoeken
        rijen.extend(data.get("results", []))
        url = data.get("next") or ""
    return rijen, verzoeken


def _urls(waarde: Any) -> list[str]:
    lijst = waarde if isinstance(waarde, list) else [waarde]
    return [w.get("url", "") if isinstance(w, dict) else str(w) for w in lijst if w]


def _klantbeeld_via_api(client: Any, headers: dict[str, str], persoon: Persoon) -> tuple[int, float]:
    """What a client of the standard (KISS, for one) does for a contact history: the
    partij's betrokkenen, then every klantcontact, then every onderwerpobject and interne
    taak it points at. Returns the number of requests and the time of the list alone."""
    began = time.perf_counter()
    betrokkenen, verzoeken = _lijst(client, f"{API}/betrokkenen?wasPartij__uuid={persoon.uuid}", headers)
    lijst_ms = (time.perf_counter() - began) * 1000
    for betrokkene in betrokkenen:
        for contact_url in _urls(betrokkene.get("hadKlantcontact")):
            contact = _json(client, contact_url, headers)
            verzoeken += 1
            for veld in ("gingOverOnderwerpobjecten", "leiddeTotInterneTaken"):
                for url in _urls(contact.get(veld) or []):
                    _json(client, url, headers)
                    verzoeken += 1
    return verzoeken, lijst_ms


def run() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    org, kcc = _tenant(rng)
    aantal = Klantcontact.objects.filter(organisatie=org).count()
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite (embedded)"
    doel_ms = 30 if connection.vendor == "postgresql" else 50
    scale = f"{aantal:,} klantcontacten in the tenant, {STEEKPROEF} random persons with history"

    ids = list(
        Klantcontact.objects.filter(organisatie=org, persoon__isnull=False)
        .values_list("persoon_id", flat=True)
        .distinct()
        .order_by("persoon_id")
    )
    personen = list(Persoon.objects.filter(pk__in=random.Random(1).sample(ids, min(STEEKPROEF, len(ids)))))
    random.Random(2).shuffle(personen)
    tien = _tien_met_het_volle_plan(org, kcc) or _persoon_met(org, 10, rng)
    vijfhonderd = _persoon_met(org, 500, rng)
    n_tien = Klantcontact.objects.filter(persoon=tien).count()
    n_vijfhonderd = Klantcontact.objects.filter(persoon=vijfhonderd).count()

    for persoon in personen[:20]:  # warm caches
        _klantbeeld(kcc, persoon)
    tijden = _tijden(lambda p: _klantbeeld(kcc, p), personen)
    q_tien, q_vijfhonderd = _queries(kcc, tien), _queries(kcc, vijfhonderd)
    # The count varies a little below a fixed ceiling (Django skips a prefetch with
    # nothing to fetch); what must not happen is a count that grows with the history.
    steekproef = [_queries(kcc, p) for p in personen]
    q_min, q_max = min(steekproef), max(steekproef)
    constant = max(q_tien, q_vijfhonderd, q_max) <= VOLLEDIG_PLAN
    p50, p95, p99 = (_percentiel(tijden, p) for p in (50, 95, 99))
    print(
        f"   klantbeeld on {database}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms "
        f"(target p95 < {doel_ms} ms) {'PASS' if p95 < doel_ms else 'FAIL'}",
        flush=True,
    )
    print(
        f"   queries: {q_tien} for a person with {n_tien} contacts, {q_vijfhonderd} with {n_vijfhonderd}; "
        f"{q_min}-{q_max} over the sample; full plan {VOLLEDIG_PLAN}: "
        f"{'PASS (bounded)' if constant else 'FAIL (more than the plan)'}",
        flush=True,
    )
    results: list[dict[str, object]] = [
        {"name": "klantbeeld_p50", "figure": round(p50, 2), "unit": "ms", "scale": scale},
        {
            "name": "klantbeeld_p95",
            "figure": round(p95, 2),
            "unit": "ms",
            "scale": scale,
            "target": f"< {doel_ms} ms",
            "note": "PASS" if p95 < doel_ms else "FAIL",
        },
        {"name": "klantbeeld_p99", "figure": round(p99, 2), "unit": "ms", "scale": scale},
        {
            "name": "klantbeeld_queries_10_contacts",
            "figure": q_tien,
            "unit": "queries",
            "scale": f"person with {n_tien} contacts",
            "target": f"<= {VOLLEDIG_PLAN} (the full plan), whatever the history",
            "note": "of the persons with 10 contacts, the one needing the most queries",
        },
        {
            "name": "klantbeeld_queries_500_contacts",
            "figure": q_vijfhonderd,
            "unit": "queries",
            "scale": f"person with {n_vijfhonderd} contacts",
            "target": f"<= {VOLLEDIG_PLAN} (the full plan), whatever the history",
            "note": ("PASS" if constant else "FAIL")
            + f"; {q_min}-{q_max} queries over {len(personen)} persons",
        },
    ]
    results.extend(_baseline(personen[:BASELINE_PERSONEN], kcc, p50))
    return results


def _baseline(personen: list[Persoon], kcc: User, p50: float) -> list[dict[str, object]]:
    if not _api_beschikbaar():
        print(f"   baseline: no Klantinteracties API at {API}/ yet, skipped", flush=True)
        return [
            {
                "name": "klantbeeld_via_klantinteracties_api",
                "figure": None,
                "unit": "ms",
                "scale": f"{len(personen)} persons",
                "note": f"skipped: no Klantinteracties API mounted at {API}/",
            }
        ]
    from django.test import Client

    client = Client()
    headers = _api_headers()
    _klantbeeld_via_api(client, headers, personen[0])  # warm up, and fail early on auth
    tijden: list[float] = []
    verzoeken: list[int] = []
    lijsten: list[float] = []
    for persoon in personen:
        began = time.perf_counter()
        aantal, lijst_ms = _klantbeeld_via_api(client, headers, persoon)
        tijden.append((time.perf_counter() - began) * 1000)
        verzoeken.append(aantal)
        lijsten.append(lijst_ms)
    api_p50, api_p95 = _percentiel(tijden, 50), _percentiel(tijden, 95)
    eigen = statistics.median(_tijden(lambda p: _klantbeeld(kcc, p), personen))
    ratio = api_p50 / eigen if eigen else 0.0
    print(
        f"   baseline via Klantinteracties API: p50 {api_p50:.1f} ms, p95 {api_p95:.1f} ms, "
        f"median {statistics.median(verzoeken):g} requests of which the betrokkenen list takes "
        f"{statistics.median(lijsten):.1f} ms; klantbeeld {eigen:.1f} ms: ratio {ratio:.1f}x",
        flush=True,
    )
    scale = f"{len(personen)} persons, in-process test client"
    return [
        {
            "name": "klantbeeld_via_klantinteracties_api_p50",
            "figure": round(api_p50, 2),
            "unit": "ms",
            "scale": scale,
            "baseline": round(eigen, 2),
            "note": f"median {statistics.median(verzoeken):g} requests per klantbeeld, the betrokkenen list "
            f"{statistics.median(lijsten):.1f} ms of it; baseline = klantbeeld",
        },
        {
            "name": "klantbeeld_via_klantinteracties_api_p95",
            "figure": round(api_p95, 2),
            "unit": "ms",
            "scale": scale,
        },
        {
            "name": "klantbeeld_speedup_over_api",
            "figure": round(ratio, 1),
            "unit": "x",
            "scale": scale,
            "note": f"API p50 {api_p50:.1f} ms / klantbeeld median {eigen:.2f} ms on the same persons",
        },
    ]
