"""Configuration: every environment variable is documented, and production refuses an
unsafe configuration naming the variable to fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eenloket.core.management.commands.env_docs import render_table

REPO = Path(__file__).resolve().parents[4]


def test_operations_doc_lists_every_environment_variable() -> None:
    # given the operations documentation
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    start = text.index("<!-- env-table:start -->\n") + len("<!-- env-table:start -->\n")
    table = text[start : text.index("<!-- env-table:end -->")]
    # then it is exactly what the code declares (regenerate with `eenloket env_docs`)
    assert table == render_table()


def _check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EENLOKET_")}
    clean.update({"EENLOKET_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "eenloket", "check", "--deploy", "--fail-level", "CRITICAL"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "EENLOKET_SECRET_KEY"),
        ({}, "EENLOKET_ALLOWED_HOSTS"),
        ({}, "EENLOKET_DATABASE_URL"),
        ({"EENLOKET_DEBUG": "true"}, "EENLOKET_DEBUG"),
        ({"EENLOKET_DEMO": "true"}, "EENLOKET_DEMO"),
        ({"EENLOKET_REQUIRE_2FA": "false"}, "EENLOKET_REQUIRE_2FA"),
    ],
)
def test_production_refuses_unsafe_configuration(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    # when the app starts in production mode with an unsafe setting
    result = _check({"EENLOKET_MODE": "production", **env}, tmp_path)
    # then it refuses, naming the variable, without a traceback
    assert result.returncode == 2
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_safe_configuration_starts(tmp_path: Path) -> None:
    safe = {
        "EENLOKET_MODE": "production",
        "EENLOKET_SECRET_KEY": "k" * 64,
        "EENLOKET_ALLOWED_HOSTS": "loket.example.nl",
        "EENLOKET_DATABASE_URL": "postgres://eenloket@127.0.0.1:1/eenloket",
        "EENLOKET_SMTP_HOST": "smtp.example.nl",
    }
    result = _check(safe, tmp_path)
    # settings load; the only complaint is the unreachable database, said clearly
    assert "Onveilige" not in result.stderr
    assert "database onbereikbaar" in result.stdout
    assert "EENLOKET_DATABASE_URL" in result.stdout
