"""Writes on parties. Each write logs the processing and emits an event in the same
transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie
from eenloket.core.permissions import Actie
from eenloket.core.services import gebeurtenis_emit, verwerking_log
from eenloket.core.tenancy import vereis
from eenloket.klanten.models import Bedrijf, Persoon

PERSOON_VELDEN = (
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
    "telefoonnummer",
    "email",
)
BEDRIJF_VELDEN = (
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
    "telefoonnummer",
    "email",
)


@transaction.atomic
def persoon_create(*, organisatie: Organisatie, bsn: str, by: Actor, **velden: Any) -> Persoon:
    """Register a person. Caller validated the input (forms/serializers use the same
    validators as the model); ``full_clean`` guards the invariants again."""
    vereis(by, Actie.KLANT_WIJZIGEN, organisatie)
    persoon = Persoon(
        organisatie=organisatie, bsn=bsn, **{k: v for k, v in velden.items() if k in PERSOON_VELDEN}
    )
    persoon.full_clean()
    persoon.save()
    verwerking_log(
        actie=VerwerkingActie.AANMAKEN,
        handeling="Persoon geregistreerd",
        activiteit="klantgegevens",
        organisatie=organisatie,
        object_type="persoon",
        object_id=persoon.uuid,
        bsn=bsn,
        actor=by,
    )
    gebeurtenis_emit(
        type="persoon.aangemaakt",
        kanaal="klanten",
        organisatie=organisatie,
        object_type="personen",
        object_uuid=persoon.uuid,
        actie="create",
        actor=by,
    )
    return persoon


@transaction.atomic
def persoon_update(*, persoon: Persoon, by: Actor, **velden: Any) -> Persoon:
    vereis(by, Actie.KLANT_WIJZIGEN, persoon.organisatie_id)
    changed = [k for k, v in velden.items() if k in PERSOON_VELDEN and getattr(persoon, k) != v]
    for key in changed:
        setattr(persoon, key, velden[key])
    if not changed:
        return persoon
    persoon.full_clean()
    persoon.save(update_fields=[*changed, "updated_at"])
    verwerking_log(
        actie=VerwerkingActie.WIJZIGEN,
        handeling="Persoonsgegevens gewijzigd",
        activiteit="klantgegevens",
        organisatie=persoon.organisatie,
        object_type="persoon",
        object_id=persoon.uuid,
        bsn=persoon.bsn,
        toelichting=", ".join(changed),
        actor=by,
    )
    gebeurtenis_emit(
        type="persoon.gewijzigd",
        kanaal="klanten",
        organisatie=persoon.organisatie,
        object_type="personen",
        object_uuid=persoon.uuid,
        actie="partial_update",
        kenmerken={"velden": ",".join(changed)},
        actor=by,
    )
    return persoon


@transaction.atomic
def bedrijf_create(*, organisatie: Organisatie, kvk_nummer: str, by: Actor, **velden: Any) -> Bedrijf:
    vereis(by, Actie.KLANT_WIJZIGEN, organisatie)
    bedrijf = Bedrijf(
        organisatie=organisatie,
        kvk_nummer=kvk_nummer,
        **{k: v for k, v in velden.items() if k in BEDRIJF_VELDEN},
    )
    bedrijf.full_clean()
    bedrijf.save()
    verwerking_log(
        actie=VerwerkingActie.AANMAKEN,
        handeling="Onderneming geregistreerd",
        activiteit="klantgegevens",
        organisatie=organisatie,
        object_type="bedrijf",
        object_id=bedrijf.uuid,
        kvk_nummer=kvk_nummer,
        actor=by,
    )
    gebeurtenis_emit(
        type="bedrijf.aangemaakt",
        kanaal="klanten",
        organisatie=organisatie,
        object_type="bedrijven",
        object_uuid=bedrijf.uuid,
        actie="create",
        actor=by,
    )
    return bedrijf
