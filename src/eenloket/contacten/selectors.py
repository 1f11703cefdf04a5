"""Reads of the contact centre: the klantbeeld (one query plan per party), the agent's
open contacts, finding parties by a phone number or e-mail address known from earlier
contacts, and the contactverzoek queues."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.contacten.constants import OPEN_STATUSSEN, ContactStatus, ContactverzoekStatus
from eenloket.contacten.models import (
    Contactpoging,
    Contactverzoek,
    ContactverzoekLog,
    Kanaal,
    Klantcontact,
)
from eenloket.contacten.services import KLANTCONTACTEN
from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie, User
from eenloket.core.permissions import Actie
from eenloket.core.services import verwerking_log
from eenloket.core.tenancy import as_actor, get_scoped, mag, organisatie_ids, scope
from eenloket.core.validators import normalise_telefoonnummer
from eenloket.klanten.constants import DigitaalAdresSoort
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Klantvlag, Persoon

TIJDLIJN_LENGTE = 50


# --- the klantbeeld -----------------------------------------------------------------


@dataclass
class KlantbeeldRegel:
    """One line in a section filled by another area (a zaak, an appointment, a report)."""

    titel: str
    status: str = ""
    datum: datetime.date | datetime.datetime | None = None
    einddatum: datetime.date | datetime.datetime | None = None
    toelichting: str = ""
    url: str = ""
    open: bool = True


@dataclass
class KlantbeeldOnderdeel:
    code: str
    titel: Any
    gekoppeld: bool
    regels: list[KlantbeeldRegel] = field(default_factory=list)


Partij = Persoon | Bedrijf
Bron = Callable[[Actor, Partij], list[KlantbeeldRegel]]


@dataclass(frozen=True)
class _Onderdeel:
    code: str
    titel: Any


# The sections other areas fill (zaken, afspraken, meldingen). Until an area registers
# its source with ``klantbeeld_bron``, its section says it is not connected yet: the
# klantbeeld never shows invented rows.
ONDERDELEN: tuple[_Onderdeel, ...] = (
    _Onderdeel("zaken", _("Zaken")),
    _Onderdeel("afspraken", _("Afspraken")),
    _Onderdeel("meldingen", _("Meldingen openbare ruimte")),
)
_BRONNEN: dict[str, Bron] = {}


def klantbeeld_bron(code: str) -> Callable[[Bron], Bron]:
    """Register the source of a klantbeeld section. The source must answer in a fixed
    number of queries (it is part of the klantbeeld's one query plan)."""
    if code not in {o.code for o in ONDERDELEN}:
        raise ValueError(f"Onbekend klantbeeld-onderdeel {code!r}")

    def register(bron: Bron) -> Bron:
        _BRONNEN[code] = bron
        return bron

    return register


@dataclass
class Klantbeeld:
    partij: Partij
    soort: Literal["persoon", "bedrijf"]
    digitale_adressen: list[DigitaalAdres]
    kenmerken: list[Klantvlag]
    gevoelige_kenmerken_zichtbaar: bool
    contacten: list[Klantcontact]
    meer_contacten: bool
    contactverzoeken: list[Contactverzoek]
    onderdelen: list[KlantbeeldOnderdeel]

    @property
    def open_contactverzoeken(self) -> list[Contactverzoek]:
        return [cv for cv in self.contactverzoeken if cv.is_open]


def partij_get(actor: Actor | User, soort: str, uuid: Any) -> Partij:
    """The person or business by UUID, in an organisation where the actor may see
    residents (404 otherwise)."""
    model: type[Persoon] | type[Bedrijf] = Persoon if soort == "persoon" else Bedrijf
    if soort not in ("persoon", "bedrijf"):
        raise Http404
    return get_scoped(model.objects.all(), actor, Actie.KLANT_BEKIJKEN, uuid=uuid)


def klantbeeld(actor: Actor | User, partij: Partij, *, voor: datetime.datetime | None = None) -> Klantbeeld:
    """Everything the KCC needs about one party, in a fixed number of queries whatever
    the length of the history, and one processing-log row. ``voor`` pages the contact
    timeline back in time."""
    wie = as_actor(actor)
    if not mag(wie, Actie.KLANT_BEKIJKEN, partij.organisatie_id):
        raise Http404
    is_persoon = isinstance(partij, Persoon)
    filter_partij: dict[str, Partij] = {"persoon": partij} if is_persoon else {"bedrijf": partij}
    gevoelig = mag(wie, Actie.KLANT_GEVOELIGE_KENMERKEN, partij.organisatie_id)
    vandaag = timezone.localdate()

    adressen = list(DigitaalAdres.objects.filter(**filter_partij).order_by("soort", "-laatst_gebruikt"))
    kenmerken = [
        k
        for k in Klantvlag.objects.filter(**filter_partij)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
        .order_by("-begindatum")
        if gevoelig or not k.gevoelig
    ]
    contacten_qs = (
        Klantcontact.objects.filter(status=ContactStatus.GEREGISTREERD, **filter_partij)
        .select_related("kanaal", "medewerker")
        .prefetch_related(
            "vragen__onderwerp", "vragen__doorverwezen_team", "vragen__doorverwezen_organisatie"
        )
        .order_by("-gestart_op")
    )
    if voor is not None:
        contacten_qs = contacten_qs.filter(gestart_op__lt=voor)
    contacten = list(contacten_qs[: TIJDLIJN_LENGTE + 1])
    recent = timezone.now() - datetime.timedelta(days=90)
    verzoeken = list(
        Contactverzoek.objects.filter(**filter_partij)
        .filter(Q(status__in=OPEN_STATUSSEN) | Q(afgehandeld_op__gte=recent))
        .select_related("team", "behandelaar", "ketenpartner", "onderwerp")
        .prefetch_related(
            Prefetch("pogingen", queryset=Contactpoging.objects.order_by("tijdstip")),
            Prefetch("logregels", queryset=ContactverzoekLog.objects.order_by("tijdstip", "pk")),
        )
        .order_by("status", "deadline")
    )
    verzoeken.sort(key=lambda cv: (not cv.is_open, cv.deadline or timezone.now()))
    onderdelen = [
        KlantbeeldOnderdeel(
            code=o.code,
            titel=o.titel,
            gekoppeld=o.code in _BRONNEN,
            regels=_BRONNEN[o.code](wie, partij) if o.code in _BRONNEN else [],
        )
        for o in ONDERDELEN
    ]
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Klantbeeld bekeken",
        activiteit=KLANTCONTACTEN.code,
        organisatie=partij.organisatie,
        object_type="persoon" if is_persoon else "bedrijf",
        object_id=partij.uuid,
        bsn=partij.bsn if isinstance(partij, Persoon) else "",
        kvk_nummer=partij.kvk_nummer if isinstance(partij, Bedrijf) else "",
        actor=wie,
    )
    return Klantbeeld(
        partij=partij,
        soort="persoon" if is_persoon else "bedrijf",
        digitale_adressen=adressen,
        kenmerken=kenmerken,
        gevoelige_kenmerken_zichtbaar=gevoelig,
        contacten=contacten[:TIJDLIJN_LENGTE],
        meer_contacten=len(contacten) > TIJDLIJN_LENGTE,
        contactverzoeken=verzoeken,
        onderdelen=onderdelen,
    )


