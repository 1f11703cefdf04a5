"""Fixtures for the browser tests: Debian's Chromium through Playwright, pytest-django's
live server, a login through the real form, and an axe-core check with a screenshot of
every page visited (``test-artifacts/screenshots/<name>.png``, git-ignored).

No downloads: Playwright drives the system Chromium (``apt-get install chromium``), never
a browser of its own, and the flags below keep Chromium from calling home.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an asyncio event loop in the test thread; the factories and
# services the tests call are synchronous Django code and safe to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("EENLOKET_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WACHTWOORD = "geheim-wachtwoord"  # the UserFactory's password
DESKTOP = {"width": 1280, "height": 800}

_axe_source: str | None = None


def _axe_js() -> str:
    global _axe_source
    if _axe_source is None:
        path = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
        if not path.exists():
            pytest.fail(f"axe-core niet gevonden in {path}: draai `npm ci`.")
        _axe_source = path.read_text(encoding="utf-8")
    return _axe_source


def axe(page: Any) -> None:
    """Run axe-core (WCAG 2.1 A/AA and best practices) on the page; fail with a readable
    list of violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_js())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: tags, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    if violations:
        lines = [f"axe: {len(violations)} overtreding(en) op {page.url}"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:10]:
                summary = (node["summary"] or "").replace("\n", " ")
                lines.append(f"    {node['target']}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def controleer(page: Any, name: str, *, full_page: bool = True) -> None:
    """Screenshot the current page, then check it with axe."""
    screenshot(page, name, full_page=full_page)
    axe(page)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"Chromium niet gevonden op {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) per test, on the live server. Fails the test
    on a JavaScript error or a missing stylesheet, script or image."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(5_000)
    # axe-core as an init script: registered once, present in every page loaded
    context.add_init_script(script=_axe_js())
    tab = context.new_page()
    problemen: list[str] = []
    tab.on("pageerror", lambda exc: problemen.append(f"JavaScript-fout: {exc}"))
    tab.on(
        "response",
        lambda r: (
            problemen.append(f"{r.status} voor {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield tab
    context.close()
    assert not problemen, "\n".join(problemen)


@pytest.fixture
def bekijk(page: Any) -> Callable[..., Any]:
    """``bekijk("/pad/", "naam", status=200)``: open a page, check its status, screenshot
    it and run axe. Returns the response."""

    def _bekijk(pad: str, naam: str, *, status: int = 200) -> Any:
        response = page.goto(pad)
        assert response is not None
        assert response.status == status, f"{pad}: status {response.status}, verwacht {status}"
        controleer(page, naam)
        return response

    return _bekijk


@pytest.fixture
def inloggen(page: Any) -> Callable[..., None]:
    """Log in through the real login form (no session tricks)."""

    def _inloggen(username: str, password: str = WACHTWOORD) -> None:
        page.goto("/medewerker/inloggen/")
        # by field name, so the helper works in every language
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    return _inloggen
