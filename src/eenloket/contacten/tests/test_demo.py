"""The contact history of the small demo: plausible volumes, and rows that hold exactly
what the services would have written (statuses, first-line flag, numbering, deadlines,
tenancy), without events or processing-log rows for history that never happened."""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from eenloket.contacten import services
from eenloket.contacten.constants import (
    OPEN_STATUSSEN,
    ContactStatus,
    ContactverzoekStatus,
    LogSoort,
    Uitkomst,
)
from eenloket.contacten.demo import AMSTERDAM, CONTACTEN_PER_INWONER_PER_JAAR, genereer
from eenloket.contacten.models import Contactverzoek, ContactverzoekLog, Contactvraag, Klantcontact
from eenloket.core.models import Gebeurtenis, Organisatie, Team, User, Verwerking, Volgnummer
from eenloket.demo.loader import SIZES, load
from eenloket.klanten.models import DigitaalAdres, Klantvlag

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo, loaded once for this module and rolled back after it; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load("small", log=lambda _regel: None)
        yield
        transaction.set_rollback(True)


def test_volumes_and_mix(demo: None) -> None:
    # given the small demo / then
    for code in ("eikendal", "lindewaard"):
        org = Organisatie.objects.get(code=code)
        verwacht = SIZES["small"][code] * SIZES["small"]["jaren"] * CONTACTEN_PER_INWONER_PER_JAAR
        assert 0.9 * verwacht <= Klantcontact.objects.filter(organisatie=org).count() <= 1.1 * verwacht
    contacten = Klantcontact.objects.all()
    n = contacten.count()
    kanalen = Counter(contacten.values_list("kanaal__soort", flat=True))
    assert 0.48 <= kanalen["telefoon"] / n <= 0.62
    assert 0.10 <= kanalen["email"] / n <= 0.20
    assert 0.50 <= contacten.filter(persoon__isnull=True, bedrijf__isnull=True).count() / n <= 0.70
    assert 0.68 <= contacten.filter(eerstelijns=True).count() / n <= 0.84
    vragen_per_contact = Counter(contacten.annotate(n=Count("vragen")).values_list("n", flat=True))
    assert set(vragen_per_contact) <= {1, 2}
    assert Klantvlag.objects.filter(soort="ongewenst_gedrag").exists()


def test_contacts_are_registered_past_office_hour_contacts(demo: None) -> None:
    # given the small demo / then
    nu = timezone.now()
    for contact in Klantcontact.objects.prefetch_related("vragen"):
        assert contact.status == ContactStatus.GEREGISTREERD
        assert contact.gestart_op < contact.beeindigd_op < nu
        lokaal = contact.gestart_op.astimezone(AMSTERDAM)
        assert lokaal.weekday() < 5
        assert datetime.time(8, 30) <= lokaal.time() <= datetime.time(17, 0)
        vragen = sorted(contact.vragen.all(), key=lambda v: v.volgorde)
        assert [v.volgorde for v in vragen] == list(range(1, len(vragen) + 1))
        assert contact.eerstelijns == all(v.uitkomst == Uitkomst.BEANTWOORD for v in vragen)
        for vraag in vragen:
            assert vraag.onderwerp_id or vraag.onderwerp_tekst
            if vraag.uitkomst == Uitkomst.BEANTWOORD:
                assert vraag.antwoord.strip()
            if vraag.uitkomst == Uitkomst.DOORVERWEZEN:
                assert (
                    vraag.doorverwezen_team_id or vraag.doorverwezen_organisatie_id or vraag.doorverwezen_naar
                )


