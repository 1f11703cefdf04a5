"""Load the demo: two fictional municipalities sharing one contact centre, a chain
partner, teams with subjects from the national product list (UPL), staff for every role,
a demo API client, closing days, and residents and businesses with realistic Dutch data.

Idempotent: running it again updates the fixed parts and does not duplicate people.
Later areas add their own history (contacts, zaken, ...) through ``HISTORIE``.
"""

from __future__ import annotations

import csv
import datetime
import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from eenloket.core.constants import OrganisatieSoort, Rol, TeamSoort, VerwerkingActie
from eenloket.core.models import (
    ApiClient,
    Onderwerp,
    Organisatie,
    Roltoewijzing,
    Sluitingsdag,
    Team,
    User,
    Verwerking,
)
from eenloket.core.verwerkingsactiviteiten import KLANTGEGEVENS
from eenloket.demo import generators as gen
from eenloket.integraties.testdata import registers_vullen
from eenloket.klanten.models import Bedrijf, Persoon
from eenloket.klanten.services import BEDRIJF_VELDEN, PERSOON_VELDEN

DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "demo"  # noqa: S105 (documented demo login, embedded mode only)
DEMO_CLIENT_SECRET = "demo-secret"  # noqa: S105

SIZES: dict[str, dict[str, int]] = {
    # residents and businesses per municipality, staff per team, history in years
    "small": {"eikendal": 600, "lindewaard": 400, "bedrijven": 40, "extra_staff": 2, "jaren": 1},
    "medium": {"eikendal": 8000, "lindewaard": 5000, "bedrijven": 600, "extra_staff": 4, "jaren": 2},
    "large": {"eikendal": 50000, "lindewaard": 20000, "bedrijven": 5000, "extra_staff": 6, "jaren": 5},
}

GEMEENTEN = {
    "eikendal": {
        "naam": "Gemeente Eikendal",
        "telefoonnummer": "0499 123 400",
        "email": "info@eikendal.example",
    },
    "lindewaard": {
        "naam": "Gemeente Lindewaard",
        "telefoonnummer": "0497 550 500",
        "email": "info@lindewaard.example",
    },
}
KETENPARTNER = {
    "code": "groenkring",
    "naam": "Afvalbedrijf Groenkring",
    "email": "klantenservice@groenkring.example",
}

# team -> (kind, subjects as exact UPL names)
TEAMS: dict[str, tuple[str, list[str]]] = {
    "Klantcontactcentrum": (TeamSoort.KCC, []),
    "Burgerzaken": (
        TeamSoort.PRODUCTGROEP,
        ["paspoort", "identiteitskaart", "rijbewijs", "verhuismelding", "brp-uittreksel", "huwelijk"],
    ),
    "Vergunningen": (
        TeamSoort.PRODUCTGROEP,
        ["omgevingsvergunning", "evenementenvergunning", "parkeervergunning", "standplaatsvergunning"],
    ),
    "Sociaal domein": (
        TeamSoort.AFDELING,
        ["wmo-voorziening", "bijzonderebijstandsuitkering", "schuldhulpverlening"],
    ),
    "Belastingen": (
        TeamSoort.AFDELING,
        ["woz-beschikking", "afvalstoffenheffing", "belastingkwijtschelding"],
    ),
    "Openbare ruimte": (
        TeamSoort.BUITENDIENST,
        [
            "melding openbare ruimte (algemeen)",
            "melding openbare ruimte (straatverlichting)",
            "afvalinzameling grofvuil",
        ],
    ),
}

