"""The omnichannel inbox: e-mail from the general mailbox and messages from the public
contact form, kept together per thread, answered by e-mail and registered as
klantcontacten.

Services (writes) and selectors (reads) of the inbox live here together because they
share the threading rules. Incoming mail: :func:`postbus_lezen` stores every message in
its own transaction, then tells the mailbox which ones were stored, so a crash between
the two fetches a message again rather than losing it (the unique Message-ID per
organisation makes that re-delivery a no-op). Outgoing mail: an answer is stored as an
outgoing :class:`Inboxbericht` with a Message-ID of our own and sent by a job after the
transaction commits (``contacten.tasks.inbox_bericht_verzenden``) through Django's mail
backend, so the resident's reply carries that id in In-Reply-To and joins the thread.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid as uuid_lib
from dataclasses import dataclass
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.contacten.constants import (
    MAX_ANTWOORD,
    MAX_VRAAG,
    GesprekStatus,
    KanaalSoort,
    NormSoort,
    Richting,
    ScanStatus,
    Uitkomst,
)
from eenloket.contacten.models import Inboxbericht, Inboxbijlage, Inboxgesprek, Kanaal, Postbusstand
from eenloket.contacten.services import (
    KLANTCONTACTEN,
    deadline_voor,
    digitaal_adres_onthouden,
    klantcontact_vastleggen,
    servicenorm_voor,
)
from eenloket.core.constants import OrganisatieSoort, VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie, Team, User
from eenloket.core.permissions import Actie
from eenloket.core.services import gebeurtenis_emit, verwerking_log
from eenloket.core.tenancy import as_actor, get_scoped, mag, scope, vereis
from eenloket.core.validators import normalise_telefoonnummer
from eenloket.integraties.mail import OntvangenMail, Postbus, PostbusFout
from eenloket.integraties.virusscan import VirusscanFout, Virusscanner
from eenloket.klanten.constants import DigitaalAdresSoort
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Persoon

logger = logging.getLogger(__name__)

OPEN = (GesprekStatus.NIEUW, GesprekStatus.IN_BEHANDELING)
# One run reads at most this many messages; the job runs every minute.
LEESLIMIET = 100
# Sending an answer is retried with back-off (30 s, 1 min, ... see core.tasks.wachttijd).
MAX_VERZENDPOGINGEN = 8
# RFC 5322 suggests keeping the root and the most recent ids of a long thread.
MAX_REFERENCES = 20


def _fout(veld: str, tekst: str) -> ValidationError:
    return ValidationError({veld: [tekst]})


def _user(actor: Actor) -> User | None:
    return actor.user if isinstance(actor.user, User) else None


# --- which mailbox belongs to which organisation ------------------------------------


def postbus_organisatie() -> Organisatie | None:
    """The organisation the general mailbox belongs to: ``EENLOKET_IMAP_ORGANISATIE``
    (an organisation code), else the first active municipality by name (the embedded
    default, as the public site picks it)."""
    actief = Organisatie.objects.filter(actief=True)
    if settings.IMAP_ORGANISATIE:
        return actief.filter(code=settings.IMAP_ORGANISATIE).first()
    return actief.filter(soort=OrganisatieSoort.GEMEENTE).order_by("naam").first()


def _kanaal(organisatie: Organisatie, soort: KanaalSoort) -> Kanaal:
    kanaal = (
        Kanaal.objects.filter(organisatie=organisatie, soort=soort, actief=True).order_by("volgorde").first()
        or Kanaal.objects.filter(organisatie=organisatie, soort=soort).order_by("volgorde").first()
    )
    if kanaal is None:  # an organisation whose channel list was emptied by hand
        kanaal = Kanaal.objects.create(
            organisatie=organisatie, code=str(soort.value), naam=str(soort.label), soort=soort
        )
    return kanaal


def _afzender(organisatie: Organisatie) -> str:
    """Our From address: the organisation's own address (the general mailbox, so a reply
    comes back to the inbox), else the installation's sender."""
    if organisatie.email:
        return formataddr((organisatie.naam, organisatie.email))
    return settings.DEFAULT_FROM_EMAIL


def _nieuw_message_id(afzender: str) -> str:
    domein = parseaddr(afzender)[1].rpartition("@")[2] or "eenloket.invalid"
    return make_msgid(domain=domein)


