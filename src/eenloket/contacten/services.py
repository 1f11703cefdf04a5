"""Writes of the contact centre. Every function runs in one transaction: the change,
its processing-log row (when a person or business is concerned) and its domain event
commit together or not at all."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.contacten.constants import (
    OPEN_STATUSSEN,
    ContactStatus,
    ContactverzoekStatus,
    KanaalSoort,
    LogSoort,
    NormEenheid,
    NormSoort,
    PogingUitkomst,
    Resultaat,
    Uitkomst,
    Urgentie,
)
from eenloket.contacten.models import (
    Contactpoging,
    Contactverzoek,
    ContactverzoekLog,
    Contactvraag,
    Kanaal,
    Klantcontact,
    Onderwerpobject,
    Schermpop,
    Servicenorm,
)
from eenloket.core import verwerkingsactiviteiten
from eenloket.core.calendar import Termijn, TermijnEenheid
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Onderwerp, Organisatie, Roltoewijzing, Team, User
from eenloket.core.permissions import Actie
from eenloket.core.selectors import kalender_voor
from eenloket.core.services import (
    attendering_sturen,
    bericht_versturen,
    gebeurtenis_emit,
    verwerking_log,
    volgnummer,
)
from eenloket.core.tenancy import as_actor, mag, vereis
from eenloket.core.validators import normalise_telefoonnummer
from eenloket.klanten.constants import DigitaalAdresSoort
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Persoon

KLANTCONTACTEN = verwerkingsactiviteiten.registreer(
    "klantcontacten",
    naam="Klantcontacten registreren en afhandelen",
    doel="Vragen van inwoners en ondernemers beantwoorden, doorzetten en terugbellen",
    grondslag="AVG art. 6 lid 1 sub e (taak van algemeen belang); Gemeentewet art. 160; Awb art. 2:3",
    bewaartermijn="P2Y",
)

# The default channels of a new organisation (configurable afterwards).
STANDAARD_KANALEN: tuple[tuple[str, KanaalSoort], ...] = (
    ("telefoon", KanaalSoort.TELEFOON),
    ("balie", KanaalSoort.BALIE),
    ("email", KanaalSoort.EMAIL),
    ("chat", KanaalSoort.CHAT),
    ("whatsapp", KanaalSoort.WHATSAPP),
    ("social", KanaalSoort.SOCIAL),
    ("brief", KanaalSoort.BRIEF),
    ("webformulier", KanaalSoort.WEBFORMULIER),
    ("huisbezoek", KanaalSoort.HUISBEZOEK),
)
STANDAARD_NORM = Termijn(2, TermijnEenheid.WERKDAGEN)
# A reminder goes out on the morning of the deadline day (local time).
HERINNERING_VANAF_UUR = 7


def _fout(veld: str, tekst: str) -> ValidationError:
    return ValidationError({veld: [tekst]})


def _naam(by: Actor) -> str:
    return by.naam or str(by.id)


def _user(by: Actor) -> User | None:
    user = by.user
    return user if isinstance(user, User) else None


# --- channels and norms -------------------------------------------------------------


def standaardkanalen_aanmaken(organisatie: Organisatie) -> None:
    bestaand = set(Kanaal.objects.filter(organisatie=organisatie).values_list("code", flat=True))
    Kanaal.objects.bulk_create(
        [
            Kanaal(organisatie=organisatie, code=code, naam=str(soort.label), soort=soort, volgorde=i)
            for i, (code, soort) in enumerate(STANDAARD_KANALEN)
            if code not in bestaand
        ]
    )


@receiver(post_save, sender=Organisatie, dispatch_uid="contacten_standaardkanalen")
def _kanalen_voor_nieuwe_organisatie(
    sender: Any, instance: Organisatie, created: bool, **kwargs: Any
) -> None:
    if created and not kwargs.get("raw"):
        standaardkanalen_aanmaken(instance)


def servicenorm_voor(
    organisatie: Organisatie | int,
    *,
    soort: NormSoort = NormSoort.CONTACTVERZOEK,
    team: Team | None = None,
    onderwerp: Onderwerp | None = None,
    urgentie: str = "",
) -> tuple[Termijn, str]:
    """The norm that applies: the most specific of (team, subject, urgency) wins; without
    any configured norm, 2 working days. Returns the term and its description."""
    org_id = organisatie if isinstance(organisatie, int) else organisatie.pk
    kandidaten = Servicenorm.objects.filter(organisatie_id=org_id, soort=soort).filter(
        Q(team__isnull=True) | Q(team=team),
        Q(onderwerp__isnull=True) | Q(onderwerp=onderwerp),
        Q(urgentie="") | Q(urgentie=urgentie),
    )

    def specificiteit(norm: Servicenorm) -> tuple[int, int, int]:
        return (int(norm.urgentie != ""), int(norm.onderwerp_id is not None), int(norm.team_id is not None))

    beste = max(kandidaten, key=specificiteit, default=None)
    if beste is None:
        return STANDAARD_NORM, str(STANDAARD_NORM)
    termijn = Termijn(beste.termijn, TermijnEenheid(beste.eenheid))
    return termijn, beste.omschrijving or str(termijn)


def deadline_voor(organisatie: Organisatie, start: datetime.datetime, termijn: Termijn) -> datetime.datetime:
    """End of the last day of the term, counted in the organisation's working days.
    A term of 0 means "the same working day"."""
    kalender = kalender_voor(organisatie)
    if termijn.aantal == 0:
        dag = kalender.volgende_werkdag(timezone.localtime(start).date(), inclusief=True)
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time.max))
    return kalender.deadline_moment(start, termijn, sluitingsdagen_verschuiven=True)


# --- parties ------------------------------------------------------------------------


def _partij_log(
    *,
    organisatie: Organisatie,
    persoon: Persoon | None,
    bedrijf: Bedrijf | None,
    actie: VerwerkingActie,
    handeling: str,
    object_type: str,
    object_id: Any,
    by: Actor,
    toelichting: str = "",
) -> None:
    """The processing-log row for a write that concerns a person or business."""
    if persoon is None and bedrijf is None:
        return
    verwerking_log(
        actie=actie,
        handeling=handeling,
        activiteit=KLANTCONTACTEN.code,
        organisatie=organisatie,
        object_type=object_type,
        object_id=object_id,
        bsn=persoon.bsn if persoon else "",
        kvk_nummer=bedrijf.kvk_nummer if bedrijf else "",
        toelichting=toelichting,
        actor=by,
    )


def _controleer_partij(organisatie: Organisatie, persoon: Persoon | None, bedrijf: Bedrijf | None) -> None:
    if persoon is not None and bedrijf is not None:
        raise _fout("partij", _("Kies een persoon of een onderneming, niet allebei."))
    partij = persoon or bedrijf
    if partij is not None and partij.organisatie_id != organisatie.pk:
        raise _fout("partij", _("Deze klant hoort bij een andere organisatie."))


def digitaal_adres_onthouden(
    *,
    organisatie: Organisatie,
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    telefoonnummer: str = "",
    email: str = "",
    moment: datetime.datetime | None = None,
) -> None:
    """Remember a phone number or e-mail address used in a contact, so the KCC finds
    the party by it next time."""
    if persoon is None and bedrijf is None:
        return
    moment = moment or timezone.now()
    partij: dict[str, Any] = {"persoon": persoon} if persoon else {"bedrijf": bedrijf}
    for soort, adres in (
        (
            DigitaalAdresSoort.TELEFOONNUMMER,
            normalise_telefoonnummer(telefoonnummer) if telefoonnummer else "",
        ),
        (DigitaalAdresSoort.EMAIL, email.strip().lower()),
    ):
        if not adres:
            continue
        bijgewerkt = DigitaalAdres.objects.filter(
            organisatie=organisatie, soort=soort, adres=adres, **partij
        ).update(laatst_gebruikt=moment)
        if not bijgewerkt:
            DigitaalAdres.objects.create(
                organisatie=organisatie, soort=soort, adres=adres, laatst_gebruikt=moment, **partij
            )


# --- klantcontacten -----------------------------------------------------------------


def _kanaal_van(organisatie: Organisatie, kanaal: Kanaal | str) -> Kanaal:
    if isinstance(kanaal, Kanaal):
        if kanaal.organisatie_id != organisatie.pk:
            raise _fout("kanaal", _("Dit kanaal hoort bij een andere organisatie."))
        return kanaal
    gevonden = Kanaal.objects.filter(organisatie=organisatie, code=kanaal, actief=True).first()
    if gevonden is None:
        raise _fout("kanaal", _("Onbekend kanaal: %(code)s.") % {"code": kanaal})
    return gevonden


@transaction.atomic
def contact_starten(
    *,
    organisatie: Organisatie,
    kanaal: Kanaal | str,
    by: Actor | User,
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    telefoonnummer: str = "",
    email: str = "",
) -> Klantcontact:
    """Start a live contact: a draft whose timer runs from now, owned by the agent."""
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, organisatie)
    _controleer_partij(organisatie, persoon, bedrijf)
    contact = Klantcontact(
        organisatie=organisatie,
        kanaal=_kanaal_van(organisatie, kanaal),
        medewerker=_user(actor),
        persoon=persoon,
        bedrijf=bedrijf,
        telefoonnummer=normalise_telefoonnummer(telefoonnummer) if telefoonnummer else "",
        email=email,
    )
    # As in klantcontact_vastleggen: no existence, uniqueness or constraint queries for
    # what was checked above (the database enforces it as well).
    contact.full_clean(
        exclude=["organisatie", "kanaal", "persoon", "bedrijf", "medewerker", "gesprek"],
        validate_unique=False,
        validate_constraints=False,
    )
    contact.save()
    return contact


def _vereis_concept(contact: Klantcontact, actor: Actor) -> None:
    vereis(actor, Actie.CONTACT_REGISTREREN, contact.organisatie_id)
    if not contact.is_concept:
        raise _fout("status", _("Dit contact is al geregistreerd en kan niet meer worden gewijzigd."))


@transaction.atomic
def contact_bijwerken(*, contact: Klantcontact, by: Actor | User, **velden: Any) -> Klantcontact:
    """Save the draft (kanaal, contactnaam, telefoonnummer, email, persoon, bedrijf)."""
    actor = as_actor(by)
    contact = Klantcontact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    _vereis_concept(contact, actor)
    if "kanaal" in velden:
        contact.kanaal = _kanaal_van(contact.organisatie, velden.pop("kanaal"))
    if "persoon" in velden or "bedrijf" in velden:
        persoon, bedrijf = velden.pop("persoon", None), velden.pop("bedrijf", None)
        _controleer_partij(contact.organisatie, persoon, bedrijf)
        contact.persoon, contact.bedrijf = persoon, bedrijf
    for veld in ("contactnaam", "telefoonnummer", "email"):
        if veld in velden:
            waarde = (velden.pop(veld) or "").strip()
            if veld == "telefoonnummer" and waarde:
                waarde = normalise_telefoonnummer(waarde)
            setattr(contact, veld, waarde)
    if velden:
        raise TypeError(f"Onbekende velden: {sorted(velden)}")
    contact.full_clean()
    contact.save()
    return contact


VRAAG_VELDEN = (
    "vraag",
    "antwoord",
    "onderwerp",
    "onderwerp_tekst",
    "uitkomst",
    "doorverwezen_team",
    "doorverwezen_organisatie",
    "doorverwezen_naar",
)
CONTACTVERZOEK_VELDEN = (
    "team",
    "behandelaar",
    "ketenpartner",
    "telefoonnummer",
    "email",
    "bereikbaar",
    "urgentie",
    "interne_toelichting",
    "contactnaam",
)


def _controleer_vraag(vraag: Contactvraag, organisatie: Organisatie) -> None:
    if vraag.onderwerp_id and vraag.onderwerp and vraag.onderwerp.organisatie_id != organisatie.pk:
        raise _fout("onderwerp", _("Dit onderwerp hoort bij een andere organisatie."))
    if vraag.uitkomst == Uitkomst.DOORVERWEZEN:
        if not (
            vraag.doorverwezen_team_id or vraag.doorverwezen_organisatie_id or vraag.doorverwezen_naar.strip()
        ):
            raise _fout(
                "doorverwezen_naar", _("Geef aan naar welk team of welke organisatie is doorverwezen.")
            )
        if vraag.doorverwezen_team_id and vraag.doorverwezen_team.organisatie_id != organisatie.pk:  # type: ignore[union-attr]
            raise _fout("doorverwezen_team", _("Dit team hoort bij een andere organisatie."))
    else:
        vraag.doorverwezen_team = None
        vraag.doorverwezen_organisatie = None
        vraag.doorverwezen_naar = ""


def _controleer_ontvanger(
    organisatie: Organisatie, team: Team | None, behandelaar: User | None, ketenpartner: Organisatie | None
) -> None:
    if not (team or behandelaar or ketenpartner):
        raise _fout("team", _("Kies een team, een medewerker of een ketenpartner voor het contactverzoek."))
    if team is not None and team.organisatie_id != organisatie.pk:
        raise _fout("team", _("Dit team hoort bij een andere organisatie."))
    if behandelaar is not None and not (
        mag(behandelaar, Actie.CONTACTVERZOEK_BEHANDELEN, organisatie) and behandelaar.is_active
    ):
        raise _fout(
            "behandelaar", _("Deze medewerker kan geen contactverzoeken van deze organisatie behandelen.")
        )
    if ketenpartner is not None and (ketenpartner.pk == organisatie.pk or not ketenpartner.actief):
        raise _fout("ketenpartner", _("Kies een andere, actieve organisatie als ketenpartner."))


def _controleer_bereikbaarheid(telefoonnummer: str, email: str) -> None:
    if not (telefoonnummer or email):
        raise _fout(
            "telefoonnummer", _("Vul een telefoonnummer of e-mailadres in om de inwoner te bereiken.")
        )


def _vul_verzoek(
    cv: Contactverzoek,
    organisatie: Organisatie,
    gegevens: dict[str, Any],
    *,
    contact: Klantcontact | None = None,
) -> None:
    """Put the handed-on details (``CONTACTVERZOEK_VELDEN``) on ``cv`` and check who gets
    it and how the resident is reached; phone, e-mail and name fall back to those noted in
    ``contact``."""
    onbekend = set(gegevens) - set(CONTACTVERZOEK_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    cv.team = gegevens.get("team") or None
    cv.behandelaar = gegevens.get("behandelaar") or None
    cv.ketenpartner = gegevens.get("ketenpartner") or None
    telefoonnummer = (gegevens.get("telefoonnummer") or "").strip()
    cv.telefoonnummer = normalise_telefoonnummer(telefoonnummer) if telefoonnummer else ""
    cv.email = (gegevens.get("email") or "").strip()
    cv.contactnaam = (gegevens.get("contactnaam") or "").strip()
    if contact is not None:
        cv.telefoonnummer = cv.telefoonnummer or contact.telefoonnummer
        cv.email = cv.email or contact.email
        cv.contactnaam = cv.contactnaam or contact.contactnaam
    cv.bereikbaar = (gegevens.get("bereikbaar") or "").strip()
    cv.urgentie = gegevens.get("urgentie") or Urgentie.NORMAAL
    cv.interne_toelichting = (gegevens.get("interne_toelichting") or "").strip()
    _controleer_ontvanger(organisatie, cv.team, cv.behandelaar, cv.ketenpartner)
    _controleer_bereikbaarheid(cv.telefoonnummer, cv.email)


@transaction.atomic
def vraag_opslaan(
    *,
    contact: Klantcontact,
    by: Actor | User,
    contactvraag: Contactvraag | None = None,
    contactverzoek: dict[str, Any] | None = None,
    **velden: Any,
) -> Contactvraag:
    """Add a question to a draft contact, or change one. With outcome
    ``contactverzoek``, ``contactverzoek`` holds its details (team/behandelaar/
    ketenpartner, telefoonnummer, email, bereikbaar, urgentie, interne_toelichting); it
    is kept as a concept and goes to the queue when the contact is registered."""
    actor = as_actor(by)
    contact = Klantcontact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    _vereis_concept(contact, actor)
    if contactvraag is None:
        volgende = (contact.vragen.aggregate(m=Max("volgorde"))["m"] or 0) + 1
        vraag = Contactvraag(klantcontact=contact, volgorde=volgende)
    elif contactvraag.klantcontact_id != contact.pk:
        raise _fout("vraag", _("Deze vraag hoort bij een ander contact."))
    else:
        vraag = contactvraag
    onbekend = set(velden) - set(VRAAG_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    for veld, waarde in velden.items():
        setattr(vraag, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    _controleer_vraag(vraag, contact.organisatie)
    vraag.full_clean(  # the related rows are instances _controleer_vraag checked
        exclude=["klantcontact", "onderwerp", "doorverwezen_team", "doorverwezen_organisatie"],
        validate_unique=False,
    )
    nieuw = vraag.pk is None
    vraag.save()
    bestaand = None if nieuw else Contactverzoek.objects.filter(contactvraag=vraag).first()
    if vraag.uitkomst == Uitkomst.CONTACTVERZOEK:
        cv = bestaand or Contactverzoek(
            organisatie=contact.organisatie, contactvraag=vraag, status=ContactverzoekStatus.CONCEPT
        )
        _vul_verzoek(cv, contact.organisatie, dict(contactverzoek or {}), contact=contact)
        cv.vraag = vraag.vraag
        cv.onderwerp = vraag.onderwerp
        cv.klantcontact = contact
        cv.full_clean()
        cv.save()
    elif bestaand is not None:
        bestaand.delete()
    return vraag


@transaction.atomic
def vraag_verwijderen(*, contactvraag: Contactvraag, by: Actor | User) -> None:
    vraag = contactvraag
    contact = Klantcontact.objects.select_for_update(of=("self",)).get(pk=vraag.klantcontact_id)
    _vereis_concept(contact, as_actor(by))
    Contactverzoek.objects.filter(contactvraag=vraag, status=ContactverzoekStatus.CONCEPT).delete()
    vraag.delete()


@transaction.atomic
def contact_annuleren(*, contact: Klantcontact, by: Actor | User) -> None:
    """Throw away a draft that was started by mistake (nothing was registered)."""
    contact = Klantcontact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    _vereis_concept(contact, as_actor(by))
    Contactverzoek.objects.filter(klantcontact=contact, status=ContactverzoekStatus.CONCEPT).delete()
    contact.delete()


def _controleer_registratie(vragen: Sequence[Contactvraag]) -> None:
    if not vragen:
        raise _fout("vragen", _("Noteer ten minste één vraag voordat u het contact registreert."))
    for vraag in vragen:
        if vraag.uitkomst == Uitkomst.BEANTWOORD and not vraag.antwoord.strip():
            raise _fout(
                "antwoord",
                _("Vraag %(nr)s is als beantwoord gemarkeerd maar heeft geen antwoord.")
                % {"nr": vraag.volgorde},
            )


def _registreer(
    contact: Klantcontact, actor: Actor, vragen: Sequence[Contactvraag], *, al_opgeslagen: bool = False
) -> list[Contactverzoek]:
    """Finish registering a contact whose questions exist: outcome, log row, event, and
    the contactverzoeken it hands on. ``al_opgeslagen``: the caller stored the contact
    registered already (``klantcontact_vastleggen``)."""
    if not al_opgeslagen:
        _controleer_registratie(vragen)
        contact.status = ContactStatus.GEREGISTREERD
        contact.beeindigd_op = contact.beeindigd_op or timezone.now()
        contact.eerstelijns = all(v.uitkomst == Uitkomst.BEANTWOORD for v in vragen)
        contact.save(update_fields=["status", "beeindigd_op", "eerstelijns", "updated_at"])
    _partij_log(
        organisatie=contact.organisatie,
        persoon=contact.persoon,
        bedrijf=contact.bedrijf,
        actie=VerwerkingActie.AANMAKEN,
        handeling="Klantcontact geregistreerd",
        object_type="klantcontact",
        object_id=contact.uuid,
        by=actor,
    )
    digitaal_adres_onthouden(
        organisatie=contact.organisatie,
        persoon=contact.persoon,
        bedrijf=contact.bedrijf,
        telefoonnummer=contact.telefoonnummer,
        email=contact.email,
        moment=contact.beeindigd_op,
    )
    gebeurtenis_emit(
        type="klantcontact.geregistreerd",
        kanaal="klantinteracties",
        organisatie=contact.organisatie,
        object_type="klantcontacten",
        object_uuid=contact.uuid,
        actie="create",
        kenmerken={"kanaal": contact.kanaal.soort, "eerstelijns": "ja" if contact.eerstelijns else "nee"},
        actor=actor,
    )
    # Concept contactverzoeken exist only for questions handed on (vraag_opslaan and
    # vraag_verwijderen keep it so): most contacts need no query here.
    verzoeken = (
        list(
            Contactverzoek.objects.select_related("team", "behandelaar", "ketenpartner", "onderwerp").filter(
                klantcontact=contact, status=ContactverzoekStatus.CONCEPT
            )
        )
        if any(v.uitkomst == Uitkomst.CONTACTVERZOEK for v in vragen)
        else []
    )
    for cv in verzoeken:
        cv.persoon, cv.bedrijf = contact.persoon, contact.bedrijf
        cv.contactnaam = cv.contactnaam or contact.contactnaam
        _activeer(cv, actor, bevestiging=True)
    return verzoeken


@transaction.atomic
def contact_registreren(*, contact: Klantcontact, by: Actor | User) -> Klantcontact:
    """Close the live contact and register it. Registering twice (a double click, a
    retried request) is a no-op that returns the registered contact."""
    actor = as_actor(by)
    contact = (
        Klantcontact.objects.select_for_update(of=("self",))
        .select_related("kanaal", "persoon", "bedrijf")
        .get(pk=contact.pk)
    )
    vereis(actor, Actie.CONTACT_REGISTREREN, contact.organisatie_id)
    if not contact.is_concept:
        return contact
    _registreer(contact, actor, list(contact.vragen.select_related("onderwerp").order_by("volgorde")))
    return contact


@transaction.atomic
def klantcontact_vastleggen(
    *,
    organisatie: Organisatie,
    kanaal: Kanaal | str,
    by: Actor | User,
    vragen: Iterable[dict[str, Any]],
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    gestart_op: datetime.datetime | None = None,
    beeindigd_op: datetime.datetime | None = None,
    contactnaam: str = "",
    telefoonnummer: str = "",
    email: str = "",
    contact_gelukt: bool = True,
    taal: str = "nld",
    vertrouwelijk: bool = False,
    nummer: str = "",
    idempotentiesleutel: str | None = None,
    gesprek: Any = None,
    contactverzoek_volgt: bool = False,
) -> tuple[Klantcontact, bool]:
    """Register a finished contact in one go (API, inbox, imports). Each item of
    ``vragen`` holds the fields of ``vraag_opslaan`` plus an optional ``contactverzoek``
    dict. With an ``idempotentiesleutel`` that was used before, the earlier contact is
    returned and nothing is written (second value False). With ``contactverzoek_volgt``
    a question with outcome ``contactverzoek`` and no ``contactverzoek`` dict is
    registered without one: the caller creates it next with ``contactverzoek_aanmaken``
    (the Klantinteracties API posts the klantcontact first and its interne taak after)."""
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, organisatie)
    if idempotentiesleutel:
        eerder = Klantcontact.objects.filter(
            organisatie=organisatie, idempotentiesleutel=idempotentiesleutel
        ).first()
        if eerder is not None:
            return eerder, False
    _controleer_partij(organisatie, persoon, bedrijf)
    nu = timezone.now()
    contact = Klantcontact(
        organisatie=organisatie,
        kanaal=_kanaal_van(organisatie, kanaal),
        status=ContactStatus.CONCEPT,
        medewerker=_user(actor),
        persoon=persoon,
        bedrijf=bedrijf,
        gestart_op=gestart_op or nu,
        beeindigd_op=beeindigd_op or nu,
        contactnaam=contactnaam.strip(),
        telefoonnummer=normalise_telefoonnummer(telefoonnummer) if telefoonnummer else "",
        email=email.strip(),
        contact_gelukt=contact_gelukt,
        taal=taal,
        vertrouwelijk=vertrouwelijk,
        nummer=nummer,
        idempotentiesleutel=idempotentiesleutel or "",
        gesprek=gesprek,
    )
    # Parties and agent are instances checked above, the one-party rule is
    # _controleer_partij's and the idempotency key is caught below: the ORM's existence,
    # uniqueness and constraint queries would only repeat that (the database enforces
    # all of them too), and they were a third of a registration's time.
    contact.full_clean(
        exclude=["kanaal", "organisatie", "gesprek", "persoon", "bedrijf", "medewerker"],
        validate_unique=False,
        validate_constraints=False,
    )
    if contact.beeindigd_op and contact.beeindigd_op < contact.gestart_op:
        raise _fout("beeindigd_op", _("Het einde van het contact ligt vóór het begin."))
    opgeslagen: list[Contactvraag] = []
    verzoeken: list[Contactverzoek] = []
    for volgorde, gegevens in enumerate(vragen, start=1):
        gegevens = dict(gegevens)
        cv_gegevens = gegevens.pop("contactverzoek", None)
        onbekend = set(gegevens) - set(VRAAG_VELDEN)
        if onbekend:
            raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
        vraag = Contactvraag(klantcontact=contact, volgorde=volgorde, **gegevens)
        _controleer_vraag(vraag, organisatie)
        try:
            vraag.full_clean(  # the related rows are instances _controleer_vraag checked
                exclude=["klantcontact", "onderwerp", "doorverwezen_team", "doorverwezen_organisatie"],
                validate_unique=False,
            )
        except ValidationError as exc:
            raise ValidationError({f"vragen.{volgorde}.{k}": v for k, v in exc.message_dict.items()}) from exc
        opgeslagen.append(vraag)
        if vraag.uitkomst == Uitkomst.CONTACTVERZOEK and (cv_gegevens or not contactverzoek_volgt):
            verzoeken.append(_concept_verzoek(contact, vraag, cv_gegevens or {}))
    # Everything is checked before the first write; the contact is stored registered
    # at once (no draft row to update).
    _controleer_registratie(opgeslagen)
    contact.status = ContactStatus.GEREGISTREERD
    contact.eerstelijns = all(v.uitkomst == Uitkomst.BEANTWOORD for v in opgeslagen)
    if idempotentiesleutel:
        try:
            with transaction.atomic():
                contact.save()
        except IntegrityError:  # a concurrent retry with the same key won the race
            eerder = Klantcontact.objects.get(
                organisatie=organisatie, idempotentiesleutel=idempotentiesleutel
            )
            return eerder, False
    else:
        contact.save()
    Contactvraag.objects.bulk_create(opgeslagen)
    for cv in verzoeken:
        cv.klantcontact = contact
        cv.contactvraag = cv.contactvraag  # re-bind the saved question's pk
        cv.save()
    _registreer(contact, actor, opgeslagen, al_opgeslagen=True)
    return contact, True


def _concept_verzoek(contact: Klantcontact, vraag: Contactvraag, gegevens: dict[str, Any]) -> Contactverzoek:
    cv = Contactverzoek(
        organisatie=contact.organisatie,
        klantcontact=contact,
        contactvraag=vraag,
        status=ContactverzoekStatus.CONCEPT,
        vraag=vraag.vraag,
        onderwerp=vraag.onderwerp,
    )
    _vul_verzoek(cv, contact.organisatie, gegevens, contact=contact)
    cv.full_clean(exclude=["contactvraag", "klantcontact"])
    return cv


# --- contactverzoeken ---------------------------------------------------------------


def _log(cv: Contactverzoek, soort: LogSoort, tekst: str, actor: Actor | None) -> None:
    ContactverzoekLog.objects.create(
        contactverzoek=cv, soort=soort, tekst=tekst[:500], medewerker_naam=_naam(actor) if actor else ""
    )


def _cv_verwerking(cv: Contactverzoek, actie: VerwerkingActie, handeling: str, actor: Actor) -> None:
    _partij_log(
        organisatie=cv.organisatie,
        persoon=cv.persoon,
        bedrijf=cv.bedrijf,
        actie=actie,
        handeling=handeling,
        object_type="contactverzoek",
        object_id=cv.uuid,
        by=actor,
    )


def _cv_gebeurtenis(cv: Contactverzoek, type: str, actie: str, actor: Actor, **kenmerken: str) -> None:
    gebeurtenis_emit(
        type=type,
        kanaal="klantinteracties",
        organisatie=cv.organisatie,
        object_type="internetaken",
        object_uuid=cv.uuid,
        actie=actie,
        kenmerken={"status": cv.status, **kenmerken},
        actor=actor,
    )


def _deadline_tekst(moment: datetime.datetime) -> str:
    lokaal = timezone.localtime(moment)
    return lokaal.strftime("%d-%m-%Y")


def _activeer(cv: Contactverzoek, actor: Actor, *, bevestiging: bool) -> None:
    """A concept contactverzoek goes to its queue: number, deadline from the norm,
    log, event, and a confirmation to the resident when an e-mail address is known."""
    termijn, omschrijving = servicenorm_voor(
        cv.organisatie, team=cv.team, onderwerp=cv.onderwerp, urgentie=cv.urgentie
    )
    nu = timezone.now()
    cv.nummer = (
        cv.nummer or f"CV-{nu.year}-{volgnummer(organisatie=cv.organisatie, reeks='contactverzoek'):06d}"
    )
    cv.deadline = deadline_voor(cv.organisatie, nu, termijn)
    cv.servicenorm = omschrijving[:100]
    cv.status = ContactverzoekStatus.IN_BEHANDELING if cv.behandelaar_id else ContactverzoekStatus.OPEN
    cv.aangemaakt_door = _user(actor)
    cv.save()
    digitaal_adres_onthouden(
        organisatie=cv.organisatie,
        persoon=cv.persoon,
        bedrijf=cv.bedrijf,
        telefoonnummer=cv.telefoonnummer,
        email=cv.email,
        moment=nu,
    )
    _log(
        cv,
        LogSoort.AANGEMAAKT,
        _("Voor %(wie)s, uiterlijk %(datum)s")
        % {"wie": cv.toegewezen_aan, "datum": _deadline_tekst(cv.deadline)},
        actor,
    )
    _cv_verwerking(cv, VerwerkingActie.AANMAKEN, "Contactverzoek aangemaakt", actor)
    _cv_gebeurtenis(cv, "contactverzoek.aangemaakt", "create", actor, urgentie=cv.urgentie)
    if bevestiging and cv.email:
        bericht_versturen(
            organisatie=cv.organisatie,
            aan=cv.email,
            onderwerp=_("Uw vraag aan %(org)s (%(nummer)s)")
            % {"org": cv.organisatie.naam, "nummer": cv.nummer},
            tekst=_(
                "Beste %(naam)s,\n\nU heeft een vraag gesteld aan %(org)s. "
                "Wij nemen uiterlijk %(datum)s contact met u op.\nUw kenmerk is %(nummer)s.\n\n"
                "Uw vraag:\n%(vraag)s\n\nMet vriendelijke groet,\n%(org)s"
            )
            % {
                "naam": cv.contactnaam or (cv.persoon.naam if cv.persoon else _("heer/mevrouw")),
                "org": cv.organisatie.naam,
                "datum": _deadline_tekst(cv.deadline),
                "nummer": cv.nummer,
                "vraag": cv.vraag,
            },
        )
        _log(
            cv,
            LogSoort.BERICHT,
            _("Ontvangstbevestiging gestuurd naar %(email)s") % {"email": cv.email},
            None,
        )


@transaction.atomic
def contactverzoek_aanmaken(
    *,
    organisatie: Organisatie,
    by: Actor | User,
    vraag: str,
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    klantcontact: Klantcontact | None = None,
    onderwerp: Onderwerp | None = None,
    bevestiging: bool = True,
    **gegevens: Any,
) -> Contactverzoek:
    """A contactverzoek on its own (API, inbox), straight into the queue."""
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, organisatie)
    _controleer_partij(organisatie, persoon, bedrijf)
    if not vraag.strip():
        raise _fout("vraag", _("Vul de vraag in."))
    cv = Contactverzoek(
        organisatie=organisatie,
        klantcontact=klantcontact,
        persoon=persoon,
        bedrijf=bedrijf,
        vraag=vraag.strip(),
        onderwerp=onderwerp,
    )
    _vul_verzoek(cv, organisatie, gegevens)
    cv.full_clean(exclude=["contactvraag", "klantcontact"])
    _activeer(cv, actor, bevestiging=bevestiging)
    return cv


def _mag_behandelen(actor: Actor, cv: Contactverzoek) -> bool:
    return mag(actor, Actie.CONTACTVERZOEK_BEHANDELEN, cv.organisatie_id) or bool(
        cv.ketenpartner_id and mag(actor, Actie.CONTACTVERZOEK_BEHANDELEN, cv.ketenpartner_id)
    )


def _open_voor_behandeling(cv: Contactverzoek, actor: Actor) -> Contactverzoek:
    locked = Contactverzoek.objects.select_for_update(of=("self",)).get(pk=cv.pk)
    if not _mag_behandelen(actor, locked):
        raise PermissionDenied(_("U mag dit contactverzoek niet behandelen."))
    if locked.status not in OPEN_STATUSSEN:
        raise _fout("status", _("Dit contactverzoek is al afgehandeld."))
    return locked


@transaction.atomic
def contactverzoek_claimen(*, contactverzoek: Contactverzoek, by: Actor | User) -> Contactverzoek:
    """The behandelaar takes it from the team queue."""
    actor = as_actor(by)
    cv = _open_voor_behandeling(contactverzoek, actor)
    user = _user(actor)
    if user is None:
        raise PermissionDenied(_("Alleen een medewerker kan een contactverzoek oppakken."))
    if cv.behandelaar_id == user.pk:
        return cv
    cv.behandelaar = user
    cv.status = ContactverzoekStatus.IN_BEHANDELING
    cv.save(update_fields=["behandelaar", "status", "updated_at"])
    _log(cv, LogSoort.GECLAIMD, "", actor)
    _cv_gebeurtenis(cv, "contactverzoek.toegewezen", "partial_update", actor)
    return cv


@transaction.atomic
def contactverzoek_toewijzen(
    *,
    contactverzoek: Contactverzoek,
    by: Actor | User,
    team: Team | None = None,
    behandelaar: User | None = None,
    ketenpartner: Organisatie | None = None,
    toelichting: str = "",
) -> Contactverzoek:
    """Assign to a colleague or transfer to another team or a chain partner. The
    deadline stays: the resident was promised a term."""
    actor = as_actor(by)
    cv = _open_voor_behandeling(contactverzoek, actor)
    _controleer_ontvanger(cv.organisatie, team, behandelaar, ketenpartner)
    overdracht = (team is not None and team.pk != cv.team_id) or (
        ketenpartner is not None and ketenpartner.pk != cv.ketenpartner_id
    )
    if team is not None or ketenpartner is not None:
        cv.team, cv.ketenpartner = team, ketenpartner
    cv.behandelaar = behandelaar
    cv.status = ContactverzoekStatus.IN_BEHANDELING if behandelaar else ContactverzoekStatus.OPEN
    cv.save(update_fields=["team", "ketenpartner", "behandelaar", "status", "updated_at"])
    tekst = _("Naar %(wie)s") % {"wie": cv.toegewezen_aan}
    if toelichting.strip():
        tekst += f": {toelichting.strip()}"
    _log(cv, LogSoort.OVERGEDRAGEN if overdracht else LogSoort.TOEGEWEZEN, tekst, actor)
    _cv_gebeurtenis(cv, "contactverzoek.toegewezen", "partial_update", actor)
    if behandelaar is not None and behandelaar.pk != (actor.user.pk if actor.user else None):
        attendering_sturen(
            organisatie=cv.organisatie,
            medewerker=behandelaar,
            titel=_("Contactverzoek %(nummer)s is aan u toegewezen") % {"nummer": cv.nummer},
            tekst=cv.vraag[:300],
            url=f"/medewerker/contactverzoeken/{cv.uuid}/",
        )
    return cv


@transaction.atomic
def contactpoging_vastleggen(
    *,
    contactverzoek: Contactverzoek,
    by: Actor | User,
    uitkomst: PogingUitkomst | str,
    notitie: str = "",
    tijdstip: datetime.datetime | None = None,
) -> Contactpoging:
    actor = as_actor(by)
    cv = _open_voor_behandeling(contactverzoek, actor)
    if uitkomst not in PogingUitkomst.values:
        raise _fout("uitkomst", _("Kies de uitkomst van de poging."))
    tijdstip = tijdstip or timezone.now()
    if tijdstip > timezone.now() + datetime.timedelta(minutes=5):
        raise _fout("tijdstip", _("Een contactpoging kan niet in de toekomst liggen."))
    poging = Contactpoging(
        contactverzoek=cv,
        uitkomst=uitkomst,
        notitie=notitie.strip(),
        tijdstip=tijdstip,
        medewerker=_user(actor),
    )
    poging.full_clean()
    poging.save()
    if cv.status == ContactverzoekStatus.OPEN:
        cv.status = ContactverzoekStatus.IN_BEHANDELING
        cv.behandelaar = cv.behandelaar or _user(actor)
        cv.save(update_fields=["status", "behandelaar", "updated_at"])
    _log(
        cv,
        LogSoort.POGING,
        str(PogingUitkomst(uitkomst).label) + (f": {notitie.strip()}" if notitie.strip() else ""),
        actor,
    )
    _cv_verwerking(cv, VerwerkingActie.WIJZIGEN, "Contactpoging vastgelegd", actor)
    _cv_gebeurtenis(cv, "contactverzoek.poging", "partial_update", actor, uitkomst=str(uitkomst))
    return poging


@transaction.atomic
def contactverzoek_afhandelen(
    *,
    contactverzoek: Contactverzoek,
    by: Actor | User,
    resultaat: Resultaat | str,
    afsluittekst: str,
    bericht_aan_inwoner: str = "",
) -> Contactverzoek:
    """Close with a result and closing text; optionally send the resident a closing
    message (by e-mail, when an address is known)."""
    actor = as_actor(by)
    cv = _open_voor_behandeling(contactverzoek, actor)
    if resultaat not in Resultaat.values:
        raise _fout("resultaat", _("Kies een resultaat."))
    if not afsluittekst.strip():
        raise _fout("afsluittekst", _("Beschrijf kort hoe het contactverzoek is afgehandeld."))
    if bericht_aan_inwoner.strip() and not cv.email:
        raise _fout("bericht_aan_inwoner", _("Er is geen e-mailadres bekend om het bericht naar te sturen."))
    cv.status = ContactverzoekStatus.AFGEHANDELD
    cv.resultaat = resultaat
    cv.afsluittekst = afsluittekst.strip()
    cv.afgehandeld_op = timezone.now()
    cv.behandelaar = cv.behandelaar or _user(actor)
    cv.full_clean()
    cv.save()
    _log(cv, LogSoort.AFGEHANDELD, f"{Resultaat(resultaat).label}: {cv.afsluittekst}", actor)
    _cv_verwerking(cv, VerwerkingActie.WIJZIGEN, "Contactverzoek afgehandeld", actor)
    _cv_gebeurtenis(cv, "contactverzoek.afgehandeld", "partial_update", actor, resultaat=str(resultaat))
    if bericht_aan_inwoner.strip():
        bericht_versturen(
            organisatie=cv.organisatie,
            aan=cv.email,
            onderwerp=_("Uw vraag aan %(org)s (%(nummer)s) is afgehandeld")
            % {"org": cv.organisatie.naam, "nummer": cv.nummer},
            tekst=bericht_aan_inwoner.strip(),
        )
        _log(cv, LogSoort.BERICHT, _("Afsluitbericht gestuurd naar %(email)s") % {"email": cv.email}, actor)
    return cv


# --- deadline watch (driven by the worker, see tasks.py) ----------------------------


def _teamleiders(cv: Contactverzoek) -> list[User]:
    """Teamleiders of the contactverzoek's team, or else of its organisation."""
    rollen = Roltoewijzing.objects.filter(
        organisatie_id=cv.organisatie_id, rol=Rol.TEAMLEIDER, user__is_active=True
    ).select_related("user")
    leiders = [r.user for r in rollen]
    if cv.team_id:
        in_team = set(cv.team.leden.values_list("pk", flat=True)) if cv.team else set()
        eigen = [u for u in leiders if u.pk in in_team]
        return eigen or leiders
    return leiders


