"""Tenant scoping: ``scope``, ``get_scoped``, ``organisaties_voor``, and for every tenant
model of core and klanten: organisation A never sees B's rows through the selectors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from eenloket.core import selectors, services, tenancy
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import LokaleMail, Team
from eenloket.core.permissions import MATRIX, Actie
from eenloket.core.tests.factories import (
    AbonnementFactory,
    ApiClientFactory,
    BerichtFactory,
    OnderwerpFactory,
    SluitingsdagFactory,
    TeamFactory,
    UserFactory,
    medewerker,
)
from eenloket.klanten import selectors as klant_selectors
from eenloket.klanten.tests.factories import BedrijfFactory, PersoonFactory


def test_scope_keeps_only_rows_of_organisations_where_the_action_is_allowed(eikendal, lindewaard):
    # given
    eigen = TeamFactory(organisatie=eikendal)
    TeamFactory(organisatie=lindewaard)
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when
    rows = tenancy.scope(Team.objects.all(), user, Actie.TEAM_BEKIJKEN)

    # then
    assert list(rows) == [eigen]
    assert not tenancy.scope(Team.objects.all(), user, Actie.TEAM_BEHEREN).exists()


def test_get_scoped_returns_the_own_row(eikendal):
    # given
    team = TeamFactory(organisatie=eikendal)
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when
    found = tenancy.get_scoped(Team.objects.all(), user, Actie.TEAM_BEKIJKEN, uuid=team.uuid)

    # then
    assert found == team


def test_get_scoped_gives_404_not_403_for_another_organisations_row(eikendal, lindewaard):
    # given
    andere = TeamFactory(organisatie=lindewaard)
    user = medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER)

    # when / then: indistinguishable from a row that does not exist
    with pytest.raises(Http404):
        tenancy.get_scoped(Team.objects.all(), user, Actie.TEAM_BEKIJKEN, uuid=andere.uuid)
    with pytest.raises(Http404):
        tenancy.get_scoped(Team.objects.all(), user, Actie.TEAM_BEKIJKEN, uuid=uuid.uuid4())


def test_get_scoped_gives_404_for_a_row_the_action_is_not_allowed_on(eikendal):
    # given a team the user may see but not manage
    team = TeamFactory(organisatie=eikendal)
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when / then
    with pytest.raises(Http404):
        tenancy.get_scoped(Team.objects.all(), user, Actie.TEAM_BEHEREN, uuid=team.uuid)


def test_get_scoped_gives_404_for_a_malformed_lookup_value(eikendal):
    # given
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when / then
    with pytest.raises(Http404):
        tenancy.get_scoped(Team.objects.all(), user, Actie.TEAM_BEKIJKEN, uuid="geen-uuid")


def test_organisaties_voor_lists_the_organisations_of_the_action(eikendal, lindewaard):
    # given
    user = UserFactory(rollen=[(eikendal, Rol.FUNCTIONEEL_BEHEERDER), (lindewaard, Rol.KCC_MEDEWERKER)])

    # when / then
    assert set(tenancy.organisaties_voor(user, Actie.TEAM_BEKIJKEN)) == {eikendal, lindewaard}
    assert set(tenancy.organisaties_voor(user, Actie.KALENDER_BEHEREN)) == {eikendal}
    assert set(tenancy.organisaties_voor(user, Actie.KLANT_WIJZIGEN)) == {lindewaard}
    assert not tenancy.organisaties_voor(user, Actie.VERWERKINGENLOG_BEKIJKEN).exists()


def test_vereis_raises_permission_denied_outside_the_own_organisation(eikendal, lindewaard):
    # given
    user = medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER)

    # when / then
    tenancy.vereis(user, Actie.KALENDER_BEHEREN, eikendal)
    with pytest.raises(PermissionDenied):
        tenancy.vereis(user, Actie.KALENDER_BEHEREN, lindewaard)
    with pytest.raises(PermissionDenied):
        tenancy.vereis(user, Actie.VERWERKINGENLOG_BEKIJKEN)


# --- every tenant model: A never sees B -------------------------------------------------


def _verwerking(org: Any) -> Any:
    return services.verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Persoonsgegevens ingezien",
        activiteit="klantgegevens",
        organisatie=org,
        object_type="persoon",
        bsn="111222333",
        actor=Actor.proces("test"),
    )[0]


def _lokale_mail(org: Any) -> Any:
    bericht = BerichtFactory(organisatie=org)
    return LokaleMail.objects.create(
        afzender="noreply@eenloket.example",
        aan=bericht.aan,
        onderwerp=bericht.onderwerp,
        tekst=bericht.tekst,
        bericht_uuid=bericht.uuid,
    )


@dataclass(frozen=True)
class Geval:
    naam: str
    maak: Callable[[Any], Any]
    selector: Callable[[Any], Any]
    rol: Rol
    actie: Actie
    systeem: bool = False  # does a system client read these rows too?


GEVALLEN = [
    Geval(
        "Team",
        lambda o: TeamFactory(organisatie=o),
        selectors.teams_voor,
        Rol.KCC_MEDEWERKER,
        Actie.TEAM_BEKIJKEN,
        True,
    ),
    Geval(
        "Onderwerp",
        lambda o: OnderwerpFactory(organisatie=o),
        selectors.onderwerpen_voor,
        Rol.KCC_MEDEWERKER,
        Actie.TEAM_BEKIJKEN,
        True,
    ),
    Geval(
        "Sluitingsdag",
        lambda o: SluitingsdagFactory(organisatie=o),
        selectors.sluitingsdagen_voor,
        Rol.KCC_MEDEWERKER,
        Actie.KALENDER_BEKIJKEN,
        True,
    ),
    Geval(
        "Abonnement",
        lambda o: AbonnementFactory(organisatie=o),
        selectors.abonnementen_voor,
        Rol.FUNCTIONEEL_BEHEERDER,
        Actie.ABONNEMENT_BEHEREN,
    ),
    Geval(
        "Persoon",
        lambda o: PersoonFactory(organisatie=o),
        klant_selectors.personen_voor,
        Rol.KCC_MEDEWERKER,
        Actie.KLANT_BEKIJKEN,
        True,
    ),
    Geval(
        "Bedrijf",
        lambda o: BedrijfFactory(organisatie=o),
        klant_selectors.bedrijven_voor,
        Rol.BEHANDELAAR,
        Actie.KLANT_BEKIJKEN,
        True,
    ),
    Geval(
        "Verwerking",
        _verwerking,
        selectors.verwerkingen_voor,
        Rol.PRIVACY_OFFICER,
        Actie.VERWERKINGENLOG_BEKIJKEN,
    ),
    Geval(
        "Bericht",
        lambda o: BerichtFactory(organisatie=o),
        selectors.berichten_voor,
        Rol.FUNCTIONEEL_BEHEERDER,
        Actie.BERICHTEN_BEKIJKEN,
    ),
    Geval(
        "LokaleMail",
        _lokale_mail,
        selectors.lokale_postbus,
        Rol.FUNCTIONEEL_BEHEERDER,
        Actie.BERICHTEN_BEKIJKEN,
    ),
]


@pytest.mark.parametrize("geval", GEVALLEN, ids=lambda g: g.naam)
def test_organisation_a_never_sees_the_rows_of_b(geval, eikendal, lindewaard):
    # given one row in each organisation
    van_a = geval.maak(eikendal)
    van_b = geval.maak(lindewaard)
    in_a = Actor.for_user(medewerker(eikendal, geval.rol))
    in_b = Actor.for_user(medewerker(lindewaard, geval.rol))
    in_beide = Actor.for_user(UserFactory(rollen=[(eikendal, geval.rol), (lindewaard, geval.rol)]))

    # when
    gezien_door_a = set(geval.selector(in_a))
    gezien_door_b = set(geval.selector(in_b))
    gezien_door_beide = set(geval.selector(in_beide))

    # then
    assert gezien_door_a == {van_a}
    assert gezien_door_b == {van_b}
    assert gezien_door_beide == {van_a, van_b}


def _rollen_zonder(actie: Actie) -> list[Rol]:
    return [rol for rol in Rol if rol != Rol.SYSTEEM and actie not in MATRIX[rol]]


@pytest.mark.parametrize("geval", [g for g in GEVALLEN if _rollen_zonder(g.actie)], ids=lambda g: g.naam)
def test_roles_without_the_action_see_no_rows(geval, eikendal):
    # given a row, and staff of the same organisation whose roles lack the action
    geval.maak(eikendal)
    rollen_zonder = _rollen_zonder(geval.actie)

    # when / then
    for rol in rollen_zonder:
        assert not list(geval.selector(Actor.for_user(medewerker(eikendal, rol)))), rol


@pytest.mark.parametrize("geval", [g for g in GEVALLEN if g.systeem], ids=lambda g: g.naam)
def test_a_system_client_sees_only_rows_of_its_linked_organisations(geval, eikendal, lindewaard):
    # given
    van_a = geval.maak(eikendal)
    geval.maak(lindewaard)
    client = ApiClientFactory(organisaties=[eikendal])

    # when
    gezien = set(geval.selector(Actor.for_client(client)))

    # then
    assert gezien == {van_a}


def test_staff_lists_show_only_colleagues_of_the_own_organisations(eikendal, lindewaard):
    # given
    collega = medewerker(eikendal, Rol.BEHANDELAAR)
    medewerker(lindewaard, Rol.BEHANDELAAR)
    ik = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when
    gezien = set(selectors.medewerkers_voor(ik))

    # then
    assert gezien == {collega, ik}