def _partij_voor_adres(organisatie: Organisatie, adres: str) -> tuple[Persoon | None, Bedrijf | None]:
    """The one person or business known by this e-mail address (a remembered
    DigitaalAdres or their own e-mail field); none when unknown or ambiguous (staff then
    link the sender by hand)."""
    adres = adres.strip().lower()
    if not adres:
        return None, None
    via = DigitaalAdres.objects.filter(organisatie=organisatie, soort=DigitaalAdresSoort.EMAIL, adres=adres)
    personen = list(
        Persoon.objects.filter(organisatie=organisatie)
        .filter(Q(email__iexact=adres) | Q(pk__in=via.exclude(persoon__isnull=True).values("persoon_id")))
        .distinct()[:2]
    )
    bedrijven = list(
        Bedrijf.objects.filter(organisatie=organisatie)
        .filter(Q(email__iexact=adres) | Q(pk__in=via.exclude(bedrijf__isnull=True).values("bedrijf_id")))
        .distinct()[:2]
    )
    if len(personen) + len(bedrijven) != 1:
        return None, None
    return (personen[0], None) if personen else (None, bedrijven[0])


def _deadline(organisatie: Organisatie, start: datetime.datetime) -> datetime.datetime:
    termijn, _omschrijving = servicenorm_voor(organisatie, soort=NormSoort.EMAIL)
    return deadline_voor(organisatie, start, termijn)


def _partij_log(gesprek: Inboxgesprek, actie: VerwerkingActie, handeling: str, actor: Actor) -> None:
    if gesprek.persoon_id is None and gesprek.bedrijf_id is None:
        return
    verwerking_log(
        actie=actie,
        handeling=handeling,
        activiteit=KLANTCONTACTEN.code,
        organisatie=gesprek.organisatie,
        object_type="inboxgesprek",
        object_id=gesprek.uuid,
        bsn=gesprek.persoon.bsn if gesprek.persoon else "",
        kvk_nummer=gesprek.bedrijf.kvk_nummer if gesprek.bedrijf else "",
        actor=actor,
    )


def _gebeurtenis(gesprek: Inboxgesprek, type: str, actie: str, actor: Actor, **kenmerken: str) -> None:
    gebeurtenis_emit(
        type=type,
        kanaal="klantinteracties",
        organisatie=gesprek.organisatie,
        object_type="inboxgesprekken",
        object_uuid=gesprek.uuid,
        actie=actie,
        kenmerken={"status": gesprek.status, "kanaal": gesprek.kanaal.soort, **kenmerken},
        actor=actor,
    )


# --- reading the mailbox ------------------------------------------------------------


def postbus_lezen(organisatie: Organisatie, postbus: Postbus, scanner: Virusscanner | None = None) -> int:
    """Read new mail from ``postbus`` into ``organisatie``'s inbox; returns how many
    messages were stored (re-delivered ones are not counted).

    Every message is stored in its own transaction; a message that cannot be stored is
    kept as a placeholder thread with the original attached, and if even that fails it
    is left unprocessed in the mailbox (retried next run) and the error is recorded on
    the ``Postbusstand``: one broken mail never blocks the rest. Call it outside a
    transaction (the background job and the management command do). Raises PostbusFout
    when the mailbox itself cannot be read; the error is recorded as well."""
    actor = Actor.proces("inbox_lezen")
    naam = repr(postbus)[:200]
    fouten: list[str] = []
    opgeslagen = 0
    try:
        with postbus:
            mails = postbus.ophalen(LEESLIMIET)
            verwerkt: list[str] = []
            for mail in mails:
                try:
                    opgeslagen += int(_mail_opslaan(organisatie, mail, scanner, actor))
                except Exception as exc:
                    logger.exception("inbox_bericht_mislukt sleutel=%s", mail.sleutel)
                    try:
                        _onverwerkbaar_opslaan(organisatie, mail, exc, actor)
                        opgeslagen += 1
                    except Exception:
                        logger.exception("inbox_bericht_niet_te_bewaren sleutel=%s", mail.sleutel)
                        fouten.append(
                            _("Bericht %(sleutel)s (%(id)s) niet verwerkt: %(fout)s")
                            % {"sleutel": mail.sleutel, "id": mail.message_id or "-", "fout": exc}
                        )
                        continue
                verwerkt.append(mail.sleutel)
            if verwerkt:
                postbus.verwerkt(verwerkt)
    except PostbusFout as exc:
        _stand_bijwerken(organisatie, naam, str(exc))
        raise
    _stand_bijwerken(organisatie, naam, "\n".join(fouten))
    logger.info(
        "inbox_gelezen organisatie=%s opgeslagen=%d fouten=%d", organisatie.code, opgeslagen, len(fouten)
    )
    return opgeslagen


