"""Reads on parties, tenant-scoped. Reading one person's details writes the
processing log (``persoon_get``)."""

from __future__ import annotations

from django.db.models import QuerySet

from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.permissions import Actie
from eenloket.core.services import verwerking_log
from eenloket.core.tenancy import get_scoped, scope
from eenloket.klanten.models import Bedrijf, Persoon


def personen_voor(actor: Actor) -> QuerySet[Persoon]:
    return scope(Persoon.objects.all(), actor, Actie.KLANT_BEKIJKEN).select_related("organisatie")


def bedrijven_voor(actor: Actor) -> QuerySet[Bedrijf]:
    return scope(Bedrijf.objects.all(), actor, Actie.KLANT_BEKIJKEN).select_related("organisatie")


def persoon_get(actor: Actor, *, uuid: str, handeling: str = "Persoonsgegevens ingezien") -> Persoon:
    """One person the actor may see (404 otherwise); the read is logged."""
    persoon = get_scoped(
        Persoon.objects.select_related("organisatie"), actor, Actie.KLANT_BEKIJKEN, uuid=uuid
    )
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling=handeling,
        activiteit="klantgegevens",
        organisatie=persoon.organisatie,
        object_type="persoon",
        object_id=persoon.uuid,
        bsn=persoon.bsn,
        actor=actor,
    )
    return persoon


def bedrijf_get(actor: Actor, *, uuid: str) -> Bedrijf:
    bedrijf = get_scoped(
        Bedrijf.objects.select_related("organisatie"), actor, Actie.KLANT_BEKIJKEN, uuid=uuid
    )
    verwerking_log(
        actie=VerwerkingActie.LEZEN,
        handeling="Ondernemingsgegevens ingezien",
        activiteit="klantgegevens",
        organisatie=bedrijf.organisatie,
        object_type="bedrijf",
        object_id=bedrijf.uuid,
        kvk_nummer=bedrijf.kvk_nummer,
        actor=actor,
    )
    return bedrijf