# username -> (first name, last name, function, {org: [roles]}, team name)
DEMO_STAFF: dict[str, tuple[str, str, str, dict[str, list[str]], str]] = {
    "kcc": (
        "Karin",
        "Claassen",
        "KCC-medewerker",
        {"eikendal": [Rol.KCC_MEDEWERKER], "lindewaard": [Rol.KCC_MEDEWERKER]},
        "Klantcontactcentrum",
    ),
    "behandelaar": (
        "Bram",
        "Hendriks",
        "Vergunningverlener",
        {"eikendal": [Rol.BEHANDELAAR]},
        "Vergunningen",
    ),
    "teamleider": (
        "Tessa",
        "Lambregts",
        "Teamleider Vergunningen",
        {"eikendal": [Rol.TEAMLEIDER]},
        "Vergunningen",
    ),
    "buitendienst": (
        "Bas",
        "Uijtdewilligen",
        "Medewerker buitendienst",
        {"eikendal": [Rol.BUITENDIENST]},
        "Openbare ruimte",
    ),
    "beheerder": (
        "Femke",
        "Bosman",
        "Functioneel beheerder",
        {"eikendal": [Rol.FUNCTIONEEL_BEHEERDER], "lindewaard": [Rol.FUNCTIONEEL_BEHEERDER]},
        "",
    ),
    "privacy": (
        "Pieter",
        "Vermeulen",
        "Functionaris gegevensbescherming",
        {"eikendal": [Rol.PRIVACY_OFFICER], "lindewaard": [Rol.PRIVACY_OFFICER]},
        "",
    ),
}

TEAM_ROLE: dict[str, Rol] = {
    TeamSoort.KCC: Rol.KCC_MEDEWERKER,
    TeamSoort.PRODUCTGROEP: Rol.BEHANDELAAR,
    TeamSoort.AFDELING: Rol.BEHANDELAAR,
    TeamSoort.BUITENDIENST: Rol.BUITENDIENST,
}


@dataclass
class DemoContext:
    """Handed to history generators of later areas."""

    size: str
    rng: random.Random
    organisaties: dict[str, Organisatie]
    teams: dict[tuple[str, str], Team]
    staff: dict[str, User]
    jaren: int
    log: Callable[[str], None]
    extra: dict[str, Any] = field(default_factory=dict)


HISTORIE: list[Callable[[DemoContext], None]] = []


def upl_rows() -> dict[str, dict[str, str]]:
    with (DATA / "upl.csv").open(encoding="utf-8") as handle:
        return {row["UniformeProductnaam"]: row for row in csv.DictReader(handle)}


