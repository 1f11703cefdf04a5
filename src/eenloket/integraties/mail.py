"""E-mail in: the municipality's general mailbox, read over IMAP or from a local Maildir.

The omnichannel inbox (``contacten``) asks a :class:`Postbus` for new messages, stores
them, and then tells the mailbox they were processed, so a crash between the two fetches
a message again rather than losing it (the inbox deduplicates on ``message_id``).
Every message is turned into an :class:`OntvangenMail` by :func:`parse_mail`, which
tolerates what real mail clients send: encoded-word headers, wrong or missing charsets,
HTML-only mail, forwarded messages, broken headers.

Which mailbox is used follows from the settings (:func:`postbus_uit_instellingen`):
IMAP when ``EENLOKET_IMAP_HOST`` is set, otherwise in the embedded mode a Maildir under
``EENLOKET_DATA_DIR/postbus`` where a demo or administrator can drop ``.eml`` files in
``new/``. Outgoing mail is Django's own mail backend (SMTP or the in-app outbox); the
headers a reply needs for threading come from :func:`antwoord_headers`.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import ipaddress
import logging
import mailbox
import mimetypes
import os
import re
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, Self

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

Beveiliging = Literal["ssl", "starttls", "geen"]

# Batches keep one FETCH response (and so memory) bounded for a mailbox with large mail.
_FETCH_BATCH = 20
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


class PostbusFout(Exception):
    """The mailbox cannot be read or updated; the message says why, in Dutch, without
    the password."""


@dataclass
class OntvangenBijlage:
    """An attachment of a received mail (also an inline image or a forwarded mail)."""

    bestandsnaam: str
    content_type: str
    inhoud: bytes = field(repr=False)
    # Shown in the body (a signature logo, a pasted photo) rather than attached.
    inline: bool = False


@dataclass
class OntvangenMail:
    """A received mail, decoded: what the inbox stores and shows."""

    sleutel: str  # the IMAP UID (as text) or the Maildir key: what verwerkt() takes
    message_id: str  # "<id@host>", or "" when the mail has none
    in_reply_to: str
    references: list[str]
    van_naam: str
    van_adres: str  # lower-cased
    aan: list[str]  # the To addresses, lower-cased
    onderwerp: str
    tekst: str  # the text/plain body, or text derived from the HTML body
    html: str
    datum: datetime  # aware; the Date header, or the moment of reading when it has none
    bijlagen: list[OntvangenBijlage]
    ruw: bytes = field(repr=False)
    # Reply-To: where an answer goes when set (web forms send From: noreply@...).
    antwoord_aan: str = ""
    # An out-of-office, bounce or other automatic message: never answer it automatically.
    automatisch: bool = False
    cc: list[str] = field(default_factory=list)


# --- parsing ----------------------------------------------------------------------------


def parse_mail(raw: bytes, sleutel: str) -> OntvangenMail:
    """Decode one RFC 5322 message. Never raises on malformed input: an unreadable header
    becomes its raw text, an unreadable date the current time, an unknown charset is read
    as UTF-8 or Windows-1252."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(msg, EmailMessage)
    van_naam, van_adres = _eerste_adres(msg, "From")
    _, antwoord_aan = _eerste_adres(msg, "Reply-To")
    message_id = _message_ids(_header(msg, "Message-ID"))
    in_reply_to = _message_ids(_header(msg, "In-Reply-To"))

    plain = _body(msg, "plain")
    html_part = _body(msg, "html")
    html = _tekst_van(html_part) if html_part is not None else ""
    extra: list[str] = []
    bijlagen: list[OntvangenBijlage] = []
    try:
        _verzamel(msg, "", {id(p) for p in (plain, html_part) if p is not None}, extra, bijlagen)
    except Exception:
        # Keep the body and what was collected; the raw mail is stored whole anyway.
        logger.warning("mail_deels_onleesbaar sleutel=%s", sleutel, exc_info=True)
    tekst = _tekst_van(plain) if plain is not None else html_naar_tekst(html)
    tekst = "\n\n".join(t.strip("\n") for t in [tekst, *extra] if t.strip())

    return OntvangenMail(
        sleutel=sleutel,
        message_id=message_id[0] if message_id else _header(msg, "Message-ID").strip(),
        in_reply_to=in_reply_to[0] if in_reply_to else _header(msg, "In-Reply-To").strip(),
        references=_message_ids(_header(msg, "References")),
        van_naam=van_naam,
        van_adres=van_adres,
        aan=_adressen(msg, "To"),
        cc=_adressen(msg, "Cc"),
        onderwerp=" ".join(_header(msg, "Subject").split()),
        tekst=tekst,
        html=html,
        datum=_datum(msg),
        bijlagen=bijlagen,
        ruw=raw,
        antwoord_aan=antwoord_aan,
        automatisch=_is_automatisch(msg),
    )