def _ontvangers_herinnering(cv: Contactverzoek) -> list[User]:
    if cv.behandelaar_id and cv.behandelaar and cv.behandelaar.is_active:
        return [cv.behandelaar]
    if cv.team_id and cv.team:
        return list(cv.team.leden.filter(is_active=True))
    return []


def contactverzoeken_bewaken(nu: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind assignees on the deadline day and escalate overdue contactverzoeken to
    the teamleider (in-app and e-mail). Each contactverzoek is reminded and escalated
    once; each one in its own transaction. Returns (reminded, escalated)."""
    nu = nu or timezone.now()
    lokaal = timezone.localtime(nu)
    herinnerd = geescaleerd = 0
    if lokaal.hour >= HERINNERING_VANAF_UUR:
        einde_dag = lokaal.replace(hour=23, minute=59, second=59, microsecond=999999)
        te_herinneren = Contactverzoek.objects.filter(
            status__in=OPEN_STATUSSEN, herinnerd_op__isnull=True, deadline__gte=nu, deadline__lte=einde_dag
        ).values_list("pk", flat=True)
        for pk in list(te_herinneren):
            herinnerd += _herinner(pk, nu)
    te_laat = Contactverzoek.objects.filter(
        status__in=OPEN_STATUSSEN, geescaleerd_op__isnull=True, deadline__lt=nu
    ).values_list("pk", flat=True)
    for pk in list(te_laat):
        geescaleerd += _escaleer(pk, nu)
    return herinnerd, geescaleerd


def _eenmalig(pk: int, veld: str, nu: datetime.datetime) -> Contactverzoek | None:
    """Lock the contactverzoek and stamp ``veld`` (herinnerd_op / geescaleerd_op) if it
    is still open and not stamped yet; None when another worker or a closure was first."""
    cv = (
        Contactverzoek.objects.select_for_update(of=("self",))
        .select_related("organisatie", "team", "behandelaar")
        .get(pk=pk)
    )
    if getattr(cv, veld) is not None or cv.status not in OPEN_STATUSSEN:
        return None
    setattr(cv, veld, nu)
    cv.save(update_fields=[veld])
    return cv


@transaction.atomic
def _herinner(pk: int, nu: datetime.datetime) -> int:
    cv = _eenmalig(pk, "herinnerd_op", nu)
    if cv is None:
        return 0
    titel = _("Contactverzoek %(nummer)s moet vandaag worden afgehandeld") % {"nummer": cv.nummer}
    for user in _ontvangers_herinnering(cv):
        attendering_sturen(
            organisatie=cv.organisatie,
            medewerker=user,
            titel=titel,
            tekst=cv.vraag[:300],
            url=f"/medewerker/contactverzoeken/{cv.uuid}/",
            sleutel=f"cv-herinnering-{cv.uuid}",
        )
    adres = (cv.behandelaar.email if cv.behandelaar_id and cv.behandelaar else "") or (
        cv.team.email if cv.team_id and cv.team else ""
    )
    if adres:
        bericht_versturen(organisatie=cv.organisatie, aan=adres, onderwerp=titel, tekst=cv.vraag)
    _log(cv, LogSoort.HERINNERING, "", None)
    return 1


@transaction.atomic
def _escaleer(pk: int, nu: datetime.datetime) -> int:
    cv = _eenmalig(pk, "geescaleerd_op", nu)
    if cv is None:
        return 0
    titel = _("Contactverzoek %(nummer)s is te laat") % {"nummer": cv.nummer}
    tekst = _("Uiterlijk %(datum)s, toegewezen aan %(wie)s.\n\n%(vraag)s") % {
        "datum": _deadline_tekst(cv.deadline) if cv.deadline else "",
        "wie": cv.toegewezen_aan or "-",
        "vraag": cv.vraag,
    }
    for leider in _teamleiders(cv):
        attendering_sturen(
            organisatie=cv.organisatie,
            medewerker=leider,
            titel=titel,
            tekst=tekst[:1000],
            url=f"/medewerker/contactverzoeken/{cv.uuid}/",
            sleutel=f"cv-escalatie-{cv.uuid}",
        )
        if leider.email:
            bericht_versturen(organisatie=cv.organisatie, aan=leider.email, onderwerp=titel, tekst=tekst)
    _log(cv, LogSoort.GEESCALEERD, "", None)
    gebeurtenis_emit(
        type="contactverzoek.te_laat",
        kanaal="klantinteracties",
        organisatie=cv.organisatie,
        object_type="internetaken",
        object_uuid=cv.uuid,
        actie="partial_update",
        kenmerken={"status": cv.status},
        actor=Actor.proces("contactverzoeken_bewaken"),
    )
    return 1


# --- incoming-call screen pops ------------------------------------------------------


@transaction.atomic
def schermpop_aanmaken(
    *,
    organisatie: Organisatie,
    medewerker: User,
    telefoonnummer: str,
    by: Actor | User,
    gesprek_id: str = "",
) -> Schermpop:
    """The telephony platform announces a call for an agent: match the caller's number
    to known parties so the agent's screen can open the klantbeeld."""
    from eenloket.contacten.selectors import partijen_via_digitaal_adres

    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, organisatie)
    if not mag(medewerker, Actie.CONTACT_REGISTREREN, organisatie) or not medewerker.is_active:
        raise _fout("medewerker", _("Deze medewerker registreert geen contacten voor deze organisatie."))
    nummer = normalise_telefoonnummer(telefoonnummer)
    treffers = partijen_via_digitaal_adres(actor, organisatie, telefoonnummer=nummer)
    enige = treffers[0] if len(treffers) == 1 else None
    return Schermpop.objects.create(
        organisatie=organisatie,
        medewerker=medewerker,
        telefoonnummer=nummer,
        persoon=enige if isinstance(enige, Persoon) else None,
        bedrijf=enige if isinstance(enige, Bedrijf) else None,
        aantal_treffers=len(treffers),
        gesprek_id=gesprek_id[:100],
    )