def _stand_bijwerken(organisatie: Organisatie, naam: str, fout: str) -> None:
    Postbusstand.objects.update_or_create(
        organisatie=organisatie,
        postbus=naam,
        defaults={"laatst_gelezen_op": timezone.now(), "laatste_fout": fout[:4000]},
    )


def _message_id(mail: OntvangenMail) -> str:
    """The mail's Message-ID; a mail without one gets a stable one from its content, so
    re-delivering it is still recognised."""
    if mail.message_id:
        return mail.message_id[:300]
    return f"<{hashlib.sha256(mail.ruw).hexdigest()}@zonder-message-id.invalid>"


def _gesprek_bij(organisatie: Organisatie, mail: OntvangenMail) -> Inboxgesprek | None:
    """The thread a mail answers: the newest message of ours or theirs whose Message-ID
    the mail names in In-Reply-To or References."""
    ids = [i for i in [mail.in_reply_to, *mail.references] if i]
    if not ids:
        return None
    eerder = (
        Inboxbericht.objects.filter(organisatie=organisatie, message_id__in=ids)
        .order_by("-datum", "-pk")
        .values_list("gesprek_id", flat=True)
        .first()
    )
    if eerder is None:
        return None
    return (
        Inboxgesprek.objects.select_for_update(of=("self",))
        .select_related("kanaal", "organisatie")
        .get(pk=eerder)
    )


@transaction.atomic
def _mail_opslaan(
    organisatie: Organisatie, mail: OntvangenMail, scanner: Virusscanner | None, actor: Actor
) -> bool:
    message_id = _message_id(mail)
    if Inboxbericht.objects.filter(organisatie=organisatie, message_id=message_id).exists():
        return False  # re-delivered (a crash before verwerkt(), or the same mail twice)
    nu = timezone.now()
    # A Date header in the future (a wrong clock) must not push the thread down the list.
    datum = min(mail.datum, nu)
    adres = (mail.antwoord_aan or mail.van_adres)[:254]
    gesprek = _gesprek_bij(organisatie, mail)
    nieuw = gesprek is None
    if gesprek is None:
        persoon, bedrijf = _partij_voor_adres(organisatie, adres)
        gesprek = Inboxgesprek.objects.create(
            organisatie=organisatie,
            kanaal=_kanaal(organisatie, KanaalSoort.EMAIL),
            onderwerp=mail.onderwerp[:300],
            van_naam=mail.van_naam[:200],
            van_adres=adres,
            persoon=persoon,
            bedrijf=bedrijf,
            ontvangen_op=datum,
            laatste_bericht_op=datum,
            deadline=_deadline(organisatie, nu),
        )
    else:
        gesprek.laatste_bericht_op = max(gesprek.laatste_bericht_op, datum)
        # The resident writes again after our answer (or after closing): the thread is
        # open again, with a new deadline. An out-of-office reply does not reopen it.
        if gesprek.status not in OPEN and not mail.automatisch:
            gesprek.status = GesprekStatus.IN_BEHANDELING if gesprek.behandelaar_id else GesprekStatus.NIEUW
            gesprek.deadline = _deadline(organisatie, nu)
        gesprek.save(update_fields=["laatste_bericht_op", "status", "deadline", "updated_at"])
    bericht = Inboxbericht.objects.create(
        gesprek=gesprek,
        organisatie=organisatie,
        richting=Richting.INKOMEND,
        message_id=message_id,
        in_reply_to=mail.in_reply_to[:300],
        references=" ".join(mail.references),
        van=formataddr((mail.van_naam, mail.van_adres))[:300] if mail.van_adres else mail.van_naam[:300],
        aan=", ".join(mail.aan),
        onderwerp=mail.onderwerp[:500],
        tekst=mail.tekst,
        html=mail.html,
        datum=datum,
        bron_sleutel=mail.sleutel[:200],
    )
    for bijlage in mail.bijlagen:
        _bijlage_opslaan(bericht, bijlage.bestandsnaam, bijlage.content_type, bijlage.inhoud, scanner)
    _partij_log(gesprek, VerwerkingActie.AANMAKEN, "E-mail ontvangen in de inbox", actor)
    _gebeurtenis(gesprek, "inbox.ontvangen", "create" if nieuw else "partial_update", actor)
    return True


