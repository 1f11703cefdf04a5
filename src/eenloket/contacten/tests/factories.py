"""Factories for the contact centre's models."""

from __future__ import annotations

import factory

from eenloket.contacten.models import Kanaal, Klantcontact
from eenloket.core.tests.factories import OrganisatieFactory


def kanaal(organisatie, code: str = "telefoon") -> Kanaal:  # type: ignore[no-untyped-def]
    """The organisation's channel (every organisation gets the default channels)."""
    return Kanaal.objects.get(organisatie=organisatie, code=code)


class KlantcontactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Klantcontact

    organisatie = factory.SubFactory(OrganisatieFactory)
    kanaal = factory.LazyAttribute(lambda o: kanaal(o.organisatie))
    status = "geregistreerd"
