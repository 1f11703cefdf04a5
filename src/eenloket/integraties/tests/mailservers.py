"""Real mail servers on loopback for tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Import the fixtures into a test module (or a conftest) to use them::

    from eenloket.integraties.tests.mailservers import imap_server, smtp_server

``imap_server`` starts Debian's Dovecot (package ``dovecot-imapd``; ``scripts/test.sh``
installs it) once per test process, as an unprivileged process from a configuration in a
temporary folder, with TLS required and a certificate from a test CA made on the spot.
Every test gets its own IMAP user, so its mailbox starts empty. ``smtp_server`` is an
SMTP server per test that keeps what it receives, offering STARTTLS and AUTH with the
same test CA. Both listen on 127.0.0.1 on free ports, so ``pytest -n`` workers never
share one.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import grp
import imaplib
import itertools
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from eenloket.integraties.mail import imap_mapnaam

HOST = "127.0.0.1"


def vrije_poort() -> int:
    """A TCP port on loopback that is free now (the caller binds it soon after)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --- a test CA --------------------------------------------------------------------------


@dataclass(frozen=True)
class TestCertificaten:
    ca_file: Path  # trust this to verify the servers
    cert_file: Path  # server certificate for 127.0.0.1 and localhost
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


def maak_certificaten(map: Path) -> TestCertificaten:
    """A CA and a server certificate signed by it (not one self-signed certificate, so
    verification works the way it does against a real server)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    nu = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Eenloket test-CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_naam)
        .issuer_name(ca_naam)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(hours=1))
        .not_valid_after(nu + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_naam)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(hours=1))
        .not_valid_after(nu + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    map.mkdir(parents=True, exist_ok=True)
    certificaten = TestCertificaten(map / "ca.pem", map / "server.pem", map / "server.key")
    certificaten.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    certificaten.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    certificaten.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certificaten


# --- Dovecot ----------------------------------------------------------------------------

_DOVECOT_CONF = """\
# Written by eenloket.integraties.tests.mailservers: one throw-away Dovecot for tests.
protocols = imap
listen = {host}
base_dir = {map}/run
state_dir = {map}/state
log_path = {map}/dovecot.log
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
# Dovecot never runs its login and internal processes as root; as a normal user every
# process runs as that user, so nothing may chroot either.
default_internal_user = {intern}
default_internal_group = {intern_groep}
default_login_user = {login}
first_valid_uid = 1
auth_failure_delay = 0
mail_location = maildir:{map}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {map}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={map}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No one may use the penalty socket, which switches off Dovecot's growing delay after
  # failed logins from an address (tests log in wrongly on purpose, all from 127.0.0.1).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def _dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)), None
    )