def _bijlage_opslaan(
    bericht: Inboxbericht, naam: str, content_type: str, inhoud: bytes, scanner: Virusscanner | None
) -> Inboxbijlage:
    status, bevinding = ScanStatus.NIET_GESCAND, ""
    if scanner is not None:
        try:
            uitslag = scanner.scan(inhoud)
        except VirusscanFout as exc:
            status, bevinding = ScanStatus.FOUT, str(exc)
        else:
            status = ScanStatus.SCHOON if uitslag.schoon else ScanStatus.BESMET
            bevinding = uitslag.bevinding
    bijlage = Inboxbijlage(
        bericht=bericht,
        bestandsnaam=naam[:255],
        content_type=content_type[:150],
        grootte=len(inhoud),
        scanstatus=status,
        scanbevinding=bevinding[:300],
    )
    # Stored even when infected: the screen blocks the download, and an administrator
    # may need the file as evidence; it is never served.
    bijlage.bestand.save(naam[:100] or "bijlage", ContentFile(inhoud), save=False)
    bijlage.save()
    return bijlage


@transaction.atomic
def _onverwerkbaar_opslaan(
    organisatie: Organisatie, mail: OntvangenMail, exc: Exception, actor: Actor
) -> None:
    """A mail that could not be stored normally becomes a thread of its own with the
    original attached (not scanned: blocked until an administrator looks at it)."""
    gesprek = Inboxgesprek.objects.create(
        organisatie=organisatie,
        kanaal=_kanaal(organisatie, KanaalSoort.EMAIL),
        onderwerp=(mail.onderwerp or _("Onleesbaar bericht"))[:300],
        van_naam=mail.van_naam[:200],
        van_adres=mail.van_adres if "@" in mail.van_adres and len(mail.van_adres) <= 254 else "",
        deadline=_deadline(organisatie, timezone.now()),
    )
    bericht = Inboxbericht.objects.create(
        gesprek=gesprek,
        organisatie=organisatie,
        richting=Richting.INKOMEND,
        message_id=_message_id(mail),
        onderwerp=gesprek.onderwerp,
        tekst=_(
            "Dit bericht kon niet automatisch worden verwerkt (%(fout)s). Het origineel staat als bijlage."
        )
        % {"fout": exc.__class__.__name__},
        bron_sleutel=mail.sleutel[:200],
    )
    bijlage = Inboxbijlage(
        bericht=bericht,
        bestandsnaam="origineel.eml",
        content_type="message/rfc822",
        grootte=len(mail.ruw),
        scanstatus=ScanStatus.FOUT,
        scanbevinding=_("Niet verwerkt; niet gescand"),
    )
    bijlage.bestand.save("origineel.eml", ContentFile(mail.ruw), save=False)
    bijlage.save()
    _gebeurtenis(gesprek, "inbox.ontvangen", "create", actor)


# --- the public contact form --------------------------------------------------------


@transaction.atomic
def webformulier_ontvangen(
    *,
    organisatie: Organisatie,
    naam: str,
    vraag: str,
    email: str = "",
    telefoonnummer: str = "",
    taal: str = "nl",
) -> Inboxgesprek:
    """A question from the public contact form: a new thread on the webformulier
    channel, linked to the one person or business known by the e-mail address, with a
    deadline from the e-mail norm. When an e-mail address was given a confirmation goes
    out after commit (as an outgoing message of the thread, so a reply to it threads
    back). The form validates the input; this checks only what must hold."""
    actor = Actor.proces("contactformulier")
    naam, vraag, email = naam.strip(), vraag.strip(), email.strip().lower()
    if not vraag:
        raise _fout("vraag", _("Vul uw vraag in."))
    if not (email or telefoonnummer.strip()):
        raise _fout("email", _("Vul een e-mailadres of telefoonnummer in."))
    nu = timezone.now()
    persoon, bedrijf = _partij_voor_adres(organisatie, email)
    onderwerp = " ".join(vraag.split())[:80]
    gesprek = Inboxgesprek(
        organisatie=organisatie,
        kanaal=_kanaal(organisatie, KanaalSoort.WEBFORMULIER),
        onderwerp=onderwerp,
        van_naam=naam[:200],
        van_adres=email,
        telefoonnummer=normalise_telefoonnummer(telefoonnummer) if telefoonnummer.strip() else "",
        persoon=persoon,
        bedrijf=bedrijf,
        ontvangen_op=nu,
        laatste_bericht_op=nu,
        deadline=_deadline(organisatie, nu),
    )
    gesprek.full_clean(exclude=["kanaal", "organisatie", "persoon", "bedrijf", "team", "behandelaar"])
    gesprek.save()
    afzender = _afzender(organisatie)
    Inboxbericht.objects.create(
        gesprek=gesprek,
        organisatie=organisatie,
        richting=Richting.INKOMEND,
        message_id=_nieuw_message_id(afzender),
        van=formataddr((naam, email)) if email else naam,
        onderwerp=onderwerp,
        tekst=vraag[:MAX_VRAAG],
        datum=nu,
    )
    _partij_log(gesprek, VerwerkingActie.AANMAKEN, "Vraag via het contactformulier ontvangen", actor)
    _gebeurtenis(gesprek, "inbox.ontvangen", "create", actor)
    if email:
        tekst = _(
            "Beste %(naam)s,\n\nBedankt voor uw vraag aan %(org)s. We hebben hem goed ontvangen en "
            "beantwoorden hem uiterlijk %(datum)s.\n\nUw vraag:\n%(vraag)s\n\n"
            "Met vriendelijke groet,\n%(org)s"
        ) % {
            "naam": naam or _("heer/mevrouw"),
            "org": organisatie.naam,
            "datum": _datum_tekst(gesprek.deadline),
            "vraag": vraag,
        }
        _uitgaand_bericht(
            gesprek,
            onderwerp=_("Uw vraag aan %(org)s is ontvangen") % {"org": organisatie.naam},
            tekst=tekst,
            by=None,
        )
    return gesprek


