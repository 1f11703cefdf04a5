"""A local HTTP server standing in for a national register: it records every request it
receives and answers what the test tells it to, in the register's own response shapes."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Verzoek:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Antwoord:
    status: int = 200
    body: Any = None
    content_type: str = "application/json"
    vertraging: float = 0.0


@dataclass
class Registerserver:
    """``url`` is the base URL; ``verzoeken`` what arrived; ``antwoorden`` is the queue of
    answers (the last one repeats), or set ``beantwoord`` to decide per request."""

    url: str
    verzoeken: list[Verzoek] = field(default_factory=list)
    antwoorden: list[Antwoord] = field(default_factory=list)
    beantwoord: Callable[[Verzoek], Antwoord] | None = None

    def antwoord(self, body: Any = None, *, status: int = 200, **kwargs: Any) -> None:
        self.antwoorden.append(Antwoord(status=status, body=body, **kwargs))

    def _volgende(self, verzoek: Verzoek) -> Antwoord:
        if self.beantwoord is not None:
            return self.beantwoord(verzoek)
        if not self.antwoorden:
            return Antwoord(status=500, body={"title": "Geen antwoord klaargezet", "status": 500})
        return self.antwoorden.pop(0) if len(self.antwoorden) > 1 else self.antwoorden[0]


def _handler(server: Registerserver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _behandel(self) -> None:
            lengte = int(self.headers.get("Content-Length") or 0)
            delen = urlsplit(self.path)
            verzoek = Verzoek(
                method=self.command,
                path=delen.path,
                query=parse_qs(delen.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(lengte) if lengte else b"",
            )
            server.verzoeken.append(verzoek)
            antwoord = server._volgende(verzoek)
            if antwoord.vertraging:
                time.sleep(antwoord.vertraging)
            inhoud = (
                antwoord.body.encode()
                if isinstance(antwoord.body, str)
                else json.dumps(antwoord.body).encode()
            )
            try:
                self.send_response(antwoord.status)
                self.send_header("Content-Type", antwoord.content_type)
                self.send_header("Content-Length", str(len(inhoud)))
                self.end_headers()
                self.wfile.write(inhoud)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        do_GET = _behandel
        do_POST = _behandel

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


@pytest.fixture
def registerserver() -> Iterator[Registerserver]:
    """An HTTP server on a free loopback port, stopped after the test."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    httpd.daemon_threads = True
    httpd.block_on_close = False  # a handler still sleeping for a timeout test is not waited for
    server = Registerserver(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(server)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dichte_poort() -> str:
    """The base URL of a loopback port where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        poort = sock.getsockname()[1]
    return f"http://127.0.0.1:{poort}"
