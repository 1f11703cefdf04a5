"""Every setting that comes from the environment, read in one place.

Each variable is declared with a default and a help text. The declarations double as the
operations documentation: ``eenloket env-docs`` renders them, and a test checks that
docs/operations.md lists every variable, so the docs cannot drift from the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str
    group: str
    secret: bool = False


REGISTRY: dict[str, EnvVar] = {}


class ConfigurationError(Exception):
    """The environment asks for something that cannot work; the message names the variable."""


def _declare(name: str, default: str, help: str, group: str, secret: bool) -> str:
    REGISTRY[name] = EnvVar(name, default, help, group, secret)
    return os.environ.get(name, default)


def string(name: str, default: str = "", *, help: str, group: str, secret: bool = False) -> str:
    return _declare(name, default, help, group, secret)


def boolean(name: str, default: bool, *, help: str, group: str) -> bool:
    raw = _declare(name, "true" if default else "false", help, group, False).strip().lower()
    if raw in {"1", "true", "yes", "ja", "on"}:
        return True
    if raw in {"0", "false", "no", "nee", "off", ""}:
        return False
    raise ConfigurationError(f"{name}: verwacht true of false, kreeg {raw!r}.")


def integer(name: str, default: int, *, help: str, group: str) -> int:
    raw = _declare(name, str(default), help, group, False)
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}: verwacht een geheel getal, kreeg {raw!r}.") from None


def listing(name: str, default: str = "", *, help: str, group: str) -> list[str]:
    raw = _declare(name, default, help, group, False)
    return [item.strip() for item in raw.split(",") if item.strip()]