def _datum_tekst(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "l j F Y")


# --- answering ----------------------------------------------------------------------


def _references(laatste: Inboxbericht | None) -> tuple[str, str]:
    """In-Reply-To and References for a message answering ``laatste``."""
    if laatste is None or not laatste.message_id:
        return "", ""
    keten = [*laatste.references.split(), laatste.message_id]
    if len(keten) > MAX_REFERENCES:
        keten = [keten[0], *keten[-(MAX_REFERENCES - 1) :]]
    return laatste.message_id, " ".join(keten)


def _uitgaand_bericht(
    gesprek: Inboxgesprek,
    *,
    onderwerp: str,
    tekst: str,
    by: Actor | None,
    message_id: str = "",
) -> Inboxbericht:
    """Store an outgoing message answering the resident's last message, and queue its
    sending after commit."""
    from eenloket.contacten.tasks import inbox_bericht_verzenden

    laatste = gesprek.berichten.order_by("-pk").first()
    in_reply_to, references = _references(laatste)
    afzender = _afzender(gesprek.organisatie)
    bericht = Inboxbericht.objects.create(
        gesprek=gesprek,
        organisatie=gesprek.organisatie,
        richting=Richting.UITGAAND,
        message_id=message_id or _nieuw_message_id(afzender),
        in_reply_to=in_reply_to,
        references=references,
        van=afzender,
        aan=gesprek.van_adres,
        onderwerp=onderwerp[:500],
        tekst=tekst,
        medewerker=_user(by) if by else None,
    )
    transaction.on_commit(lambda: inbox_bericht_verzenden.enqueue(bericht.pk))
    return bericht


def _antwoord_onderwerp(onderwerp: str) -> str:
    onderwerp = onderwerp.strip() or _("Uw vraag")
    return onderwerp if onderwerp.lower().startswith(("re:", "antw:")) else f"Re: {onderwerp}"


