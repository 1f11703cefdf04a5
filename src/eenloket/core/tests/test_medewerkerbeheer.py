"""Staff management by the functioneel beheerder: creating staff, changing their roles
and teams per organisation, deactivating them, and the screens for it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eenloket.core import selectors, services
from eenloket.core.constants import Rol
from eenloket.core.models import Roltoewijzing, User
from eenloket.core.tests.factories import TeamFactory, UserFactory, medewerker


@pytest.fixture
def beheerder(eikendal):
    return medewerker(eikendal, Rol.FUNCTIONEEL_BEHEERDER, username="fb-eikendal")


@pytest.fixture
def kcc_team(eikendal):
    return TeamFactory(organisatie=eikendal, naam="Klantcontactcentrum")


@pytest.fixture
def lindewaard_team(lindewaard):
    return TeamFactory(organisatie=lindewaard, naam="Klantcontactcentrum")


def _aanmaken(by, organisatie, **kwargs):
    velden = {
        "username": "nieuw",
        "first_name": "Noor",
        "last_name": "Hendriks",
        "email": "noor@eikendal.example",
        "functie": "KCC-medewerker",
        "rollen": [Rol.KCC_MEDEWERKER],
        "teams": [],
    }
    velden.update(kwargs)
    return services.medewerker_aanmaken(organisatie=organisatie, by=by, **velden)


def _rollen(user, organisatie=None):
    qs = Roltoewijzing.objects.filter(user=user)
    if organisatie is not None:
        qs = qs.filter(organisatie=organisatie)
    return set(qs.values_list("organisatie__code", "rol"))


# --- services ----------------------------------------------------------------------------


def test_create_gives_roles_teams_and_an_unusable_password(beheerder, eikendal, kcc_team):
    # when
    user = _aanmaken(beheerder, eikendal, teams=[kcc_team])

    # then
    assert user.is_active
    assert not user.has_usable_password()
    assert _rollen(user) == {("eikendal", Rol.KCC_MEDEWERKER)}
    assert list(user.teams.all()) == [kcc_team]


def test_create_with_a_password_lets_the_user_log_in(beheerder, eikendal):
    user = _aanmaken(beheerder, eikendal, wachtwoord="een-lang-wachtwoord-42")
    assert user.check_password("een-lang-wachtwoord-42")


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"username": "fb-eikendal"}, "username"),
        ({"username": "FB-Eikendal"}, "username"),
        ({"wachtwoord": "kort"}, "wachtwoord"),
        ({"rollen": []}, "rollen"),
        ({"rollen": [Rol.SYSTEEM]}, "rollen"),
        ({"rollen": ["baas"]}, "rollen"),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(beheerder, eikendal, velden, veld):
    # given
    aantal = User.objects.count()

    # when
    with pytest.raises(ValidationError) as exc:
        _aanmaken(beheerder, eikendal, **velden)

    # then
    assert veld in exc.value.message_dict
    assert User.objects.count() == aantal


def test_create_refuses_a_team_of_another_organisation(beheerder, eikendal, lindewaard_team):
    with pytest.raises(ValidationError) as exc:
        _aanmaken(beheerder, eikendal, teams=[lindewaard_team])
    assert "teams" in exc.value.message_dict
    assert not User.objects.filter(username="nieuw").exists()


def test_create_in_an_organisation_the_actor_does_not_manage_is_refused(beheerder, lindewaard):
    with pytest.raises(PermissionDenied):
        _aanmaken(beheerder, lindewaard)
    assert not User.objects.filter(username="nieuw").exists()


@pytest.mark.parametrize("rol", [r for r in Rol if r not in (Rol.FUNCTIONEEL_BEHEERDER, Rol.SYSTEEM)])
def test_other_roles_may_not_create_staff(eikendal, rol):
    with pytest.raises(PermissionDenied):
        _aanmaken(medewerker(eikendal, rol), eikendal)


def test_edit_only_touches_that_organisation(eikendal, lindewaard, kcc_team, lindewaard_team):
    # given: a beheerder of both, and a user working in both
    beheerder = UserFactory(
        rollen=[(eikendal, Rol.FUNCTIONEEL_BEHEERDER), (lindewaard, Rol.FUNCTIONEEL_BEHEERDER)]
    )
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.BEHANDELAAR)])
    kcc_team.leden.add(user)
    lindewaard_team.leden.add(user)
    ander_team = TeamFactory(organisatie=eikendal, naam="Vergunningen")

    # when
    services.medewerker_rollen_wijzigen(
        medewerker=user,
        organisatie=eikendal,
        rollen=[Rol.BEHANDELAAR, Rol.TEAMLEIDER],
        teams=[ander_team],
        by=beheerder,
    )

    # then
    assert _rollen(user) == {
        ("eikendal", Rol.BEHANDELAAR),
        ("eikendal", Rol.TEAMLEIDER),
        ("lindewaard", Rol.BEHANDELAAR),
    }
    assert set(user.teams.all()) == {ander_team, lindewaard_team}


def test_edit_with_no_roles_removes_the_user_from_that_organisation(beheerder, eikendal, lindewaard):
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    services.medewerker_rollen_wijzigen(
        medewerker=user, organisatie=eikendal, rollen=[], teams=[], by=beheerder
    )
    assert _rollen(user) == {("lindewaard", Rol.KCC_MEDEWERKER)}


def test_edit_refuses_a_team_of_another_organisation(beheerder, eikendal, lindewaard_team):
    # given
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)

    # when
    with pytest.raises(ValidationError) as exc:
        services.medewerker_rollen_wijzigen(
            medewerker=user,
            organisatie=eikendal,
            rollen=[Rol.BEHANDELAAR],
            teams=[lindewaard_team],
            by=beheerder,
        )

    # then
    assert "teams" in exc.value.message_dict
    assert _rollen(user) == {("eikendal", Rol.KCC_MEDEWERKER)}
    assert not user.teams.exists()


def test_edit_refuses_the_system_role_and_another_organisation(beheerder, eikendal, lindewaard):
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    with pytest.raises(ValidationError):
        services.medewerker_rollen_wijzigen(
            medewerker=user, organisatie=eikendal, rollen=[Rol.SYSTEEM], teams=[], by=beheerder
        )
    with pytest.raises(PermissionDenied):
        services.medewerker_rollen_wijzigen(
            medewerker=user, organisatie=lindewaard, rollen=[], teams=[], by=beheerder
        )
    assert len(_rollen(user)) == 2


def test_a_beheerder_cannot_drop_their_own_beheerder_role(beheerder, eikendal):
    with pytest.raises(ValidationError) as exc:
        services.medewerker_rollen_wijzigen(
            medewerker=beheerder, organisatie=eikendal, rollen=[Rol.KCC_MEDEWERKER], teams=[], by=beheerder
        )
    assert "rollen" in exc.value.message_dict
    assert _rollen(beheerder) == {("eikendal", Rol.FUNCTIONEEL_BEHEERDER)}


def test_deactivate_blocks_login(beheerder, eikendal):
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)
    services.medewerker_deactiveren(medewerker=user, by=beheerder)
    user.refresh_from_db()
    assert not user.is_active
    assert _rollen(user) == {("eikendal", Rol.KCC_MEDEWERKER)}


def test_deactivate_needs_every_organisation_of_the_user(beheerder, eikendal, lindewaard):
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    with pytest.raises(PermissionDenied):
        services.medewerker_deactiveren(medewerker=user, by=beheerder)
    user.refresh_from_db()
    assert user.is_active


def test_nobody_deactivates_themselves(beheerder):
    with pytest.raises(ValidationError):
        services.medewerker_deactiveren(medewerker=beheerder, by=beheerder)
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_the_selector_shows_only_roles_and_teams_of_managed_organisations(
    beheerder, eikendal, lindewaard, kcc_team, lindewaard_team
):
    # given
    beide = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.BEHANDELAAR)])
    kcc_team.leden.add(beide)
    lindewaard_team.leden.add(beide)
    alleen_lindewaard = medewerker(lindewaard, Rol.KCC_MEDEWERKER)

    # when
    medewerkers = list(selectors.medewerkers_beheer(beheerder))

    # then
    assert alleen_lindewaard not in medewerkers
    gevonden = next(m for m in medewerkers if m.pk == beide.pk)
    assert [t.rol for t in gevonden.beheerde_rollen] == [Rol.KCC_MEDEWERKER]
    assert gevonden.beheerde_teams == [kcc_team]


# --- screens ---------------------------------------------------------------------------


def test_the_list_shows_staff_with_roles_and_teams(client, beheerder, eikendal, kcc_team):
    # given
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER, first_name="Kim", last_name="Bakker")
    kcc_team.leden.add(user)
    client.force_login(beheerder)

    # when
    response = client.get(reverse("core:medewerkers"))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kim Bakker" in html
    assert "KCC-medewerker" in html
    assert "Klantcontactcentrum" in html
    assert reverse("core:medewerker_wijzigen", args=[user.uuid, "eikendal"]) in html


def test_the_list_query_count_does_not_grow_with_staff(
    client, beheerder, eikendal, kcc_team, django_assert_max_num_queries
):
    # given
    client.force_login(beheerder)
    for _ in range(3):
        kcc_team.leden.add(medewerker(eikendal, Rol.KCC_MEDEWERKER))
    with django_assert_max_num_queries(50) as weinig:
        client.get(reverse("core:medewerkers"))

    # when
    for _ in range(15):
        kcc_team.leden.add(medewerker(eikendal, Rol.BEHANDELAAR))
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        response = client.get(reverse("core:medewerkers"))

    # then
    assert response.status_code == 200
    assert len(response.context["medewerkers"]) == 19


def test_create_through_the_form(client, beheerder, eikendal, kcc_team):
    # given
    client.force_login(beheerder)

    # when
    response = client.post(
        reverse("core:medewerker_aanmaken"),
        {
            "username": "noor",
            "first_name": "Noor",
            "last_name": "Hendriks",
            "email": "",
            "functie": "",
            "organisatie": "eikendal",
            "rollen": [Rol.BEHANDELAAR],
            "teams": [kcc_team.pk],
            "wachtwoord": "",
        },
    )

    # then
    assert response.status_code == 302
    user = User.objects.get(username="noor")
    assert _rollen(user) == {("eikendal", Rol.BEHANDELAAR)}
    assert list(user.teams.all()) == [kcc_team]


def test_the_form_gives_dutch_field_errors_and_writes_nothing(client, beheerder, lindewaard_team):
    # given
    client.force_login(beheerder)
    aantal = User.objects.count()

    # when
    response = client.post(
        reverse("core:medewerker_aanmaken"),
        {
            "username": "fb-eikendal",
            "first_name": "Noor",
            "last_name": "Hendriks",
            "organisatie": "eikendal",
            "rollen": [Rol.SYSTEEM],
            "wachtwoord": "kort",
        },
    )

    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert "rollen" in form.errors  # SYSTEEM is not even a choice
    assert User.objects.count() == aantal

    response = client.post(
        reverse("core:medewerker_aanmaken"),
        {
            "username": "fb-eikendal",
            "first_name": "Noor",
            "last_name": "Hendriks",
            "organisatie": "eikendal",
            "rollen": [Rol.KCC_MEDEWERKER],
            "wachtwoord": "kort",
        },
    )
    form = response.context["form"]
    assert form.errors["username"] == ["Deze gebruikersnaam is al in gebruik. Kies een andere."]
    assert "wachtwoord" in form.errors
    assert "Dit wachtwoord is te kort" in form.errors["wachtwoord"][0]
    assert User.objects.count() == aantal


def test_the_edit_page_changes_one_organisation(client, eikendal, lindewaard, kcc_team):
    # given
    beheerder = UserFactory(
        rollen=[(eikendal, Rol.FUNCTIONEEL_BEHEERDER), (lindewaard, Rol.FUNCTIONEEL_BEHEERDER)]
    )
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    client.force_login(beheerder)
    url = reverse("core:medewerker_wijzigen", args=[user.uuid, "eikendal"])
    assert client.get(url).status_code == 200

    # when
    response = client.post(url, {"rollen": [Rol.TEAMLEIDER], "teams": [kcc_team.pk]})

    # then
    assert response.status_code == 302
    assert _rollen(user) == {("eikendal", Rol.TEAMLEIDER), ("lindewaard", Rol.KCC_MEDEWERKER)}
    assert list(user.teams.all()) == [kcc_team]


def test_the_edit_page_refuses_a_team_of_another_organisation(client, beheerder, eikendal, lindewaard_team):
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)
    client.force_login(beheerder)
    url = reverse("core:medewerker_wijzigen", args=[user.uuid, "eikendal"])
    response = client.post(url, {"rollen": [Rol.KCC_MEDEWERKER], "teams": [lindewaard_team.pk]})
    assert response.status_code == 400
    assert "teams" in response.context["form"].errors
    assert not user.teams.exists()


def test_a_beheerder_of_eikendal_cannot_see_or_change_a_lindewaard_user(client, beheerder, lindewaard):
    # given
    user = medewerker(lindewaard, Rol.KCC_MEDEWERKER, first_name="Lot", last_name="Lindewaards")
    client.force_login(beheerder)

    # when / then
    assert "Lindewaards" not in client.get(reverse("core:medewerkers")).content.decode()
    for organisatie in ("eikendal", "lindewaard"):
        url = reverse("core:medewerker_wijzigen", args=[user.uuid, organisatie])
        assert client.get(url).status_code == 404
        assert client.post(url, {"rollen": [Rol.BEHANDELAAR]}).status_code == 404
    deactiveren = reverse("core:medewerker_deactiveren", args=[user.uuid])
    assert client.post(deactiveren).status_code == 404
    user.refresh_from_db()
    assert user.is_active
    assert _rollen(user) == {("lindewaard", Rol.KCC_MEDEWERKER)}


def test_an_unmanaged_organisation_in_the_url_is_404(client, beheerder, eikendal, lindewaard):
    user = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    client.force_login(beheerder)
    url = reverse("core:medewerker_wijzigen", args=[user.uuid, "lindewaard"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rol", [r for r in Rol if r not in (Rol.FUNCTIONEEL_BEHEERDER, Rol.SYSTEEM)])
def test_other_roles_get_403(client, eikendal, rol):
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)
    client.force_login(medewerker(eikendal, rol))
    assert client.get(reverse("core:medewerkers")).status_code == 403
    assert client.get(reverse("core:medewerker_aanmaken")).status_code == 403
    url = reverse("core:medewerker_wijzigen", args=[user.uuid, "eikendal"])
    assert client.get(url).status_code == 403
    assert client.post(reverse("core:medewerker_deactiveren", args=[user.uuid])).status_code == 403


def test_deactivate_button(client, beheerder, eikendal, lindewaard):
    # given
    user = medewerker(eikendal, Rol.KCC_MEDEWERKER)
    beide = UserFactory(rollen=[(eikendal, Rol.KCC_MEDEWERKER), (lindewaard, Rol.KCC_MEDEWERKER)])
    client.force_login(beheerder)

    # when
    client.post(reverse("core:medewerker_deactiveren", args=[user.uuid]))
    response = client.post(reverse("core:medewerker_deactiveren", args=[beide.uuid]), follow=True)

    # then
    user.refresh_from_db()
    beide.refresh_from_db()
    assert not user.is_active
    assert beide.is_active
    assert "organisatie die u niet beheert" in response.content.decode()


def test_navigation_and_start_tile(client, beheerder):
    client.force_login(beheerder)
    html = client.get(reverse("core:start")).content.decode()
    assert html.count(f'href="{reverse("core:medewerkers")}"') == 2
