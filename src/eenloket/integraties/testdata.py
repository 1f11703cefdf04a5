"""Fill the test registers from the demo's residents and businesses, so the KCC finds
the demo's people in the (test) BRP and its businesses in the (test) KvK.

The registers are national, the demo's parties belong to a municipality: a person known
to two municipalities is one person in the BRP. Idempotent: rows already in a register
are left alone, so running the demo loader again adds only what is new.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.db import transaction

from eenloket.integraties.brp import compacte_postcode
from eenloket.integraties.models import BrpTestpersoon, KvkTestvestiging, VestigingType

# The demo writes "X" for the passport's unspecified sex; the BRP records it as "O".
_GESLACHT: Final = {"M": "M", "V": "V", "X": "O", "O": "O"}
# About one person in a hundred asked for geheimhouding, so the KCC screen shows the flag.
_GEHEIMHOUDING_MODULUS: Final = 97
_BATCH: Final = 2000


@transaction.atomic
def registers_vullen(*, log: Callable[[str], None]) -> tuple[int, int]:
    """Copy every ``klanten.Persoon`` with a BSN into the test BRP and every
    ``klanten.Bedrijf`` into the test KvK, skipping BSNs and (KvK-nummer,
    vestigingsnummer) pairs already there. Returns the numbers of persons and
    registrations added; ``log`` gets one line when anything was added. Meant for the demo
    loader and test environments: it reads the parties of all organisations, without
    tenant scoping.
    """
    # The one place where integraties reads a party: demo support, not a domain dependency.
    from eenloket.klanten.models import Bedrijf, Persoon

    bekend = set(BrpTestpersoon.objects.values_list("bsn", flat=True))
    personen: list[BrpTestpersoon] = []
    for rij in (
        Persoon.objects.order_by("id")
        .values(
            "bsn",
            "voornamen",
            "voorvoegsel",
            "geslachtsnaam",
            "geboortedatum",
            "geslacht",
            "straat",
            "huisnummer",
            "huisletter",
            "huisnummertoevoeging",
            "postcode",
            "woonplaats",
        )
        .iterator(chunk_size=_BATCH)
    ):
        if not rij["bsn"] or rij["bsn"] in bekend:  # a party may be known without BSN
            continue
        bekend.add(rij["bsn"])
        personen.append(
            BrpTestpersoon(
                **{
                    **rij,
                    "voorvoegsel": rij["voorvoegsel"][:10],
                    "geslacht": _GESLACHT.get(rij["geslacht"], ""),
                    "postcode": compacte_postcode(rij["postcode"]),
                },
                geheimhouding=int(rij["bsn"]) % _GEHEIMHOUDING_MODULUS == 0,
            )
        )
    BrpTestpersoon.objects.bulk_create(personen, batch_size=_BATCH)

    bekende_vestigingen = set(KvkTestvestiging.objects.values_list("kvk_nummer", "vestigingsnummer"))
    vestigingen: list[KvkTestvestiging] = []
    for rij in (
        Bedrijf.objects.order_by("id")
        .values(
            "kvk_nummer",
            "vestigingsnummer",
            "handelsnaam",
            "rechtsvorm",
            "activiteit",
            "straat",
            "huisnummer",
            "huisletter",
            "huisnummertoevoeging",
            "postcode",
            "woonplaats",
        )
        .iterator(chunk_size=_BATCH)
    ):
        sleutel = (rij["kvk_nummer"], rij["vestigingsnummer"])
        if not rij["kvk_nummer"] or sleutel in bekende_vestigingen:
            continue
        bekende_vestigingen.add(sleutel)
        vestigingen.append(
            KvkTestvestiging(
                **{**rij, "postcode": compacte_postcode(rij["postcode"])},
                type=VestigingType.HOOFDVESTIGING if rij["vestigingsnummer"] else VestigingType.RECHTSPERSOON,
            )
        )
    KvkTestvestiging.objects.bulk_create(vestigingen, batch_size=_BATCH)
    if personen or vestigingen:
        log(f"Testregisters: {len(personen)} personen in de BRP, {len(vestigingen)} vestigingen in de KvK.")
    return len(personen), len(vestigingen)
