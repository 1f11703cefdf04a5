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

# The writable fields of a party, shared by the services and the API serializers.
ADRES_VELDEN = (
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "telefoonnummer",
    "email",
)
PERSOON_VELDEN = ("voornamen", "voorvoegsel", "geslachtsnaam", "geboortedatum", "geslacht", *ADRES_VELDEN)
BEDRIJF_VELDEN = ("vestigingsnummer", "handelsnaam", "rechtsvorm", "activiteit", *ADRES_VELDEN)


def _vastleggen(
    partij: Persoon | Bedrijf,
    *,
    actie: VerwerkingActie,
    handeling: str,
    gebeurtenis: str,
    zgw_actie: str,
    by: Actor,
    velden: list[str] | None = None,
) -> None:
    """The processing-log row and the domain event of one write on a party, in the
    caller's transaction."""
    is_persoon = isinstance(partij, Persoon)
    verwerking_log(
        actie=actie,
        handeling=handeling,
        activiteit="klantgegevens",
        organisatie=partij.organisatie,
        object_type="persoon" if is_persoon else "bedrijf",
        object_id=partij.uuid,
        bsn=partij.bsn if isinstance(partij, Persoon) else "",
        kvk_nummer=partij.kvk_nummer if isinstance(partij, Bedrijf) else "",
        toelichting=", ".join(velden or []),
        actor=by,
    )
    gebeurtenis_emit(
        type=gebeurtenis,
        kanaal="klanten",
        organisatie=partij.organisatie,
        object_type="personen" if is_persoon else "bedrijven",
        object_uuid=partij.uuid,
        actie=zgw_actie,
        kenmerken={"velden": ",".join(velden)} if velden else None,
        actor=by,
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
    _vastleggen(
        persoon,
        actie=VerwerkingActie.AANMAKEN,
        handeling="Persoon geregistreerd",
        gebeurtenis="persoon.aangemaakt",
        zgw_actie="create",
        by=by,
    )
    return persoon


@transaction.atomic
def persoon_update(*, persoon: Persoon, by: Actor, **velden: Any) -> Persoon:
    """Change a person's details; only fields that really change are saved and logged."""
    vereis(by, Actie.KLANT_WIJZIGEN, persoon.organisatie_id)
    changed = [k for k, v in velden.items() if k in PERSOON_VELDEN and getattr(persoon, k) != v]
    for key in changed:
        setattr(persoon, key, velden[key])
    if not changed:
        return persoon
    persoon.full_clean()
    persoon.save(update_fields=[*changed, "updated_at"])
    _vastleggen(
        persoon,
        actie=VerwerkingActie.WIJZIGEN,
        handeling="Persoonsgegevens gewijzigd",
        gebeurtenis="persoon.gewijzigd",
        zgw_actie="partial_update",
        velden=changed,
        by=by,
    )
    return persoon


@transaction.atomic
def bedrijf_create(*, organisatie: Organisatie, kvk_nummer: str, by: Actor, **velden: Any) -> Bedrijf:
    """Register a business establishment."""
    vereis(by, Actie.KLANT_WIJZIGEN, organisatie)
    bedrijf = Bedrijf(
        organisatie=organisatie,
        kvk_nummer=kvk_nummer,
        **{k: v for k, v in velden.items() if k in BEDRIJF_VELDEN},
    )
    bedrijf.full_clean()
    bedrijf.save()
    _vastleggen(
        bedrijf,
        actie=VerwerkingActie.AANMAKEN,
        handeling="Onderneming geregistreerd",
        gebeurtenis="bedrijf.aangemaakt",
        zgw_actie="create",
        by=by,
    )
    return bedrijf