def test_every_row_belongs_to_the_contacts_organisation(demo: None) -> None:
    # given the small demo / then
    for contact in Klantcontact.objects.select_related("kanaal", "persoon", "bedrijf", "medewerker"):
        assert contact.kanaal.organisatie_id == contact.organisatie_id
        if contact.persoon_id:
            assert contact.persoon.organisatie_id == contact.organisatie_id
        if contact.bedrijf_id:
            assert contact.bedrijf.organisatie_id == contact.organisatie_id
        assert contact.medewerker is not None
    for vraag in Contactvraag.objects.select_related("klantcontact", "onderwerp", "doorverwezen_team"):
        if vraag.onderwerp_id:
            assert vraag.onderwerp.organisatie_id == vraag.klantcontact.organisatie_id
        if vraag.doorverwezen_team_id:
            assert vraag.doorverwezen_team.organisatie_id == vraag.klantcontact.organisatie_id
    for cv in Contactverzoek.objects.select_related("klantcontact", "team", "onderwerp", "contactvraag"):
        assert cv.organisatie_id == cv.klantcontact.organisatie_id
        assert (cv.persoon_id, cv.bedrijf_id) == (cv.klantcontact.persoon_id, cv.klantcontact.bedrijf_id)
        assert cv.contactvraag.uitkomst == Uitkomst.CONTACTVERZOEK
        assert cv.contactvraag.klantcontact_id == cv.klantcontact_id
        if cv.team_id:
            assert cv.team.organisatie_id == cv.organisatie_id
        else:
            assert cv.ketenpartner_id
            assert cv.ketenpartner_id != cv.organisatie_id
    for model in (DigitaalAdres, Klantvlag):
        for rij in model.objects.select_related("persoon", "bedrijf"):
            assert rij.partij is not None
            assert rij.partij.organisatie_id == rij.organisatie_id
    handed_on = Contactvraag.objects.filter(uitkomst=Uitkomst.CONTACTVERZOEK)
    assert handed_on.count() == Contactverzoek.objects.count()


def test_contactverzoeken_as_the_services_leave_them(demo: None) -> None:
    # given the small demo
    nu = timezone.now()
    verzoeken = Contactverzoek.objects.prefetch_related("logregels", "pogingen")
    # then
    open_ = [cv for cv in verzoeken if cv.status in OPEN_STATUSSEN]
    assert 10 <= len(open_) <= 40
    assert any(cv.te_laat for cv in open_)
    assert any(not cv.te_laat for cv in open_)
    nummers: dict[int, set[str]] = defaultdict(set)
    for cv in verzoeken:
        assert cv.status != ContactverzoekStatus.CONCEPT
        assert cv.deadline is not None
        assert cv.servicenorm
        assert cv.telefoonnummer or cv.email
        assert re.fullmatch(r"CV-\d{4}-\d{6}", cv.nummer)
        assert cv.nummer not in nummers[cv.organisatie_id]
        nummers[cv.organisatie_id].add(cv.nummer)
        soorten = [regel.soort for regel in cv.logregels.all()]
        assert soorten[0] == LogSoort.AANGEMAAKT
        tijden = [regel.tijdstip for regel in cv.logregels.all()]
        assert tijden == sorted(tijden)
        assert tijden[-1] < nu
        if cv.status == ContactverzoekStatus.AFGEHANDELD:
            assert cv.resultaat
            assert cv.afsluittekst
            assert cv.afgehandeld_op
            assert soorten[-1] == LogSoort.AFGEHANDELD
            assert cv.created_at < cv.afgehandeld_op < nu
        else:
            assert not cv.resultaat
            assert cv.afgehandeld_op is None
            assert (cv.status == ContactverzoekStatus.IN_BEHANDELING) == bool(cv.behandelaar_id)
        assert (cv.geescaleerd_op is not None) == (LogSoort.GEESCALEERD in soorten)
        if cv.geescaleerd_op:
            assert cv.geescaleerd_op > cv.deadline
        for poging in cv.pogingen.all():
            assert cv.created_at < poging.tijdstip < nu
    # the counters are past every generated number, so new ones do not collide
    for teller in Volgnummer.objects.filter(reeks="contactverzoek"):
        hoogste = max(
            int(n.rsplit("-", 1)[1])
            for n in Contactverzoek.objects.filter(
                organisatie_id=teller.organisatie_id, nummer__startswith=f"CV-{teller.jaar}-"
            ).values_list("nummer", flat=True)
        )
        assert teller.laatste == hoogste