def _gebruiker(naam: str, anders: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(naam)
    except KeyError:
        return pwd.getpwnam(anders)


def _sterf_met_ouder() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: Dovecot gets SIGTERM when the test process dies, so none is left behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class DovecotServer:
    """One Dovecot master process with its configuration in ``map``."""

    def __init__(self, map: Path) -> None:
        self.map = map
        self.host = HOST
        self.port = 0
        self.starttls_port = 0
        self.certificaten = maak_certificaten(map / "tls")
        self._proces: subprocess.Popen[bytes] | None = None
        self._volgnummer = itertools.count(1)
        self._pool: list[tuple[str, str]] = []

    def start(self) -> None:
        binary = _dovecot_binary()
        if binary is None:
            message = "dovecot ontbreekt: apt-get install dovecot-imapd (scripts/test.sh doet dat)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        als_root = os.geteuid() == 0
        if als_root:
            # The package's own unprivileged users; mail is stored as nobody.
            intern = _gebruiker("dovecot", "nobody")
            login = _gebruiker("dovenull", "nobody")
            mail = pwd.getpwnam("nobody")
        else:
            intern = login = mail = pwd.getpwuid(os.geteuid())
        for sub in ("run", "state", "mail"):
            (self.map / sub).mkdir(parents=True, exist_ok=True)
        # Dovecot rereads the passwd file at most once a second, so users made during the
        # run could stay unknown for a moment: a pool of users is made now.
        self._pool = [(f"loket{n}", f"geheim-{secrets.token_urlsafe(8)}") for n in range(1, 1001)]
        (self.map / "passwd").write_text(
            "".join(f"{g}:{{PLAIN}}{w}::::::\n" for g, w in self._pool), encoding="utf-8"
        )
        if als_root:
            # Dovecot's auth (as `dovecot`) reads the passwd file, the mail process (as
            # `nobody`) writes the mail folder: open the path to them.
            os.chmod(self.map, 0o755)  # noqa: S103 - a test folder with a test password
            os.chmod(self.map / "passwd", 0o644)
            os.chown(self.map / "mail", mail.pw_uid, mail.pw_gid)
        laatste_fout = ""
        for _poging in range(3):
            self.port, self.starttls_port = vrije_poort(), vrije_poort()
            conf = self.map / "dovecot.conf"
            conf.write_text(
                _DOVECOT_CONF.format(
                    host=self.host,
                    map=self.map,
                    cert=self.certificaten.cert_file,
                    key=self.certificaten.key_file,
                    intern=intern.pw_name,
                    intern_groep=grp.getgrgid(intern.pw_gid).gr_name,
                    login=login.pw_name,
                    mail_uid=mail.pw_uid,
                    mail_gid=mail.pw_gid,
                    port=self.port,
                    starttls_port=self.starttls_port,
                ),
                encoding="utf-8",
            )
            with (self.map / "stderr.log").open("ab") as stderr:
                self._proces = subprocess.Popen(
                    [binary, "-F", "-c", str(conf)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    preexec_fn=_sterf_met_ouder,
                )
            if self._wacht_tot_klaar():
                return
            laatste_fout = self.log()
            self.stop()
        raise RuntimeError(f"Dovecot start niet:\n{laatste_fout}")

    def _wacht_tot_klaar(self) -> bool:
        assert self._proces is not None
        einde = time.monotonic() + 10
        while time.monotonic() < einde:
            if self._proces.poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    context = self.certificaten.client_context()
                    with context.wrap_socket(sock, server_hostname=self.host) as tls:
                        tls.settimeout(2)
                        if tls.recv(100).startswith(b"* OK"):
                            return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def log(self) -> str:
        delen = []
        for naam in ("dovecot.log", "stderr.log"):
            with contextlib.suppress(OSError):
                delen.append((self.map / naam).read_text(encoding="utf-8", errors="replace"))
        return "\n".join(delen)

    def stop(self) -> None:
        proces, self._proces = self._proces, None
        if proces is None or proces.poll() is not None:
            return
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=5)

    def nieuwe_gebruiker(self, wachtwoord: str | None = None) -> tuple[str, str]:
        """A fresh IMAP user, so an empty mailbox. One with a chosen password is added to
        the passwd file, and takes up to a second before Dovecot knows it."""
        if wachtwoord is None and self._pool:
            return self._pool.pop(0)
        gebruiker = f"extra{next(self._volgnummer)}"
        wachtwoord = wachtwoord or f"geheim-{secrets.token_urlsafe(8)}"
        with (self.map / "passwd").open("a", encoding="utf-8") as passwd:
            passwd.write(f"{gebruiker}:{{PLAIN}}{wachtwoord}::::::\n")
        time.sleep(1.05)
        return gebruiker, wachtwoord


_DOVECOT: DovecotServer | None = None


def _dovecot(config: pytest.Config) -> DovecotServer:
    """The Dovecot of this test process, started on first use and stopped when pytest
    ends (not a session fixture, so importing ``imap_server`` alone is enough)."""
    global _DOVECOT
    if _DOVECOT is None:
        map = Path(tempfile.mkdtemp(prefix="eenloket-dovecot-"))
        server = DovecotServer(map)

        def opruimen() -> None:
            global _DOVECOT
            server.stop()
            shutil.rmtree(map, ignore_errors=True)
            _DOVECOT = None

        try:
            server.start()
        except BaseException:
            opruimen()
            raise
        config.add_cleanup(opruimen)
        _DOVECOT = server
    return _DOVECOT


@dataclass
class ImapTestServer:
    """What a test needs of the IMAP server: where it is, a user with an empty mailbox,
    the CA to trust, and helpers that act as another mail client would."""

    host: str
    port: int  # implicit TLS (imaps)
    starttls_port: int  # plain IMAP that requires STARTTLS before login
    user: str
    password: str
    ca_file: str
    server: DovecotServer = field(repr=False)

    @contextlib.contextmanager
    def verbinding(self, map: str = "INBOX", readonly: bool = False) -> Iterator[imaplib.IMAP4_SSL]:
        context = ssl.create_default_context(cafile=self.ca_file)
        imap = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=10)
        try:
            imap.login(self.user, self.password)
            if map:
                typ, data = imap.select(imap_mapnaam(map), readonly=readonly)
                assert typ == "OK", data
            yield imap
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                imap.logout()

    def bezorg(self, raw: bytes, map: str = "INBOX") -> str:
        """Deliver a message (IMAP APPEND) and return its UID."""
        with self.verbinding(map="") as imap:
            if map != "INBOX":
                imap.create(imap_mapnaam(map))
            typ, data = imap.append(imap_mapnaam(map), "", None, raw)
            assert typ == "OK", data
        gevonden = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        assert gevonden, data
        return gevonden.group(1).decode()

    def uids(self, map: str = "INBOX") -> list[str]:
        with self.verbinding(map, readonly=True) as imap:
            typ, data = imap.uid("SEARCH", "ALL")
            assert typ == "OK", data
            return [u.decode() for u in (data[0] or b"").split()]

    def vlaggen(self, uid: str, map: str = "INBOX") -> set[str]:
        with self.verbinding(map, readonly=True) as imap:
            typ, data = imap.uid("FETCH", uid, "(FLAGS)")
            assert typ == "OK", data
            assert data, data
            assert isinstance(data[0], bytes)
            gevonden = re.search(rb"FLAGS \(([^)]*)\)", data[0])
            return set(gevonden.group(1).decode().split()) if gevonden else set()

    def nieuwe_gebruiker(self, wachtwoord: str | None = None) -> tuple[str, str]:
        return self.server.nieuwe_gebruiker(wachtwoord)