@transaction.atomic
def schermpop_openen(*, schermpop: Schermpop, by: Actor | User) -> Klantcontact:
    """The agent accepts the screen pop: a live phone contact starts, linked to the
    matched party (if exactly one matched)."""
    actor = as_actor(by)
    pop = (
        Schermpop.objects.select_for_update(of=("self",))
        .select_related("organisatie", "persoon", "bedrijf")
        .get(pk=schermpop.pk)
    )
    if actor.user is None or pop.medewerker_id != actor.user.pk:
        raise PermissionDenied
    pop.geopend_op = pop.geopend_op or timezone.now()
    pop.save(update_fields=["geopend_op"])
    return contact_starten(
        organisatie=pop.organisatie,
        kanaal=Kanaal.objects.filter(
            organisatie=pop.organisatie, soort=KanaalSoort.TELEFOON, actief=True
        ).first()
        or "telefoon",
        by=actor,
        persoon=pop.persoon,
        bedrijf=pop.bedrijf,
        telefoonnummer=pop.telefoonnummer,
    )


# --- Klantinteracties API: betrokkene and onderwerpobjecten -------------------------


@transaction.atomic
def klantcontact_betrokkene_vastleggen(
    *,
    contact: Klantcontact,
    by: Actor | User,
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    contactnaam: str | None = None,
) -> Klantcontact:
    """Record who a registered contact was with: the Klantinteracties API posts the
    klantcontact first and its betrokkene after. Also sets the party on the contact's
    contactverzoeken that have none yet, and remembers the contact's phone number and
    e-mail address for the party. Writes the processing log for the party."""
    actor = as_actor(by)
    contact = (
        Klantcontact.objects.select_for_update(of=("self",)).select_related("organisatie").get(pk=contact.pk)
    )
    vereis(actor, Actie.CONTACT_REGISTREREN, contact.organisatie_id)
    _controleer_partij(contact.organisatie, persoon, bedrijf)
    contact.persoon, contact.bedrijf = persoon, bedrijf
    if contactnaam is not None:
        contact.contactnaam = contactnaam.strip()
    contact.full_clean(exclude=["kanaal", "organisatie", "gesprek", "persoon", "bedrijf"])
    contact.save(update_fields=["persoon", "bedrijf", "contactnaam", "updated_at"])
    if persoon is not None or bedrijf is not None:
        Contactverzoek.objects.filter(
            klantcontact=contact, persoon__isnull=True, bedrijf__isnull=True
        ).update(persoon=persoon, bedrijf=bedrijf)
        digitaal_adres_onthouden(
            organisatie=contact.organisatie,
            persoon=persoon,
            bedrijf=bedrijf,
            telefoonnummer=contact.telefoonnummer,
            email=contact.email,
            moment=contact.beeindigd_op,
        )
    _partij_log(
        organisatie=contact.organisatie,
        persoon=persoon,
        bedrijf=bedrijf,
        actie=VerwerkingActie.WIJZIGEN,
        handeling="Betrokkene bij klantcontact vastgelegd",
        object_type="klantcontact",
        object_id=contact.uuid,
        by=actor,
    )
    gebeurtenis_emit(
        type="klantcontact.betrokkene_vastgelegd",
        kanaal="klantinteracties",
        organisatie=contact.organisatie,
        object_type="klantcontacten",
        object_uuid=contact.uuid,
        actie="partial_update",
        actor=actor,
    )
    return contact