def antwoord_headers(origineel: OntvangenMail) -> dict[str, str]:
    """In-Reply-To and References for an answer to ``origineel`` (RFC 5322 section 3.6.4),
    so the sender's mail client shows the answer in the same conversation."""
    if not origineel.message_id:
        return {}
    # Keep the first (thread root) and the most recent ids, as RFC 5322 suggests for long
    # threads, so the header stays a reasonable size.
    keten = [*origineel.references, origineel.message_id]
    if len(keten) > 20:
        keten = [keten[0], *keten[-19:]]
    return {"In-Reply-To": origineel.message_id, "References": " ".join(keten)}


def _herstel(tekst: str) -> str:
    """Undo the parser's surrogate escapes for raw 8-bit header bytes (a client that put
    UTF-8 or Latin-1 straight into a header instead of an encoded word)."""
    if not any("\udc80" <= c <= "\udcff" for c in tekst):
        return tekst
    ruw = tekst.encode("utf-8", "surrogateescape")
    try:
        return ruw.decode("utf-8")
    except UnicodeDecodeError:
        return ruw.decode("cp1252", "replace")


# The email package raises many kinds of exception on malformed input (ValueError,
# IndexError, HeaderParseError, ...): where a header or part is read, Exception is caught
# so that one bad header never loses a whole mail.


def _header(msg: Message, naam: str) -> str:
    """A header's decoded value, or "" when absent; a header the parser cannot handle is
    decoded the old way from its raw text instead of failing the whole message."""
    try:
        waarde = msg.get(naam)
        return "" if waarde is None else _herstel(str(waarde))
    except Exception:
        for sleutel, ruw in msg.raw_items():
            if sleutel.lower() == naam.lower():
                try:
                    return _herstel(str(make_header(decode_header(ruw))))
                except Exception:
                    return _herstel(ruw)
        return ""


def _adres_paren(msg: Message, naam: str) -> list[tuple[str, str]]:
    try:
        header = msg.get(naam)
        if header is None:
            return []
        paren = [
            (_herstel(a.display_name), _herstel(a.addr_spec))
            for a in getattr(header, "addresses", ())
            if a.domain
        ]
    except Exception:
        paren = [(n, a) for n, a in getaddresses([_header(msg, naam)]) if "@" in a]
    return [(" ".join(n.split()), a.strip().lower()) for n, a in paren]


def _eerste_adres(msg: Message, naam: str) -> tuple[str, str]:
    paren = _adres_paren(msg, naam)
    return paren[0] if paren else ("", "")


def _adressen(msg: Message, naam: str) -> list[str]:
    return [adres for _, adres in _adres_paren(msg, naam)]


def _message_ids(waarde: str) -> list[str]:
    return _MESSAGE_ID.findall(waarde)


def _datum(msg: Message) -> datetime:
    datum: datetime | None = None
    try:
        header = msg.get("Date")
        datum = getattr(header, "datetime", None) if header is not None else None
    except Exception:
        try:
            datum = parsedate_to_datetime(_header(msg, "Date"))
        except (TypeError, ValueError):
            datum = None
    if datum is None:
        return datetime.now(UTC)
    # "-0000" means "time zone unknown" (RFC 5322 3.3) and parses naive: take it as UTC.
    return datum if datum.tzinfo is not None else datum.replace(tzinfo=UTC)


def _is_automatisch(msg: Message) -> bool:
    """RFC 3834 Auto-Submitted, and the older signs of out-of-office and bulk mail."""
    auto = _header(msg, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return True
    if _header(msg, "X-Autoreply") or _header(msg, "X-Autorespond"):
        return True
    if _header(msg, "Precedence").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    return msg.get_content_type() == "multipart/report" or _header(msg, "Return-Path").strip() == "<>"


def _body(msg: EmailMessage, soort: str) -> EmailMessage | None:
    try:
        part = msg.get_body(preferencelist=(soort,))
    except Exception:
        return None
    return part if isinstance(part, EmailMessage) else None


# Browsers read a declared Latin-1 or ASCII as Windows-1252 (WHATWG Encoding), and so do
# the mail clients whose mail says iso-8859-1 while it contains "€" or curly quotes.
_CHARSET_ALIAS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "windows-1252": "cp1252",
}


