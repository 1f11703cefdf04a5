"""Shared set-up of the Klantinteracties API tests: clients that authenticate as Open
Klant's clients do, data made through the services, and the conformance check
against the VNG standard's OpenAPI document (read from ../shared; the running app
never needs it)."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from openapi_core import OpenAPI
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.test import APIClient

from eenloket.contacten import services as contact_services
from eenloket.contacten.api.authentication import klantinteracties_token
from eenloket.contacten.models import Klantcontact
from eenloket.core.models import ApiClient, Organisatie

SPEC = Path(__file__).resolve().parents[5] / "shared" / "reference" / "klantinteracties" / "openapi.yaml"
BASIS = "/klantinteracties/api/v1"
PROBLEM = "application/problem+json"


def _nullable_refs(spec: dict[str, Any]) -> int:
    """Rewrite ``{"allOf": [{"$ref": X}], "nullable": true}`` into X inlined with
    ``nullable: true``. drf-spectacular (which generated the standard's document) uses
    that idiom for "a reference or null", and Open Klant answers null there; but a
    strict OAS 3.0.3 validator applies ``nullable`` only to a ``type`` in the same
    schema object, so it rejects the null. This keeps the producer's intent; nothing
    else in the document is changed. Returns the number of places rewritten."""
    schemas = spec["components"]["schemas"]
    aantal = 0

    def walk(node: Any) -> Any:
        nonlocal aantal
        if isinstance(node, dict):
            all_of = node.get("allOf")
            if node.get("nullable") and isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
                doel = copy.deepcopy(schemas[all_of[0]["$ref"].rsplit("/", 1)[1]])
                rest = {k: v for k, v in node.items() if k not in ("allOf",)}
                if "type" not in doel:  # an enum or composition: keep the reference, allow null
                    doel = {"oneOf": [all_of[0]], **({"type": "string"} if "enum" in doel else {})}
                aantal += 1
                return walk({**doel, **rest})
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    spec["paths"] = walk(spec["paths"])
    spec["components"]["schemas"] = {naam: walk(s) for naam, s in schemas.items()}
    return aantal


@cache
def spec() -> OpenAPI:
    data = yaml.safe_load(SPEC.read_text())
    assert _nullable_refs(data) > 0
    return OpenAPI.from_dict(data)


def _mock_request(method: str, url: str, body: Any = None) -> MockRequest:
    delen = urlsplit(url)
    args = dict(p.split("=", 1) for p in delen.query.split("&") if p) if delen.query else {}
    return MockRequest(
        "http://testserver",
        method.lower(),
        delen.path,
        args=args,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": "Token sleutel", "Content-Type": "application/json"},
        content_type="application/json",
    )


def conform(response: Any, method: str, url: str, body: Any = None) -> Any:
    """Assert that the request was valid per the standard and that the response
    validates against it; error responses (which the standard does not declare) must
    be our RFC 9457 problem details instead. Returns the response's JSON (or None)."""
    request = _mock_request(method, url, body)
    spec().validate_request(request)
    data = response.content if response.content else b""
    mock = MockResponse(
        data, status_code=response.status_code, content_type=response.get("Content-Type", "application/json")
    )
    if response.status_code >= 400:
        try:
            spec().validate_response(request, mock)
        except ResponseNotFound:
            pass
        else:  # pragma: no cover - the standard declares no errors today
            raise AssertionError("the standard declares this error: validate it")
        assert_problem(response, response.status_code)
    else:
        spec().validate_response(request, mock)
    return response.json() if response.content else None


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    if status == 400:
        assert body["invalidParams"]
        assert all({"name", "code", "reason"} <= set(p) for p in body["invalidParams"])
    if code is not None:
        assert body["code"] == code
    return body


def namen(response: Any) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


def als_token(client: ApiClient) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {klantinteracties_token(client)}")
    return api


def contact(
    org: Organisatie, *, persoon: Any = None, bedrijf: Any = None, reactie: str = "Uitgelegd.", **extra: Any
) -> Klantcontact:
    """A registered contact made as the staff screens make it (through the service)."""
    from eenloket.core.constants import Rol
    from eenloket.core.tests.factories import medewerker

    vraag = {
        "vraag": "Wanneer wordt het grofvuil opgehaald?",
        "antwoord": reactie,
        "onderwerp_tekst": "Afval",
    }
    gemaakt, _ = contact_services.klantcontact_vastleggen(
        organisatie=org,
        kanaal="telefoon",
        by=extra.pop("by", None) or medewerker(org, Rol.KCC_MEDEWERKER, username=f"kcc-{org.code}"),
        vragen=[vraag],
        persoon=persoon,
        bedrijf=bedrijf,
        telefoonnummer=extra.pop("telefoonnummer", "0612345678"),
        **extra,
    )
    return gemaakt
