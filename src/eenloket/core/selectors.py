"""Reads of the foundation used by screens, API and exports."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet

from eenloket.core.calendar import WerkdagKalender
from eenloket.core.constants import Rol
from eenloket.core.context import Actor
from eenloket.core.models import (
    Abonnement,
    Bericht,
    LokaleMail,
    Onderwerp,
    Organisatie,
    Roltoewijzing,
    Sluitingsdag,
    Team,
    User,
    Verwerking,
)
from eenloket.core.permissions import Actie, rol_ziet_persoonsgegevens
from eenloket.core.tenancy import organisatie_ids, organisaties_voor, scope


def gebruiker_heeft_2fa_nodig(user: User) -> bool:
    """A second factor is required when any of the user's roles sees personal data."""
    rollen = set(Roltoewijzing.objects.filter(user=user).values_list("rol", flat=True))
    return any(rol_ziet_persoonsgegevens(rol) for rol in rollen)


def rollen_per_organisatie(user: User) -> dict[Organisatie, list[Rol]]:
    result: dict[Organisatie, list[Rol]] = defaultdict(list)
    for toewijzing in (
        Roltoewijzing.objects.filter(user=user, organisatie__actief=True)
        .select_related("organisatie")
        .order_by("organisatie__naam", "rol")
    ):
        result[toewijzing.organisatie].append(Rol(toewijzing.rol))
    return dict(result)


def organisaties_van(user: User) -> QuerySet[Organisatie]:
    """Organisations where the user holds any role (for the organisation switcher)."""
    return Organisatie.objects.filter(roltoewijzingen__user=user, actief=True).distinct()


def teams_voor(actor: Actor | User) -> QuerySet[Team]:
    return (
        scope(Team.objects.all(), actor, Actie.TEAM_BEKIJKEN)
        .select_related("organisatie")
        .prefetch_related(
            "onderwerpen",
            Prefetch("leden", queryset=User.objects.select_related("vervanger").order_by("last_name")),
        )
        .order_by("organisatie__naam", "naam")
    )


def onderwerpen_voor(actor: Actor | User) -> QuerySet[Onderwerp]:
    """Subjects of the organisations whose teams the actor may see."""
    return (
        scope(Onderwerp.objects.all(), actor, Actie.TEAM_BEKIJKEN)
        .select_related("organisatie")
        .order_by("organisatie__naam", "naam")
    )


def abonnementen_voor(actor: Actor | User) -> QuerySet[Abonnement]:
    """Webhook subscriptions the actor may manage."""
    return (
        scope(Abonnement.objects.all(), actor, Actie.ABONNEMENT_BEHEREN)
        .select_related("organisatie")
        .order_by("organisatie__naam", "naam")
    )


def medewerkers_voor(actor: Actor | User, actie: Actie = Actie.TEAM_BEKIJKEN) -> QuerySet[User]:
    """Staff holding a role in an organisation where the actor may do ``actie``."""
    return (
        User.objects.filter(roltoewijzingen__organisatie_id__in=organisatie_ids(actor, actie), is_active=True)
        .distinct()
        .select_related("vervanger")
        .order_by("last_name", "first_name")
    )


def medewerkers_beheer(actor: Actor | User) -> QuerySet[User]:
    """Staff (active or not) holding a role in an organisation the actor manages
    (MEDEWERKER_BEHEREN), for the beheerder's staff screens.

    Each user carries ``beheerde_rollen`` and ``beheerde_teams``: only the roles and
    teams in the actor's organisations, so another organisation's setup stays hidden.
    Three queries however many users.
    """
    ids = organisatie_ids(actor, Actie.MEDEWERKER_BEHEREN)
    return (
        User.objects.filter(roltoewijzingen__organisatie_id__in=ids)
        .distinct()
        .prefetch_related(
            Prefetch(
                "roltoewijzingen",
                queryset=Roltoewijzing.objects.filter(organisatie_id__in=ids)
                .select_related("organisatie")
                .order_by("organisatie__naam", "rol"),
                to_attr="beheerde_rollen",
            ),
            Prefetch(
                "teams",
                queryset=Team.objects.filter(organisatie_id__in=ids)
                .select_related("organisatie")
                .order_by("organisatie__naam", "naam"),
                to_attr="beheerde_teams",
            ),
        )
        .order_by("last_name", "first_name", "username")
    )


