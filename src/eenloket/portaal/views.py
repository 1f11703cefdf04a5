"""The resident site shell: home page per municipality, accessibility statement and
privacy statement, and friendly error pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from eenloket.portaal.selectors import SESSION_KEY, gemeente_voor, gemeenten


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    alle = gemeenten()
    gemeente = gemeente_voor(request, alle)
    if gemeente is not None and request.GET.get("gemeente") == gemeente.code:
        request.session[SESSION_KEY] = gemeente.code
    return {"gemeente": gemeente, "alle_gemeenten": alle, **extra}


def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portaal/home.html", _context(request))


def toegankelijkheid_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portaal/toegankelijkheid.html", _context(request))


def privacy_view(request: HttpRequest) -> HttpResponse:
    from eenloket.core.verwerkingsactiviteiten import REGISTER

    activiteiten = sorted(REGISTER.values(), key=lambda a: a.naam)
    return render(request, "portaal/privacy.html", _context(request, activiteiten=activiteiten))


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portaal/fout.html", {"status": 403}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portaal/fout.html", {"status": 404}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "portaal/fout.html", {"status": 500}, status=500)


# --- the contact form ---------------------------------------------------------------

CONTACT_LIMIET = 5  # submissions per IP address per hour
CONTACT_VENSTER = 3600
CONTACT_SESSIE = "eenloket_contact_verzonden"


def _te_vaak(request: HttpRequest) -> bool:
    """Count this submission for the client's IP address; True past the limit."""
    from django.core.cache import cache

    sleutel = f"portaal:contact:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(sleutel, 0, CONTACT_VENSTER)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, CONTACT_VENSTER)
        aantal = 1
    return aantal > CONTACT_LIMIET


def contact_view(request: HttpRequest) -> HttpResponse:
    """The contact form: the question lands in the municipality's inbox (channel
    webformulier), with a confirmation page and, with an e-mail address, a confirmation
    e-mail."""
    from django.http import Http404
    from django.shortcuts import redirect
    from django.utils.translation import get_language

    from eenloket.contacten import inbox
    from eenloket.portaal.forms import ContactForm, tijdstempel

    context = _context(request)
    gemeente = context["gemeente"]
    if gemeente is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if _te_vaak(request):
            form.is_valid()
            form.errors.clear()
            form.add_error(
                None, _("U heeft het formulier vaak verstuurd. Probeer het over een uur opnieuw of bel ons.")
            )
            status = 429
        elif form.is_valid():
            if not form.spam:  # a bot gets the same answer, and nothing is stored
                data = form.cleaned_data
                inbox.webformulier_ontvangen(
                    organisatie=gemeente,
                    naam=data["naam"],
                    email=data["email"],
                    telefoonnummer=data["telefoonnummer"],
                    vraag=data["vraag"],
                    taal=get_language() or "nl",
                )
                request.session[CONTACT_SESSIE] = {"email": bool(data["email"])}
            return redirect("portaal:contact_verzonden")
        else:
            status = 400
        # A fresh timestamp, so that fixing the errors can be sent.
        data = request.POST.copy()
        data["t"] = tijdstempel()
        form.data = data
    else:
        form = ContactForm(initial={"t": tijdstempel()})
    velden = [form[naam] for naam in ("naam", "email", "telefoonnummer", "vraag")]
    from eenloket.contacten.constants import NormSoort
    from eenloket.contacten.services import servicenorm_voor

    context.update(form=form, velden=velden, norm=servicenorm_voor(gemeente, soort=NormSoort.EMAIL)[1])
    return render(request, "portaal/contact.html", context, status=status)


def contact_verzonden_view(request: HttpRequest) -> HttpResponse:
    verzonden = request.session.pop(CONTACT_SESSIE, None)
    return render(request, "portaal/contact_verzonden.html", _context(request, verzonden=verzonden))