# --- finding parties ----------------------------------------------------------------


def partijen_via_digitaal_adres(
    actor: Actor | User, organisatie: Organisatie, *, telefoonnummer: str = "", email: str = ""
) -> list[Partij]:
    """Persons and businesses known by this phone number or e-mail address, from
    earlier contacts or their registered contact details."""
    if not mag(actor, Actie.KLANT_BEKIJKEN, organisatie):
        return []
    if telefoonnummer:
        soort, adres = DigitaalAdresSoort.TELEFOONNUMMER, normalise_telefoonnummer(telefoonnummer)
        eigen = Q(telefoonnummer=adres)
    elif email:
        soort, adres = DigitaalAdresSoort.EMAIL, email.strip().lower()
        eigen = Q(email__iexact=adres)
    else:
        return []
    via_adres = DigitaalAdres.objects.filter(organisatie=organisatie, soort=soort, adres=adres)
    persoon_ids = via_adres.exclude(persoon__isnull=True).values("persoon_id")
    bedrijf_ids = via_adres.exclude(bedrijf__isnull=True).values("bedrijf_id")
    personen = list(
        Persoon.objects.filter(organisatie=organisatie).filter(eigen | Q(pk__in=persoon_ids))[:20]
    )
    bedrijven = list(
        Bedrijf.objects.filter(organisatie=organisatie).filter(eigen | Q(pk__in=bedrijf_ids))[:20]
    )
    # Finding a party by a phone number or address reads personal data: one log row per
    # party found (one processing action), none when nothing was found.
    handeling = "Klant gezocht op telefoonnummer" if telefoonnummer else "Klant gezocht op e-mailadres"
    if personen:
        verwerking_log(
            actie=VerwerkingActie.ZOEKEN,
            handeling=handeling,
            activiteit=KLANTCONTACTEN.code,
            organisatie=organisatie,
            object_type="persoon",
            bsn=[p.bsn for p in personen],
            actor=as_actor(actor),
        )
    for bedrijf in bedrijven:
        verwerking_log(
            actie=VerwerkingActie.ZOEKEN,
            handeling=handeling,
            activiteit=KLANTCONTACTEN.code,
            organisatie=organisatie,
            object_type="bedrijf",
            object_id=bedrijf.uuid,
            kvk_nummer=bedrijf.kvk_nummer,
            actor=as_actor(actor),
        )
    return [*personen, *bedrijven]


# --- contacts -----------------------------------------------------------------------