def load(size: str = "small", *, seed: int = 2026, log: Callable[[str], None] = print) -> DemoContext:
    if size not in SIZES:
        raise ValueError(f"--size: kies small, medium of large, niet {size!r}")
    started = time.perf_counter()
    spec = SIZES[size]
    rng = random.Random(seed)
    with transaction.atomic():
        organisaties = _organisaties()
        teams = _teams(organisaties)
        staff = _staff(organisaties, teams, rng, spec["extra_staff"])
        _api_client(organisaties)
        _sluitingsdagen(organisaties)
    log(f"Organisaties, teams, {len(staff)} medewerkers en de API-client staan klaar.")
    for code, profiel in gen.PROFIELEN.items():
        org = organisaties[code]
        if Persoon.objects.filter(organisatie=org).exists():
            log(f"{org.naam}: inwoners al geladen, overgeslagen.")
            continue
        _inwoners(org, profiel, rng, spec[code], spec["bedrijven"] * spec[code] // spec["eikendal"], log)
    registers_vullen(log=log)
    context = DemoContext(size, rng, organisaties, teams, staff, spec["jaren"], log)
    if not Verwerking.objects.filter(actor_soort="demo").exists():
        _verwerkingen_historie(context)
    # Areas register their history in <area>/demo.py (the demo imports none of them).
    autodiscover_modules("demo")
    for generator in HISTORIE:
        generator(context)
    log(f"Demo ({size}) geladen in {time.perf_counter() - started:.1f} s.")
    return context


def _organisaties() -> dict[str, Organisatie]:
    result = {}
    for code, data in GEMEENTEN.items():
        profiel = gen.PROFIELEN[code]
        org, _ = Organisatie.objects.update_or_create(
            code=code,
            defaults={
                **data,
                "soort": OrganisatieSoort.GEMEENTE,
                "gemeentecode": profiel.gemeentecode,
                "website": f"https://www.{code}.example",
            },
        )
        result[code] = org
    partner, _ = Organisatie.objects.update_or_create(
        code=KETENPARTNER["code"],
        defaults={
            "naam": KETENPARTNER["naam"],
            "email": KETENPARTNER["email"],
            "soort": OrganisatieSoort.KETENPARTNER,
        },
    )
    result[partner.code] = partner
    return result


def _teams(organisaties: dict[str, Organisatie]) -> dict[tuple[str, str], Team]:
    upl = upl_rows()
    result = {}
    for code in GEMEENTEN:
        org = organisaties[code]
        for naam, (soort, onderwerpen) in TEAMS.items():
            team, _ = Team.objects.update_or_create(
                organisatie=org,
                naam=naam,
                defaults={"soort": soort, "email": f"{naam.lower().replace(' ', '-')}@{code}.example"},
            )
            rows = []
            for onderwerp_naam in onderwerpen:
                row = upl.get(onderwerp_naam)
                onderwerp, _ = Onderwerp.objects.update_or_create(
                    organisatie=org,
                    naam=onderwerp_naam[0].upper() + onderwerp_naam[1:],
                    defaults={
                        "upl_naam": row["UniformeProductnaam"] if row else "",
                        "upl_uri": row["URI"] if row else "",
                    },
                )
                rows.append(onderwerp)
            team.onderwerpen.set(rows)
            result[(code, naam)] = team
    partner = organisaties[KETENPARTNER["code"]]
    team, _ = Team.objects.update_or_create(
        organisatie=partner, naam="Klantenservice afval", defaults={"soort": TeamSoort.KCC}
    )
    result[(partner.code, team.naam)] = team
    return result


def _user(username: str, first: str, last: str, functie: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "functie": functie,
            "email": f"{username}@eenloket.example",
        },
    )
    if created:
        user.password = _demo_hash()
        user.save(update_fields=["password"])
    return user


@functools.cache
def _demo_hash() -> str:
    """Hash the demo password once: the hasher is slow on purpose, and thirty demo
    accounts sharing one salted hash is harmless for a demo."""
    return make_password(DEMO_PASSWORD)


def _staff(
    organisaties: dict[str, Organisatie], teams: dict[tuple[str, str], Team], rng: random.Random, extra: int
) -> dict[str, User]:
    staff = {}
    for username, (first, last, functie, rollen, team_naam) in DEMO_STAFF.items():
        user = _user(username, first, last, functie)
        for code, lijst in rollen.items():
            for rol in lijst:
                Roltoewijzing.objects.get_or_create(user=user, organisatie=organisaties[code], rol=rol)
            if team_naam:
                teams[(code, team_naam)].leden.add(user)
        staff[username] = user
    # colleagues, so teams, reachability and backups look real
    for code in GEMEENTEN:
        for naam, (soort, _) in TEAMS.items():
            team = teams[(code, naam)]
            leden = []
            for i in range(extra):
                voornaam, _, achternaam = gen.medewerker_naam(rng).partition(" ")
                username = f"{code[:3]}-{naam.split()[0].lower()[:6]}-{i + 1}"
                user = _user(username, voornaam, achternaam, str(team.get_soort_display()))
                Roltoewijzing.objects.get_or_create(
                    user=user, organisatie=team.organisatie, rol=TEAM_ROLE[soort]
                )
                team.leden.add(user)
                leden.append(user)
                staff[username] = user
            if len(leden) >= 2:
                afwezig = leden[-1]
                afwezig.aanwezig = False
                afwezig.afwezig_tot = timezone.localdate() + datetime.timedelta(days=7)
                afwezig.vervanger = leden[0]
                afwezig.save(update_fields=["aanwezig", "afwezig_tot", "vervanger"])
    return staff


def _api_client(organisaties: dict[str, Organisatie]) -> None:
    client, _ = ApiClient.objects.update_or_create(
        client_id="demo",
        defaults={"secret": DEMO_CLIENT_SECRET, "naam": "Demo-systeemclient", "actief": True},
    )
    client.organisaties.set([organisaties["eikendal"], organisaties["lindewaard"]])