def _tekst_van(part: Message) -> str:
    inhoud = part.get_payload(decode=True)
    if not isinstance(inhoud, bytes):
        return ""
    charset = (part.get_content_charset() or "utf-8").strip().strip('"').lower()
    charset = _CHARSET_ALIAS.get(charset, charset)
    tekst = None
    for kandidaat in (charset, "utf-8", "cp1252"):
        try:
            tekst = inhoud.decode(kandidaat)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if tekst is None:
        tekst = inhoud.decode("utf-8", "replace")
    return tekst.replace("\r\n", "\n").replace("\r", "\n")


def _verzamel(
    part: Message, ouder: str, bodies: set[int], extra: list[str], bijlagen: list[OntvangenBijlage]
) -> None:
    """Walk the MIME tree: everything that is not the chosen body becomes an attachment,
    except extra inline text in a multipart/mixed (Apple Mail splits the text around a
    pasted picture), which is added to the text."""
    ctype = part.get_content_type()
    if ctype in {"message/rfc822", "message/global"}:
        bijlagen.append(_doorgestuurd(part))
        return
    if part.is_multipart():
        subtype = part.get_content_subtype()
        for sub in part.get_payload():
            if isinstance(sub, Message):
                _verzamel(sub, subtype, bodies, extra, bijlagen)
        return
    if id(part) in bodies:
        return
    if part.get_content_maintype() == "multipart":
        # A multipart without (the right) boundary: the parser keeps it as text.
        extra.append(_tekst_van(part))
        return
    try:
        bestandsnaam = part.get_filename() or ""
    except Exception:
        bestandsnaam = ""
    dispositie = part.get_content_disposition()
    if ctype in {"text/plain", "text/html"} and not bestandsnaam and dispositie != "attachment":
        if ouder == "mixed" or ouder == "":
            tekst = _tekst_van(part)
            extra.append(tekst if ctype == "text/plain" else html_naar_tekst(tekst))
        return
    inhoud = part.get_payload(decode=True)
    bijlagen.append(
        OntvangenBijlage(
            bestandsnaam=_veilige_naam(bestandsnaam, ctype, len(bijlagen) + 1),
            content_type=ctype,
            inhoud=inhoud if isinstance(inhoud, bytes) else b"",
            inline=dispositie != "attachment" and (dispositie == "inline" or bool(part.get("Content-ID"))),
        )
    )


def _doorgestuurd(part: Message) -> OntvangenBijlage:
    """A forwarded mail stays one attachment: the original as an .eml file."""
    binnen = part.get_payload(0) if part.is_multipart() else None
    inhoud = b""
    onderwerp = ""
    if isinstance(binnen, Message):
        onderwerp = _header(binnen, "Subject")
        try:
            inhoud = binnen.as_bytes(policy=policy.SMTP)
        except Exception:
            inhoud = binnen.as_string().encode("utf-8", "surrogateescape")
    else:
        ruw = part.get_payload(decode=True)
        inhoud = ruw if isinstance(ruw, bytes) else b""
    try:
        naam = part.get_filename() or ""
    except Exception:
        naam = ""
    if not naam:
        naam = " ".join(onderwerp.replace("/", "-").replace("\\", "-").split())[:80]
        naam = (naam or "doorgestuurd-bericht") + ".eml"
    return OntvangenBijlage(
        bestandsnaam=_veilige_naam(naam, "message/rfc822", 0),
        content_type="message/rfc822",
        inhoud=inhoud,
    )


def _veilige_naam(naam: str, content_type: str, volgnummer: int) -> str:
    """A file name that is safe to store and show: encoded words decoded (Outlook puts
    them in parameters), no folders, no control characters, never empty."""
    naam = _herstel(naam)
    if "=?" in naam:
        with contextlib.suppress(Exception):
            naam = str(make_header(decode_header(naam)))
    naam = naam.replace("\\", "/").rsplit("/", 1)[-1]
    naam = "".join(c for c in naam if c.isprintable()).strip().lstrip(".")
    if not naam:
        extensie = mimetypes.guess_extension(content_type) or ".bin"
        naam = f"bijlage-{volgnummer}{extensie}"
    return naam[:255]


