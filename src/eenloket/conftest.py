"""Shared test set-up: fast hashing, the actor context, and factories' fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings

from eenloket.core.context import Actor, acting_as


def pytest_configure(config: pytest.Config) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (EENLOKET_DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _proces_actor() -> Iterator[None]:
    """Tests that call services outside a request act as a named process."""
    with acting_as(Actor.proces("test")):
        yield


@pytest.fixture
def eikendal(db):  # type: ignore[no-untyped-def]
    from eenloket.core.tests.factories import OrganisatieFactory

    return OrganisatieFactory(code="eikendal", naam="Gemeente Eikendal")


@pytest.fixture
def lindewaard(db):  # type: ignore[no-untyped-def]
    from eenloket.core.tests.factories import OrganisatieFactory

    return OrganisatieFactory(code="lindewaard", naam="Gemeente Lindewaard")
