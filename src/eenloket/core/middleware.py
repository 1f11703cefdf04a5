"""Request id, the acting party for the processing log, the chosen organisation, and
the second-factor gate for staff."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.core.context import Actor, reset_actor, set_actor

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take a well-formed X-Request-ID from the caller or make one; echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class ActorMiddleware:
    """Make the logged-in staff member the current actor (API clients are set by the
    API authentication, which runs later inside DRF)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = getattr(request, "request_id", "")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = Actor.for_user(user, request_id)  # type: ignore[arg-type]
        else:
            actor = Actor.anoniem(request_id)
        request.actor = actor  # type: ignore[attr-defined]
        token = set_actor(actor)
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)


def needs_second_factor(request: HttpRequest) -> bool:
    """True when the logged-in staff member must (still) pass TOTP."""
    from eenloket.core.selectors import gebruiker_heeft_2fa_nodig

    user = request.user
    if not settings.REQUIRE_2FA or not user.is_authenticated:
        return False
    if request.session.get("eenloket_login_methode") == "oidc" and settings.OIDC_MFA_BY_PROVIDER:
        return False
    if user.is_verified():  # type: ignore[union-attr,attr-defined]
        return False
    return gebruiker_heeft_2fa_nodig(user)  # type: ignore[arg-type]


class SecondFactorMiddleware:
    """Staff whose roles see personal data must pass TOTP before any staff page or API
    call; until then they only reach the TOTP pages and logout."""

    ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request):
            allowed = (
                reverse("core:totp"),
                reverse("core:totp_instellen"),
                reverse("core:logout"),
            )
            if not request.path.startswith(self.ALLOWED_PREFIXES) and request.path not in allowed:
                if request.path.startswith("/api/"):
                    base = settings.EENLOKET_BASE_URL.rstrip("/")
                    return JsonResponse(
                        {
                            "type": f"{base}/ref/fouten/second_factor_required/",
                            "code": "second_factor_required",
                            "title": _("Geen toegang."),
                            "status": 403,
                            "detail": _(
                                "Rond eerst de tweestapsverificatie af (code uit uw authenticator-app)."
                            ),
                        },
                        status=403,
                        content_type="application/problem+json",
                    )
                target = reverse("core:totp")
                asked = request.get_full_path()
                if request.method == "GET" and asked != resolve_url(settings.LOGIN_REDIRECT_URL):
                    # Back to the page asked for once the code is given (deep links).
                    target += "?" + urlencode({"next": asked})
                return redirect(target)
        return self.get_response(request)
