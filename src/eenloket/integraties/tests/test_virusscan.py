"""The clamd client against a local stand-in that speaks clamd's INSTREAM protocol.

The real clamd cannot run here: it needs virus signatures, and freshclam needs the
internet. The stand-in follows clamd(8) byte for byte: NUL-terminated z-commands, 4-byte
big-endian chunk lengths, a zero-length terminator, "stream: OK" / "stream: <name> FOUND",
and, past StreamMaxLength, "INSTREAM size limit exceeded. ERROR" followed by closing the
connection without reading the rest (as clamd does).
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from eenloket.integraties.virusscan import (
    CHUNK_GROOTTE,
    ClamdScanner,
    ScanUitslag,
    VirusscanFout,
    scanner_uit_instellingen,
)

# The EICAR anti-virus test file (eicar.org), put together here so this source file is
# not itself reported by a virus scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + b"$H+H*"


@dataclass
class NepClamd:
    """What the stand-in saw, and how it behaves."""

    stream_max: int = 25 * 1024 * 1024
    antwoord: str | None = None  # a fixed reply instead of scanning
    stil: bool = False  # never answer (to test the time-out)
    commando_s: list[bytes] = field(default_factory=list)
    chunks: list[int] = field(default_factory=list)
    host: str = ""
    port: int = 0
    pad: str = ""


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def _lees(self, aantal: int) -> bytes:
        data = b""
        while len(data) < aantal:
            deel = self.request.recv(aantal - len(data))
            if not deel:
                raise ConnectionError("client closed")
            data += deel
        return data

    def _commando(self) -> bytes:
        data = b""
        while not data.endswith((b"\0", b"\n")):
            deel = self.request.recv(1)
            if not deel:
                break
            data += deel
        return data

    def handle(self) -> None:
        nep = self.server.nep
        commando = self._commando()
        nep.commando_s.append(commando)
        einde = b"\0" if commando.startswith(b"z") else b"\n"
        naam = commando[1:].rstrip(b"\0\n")
        if nep.stil:
            self.request.recv(1024 * 1024)
            threading.Event().wait(2)
            return
        if naam == b"PING":
            self.request.sendall(b"PONG" + einde)
            return
        if naam != b"INSTREAM":
            self.request.sendall(b"UNKNOWN COMMAND" + einde)
            return
        inhoud = bytearray()
        quota = nep.stream_max
        while True:
            (lengte,) = struct.unpack("!L", self._lees(4))
            if lengte == 0:
                break
            if lengte > quota:
                # clamd: answer, then close without reading the rest of the stream.
                self.request.sendall(b"INSTREAM size limit exceeded. ERROR" + einde)
                return
            quota -= lengte
            nep.chunks.append(lengte)
            inhoud += self._lees(lengte)
        if nep.antwoord is not None:
            antwoord = nep.antwoord
        elif EICAR in inhoud:
            antwoord = "stream: Eicar-Signature FOUND"
        else:
            antwoord = "stream: OK"
        self.request.sendall(antwoord.encode() + einde)


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    nep: NepClamd


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    nep: NepClamd


@pytest.fixture
def clamd() -> Iterator[NepClamd]:
    nep = NepClamd()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.nep = nep
    nep.host, nep.port = "127.0.0.1", server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield nep
    server.shutdown()
    server.server_close()


def test_clean_content_is_reported_clean(clamd: NepClamd) -> None:
    # when a harmless document is scanned
    uitslag = ClamdScanner(clamd.host, clamd.port).scan(b"%PDF-1.7 aanvraag parkeervergunning")
    # then it is clean, and the client spoke INSTREAM with the NUL-terminated command
    assert uitslag == ScanUitslag(schoon=True, bevinding="")
    assert clamd.commando_s == [b"zINSTREAM\0"]


def test_eicar_is_reported_with_its_signature(clamd: NepClamd) -> None:
    uitslag = ClamdScanner(clamd.host, clamd.port).scan(EICAR)
    assert uitslag == ScanUitslag(schoon=False, bevinding="Eicar-Signature")


def test_large_content_is_sent_in_chunks_and_reassembled(clamd: NepClamd) -> None:
    # given 200 KiB with the test virus straddling the first chunk boundary
    inhoud = bytearray(b"a" * (200 * 1024))
    inhoud[CHUNK_GROOTTE - 20 : CHUNK_GROOTTE - 20 + len(EICAR)] = EICAR
    # when it is scanned
    uitslag = ClamdScanner(clamd.host, clamd.port).scan(bytes(inhoud))
    # then it went in chunks of at most 64 KiB, and the stream was whole again at clamd
    assert clamd.chunks == [CHUNK_GROOTTE, CHUNK_GROOTTE, CHUNK_GROOTTE, 200 * 1024 - 3 * CHUNK_GROOTTE]
    assert not uitslag.schoon


def test_empty_content_is_a_stream_with_only_the_terminator(clamd: NepClamd) -> None:
    assert ClamdScanner(clamd.host, clamd.port).scan(b"").schoon
    assert clamd.chunks == []


def test_content_over_the_stream_limit_is_an_error_not_a_verdict(clamd: NepClamd) -> None:
    # given clamd with StreamMaxLength 100 KiB
    clamd.stream_max = 100 * 1024
    # when 2 MiB is scanned, then the scan fails with clamd's reason
    with pytest.raises(VirusscanFout, match="size limit exceeded"):
        ClamdScanner(clamd.host, clamd.port, timeout=5).scan(b"x" * (2 * 1024 * 1024))
    # and the client stopped sending soon after clamd gave up
    assert sum(clamd.chunks) <= 100 * 1024


def test_an_error_reply_is_an_error(clamd: NepClamd) -> None:
    clamd.antwoord = "stream: Can't allocate memory ERROR"
    with pytest.raises(VirusscanFout, match="Can't allocate memory"):
        ClamdScanner(clamd.host, clamd.port).scan(b"inhoud")


def test_an_unexpected_reply_is_an_error(clamd: NepClamd) -> None:
    clamd.antwoord = "iets anders"
    with pytest.raises(VirusscanFout, match="onverwacht"):
        ClamdScanner(clamd.host, clamd.port).scan(b"inhoud")


def test_a_silent_scanner_times_out(clamd: NepClamd) -> None:
    clamd.stil = True
    with pytest.raises(VirusscanFout, match="antwoordde niet binnen"):
        ClamdScanner(clamd.host, clamd.port, timeout=0.3).scan(b"inhoud")


def test_an_unreachable_scanner_is_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # (nothing listens on the port now)
    with pytest.raises(VirusscanFout, match="niet bereikbaar"):
        ClamdScanner("127.0.0.1", port, timeout=2).scan(b"inhoud")


def test_ping(clamd: NepClamd) -> None:
    ClamdScanner(clamd.host, clamd.port).ping()
    assert clamd.commando_s == [b"zPING\0"]


def test_unix_socket(tmp_path: Path) -> None:
    # given clamd on a Unix socket, as Debian's clamav-daemon listens by default
    pad = str(tmp_path / "clamd.ctl")
    server = _UnixServer(pad, _Handler)
    server.nep = NepClamd()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        # then a host that is a path scans over that socket
        assert not ClamdScanner(pad).scan(EICAR).schoon
    finally:
        server.shutdown()
        server.server_close()


def test_scanner_from_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLAMAV_HOST = ""
    assert scanner_uit_instellingen() is None
    settings.CLAMAV_HOST = "clamav.intern"
    settings.CLAMAV_PORT = 3311
    scanner = scanner_uit_instellingen()
    assert isinstance(scanner, ClamdScanner)
    assert (scanner.host, scanner.port) == ("clamav.intern", 3311)