def _sluitingsdagen(organisaties: dict[str, Organisatie]) -> None:
    dagen = [
        (datetime.date(2026, 5, 15), "Dag na Hemelvaartsdag"),
        (datetime.date(2027, 5, 7), "Dag na Hemelvaartsdag"),
    ]
    for code in GEMEENTEN:
        for datum, omschrijving in dagen:
            Sluitingsdag.objects.update_or_create(
                organisatie=organisaties[code], datum=datum, defaults={"omschrijving": omschrijving}
            )
    for day in (28, 29, 30, 31):
        Sluitingsdag.objects.update_or_create(
            organisatie=organisaties["eikendal"],
            datum=datetime.date(2026, 12, day),
            defaults={"omschrijving": "Kerstsluiting"},
        )


def _inwoners(
    org: Organisatie,
    profiel: gen.GemeenteProfiel,
    rng: random.Random,
    n: int,
    n_bedrijven: int,
    log: Callable[[str], None],
) -> None:
    personen = gen.inwoners(rng, profiel, n)
    Persoon.objects.bulk_create(
        [
            Persoon(organisatie=org, bsn=p.bsn, **{veld: getattr(p, veld, "") for veld in PERSOON_VELDEN})
            for p in personen
        ],
        batch_size=2000,
    )
    bedrijven = gen.bedrijven(rng, profiel, max(n_bedrijven, 5))
    Bedrijf.objects.bulk_create(
        [
            Bedrijf(
                organisatie=org,
                kvk_nummer=b.kvk_nummer,
                **{veld: getattr(b, veld, "") for veld in BEDRIJF_VELDEN},
            )
            for b in bedrijven
        ],
        batch_size=2000,
    )
    log(f"{org.naam}: {len(personen)} inwoners en {len(bedrijven)} ondernemingen.")


def _verwerkingen_historie(context: DemoContext) -> None:
    """Past reads and changes of residents' data, so the privacy officer's screen and the
    processing-log benchmarks have a realistic history."""
    rng = context.rng
    now = timezone.now()
    span = context.jaren * 365 * 24 * 3600
    medewerkers = [
        u for u in context.staff.values() if u.username.startswith(("eik-", "lin-", "kcc", "behandelaar"))
    ]
    handelingen = [
        (VerwerkingActie.LEZEN, "Persoonsgegevens ingezien"),
        (VerwerkingActie.LEZEN, "Klantbeeld bekeken"),
        (VerwerkingActie.WIJZIGEN, "Contactgegevens gewijzigd"),
    ]
    total = 0
    for code in GEMEENTEN:
        org = context.organisaties[code]
        batch: list[Verwerking] = []
        for persoon_id, bsn in Persoon.objects.filter(organisatie=org).values_list("uuid", "bsn").iterator():
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                actie, handeling = rng.choice(handelingen)
                wie = rng.choice(medewerkers)
                batch.append(
                    Verwerking(
                        tijdstip=now - datetime.timedelta(seconds=rng.randrange(span)),
                        organisatie=org,
                        actor_soort="demo",
                        actor_id=wie.username,
                        actor_naam=str(wie),
                        actie=actie,
                        handeling=handeling,
                        verwerkingsactiviteit=KLANTGEGEVENS.code,
                        doel=KLANTGEGEVENS.doel,
                        grondslag=KLANTGEGEVENS.grondslag,
                        bewaartermijn=KLANTGEGEVENS.bewaartermijn,
                        object_type="persoon",
                        object_id=str(persoon_id),
                        bsn=bsn,
                        toelichting="Demohistorie",
                    )
                )
            if len(batch) >= 5000:
                Verwerking.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        Verwerking.objects.bulk_create(batch)
        total += len(batch)
    context.log(f"Verwerkingenlog: {total} historische verwerkingen over {context.jaren} jaar.")
