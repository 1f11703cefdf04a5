"""Fixtures of the foundation's tests: a real local OpenID Connect provider."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings

PROVIDER_SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
PROVIDER_START_SECONDS = 30


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Iterator[OidcProvider]:
    """panva's oidc-provider (node) on a free loopback port, with one client whose
    redirect URI is the live server's OIDC callback. Skipped when node or the npm
    package is missing; everything else that goes wrong is an error, not a skip."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (needed for the local OIDC provider)")
    if not (Path(settings.NODE_MODULES) / "oidc-provider" / "package.json").exists():
        pytest.skip(f"npm package oidc-provider missing in {settings.NODE_MODULES} (run npm ci)")

    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    provider = OidcProvider(issuer, "eenloket-test", "eenloket-test-secret-0123456789")
    env = {
        **os.environ,
        "EENLOKET_NODE_MODULES": str(settings.NODE_MODULES),
        "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret,
        "OIDC_REDIRECT_URIS": f"{live_server.url}/oidc/callback/",
    }
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT), str(port)], env=env, stdout=output, stderr=output
        )
    try:
        _wait_until_up(process, f"{issuer}/.well-known/openid-configuration", log)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], discovery_url: str, log: Path) -> None:
    deadline = time.monotonic() + PROVIDER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text()
            pytest.fail(f"OIDC provider stopped (exit {process.returncode}):\n{output}")
        try:
            if requests.get(discovery_url, timeout=2).ok:
                return
        except requests.RequestException:
            pass  # not listening yet, or too busy starting to answer in time
        time.sleep(0.05)
    pytest.fail(f"OIDC provider did not answer {discovery_url} within {PROVIDER_START_SECONDS}s")
