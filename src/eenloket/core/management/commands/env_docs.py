"""``eenloket env_docs``: the table of environment variables for docs/operations.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from eenloket.conf.env import REGISTRY


def render_table() -> str:
    lines = []
    group = None
    for var in sorted(REGISTRY.values(), key=lambda v: (v.group, v.name)):
        if var.group != group:
            group = var.group
            lines += ["", f"### {group}", "", "| variable | default | meaning |", "| --- | --- | --- |"]
        default = (
            "(secret, no default)"
            if var.secret and var.default == ""
            else (f"`{var.default}`" if var.default else "(empty)")
        )
        if var.secret and var.default:
            default = "(insecure embedded default; must be set in production)"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines).strip() + "\n"


class Command(BaseCommand):
    help = "Print the environment-variable reference (Markdown)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render_table())
