"""E-mail in and out: parsing real-world shaped mail, reading a real Dovecot over IMAP,
the local Maildir, and answering through Django's SMTP backend to a real SMTP server."""

from __future__ import annotations

import mailbox
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from django.core.mail import EmailMessage as DjangoEmailMessage
from django.core.mail import get_connection

from eenloket.integraties.mail import (
    ImapPostbus,
    MaildirPostbus,
    OntvangenMail,
    PostbusFout,
    antwoord_headers,
    html_naar_tekst,
    parse_mail,
    postbus_uit_instellingen,
)
from eenloket.integraties.tests.mailservers import (
    ImapTestServer,
    SmtpTestServer,
    imap_server,
    smtp_server,
)

__all__ = ["imap_server", "smtp_server"]  # fixtures, imported to be used here

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def bericht(
    onderwerp: str = "Vraag over mijn paspoort",
    tekst: str | None = "Goedemiddag,\n\nMijn paspoort is verlopen. Wat moet ik doen?\n\nJan",
    van: str = "Jan de Vries <Jan.de.Vries@Example.NL>",
    aan: str = "Gemeente Eikendal <info@eikendal.nl>",
    datum: datetime | None = datetime(2025, 3, 14, 9, 30, tzinfo=UTC),
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = van
    msg["To"] = aan
    msg["Subject"] = onderwerp
    msg["Message-ID"] = make_msgid(domain="example.nl")
    if datum is not None:
        msg["Date"] = format_datetime(datum)
    for naam, waarde in headers.items():
        msg[naam.replace("_", "-")] = waarde
    if tekst is not None:
        msg.set_content(tekst)
    return msg


# --- parse_mail -------------------------------------------------------------------------


def test_plain_mail() -> None:
    # given a plain mail from a resident
    msg = bericht(Cc="Buurman <Buur@Example.NL>")
    raw = msg.as_bytes()
    # when it is parsed
    mail = parse_mail(raw, "7")
    # then every field is decoded
    assert mail.sleutel == "7"
    assert mail.message_id == msg["Message-ID"]
    assert (mail.van_naam, mail.van_adres) == ("Jan de Vries", "jan.de.vries@example.nl")
    assert mail.aan == ["info@eikendal.nl"]
    assert mail.cc == ["buur@example.nl"]
    assert mail.onderwerp == "Vraag over mijn paspoort"
    assert mail.tekst == "Goedemiddag,\n\nMijn paspoort is verlopen. Wat moet ik doen?\n\nJan"
    assert mail.html == ""
    assert mail.datum == datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    assert mail.bijlagen == []
    assert mail.ruw == raw
    assert (mail.in_reply_to, mail.references, mail.automatisch) == ("", [], False)


def test_html_only_mail_gets_a_text_version() -> None:
    msg = bericht(tekst=None)
    msg.set_content(
        "<html><head><style>p {color: red}</style><title>x</title></head><body>"
        "<p>Beste gemeente,</p><p>De lantaarnpaal bij de Dorpsstraat&nbsp;12 is kapot &amp; "
        "het is er <b>donker</b>.</p><ul><li>sinds maandag</li><li>al twee keer gemeld</li></ul>"
        "<script>alert(1)</script><div>Groet,<br>Fatima</div></body></html>",
        subtype="html",
    )
    mail = parse_mail(msg.as_bytes(), "1")
    assert "<b>donker</b>" in mail.html
    assert mail.tekst == (
        "Beste gemeente,\n\nDe lantaarnpaal bij de Dorpsstraat 12 is kapot & het is er donker.\n\n"
        "- sinds maandag\n- al twee keer gemeld\n\nGroet,\nFatima"
    )


def test_alternative_mail_keeps_both_versions() -> None:
    msg = bericht(tekst="Tekstversie van de vraag.")
    msg.add_alternative("<p>HTML-versie van de <i>vraag</i>.</p>", subtype="html")
    mail = parse_mail(msg.as_bytes(), "1")
    assert mail.tekst == "Tekstversie van de vraag."
    assert mail.html.strip() == "<p>HTML-versie van de <i>vraag</i>.</p>"
    assert mail.bijlagen == []


def test_attachments_with_non_ascii_names_and_an_inline_image() -> None:
    # given a mail with text + HTML with an embedded picture, and two attachments: one
    # named in RFC 2231 (standard), one in an encoded word (as Outlook does)
    msg = bericht(tekst="Zie de bijlagen.")
    msg.add_alternative('<p>Zie de foto: <img src="cid:foto1@example.nl"></p>', subtype="html")
    html_part = msg.get_body(preferencelist=("html",))
    assert html_part is not None
    html_part.add_related(PNG, "image", "png", cid="<foto1@example.nl>")
    msg.add_attachment(PDF, "application", "pdf", filename="Aanvraag vergunning – één.pdf")
    raw = msg.as_bytes()
    outlook = (
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
        b' name="=?utf-8?B?QmV6d2FhcnNjaHJpZnQgw6lsw6luLmRvY3g=?="\n'
        b"Content-Disposition: attachment;\n"
        b' filename="=?utf-8?B?QmV6d2FhcnNjaHJpZnQgw6lsw6luLmRvY3g=?="\n'
        b"Content-Transfer-Encoding: base64\n\nUEsDBA==\n"
    )
    grens = msg.get_boundary()
    assert grens is not None
    raw = raw.replace(
        f"--{grens}--".encode(), b"--" + grens.encode() + b"\n" + outlook + f"--{grens}--".encode()
    )
    # when it is parsed
    mail = parse_mail(raw, "1")
    # then the body is the text, and all three files come out with their real names
    assert mail.tekst == "Zie de bijlagen."
    namen = [(b.bestandsnaam, b.content_type, b.inline) for b in mail.bijlagen]
    assert namen == [
        ("bijlage-1.png", "image/png", True),
        ("Aanvraag vergunning – één.pdf", "application/pdf", False),
        (
            "Bezwaarschrift élén.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            False,
        ),
    ]
    assert mail.bijlagen[0].inhoud == PNG
    assert mail.bijlagen[1].inhoud == PDF
    assert mail.bijlagen[2].inhoud == b"PK\x03\x04"


def test_attachment_names_cannot_name_folders() -> None:
    msg = bericht(tekst="x")
    msg.add_attachment(b"data", "application", "octet-stream", filename="..\\..\\Windows\\evil.exe")
    msg.add_attachment(b"data", "application", "octet-stream", filename="../../etc/passwd")
    namen = [b.bestandsnaam for b in parse_mail(msg.as_bytes(), "1").bijlagen]
    assert namen == ["evil.exe", "passwd"]


def test_forwarded_mail_is_one_attachment() -> None:
    # given a colleague forwards a resident's mail (with its own attachment) as an attachment
    origineel = bericht(onderwerp="Klacht over afvalinzameling", tekst="De container is niet geleegd.")
    origineel.add_attachment(PNG, "image", "png", filename="container.png")
    doorgestuurd = bericht(
        onderwerp="Fwd: Klacht over afvalinzameling",
        van="Collega <collega@eikendal.nl>",
        tekst="Zie onderstaande klacht.",
    )
    doorgestuurd.add_attachment(origineel)
    # when it is parsed
    mail = parse_mail(doorgestuurd.as_bytes(), "1")
    # then the forwarded mail is one .eml attachment; its own attachment stays inside it
    assert mail.tekst == "Zie onderstaande klacht."
    assert [(b.bestandsnaam, b.content_type) for b in mail.bijlagen] == [
        ("Klacht over afvalinzameling.eml", "message/rfc822")
    ]
    binnen = parse_mail(mail.bijlagen[0].inhoud, "x")
    assert binnen.onderwerp == "Klacht over afvalinzameling"
    assert binnen.tekst == "De container is niet geleegd."
    assert [b.bestandsnaam for b in binnen.bijlagen] == ["container.png"]


def test_encoded_word_headers() -> None:
    raw = (
        b"From: =?iso-8859-1?Q?Jos=E9_M=FCller?= <jose@example.nl>\r\n"
        b"To: info@eikendal.nl\r\n"
        b"Subject: =?utf-8?B?QWFudnJhYWcgcGFya2VlcnZlcmd1bm5pbmcg4oCTIMOpw6luIGF1dG8=?=\r\n"
        b" =?utf-8?q?_=28spoed=29?=\r\n"
        b"Date: Fri, 14 Mar 2025 10:30:00 +0100\r\n"
        b"\r\nTekst.\r\n"
    )
    mail = parse_mail(raw, "1")
    assert mail.van_naam == "José Müller"
    assert mail.onderwerp == "Aanvraag parkeervergunning – één auto (spoed)"
    assert mail.datum == datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    assert mail.tekst == "Tekst."


@pytest.mark.parametrize(
    ("charset", "inhoud", "verwacht"),
    [
        (
            "iso-8859-1",
            "Geachte heer/mevrouw, ik woon in Curaçao en mijn café".encode("latin-1"),
            "Curaçao en mijn café",
        ),
        # Latin-1 declared, Windows-1252 meant: the euro sign and curly quotes
        ("iso-8859-1", b"Kosten \x80 25, \x93leges\x94", "Kosten € 25, “leges”"),
        ("windows-1252", b"Kosten \x80 25", "Kosten € 25"),
        ("utf-8", "Kosten € 25, één".encode(), "Kosten € 25, één"),
        # wrong declaration: UTF-8 bytes in a "us-ascii" mail
        ("us-ascii", "Kosten € 25".encode(), "Kosten € 25"),
        # a charset Python does not know
        ("x-unknown-charset", "geen idee wat dit is: é".encode(), "geen idee wat dit is: é"),
    ],
)
def test_body_charsets(charset: str, inhoud: bytes, verwacht: str) -> None:
    raw = (
        b"From: a@example.nl\r\nTo: info@eikendal.nl\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=" + charset.encode() + b"\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + inhoud + b"\r\n"
    )
    assert verwacht in parse_mail(raw, "1").tekst


def test_quoted_printable_latin1_body() -> None:
    msg = bericht(tekst=None)
    msg.set_content(
        "Graag een afspraak voor mijn rijbewijs. Groeten, Renée", charset="iso-8859-1", cte="quoted-printable"
    )
    assert b"Ren=E9e" in msg.as_bytes()
    assert parse_mail(msg.as_bytes(), "1").tekst == "Graag een afspraak voor mijn rijbewijs. Groeten, Renée"


def test_missing_date_is_the_moment_of_reading() -> None:
    voor = datetime.now(UTC)
    mail = parse_mail(bericht(datum=None).as_bytes(), "1")
    assert voor - timedelta(seconds=1) <= mail.datum <= datetime.now(UTC) + timedelta(seconds=1)
    assert mail.datum.tzinfo is not None


def test_reply_headers() -> None:
    # given a resident's answer to an earlier mail of the municipality
    wortel, antwoord = "<wortel@eikendal.nl>", "<antwoord1@eikendal.nl>"
    msg = bericht(
        onderwerp="Re: Uw aanvraag",
        In_Reply_To=antwoord,
        References=f"{wortel} {antwoord}",
        Reply_To="Jan <jan.prive@example.nl>",
    )
    mail = parse_mail(msg.as_bytes(), "1")
    assert mail.in_reply_to == antwoord
    assert mail.references == [wortel, antwoord]
    assert mail.antwoord_aan == "jan.prive@example.nl"
    # and an answer to it continues the thread
    assert antwoord_headers(mail) == {
        "In-Reply-To": mail.message_id,
        "References": f"{wortel} {antwoord} {mail.message_id}",
    }


def test_malformed_headers_are_tolerated() -> None:
    # given a mail with everything wrong that real senders get wrong
    raw = (
        "From: Jörg Übel <JOERG@Example.NL\r\n"  # raw UTF-8, unclosed bracket
        "To: info@eikendal.nl, broken <<x, , @@\r\n"
        "Subject: Café =?x-unknown?Q?abc?= €5\r\n"  # raw UTF-8 and an unknown charset
        "Date: gisteren rond een uur of drie\r\n"
        "Message-ID: geen-haken@example.nl\r\n"
        "In-Reply-To: <a@b> (comment) <c@d>\r\n"
        'Content-Type: multipart/mixed; boundary="GRENS"\r\n'
        '\r\n--GRENS\r\nContent-Type: text/plain; charset="utf-8\r\n\r\nhoi é\r\n'
        "--GRENS\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        "\r\n!!!niet base64\r\n"
    ).encode()  # and no closing boundary
    # when it is parsed, then nothing raises and what can be read is read
    mail = parse_mail(raw, "1")
    assert mail.van_adres == "joerg@example.nl"
    assert "Jörg" in mail.van_naam
    assert mail.aan == ["info@eikendal.nl"]
    assert mail.onderwerp.startswith("Café")
    assert mail.onderwerp.endswith("€5")
    assert mail.datum.tzinfo is not None
    assert mail.message_id == "geen-haken@example.nl"
    assert mail.in_reply_to == "<a@b>"
    assert mail.tekst == "hoi é"
    assert [b.content_type for b in mail.bijlagen] == ["application/pdf"]
    assert mail.bijlagen[0].bestandsnaam == "bijlage-1.pdf"


def test_not_a_mail_at_all() -> None:
    mail = parse_mail(b"\x00\xff dit is geen e-mail", "1")
    assert mail.van_adres == ""
    assert mail.ruw == b"\x00\xff dit is geen e-mail"


def test_automatic_replies_are_recognised() -> None:
    assert parse_mail(bericht(Auto_Submitted="auto-replied").as_bytes(), "1").automatisch
    assert parse_mail(bericht(X_Autoreply="yes").as_bytes(), "1").automatisch
    assert parse_mail(bericht(Precedence="bulk").as_bytes(), "1").automatisch
    assert not parse_mail(bericht(Auto_Submitted="no").as_bytes(), "1").automatisch


def test_apple_mail_text_around_a_picture_is_kept_whole() -> None:
    msg = bericht(tekst="Hier is de foto van de stoep:")
    msg.make_mixed()
    foto = EmailMessage()
    foto.set_content(PNG, "image", "png", disposition="inline", filename="IMG_0001.png")
    msg.attach(foto)
    naschrift = EmailMessage()
    naschrift.set_content("Het is al weken zo.")
    del naschrift["MIME-Version"]
    msg.attach(naschrift)
    mail = parse_mail(msg.as_bytes(), "1")
    assert mail.tekst == "Hier is de foto van de stoep:\n\nHet is al weken zo."
    assert [(b.bestandsnaam, b.inline) for b in mail.bijlagen] == [("IMG_0001.png", True)]


def test_html_naar_tekst_entities_and_whitespace() -> None:
    assert html_naar_tekst("<p>A&amp;B&#8364;  \n  C</p><p></p><p></p><p>D</p>") == "A&B€ C\n\nD"


def test_antwoord_headers_without_message_id() -> None:
    mail = parse_mail(b"From: a@example.nl\r\nSubject: x\r\n\r\nx", "1")
    assert antwoord_headers(mail) == {}


def test_antwoord_headers_keep_a_long_thread_short() -> None:
    ids = " ".join(f"<id{n}@example.nl>" for n in range(40))
    mail = parse_mail(bericht(References=ids).as_bytes(), "1")
    keten = antwoord_headers(mail)["References"].split()
    assert len(keten) == 20
    assert keten[0] == "<id0@example.nl>"
    assert keten[-1] == mail.message_id


# --- IMAP against Dovecot ---------------------------------------------------------------


def postbus(server: ImapTestServer, port: int | None = None, **kwargs: object) -> ImapPostbus:
    opties: dict[str, object] = {"ca_bestand": server.ca_file, "timeout": 10}
    opties.update(kwargs)
    return ImapPostbus(server.host, port or server.port, server.user, server.password, **opties)  # type: ignore[arg-type]


def test_imap_fetches_unseen_mail_without_marking_it_read(imap_server: ImapTestServer) -> None:
    # given two new mails and one that was already read in another client
    eerste = imap_server.bezorg(bericht(onderwerp="Eerste").as_bytes())
    tweede = imap_server.bezorg(bericht(onderwerp="Tweede").as_bytes())
    gelezen = imap_server.bezorg(bericht(onderwerp="Al gelezen").as_bytes())
    with imap_server.verbinding() as imap:
        imap.uid("STORE", gelezen, "+FLAGS", r"(\Seen)")
    # when the inbox fetches
    with postbus(imap_server) as pb:
        mails = pb.ophalen()
    # then it gets the unread ones, oldest first, keyed by UID, fully parsed
    assert [(m.sleutel, m.onderwerp) for m in mails] == [(eerste, "Eerste"), (tweede, "Tweede")]
    assert mails[0].van_adres == "jan.de.vries@example.nl"
    assert "paspoort" in mails[0].tekst
    # and fetching did not mark them read (BODY.PEEK)
    assert r"\Seen" not in imap_server.vlaggen(eerste)
    assert r"\Seen" not in imap_server.vlaggen(tweede)


def test_imap_processed_mail_is_not_fetched_again(imap_server: ImapTestServer) -> None:
    uids = [imap_server.bezorg(bericht(onderwerp=f"Vraag {n}").as_bytes()) for n in range(3)]
    with postbus(imap_server) as pb:
        # when the first two are processed
        eerste_ronde = pb.ophalen(limiet=2)
        assert [m.sleutel for m in eerste_ronde] == uids[:2]
        pb.verwerkt([m.sleutel for m in eerste_ronde])
        # then only the third comes next time, also over a new connection
        assert [m.sleutel for m in pb.ophalen()] == uids[2:]
    with postbus(imap_server) as pb:
        assert [m.sleutel for m in pb.ophalen()] == uids[2:]
        pb.verwerkt([uids[2]])
        assert pb.ophalen() == []
    assert all(r"\Seen" in imap_server.vlaggen(uid) for uid in uids)


def test_imap_processed_mail_moves_to_a_folder(imap_server: ImapTestServer) -> None:
    # given a folder for processed mail that does not exist yet, with a non-ASCII name
    uid = imap_server.bezorg(bericht().as_bytes())
    with postbus(imap_server, verwerkt_map="Afgehandeld één") as pb:
        (mail,) = pb.ophalen()
        pb.verwerkt([mail.sleutel])
        assert pb.ophalen() == []
    # then the mail left the inbox for that folder, marked read
    assert imap_server.uids() == []
    (verplaatst,) = imap_server.uids("Afgehandeld één")
    assert r"\Seen" in imap_server.vlaggen(verplaatst, "Afgehandeld één")
    assert uid


def test_imap_large_and_many_messages(imap_server: ImapTestServer) -> None:
    # more than one FETCH batch, one of them with a 2 MB attachment
    groot = bericht()
    groot.add_attachment(os.urandom(2 * 1024 * 1024), "application", "octet-stream", filename="groot.bin")
    imap_server.bezorg(groot.as_bytes())
    for n in range(24):
        imap_server.bezorg(bericht(onderwerp=f"Bericht {n}").as_bytes())
    with postbus(imap_server) as pb:
        mails = pb.ophalen()
    assert len(mails) == 25
    assert len(mails[0].bijlagen[0].inhoud) == 2 * 1024 * 1024


def test_imap_wrong_password(imap_server: ImapTestServer) -> None:
    pb = ImapPostbus(
        imap_server.host,
        imap_server.port,
        imap_server.user,
        "fout-wachtwoord-123",
        ca_bestand=imap_server.ca_file,
    )
    with pytest.raises(PostbusFout) as fout:
        pb.ophalen()
    melding = str(fout.value)
    assert imap_server.user in melding
    assert "EENLOKET_IMAP_PASSWORD" in melding
    assert "fout-wachtwoord-123" not in melding
    assert fout.value.__cause__ is None
    assert "fout-wachtwoord-123" not in repr(pb)


def test_imap_untrusted_certificate(imap_server: ImapTestServer) -> None:
    # without the test CA, the server's certificate is not trusted: no silent fallback
    with pytest.raises(PostbusFout, match="EENLOKET_IMAP_CA_FILE"):
        postbus(imap_server, ca_bestand="").ophalen()


def test_imap_starttls(imap_server: ImapTestServer) -> None:
    imap_server.bezorg(bericht().as_bytes())
    with postbus(imap_server, imap_server.starttls_port, beveiliging="starttls") as pb:
        assert len(pb.ophalen()) == 1


def test_imap_non_ascii_password(imap_server: ImapTestServer) -> None:
    gebruiker, wachtwoord = imap_server.nieuwe_gebruiker("wachtwoord-€-één")
    pb = ImapPostbus(
        imap_server.host, imap_server.port, gebruiker, wachtwoord, ca_bestand=imap_server.ca_file
    )
    with pb:
        assert pb.ophalen() == []


def test_imap_unknown_folder(imap_server: ImapTestServer) -> None:
    with pytest.raises(PostbusFout, match="Bestaat-niet"):
        postbus(imap_server, map="Bestaat-niet").ophalen()


def test_imap_unreachable_server() -> None:
    with pytest.raises(PostbusFout, match="niet bereikbaar"):
        ImapPostbus("127.0.0.1", 1, "x", "y", timeout=2).ophalen()


# --- Maildir ----------------------------------------------------------------------------


def test_maildir_reads_dropped_eml_files_and_marks_them_processed(tmp_path: Path) -> None:
    # given a local mailbox with a dropped .eml file and a regularly delivered message
    pad = tmp_path / "postbus"
    pb = MaildirPostbus(pad)
    (pad / "new" / "vraag.eml").write_bytes(bericht(onderwerp="Neergezet").as_bytes())
    os.utime(pad / "new" / "vraag.eml", (time.time() - 60, time.time() - 60))
    sleutel = mailbox.Maildir(pad).add(bericht(onderwerp="Bezorgd").as_bytes())
    # and one in cur/ that a mail client has read, and one it has not
    (pad / "cur" / "gelezen:2,S").write_bytes(bericht(onderwerp="Gelezen").as_bytes())
    (pad / "cur" / "ongelezen:2,").write_bytes(bericht(onderwerp="Ongelezen").as_bytes())
    # when the inbox fetches
    with pb:
        mails = pb.ophalen()
    # then it gets the unread ones, oldest first
    assert mails[0].onderwerp == "Neergezet"
    assert sorted((m.sleutel, m.onderwerp) for m in mails) == sorted(
        [("vraag.eml", "Neergezet"), (sleutel, "Bezorgd"), ("ongelezen", "Ongelezen")]
    )
    # when they are processed
    pb.verwerkt([m.sleutel for m in mails])
    # then they are in cur/ with the Seen flag, and not fetched again
    assert pb.ophalen() == []
    assert sorted(p.name for p in (pad / "cur").iterdir()) == sorted(
        ["gelezen:2,S", "ongelezen:2,S", "vraag.eml:2,S", f"{sleutel}:2,S"]
    )
    assert list((pad / "new").iterdir()) == []
    # and a standard Maildir reader agrees
    assert all("S" in m.get_flags() for m in mailbox.Maildir(pad))


def test_maildir_limit_and_unknown_keys(tmp_path: Path) -> None:
    pb = MaildirPostbus(tmp_path / "postbus")
    for n in range(3):
        (tmp_path / "postbus" / "new" / f"{n}.eml").write_bytes(bericht(onderwerp=str(n)).as_bytes())
    assert len(pb.ophalen(limiet=2)) == 2
    pb.verwerkt(["bestaat-niet"])  # already gone: no error
    with pytest.raises(ValueError, match="Maildir"):
        pb.verwerkt(["../../etc/passwd"])
    assert len(pb.ophalen()) == 3


# --- answering over SMTP ----------------------------------------------------------------


def _antwoord_versturen(origineel: OntvangenMail, **backend: object) -> None:
    antwoord = DjangoEmailMessage(
        subject=f"Re: {origineel.onderwerp}",
        body="Beste heer De Vries,\n\nU kunt online een afspraak maken.\n\nGemeente Eikendal",
        from_email="Gemeente Eikendal <info@eikendal.nl>",
        to=[origineel.antwoord_aan or origineel.van_adres],
        headers=antwoord_headers(origineel),
        connection=get_connection("django.core.mail.backends.smtp.EmailBackend", **backend),
    )
    assert antwoord.send() == 1


def test_reply_over_smtp_keeps_the_thread(smtp_server: SmtpTestServer) -> None:
    # given a received mail that itself answered an earlier one
    origineel = parse_mail(
        bericht(onderwerp="Vraag over één paspoort", References="<eerder@eikendal.nl>").as_bytes(), "1"
    )
    # when the KCC answers it through Django's SMTP backend
    _antwoord_versturen(origineel, host=smtp_server.host, port=smtp_server.port, use_tls=False, timeout=10)
    # then the SMTP server got it, with the threading headers intact
    (ontvangen,) = smtp_server.berichten
    assert ontvangen.ontvangers == ["jan.de.vries@example.nl"]
    assert ontvangen.afzender == "info@eikendal.nl"
    assert ontvangen.bericht["In-Reply-To"] == origineel.message_id
    assert ontvangen.bericht["Subject"] == "Re: Vraag over één paspoort"
    # and read back as the resident's mail client would, it belongs to the same thread
    terug = parse_mail(ontvangen.inhoud, "x")
    assert terug.in_reply_to == origineel.message_id
    assert terug.references == ["<eerder@eikendal.nl>", origineel.message_id]


def test_reply_over_smtp_with_starttls_and_login(
    smtp_server: SmtpTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the production way: port 587, STARTTLS with a verified certificate, AUTH
    monkeypatch.setenv("SSL_CERT_FILE", smtp_server.ca_file)
    origineel = parse_mail(
        bericht(References=" ".join(f"<id{n}@example.nl>" for n in range(30))).as_bytes(), "1"
    )
    # when answered
    _antwoord_versturen(
        origineel,
        host="localhost",
        port=smtp_server.port,
        use_tls=True,
        username=smtp_server.user,
        password=smtp_server.password,
        timeout=10,
    )
    # then it went encrypted and logged in, and the long References header survived folding
    (ontvangen,) = smtp_server.berichten
    assert ontvangen.tls
    assert ontvangen.aangemeld_als == smtp_server.user
    assert parse_mail(ontvangen.inhoud, "x").references == antwoord_headers(origineel)["References"].split()


def test_django_settings_point_the_mail_backend_at_the_server(
    smtp_server: SmtpTestServer,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    origineel = parse_mail(bericht().as_bytes(), "1")
    DjangoEmailMessage(
        "Re: x", "y", "info@eikendal.nl", ["jan@example.nl"], headers=antwoord_headers(origineel)
    ).send()
    assert smtp_server.berichten[0].bericht["References"] == origineel.message_id


# --- choosing the mailbox from the settings ---------------------------------------------


def test_postbus_from_settings_embedded_is_the_local_maildir(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.IMAP_HOST = ""
    settings.PRODUCTION = False
    settings.DATA_DIR = tmp_path
    pb = postbus_uit_instellingen()
    assert isinstance(pb, MaildirPostbus)
    assert pb.pad == tmp_path / "postbus"
    assert (tmp_path / "postbus" / "new").is_dir()


def test_postbus_from_settings_production_without_imap_is_none(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMAP_HOST = ""
    settings.PRODUCTION = True
    assert postbus_uit_instellingen() is None


def test_postbus_from_settings_imap(settings, imap_server: ImapTestServer) -> None:  # type: ignore[no-untyped-def]
    # given the settings name the IMAP server, with its CA
    settings.IMAP_HOST = imap_server.host
    settings.IMAP_PORT = imap_server.port
    settings.IMAP_USER = imap_server.user
    settings.IMAP_PASSWORD = imap_server.password
    settings.IMAP_FOLDER = "INBOX"
    settings.IMAP_SECURITY = "ssl"
    settings.IMAP_CA_FILE = imap_server.ca_file
    settings.IMAP_VERWERKT_MAP = "Verwerkt"
    uid = imap_server.bezorg(bericht().as_bytes())
    # then that is the mailbox, and it works end to end
    pb = postbus_uit_instellingen()
    assert isinstance(pb, ImapPostbus)
    with pb:
        assert [m.sleutel for m in pb.ophalen()] == [uid]
        pb.verwerkt([uid])
    assert len(imap_server.uids("Verwerkt")) == 1


def test_postbus_from_settings_security_none_means_plain(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMAP_HOST = "127.0.0.1"
    settings.IMAP_SECURITY = "none"
    pb = postbus_uit_instellingen()
    assert isinstance(pb, ImapPostbus)
    assert pb.beveiliging == "geen"


def test_imap_without_tls_on_loopback(imap_server: ImapTestServer) -> None:
    # Dovecot counts a connection from this machine to itself as secure, as our production
    # check does: plain IMAP is allowed to a server on loopback only.
    imap_server.bezorg(bericht().as_bytes())
    with postbus(imap_server, imap_server.starttls_port, beveiliging="geen") as pb:
        assert len(pb.ophalen()) == 1


def _settings_laden(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    schoon = {k: v for k, v in os.environ.items() if not k.startswith("EENLOKET_")}
    schoon.update(
        {
            "EENLOKET_DATA_DIR": str(tmp_path),
            "EENLOKET_MODE": "production",
            "EENLOKET_SECRET_KEY": "k" * 64,
            "EENLOKET_ALLOWED_HOSTS": "loket.example.nl",
            "EENLOKET_DATABASE_URL": "postgres://eenloket@127.0.0.1:1/eenloket",
            "EENLOKET_SMTP_HOST": "smtp.example.nl",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import eenloket.conf.settings"],
        env=schoon,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("host", "geweigerd"),
    [("imap.example.nl", True), ("127.0.0.1", False), ("localhost", False), ("[::1]", False)],
)
def test_production_refuses_plain_imap_over_the_network(host: str, geweigerd: bool, tmp_path: Path) -> None:
    result = _settings_laden({"EENLOKET_IMAP_HOST": host, "EENLOKET_IMAP_SECURITY": "none"}, tmp_path)
    assert ("EENLOKET_IMAP_SECURITY" in result.stderr) is geweigerd, result.stderr
    assert (result.returncode != 0) is geweigerd


def test_unknown_imap_security_is_refused(tmp_path: Path) -> None:
    result = _settings_laden({"EENLOKET_MODE": "embedded", "EENLOKET_IMAP_SECURITY": "tls"}, tmp_path)
    assert result.returncode != 0
    assert "EENLOKET_IMAP_SECURITY" in result.stderr


def test_parsed_message_round_trips_through_the_stdlib() -> None:
    # the raw bytes are kept as received, so the inbox can store and re-parse them
    raw = bericht().as_bytes()
    assert BytesParser(policy=policy.default).parsebytes(parse_mail(raw, "1").ruw)["Subject"] == (
        "Vraag over mijn paspoort"
    )


def test_imap_broken_connection_is_a_postbus_error_and_the_next_call_reconnects(
    imap_server: ImapTestServer,
) -> None:
    imap_server.bezorg(bericht().as_bytes())
    with postbus(imap_server) as pb:
        # given the connection breaks (server restart, network)
        assert pb._imap is not None
        pb._imap.sock.shutdown(2)
        # then the fetch fails clearly, and the next one connects again
        with pytest.raises(PostbusFout, match="verbroken"):
            pb.ophalen()
        assert len(pb.ophalen()) == 1


def test_multipart_without_boundary_keeps_its_text() -> None:
    raw = b"From: a@example.nl\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\nGewoon tekst.\r\n"
    mail = parse_mail(raw, "1")
    assert mail.tekst == "Gewoon tekst."
    assert mail.bijlagen == []


def test_maildir_made_by_hand_with_only_new_gets_its_other_folders(tmp_path):
    from eenloket.integraties.mail import MaildirPostbus

    (tmp_path / "postbus" / "new").mkdir(parents=True)
    (tmp_path / "postbus" / "new" / "1.eml").write_bytes(
        b"Subject: hoi\r\nMessage-ID: <a@b>\r\n\r\ntekst\r\n"
    )
    postbus = MaildirPostbus(tmp_path / "postbus")
    mails = postbus.ophalen()
    postbus.verwerkt([m.sleutel for m in mails])
    assert (tmp_path / "postbus" / "cur").is_dir()
    assert MaildirPostbus(tmp_path / "postbus").ophalen() == []