@transaction.atomic
def gesprek_beantwoorden(
    *, gesprek: Inboxgesprek, tekst: str, by: Actor | User, sleutel: str = ""
) -> Inboxbericht:
    """Answer the resident by e-mail: an outgoing message with In-Reply-To/References
    from the thread and a Message-ID of our own (sent after commit), the thread set to
    answered, and a klantcontact registered on the thread's channel with the resident's
    last message as the question and ``tekst`` as the answer.

    ``sleutel`` (a token the reply form carries) makes a double submit return the
    first answer instead of sending twice. Requires CONTACT_REGISTREREN in the thread's
    organisation; locks the thread."""
    actor = as_actor(by)
    gesprek = (
        Inboxgesprek.objects.select_for_update(of=("self",))
        .select_related("organisatie", "kanaal", "persoon", "bedrijf")
        .get(pk=gesprek.pk)
    )
    vereis(actor, Actie.CONTACT_REGISTREREN, gesprek.organisatie_id)
    afzender = _afzender(gesprek.organisatie)
    message_id = ""
    if sleutel:
        domein = parseaddr(afzender)[1].rpartition("@")[2] or "eenloket.invalid"
        message_id = (
            f"<antwoord-{hashlib.sha256(f'{gesprek.uuid}:{sleutel}'.encode()).hexdigest()[:32]}@{domein}>"
        )
        eerder = Inboxbericht.objects.filter(organisatie=gesprek.organisatie, message_id=message_id).first()
        if eerder is not None:
            return eerder
    tekst = tekst.strip()
    if not tekst:
        raise _fout("tekst", _("Schrijf een antwoord."))
    if len(tekst) > MAX_ANTWOORD:
        raise _fout("tekst", _("Het antwoord is te lang (hoogstens %(max)s tekens).") % {"max": MAX_ANTWOORD})
    if not gesprek.van_adres:
        raise _fout("tekst", _("Er is geen e-mailadres bekend om het antwoord naar te sturen."))
    vraag = gesprek.berichten.filter(richting=Richting.INKOMEND).order_by("-pk").first()
    bericht = _uitgaand_bericht(
        gesprek,
        onderwerp=_antwoord_onderwerp(gesprek.onderwerp),
        tekst=tekst,
        by=actor,
        message_id=message_id,
    )
    nu = timezone.now()
    gesprek.status = GesprekStatus.BEANTWOORD
    gesprek.beantwoord_op = nu
    gesprek.behandelaar = gesprek.behandelaar or _user(actor)
    gesprek.laatste_bericht_op = nu
    gesprek.save(update_fields=["status", "beantwoord_op", "behandelaar", "laatste_bericht_op", "updated_at"])
    vraagtekst = (vraag.tekst.strip() if vraag else "") or gesprek.onderwerp or _("(geen tekst)")
    klantcontact_vastleggen(
        organisatie=gesprek.organisatie,
        kanaal=gesprek.kanaal,
        by=actor,
        vragen=[
            {
                "vraag": vraagtekst[:MAX_VRAAG],
                "antwoord": tekst,
                "onderwerp_tekst": gesprek.onderwerp[:300],
                "uitkomst": Uitkomst.BEANTWOORD,
            }
        ],
        persoon=gesprek.persoon,
        bedrijf=gesprek.bedrijf,
        gestart_op=min(vraag.datum if vraag else gesprek.ontvangen_op, nu),
        beeindigd_op=nu,
        contactnaam=gesprek.van_naam,
        telefoonnummer=gesprek.telefoonnummer,
        email=gesprek.van_adres,
        idempotentiesleutel=f"inbox-{bericht.uuid}",
        gesprek=gesprek,
    )
    _partij_log(gesprek, VerwerkingActie.WIJZIGEN, "Inboxbericht beantwoord", actor)
    _gebeurtenis(gesprek, "inbox.beantwoord", "partial_update", actor)
    return bericht


def bericht_verzenden(bericht_id: int) -> str:
    """Send one stored outgoing message through Django's configured mail backend (SMTP
    in production, the in-app outbox in the embedded default). Returns "verzonden",
    "overgeslagen" (unknown, incoming or already sent) or raises what the backend
    raised (the job retries). Called by the job, outside a transaction."""
    bericht = Inboxbericht.objects.filter(pk=bericht_id, richting=Richting.UITGAAND).first()
    if bericht is None or bericht.verzonden_op is not None or not bericht.aan:
        return "overgeslagen"
    headers = {"Message-ID": bericht.message_id}
    if bericht.in_reply_to:
        headers["In-Reply-To"] = bericht.in_reply_to
        headers["References"] = bericht.references or bericht.in_reply_to
    # Our answers must not trigger the resident's auto-responder loops (RFC 3834).
    headers["Auto-Submitted"] = "no"
    EmailMessage(
        subject=bericht.onderwerp,
        body=bericht.tekst,
        from_email=bericht.van or settings.DEFAULT_FROM_EMAIL,
        to=[bericht.aan],
        headers=headers,
    ).send(fail_silently=False)
    Inboxbericht.objects.filter(pk=bericht.pk).update(verzonden_op=timezone.now(), verzendfout="")
    logger.info("inbox_bericht_verzonden bericht=%s", bericht.uuid)
    return "verzonden"


def bericht_verzendfout(bericht_id: int, fout: str) -> None:
    Inboxbericht.objects.filter(pk=bericht_id).update(verzendfout=fout[:2000])


# --- claiming, assigning, closing, linking ------------------------------------------


def _open_gesprek(gesprek: Inboxgesprek, actor: Actor) -> Inboxgesprek:
    gesprek = (
        Inboxgesprek.objects.select_for_update(of=("self",))
        .select_related("organisatie", "kanaal", "persoon", "bedrijf")
        .get(pk=gesprek.pk)
    )
    vereis(actor, Actie.CONTACT_REGISTREREN, gesprek.organisatie_id)
    return gesprek


