"""API errors as RFC 9457 problem details, in the shape the ZGW standards use
(type, code, title, status, detail, instance, invalidParams), in Dutch by default
(English with Accept-Language: en)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

TITLES = {
    400: lambda: _("Ongeldige invoer."),
    401: lambda: _("Niet geauthenticeerd."),
    403: lambda: _("Geen toegang."),
    404: lambda: _("Niet gevonden."),
    405: lambda: _("Methode niet toegestaan."),
    406: lambda: _("Antwoordformaat niet beschikbaar."),
    409: lambda: _("Conflict."),
    412: lambda: _("Voorwaarde niet voldaan."),
    415: lambda: _("Mediatype niet ondersteund."),
    429: lambda: _("Te veel verzoeken."),
    500: lambda: _("Er ging iets mis op de server."),
}


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "nonFieldErrors"
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list) and not isinstance(item, exceptions.ErrorDetail):
                params += _invalid_params(item, f"{prefix}.{index}")
            else:
                params += _invalid_params(item, prefix)
    else:
        code = getattr(detail, "code", "invalid")
        params.append({"name": prefix or "nonFieldErrors", "code": str(code), "reason": str(detail)})
    return params


def problem(status_code: int, code: str, detail: str, request: Any = None, **extra: Any) -> Response:
    base = settings.EENLOKET_BASE_URL.rstrip("/")
    body = {
        "type": f"{base}/ref/fouten/{code}/",
        "code": code,
        "title": TITLES.get(status_code, lambda: _("Fout."))(),
        "status": status_code,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
        **extra,
    }
    return Response(body, status=status_code, content_type="application/problem+json")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # Django's own 404/403 (get_scoped, vereis) carry no DRF code or message; use DRF's,
    # so clients get "not_found"/"permission_denied" and a readable detail.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is None:
        logger.exception("api_unhandled_error", exc_info=exc)
        return problem(500, "error", _("Er ging iets mis. Probeer het later opnieuw."), request)
    if isinstance(exc, exceptions.ValidationError):
        params = _invalid_params(exc.detail)
        result = problem(
            status.HTTP_400_BAD_REQUEST,
            "invalid",
            _("Controleer de invoer: %(velden)s.")
            % {"velden": ", ".join(sorted({p["name"] for p in params}))},
            request,
            invalidParams=params,
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        result = problem(response.status_code, str(code), str(detail), request)
    for header in ("WWW-Authenticate", "Allow", "Retry-After"):
        if header in response:
            result[header] = response[header]
    return result
