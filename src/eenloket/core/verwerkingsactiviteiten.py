"""The register of processing activities (AVG article 30). Every processing-log row names
one of these; its purpose, legal basis and retention come from here, so a service only
says *which* activity it performs. Areas register their own activities at import time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verwerkingsactiviteit:
    code: str
    naam: str
    doel: str
    grondslag: str
    bewaartermijn: str  # ISO 8601 duration, e.g. "P10Y"


REGISTER: dict[str, Verwerkingsactiviteit] = {}


def registreer(
    code: str, *, naam: str, doel: str, grondslag: str, bewaartermijn: str
) -> Verwerkingsactiviteit:
    activiteit = Verwerkingsactiviteit(code, naam, doel, grondslag, bewaartermijn)
    existing = REGISTER.get(code)
    if existing is not None and existing != activiteit:
        raise ValueError(f"Verwerkingsactiviteit {code!r} is al anders geregistreerd.")
    REGISTER[code] = activiteit
    return activiteit


def get(code: str) -> Verwerkingsactiviteit:
    try:
        return REGISTER[code]
    except KeyError:
        raise LookupError(f"Onbekende verwerkingsactiviteit {code!r}; registreer haar eerst.") from None


KLANTGEGEVENS = registreer(
    "klantgegevens",
    naam="Klantgegevens beheren",
    doel="Inwoners en ondernemers herkennen en hun contactgegevens bijhouden voor de dienstverlening",
    grondslag="AVG art. 6 lid 1 sub e (taak van algemeen belang); Gemeentewet art. 160",
    bewaartermijn="P2Y",
)
VERWERKINGENLOG_INZAGE = registreer(
    "verwerkingenlog_inzage",
    naam="Verwerkingenlog inzien",
    doel="Toezicht op rechtmatige verwerking en beantwoorden van inzageverzoeken (AVG art. 15)",
    grondslag="AVG art. 6 lid 1 sub c (wettelijke verplichting); AVG art. 5 lid 2 en art. 15",
    bewaartermijn="P20Y",
)
DEMO = registreer(
    "demo",
    naam="Demonstratiegegevens",
    doel="Fictieve gegevens voor demonstratie en prestatietests",
    grondslag="Geen persoonsgegevens van echte personen",
    bewaartermijn="P1Y",
)