ONDERWERPOBJECT_VELDEN = (
    "klantcontact",
    "was_klantcontact",
    "code_objecttype",
    "code_register",
    "code_soort_object_id",
    "object_id",
)


def _onderwerpobject_opslaan(obj: Onderwerpobject, actor: Actor, velden: dict[str, Any], actie: str) -> None:
    onbekend = set(velden) - set(ONDERWERPOBJECT_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    for veld, waarde in velden.items():
        setattr(obj, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    for veld in ("klantcontact", "was_klantcontact"):
        gekoppeld = getattr(obj, veld)
        if gekoppeld is not None and gekoppeld.organisatie_id != obj.organisatie_id:
            raise _fout(veld, _("Dit klantcontact hoort bij een andere organisatie."))
    obj.full_clean()
    obj.save()
    gebeurtenis_emit(
        type=f"onderwerpobject.{'aangemaakt' if actie == 'create' else 'gewijzigd'}",
        kanaal="klantinteracties",
        organisatie=obj.organisatie,
        object_type="onderwerpobjecten",
        object_uuid=obj.uuid,
        actie=actie,
        actor=actor,
    )


@transaction.atomic
def onderwerpobject_aanmaken(*, organisatie: Organisatie, by: Actor | User, **velden: Any) -> Onderwerpobject:
    """Record what a contact was about (a zaak, a product, an earlier contact), by its
    identifier in another register. Both contacts must belong to ``organisatie``."""
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, organisatie)
    obj = Onderwerpobject(organisatie=organisatie)
    _onderwerpobject_opslaan(obj, actor, velden, "create")
    return obj


@transaction.atomic
def onderwerpobject_wijzigen(
    *, onderwerpobject: Onderwerpobject, by: Actor | User, **velden: Any
) -> Onderwerpobject:
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, onderwerpobject.organisatie_id)
    _onderwerpobject_opslaan(onderwerpobject, actor, velden, "partial_update")
    return onderwerpobject