@pytest.fixture
def imap_server(request: pytest.FixtureRequest) -> ImapTestServer:
    """A real Dovecot IMAP server on loopback (TLS required) with a fresh, empty mailbox."""
    server = _dovecot(request.config)
    gebruiker, wachtwoord = server.nieuwe_gebruiker()
    return ImapTestServer(
        host=server.host,
        port=server.port,
        starttls_port=server.starttls_port,
        user=gebruiker,
        password=wachtwoord,
        ca_file=str(server.certificaten.ca_file),
        server=server,
    )


# --- SMTP -------------------------------------------------------------------------------


@dataclass
class SmtpBericht:
    """One message as the SMTP server received it."""

    afzender: str  # MAIL FROM
    ontvangers: list[str]  # RCPT TO
    inhoud: bytes
    bericht: EmailMessage
    tls: bool  # delivered after STARTTLS
    aangemeld_als: str  # the AUTH user, "" without AUTH


@dataclass
class SmtpTestServer:
    host: str
    port: int
    user: str
    password: str
    ca_file: str
    berichten: list[SmtpBericht] = field(default_factory=list)


class _Verzamelaar:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        inhoud = envelope.original_content or envelope.content
        bericht = BytesParser(policy=policy.default).parsebytes(inhoud)
        assert isinstance(bericht, EmailMessage)
        login = session.auth_data.login if session.authenticated and session.auth_data else b""
        self.server.berichten.append(
            SmtpBericht(
                afzender=envelope.mail_from,
                ontvangers=list(envelope.rcpt_tos),
                inhoud=inhoud,
                bericht=bericht,
                tls=session.ssl is not None,
                aangemeld_als=login.decode() if isinstance(login, bytes) else str(login),
            )
        )
        return "250 OK"


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpTestServer]:
    """A real SMTP server (aiosmtpd) on loopback that keeps every message in ``berichten``.
    It offers STARTTLS (certificate from a test CA: ``ca_file``) and AUTH PLAIN/LOGIN with
    ``user``/``password`` after STARTTLS; neither is required."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    certificaten = maak_certificaten(tmp_path / "smtp-tls")
    server = SmtpTestServer(
        host=HOST, port=0, user="eenloket", password="smtp-geheim", ca_file=str(certificaten.ca_file)
    )

    def authenticator(
        server_: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            server.user.encode(),
            server.password.encode(),
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    laatste: Exception | None = None
    for _poging in range(3):
        server.port = vrije_poort()
        controller = Controller(
            _Verzamelaar(server),
            hostname=HOST,
            port=server.port,
            tls_context=certificaten.server_context(),
            require_starttls=False,
            authenticator=authenticator,
            auth_require_tls=True,
            ready_timeout=10,
        )
        try:
            controller.start()
        except Exception as exc:
            laatste = exc
            continue
        try:
            yield server
        finally:
            controller.stop()
        return
    raise RuntimeError(f"SMTP-testserver start niet: {laatste}")