@transaction.atomic
def gesprek_claimen(*, gesprek: Inboxgesprek, by: Actor | User) -> Inboxgesprek:
    """The agent takes the thread: it is theirs and in progress."""
    actor = as_actor(by)
    gesprek = _open_gesprek(gesprek, actor)
    if _user(actor) is None:
        raise _fout("behandelaar", _("Alleen een medewerker kan een bericht oppakken."))
    gesprek.behandelaar = _user(actor)
    if gesprek.status == GesprekStatus.NIEUW:
        gesprek.status = GesprekStatus.IN_BEHANDELING
    gesprek.save(update_fields=["behandelaar", "status", "updated_at"])
    _gebeurtenis(gesprek, "inbox.toegewezen", "partial_update", actor)
    return gesprek


@transaction.atomic
def gesprek_toewijzen(
    *, gesprek: Inboxgesprek, by: Actor | User, team: Team | None = None, behandelaar: User | None = None
) -> Inboxgesprek:
    """Assign the thread to a team and/or a colleague who registers contacts in its
    organisation; with neither, it goes back to the unassigned queue."""
    actor = as_actor(by)
    gesprek = _open_gesprek(gesprek, actor)
    if team is not None and team.organisatie_id != gesprek.organisatie_id:
        raise _fout("team", _("Dit team hoort bij een andere organisatie."))
    if behandelaar is not None and not (
        behandelaar.is_active and mag(behandelaar, Actie.CONTACT_REGISTREREN, gesprek.organisatie_id)
    ):
        raise _fout("behandelaar", _("Deze medewerker beantwoordt geen berichten voor deze organisatie."))
    gesprek.team, gesprek.behandelaar = team, behandelaar
    if gesprek.status in OPEN:
        gesprek.status = GesprekStatus.IN_BEHANDELING if behandelaar else GesprekStatus.NIEUW
    gesprek.save(update_fields=["team", "behandelaar", "status", "updated_at"])
    _gebeurtenis(gesprek, "inbox.toegewezen", "partial_update", actor)
    return gesprek


@transaction.atomic
def gesprek_sluiten(*, gesprek: Inboxgesprek, by: Actor | User) -> Inboxgesprek:
    """Close without an answer (spam, a thank-you, a duplicate). A new message from the
    resident reopens it."""
    actor = as_actor(by)
    gesprek = _open_gesprek(gesprek, actor)
    if gesprek.status == GesprekStatus.GESLOTEN:
        return gesprek
    gesprek.status = GesprekStatus.GESLOTEN
    gesprek.behandelaar = gesprek.behandelaar or _user(actor)
    gesprek.save(update_fields=["status", "behandelaar", "updated_at"])
    _gebeurtenis(gesprek, "inbox.gesloten", "partial_update", actor)
    return gesprek


@transaction.atomic
def gesprek_partij_koppelen(
    *, gesprek: Inboxgesprek, by: Actor | User, persoon: Persoon | None = None, bedrijf: Bedrijf | None = None
) -> Inboxgesprek:
    """Link the sender to a person or business of the thread's organisation, and
    remember the address for that party so the next mail is matched by itself."""
    actor = as_actor(by)
    gesprek = _open_gesprek(gesprek, actor)
    if (persoon is None) == (bedrijf is None):
        raise _fout("partij", _("Kies één persoon of onderneming."))
    partij = persoon or bedrijf
    assert partij is not None
    if partij.organisatie_id != gesprek.organisatie_id:
        raise _fout("partij", _("Deze klant hoort bij een andere organisatie."))
    gesprek.persoon, gesprek.bedrijf = persoon, bedrijf
    gesprek.save(update_fields=["persoon", "bedrijf", "updated_at"])
    digitaal_adres_onthouden(
        organisatie=gesprek.organisatie, persoon=persoon, bedrijf=bedrijf, email=gesprek.van_adres
    )
    _partij_log(gesprek, VerwerkingActie.WIJZIGEN, "Afzender van inboxbericht gekoppeld", actor)
    _gebeurtenis(gesprek, "inbox.gekoppeld", "partial_update", actor)
    return gesprek


# --- selectors ----------------------------------------------------------------------

Tab = Literal["nieuw", "mijn", "team", "te_laat", "beantwoord"]
TABS: tuple[Tab, ...] = ("nieuw", "mijn", "team", "te_laat", "beantwoord")


def _gesprekken(actor: Actor | User) -> QuerySet[Inboxgesprek]:
    return scope(Inboxgesprek.objects.all(), actor, Actie.CONTACT_REGISTREREN)


