"""Domain events and the outbox (ADR 0004): the event and the processing-log row commit
with the change or not at all; the worker's relay turns committed events into webhook
deliveries (posted to a real local HTTP server) and handler jobs; e-mail is its own
outbox row plus job; failures retry with back-off; periodic jobs are enqueued once."""

from __future__ import annotations

import datetime
import json
import signal
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from eenloket.core import events, scheduling, tasks
from eenloket.core.constants import AfleveringStatus, BerichtStatus, Rol
from eenloket.core.context import Actor
from eenloket.core.models import (
    Aflevering,
    Bericht,
    Gebeurtenis,
    LokaleMail,
    PeriodiekeTaak,
    Verwerking,
)
from eenloket.core.scheduling import Periodiek, plan_periodieke_taken
from eenloket.core.services import bericht_versturen, gebeurtenis_emit
from eenloket.core.tasks import outbox_relay
from eenloket.core.tasks_compat import task
from eenloket.core.tests.factories import AbonnementFactory, OrganisatieFactory, medewerker
from eenloket.klanten import services as klant_services
from eenloket.klanten.models import Persoon
from eenloket.klanten.services import persoon_create

BSN = "111222333"
OUTBOX_BACKEND = "eenloket.core.mail.OutboxEmailBackend"


class Kapot(Exception):
    pass


def _jobs(task: Any) -> Any:
    return DBTaskResult.objects.filter(task_path=task.module_path)


def _tellingen() -> dict[str, int]:
    return {
        "personen": Persoon.objects.count(),
        "verwerkingen": Verwerking.objects.count(),
        "gebeurtenissen": Gebeurtenis.objects.count(),
        "jobs": DBTaskResult.objects.count(),
        "berichten": Bericht.objects.count(),
    }


NIETS = {"personen": 0, "verwerkingen": 0, "gebeurtenissen": 0, "jobs": 0, "berichten": 0}
GESCHREVEN = {**NIETS, "personen": 1, "verwerkingen": 1, "gebeurtenissen": 1}


def _emit(org: Any, **kwargs: Any) -> Gebeurtenis:
    return gebeurtenis_emit(
        type=kwargs.pop("type", "persoon.aangemaakt"),
        kanaal=kwargs.pop("kanaal", "klanten"),
        organisatie=org,
        object_type="personen",
        object_uuid=kwargs.pop("object_uuid", None),
        actie=kwargs.pop("actie", "create"),
        **kwargs,
    )


@pytest.fixture
def kcc(eikendal):
    return Actor.for_user(medewerker(eikendal, Rol.KCC_MEDEWERKER), request_id="req-outbox-01")


# --- a local webhook receiver -----------------------------------------------------------


@dataclass
class Ontvanger:
    url: str
    status: int = 204
    verzoeken: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def ontvanger(monkeypatch) -> Iterator[Ontvanger]:
    """A real HTTP server on a loopback port that records what it receives."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    state = Ontvanger(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.verzoeken.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "content_type": self.headers.get("Content-Type"),
                    "json": json.loads(body),
                }
            )
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/notificaties"
    yield state
    server.shutdown()
    server.server_close()


def _gesloten_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def herstel_signalen() -> Iterator[None]:
    """The worker installs its own signal handlers; give pytest's back afterwards."""
    namen = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {s: signal.getsignal(s) for s in namen}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


# --- atomicity --------------------------------------------------------------------------


def test_emit_writes_the_event_in_the_callers_transaction_and_nothing_else(eikendal):
    # when
    with transaction.atomic():
        gebeurtenis = _emit(eikendal, kenmerken={"bron": "balie"}, data={"a": 1})

    # then: one row; the relay, not a job per event, spreads it (ADR 0004)
    gebeurtenis.refresh_from_db()
    assert (gebeurtenis.kenmerken, gebeurtenis.data) == ({"bron": "balie"}, {"a": 1})
    assert gebeurtenis.actor_id == "test"
    assert gebeurtenis.verspreid_op is None
    assert not DBTaskResult.objects.exists()


