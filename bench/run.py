"""Run every benchmark under bench/ and write bench/results/latest.json.

A benchmark is a module ``bench/bench_<name>.py`` with ``run() -> list[dict]``; each dict
has ``name``, ``figure``, ``unit``, ``scale`` and optionally ``baseline`` (a figure
measured in the same run), ``target`` and ``note``. The harness gives every module a
fresh migrated database in a temporary folder (embedded SQLite by default;
EENLOKET_DATABASE_URL selects PostgreSQL).
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
    out = ROOT / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "results": results}, indent=2)
    )
    print(f"\n{len(results)} figures written to {out.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