class _HtmlNaarTekst(HTMLParser):
    """Collects text and line breaks; a break is 1 (new line) or 2 (new paragraph), and
    adjacent breaks merge into the largest, as a browser collapses margins."""

    _ALINEA = frozenset(
        ["blockquote", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "table", "ul"]
    )
    _REGEL = frozenset(
        ["address", "article", "aside", "br", "dd", "div", "dt", "footer", "header", "li", "section", "tr"]
    )
    _NEGEER = frozenset({"head", "script", "style", "title", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.delen: list[str | int] = []
        self._negeren = 0
        self._pre = 0

    def _breek(self, tag: str) -> None:
        if tag in self._ALINEA:
            self.delen.append(2)
        elif tag in self._REGEL:
            self.delen.append(1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._NEGEER:
            self._negeren += 1
            return
        self._breek(tag)
        if tag == "pre":
            self._pre += 1
        elif tag == "li":
            self.delen.append("- ")
        elif tag in {"td", "th"}:
            self.delen.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.delen.append(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self._NEGEER:
            self._negeren -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._NEGEER:
            self._negeren = max(0, self._negeren - 1)
            return
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag != "br":
            self._breek(tag)

    def handle_data(self, data: str) -> None:
        if self._negeren:
            return
        # Outside <pre>, source line breaks are just spaces (HTML's whitespace rule).
        self.delen.append(data if self._pre else re.sub(r"\s+", " ", data))

    def tekst(self) -> str:
        uit: list[str] = []
        breuk = 0
        for deel in self.delen:
            if isinstance(deel, int):
                breuk = max(breuk, deel)
                continue
            if breuk and uit:
                uit.append("\n" * breuk)
            breuk = 0
            uit.append(deel)
        regels = [" ".join(r.split(" ")).strip(" \t") for r in "".join(uit).split("\n")]
        return re.sub(r" {2,}", " ", "\n".join(regels)).strip()


def html_naar_tekst(html: str) -> str:
    """Readable plain text from an HTML mail body: blocks on their own lines, list items
    with a dash, scripts, styles and the head left out, entities decoded."""
    parser = _HtmlNaarTekst()
    # HTMLParser is lenient, but a mail is never lost over its HTML: keep what was read.
    with contextlib.suppress(Exception):
        parser.feed(html)
        parser.close()
    return parser.tekst()


# --- mailboxes --------------------------------------------------------------------------


class Postbus(Protocol):
    """A mailbox the inbox reads: new messages in, processed ones marked so they are not
    fetched again. Use as a context manager so a connection is closed."""

    def ophalen(self, limiet: int = 100) -> list[OntvangenMail]:
        """At most ``limiet`` messages not yet marked processed, oldest first."""
        ...

    def verwerkt(self, sleutels: list[str]) -> None:
        """Mark these messages (by ``OntvangenMail.sleutel``) as processed."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class ImapPostbus:
    """A mailbox on an IMAP server (RFC 3501), e.g. the municipality's Exchange or Dovecot.

    New means UNSEEN: fetching uses BODY.PEEK so it does not mark anything read, and
    :meth:`verwerkt` sets ``\\Seen`` (and moves the message to ``verwerkt_map`` when set).
    So the mailbox must be Eenloket's own: a person reading it in another mail client
    would mark messages seen before Eenloket fetched them, unless ``verwerkt_map`` is used
    and people only read that folder. TLS certificates are verified.
    """

    def __init__(
        self,
        host: str,
        port: int,
        gebruiker: str,
        wachtwoord: str,
        map: str = "INBOX",
        beveiliging: Beveiliging = "ssl",
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
        *,
        verwerkt_map: str = "",
        ca_bestand: str = "",
    ) -> None:
        if beveiliging not in {"ssl", "starttls", "geen"}:
            raise ValueError(f"beveiliging: ssl, starttls of geen, niet {beveiliging!r}")
        self.host = host
        self.port = port
        self.gebruiker = gebruiker
        self._wachtwoord = wachtwoord
        self.map = map
        self.beveiliging = beveiliging
        self.timeout = timeout
        self.verwerkt_map = verwerkt_map
        self._ssl_context = ssl_context
        self._ca_bestand = ca_bestand
        self._imap: imaplib.IMAP4 | None = None

    def __repr__(self) -> str:
        return f"ImapPostbus({self.gebruiker}@{self.host}:{self.port}/{self.map}, {self.beveiliging})"

    def __enter__(self) -> Self:
        self._verbinding()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.sluiten()

    def sluiten(self) -> None:
        """Log out; a connection that is already gone is no error."""
        imap, self._imap = self._imap, None
        if imap is None:
            return
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()

    def ophalen(self, limiet: int = 100) -> list[OntvangenMail]:
        imap = self._verbinding()
        zoek = self._uid(imap, "SEARCH", "UNSEEN")
        eerste = zoek[0] if zoek and isinstance(zoek[0], bytes) else b""
        uids = sorted(int(u) for u in eerste.split() if u.isdigit())[: max(limiet, 0)]
        mails: list[OntvangenMail] = []
        for start in range(0, len(uids), _FETCH_BATCH):
            batch = ",".join(str(u) for u in uids[start : start + _FETCH_BATCH])
            antwoord = self._uid(imap, "FETCH", batch, "(UID BODY.PEEK[])")
            for deel in antwoord:
                if not isinstance(deel, tuple):
                    continue
                kop, ruw = deel
                gevonden = re.search(rb"UID (\d+)", kop)
                if gevonden is None:
                    continue
                mails.append(parse_mail(bytes(ruw), gevonden.group(1).decode()))
        mails.sort(key=lambda m: int(m.sleutel))
        if mails:
            logger.info("postbus_opgehaald bron=imap aantal=%d", len(mails))
        return mails

    def verwerkt(self, sleutels: list[str]) -> None:
        if not sleutels:
            return
        if not all(s.isdigit() for s in sleutels):
            raise ValueError("IMAP-sleutels zijn UID's (cijfers).")
        imap = self._verbinding()
        uids = ",".join(sleutels)
        self._uid(imap, "STORE", uids, "+FLAGS.SILENT", r"(\Seen)")
        if self.verwerkt_map:
            self._verplaats(imap, uids)
        logger.info("postbus_verwerkt bron=imap aantal=%d", len(sleutels))

    # -- connection ---------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        if self._ssl_context is not None:
            return self._ssl_context
        return ssl.create_default_context(cafile=self._ca_bestand or None)

    def _verbinding(self) -> imaplib.IMAP4:
        if self._imap is not None:
            return self._imap
        server = f"{self.host}:{self.port}"
        try:
            if self.beveiliging == "ssl":
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    self.host, self.port, ssl_context=self._context(), timeout=self.timeout
                )
            else:
                imap = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if self.beveiliging == "starttls":
                    imap.starttls(ssl_context=self._context())
        except ssl.SSLCertVerificationError as exc:
            raise PostbusFout(
                _(
                    "Het TLS-certificaat van IMAP-server %(server)s wordt niet vertrouwd (%(reden)s). "
                    "Gebruikt de server een eigen CA, zet dan EENLOKET_IMAP_CA_FILE."
                )
                % {"server": server, "reden": exc.verify_message or exc.reason}
            ) from exc
        except (OSError, imaplib.IMAP4.error) as exc:
            raise PostbusFout(
                _("IMAP-server %(server)s is niet bereikbaar: %(reden)s")
                % {"server": server, "reden": self._zonder_wachtwoord(exc)}
            ) from exc
        try:
            self._aanmelden(imap)
        except (OSError, imaplib.IMAP4.error) as exc:
            self._los(imap)
            # No exception chain: nothing of the login exchange belongs in a traceback.
            raise PostbusFout(
                _(
                    "IMAP-server %(server)s weigert de aanmelding van gebruiker %(gebruiker)s "
                    "(%(reden)s). Controleer EENLOKET_IMAP_USER en EENLOKET_IMAP_PASSWORD."
                )
                % {"server": server, "gebruiker": self.gebruiker, "reden": self._zonder_wachtwoord(exc)}
            ) from None
        try:
            typ, data = imap.select(imap_mapnaam(self.map))
            if typ != "OK":
                raise PostbusFout(
                    _("De map %(map)s bestaat niet op IMAP-server %(server)s (%(reden)s).")
                    % {"map": self.map, "server": server, "reden": _tekst(data)}
                )
        except (OSError, imaplib.IMAP4.error) as exc:
            self._los(imap)
            raise PostbusFout(
                _("IMAP-server %(server)s: map %(map)s openen mislukt: %(reden)s")
                % {"server": server, "map": self.map, "reden": self._zonder_wachtwoord(exc)}
            ) from exc
        except PostbusFout:
            self._los(imap)
            raise
        self._imap = imap
        return imap

    def _aanmelden(self, imap: imaplib.IMAP4) -> None:
        if self._wachtwoord.isascii() and self.gebruiker.isascii():
            imap.login(self.gebruiker, self._wachtwoord)
            return
        # LOGIN only carries ASCII; SASL PLAIN carries UTF-8 (RFC 4616).
        plain = f"\0{self.gebruiker}\0{self._wachtwoord}".encode()
        imap.authenticate("PLAIN", lambda _uitdaging: plain)

    @staticmethod
    def _los(imap: imaplib.IMAP4) -> None:
        with contextlib.suppress(OSError):
            imap.shutdown()

    def _zonder_wachtwoord(self, exc: BaseException) -> str:
        reden = _tekst(exc.args[0] if len(exc.args) == 1 else exc.args) or exc.__class__.__name__
        return reden.replace(self._wachtwoord, "***") if self._wachtwoord else reden

    def _uid(self, imap: imaplib.IMAP4, opdracht: str, *args: str) -> list[bytes | tuple[bytes, bytes]]:
        """Run a UID command; a refusal or a broken connection becomes PostbusFout (and the
        connection is dropped, so the next call starts afresh)."""
        return self._ok(self._stuur(imap, lambda: imap.uid(opdracht, *args)), opdracht)

    def _stuur(
        self, imap: imaplib.IMAP4, opdracht: Callable[[], tuple[str, list[Any]]]
    ) -> tuple[str, list[Any]]:
        try:
            return opdracht()
        except (OSError, imaplib.IMAP4.error) as exc:
            self._imap = None
            self._los(imap)
            raise PostbusFout(
                _("Verbinding met IMAP-server %(server)s verbroken: %(reden)s")
                % {"server": f"{self.host}:{self.port}", "reden": self._zonder_wachtwoord(exc)}
            ) from exc

    def _ok(self, antwoord: tuple[str, list[Any]], opdracht: str) -> list[bytes | tuple[bytes, bytes]]:
        typ, data = antwoord
        if typ != "OK":
            raise PostbusFout(
                _("IMAP-server %(server)s weigert %(opdracht)s: %(reden)s")
                % {"server": f"{self.host}:{self.port}", "opdracht": opdracht, "reden": _tekst(data)}
            )
        return [d for d in data if isinstance(d, bytes | tuple)]

    def _verplaats(self, imap: imaplib.IMAP4, uids: str) -> None:
        doel = imap_mapnaam(self.verwerkt_map)
        capabilities = {str(c).upper() for c in imap.capabilities}
        for poging in range(2):
            if "MOVE" in capabilities:
                typ, data = self._stuur(imap, lambda: imap.uid("MOVE", uids, doel))
            else:
                typ, data = self._stuur(imap, lambda: imap.uid("COPY", uids, doel))
            if typ == "OK":
                break
            if poging == 0 and "TRYCREATE" in _tekst(data).upper():
                self._stuur(imap, lambda: imap.create(doel))
                continue
            raise PostbusFout(
                _("Verplaatsen naar map %(map)s op IMAP-server %(server)s mislukt: %(reden)s")
                % {"map": self.verwerkt_map, "server": f"{self.host}:{self.port}", "reden": _tekst(data)}
            )
        if "MOVE" not in capabilities:
            self._uid(imap, "STORE", uids, "+FLAGS.SILENT", r"(\Deleted)")
            if "UIDPLUS" in capabilities:
                self._uid(imap, "EXPUNGE", uids)
            else:
                self._ok(self._stuur(imap, imap.expunge), "EXPUNGE")


def _tekst(data: object) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    if isinstance(data, list | tuple):
        return " ".join(_tekst(d) for d in data if d is not None)
    return str(data)


def imap_mapnaam(naam: str) -> str:
    """A folder name as an IMAP argument: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    delen: list[str] = []
    buiten: list[str] = []

    def spoel() -> None:
        if buiten:
            gecodeerd = base64.b64encode("".join(buiten).encode("utf-16-be")).decode().rstrip("=")
            delen.append("&" + gecodeerd.replace("/", ",") + "-")
            buiten.clear()

    for teken in naam:
        if " " <= teken <= "~":
            spoel()
            delen.append("&-" if teken == "&" else teken)
        else:
            buiten.append(teken)
    spoel()
    gecodeerd = "".join(delen)
    return '"' + gecodeerd.replace("\\", "\\\\").replace('"', '\\"') + '"'


class MaildirPostbus:
    """The built-in local mailbox of the embedded default: a standard Maildir.

    New messages are the files in ``new/`` (and any in ``cur/`` without the Seen flag);
    :meth:`verwerkt` moves them to ``cur/`` with the ``S`` flag, as a mail client would.
    A demo or administrator can drop ``.eml`` files in ``<pad>/new``.
    """

    def __init__(self, pad: str | os.PathLike[str]) -> None:
        self.pad = Path(pad)
        # Creates new/, cur/ and tmp/ when missing.
        self._maildir = mailbox.Maildir(self.pad, create=True)
        # Maildir(create=True) only makes the subfolders when the folder itself is new;
        # a folder someone made by hand with only new/ would never get cur/.
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(self.pad, sub), exist_ok=True)

    def __repr__(self) -> str:
        return f"MaildirPostbus({self.pad})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._maildir.close()

    def _bestanden(self) -> list[tuple[float, str, Path]]:
        """(delivery time, key, path) of every unprocessed message."""
        colon = self._maildir.colon
        gevonden = []
        for submap in ("new", "cur"):
            try:
                entries = list(os.scandir(self.pad / submap))
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                sleutel, _, info = entry.name.partition(colon)
                vlaggen = info[2:] if info.startswith("2,") else ""
                if submap == "cur" and "S" in vlaggen:
                    continue
                gevonden.append((entry.stat().st_mtime, sleutel, Path(entry.path)))
        return sorted(gevonden)

    def ophalen(self, limiet: int = 100) -> list[OntvangenMail]:
        mails = []
        for _tijd, sleutel, pad in self._bestanden()[: max(limiet, 0)]:
            try:
                ruw = pad.read_bytes()
            except FileNotFoundError:  # processed by another worker meanwhile
                continue
            except OSError as exc:
                raise PostbusFout(
                    _("Bericht %(sleutel)s in de lokale postbus is niet te lezen: %(reden)s")
                    % {"sleutel": sleutel, "reden": exc.strerror or exc}
                ) from exc
            mails.append(parse_mail(ruw, sleutel))
        if mails:
            logger.info("postbus_opgehaald bron=maildir aantal=%d", len(mails))
        return mails

    def verwerkt(self, sleutels: list[str]) -> None:
        gezocht = set(sleutels)
        if any("/" in s or s.startswith(".") or not s for s in gezocht):
            raise ValueError("Ongeldige Maildir-sleutel.")
        colon = self._maildir.colon
        for _tijd, sleutel, pad in self._bestanden():
            if sleutel not in gezocht:
                continue
            info = pad.name.partition(colon)[2]
            vlaggen = set(info[2:]) if info.startswith("2,") else set()
            doel = self.pad / "cur" / f"{sleutel}{colon}2,{''.join(sorted(vlaggen | {'S'}))}"
            try:
                os.replace(pad, doel)
            except FileNotFoundError:  # another worker was first
                continue
            except OSError as exc:
                raise PostbusFout(
                    _("Bericht %(sleutel)s in de lokale postbus is niet als verwerkt te markeren: %(reden)s")
                    % {"sleutel": sleutel, "reden": exc.strerror or exc}
                ) from exc
        logger.info("postbus_verwerkt bron=maildir aantal=%d", len(gezocht))


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (so plain IMAP never crosses a network)."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_BEVEILIGING: dict[str, Beveiliging] = {"ssl": "ssl", "starttls": "starttls", "none": "geen"}


def postbus_uit_instellingen() -> Postbus | None:
    """The mailbox the settings name: IMAP when ``EENLOKET_IMAP_HOST`` is set, otherwise
    the local Maildir in the embedded mode, and None in production without IMAP (the
    e-mail channel of the inbox is then off)."""
    if settings.IMAP_HOST:
        beveiliging = _BEVEILIGING[settings.IMAP_SECURITY]
        return ImapPostbus(
            settings.IMAP_HOST,
            settings.IMAP_PORT,
            settings.IMAP_USER,
            settings.IMAP_PASSWORD,
            map=settings.IMAP_FOLDER,
            beveiliging=beveiliging,
            verwerkt_map=settings.IMAP_VERWERKT_MAP,
            ca_bestand=settings.IMAP_CA_FILE,
        )
    if settings.PRODUCTION:
        return None
    return MaildirPostbus(Path(settings.DATA_DIR) / "postbus")
