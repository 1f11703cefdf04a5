from __future__ import annotations

import datetime

import factory

from eenloket.integraties.models import BrpTestpersoon, KvkTestvestiging, VestigingType
from eenloket.klanten.tests.factories import geldig_bsn


class BrpTestpersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrpTestpersoon

    bsn = factory.Sequence(lambda n: geldig_bsn(n + 5000))
    voornamen = "Jan Pieter"
    geslachtsnaam = factory.Sequence(lambda n: f"Testpersoon{n}")
    geboortedatum = datetime.date(1980, 1, 2)
    geslacht = "M"
    straat = "Dorpsstraat"
    huisnummer = factory.Sequence(lambda n: n + 1)
    postcode = "5531AB"
    woonplaats = "Eikendal"

    class Params:
        overleden_persoon = factory.Trait(overleden=True)


class KvkTestvestigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KvkTestvestiging

    kvk_nummer = factory.Sequence(lambda n: f"{30_000_000 + n}")
    vestigingsnummer = factory.Sequence(lambda n: f"{n + 1:012d}")
    handelsnaam = factory.Sequence(lambda n: f"Bakkerij Testvestiging {n}")
    rechtsvorm = "Eenmanszaak"
    type = VestigingType.HOOFDVESTIGING
    straat = "Markt"
    huisnummer = 1
    postcode = "5531AB"
    woonplaats = "Eikendal"
    activiteit = "Bakkerij"
