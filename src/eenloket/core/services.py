"""Writes of the foundation, and the two calls every area uses:
``verwerking_log`` (processing log) and ``gebeurtenis_emit`` (domain event + outbox).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.core import verwerkingsactiviteiten
from eenloket.core.constants import Rol, Vertrouwelijkheid, VerwerkingActie
from eenloket.core.context import Actor, current_actor
from eenloket.core.models import (
    Attendering,
    Bericht,
    Gebeurtenis,
    Organisatie,
    Roltoewijzing,
    Sluitingsdag,
    Team,
    User,
    Verwerking,
    Volgnummer,
)
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import as_actor, organisatie_ids, vereis

logger = logging.getLogger(__name__)


def _actor(actor: Actor | None) -> Actor:
    found = actor or current_actor()
    if found is None:
        raise RuntimeError(
            "Geen actor bekend: roep dit aan binnen een request, of met acting_as(Actor.proces(...))."
        )
    return found


def verwerking_log(
    *,
    actie: VerwerkingActie,
    handeling: str,
    activiteit: str,
    organisatie: Organisatie,
    object_type: str,
    object_id: str | UUID = "",
    bsn: str | Iterable[str] = "",
    kvk_nummer: str = "",
    vertrouwelijkheid: Vertrouwelijkheid = Vertrouwelijkheid.NORMAAL,
    toelichting: str = "",
    actor: Actor | None = None,
) -> list[Verwerking]:
    """Record one processing of personal data (VNG Verwerkingenlogging).

    Call it inside the same transaction as the change it records (services are atomic,
    so the row commits with the change or not at all). For a read, call it where the
    data is read. ``bsn`` may name several persons: one row per person, one ``actie_id``.
    Purpose, legal basis and retention come from the registered activity.
    """
    wie = _actor(actor)
    register = verwerkingsactiviteiten.get(activiteit)
    bsns = [bsn] if isinstance(bsn, str) else list(bsn)
    if not bsns:
        bsns = [""]
    actie_id = uuid4()
    now = timezone.now()
    rows = [
        Verwerking(
            actie_id=actie_id,
            tijdstip=now,
            organisatie=organisatie,
            actor_soort=wie.soort,
            actor_id=wie.id,
            actor_naam=wie.naam,
            actie=actie,
            handeling=handeling[:200],
            verwerkingsactiviteit=register.code,
            doel=register.doel,
            grondslag=register.grondslag,
            bewaartermijn=register.bewaartermijn,
            vertrouwelijkheid=vertrouwelijkheid,
            object_type=object_type,
            object_id=str(object_id),
            bsn=one_bsn,
            kvk_nummer=kvk_nummer,
            request_id=wie.request_id,
            toelichting=toelichting[:500],
        )
        for one_bsn in bsns
    ]
    if len(rows) == 1:
        rows[0].save(force_insert=True)
        return rows
    return Verwerking.objects.bulk_create(rows)


def gebeurtenis_emit(
    *,
    type: str,
    kanaal: str,
    organisatie: Organisatie,
    object_type: str,
    object_uuid: UUID | None,
    actie: str,
    kenmerken: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> Gebeurtenis:
    """Record a domain event in the caller's transaction (transactional outbox).

    The event row commits with the caller's change or not at all. The worker's outbox
    relay (``tasks.outbox_relay``, every second) picks up events that have not been
    spread yet and hands them to webhook subscriptions and in-process handlers, so a
    crash never loses an event and a rolled-back change never sends one. Writing one row
    instead of row + job keeps the cost per write low (see bench/).
    """
    wie = actor or current_actor()
    gebeurtenis = Gebeurtenis.objects.create(
        organisatie=organisatie,
        type=type,
        kanaal=kanaal,
        object_type=object_type,
        object_uuid=object_uuid,
        actie=actie,
        kenmerken=kenmerken or {},
        data=data or {},
        actor_id=wie.id if wie else "",
        request_id=wie.request_id if wie else "",
    )
    return gebeurtenis


def volgnummer(*, organisatie: Organisatie, reeks: str, jaar: int | None = None) -> int:
    """The next number in a series (per organisation and year), in the caller's
    transaction: the counter row is locked until it commits, so numbers never repeat."""
    jaar = jaar or timezone.localdate().year
    with transaction.atomic():
        teller, _created = Volgnummer.objects.select_for_update().get_or_create(
            organisatie=organisatie, reeks=reeks, jaar=jaar
        )
        teller.laatste += 1
        teller.save(update_fields=["laatste"])
    return teller.laatste


def attendering_sturen(
    *,
    organisatie: Organisatie,
    medewerker: User,
    titel: str,
    tekst: str = "",
    url: str = "",
    sleutel: str = "",
) -> Attendering | None:
    """An in-app notification for one staff member. With a ``sleutel``, the same
    notification is never created twice (returns None when it already exists)."""
    if sleutel and Attendering.objects.filter(medewerker=medewerker, sleutel=sleutel).exists():
        return None
    return Attendering.objects.create(
        organisatie=organisatie,
        medewerker=medewerker,
        titel=titel[:300],
        tekst=tekst,
        url=url,
        sleutel=sleutel,
    )


def bericht_versturen(
    *,
    organisatie: Organisatie,
    aan: str,
    onderwerp: str,
    tekst: str,
    gebeurtenis: Gebeurtenis | None = None,
) -> Bericht:
    """Put an e-mail in the outbox; the worker sends it after the transaction commits."""
    from eenloket.core.tasks import bericht_verzenden

    bericht = Bericht.objects.create(
        organisatie=organisatie, aan=aan, onderwerp=onderwerp, tekst=tekst, gebeurtenis=gebeurtenis
    )
    bericht_verzenden.enqueue(bericht.pk)
    return bericht


@transaction.atomic
def sluitingsdag_toevoegen(
    *, organisatie: Organisatie, datum: datetime.date, omschrijving: str, by: Actor | User
) -> Sluitingsdag:
    """Add a closing day (idempotent: the same day twice updates the description)."""
    vereis(by, Actie.KALENDER_BEHEREN, organisatie)
    dag, _created = Sluitingsdag.objects.update_or_create(
        organisatie=organisatie, datum=datum, defaults={"omschrijving": omschrijving}
    )
    return dag


@transaction.atomic
def sluitingsdag_verwijderen(*, sluitingsdag: Sluitingsdag, by: Actor | User) -> None:
    vereis(by, Actie.KALENDER_BEHEREN, sluitingsdag.organisatie_id)
    sluitingsdag.delete()


@transaction.atomic
def bereikbaarheid_wijzigen(
    *,
    medewerker: User,
    aanwezig: bool,
    afwezig_tot: datetime.date | None,
    vervanger: User | None,
    by: Actor,
) -> User:
    """Set a staff member's reachability. Anyone may set their own; a teamleider or
    functioneel beheerder may set it for staff in their organisations."""
    if by.user is None or by.user.pk != medewerker.pk:
        from eenloket.core.tenancy import organisatie_ids

        eigen = set(medewerker.roltoewijzingen.values_list("organisatie_id", flat=True))
        if not eigen & organisatie_ids(by, Actie.BEREIKBAARHEID_TEAM_WIJZIGEN):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(Actie.BEREIKBAARHEID_TEAM_WIJZIGEN.value)
    if vervanger is not None and vervanger.pk == medewerker.pk:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"vervanger": _("Een medewerker kan niet zijn eigen vervanger zijn.")})
    medewerker.aanwezig = aanwezig
    medewerker.afwezig_tot = afwezig_tot
    medewerker.vervanger = vervanger
    medewerker.save(update_fields=["aanwezig", "afwezig_tot", "vervanger"])
    return medewerker


# --- staff management (functioneel beheerder) ------------------------------------------

WACHTWOORD_MINIMUM = 12


def _rollen_en_teams(
    *, organisatie: Organisatie, rollen: Iterable[Rol | str], teams: Iterable[Team]
) -> tuple[set[Rol], list[Team]]:
    """Check roles and teams given in ``organisatie``; ValidationError per field."""
    fouten: dict[str, str] = {}
    gekozen: set[Rol] = set()
    for rol in rollen:
        try:
            gekozen.add(Rol(rol))
        except ValueError:
            fouten["rollen"] = _("Kies alleen rollen uit de lijst.")
    if Rol.SYSTEEM in gekozen:
        # Only API clients act as SYSTEEM; the database refuses it too.
        fouten["rollen"] = _("De rol systeemclient kan niet aan een medewerker worden gegeven.")
    team_lijst = list(teams)
    if any(team.organisatie_id != organisatie.pk for team in team_lijst):
        fouten["teams"] = _("Kies alleen teams van %(organisatie)s.") % {"organisatie": organisatie.naam}
    elif team_lijst and not gekozen:
        fouten["teams"] = _("Een medewerker zonder rol in deze organisatie kan geen lid van een team zijn.")
    if fouten:
        raise ValidationError(fouten)
    return gekozen, team_lijst


@transaction.atomic
def medewerker_aanmaken(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    functie: str,
    organisatie: Organisatie,
    rollen: Iterable[Rol | str],
    teams: Iterable[Team],
    wachtwoord: str = "",
    by: Actor | User,
) -> User:
    """Create a staff member with roles and team memberships in one organisation.

    Only a functioneel beheerder of ``organisatie`` may call it. Without ``wachtwoord``
    the account gets an unusable password and logs in through OIDC; a password must
    pass the configured validators and be at least 12 characters. Raises
    ValidationError per form field (``username``, ``wachtwoord``, ``rollen``, ``teams``)
    and writes nothing then.
    """
    vereis(by, Actie.MEDEWERKER_BEHEREN, organisatie)
    username = username.strip()
    fouten: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        fouten["username"] = [_("Deze gebruikersnaam is al in gebruik. Kies een andere.")]
    try:
        gekozen, team_lijst = _rollen_en_teams(organisatie=organisatie, rollen=rollen, teams=teams)
        if not gekozen:
            fouten["rollen"] = [_("Kies ten minste één rol.")]
    except ValidationError as exc:
        fouten.update(exc.message_dict)
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        functie=functie.strip(),
    )
    if wachtwoord:
        # Our own length check: Django 5.2's Dutch catalogue lacks its new length message.
        if len(wachtwoord) < WACHTWOORD_MINIMUM:
            fouten["wachtwoord"] = [
                _("Dit wachtwoord is te kort: gebruik minstens %(aantal)d tekens.")
                % {"aantal": WACHTWOORD_MINIMUM}
            ]
        else:
            try:
                validate_password(wachtwoord, user)
            except ValidationError as exc:
                fouten["wachtwoord"] = list(exc.messages)
    if fouten:
        raise ValidationError(fouten)
    if wachtwoord:
        user.set_password(wachtwoord)
    else:
        user.set_unusable_password()
    user.save()
    Roltoewijzing.objects.bulk_create(
        Roltoewijzing(user=user, organisatie=organisatie, rol=rol) for rol in sorted(gekozen)
    )
    user.teams.add(*team_lijst)
    logger.info("medewerker_aangemaakt user=%s organisatie=%s", user.uuid, organisatie.code)
    return user


@transaction.atomic
def medewerker_rollen_wijzigen(
    *,
    medewerker: User,
    organisatie: Organisatie,
    rollen: Iterable[Rol | str],
    teams: Iterable[Team],
    by: Actor | User,
) -> User:
    """Replace a staff member's roles and team memberships in ``organisatie``.

    Roles and teams in other organisations are left alone, so a beheerder of one
    municipality never changes what the staff member may do in another. Teams must
    belong to ``organisatie``. A beheerder cannot take away their own beheerder role
    (that would lock the organisation out of this screen).
    """
    vereis(by, Actie.MEDEWERKER_BEHEREN, organisatie)
    gekozen, team_lijst = _rollen_en_teams(organisatie=organisatie, rollen=rollen, teams=teams)
    actor = as_actor(by)
    if actor.user is not None and actor.user.pk == medewerker.pk and Rol.FUNCTIONEEL_BEHEERDER not in gekozen:
        raise ValidationError({"rollen": _("U kunt uw eigen rol als functioneel beheerder niet intrekken.")})
    huidig = Roltoewijzing.objects.filter(user=medewerker, organisatie=organisatie)
    huidig.exclude(rol__in=gekozen).delete()
    bestaand = set(huidig.values_list("rol", flat=True))
    Roltoewijzing.objects.bulk_create(
        Roltoewijzing(user=medewerker, organisatie=organisatie, rol=rol)
        for rol in sorted(gekozen)
        if rol not in bestaand
    )
    lidmaatschap = Team.leden.through.objects.filter(user=medewerker, team__organisatie=organisatie)
    lidmaatschap.exclude(team__in=team_lijst).delete()
    medewerker.teams.add(*team_lijst)
    logger.info("medewerker_rollen_gewijzigd user=%s organisatie=%s", medewerker.uuid, organisatie.code)
    return medewerker


@transaction.atomic
def medewerker_deactiveren(*, medewerker: User, by: Actor | User) -> User:
    """Block a staff member's login (``is_active`` False); roles stay for the record.

    Allowed only to a beheerder of every organisation where the staff member holds a
    role, because deactivating also shuts them out of those organisations. Nobody can
    deactivate themselves.
    """
    actor = as_actor(by)
    if actor.user is not None and actor.user.pk == medewerker.pk:
        raise ValidationError(_("U kunt uzelf niet deactiveren."))
    org_ids = set(medewerker.roltoewijzingen.values_list("organisatie_id", flat=True))
    if not org_ids or not org_ids <= organisatie_ids(actor, Actie.MEDEWERKER_BEHEREN):
        raise PermissionDenied(Actie.MEDEWERKER_BEHEREN.value)
    for org_id in org_ids:
        vereis(actor, Actie.MEDEWERKER_BEHEREN, org_id)
    medewerker.is_active = False
    medewerker.save(update_fields=["is_active"])
    logger.info("medewerker_gedeactiveerd user=%s", medewerker.uuid)
    return medewerker
