"""The inbox's services against real mail servers: a mail delivered to Dovecot is read
over IMAP (TLS) into a thread, answered by a KCC agent through Django's SMTP backend to a
real SMTP server with the threading headers, and the resident's reply delivered to IMAP
joins the same thread. Also: re-reading is idempotent, attachments are scanned, the
local Maildir, and a broken mail never blocks the rest."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from eenloket.contacten import inbox, tasks
from eenloket.contacten.constants import GesprekStatus, KanaalSoort, NormSoort, Richting, ScanStatus
from eenloket.contacten.models import (
    Inboxbericht,
    Inboxbijlage,
    Inboxgesprek,
    Klantcontact,
    Postbusstand,
    Servicenorm,
)
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.models import Gebeurtenis, LokaleMail, Verwerking
from eenloket.core.tests.factories import medewerker
from eenloket.integraties.mail import ImapPostbus, MaildirPostbus, OntvangenMail, parse_mail
from eenloket.integraties.tests.mailservers import ImapTestServer, SmtpTestServer, imap_server, smtp_server
from eenloket.integraties.virusscan import ScanUitslag, VirusscanFout
from eenloket.klanten.tests.factories import PersoonFactory

__all__ = ["imap_server", "smtp_server"]  # fixtures, imported to be used here

pytestmark = pytest.mark.django_db

# The EICAR test file, put together so this file is not itself flagged by a scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + b"$H+H*"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gemeente(eikendal: Any) -> Any:
    eikendal.email = "info@eikendal.example"
    eikendal.save()
    return eikendal


@pytest.fixture
def agent(gemeente: Any) -> Any:
    return medewerker(gemeente, Rol.KCC_MEDEWERKER, first_name="Kim", last_name="Agent")


def mail(
    onderwerp: str = "Vraag over mijn paspoort",
    tekst: str = "Goedemiddag,\n\nMijn paspoort is verlopen. Wat moet ik doen?\n\nJan",
    van: str = "Jan de Vries <jan@example.nl>",
    bijlagen: list[tuple[str, bytes]] | None = None,
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = van
    msg["To"] = "Gemeente Eikendal <info@eikendal.example>"
    msg["Subject"] = onderwerp
    msg["Message-ID"] = make_msgid(domain="example.nl")
    msg["Date"] = format_datetime(timezone.now())
    for naam, waarde in headers.items():
        msg[naam.replace("_", "-")] = waarde
    msg.set_content(tekst)
    for naam, inhoud in bijlagen or []:
        msg.add_attachment(inhoud, maintype="application", subtype="octet-stream", filename=naam)
    return msg


def imap_postbus(server: ImapTestServer) -> ImapPostbus:
    return ImapPostbus(server.host, server.port, server.user, server.password, ca_bestand=server.ca_file)


def smtp_instellen(settings: Any, server: SmtpTestServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10


def verstuur_wachtende() -> list[str]:
    """Run the send job for every outgoing message not sent yet (the worker's part)."""
    return [
        tasks.inbox_bericht_verzenden.call(pk)
        for pk in Inboxbericht.objects.filter(richting=Richting.UITGAAND, verzonden_op__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


class Scanner:
    """A scanner implementing the Virusscanner protocol: EICAR is infected, content
    containing b"KAPOT" cannot be scanned."""

    def __init__(self) -> None:
        self.gescand: list[int] = []

    def scan(self, inhoud: bytes) -> ScanUitslag:
        self.gescand.append(len(inhoud))
        if b"KAPOT" in inhoud:
            raise VirusscanFout("Virusscanner 127.0.0.1:3310 is niet bereikbaar")
        if EICAR in inhoud:
            return ScanUitslag(schoon=False, bevinding="Eicar-Signature")
        return ScanUitslag(schoon=True, bevinding="")


def test_imap_to_inbox_to_smtp_answer_and_the_reply_joins_the_thread(
    gemeente: Any,
    agent: Any,
    imap_server: ImapTestServer,
    smtp_server: SmtpTestServer,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a known resident, an e-mail norm of 3 working days and a mail in the mailbox
    persoon = PersoonFactory(organisatie=gemeente, email="Jan@Example.nl")
    Servicenorm.objects.create(
        organisatie=gemeente, soort=NormSoort.EMAIL, termijn=3, omschrijving="e-mail binnen 3 werkdagen"
    )
    vraag = mail()
    uid = imap_server.bezorg(vraag.as_bytes())

    # when the inbox reads the mailbox over IMAP (TLS)
    assert inbox.postbus_lezen(gemeente, imap_postbus(imap_server)) == 1

    # then one new thread on the e-mail channel, linked to the resident, with a deadline
    gesprek = Inboxgesprek.objects.get()
    assert gesprek.kanaal.soort == KanaalSoort.EMAIL
    assert gesprek.status == GesprekStatus.NIEUW
    assert gesprek.persoon == persoon
    assert gesprek.van_adres == "jan@example.nl"
    termijn, _ = inbox.servicenorm_voor(gemeente, soort=NormSoort.EMAIL)
    assert termijn.aantal == 3
    assert gesprek.deadline == inbox.deadline_voor(gemeente, timezone.now(), termijn)
    assert gesprek.deadline > timezone.now()
    (ontvangen,) = gesprek.berichten.all()
    assert ontvangen.message_id == vraag["Message-ID"]
    assert "paspoort is verlopen" in ontvangen.tekst
    # the mail is marked processed in the mailbox, the read is logged and an event emitted
    assert r"\Seen" in imap_server.vlaggen(uid)
    assert Verwerking.objects.filter(bsn=persoon.bsn, actie=VerwerkingActie.AANMAKEN).exists()
    assert Gebeurtenis.objects.filter(type="inbox.ontvangen", object_uuid=gesprek.uuid).exists()
    assert Postbusstand.objects.get(organisatie=gemeente).laatste_fout == ""

    # when the agent answers through the SMTP server
    smtp_instellen(settings, smtp_server)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = inbox.gesprek_beantwoorden(
            gesprek=gesprek, tekst="Maak een afspraak via de website.", by=agent
        )
    assert verstuur_wachtende() == ["verzonden"]

    # then the answer arrived with threading headers and our own Message-ID
    (verzonden,) = smtp_server.berichten
    assert verzonden.ontvangers == ["jan@example.nl"]
    assert verzonden.bericht["Subject"] == "Re: Vraag over mijn paspoort"
    assert verzonden.bericht["In-Reply-To"] == vraag["Message-ID"]
    assert verzonden.bericht["References"] == vraag["Message-ID"]
    assert verzonden.bericht["Message-ID"] == antwoord.message_id
    assert antwoord.message_id.endswith("@eikendal.example>")
    assert "info@eikendal.example" in verzonden.bericht["From"]
    antwoord.refresh_from_db()
    assert antwoord.verzonden_op is not None
    # and the thread is answered and a klantcontact on the e-mail channel is registered
    gesprek.refresh_from_db()
    assert gesprek.status == GesprekStatus.BEANTWOORD
    assert gesprek.behandelaar == agent
    contact = Klantcontact.objects.get(gesprek=gesprek)
    assert contact.kanaal.soort == KanaalSoort.EMAIL
    assert contact.persoon == persoon
    (contactvraag,) = contact.vragen.all()
    assert "paspoort is verlopen" in contactvraag.vraag
    assert contactvraag.antwoord == "Maak een afspraak via de website."

    # when the resident replies to our answer, as a mail client does
    terug = parse_mail(verzonden.inhoud, "x")
    reactie = mail(
        onderwerp="Re: Vraag over mijn paspoort",
        tekst="Dank u, nog een vraag: kan het ook zaterdag?",
        In_Reply_To=terug.message_id,
        References=" ".join([*terug.references, terug.message_id]),
    )
    imap_server.bezorg(reactie.as_bytes())
    assert inbox.postbus_lezen(gemeente, imap_postbus(imap_server)) == 1

    # then it joins the same thread, which is open again with a new deadline
    assert Inboxgesprek.objects.count() == 1
    gesprek.refresh_from_db()
    assert [b.richting for b in gesprek.berichten.order_by("pk")] == [
        Richting.INKOMEND,
        Richting.UITGAAND,
        Richting.INKOMEND,
    ]
    assert gesprek.status == GesprekStatus.IN_BEHANDELING  # it has a handler already

    # and answering again threads on the reply, with the whole chain in References
    with django_capture_on_commit_callbacks(execute=True):
        inbox.gesprek_beantwoorden(gesprek=gesprek, tekst="Ja, op zaterdagochtend.", by=agent)
    verstuur_wachtende()
    tweede = smtp_server.berichten[1].bericht
    assert tweede["In-Reply-To"] == reactie["Message-ID"]
    assert tweede["References"].split() == [vraag["Message-ID"], antwoord.message_id, reactie["Message-ID"]]


def test_reading_again_is_idempotent(gemeente: Any, imap_server: ImapTestServer) -> None:
    # given a mail that is read, then delivered again (a crash before it was marked)
    raw = mail().as_bytes()
    imap_server.bezorg(raw)
    assert inbox.postbus_lezen(gemeente, imap_postbus(imap_server)) == 1
    imap_server.bezorg(raw)
    # when read again
    aantal = inbox.postbus_lezen(gemeente, imap_postbus(imap_server))
    # then nothing new is stored, and the copy is marked processed anyway
    assert aantal == 0
    assert Inboxbericht.objects.count() == 1
    assert inbox.postbus_lezen(gemeente, imap_postbus(imap_server)) == 0


def test_attachments_are_stored_and_scanned(gemeente: Any, imap_server: ImapTestServer) -> None:
    # given a mail with a clean, an infected and an unscannable attachment
    imap_server.bezorg(
        mail(
            bijlagen=[("brief.pdf", b"%PDF-1.4 aanvraag"), ("virus.com", EICAR), ("raar.bin", b"KAPOT")]
        ).as_bytes()
    )
    scanner = Scanner()
    # when read with a scanner
    inbox.postbus_lezen(gemeente, imap_postbus(imap_server), scanner)
    # then every attachment is stored with its verdict, and only the clean one may be opened
    bijlagen = {b.bestandsnaam: b for b in Inboxbijlage.objects.all()}
    assert len(scanner.gescand) == 3
    assert bijlagen["brief.pdf"].scanstatus == ScanStatus.SCHOON
    assert bijlagen["brief.pdf"].downloadbaar
    assert bijlagen["brief.pdf"].bestand.read() == b"%PDF-1.4 aanvraag"
    assert bijlagen["virus.com"].scanstatus == ScanStatus.BESMET
    assert bijlagen["virus.com"].scanbevinding == "Eicar-Signature"
    assert not bijlagen["virus.com"].downloadbaar
    assert bijlagen["raar.bin"].scanstatus == ScanStatus.FOUT
    assert "niet bereikbaar" in bijlagen["raar.bin"].scanbevinding
    assert not bijlagen["raar.bin"].downloadbaar


def test_without_a_scanner_attachments_are_not_scanned(gemeente: Any, tmp_path: Path) -> None:
    maildir = MaildirPostbus(tmp_path / "postbus")
    (tmp_path / "postbus" / "new" / "1.eml").write_bytes(
        mail(bijlagen=[("foto.jpg", b"\xff\xd8")]).as_bytes()
    )
    inbox.postbus_lezen(gemeente, maildir)
    bijlage = Inboxbijlage.objects.get()
    assert bijlage.scanstatus == ScanStatus.NIET_GESCAND
    assert bijlage.downloadbaar


def test_clamd_stand_in_scans_attachments(gemeente: Any, tmp_path: Path) -> None:
    # the real clamd client against the protocol stand-in of the integraties tests
    test_virusscan = pytest.importorskip("eenloket.integraties.tests.test_virusscan")
    import socketserver  # noqa: F401 - the stand-in's server classes use it
    import threading

    from eenloket.integraties.virusscan import ClamdScanner

    nep = test_virusscan.NepClamd()
    server = test_virusscan._Server(("127.0.0.1", 0), test_virusscan._Handler)
    server.nep = nep
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        maildir = MaildirPostbus(tmp_path / "postbus")
        (tmp_path / "postbus" / "new" / "1.eml").write_bytes(mail(bijlagen=[("x.com", EICAR)]).as_bytes())
        inbox.postbus_lezen(gemeente, maildir, ClamdScanner("127.0.0.1", server.server_address[1], timeout=5))
    finally:
        server.shutdown()
        server.server_close()
    bijlage = Inboxbijlage.objects.get()
    assert bijlage.scanstatus == ScanStatus.BESMET
    assert bijlage.scanbevinding == "Eicar-Signature"


def test_maildir_of_the_embedded_default(
    gemeente: Any, agent: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # given the embedded default: no IMAP, a Maildir under the data folder, the outbox backend
    settings.IMAP_HOST = ""
    settings.IMAP_ORGANISATIE = ""
    settings.PRODUCTION = False
    settings.DATA_DIR = tmp_path
    settings.EMAIL_BACKEND = "eenloket.core.mail.OutboxEmailBackend"
    MaildirPostbus(tmp_path / "postbus")  # makes new/, cur/ and tmp/
    (tmp_path / "postbus" / "new" / "vraag.eml").write_bytes(mail(onderwerp="Afvalpas kwijt").as_bytes())
    # when the periodic job runs
    assert tasks.inbox_lezen.call() == {"opgeslagen": 1}
    # then the mail is in the first municipality's inbox, and the file marked processed
    gesprek = Inboxgesprek.objects.get()
    assert gesprek.organisatie == gemeente
    assert gesprek.onderwerp == "Afvalpas kwijt"
    assert not list((tmp_path / "postbus" / "new").iterdir())
    assert tasks.inbox_lezen.call() == {"opgeslagen": 0}
    # and an answer lands in the in-app mailbox
    with django_capture_on_commit_callbacks(execute=True):
        inbox.gesprek_beantwoorden(gesprek=gesprek, tekst="U kunt een nieuwe aanvragen.", by=agent)
    verstuur_wachtende()
    assert LokaleMail.objects.get().onderwerp == "Re: Afvalpas kwijt"


def test_the_mailbox_organisation_comes_from_the_setting(
    gemeente: Any, lindewaard: Any, settings: Any
) -> None:
    settings.IMAP_ORGANISATIE = "lindewaard"
    assert inbox.postbus_organisatie() == lindewaard
    settings.IMAP_ORGANISATIE = ""
    assert inbox.postbus_organisatie() == gemeente  # Eikendal sorts first


class _Postbus:
    """A mailbox handing out prepared mails, recording what was marked processed."""

    def __init__(self, mails: list[OntvangenMail]) -> None:
        self.mails = mails
        self.verwerkt_sleutels: list[str] = []

    def __enter__(self) -> _Postbus:
        return self

    def __exit__(self, *args: object) -> None:
        pass

    def ophalen(self, limiet: int = 100) -> list[OntvangenMail]:
        return self.mails[:limiet]

    def verwerkt(self, sleutels: list[str]) -> None:
        self.verwerkt_sleutels += sleutels


def test_a_broken_mail_is_kept_and_never_blocks_the_rest(
    gemeente: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given three mails of which the middle one makes storing fail
    mails = [parse_mail(mail(onderwerp=f"Vraag {n}").as_bytes(), str(n)) for n in range(3)]
    echt = inbox._bijlage_opslaan
    origineel = inbox._mail_opslaan

    def kapot(organisatie: Any, m: OntvangenMail, *args: Any) -> bool:
        if m.sleutel == "1":
            raise RuntimeError("kapot")
        return origineel(organisatie, m, *args)

    monkeypatch.setattr(inbox, "_mail_opslaan", kapot)
    postbus = _Postbus(mails)
    # when read
    inbox.postbus_lezen(gemeente, postbus)  # type: ignore[arg-type]
    # then all three are marked processed; the broken one is a thread with the original
    assert postbus.verwerkt_sleutels == ["0", "1", "2"]
    assert Inboxgesprek.objects.count() == 3
    kapotte = Inboxbericht.objects.get(bron_sleutel="1")
    assert "niet automatisch" in kapotte.tekst
    (origineel_eml,) = kapotte.bijlagen.all()
    assert origineel_eml.bestandsnaam == "origineel.eml"
    assert not origineel_eml.downloadbaar
    assert echt is inbox._bijlage_opslaan


def test_when_even_the_placeholder_fails_the_mail_stays_in_the_mailbox(
    gemeente: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    mails = [parse_mail(mail(onderwerp=f"Vraag {n}").as_bytes(), str(n)) for n in range(2)]
    origineel = inbox._mail_opslaan

    def kapot(organisatie: Any, m: OntvangenMail, *args: Any) -> bool:
        if m.sleutel == "0":
            raise RuntimeError("kapot")
        return origineel(organisatie, m, *args)

    def ook_kapot(*args: Any) -> None:
        raise RuntimeError("ook kapot")

    monkeypatch.setattr(inbox, "_mail_opslaan", kapot)
    monkeypatch.setattr(inbox, "_onverwerkbaar_opslaan", ook_kapot)
    postbus = _Postbus(mails)
    assert inbox.postbus_lezen(gemeente, postbus) == 1  # type: ignore[arg-type]
    assert postbus.verwerkt_sleutels == ["1"]
    assert "kapot" in Postbusstand.objects.get().laatste_fout


def test_answering_twice_with_the_same_form_sends_once(
    gemeente: Any, agent: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    MaildirPostbus(tmp_path / "postbus")
    (tmp_path / "postbus" / "new" / "1.eml").write_bytes(mail().as_bytes())
    inbox.postbus_lezen(gemeente, MaildirPostbus(tmp_path / "postbus"))
    gesprek = Inboxgesprek.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        eerste = inbox.gesprek_beantwoorden(gesprek=gesprek, tekst="Antwoord", by=agent, sleutel="abc")
        tweede = inbox.gesprek_beantwoorden(gesprek=gesprek, tekst="Antwoord", by=agent, sleutel="abc")
    assert eerste.pk == tweede.pk
    assert Inboxbericht.objects.filter(richting=Richting.UITGAAND).count() == 1
    assert Klantcontact.objects.filter(gesprek=gesprek).count() == 1


def test_sending_failure_is_recorded_and_retried(
    gemeente: Any, agent: Any, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from eenloket.integraties.tests.mailservers import vrije_poort

    MaildirPostbus(tmp_path / "postbus")
    (tmp_path / "postbus" / "new" / "1.eml").write_bytes(mail().as_bytes())
    inbox.postbus_lezen(gemeente, MaildirPostbus(tmp_path / "postbus"))
    gesprek = Inboxgesprek.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", vrije_poort(), False
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = inbox.gesprek_beantwoorden(gesprek=gesprek, tekst="Antwoord", by=agent)
    assert tasks.inbox_bericht_verzenden.call(antwoord.pk) == "opnieuw"
    antwoord.refresh_from_db()
    assert antwoord.verzonden_op is None
    assert antwoord.verzendfout
