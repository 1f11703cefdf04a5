"""Run every benchmark under bench/ and write bench/results/latest.json.

A benchmark is a module ``bench/bench_<name>.py`` with ``run() -> list[dict]``; each dict
has ``name``, ``figure``, ``unit``, ``scale`` and optionally ``baseline`` (a figure
measured in the same run), ``target`` and ``note``. The harness gives every module a
fresh migrated database in a temporary folder (embedded SQLite by default;
EENLOKET_DATABASE_URL selects PostgreSQL).

With EENLOKET_BENCH_PG_URL (postgres://user@host:port/name) the same benchmarks run a
second time on PostgreSQL: the harness drops and recreates that database, runs itself
against it in a child process and adds those figures (``"database": "postgresql"``) to
the same latest.json. Benchmarks scale their data to the database (see each module).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))


def main(selected: list[str]) -> int:
    os.environ.setdefault("EENLOKET_DATA_DIR", tempfile.mkdtemp(prefix="eenloket-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    modules = sorted(p.stem for p in ROOT.glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    results = []
    for name in modules:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(name)
        for row in module.run():
            row.setdefault("database", connection.vendor)
            results.append(row)
            baseline = f"  (baseline {row['baseline']} {row['unit']})" if "baseline" in row else ""
            target = f"  target {row['target']}" if "target" in row else ""
            print(f"   {row['name']}: {row['figure']} {row['unit']}{baseline}{target}  [{row['scale']}]")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    pg_url = os.environ.get("EENLOKET_BENCH_PG_URL", "")
    if pg_url and not os.environ.get("EENLOKET_DATABASE_URL"):
        results.extend(_postgresql_pass(pg_url, selected))
    out = Path(os.environ.get("EENLOKET_BENCH_OUT", ROOT / "results" / "latest.json"))
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "results": results}, indent=2)
    )
    print(f"\n{len(results)} figures written to {out}")
    return 0


def _postgresql_pass(url: str, selected: list[str]) -> list[dict[str, object]]:
    """Run the benchmarks again on a freshly created PostgreSQL database."""
    import subprocess
    from urllib.parse import urlsplit

    import psycopg

    naam = urlsplit(url).path.lstrip("/")
    beheer = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(beheer, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        conn.execute(f'CREATE DATABASE "{naam}"')
    print(f"\n== PostgreSQL pass on {urlsplit(url).hostname}:{urlsplit(url).port}/{naam}", flush=True)
    with tempfile.TemporaryDirectory(prefix="eenloket-bench-pg-") as tmp:
        out = Path(tmp) / "pg.json"
        env = {
            **os.environ,
            "EENLOKET_DATABASE_URL": url,
            "EENLOKET_BENCH_OUT": str(out),
            "EENLOKET_DATA_DIR": tmp,
        }
        subprocess.run([sys.executable, str(Path(__file__).resolve()), *selected], env=env, check=True)
        return list(json.loads(out.read_text())["results"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
