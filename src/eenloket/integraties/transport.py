"""HTTP for the register clients: one place that sends a request to a national register
and turns everything that can go wrong into a ``KoppelingFout`` with a Dutch message a
screen can show as it is.

Messages never contain the API key, the request URL (a KvK query string can hold a
name) or the register's raw answer; log lines carry only the register, the status and
the error code, never personal data.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# A problem ``title``/``detail`` or KvK ``omschrijving`` shown to staff is cut to this.
_MAX_REDEN = 300


class KoppelingFout(Exception):
    """A register could not answer. ``str(fout)`` is a Dutch message for staff; ``status``
    (HTTP status, None without an answer) and ``code`` (the register's error code, or
    ours: "timeout", "onbereikbaar", "onleesbaar", "niet_ingesteld") are for code."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


def verstuur(
    session: requests.Session,
    method: str,
    url: str,
    *,
    register: str,
    fout: type[KoppelingFout],
    timeout: float,
    geen_resultaat: tuple[int, str] | None = None,
    **kwargs: Any,
) -> dict[str, Any] | None:
    """Send one request and return the JSON object the register answered.

    ``register`` names the register in messages ("BRP", "KvK"). ``geen_resultaat`` is a
    (status, error code) pair the register uses to say "nothing found" (the KvK answers
    404 with IPD5200): then None is returned instead of an error. Raises ``fout`` for
    timeouts, connection errors, error statuses and answers that are not a JSON object.
    """
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout:
        logger.warning("koppeling_timeout register=%s", register)
        raise fout(
            _("De %(register)s reageerde niet binnen %(seconden)s seconden. Probeer het later opnieuw.")
            % {"register": register, "seconden": f"{timeout:g}"},
            code="timeout",
        ) from None
    except requests.RequestException:
        # ConnectionError, SSLError, a malformed URL, ...: the register was not reached.
        logger.warning("koppeling_onbereikbaar register=%s", register)
        raise fout(
            _(
                "De %(register)s is niet bereikbaar. Probeer het later opnieuw; blijft dit zo, "
                "meld het dan bij de functioneel beheerder."
            )
            % {"register": register},
            code="onbereikbaar",
        ) from None
    body = _json(response)
    if response.status_code >= 400:
        code = _foutcode(body)
        if geen_resultaat is not None and (response.status_code, code) == geen_resultaat:
            return None
        logger.warning("koppeling_fout register=%s status=%s code=%s", register, response.status_code, code)
        raise fout(_foutmelding(register, response.status_code, body), status=response.status_code, code=code)
    if not isinstance(body, dict):
        logger.warning("koppeling_onleesbaar register=%s status=%s", register, response.status_code)
        raise fout(
            _("De %(register)s gaf een antwoord dat Eenloket niet kan lezen.") % {"register": register},
            status=response.status_code,
            code="onleesbaar",
        )
    return body


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _foutcode(body: Any) -> str:
    """The register's own error code: ``code`` of an RFC 7807 problem (BRP) or the first
    ``fout[].code`` (KvK)."""
    if not isinstance(body, dict):
        return ""
    if isinstance(body.get("code"), str):
        return str(body["code"])[:40]
    fouten = body.get("fout")
    if isinstance(fouten, list) and fouten and isinstance(fouten[0], dict):
        return str(fouten[0].get("code", ""))[:40]
    return ""


def _reden(body: Any) -> str:
    """What the register said was wrong with the question, for a 400: the problem's title
    with the names of the invalid parameters, or the KvK's ``omschrijving``."""
    if not isinstance(body, dict):
        return ""
    delen: list[str] = []
    if isinstance(body.get("title"), str):
        delen.append(body["title"].strip())
    params = body.get("invalidParams")
    if isinstance(params, list):
        namen = [str(p["name"]) for p in params if isinstance(p, dict) and p.get("name")]
        if namen:
            delen.append("(" + ", ".join(namen) + ")")
    fouten = body.get("fout")
    if isinstance(fouten, list):
        delen += [str(f["omschrijving"]) for f in fouten if isinstance(f, dict) and f.get("omschrijving")]
    return " ".join(d for d in delen if d)[:_MAX_REDEN]


def _foutmelding(register: str, status: int, body: Any) -> str:
    waarden = {"register": register, "status": status}
    if status == 400:
        reden = _reden(body)
        if reden:
            return _("De %(register)s kon de zoekvraag niet verwerken: %(reden)s") % {
                **waarden,
                "reden": reden,
            }
        return _("De %(register)s kon de zoekvraag niet verwerken.") % waarden
    if status in (401, 403):
        return (
            _(
                "Eenloket heeft geen toegang tot deze bevraging van de %(register)s (HTTP %(status)s). "
                "Meld dit bij de functioneel beheerder."
            )
            % waarden
        )
    if status == 404:
        return (
            _(
                "De koppeling met de %(register)s is verkeerd ingesteld: het adres bestaat niet "
                "(HTTP 404). Meld dit bij de functioneel beheerder."
            )
            % waarden
        )
    if status == 429:
        return (
            _("De %(register)s krijgt op dit moment te veel vragen. Probeer het over een minuut opnieuw.")
            % waarden
        )
    if status >= 500:
        return (
            _("De %(register)s is tijdelijk niet beschikbaar (HTTP %(status)s). Probeer het later opnieuw.")
            % waarden
        )
    return _("De %(register)s gaf een onverwachte fout (HTTP %(status)s).") % waarden
