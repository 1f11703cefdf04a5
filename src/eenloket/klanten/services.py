"""Writes on parties. Each write logs the processing and emits an event in the same
transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core.constants import VerwerkingActie
from eenloket.core.context import Actor
from eenloket.core.models import Organisatie
from eenloket.core.permissions import Actie
from eenloket.core.services import gebeurtenis_emit, verwerking_log
from eenloket.core.tenancy import vereis
from eenloket.core.validators import normalise_telefoonnummer, validate_telefoonnummer
from eenloket.klanten.constants import DigitaalAdresSoort
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Klantvlag, Persoon

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
    "voorkeurskanaal",
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


def _wijzigen(
    partij: Persoon | Bedrijf,
    *,
    toegestaan: tuple[str, ...],
    handeling: str,
    by: Actor,
    velden: dict[str, Any],
) -> None:
    """Save, log and announce only the fields that really change (none: nothing is
    written)."""
    vereis(by, Actie.KLANT_WIJZIGEN, partij.organisatie_id)
    changed = [k for k, v in velden.items() if k in toegestaan and getattr(partij, k) != v]
    if not changed:
        return
    for key in changed:
        setattr(partij, key, velden[key])
    partij.full_clean()
    partij.save(update_fields=[*changed, "updated_at"])
    _vastleggen(
        partij,
        actie=VerwerkingActie.WIJZIGEN,
        handeling=handeling,
        gebeurtenis="persoon.gewijzigd" if isinstance(partij, Persoon) else "bedrijf.gewijzigd",
        zgw_actie="partial_update",
        velden=changed,
        by=by,
    )


@transaction.atomic
def persoon_update(*, persoon: Persoon, by: Actor, **velden: Any) -> Persoon:
    """Change a person's details; only fields that really change are saved and logged."""
    _wijzigen(
        persoon, toegestaan=PERSOON_VELDEN, handeling="Persoonsgegevens gewijzigd", by=by, velden=velden
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


@transaction.atomic
def persoon_bsn_vastleggen(*, persoon: Persoon, bsn: str, by: Actor) -> Persoon:
    """Record the BSN of a person registered without one (Klantinteracties clients add
    it as a partij-identificator after creating the party). Setting the same BSN again
    is a no-op; a BSN is never changed once known, and stays unique per organisation."""
    vereis(by, Actie.KLANT_WIJZIGEN, persoon.organisatie_id)
    persoon = Persoon.objects.select_for_update(of=("self",)).select_related("organisatie").get(pk=persoon.pk)
    bsn = bsn.strip()
    if persoon.bsn == bsn:
        return persoon
    if persoon.bsn:
        raise ValidationError({"bsn": [_("Het BSN van deze persoon is al bekend en kan niet wijzigen.")]})
    if Persoon.objects.filter(organisatie_id=persoon.organisatie_id, bsn=bsn).exists():
        raise ValidationError({"bsn": [_("Deze persoon is al geregistreerd bij deze organisatie.")]})
    persoon.bsn = bsn
    persoon.full_clean()
    persoon.save(update_fields=["bsn", "updated_at"])
    _vastleggen(
        persoon,
        actie=VerwerkingActie.WIJZIGEN,
        handeling="BSN vastgelegd",
        gebeurtenis="persoon.gewijzigd",
        zgw_actie="partial_update",
        velden=["bsn"],
        by=by,
    )
    return persoon


DIGITAAL_ADRES_VELDEN = ("soort", "adres", "omschrijving")


def _digitaal_adres_vastleggen(
    adres: DigitaalAdres,
    *,
    actie: VerwerkingActie,
    handeling: str,
    gebeurtenis: str,
    zgw_actie: str,
    by: Actor,
) -> None:
    verwerking_log(
        actie=actie,
        handeling=handeling,
        activiteit="klantgegevens",
        organisatie=adres.organisatie,
        object_type="digitaal_adres",
        object_id=adres.uuid,
        bsn=adres.persoon.bsn if adres.persoon else "",
        kvk_nummer=adres.bedrijf.kvk_nummer if adres.bedrijf else "",
        actor=by,
    )
    gebeurtenis_emit(
        type=gebeurtenis,
        kanaal="klanten",
        organisatie=adres.organisatie,
        object_type="digitaleadressen",
        object_uuid=adres.uuid,
        actie=zgw_actie,
        actor=by,
    )


def _digitaal_adres_schoon(adres: DigitaalAdres) -> None:
    adres.adres = adres.adres.strip()
    if adres.soort == DigitaalAdresSoort.EMAIL:
        adres.adres = adres.adres.lower()
    elif adres.soort == DigitaalAdresSoort.TELEFOONNUMMER and adres.adres:
        adres.adres = normalise_telefoonnummer(adres.adres)
        try:
            validate_telefoonnummer(adres.adres)
        except ValidationError as exc:
            raise ValidationError({"adres": exc.messages}) from None
    if adres.soort == DigitaalAdresSoort.EMAIL:
        try:
            validate_email(adres.adres)
        except ValidationError:
            raise ValidationError({"adres": [_("Vul een geldig e-mailadres in.")]}) from None
    adres.full_clean()


@transaction.atomic
def digitaal_adres_aanmaken(
    *,
    by: Actor,
    soort: str,
    adres: str,
    persoon: Persoon | None = None,
    bedrijf: Bedrijf | None = None,
    omschrijving: str = "",
) -> DigitaalAdres:
    """Register an e-mail address or phone number of a person or business (exactly one).
    Phone numbers are stored in E.164 form and e-mail addresses in lower case, as
    ``contacten`` stores them when it remembers an address from a contact."""
    partij = persoon or bedrijf
    if partij is None or (persoon is not None and bedrijf is not None):
        raise ValidationError({"partij": [_("Kies een persoon of een onderneming.")]})
    vereis(by, Actie.KLANT_WIJZIGEN, partij.organisatie_id)
    digitaal = DigitaalAdres(
        organisatie_id=partij.organisatie_id,
        persoon=persoon,
        bedrijf=bedrijf,
        soort=soort,
        adres=adres,
        omschrijving=omschrijving.strip(),
    )
    _digitaal_adres_schoon(digitaal)
    digitaal.save()
    _digitaal_adres_vastleggen(
        digitaal,
        actie=VerwerkingActie.AANMAKEN,
        handeling="Digitaal adres aangemaakt",
        gebeurtenis="digitaal_adres.aangemaakt",
        zgw_actie="create",
        by=by,
    )
    return digitaal


@transaction.atomic
def digitaal_adres_wijzigen(*, digitaal_adres: DigitaalAdres, by: Actor, **velden: Any) -> DigitaalAdres:
    """Change kind, address or description; the party stays (delete and re-create to
    move an address to another party)."""
    vereis(by, Actie.KLANT_WIJZIGEN, digitaal_adres.organisatie_id)
    onbekend = set(velden) - set(DIGITAAL_ADRES_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    for veld, waarde in velden.items():
        setattr(digitaal_adres, veld, waarde)
    _digitaal_adres_schoon(digitaal_adres)
    digitaal_adres.save()
    _digitaal_adres_vastleggen(
        digitaal_adres,
        actie=VerwerkingActie.WIJZIGEN,
        handeling="Digitaal adres gewijzigd",
        gebeurtenis="digitaal_adres.gewijzigd",
        zgw_actie="partial_update",
        by=by,
    )
    return digitaal_adres


@transaction.atomic
def digitaal_adres_verwijderen(*, digitaal_adres: DigitaalAdres, by: Actor) -> None:
    vereis(by, Actie.KLANT_WIJZIGEN, digitaal_adres.organisatie_id)
    _digitaal_adres_vastleggen(
        digitaal_adres,
        actie=VerwerkingActie.VERWIJDEREN,
        handeling="Digitaal adres verwijderd",
        gebeurtenis="digitaal_adres.verwijderd",
        zgw_actie="destroy",
        by=by,
    )
    digitaal_adres.delete()


def _vlag_vereist(soort: str) -> Actie:
    from eenloket.klanten.constants import VlagSoort

    return Actie.KLANT_GEVOELIGE_KENMERKEN if soort in VlagSoort.gevoelig() else Actie.KLANT_WIJZIGEN


@transaction.atomic
def klantvlag_toevoegen(
    *,
    partij: Persoon | Bedrijf,
    soort: str,
    by: Actor,
    toelichting: str = "",
    einddatum: datetime.date | None = None,
) -> Klantvlag:
    """Record something staff must know (e.g. "only in writing"); a registration of
    unwanted behaviour needs ``klant.gevoelige_kenmerken`` and should have an end date."""
    from django.utils import timezone

    vereis(by, _vlag_vereist(soort), partij.organisatie_id)
    vandaag = timezone.localdate()
    if einddatum is not None and einddatum < vandaag:
        raise ValidationError({"einddatum": [_("De einddatum ligt in het verleden.")]})
    vlag = Klantvlag(
        organisatie=partij.organisatie,
        persoon=partij if isinstance(partij, Persoon) else None,
        bedrijf=partij if isinstance(partij, Bedrijf) else None,
        soort=soort,
        toelichting=toelichting.strip(),
        begindatum=vandaag,
        einddatum=einddatum,
        aangemaakt_door=getattr(by, "naam", "") or str(getattr(by, "id", "")),
    )
    vlag.full_clean()
    vlag.save()
    _vastleggen(
        partij,
        actie=VerwerkingActie.AANMAKEN,
        handeling="Klantkenmerk vastgelegd",
        gebeurtenis="klantkenmerk.aangemaakt",
        zgw_actie="create",
        velden=[soort],
        by=by,
    )
    return vlag


@transaction.atomic
def klantvlag_beeindigen(*, vlag: Klantvlag, by: Actor) -> Klantvlag:
    """End a flag today (it stays in the history; it no longer shows)."""
    from django.utils import timezone

    vereis(by, _vlag_vereist(vlag.soort), vlag.organisatie_id)
    # ends yesterday, so it no longer shows today (for a flag set today: withdrawn)
    vlag.einddatum = timezone.localdate() - datetime.timedelta(days=1)
    vlag.save(update_fields=["einddatum", "updated_at"])
    partij = vlag.persoon or vlag.bedrijf
    assert partij is not None
    _vastleggen(
        partij,
        actie=VerwerkingActie.WIJZIGEN,
        handeling="Klantkenmerk beëindigd",
        gebeurtenis="klantkenmerk.beeindigd",
        zgw_actie="partial_update",
        velden=[vlag.soort],
        by=by,
    )
    return vlag


@transaction.atomic
def bedrijf_update(
    *, bedrijf: Bedrijf, by: Actor, handeling: str = "Ondernemingsgegevens gewijzigd", **velden: Any
) -> Bedrijf:
    """Change a business's details; only fields that really change are saved and logged."""
    _wijzigen(bedrijf, toegestaan=BEDRIJF_VELDEN, handeling=handeling, by=by, velden=velden)
    return bedrijf
