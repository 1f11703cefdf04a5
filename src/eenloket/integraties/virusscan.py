"""Virus scanning of attachments with ClamAV's daemon (clamd).

The inbox scans every attachment before a person can open it. :class:`ClamdScanner`
speaks clamd's INSTREAM protocol (see clamd(8)) over TCP or a Unix socket. Without a
configured scanner (:func:`scanner_uit_instellingen` returns None) the caller stores the
attachment as "niet gescand" and the screen says so.
"""

from __future__ import annotations

import logging
import select
import socket
import struct
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# clamd reads the stream in chunks of at most this size (its own default buffer is 64 KiB
# too); the daemon's StreamMaxLength bounds the total, and it says so when exceeded.
CHUNK_GROOTTE = 64 * 1024
_MAX_ANTWOORD = 64 * 1024


class VirusscanFout(Exception):
    """The scanner could not give a verdict: unreachable, too large a file, a clamd error.
    The content is then neither clean nor infected: treat it as not scanned."""


@dataclass(frozen=True)
class ScanUitslag:
    schoon: bool
    bevinding: str  # the signature found ("Eicar-Signature"), "" when clean


class Virusscanner(Protocol):
    def scan(self, inhoud: bytes) -> ScanUitslag:
        """Scan ``inhoud``; raises VirusscanFout when no verdict can be given."""
        ...


class ClamdScanner:
    """A client for clamd. ``host`` is a host name or address (TCP), or the path of
    clamd's Unix socket when it starts with "/"."""

    def __init__(self, host: str, port: int = 3310, timeout: float = 60) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ClamdScanner({self._adres()})"

    def _adres(self) -> str:
        return self.host if self.host.startswith("/") else f"{self.host}:{self.port}"

    def _verbind(self) -> socket.socket:
        try:
            if self.host.startswith("/"):
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                try:
                    sock.connect(self.host)
                except OSError:
                    sock.close()
                    raise
                return sock
            return socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise VirusscanFout(
                _("Virusscanner %(adres)s is niet bereikbaar: %(reden)s")
                % {"adres": self._adres(), "reden": exc.strerror or exc}
            ) from exc

    def ping(self) -> None:
        """Check that clamd answers (for health checks); raises VirusscanFout if not."""
        with self._verbind() as sock:
            try:
                sock.sendall(b"zPING\0")
                antwoord = _lees_antwoord(sock)
            except OSError as exc:
                raise self._fout(exc) from exc
        if antwoord != "PONG":
            raise VirusscanFout(
                _("Virusscanner %(adres)s gaf een onverwacht antwoord: %(antwoord)s")
                % {"adres": self._adres(), "antwoord": antwoord[:200]}
            )

    def scan(self, inhoud: bytes) -> ScanUitslag:
        with self._verbind() as sock:
            try:
                antwoord = self._instream(sock, inhoud)
            except OSError as exc:
                raise self._fout(exc) from exc
        uitslag = self._uitslag(antwoord)
        if not uitslag.schoon:
            logger.warning("virus_gevonden bevinding=%s grootte=%d", uitslag.bevinding, len(inhoud))
        return uitslag

    def _instream(self, sock: socket.socket, inhoud: bytes) -> str:
        sock.sendall(b"zINSTREAM\0")
        weergave = memoryview(inhoud)
        try:
            for start in range(0, len(inhoud), CHUNK_GROOTTE):
                chunk = weergave[start : start + CHUNK_GROOTTE]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                # clamd answers early, and closes, when the stream passes its
                # StreamMaxLength ("INSTREAM size limit exceeded. ERROR"): stop sending
                # then, before the close resets the connection and loses the answer.
                if select.select([sock], [], [], 0)[0]:
                    return _lees_antwoord(sock)
            sock.sendall(struct.pack("!L", 0))
        except (BrokenPipeError, ConnectionResetError):
            pass
        return _lees_antwoord(sock)

    def _uitslag(self, antwoord: str) -> ScanUitslag:
        tekst = antwoord.removeprefix("stream:").strip()
        if tekst == "OK":
            return ScanUitslag(schoon=True, bevinding="")
        if tekst.endswith(" FOUND"):
            return ScanUitslag(schoon=False, bevinding=tekst.removesuffix(" FOUND").strip())
        if tekst.endswith("ERROR"):
            raise VirusscanFout(
                _("Virusscanner %(adres)s kon het bestand niet scannen: %(fout)s")
                % {"adres": self._adres(), "fout": tekst.removesuffix("ERROR").strip()}
            )
        raise VirusscanFout(
            _("Virusscanner %(adres)s gaf een onverwacht antwoord: %(antwoord)s")
            % {"adres": self._adres(), "antwoord": (antwoord or _("(geen antwoord)"))[:200]}
        )

    def _fout(self, exc: OSError) -> VirusscanFout:
        if isinstance(exc, TimeoutError | socket.timeout):
            return VirusscanFout(
                _("Virusscanner %(adres)s antwoordde niet binnen %(seconden)s seconden.")
                % {"adres": self._adres(), "seconden": f"{self.timeout:g}"}
            )
        return VirusscanFout(
            _("Verbinding met virusscanner %(adres)s verbroken: %(reden)s")
            % {"adres": self._adres(), "reden": exc.strerror or exc}
        )


def _lees_antwoord(sock: socket.socket) -> str:
    """One reply, terminated by NUL (the "z" commands) or by clamd closing the connection."""
    data = bytearray()
    while b"\0" not in data and len(data) < _MAX_ANTWOORD:
        try:
            deel = sock.recv(4096)
        except ConnectionResetError:
            break
        if not deel:
            break
        data += deel
    return bytes(data).split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def scanner_uit_instellingen() -> Virusscanner | None:
    """The virus scanner the settings name (``EENLOKET_CLAMAV_HOST``), or None when none is
    configured: the caller then records the attachment as not scanned."""
    if not settings.CLAMAV_HOST:
        return None
    return ClamdScanner(settings.CLAMAV_HOST, settings.CLAMAV_PORT)
