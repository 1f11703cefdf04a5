"""The resident site shell: home page per municipality, accessibility statement and
privacy statement, and friendly error pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
