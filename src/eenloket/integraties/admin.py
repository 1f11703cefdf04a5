"""The test registers in Django's technical admin, so a beheerder of a test environment
can add a person or business to search for."""

from __future__ import annotations

from django.contrib import admin

from eenloket.integraties.models import BrpTestpersoon, KvkTestvestiging


@admin.register(BrpTestpersoon)
class BrpTestpersoonAdmin(admin.ModelAdmin[BrpTestpersoon]):
    list_display = (
        "bsn",
        "geslachtsnaam",
        "voorvoegsel",
        "voornamen",
        "geboortedatum",
        "postcode",
        "huisnummer",
    )
    list_filter = ("overleden", "geheimhouding")
    search_fields = ("=bsn", "geslachtsnaam", "=postcode")


@admin.register(KvkTestvestiging)
class KvkTestvestigingAdmin(admin.ModelAdmin[KvkTestvestiging]):
    list_display = ("kvk_nummer", "vestigingsnummer", "handelsnaam", "type", "woonplaats", "actief")
    list_filter = ("type", "actief")
    search_fields = ("=kvk_nummer", "=vestigingsnummer", "handelsnaam")
