"""The permission matrix, tested exhaustively: every role x every action x (own
organisation, other organisation), for staff through their role assignments and for
system clients through their linked organisations and scopes.

The expected table is written out here on purpose, action by action: changing who may
do what means changing ``permissions.MATRIX`` *and* this table.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from eenloket.core import tenancy
from eenloket.core.constants import Rol
from eenloket.core.context import Actor
from eenloket.core.models import Roltoewijzing
from eenloket.core.permissions import (
    MATRIX,
    PERSOONSGEGEVENS,
    Actie,
    rol_mag,
    rol_ziet_persoonsgegevens,
    rollen_met,
)
from eenloket.core.tests.factories import (
    ApiClientFactory,
    OrganisatieFactory,
    UserFactory,
    medewerker,
)

A = Actie

VERWACHT: dict[Rol, set[Actie]] = {
    Rol.KCC_MEDEWERKER: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.KLANT_BEKIJKEN,
        A.KLANT_WIJZIGEN,
        A.KLANT_GEVOELIGE_KENMERKEN,
        A.CONTACT_REGISTREREN,
        A.CONTACTVERZOEK_BEHANDELEN,
        A.ZAAK_BEKIJKEN,
    },
    Rol.BEHANDELAAR: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.KLANT_BEKIJKEN,
        A.KLANT_WIJZIGEN,
        A.KLANT_GEVOELIGE_KENMERKEN,
        A.CONTACT_REGISTREREN,
        A.CONTACTVERZOEK_BEHANDELEN,
        A.ZAAK_BEKIJKEN,
        A.ZAAK_BEHANDELEN,
        A.MELDING_BEHANDELEN,
    },
    Rol.TEAMLEIDER: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.KLANT_BEKIJKEN,
        A.KLANT_GEVOELIGE_KENMERKEN,
        A.CONTACTVERZOEK_BEHANDELEN,
        A.ZAAK_BEKIJKEN,
        A.ZAAK_BEHANDELEN,
        A.MELDING_BEHANDELEN,
        A.DASHBOARD_BEKIJKEN,
        A.BEREIKBAARHEID_TEAM_WIJZIGEN,
    },
    Rol.BUITENDIENST: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.MELDING_BEHANDELEN,
    },
    Rol.FUNCTIONEEL_BEHEERDER: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.TEAM_BEHEREN,
        A.MEDEWERKER_BEHEREN,
        A.BEREIKBAARHEID_TEAM_WIJZIGEN,
        A.KALENDER_BEHEREN,
        A.KENNIS_BEHEREN,
        A.CATALOGUS_BEHEREN,
        A.KCC_INRICHTEN,
        A.DASHBOARD_BEKIJKEN,
        A.BERICHTEN_BEKIJKEN,
        A.ABONNEMENT_BEHEREN,
        A.APICLIENT_BEHEREN,
    },
    Rol.PRIVACY_OFFICER: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.VERWERKINGENLOG_BEKIJKEN,
        A.VERWERKINGENLOG_EXPORTEREN,
    },
    Rol.SYSTEEM: {
        A.ORGANISATIE_BEKIJKEN,
        A.TEAM_BEKIJKEN,
        A.KALENDER_BEKIJKEN,
        A.KENNIS_BEKIJKEN,
        A.KLANT_BEKIJKEN,
        A.KLANT_WIJZIGEN,
        A.CONTACT_REGISTREREN,
        A.CONTACTVERZOEK_BEHANDELEN,
        A.ZAAK_BEKIJKEN,
        A.ZAAK_BEHANDELEN,
        A.MELDING_BEHANDELEN,
    },
}

# Every role's row touches personal data today, so every staff member needs TOTP.
VERWACHT_PERSOONSGEGEVENS: dict[Rol, bool] = {
    Rol.KCC_MEDEWERKER: True,
    Rol.BEHANDELAAR: True,
    Rol.TEAMLEIDER: True,
    Rol.BUITENDIENST: True,  # melding.behandelen: reports carry the reporter's details
    Rol.FUNCTIONEEL_BEHEERDER: True,  # berichten.bekijken: outgoing mail to residents
    Rol.PRIVACY_OFFICER: True,
    Rol.SYSTEEM: True,
}

MEDEWERKER_ROLLEN = [rol for rol in Rol if rol != Rol.SYSTEEM]


def test_the_matrix_is_exactly_the_table_written_in_this_test():
    # given / when
    actual = {Rol(rol): set(acties) for rol, acties in MATRIX.items()}

    # then
    assert actual == VERWACHT
    assert set(MATRIX) == set(Rol), "every role needs a row, even an empty one"


def test_personal_data_actions_are_the_expected_ones():
    assert {
        A.KLANT_BEKIJKEN,
        A.KLANT_WIJZIGEN,
        A.KLANT_GEVOELIGE_KENMERKEN,
        A.CONTACT_REGISTREREN,
        A.CONTACTVERZOEK_BEHANDELEN,
        A.ZAAK_BEKIJKEN,
        A.ZAAK_BEHANDELEN,
        A.MELDING_BEHANDELEN,
        A.BERICHTEN_BEKIJKEN,
        A.VERWERKINGENLOG_BEKIJKEN,
        A.VERWERKINGENLOG_EXPORTEREN,
    } == set(PERSOONSGEGEVENS)


@pytest.mark.parametrize("rol", list(Rol), ids=str)
def test_rol_ziet_persoonsgegevens(rol):
    assert rol_ziet_persoonsgegevens(rol) is VERWACHT_PERSOONSGEGEVENS[rol]
    assert rol_ziet_persoonsgegevens(rol.value) is VERWACHT_PERSOONSGEGEVENS[rol]


def test_a_role_without_personal_data_actions_needs_no_second_factor(monkeypatch):
    # given a row with only the harmless actions
    monkeypatch.setitem(
        MATRIX,
        Rol.BUITENDIENST,
        frozenset({A.ORGANISATIE_BEKIJKEN, A.TEAM_BEKIJKEN, A.KENNIS_BEKIJKEN}),
    )

    # when / then
    assert rol_ziet_persoonsgegevens(Rol.BUITENDIENST) is False


@pytest.mark.parametrize("actie", list(Actie), ids=str)
def test_rollen_met_and_rol_mag_agree_with_the_table(actie):
    assert rollen_met(actie) == {rol for rol, acties in VERWACHT.items() if actie in acties}
    for rol in Rol:
        assert rol_mag(rol, actie) is (actie in VERWACHT[rol])


@pytest.mark.parametrize("actie", list(Actie), ids=str)
@pytest.mark.parametrize("rol", MEDEWERKER_ROLLEN, ids=str)
def test_staff_may_act_exactly_as_the_table_says_and_only_in_their_own_organisation(
    rol, actie, eikendal, lindewaard
):
    # given a staff member holding one role in eikendal, none in lindewaard
    user = medewerker(eikendal, rol)
    expected = actie in VERWACHT[rol]

    # when / then
    assert tenancy.mag(user, actie, eikendal) is expected
    assert tenancy.mag(user, actie, eikendal.pk) is expected
    assert tenancy.mag(user, actie) is expected
    assert tenancy.mag(user, actie, lindewaard) is False
    assert set(tenancy.organisaties_voor(user, actie)) == ({eikendal} if expected else set())


@pytest.mark.parametrize("actie", list(Actie), ids=str)
def test_system_clients_get_the_systeem_row_in_their_linked_organisations_only(actie, eikendal, lindewaard):
    # given a client linked to eikendal only
    client = ApiClientFactory(organisaties=[eikendal])
    expected = actie in VERWACHT[Rol.SYSTEEM]

    # when / then
    assert tenancy.mag(client, actie, eikendal) is expected
    assert tenancy.mag(Actor.for_client(client), actie, eikendal) is expected
    assert tenancy.mag(client, actie, lindewaard) is False
    assert set(tenancy.organisaties_voor(client, actie)) == ({eikendal} if expected else set())


def test_a_staff_member_of_a_shared_kcc_gets_the_rights_of_each_role_in_its_own_organisation(
    eikendal, lindewaard
):
    # given KCC-medewerker in eikendal, behandelaar in lindewaard, nothing in a third
    derde = OrganisatieFactory(code="derde")
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.BEHANDELAAR)])

    # when / then
    for actie in Actie:
        assert tenancy.mag(user, actie, eikendal) is (actie in VERWACHT[Rol.KCC_MEDEWERKER])
        assert tenancy.mag(user, actie, lindewaard) is (actie in VERWACHT[Rol.BEHANDELAAR])
        assert tenancy.mag(user, actie, derde) is False
    assert set(tenancy.organisaties_voor(user, A.KLANT_BEKIJKEN)) == {eikendal, lindewaard}
    assert set(tenancy.organisaties_voor(user, A.ZAAK_BEHANDELEN)) == {lindewaard}


def test_two_roles_in_one_organisation_add_up(eikendal):
    # given
    user = UserFactory(rollen=[(eikendal, Rol.BUITENDIENST), (eikendal, Rol.PRIVACY_OFFICER)])

    # when
    allowed = {actie for actie in Actie if tenancy.mag(user, actie, eikendal)}

    # then
    assert allowed == VERWACHT[Rol.BUITENDIENST] | VERWACHT[Rol.PRIVACY_OFFICER]


@pytest.mark.parametrize("rol", MEDEWERKER_ROLLEN, ids=str)
def test_roles_in_an_inactive_organisation_give_nothing(rol, eikendal):
    # given
    gesloten = OrganisatieFactory(code="opgeheven", actief=False)
    user = UserFactory(rollen=[(gesloten, rol), (eikendal, rol)])

    # when / then
    for actie in Actie:
        assert tenancy.mag(user, actie, gesloten) is False
        assert set(tenancy.organisaties_voor(user, actie)) <= {eikendal}


@pytest.mark.parametrize("rol", MEDEWERKER_ROLLEN, ids=str)
def test_an_inactive_user_gets_nothing(rol, eikendal):
    # given
    user = medewerker(eikendal, rol, is_active=False)

    # when / then
    assert not any(tenancy.mag(user, actie) for actie in Actie)


def test_a_superuser_without_roles_gets_nothing(eikendal):
    # given
    user = UserFactory(is_superuser=True, is_staff=True)

    # when / then
    assert not any(tenancy.mag(user, actie) for actie in Actie)
    assert not any(tenancy.mag(user, actie, eikendal) for actie in Actie)


def test_anonymous_and_process_actors_get_nothing(eikendal):
    for actor in (Actor.anoniem(), Actor.proces("test"), object()):
        assert not any(tenancy.mag(actor, actie) for actie in Actie)  # type: ignore[arg-type]


def test_a_staff_member_cannot_be_given_the_systeem_role(eikendal):
    # given
    user = UserFactory()

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Roltoewijzing.objects.create(user=user, organisatie=eikendal, rol=Rol.SYSTEEM)


def test_a_client_linked_to_two_organisations_acts_in_both(eikendal, lindewaard):
    # given
    client = ApiClientFactory(organisaties=[eikendal, lindewaard])

    # when / then
    assert set(tenancy.organisaties_voor(client, A.KLANT_WIJZIGEN)) == {eikendal, lindewaard}


def test_a_client_gets_nothing_in_a_linked_organisation_that_is_inactive(eikendal):
    # given
    gesloten = OrganisatieFactory(code="opgeheven", actief=False)
    client = ApiClientFactory(organisaties=[eikendal, gesloten])

    # when / then
    for actie in VERWACHT[Rol.SYSTEEM]:
        assert tenancy.mag(client, actie, gesloten) is False
        assert tenancy.mag(client, actie, eikendal) is True


def test_scopes_narrow_the_systeem_row(eikendal):
    # given
    client = ApiClientFactory(organisaties=[eikendal], scopes=["klant.bekijken", "team.bekijken"])

    # when
    allowed = {actie for actie in Actie if tenancy.mag(client, actie, eikendal)}

    # then
    assert allowed == {A.KLANT_BEKIJKEN, A.TEAM_BEKIJKEN}


def test_scopes_never_widen_the_systeem_row_and_unknown_scopes_are_ignored(eikendal):
    # given a scope outside the SYSTEEM row, and one that is no action at all
    client = ApiClientFactory(
        organisaties=[eikendal],
        scopes=["verwerkingenlog.bekijken", "apiclient.beheren", "alles", "klant.bekijken"],
    )

    # when
    allowed = {actie for actie in Actie if tenancy.mag(client, actie, eikendal)}

    # then
    assert allowed == {A.KLANT_BEKIJKEN}


def test_scopes_that_name_nothing_allowed_give_nothing(eikendal):
    # given
    client = ApiClientFactory(organisaties=[eikendal], scopes=["onzin"])

    # when / then
    assert not any(tenancy.mag(client, actie) for actie in Actie)


def test_an_inactive_client_gets_nothing(eikendal):
    # given
    client = ApiClientFactory(organisaties=[eikendal], actief=False)

    # when / then
    assert not any(tenancy.mag(client, actie) for actie in Actie)


def test_rights_are_computed_once_per_actor(eikendal, django_assert_num_queries):
    # given
    actor = Actor.for_user(medewerker(eikendal, Rol.BEHANDELAAR))

    # when / then: one query for all actions, however often asked
    with django_assert_num_queries(1):
        for actie in Actie:
            tenancy.mag(actor, actie, eikendal)
            tenancy.mag(actor, actie)