def test_a_rollback_leaves_no_event(eikendal):
    # when
    with pytest.raises(Kapot), transaction.atomic():  # noqa: PT012
        _emit(eikendal)
        raise Kapot

    # then
    assert _tellingen() == NIETS


def test_a_rollback_after_a_service_undoes_person_log_and_event(eikendal, kcc):
    # when the caller fails after the service returned
    with pytest.raises(Kapot), transaction.atomic():  # noqa: PT012
        persoon_create(organisatie=eikendal, bsn=BSN, geslachtsnaam="Jansen", by=kcc)
        assert _tellingen() == GESCHREVEN
        raise Kapot

    # then
    assert _tellingen() == NIETS
    assert outbox_relay() == 0


@pytest.mark.parametrize("na_het_schrijven", [False, True], ids=["voor", "na"])
def test_a_failing_emit_rolls_back_the_services_own_transaction(na_het_schrijven, eikendal, kcc, monkeypatch):
    # given an emit that fails, before or after writing its event
    echte_emit = klant_services.gebeurtenis_emit

    def kapotte_emit(**kwargs: Any) -> Gebeurtenis:
        if na_het_schrijven:
            echte_emit(**kwargs)
        raise Kapot

    monkeypatch.setattr(klant_services, "gebeurtenis_emit", kapotte_emit)

    # when
    with pytest.raises(Kapot):
        persoon_create(organisatie=eikendal, bsn=BSN, geslachtsnaam="Jansen", by=kcc)

    # then: the person and the log row written before the emit are gone too
    assert _tellingen() == NIETS