def kanalen_voor(organisatie: Organisatie | int) -> QuerySet[Kanaal]:
    org_id = organisatie if isinstance(organisatie, int) else organisatie.pk
    return Kanaal.objects.filter(organisatie_id=org_id, actief=True).order_by("volgorde", "naam")


def lopende_contacten(actor: Actor | User) -> QuerySet[Klantcontact]:
    """The agent's own open (draft) contacts: several can run at once."""
    wie = as_actor(actor)
    if wie.user is None:
        return Klantcontact.objects.none()
    return (
        Klantcontact.objects.filter(
            medewerker=wie.user,
            status=ContactStatus.CONCEPT,
            organisatie_id__in=organisatie_ids(wie, Actie.CONTACT_REGISTREREN),
        )
        .select_related("kanaal", "persoon", "bedrijf", "organisatie")
        .order_by("gestart_op")
    )


def contact_get(actor: Actor | User, uuid: Any) -> Klantcontact:
    """A contact of an organisation the actor registers contacts for; drafts only for
    the agent who owns them."""
    wie = as_actor(actor)
    contact = get_scoped(
        Klantcontact.objects.select_related("kanaal", "persoon", "bedrijf", "organisatie", "medewerker"),
        wie,
        Actie.CONTACT_REGISTREREN,
        uuid=uuid,
    )
    if contact.is_concept and (wie.user is None or contact.medewerker_id != wie.user.pk):
        raise Http404
    return contact


# --- contactverzoeken ---------------------------------------------------------------


def _contactverzoeken(actor: Actor | User) -> QuerySet[Contactverzoek]:
    """Contactverzoeken of the organisations where the actor handles them, plus those
    handed to a chain partner the actor works for."""
    ids = organisatie_ids(actor, Actie.CONTACTVERZOEK_BEHANDELEN)
    return Contactverzoek.objects.filter(Q(organisatie_id__in=ids) | Q(ketenpartner_id__in=ids)).exclude(
        status=ContactverzoekStatus.CONCEPT
    )


Wachtrij = Literal["mijn", "team", "te_laat", "open", "afgehandeld"]


def contactverzoeken_wachtrij(
    actor: Actor | User, wachtrij: Wachtrij = "team", *, team_id: int | None = None
) -> QuerySet[Contactverzoek]:
    """A queue sorted by deadline: mine, my teams', overdue (for the teamleider), all
    open, or recently closed."""
    wie = as_actor(actor)
    qs = _contactverzoeken(wie).select_related(
        "team", "behandelaar", "ketenpartner", "persoon", "bedrijf", "onderwerp", "organisatie"
    )
    nu = timezone.now()
    if wachtrij == "afgehandeld":
        return qs.filter(status=ContactverzoekStatus.AFGEHANDELD).order_by("-afgehandeld_op")
    qs = qs.filter(status__in=OPEN_STATUSSEN)
    if wachtrij == "mijn":
        qs = qs.filter(behandelaar=wie.user) if wie.user else qs.none()
    elif wachtrij == "team":
        teams = wie.user.teams.values("pk") if wie.user else []
        qs = qs.filter(team__in=teams)
    elif wachtrij == "te_laat":
        qs = qs.filter(deadline__lt=nu)
    if team_id:
        qs = qs.filter(team_id=team_id)
    return qs.order_by("deadline", "pk")


def contactverzoek_get(actor: Actor | User, uuid: Any) -> Contactverzoek:
    try:
        return (
            _contactverzoeken(actor)
            .select_related(
                "team",
                "behandelaar",
                "ketenpartner",
                "persoon",
                "bedrijf",
                "onderwerp",
                "organisatie",
                "klantcontact",
            )
            .prefetch_related(
                Prefetch(
                    "pogingen",
                    queryset=Contactpoging.objects.select_related("medewerker").order_by("tijdstip"),
                ),
                Prefetch("logregels", queryset=ContactverzoekLog.objects.order_by("tijdstip", "pk")),
            )
            .get(uuid=uuid)
        )
    except (Contactverzoek.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def contactverzoek_tellingen(actor: Actor | User) -> dict[str, int]:
    """Counts for the queue tabs."""
    wie = as_actor(actor)
    open_qs = _contactverzoeken(wie).filter(status__in=OPEN_STATUSSEN)
    teams = list(wie.user.teams.values_list("pk", flat=True)) if wie.user else []
    nu = timezone.now()
    return {
        "mijn": open_qs.filter(behandelaar=wie.user).count() if wie.user else 0,
        "team": open_qs.filter(team__in=teams).count(),
        "te_laat": open_qs.filter(deadline__lt=nu).count(),
        "open": open_qs.count(),
    }


def scope_contacten(actor: Actor | User) -> QuerySet[Klantcontact]:
    """Registered contacts the actor may see (API lists)."""
    return scope(Klantcontact.objects.filter(status=ContactStatus.GEREGISTREERD), actor, Actie.KLANT_BEKIJKEN)
