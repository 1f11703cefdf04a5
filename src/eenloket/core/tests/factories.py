from __future__ import annotations

import datetime
from typing import Any

import factory

from eenloket.core.constants import Rol
from eenloket.core.models import (
    Abonnement,
    ApiClient,
    Bericht,
    Onderwerp,
    Organisatie,
    Roltoewijzing,
    Sluitingsdag,
    Team,
    User,
)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org{n}")
    naam = factory.LazyAttribute(lambda o: f"Gemeente {o.code.title()}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord")

    @factory.post_generation
    def rollen(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``UserFactory(rollen=[(org, Rol.KCC_MEDEWERKER), ...])``."""
        if create and extracted:
            for org, rol in extracted:
                Roltoewijzing.objects.get_or_create(user=self, organisatie=org, rol=rol)
        if create:
            self.save()


def medewerker(org: Organisatie, rol: Rol, **kwargs: Any) -> User:
    return UserFactory(rollen=[(org, rol)], **kwargs)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Team {n}")


class ApiClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiClient
        django_get_or_create = ("client_id",)
        skip_postgeneration_save = True

    client_id = factory.Sequence(lambda n: f"client{n}")
    secret = "een-lang-geheim-voor-tests-0123456789"
    naam = factory.LazyAttribute(lambda o: o.client_id)

    @factory.post_generation
    def organisaties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.organisaties.set(extracted)


class OnderwerpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Onderwerp

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Onderwerp {n}")


class SluitingsdagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sluitingsdag

    organisatie = factory.SubFactory(OrganisatieFactory)
    datum = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    omschrijving = "Gemeentehuis gesloten"


class AbonnementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Abonnement

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Abonnement {n}")
    callback_url = "http://127.0.0.1:9/webhook"
    autorisatie = "Token geheim-abonnement"


class BerichtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bericht

    organisatie = factory.SubFactory(OrganisatieFactory)
    aan = factory.Sequence(lambda n: f"inwoner{n}@example.nl")
    onderwerp = factory.Sequence(lambda n: f"Bericht {n}")
    tekst = "Uw aanvraag is ontvangen."