def test_a_committed_service_leaves_everything_and_waits_for_no_commit_hook(
    eikendal, kcc, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        persoon = persoon_create(organisatie=eikendal, bsn=BSN, geslachtsnaam="Jansen", by=kcc)

    # then: the event is a row in the same transaction, not an in-memory on_commit hook
    # that a crash right after the commit would lose
    assert callbacks == []
    assert _tellingen() == GESCHREVEN
    gebeurtenis = Gebeurtenis.objects.get()
    assert (gebeurtenis.type, gebeurtenis.object_uuid) == ("persoon.aangemaakt", persoon.uuid)
    assert (gebeurtenis.actor_id, gebeurtenis.request_id) == (kcc.id, "req-outbox-01")
    assert Verwerking.objects.get().object_id == str(persoon.uuid)


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_a_failed_service_leaves_nothing_and_a_good_one_everything(
    monkeypatch,
):
    # given
    org = OrganisatieFactory(code="eikendal")
    by = Actor.for_user(medewerker(org, Rol.KCC_MEDEWERKER))

    def kapotte_emit(**kwargs: Any) -> Gebeurtenis:
        gebeurtenis_emit(**kwargs)  # the event is written, then it fails
        raise Kapot

    monkeypatch.setattr(klant_services, "gebeurtenis_emit", kapotte_emit)

    # when / then: a failed service commits nothing
    assert not connection.in_atomic_block
    with pytest.raises(Kapot):
        persoon_create(organisatie=org, bsn=BSN, geslachtsnaam="Jansen", by=by)
    assert _tellingen() == NIETS

    # when / then: a good one commits all of it
    monkeypatch.setattr(klant_services, "gebeurtenis_emit", gebeurtenis_emit)
    persoon_create(organisatie=org, bsn=BSN, geslachtsnaam="Jansen", by=by)
    assert _tellingen() == GESCHREVEN


# --- the relay: spreading events --------------------------------------------------------


@task()
def proef_handler(gebeurtenis_id: int) -> int:
    return gebeurtenis_id


def test_the_relay_creates_one_delivery_per_interested_subscription(eikendal, lindewaard):
    # given
    alles = AbonnementFactory(organisatie=eikendal, kanalen=[])
    klanten = AbonnementFactory(organisatie=eikendal, kanalen=["klanten", "zaken"])
    AbonnementFactory(organisatie=eikendal, kanalen=["zaken"])
    AbonnementFactory(organisatie=eikendal, actief=False)
    van_lindewaard = AbonnementFactory(organisatie=lindewaard)
    gebeurtenis = _emit(eikendal)
    andere = _emit(lindewaard)

    # when
    aantal = outbox_relay()

    # then
    assert aantal == 2
    assert {(a.gebeurtenis, a.abonnement) for a in Aflevering.objects.all()} == {
        (gebeurtenis, alles),
        (gebeurtenis, klanten),
        (andere, van_lindewaard),
    }
    jobs = _jobs(tasks.aflevering_uitvoeren)
    assert sorted(j.args_kwargs["args"][0] for j in jobs) == sorted(
        Aflevering.objects.values_list("pk", flat=True)
    )
    assert not Gebeurtenis.objects.filter(verspreid_op__isnull=True).exists()


def test_the_relay_queues_the_registered_handlers(eikendal, monkeypatch):
    # given
    monkeypatch.setitem(events._HANDLERS, "persoon.aangemaakt", [proef_handler])
    gebeurtenis = _emit(eikendal)
    _emit(eikendal, type="persoon.gewijzigd")

    # when
    outbox_relay()

    # then
    [job] = DBTaskResult.objects.all()
    assert job.task_path == proef_handler.module_path
    assert job.args_kwargs["args"] == [gebeurtenis.pk]


def test_the_relay_is_idempotent(eikendal):
    # given
    AbonnementFactory(organisatie=eikendal)
    gebeurtenis = _emit(eikendal)
    outbox_relay()

    # when the relay runs again, and the one-event task runs for it too
    opnieuw = outbox_relay()
    los = tasks.gebeurtenis_verspreiden.call(gebeurtenis.pk)

    # then
    assert (opnieuw, los) == (0, 0)
    assert Aflevering.objects.count() == 1
    assert _jobs(tasks.aflevering_uitvoeren).count() == 1


def test_the_relay_works_in_batches_oldest_first(eikendal):
    # given
    eerste, tweede, derde = (_emit(eikendal) for _ in range(3))

    # when / then
    assert outbox_relay(limit=2) == 2
    assert set(Gebeurtenis.objects.filter(verspreid_op__isnull=True)) == {derde}
    assert outbox_relay(limit=2) == 1
    assert outbox_relay(limit=2) == 0
    assert eerste.pk < tweede.pk < derde.pk


def test_a_relay_that_crashes_halfway_loses_nothing_and_the_next_one_spreads_all(eikendal, monkeypatch):
    # given two events and a relay that dies on the second
    AbonnementFactory(organisatie=eikendal)
    _emit(eikendal)
    _emit(eikendal)
    echte = tasks._verspreid
    gezien: list[int] = []

    def kapot_bij_de_tweede(gebeurtenis: Gebeurtenis, abonnementen: Any) -> int:
        gezien.append(gebeurtenis.pk)
        if len(gezien) == 2:
            raise Kapot
        return echte(gebeurtenis, abonnementen)

    monkeypatch.setattr(tasks, "_verspreid", kapot_bij_de_tweede)

    # when
    with pytest.raises(Kapot):
        outbox_relay()

    # then: not even the first delivery is left; both events are still pending
    assert not Aflevering.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert Gebeurtenis.objects.filter(verspreid_op__isnull=True).count() == 2

    # when the next round runs normally
    monkeypatch.setattr(tasks, "_verspreid", echte)

    # then
    assert outbox_relay() == 2
    assert Aflevering.objects.count() == 2


def test_spreading_one_event_now_is_idempotent(eikendal):
    # given
    AbonnementFactory(organisatie=eikendal)
    gebeurtenis = _emit(eikendal)

    # when
    eerste = tasks.gebeurtenis_verspreiden.call(gebeurtenis.pk)
    tweede = tasks.gebeurtenis_verspreiden.call(gebeurtenis.pk)

    # then
    assert (eerste, tweede) == (1, 0)
    assert Aflevering.objects.count() == 1
    assert outbox_relay() == 0


def test_spreading_an_event_that_is_gone_does_nothing(db):
    assert tasks.gebeurtenis_verspreiden.call(987654) == 0


# --- delivering webhooks ----------------------------------------------------------------


def _aflevering(org: Any, url: str, **kwargs: Any) -> Aflevering:
    abonnement = AbonnementFactory(organisatie=org, callback_url=url, **kwargs)
    gebeurtenis = _emit(
        org,
        object_uuid="4f7c1a52-1b7a-4a7e-9f5e-7a0c3a1c2d3e",
        kenmerken={"bron": "balie"},
    )
    return Aflevering.objects.create(gebeurtenis=gebeurtenis, abonnement=abonnement)


def test_a_webhook_is_posted_in_the_zgw_notificaties_shape(eikendal, ontvanger, settings):
    # given
    settings.EENLOKET_BASE_URL = "https://eenloket.eikendal.nl/"
    aflevering = _aflevering(eikendal, ontvanger.url, autorisatie="Bearer abonnee-geheim")

    # when
    uitkomst = tasks.aflevering_uitvoeren.call(aflevering.pk)

    # then
    assert uitkomst == AfleveringStatus.AFGELEVERD
    [verzoek] = ontvanger.verzoeken
    assert verzoek["path"] == "/api/v1/notificaties"
    assert verzoek["authorization"] == "Bearer abonnee-geheim"
    assert verzoek["content_type"] == "application/json"
    resource_url = "https://eenloket.eikendal.nl/api/v1/personen/4f7c1a52-1b7a-4a7e-9f5e-7a0c3a1c2d3e"
    assert verzoek["json"] == {
        "kanaal": "klanten",
        "hoofdObject": resource_url,
        "resource": "personen",
        "resourceUrl": resource_url,
        "actie": "create",
        "aanmaakdatum": aflevering.gebeurtenis.tijdstip.isoformat(),
        "kenmerken": {"bron": "balie"},
    }
    aflevering.refresh_from_db()
    assert aflevering.status == AfleveringStatus.AFGELEVERD
    assert aflevering.pogingen == 1
    assert aflevering.afgeleverd_op is not None
    assert aflevering.volgende_poging is None


def test_a_delivered_webhook_is_not_posted_again(eikendal, ontvanger):
    # given
    aflevering = _aflevering(eikendal, ontvanger.url)
    tasks.aflevering_uitvoeren.call(aflevering.pk)

    # when
    uitkomst = tasks.aflevering_uitvoeren.call(aflevering.pk)

    # then
    assert uitkomst == "overgeslagen"
    assert len(ontvanger.verzoeken) == 1


def test_a_failing_receiver_gets_retries_with_back_off_until_mislukt(eikendal, ontvanger):
    # given a receiver that answers 500
    ontvanger.status = 500
    aflevering = _aflevering(eikendal, ontvanger.url)

    # when: the first attempt
    voor = timezone.now()
    assert tasks.aflevering_uitvoeren.call(aflevering.pk) == "opnieuw"

    # then: a retry is queued 30 s on, not runnable yet
    aflevering.refresh_from_db()
    assert aflevering.status == AfleveringStatus.WACHTEND
    assert aflevering.pogingen == 1
    assert "500" in aflevering.laatste_fout
    assert aflevering.volgende_poging >= voor + datetime.timedelta(seconds=30)
    [retry] = _jobs(tasks.aflevering_uitvoeren)
    assert retry.args_kwargs["args"] == [aflevering.pk]
    assert retry.run_after == aflevering.volgende_poging
    assert retry.run_after > timezone.now()
    assert not DBTaskResult.objects.ready().filter(pk=retry.pk).exists()

    # when: the second attempt waits twice as long
    voor = timezone.now()
    tasks.aflevering_uitvoeren.call(aflevering.pk)
    aflevering.refresh_from_db()
    assert aflevering.pogingen == 2
    assert aflevering.volgende_poging >= voor + datetime.timedelta(seconds=60)

    # when: the remaining attempts fail as well
    for _ in range(tasks.MAX_POGINGEN - 2):
        tasks.aflevering_uitvoeren.call(aflevering.pk)

    # then: given up, no further retry queued, nothing more sent
    aflevering.refresh_from_db()
    assert aflevering.status == AfleveringStatus.MISLUKT
    assert aflevering.pogingen == tasks.MAX_POGINGEN
    assert aflevering.volgende_poging is None
    assert _jobs(tasks.aflevering_uitvoeren).count() == tasks.MAX_POGINGEN - 1
    assert len(ontvanger.verzoeken) == tasks.MAX_POGINGEN
    assert tasks.aflevering_uitvoeren.call(aflevering.pk) == "overgeslagen"
    assert len(ontvanger.verzoeken) == tasks.MAX_POGINGEN


def test_an_unreachable_receiver_is_retried_too(eikendal, ontvanger):
    # given nobody listening on the port
    aflevering = _aflevering(eikendal, f"http://127.0.0.1:{_gesloten_poort()}/hook")

    # when
    uitkomst = tasks.aflevering_uitvoeren.call(aflevering.pk)

    # then
    assert uitkomst == "opnieuw"
    aflevering.refresh_from_db()
    assert aflevering.pogingen == 1
    assert aflevering.laatste_fout
    assert _jobs(tasks.aflevering_uitvoeren).count() == 1


def test_back_off_doubles_and_is_capped():
    assert [tasks.wachttijd(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert tasks.wachttijd(40) == datetime.timedelta(hours=6)


# --- e-mail -----------------------------------------------------------------------------


def test_a_message_is_sent_by_the_job_into_the_embedded_mailbox(eikendal, settings):
    # given
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    with transaction.atomic():
        bericht = bericht_versturen(
            organisatie=eikendal,
            aan="inwoner@example.nl",
            onderwerp="Uw aanvraag",
            tekst="We hebben uw aanvraag ontvangen.",
        )
    assert not LokaleMail.objects.exists()
    [job] = _jobs(tasks.bericht_verzenden)

    # when
    uitkomst = tasks.bericht_verzenden.call(*job.args_kwargs["args"])

    # then
    assert uitkomst == BerichtStatus.VERZONDEN
    [mail] = LokaleMail.objects.all()
    assert (mail.aan, mail.onderwerp, mail.tekst) == (
        "inwoner@example.nl",
        "Uw aanvraag",
        "We hebben uw aanvraag ontvangen.",
    )
    assert mail.bericht_uuid == bericht.uuid
    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.VERZONDEN
    assert bericht.verzonden_op is not None
    assert tasks.bericht_verzenden.call(bericht.pk) == "overgeslagen"
    assert LokaleMail.objects.count() == 1


def test_a_rolled_back_change_sends_no_message(eikendal):
    # when
    with pytest.raises(Kapot), transaction.atomic():  # noqa: PT012
        bericht_versturen(organisatie=eikendal, aan="a@example.nl", onderwerp="x", tekst="y")
        raise Kapot

    # then
    assert _tellingen() == NIETS


class KapotteMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP-server weigert")


def test_a_failing_mail_server_gets_a_retry_later(eikendal, settings):
    # given
    settings.EMAIL_BACKEND = f"{__name__}.KapotteMailBackend"
    bericht = bericht_versturen(organisatie=eikendal, aan="a@example.nl", onderwerp="x", tekst="y")
    DBTaskResult.objects.all().delete()

    # when
    uitkomst = tasks.bericht_verzenden.call(bericht.pk)

    # then
    assert uitkomst == "opnieuw"
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (BerichtStatus.WACHTEND, 1)
    assert "weigert" in bericht.fout
    [retry] = _jobs(tasks.bericht_verzenden)
    assert retry.run_after > timezone.now()


# --- the worker, end to end -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_spreads_delivers_and_sends_after_commit(ontvanger, settings, herstel_signalen):
    # given a committed change with a subscriber and a message
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    org = OrganisatieFactory(code="eikendal")
    AbonnementFactory(organisatie=org, callback_url=ontvanger.url, autorisatie="Token t")
    by = Actor.for_user(medewerker(org, Rol.KCC_MEDEWERKER))
    with transaction.atomic():
        persoon = persoon_create(organisatie=org, bsn=BSN, geslachtsnaam="Jansen", by=by)
        bericht = bericht_versturen(
            organisatie=org, aan="inwoner@example.nl", onderwerp="Welkom", tekst="Hallo"
        )
    assert ontvanger.verzoeken == []

    # when: the relay (the worker's scheduler thread does this every second) and a
    # worker that stops when the queue is empty
    assert outbox_relay() == 1
    call_command("worker", "--batch", "--no-scheduler")

    # then
    assert {job.status for job in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    assert Gebeurtenis.objects.get().verspreid_op is not None
    assert Aflevering.objects.get().status == AfleveringStatus.AFGELEVERD
    [verzoek] = ontvanger.verzoeken
    assert verzoek["authorization"] == "Token t"
    assert verzoek["json"]["resourceUrl"].endswith(f"/api/v1/personen/{persoon.uuid}")
    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.VERZONDEN
    assert LokaleMail.objects.get().bericht_uuid == bericht.uuid


# --- periodic jobs ----------------------------------------------------------------------


@task()
def periodieke_proef() -> str:
    return "gedaan"


INTERVAL = datetime.timedelta(minutes=5)


@pytest.fixture
def periodiek_register(monkeypatch) -> dict[str, Periodiek]:
    register = {
        periodieke_proef.module_path: Periodiek(periodieke_proef.module_path, periodieke_proef, INTERVAL)
    }
    monkeypatch.setattr(scheduling, "REGISTER", register)
    return register


def test_a_due_periodic_job_is_enqueued_once_when_planned_twice_at_the_same_time(db, periodiek_register):
    # given
    now = timezone.now()

    # when
    eerste = plan_periodieke_taken(now)
    tweede = plan_periodieke_taken(now)

    # then
    assert eerste == [periodieke_proef.module_path]
    assert tweede == []
    assert _jobs(periodieke_proef).count() == 1
    taak = PeriodiekeTaak.objects.get(naam=periodieke_proef.module_path)
    assert (taak.volgende_run, taak.laatste_run) == (now + INTERVAL, now)


def test_a_periodic_job_is_enqueued_again_after_its_interval(db, periodiek_register):
    # given
    now = timezone.now()
    plan_periodieke_taken(now)

    # when
    te_vroeg = plan_periodieke_taken(now + INTERVAL - datetime.timedelta(seconds=1))
    op_tijd = plan_periodieke_taken(now + INTERVAL)

    # then
    assert te_vroeg == []
    assert op_tijd == [periodieke_proef.module_path]
    assert _jobs(periodieke_proef).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_planning_at_the_same_moment_enqueue_a_due_job_once(periodiek_register):
    # given four schedulers released at the same instant
    now = timezone.now()
    start = threading.Barrier(4)
    uitkomsten: list[list[str]] = []
    fouten: list[BaseException] = []

    def plan() -> None:
        try:
            start.wait()
            uitkomsten.append(plan_periodieke_taken(now))
        except BaseException as exc:  # reported below
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=plan) for _ in range(4)]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert fouten == []
    assert sorted(uitkomsten) == [[], [], [], [periodieke_proef.module_path]]
    assert _jobs(periodieke_proef).count() == 1