def test_identified_callers_get_digital_addresses_and_nothing_is_logged_or_emitted(demo: None) -> None:
    # given the small demo / then
    met_telefoon = Klantcontact.objects.filter(persoon__isnull=False).exclude(telefoonnummer="")
    for contact in met_telefoon[:200]:
        adres = DigitaalAdres.objects.get(
            persoon=contact.persoon, soort="telefoonnummer", adres=contact.telefoonnummer
        )
        assert adres.laatst_gebruikt >= contact.beeindigd_op
    # The generated history is not a real processing; the few demo e-mails do arrive
    # through the real inbox path (as new mail), which logs and emits as it always does.
    assert not Gebeurtenis.objects.filter(kanaal="klantinteracties").exclude(type="inbox.ontvangen").exists()
    assert not (
        Verwerking.objects.filter(verwerkingsactiviteit=services.KLANTCONTACTEN.code)
        .exclude(object_type="inboxgesprek")
        .exists()
    )


def test_a_new_contactverzoek_after_the_demo_gets_a_fresh_number(demo: None) -> None:
    # given the small demo
    org = Organisatie.objects.get(code="eikendal")
    kcc = User.objects.get(username="kcc")
    # when
    cv = services.contactverzoek_aanmaken(
        organisatie=org,
        by=kcc,
        vraag="Graag terugbellen over de aanvraag.",
        team=Team.objects.get(organisatie=org, naam="Burgerzaken"),
        telefoonnummer="0612345678",
        bevestiging=False,
    )
    # then
    assert Contactverzoek.objects.filter(organisatie=org, nummer=cv.nummer).count() == 1


def test_loading_again_adds_no_contacts(demo: None) -> None:
    # given
    voor = Klantcontact.objects.count()
    # when
    load("small", log=lambda _regel: None)
    # then
    assert Klantcontact.objects.count() == voor


def test_deterministic_per_seed(demo: None) -> None:
    # given two identical organisations with only anonymous callers
    nu = timezone.now().replace(hour=11)
    medewerker = User.objects.get(username="kcc")

    def maak() -> list[tuple[object, ...]]:
        with transaction.atomic():  # rolled back: the same seed gives the same UUIDs
            org = Organisatie.objects.create(code="een", naam="Een")
            team = Team.objects.create(organisatie=org, naam="Klantcontactcentrum", soort="kcc")
            team.leden.add(medewerker)
            genereer(org, aantal=300, rng=random.Random(7), nu=nu, personen=[], vlaggen=False)
            assert Klantcontact.objects.filter(organisatie=org).aggregate(m=Max("gestart_op"))["m"] < nu
            assert not ContactverzoekLog.objects.filter(
                contactverzoek__organisatie=org, tijdstip__gt=nu
            ).exists()
            rijen = list(
                Contactvraag.objects.filter(klantcontact__organisatie=org)
                .order_by("klantcontact__gestart_op", "volgorde")
                .values_list(
                    "klantcontact__gestart_op", "klantcontact__kanaal__soort", "vraag", "uitkomst", "uuid"
                )
            )
            transaction.set_rollback(True)
        return rijen

    # when / then
    eerste = maak()
    assert eerste
    assert eerste == maak()


def test_the_demo_inbox_has_threads_through_the_real_inbox_path(db):
    from eenloket.contacten.models import Inboxbericht, Inboxgesprek
    from eenloket.demo.loader import load

    load("small", log=lambda _regel: None)
    gesprekken = Inboxgesprek.objects.all()
    assert gesprekken.count() == 5
    assert Inboxbericht.objects.count() == 6
    woz = gesprekken.get(onderwerp__startswith="Vraag over mijn WOZ")
    assert woz.berichten.count() == 2
    assert gesprekken.exclude(persoon=None).exists()
    assert all(g.deadline for g in gesprekken)
    load("small", log=lambda _regel: None)  # loading again adds nothing
    assert Inboxgesprek.objects.count() == 5
