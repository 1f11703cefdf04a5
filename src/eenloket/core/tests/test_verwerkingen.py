"""The processing log (verwerkingenlogging): what ``verwerking_log`` writes, that the log
is append-only in the ORM and in the database, and the privacy officer's screen and
exports (which are themselves logged)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from eenloket.core import verwerkingsactiviteiten
from eenloket.core.constants import Rol, VerwerkingActie
from eenloket.core.context import Actor, acting_as, reset_actor, set_actor
from eenloket.core.models import Verwerking
from eenloket.core.services import verwerking_log
from eenloket.core.tests.factories import UserFactory, medewerker

BSN = "111222333"
ANDER_BSN = "123456782"


def _log(org, *, bsn=BSN, handeling="Persoonsgegevens ingezien", actor=None, **kwargs):
    return verwerking_log(
        actie=kwargs.pop("actie", VerwerkingActie.LEZEN),
        handeling=handeling,
        activiteit=kwargs.pop("activiteit", "klantgegevens"),
        organisatie=org,
        object_type=kwargs.pop("object_type", "persoon"),
        bsn=bsn,
        actor=actor,
        **kwargs,
    )


# --- verwerking_log ---------------------------------------------------------------------


def test_verwerking_log_takes_the_actor_from_the_context_and_the_rest_from_the_register(
    eikendal,
):
    # given a staff member acting in a request
    user = UserFactory(first_name="Fatima", last_name="El Amrani", username="felamrani")
    activiteit = verwerkingsactiviteiten.KLANTGEGEVENS

    # when
    with acting_as(Actor.for_user(user, request_id="req-0123456789")):
        [row] = verwerking_log(
            actie=VerwerkingActie.WIJZIGEN,
            handeling="Telefoonnummer gewijzigd",
            activiteit="klantgegevens",
            organisatie=eikendal,
            object_type="persoon",
            object_id="8f0c9f4e-0000-4000-8000-000000000001",
            bsn=BSN,
            toelichting="telefoonnummer",
        )

    # then
    row.refresh_from_db()
    assert row.organisatie == eikendal
    assert (row.actor_soort, row.actor_id, row.actor_naam) == (
        "medewerker",
        "felamrani",
        "Fatima El Amrani",
    )
    assert row.actie == VerwerkingActie.WIJZIGEN
    assert row.handeling == "Telefoonnummer gewijzigd"
    assert row.verwerkingsactiviteit == "klantgegevens"
    assert (row.doel, row.grondslag, row.bewaartermijn) == (
        activiteit.doel,
        activiteit.grondslag,
        activiteit.bewaartermijn,
    )
    assert row.object_type == "persoon"
    assert row.object_id == "8f0c9f4e-0000-4000-8000-000000000001"
    assert row.bsn == BSN
    assert row.request_id == "req-0123456789"
    assert row.toelichting == "telefoonnummer"
    assert row.tijdstip is not None


def test_an_explicit_actor_wins_over_the_context(eikendal):
    # given (the autouse fixture makes "test" the context actor)
    systeem = Actor(soort="systeem", id="zaaksysteem", naam="Zaaksysteem", request_id="r" * 12)

    # when
    [row] = _log(eikendal, actor=systeem)

    # then
    assert (row.actor_soort, row.actor_id, row.request_id) == ("systeem", "zaaksysteem", "r" * 12)


def test_one_action_about_several_persons_writes_one_row_per_bsn_with_one_actie_id(eikendal):
    # given
    bsns = [BSN, ANDER_BSN, "100000009"]

    # when
    _log(eikendal, bsn=bsns, handeling="Huishouden ingezien")

    # then
    rows = list(Verwerking.objects.order_by("bsn"))
    assert sorted(r.bsn for r in rows) == sorted(bsns)
    assert len({r.actie_id for r in rows}) == 1
    assert len({r.tijdstip for r in rows}) == 1
    assert len({r.uuid for r in rows}) == 3


def test_each_call_is_its_own_action(eikendal):
    # when
    [a] = _log(eikendal)
    [b] = _log(eikendal)

    # then
    assert a.actie_id != b.actie_id


def test_an_action_about_nobody_in_particular_writes_one_row(eikendal):
    # when
    rows = _log(eikendal, bsn=[])

    # then
    assert [r.bsn for r in rows] == [""]
    assert Verwerking.objects.count() == 1


def test_an_unknown_activity_raises_and_writes_nothing(eikendal):
    # when / then
    with pytest.raises(LookupError, match="geheime_activiteit"):
        _log(eikendal, activiteit="geheime_activiteit")
    assert not Verwerking.objects.exists()


def test_without_any_actor_nothing_is_logged(eikendal):
    # given no actor in the context
    token = set_actor(None)
    try:
        # when / then
        with pytest.raises(RuntimeError):
            _log(eikendal)
    finally:
        reset_actor(token)
    assert not Verwerking.objects.exists()


def test_an_activity_cannot_be_registered_twice_differently():
    # given
    bestaand = verwerkingsactiviteiten.KLANTGEGEVENS

    # when / then: the same registration again is harmless, a different one is refused
    assert (
        verwerkingsactiviteiten.registreer(
            bestaand.code,
            naam=bestaand.naam,
            doel=bestaand.doel,
            grondslag=bestaand.grondslag,
            bewaartermijn=bestaand.bewaartermijn,
        )
        == bestaand
    )
    with pytest.raises(ValueError, match="klantgegevens"):
        verwerkingsactiviteiten.registreer(
            bestaand.code,
            naam=bestaand.naam,
            doel="Iets anders",
            grondslag=bestaand.grondslag,
            bewaartermijn="P100Y",
        )


# --- append-only ------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_a_row(eikendal):
    # given
    [row] = _log(eikendal)

    # when / then
    row.handeling = "Vervalst"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        Verwerking.objects.filter(pk=row.pk).update(handeling="Vervalst")
    with pytest.raises(PermissionError):
        Verwerking.objects.update(handeling="Vervalst")
    with pytest.raises(PermissionError):
        Verwerking.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        Verwerking.objects.all().delete()
    assert Verwerking.objects.get(pk=row.pk).handeling == "Persoonsgegevens ingezien"


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_a_raw_update(eikendal):
    # given
    [row] = _log(eikendal)

    # when / then: the trigger of migration 0002 refuses it (SQLite and PostgreSQL)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_verwerking SET handeling = %s WHERE id = %s", ["Vervalst", row.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_verwerking SET bsn = %s", [""])
    assert Verwerking.objects.get(pk=row.pk).handeling == "Persoonsgegevens ingezien"
    assert Verwerking.objects.get(pk=row.pk).bsn == BSN


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_update(eikendal):
    # given
    [row] = _log(eikendal)

    # when / then
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_verwerking SET actor_id = %s WHERE id = %s", ["iemand", row.pk])
    assert Verwerking.objects.get(pk=row.pk).actor_id == "test"


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_delete(eikendal):
    # given
    [row] = _log(eikendal)

    # when / then: only PostgreSQL has the DELETE trigger (see migration 0002)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_verwerking WHERE id = %s", [row.pk])
    assert Verwerking.objects.filter(pk=row.pk).exists()


# --- the privacy officer's screen -------------------------------------------------------


@pytest.fixture
def logboek(eikendal, lindewaard):
    """Two rows about BSN in eikendal, one in lindewaard, one about someone else."""
    proces = Actor.proces("klantbeeld")
    return {
        "eikendal": [
            _log(eikendal, handeling="Klantbeeld geopend", actor=proces)[0],
            _log(
                eikendal,
                handeling="Adres gewijzigd",
                actie=VerwerkingActie.WIJZIGEN,
                actor=proces,
            )[0],
        ],
        "lindewaard": [_log(lindewaard, handeling="Melding gelezen", actor=proces)[0]],
        "ander": [_log(eikendal, bsn=ANDER_BSN, handeling="Ander persoon", actor=proces)[0]],
    }


@pytest.fixture
def fg(eikendal):
    return medewerker(eikendal, Rol.PRIVACY_OFFICER, username="fg-eikendal")


def _url(name="core:verwerkingen", *args, **query):
    from urllib.parse import urlencode

    return f"{reverse(name, args=args)}?{urlencode(query)}"


def test_the_screen_lists_only_rows_of_the_officers_organisations(client, fg, logboek):
    # given
    client.force_login(fg)

    # when
    response = client.get(_url(bsn=BSN))

    # then
    assert response.status_code == 200
    page = response.context["page"]
    assert {v.pk for v in page.object_list} == {v.pk for v in logboek["eikendal"]}
    assert page.paginator.count == len(page.object_list) == 2
    html = response.content.decode()
    assert "Klantbeeld geopend" in html
    assert "Adres gewijzigd" in html
    assert "Melding gelezen" not in html
    assert "Ander persoon" not in html


def test_looking_at_the_log_is_itself_logged(client, fg, eikendal, logboek):
    # given
    client.force_login(fg)
    voor = set(Verwerking.objects.values_list("pk", flat=True))

    # when
    response = client.get(_url(bsn=BSN), HTTP_X_REQUEST_ID="inzage-req-0001")

    # then: one new row, in the officer's organisation, about the person searched
    [nieuw] = Verwerking.objects.exclude(pk__in=voor)
    assert nieuw.verwerkingsactiviteit == "verwerkingenlog_inzage"
    assert nieuw.actie == VerwerkingActie.ZOEKEN
    assert nieuw.organisatie == eikendal
    assert nieuw.bsn == BSN
    assert (nieuw.actor_soort, nieuw.actor_id) == ("medewerker", "fg-eikendal")
    assert nieuw.request_id == response["X-Request-ID"] == "inzage-req-0001"
    register = verwerkingsactiviteiten.VERWERKINGENLOG_INZAGE
    assert (nieuw.doel, nieuw.grondslag) == (register.doel, register.grondslag)


def test_an_officer_of_two_organisations_sees_both_and_both_log_the_inspection(
    client, eikendal, lindewaard, logboek
):
    # given
    fg = UserFactory(rollen=[(eikendal, Rol.PRIVACY_OFFICER), (lindewaard, Rol.PRIVACY_OFFICER)])
    client.force_login(fg)
    voor = set(Verwerking.objects.values_list("pk", flat=True))

    # when
    response = client.get(_url(bsn=BSN))

    # then
    assert response.context["page"].paginator.count == 3
    nieuw = Verwerking.objects.exclude(pk__in=voor)
    assert {v.organisatie for v in nieuw} == {eikendal, lindewaard}
    assert {v.verwerkingsactiviteit for v in nieuw} == {"verwerkingenlog_inzage"}


def test_an_invalid_bsn_gives_the_dutch_field_error_and_writes_nothing(client, fg, logboek):
    # given
    client.force_login(fg)
    voor = Verwerking.objects.count()

    # when
    response = client.get(_url(bsn="123456789"))

    # then
    assert response.status_code == 200
    assert response.context["page"] is None
    fouten = response.context["form"].errors
    assert list(fouten) == ["bsn"]
    assert "geen geldig burgerservicenummer" in fouten["bsn"][0]
    assert "geen geldig burgerservicenummer" in response.content.decode()
    assert Verwerking.objects.count() == voor


def test_a_search_without_bsn_or_kvk_asks_for_one_and_writes_nothing(client, fg, logboek):
    # given
    client.force_login(fg)
    voor = Verwerking.objects.count()

    # when
    response = client.get(_url(van="2026-01-01"))

    # then
    assert "Vul een BSN of KvK-nummer in" in response.content.decode()
    assert Verwerking.objects.count() == voor


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


def test_the_csv_export_contains_the_rows_and_is_logged_as_exporteren(client, fg, eikendal, logboek):
    # given
    client.force_login(fg)
    voor = set(Verwerking.objects.values_list("pk", flat=True))

    # when
    response = client.get(_url("core:verwerkingen_export", "csv", bsn=BSN))

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"verwerkingen-{BSN}.csv" in response["Content-Disposition"]
    rows = _csv_rows(response)
    handelingen = [r["handeling"] for r in rows]
    assert {"Klantbeeld geopend", "Adres gewijzigd"} <= set(handelingen)
    assert "Melding gelezen" not in handelingen
    assert "Ander persoon" not in handelingen
    assert {r["organisatie"] for r in rows} == {eikendal.naam}
    eerste = next(r for r in rows if r["handeling"] == "Klantbeeld geopend")
    assert eerste["doel"] == verwerkingsactiviteiten.KLANTGEGEVENS.doel
    assert eerste["uitvoerder"] == "proces: klantbeeld"
    [export] = Verwerking.objects.exclude(pk__in=voor)
    assert export.actie == VerwerkingActie.EXPORTEREN
    assert export.verwerkingsactiviteit == "verwerkingenlog_inzage"
    assert export.bsn == BSN


def test_the_json_export_contains_the_rows_and_is_logged_as_exporteren(client, fg, logboek):
    # given
    client.force_login(fg)
    voor = set(Verwerking.objects.values_list("pk", flat=True))

    # when
    response = client.get(_url("core:verwerkingen_export", "json", bsn=BSN))

    # then
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["betrokkene"] == {"bsn": BSN, "kvk_nummer": ""}
    handelingen = {r["handeling"] for r in payload["verwerkingen"]}
    assert {"Klantbeeld geopend", "Adres gewijzigd"} <= handelingen
    assert not handelingen & {"Melding gelezen", "Ander persoon"}
    [export] = Verwerking.objects.exclude(pk__in=voor)
    assert export.actie == VerwerkingActie.EXPORTEREN


def test_an_export_with_an_invalid_bsn_is_refused_and_writes_nothing(client, fg, logboek):
    # given
    client.force_login(fg)
    voor = Verwerking.objects.count()

    # when
    response = client.get(_url("core:verwerkingen_export", "json", bsn="12345"))

    # then
    assert response.status_code == 400
    assert "geen geldig burgerservicenummer" in response.content.decode()
    assert Verwerking.objects.count() == voor


@pytest.mark.parametrize("rol", [r for r in Rol if r not in (Rol.SYSTEEM, Rol.PRIVACY_OFFICER)], ids=str)
def test_other_roles_get_403_on_the_screen_and_the_exports(rol, client, eikendal, logboek):
    # given
    client.force_login(medewerker(eikendal, rol))
    voor = Verwerking.objects.count()

    # when / then
    assert client.get(_url(bsn=BSN)).status_code == 403
    assert client.get(_url("core:verwerkingen_export", "csv", bsn=BSN)).status_code == 403
    assert client.get(_url("core:verwerkingen_export", "json", bsn=BSN)).status_code == 403
    assert Verwerking.objects.count() == voor


def test_anonymous_visitors_are_sent_to_the_login(client, logboek):
    # when
    response = client.get(_url(bsn=BSN))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