@transaction.atomic
def onderwerpobject_verwijderen(*, onderwerpobject: Onderwerpobject, by: Actor | User) -> None:
    actor = as_actor(by)
    vereis(actor, Actie.CONTACT_REGISTREREN, onderwerpobject.organisatie_id)
    gebeurtenis_emit(
        type="onderwerpobject.verwijderd",
        kanaal="klantinteracties",
        organisatie=onderwerpobject.organisatie,
        object_type="onderwerpobjecten",
        object_uuid=onderwerpobject.uuid,
        actie="destroy",
        actor=actor,
    )
    onderwerpobject.delete()


# --- configuration by the functioneel beheerder -------------------------------------


@transaction.atomic
def kanaal_opslaan(
    *,
    organisatie: Organisatie,
    by: Actor | User,
    naam: str,
    soort: str,
    actief: bool = True,
    volgorde: int = 0,
    kanaal: Kanaal | None = None,
) -> Kanaal:
    """Add a channel or change one (name, kind, order, active). Channels are never
    deleted: registered contacts keep pointing at them."""
    vereis(as_actor(by), Actie.KCC_INRICHTEN, organisatie)
    if kanaal is None:
        from django.utils.text import slugify

        basis = slugify(naam)[:25] or "kanaal"
        code, n = basis, 1
        while Kanaal.objects.filter(organisatie=organisatie, code=code).exists():
            n += 1
            code = f"{basis}-{n}"
        kanaal = Kanaal(organisatie=organisatie, code=code)
    elif kanaal.organisatie_id != organisatie.pk:
        raise PermissionDenied
    kanaal.naam, kanaal.soort, kanaal.actief, kanaal.volgorde = naam.strip(), soort, actief, volgorde
    kanaal.full_clean()
    kanaal.save()
    return kanaal


