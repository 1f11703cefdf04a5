from __future__ import annotations

from functools import cache

import factory

from eenloket.core.tests.factories import OrganisatieFactory
from eenloket.klanten.models import Bedrijf, Persoon

_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2)


@cache
def geldig_bsn(n: int) -> str:
    """The n-th (0-based) BSN from 100000000 upwards that passes the elfproef."""
    gevonden = -1
    basis = 10_000_000
    while True:
        cijfers = f"{basis:08d}"
        controle = sum(int(c) * w for c, w in zip(cijfers, _GEWICHTEN, strict=True)) % 11
        if controle < 10:
            gevonden += 1
            if gevonden == n:
                return cijfers + str(controle)
        basis += 1


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persoon

    organisatie = factory.SubFactory(OrganisatieFactory)
    bsn = factory.Sequence(lambda n: geldig_bsn(n + 1000))
    voornamen = "Jan Pieter"
    geslachtsnaam = factory.Sequence(lambda n: f"Jansen{n}")


class BedrijfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bedrijf

    organisatie = factory.SubFactory(OrganisatieFactory)
    kvk_nummer = factory.Sequence(lambda n: f"{20_000_000 + n}")
    handelsnaam = factory.Sequence(lambda n: f"Bakkerij {n} B.V.")