def _met_te_laat(qs: QuerySet[Inboxgesprek], nu: datetime.datetime) -> QuerySet[Inboxgesprek]:
    return qs.annotate(
        te_laat=Case(
            When(status__in=OPEN, deadline__lt=nu, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def inbox_lijst(actor: Actor | User, tab: Tab = "nieuw") -> QuerySet[Inboxgesprek]:
    """A tab of the inbox, open threads sorted by deadline (answered/closed ones newest
    first), each with ``te_laat`` and ``aantal_berichten``; one query per page."""
    wie = as_actor(actor)
    nu = timezone.now()
    qs = _met_te_laat(
        _gesprekken(wie)
        .select_related("kanaal", "persoon", "bedrijf", "team", "behandelaar", "organisatie")
        .annotate(aantal_berichten=Count("berichten")),
        nu,
    )
    if tab == "beantwoord":
        return qs.filter(status__in=[GesprekStatus.BEANTWOORD, GesprekStatus.GESLOTEN]).order_by(
            "-laatste_bericht_op", "-pk"
        )
    qs = qs.filter(status__in=OPEN)
    if tab == "nieuw":
        qs = qs.filter(behandelaar__isnull=True)
    elif tab == "mijn":
        qs = qs.filter(behandelaar=wie.user) if wie.user else qs.none()
    elif tab == "team":
        qs = qs.filter(team__in=wie.user.teams.values("pk")) if wie.user else qs.none()
    elif tab == "te_laat":
        qs = qs.filter(deadline__lt=nu)
    return qs.order_by("deadline", "ontvangen_op", "pk")


def inbox_tellingen(actor: Actor | User) -> dict[str, int]:
    """Counts for the tabs, in one query."""
    wie = as_actor(actor)
    nu = timezone.now()
    open_ = Q(status__in=OPEN)
    teams = list(wie.user.teams.values_list("pk", flat=True)) if wie.user else []
    return _gesprekken(wie).aggregate(
        nieuw=Count("pk", filter=open_ & Q(behandelaar__isnull=True)),
        mijn=Count("pk", filter=open_ & Q(behandelaar_id=wie.user.pk if wie.user else -1)),
        team=Count("pk", filter=open_ & Q(team__in=teams)),
        te_laat=Count("pk", filter=open_ & Q(deadline__lt=nu)),
    )


@dataclass
class Gesprekbeeld:
    gesprek: Inboxgesprek
    berichten: list[Inboxbericht]
    te_laat: bool
    kandidaten: list[Persoon | Bedrijf]


def gesprek_get(actor: Actor | User, uuid: Any) -> Inboxgesprek:
    """A thread of an organisation where the actor registers contacts (404 otherwise)."""
    return get_scoped(
        Inboxgesprek.objects.select_related(
            "kanaal", "persoon", "bedrijf", "team", "behandelaar", "organisatie"
        ),
        actor,
        Actie.CONTACT_REGISTREREN,
        uuid=uuid,
    )


def gesprek_beeld(actor: Actor | User, uuid: Any) -> Gesprekbeeld:
    """The thread with its messages and attachments, and the parties known by the
    sender's address when none is linked yet. Logs the read when a person or business
    is concerned."""
    wie = as_actor(actor)
    gesprek = gesprek_get(wie, uuid)
    berichten = list(
        gesprek.berichten.select_related("medewerker")
        .prefetch_related(Prefetch("bijlagen", queryset=Inboxbijlage.objects.order_by("pk")))
        .order_by("pk")  # arrival order: a Date header may be off
    )
    kandidaten: list[Persoon | Bedrijf] = []
    if gesprek.persoon_id is None and gesprek.bedrijf_id is None and gesprek.van_adres:
        from eenloket.contacten.selectors import partijen_via_digitaal_adres

        kandidaten = partijen_via_digitaal_adres(wie, gesprek.organisatie, email=gesprek.van_adres)
    _partij_log(gesprek, VerwerkingActie.LEZEN, "Inboxgesprek bekeken", wie)
    nu = timezone.now()
    return Gesprekbeeld(
        gesprek=gesprek,
        berichten=berichten,
        te_laat=gesprek.status in OPEN and gesprek.deadline is not None and gesprek.deadline < nu,
        kandidaten=kandidaten,
    )


def bijlage_get(actor: Actor | User, gesprek_uuid: Any, bijlage_id: int) -> Inboxbijlage:
    """An attachment of a thread the actor may see (404 otherwise); the caller checks
    ``downloadbaar``."""
    gesprek = gesprek_get(actor, gesprek_uuid)
    try:
        return Inboxbijlage.objects.select_related("bericht").get(pk=bijlage_id, bericht__gesprek=gesprek)
    except Inboxbijlage.DoesNotExist:
        raise Http404 from None


def nieuwe_sleutel() -> str:
    """A token for a reply form, so a double submit sends once."""
    return uuid_lib.uuid4().hex