@transaction.atomic
def servicenorm_opslaan(
    *,
    organisatie: Organisatie,
    by: Actor | User,
    soort: str,
    termijn: int,
    eenheid: str = NormEenheid.WERKDAGEN,
    team: Team | None = None,
    onderwerp: Onderwerp | None = None,
    urgentie: str = "",
    omschrijving: str = "",
) -> Servicenorm:
    """Set the norm for a combination of (team, subject, urgency); setting it again
    replaces the earlier one."""
    vereis(as_actor(by), Actie.KCC_INRICHTEN, organisatie)
    for veld, waarde in (("team", team), ("onderwerp", onderwerp)):
        if waarde is not None and waarde.organisatie_id != organisatie.pk:
            raise _fout(veld, _("Dit hoort bij een andere organisatie."))
    norm = (
        Servicenorm.objects.select_for_update(of=("self",))
        .filter(organisatie=organisatie, soort=soort, team=team, onderwerp=onderwerp, urgentie=urgentie)
        .first()
    ) or Servicenorm(organisatie=organisatie, soort=soort, team=team, onderwerp=onderwerp, urgentie=urgentie)
    norm.termijn, norm.eenheid, norm.omschrijving = termijn, eenheid, omschrijving.strip()
    norm.full_clean()
    norm.save()
    return norm


@transaction.atomic
def servicenorm_verwijderen(*, norm: Servicenorm, by: Actor | User) -> None:
    vereis(as_actor(by), Actie.KCC_INRICHTEN, norm.organisatie_id)
    norm.delete()
