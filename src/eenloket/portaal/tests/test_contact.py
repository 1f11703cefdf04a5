"""The public contact form: a question lands in the municipality's inbox with a
confirmation page and e-mail; spam is refused without a CAPTCHA (honeypot, signed
timestamp, rate limit per IP); bad input names the field and writes nothing."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from eenloket.contacten.constants import KanaalSoort, Richting
from eenloket.contacten.models import Inboxbericht, Inboxgesprek
from eenloket.portaal.forms import SALT
from eenloket.portaal.views import CONTACT_LIMIET

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _leeg_cache() -> None:
    cache.clear()


def tijd(seconden_geleden: float = 10) -> str:
    return signing.dumps(time.time() - seconden_geleden, salt=SALT)


def formulier(**extra: Any) -> dict[str, Any]:
    data = {
        "naam": "Fatima El Amrani",
        "email": "fatima@example.nl",
        "telefoonnummer": "",
        "vraag": "Wanneer wordt het grofvuil in de Dorpsstraat opgehaald?",
        "website": "",
        "t": tijd(),
    }
    data.update(extra)
    return data


def test_the_form_page(client: Any, eikendal: Any) -> None:
    response = client.get(reverse("portaal:contact"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="website"' in html
    assert 'name="t"' in html
    assert reverse("portaal:contact") in client.get(reverse("portaal:home")).content.decode()


def test_a_question_lands_in_the_inbox_with_a_confirmation(
    client: Any, eikendal: Any, lindewaard: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given the visitor is on Lindewaard's site
    client.get(reverse("portaal:home"), {"gemeente": "lindewaard"})
    # when the form is sent
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portaal:contact"), formulier())
    # then a confirmation page
    assert response.status_code == 302
    bevestiging = client.get(response.url)
    assert "Uw vraag is verstuurd" in bevestiging.content.decode()
    assert "bevestiging per e-mail" in bevestiging.content.decode()
    # and a thread on the webformulier channel in Lindewaard's inbox, with a deadline
    gesprek = Inboxgesprek.objects.get()
    assert gesprek.organisatie == lindewaard
    assert gesprek.kanaal.soort == KanaalSoort.WEBFORMULIER
    assert gesprek.van_adres == "fatima@example.nl"
    assert gesprek.deadline is not None
    vraag = gesprek.berichten.get(richting=Richting.INKOMEND)
    assert "grofvuil" in vraag.tekst
    # and a confirmation e-mail queued as an outgoing message of the thread
    bevestigd = gesprek.berichten.get(richting=Richting.UITGAAND)
    assert bevestigd.aan == "fatima@example.nl"
    assert bevestigd.in_reply_to == vraag.message_id
    assert "Lindewaard" in bevestigd.onderwerp


def test_phone_only_gets_no_confirmation_mail(client: Any, eikendal: Any) -> None:
    response = client.post(reverse("portaal:contact"), formulier(email="", telefoonnummer="06 12345678"))
    assert response.status_code == 302
    gesprek = Inboxgesprek.objects.get()
    assert gesprek.telefoonnummer
    assert not gesprek.berichten.filter(richting=Richting.UITGAAND).exists()
    assert "telefonisch" in client.get(response.url).content.decode()


def test_the_honeypot_gets_the_same_answer_but_nothing_is_stored(client: Any, eikendal: Any) -> None:
    response = client.post(reverse("portaal:contact"), formulier(website="http://spam.example"))
    assert response.status_code == 302
    assert not Inboxgesprek.objects.exists()


def test_too_fast_is_refused(client: Any, eikendal: Any) -> None:
    response = client.post(reverse("portaal:contact"), formulier(t=tijd(seconden_geleden=0.5)))
    assert response.status_code == 400
    assert "erg snel" in response.content.decode()
    assert not Inboxgesprek.objects.exists()
    # and the page carries a fresh timestamp, so sending again later works
    assert response.context["form"].data["t"] != formulier()["t"]


@pytest.mark.parametrize("soort", ["oud", "vervalst", "leeg"])
def test_an_old_or_forged_timestamp_is_refused(client: Any, eikendal: Any, soort: str) -> None:
    t = {"oud": tijd(seconden_geleden=2 * 24 * 3600), "vervalst": "vervalst", "leeg": ""}[soort]
    response = client.post(reverse("portaal:contact"), formulier(t=t))
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    assert not Inboxgesprek.objects.exists()


def test_rate_limit_per_ip(client: Any, eikendal: Any) -> None:
    for _ in range(CONTACT_LIMIET):
        assert client.post(reverse("portaal:contact"), formulier()).status_code == 302
    response = client.post(reverse("portaal:contact"), formulier())
    assert response.status_code == 429
    assert "vaak verstuurd" in response.content.decode()
    assert Inboxgesprek.objects.count() == CONTACT_LIMIET
    # another address is not affected
    assert client.post(reverse("portaal:contact"), formulier(), REMOTE_ADDR="192.0.2.7").status_code == 302


@pytest.mark.parametrize(
    ("wijziging", "veld", "tekst"),
    [
        ({"naam": ""}, "naam", "Naam"),
        ({"vraag": ""}, "vraag", "Uw vraag"),
        ({"email": "geen-adres"}, "email", "E-mailadres"),
        ({"email": "", "telefoonnummer": ""}, "email", "E-mailadres"),
        ({"email": "", "telefoonnummer": "12"}, "telefoonnummer", "Telefoonnummer"),
        ({"vraag": "x" * 4001}, "vraag", "Uw vraag"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    client: Any, eikendal: Any, wijziging: dict[str, str], veld: str, tekst: str
) -> None:
    response = client.post(reverse("portaal:contact"), formulier(**wijziging))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[veld]
    html = response.content.decode()
    # the summary names the field and links to it; the field is marked invalid
    assert f'href="#id_{veld}"' in html
    assert f"{tekst}: " in html
    assert 'aria-invalid="true"' in html
    assert not Inboxgesprek.objects.exists()
    assert not Inboxbericht.objects.exists()


def test_english(client: Any, eikendal: Any) -> None:
    client.cookies["django_language"] = "en"
    response = client.get(reverse("portaal:contact"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