def medewerker_get_for_beheer(actor: Actor | User, uuid: Any) -> User:
    """One staff member the actor manages; 404 otherwise, so staff of other
    organisations are not revealed."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.http import Http404

    try:
        return medewerkers_beheer(actor).get(uuid=uuid)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def teams_beheer(actor: Actor | User, organisatie: Organisatie | None = None) -> QuerySet[Team]:
    """Teams of the organisations the actor manages staff of (optionally one of them)."""
    qs = scope(Team.objects.all(), actor, Actie.MEDEWERKER_BEHEREN).select_related("organisatie")
    if organisatie is not None:
        qs = qs.filter(organisatie=organisatie)
    return qs.order_by("organisatie__naam", "naam")


def kalender_voor(organisatie: Organisatie | int) -> WerkdagKalender:
    """The working-day calendar of an organisation: Dutch public holidays plus its
    closing days (one query)."""
    org_id = organisatie if isinstance(organisatie, int) else organisatie.pk
    dagen = Sluitingsdag.objects.filter(organisatie_id=org_id).values_list("datum", flat=True)
    return WerkdagKalender(sluitingsdagen=list(dagen))


def sluitingsdagen_voor(actor: Actor | User, vanaf: datetime.date | None = None) -> QuerySet[Sluitingsdag]:
    qs = scope(Sluitingsdag.objects.all(), actor, Actie.KALENDER_BEKIJKEN).select_related("organisatie")
    if vanaf:
        qs = qs.filter(datum__gte=vanaf)
    return qs.order_by("datum", "organisatie__naam")


def verwerkingen_voor(
    actor: Actor | User,
    *,
    bsn: str = "",
    kvk_nummer: str = "",
    organisatie: Organisatie | None = None,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
) -> QuerySet[Verwerking]:
    """Processing-log rows the actor may read (privacy officers of those organisations).
    The caller must log the inspection itself (see views)."""
    qs = scope(Verwerking.objects.all(), actor, Actie.VERWERKINGENLOG_BEKIJKEN).select_related("organisatie")
    if bsn:
        qs = qs.filter(bsn=bsn)
    if kvk_nummer:
        qs = qs.filter(kvk_nummer=kvk_nummer)
    if organisatie is not None:
        qs = qs.filter(organisatie=organisatie)
    if van:
        qs = qs.filter(tijdstip__date__gte=van)
    if tot:
        qs = qs.filter(tijdstip__date__lte=tot)
    return qs.order_by("-tijdstip", "-id")


def berichten_voor(actor: Actor | User) -> QuerySet[Bericht]:
    return scope(Bericht.objects.all(), actor, Actie.BERICHTEN_BEKIJKEN).select_related("organisatie")


def lokale_postbus(actor: Actor | User) -> QuerySet[LokaleMail]:
    """Mail delivered by the embedded backend. It has no organisation of its own, so only
    staff who may read messages of every organisation with messages see it whole; others
    see the mails that belong to outbox messages of their organisations."""
    uuids = berichten_voor(actor).values_list("uuid", flat=True)
    return LokaleMail.objects.filter(bericht_uuid__in=uuids)


def organisaties_met(actor: Actor | User, actie: Actie) -> list[Organisatie]:
    return list(organisaties_voor(actor, actie).order_by("naam"))


def start_tegels(actor: Actor) -> list[dict[str, Any]]:
    """What the start page offers, derived from the permission matrix."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    tegels = []

    def add(actie: Actie, titel: str, tekst: str, url: str) -> None:
        if organisatie_ids(actor, actie):
            tegels.append({"titel": titel, "tekst": tekst, "url": url})

    add(
        Actie.CONTACT_REGISTREREN,
        _("Klantcontacten"),
        _("Neem een gesprek aan, zoek de klant, beantwoord de vraag en registreer het contact."),
        reverse("contacten:kcc"),
    )
    add(
        Actie.CONTACTVERZOEK_BEHANDELEN,
        _("Contactverzoeken"),
        _("Terugbelverzoeken en interne taken van uw teams, op volgorde van uiterlijke datum."),
        reverse("contacten:contactverzoeken"),
    )
    add(
        Actie.VERWERKINGENLOG_BEKIJKEN,
        _("Verwerkingenlog"),
        _("Zoek verwerkingen per persoon en exporteer ze voor een inzageverzoek."),
        reverse("core:verwerkingen"),
    )
    add(
        Actie.TEAM_BEKIJKEN,
        _("Teams en bereikbaarheid"),
        _("Wie is aanwezig, wie vervangt wie, welke onderwerpen horen bij welk team."),
        reverse("core:teams"),
    )
    add(
        Actie.KALENDER_BEKIJKEN,
        _("Werkdagen en termijnen"),
        _("Bereken een termijn in werkdagen of weken, met feest- en sluitingsdagen."),
        reverse("core:kalender"),
    )
    add(
        Actie.MEDEWERKER_BEHEREN,
        _("Medewerkers"),
        _("Geef medewerkers toegang: rollen en teams per organisatie."),
        reverse("core:medewerkers"),
    )
    add(
        Actie.BERICHTEN_BEKIJKEN,
        _("Berichten"),
        _("Uitgaande e-mail en de lokale postbus."),
        reverse("core:berichten"),
    )
    return tegels
