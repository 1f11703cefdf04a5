"""Our rows in the shapes of the Klantinteracties API 0.9.0. Pure functions over rows
the views loaded with a fixed number of queries (``laden.py``); nothing here queries.

Extension fields: every resource may carry ``_eenloket``, an object with what Eenloket
knows beyond the standard (the schemas allow additional properties). Standard fields
keep their standard meaning and limits; where our text is longer than the standard
allows (e.g. ``gevraagdeHandeling``), the standard field is shortened with "…" and the
full text is in ``_eenloket``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eenloket.contacten.api.ids import afgeleid
from eenloket.contacten.constants import ContactverzoekStatus, Uitkomst
from eenloket.contacten.models import Contactverzoek, Klantcontact, Onderwerpobject
from eenloket.core.models import ApiClient, Team, User
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Persoon

Partij = Persoon | Bedrijf
TELEFOON = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")


def kort(tekst: str, lengte: int) -> str:
    tekst = tekst or ""
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def kort_nummer(nummer: str) -> str | None:
    """The standard allows 10 characters; "CV-2026-000123" becomes "2026000123"."""
    if not nummer:
        return None
    if len(nummer) <= 10:
        return nummer
    cijfers = re.sub(r"\D", "", nummer)
    return cijfers if 0 < len(cijfers) <= 10 else None


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


@dataclass
class Ctx:
    """What every representation needs: the absolute base URL and the expansions."""

    basis: str
    expand: frozenset[str] = frozenset()
    # loaded relations, keyed by the row's pk
    adressen: dict[tuple[str, int], list[DigitaalAdres]] = field(default_factory=dict)
    contacten: dict[tuple[str, int], list[Klantcontact]] = field(default_factory=dict)

    def url(self, resource: str, uuid: UUID | str) -> str:
        return f"{self.basis}{resource}/{uuid}"

    def fk(self, resource: str, uuid: UUID | str | None) -> dict[str, str] | None:
        if uuid is None:
            return None
        return {"uuid": str(uuid), "url": self.url(resource, uuid)}


def partij_sleutel(partij: Partij) -> tuple[str, int]:
    return ("persoon" if isinstance(partij, Persoon) else "bedrijf", partij.pk)


# --- partijen and partij-identificatoren -----------------------------------------------


def identificatoren(ctx: Ctx, partij: Partij) -> list[dict[str, Any]]:
    fk = ctx.fk("partijen", partij.uuid)
    if isinstance(partij, Persoon):
        if not partij.bsn:
            return []
        return [
            {
                "uuid": str(afgeleid(partij.uuid, "bsn")),
                "url": ctx.url("partij-identificatoren", afgeleid(partij.uuid, "bsn")),
                "identificeerdePartij": fk,
                "anderePartijIdentificator": "",
                "partijIdentificator": {
                    "codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn",
                    "objectId": partij.bsn,
                    "codeRegister": "brp",
                },
                "subIdentificatorVan": None,
            }
        ]
    kvk = afgeleid(partij.uuid, "kvk_nummer")
    rijen = [
        {
            "uuid": str(kvk),
            "url": ctx.url("partij-identificatoren", kvk),
            "identificeerdePartij": fk,
            "anderePartijIdentificator": "",
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": partij.kvk_nummer,
                "codeRegister": "hr",
            },
            "subIdentificatorVan": None,
        }
    ]
    if partij.vestigingsnummer:
        vestiging = afgeleid(partij.uuid, "vestigingsnummer")
        rijen.append(
            {
                "uuid": str(vestiging),
                "url": ctx.url("partij-identificatoren", vestiging),
                "identificeerdePartij": fk,
                "anderePartijIdentificator": "",
                "partijIdentificator": {
                    "codeObjecttype": "vestiging",
                    "codeSoortObjectId": "vestigingsnummer",
                    "objectId": partij.vestigingsnummer,
                    "codeRegister": "hr",
                },
                "subIdentificatorVan": ctx.fk("partij-identificatoren", kvk),
            }
        )
    return rijen


def _adres(partij: Partij) -> dict[str, Any] | None:
    if not partij.straat:
        return None
    toevoeging = f"{partij.huisletter}{partij.huisnummertoevoeging}"
    return {
        "straatnaam": partij.straat,
        "huisnummer": partij.huisnummer,
        "huisnummertoevoeging": toevoeging,
        "postcode": partij.postcode,
        "stad": partij.woonplaats,
        "adresregel1": "",
        "adresregel2": "",
        "adresregel3": "",
        "land": "NL",
    }


def partij(ctx: Ctx, p: Partij) -> dict[str, Any]:
    sleutel = partij_sleutel(p)
    adressen = ctx.adressen.get(sleutel, [])
    contacten = ctx.contacten.get(sleutel, [])
    data: dict[str, Any] = {
        "uuid": str(p.uuid),
        "url": ctx.url("partijen", p.uuid),
        "nummer": None,
        "interneNotitie": "",
        "betrokkenen": [ctx.fk("betrokkenen", afgeleid(c.uuid, "betrokkene")) for c in contacten],
        "categorieRelaties": [],
        "digitaleAdressen": [ctx.fk("digitaleadressen", a.uuid) for a in adressen],
        "voorkeursDigitaalAdres": None,
        "vertegenwoordigden": [],
        "rekeningnummers": [],
        "voorkeursRekeningnummer": None,
        "partijIdentificatoren": identificatoren(ctx, p),
        "indicatieGeheimhouding": None,
        "voorkeurstaal": "",
        "indicatieActief": True,
        "bezoekadres": _adres(p),
        "correspondentieadres": None,
    }
    if isinstance(p, Persoon):
        data["soortPartij"] = "persoon"
        data["partijIdentificatie"] = {
            "contactnaam": {
                "voorletters": kort("".join(f"{d[0]}." for d in p.voornamen.split() if d), 10),
                "voornaam": p.voornamen,
                "voorvoegselAchternaam": kort(p.voorvoegsel, 10),
                "achternaam": p.geslachtsnaam,
            },
            "volledigeNaam": p.naam,
        }
        data["_eenloket"] = {
            "geboortedatum": _iso(p.geboortedatum),
            "telefoonnummer": p.telefoonnummer,
            "email": p.email,
            "voorkeurskanaal": p.voorkeurskanaal,
        }
    else:
        data["soortPartij"] = "organisatie"
        data["partijIdentificatie"] = {"naam": kort(p.handelsnaam, 200)}
        data["_eenloket"] = {
            "rechtsvorm": p.rechtsvorm,
            "telefoonnummer": p.telefoonnummer,
            "email": p.email,
            "voorkeurskanaal": p.voorkeurskanaal,
        }
    if ctx.expand:
        uitgebreid: dict[str, Any] = {}
        if "digitaleAdressen" in ctx.expand:
            uitgebreid["digitaleAdressen"] = [digitaal_adres(ctx, a, p) for a in adressen]
        if "betrokkenen" in ctx.expand:
            uitgebreid["betrokkenen"] = [betrokkene(ctx, c, partij=p) for c in contacten]
        if "categorieRelaties" in ctx.expand:
            uitgebreid["categorieRelaties"] = []
        data["_expand"] = uitgebreid
    return data


def digitaal_adres(ctx: Ctx, a: DigitaalAdres, partij: Partij | None = None) -> dict[str, Any]:
    eigenaar = partij or a.persoon or a.bedrijf
    data: dict[str, Any] = {
        "uuid": str(a.uuid),
        "url": ctx.url("digitaleadressen", a.uuid),
        "verstrektDoorBetrokkene": None,
        "verstrektDoorPartij": ctx.fk("partijen", eigenaar.uuid) if eigenaar else None,
        "adres": a.adres,
        "soortDigitaalAdres": a.soort,
        "isStandaardAdres": False,
        "omschrijving": kort(a.omschrijving, 40),
        "verificatieDatum": None,
        "_eenloket": {"omschrijving": a.omschrijving, "laatstGebruikt": _iso(a.laatst_gebruikt)},
    }
    if "verstrektDoorBetrokkene" in ctx.expand:
        data["_expand"] = {"verstrektDoorBetrokkene": None}
    return data


# --- klantcontacten, betrokkenen, onderwerpobjecten ------------------------------------


def heeft_betrokkene(c: Klantcontact) -> bool:
    return bool(c.persoon_id or c.bedrijf_id or c.contactnaam)


def betrokkene(ctx: Ctx, c: Klantcontact, *, partij: Partij | None = None) -> dict[str, Any]:
    p = partij or c.persoon or c.bedrijf
    if isinstance(p, Persoon):
        contactnaam = {
            "voorletters": kort("".join(f"{d[0]}." for d in p.voornamen.split() if d), 10),
            "voornaam": p.voornamen,
            "voorvoegselAchternaam": kort(p.voorvoegsel, 10),
            "achternaam": p.geslachtsnaam,
        }
        volledig = p.naam
    else:
        contactnaam = {
            "voorletters": "",
            "voornaam": "",
            "voorvoegselAchternaam": "",
            "achternaam": c.contactnaam,
        }
        volledig = c.contactnaam or (p.handelsnaam if p else "")
    uid = afgeleid(c.uuid, "betrokkene")
    data: dict[str, Any] = {
        "uuid": str(uid),
        "url": ctx.url("betrokkenen", uid),
        "wasPartij": ctx.fk("partijen", p.uuid) if p else None,
        "hadKlantcontact": ctx.fk("klantcontacten", c.uuid),
        "digitaleAdressen": [],
        "bezoekadres": None,
        "correspondentieadres": None,
        "contactnaam": contactnaam,
        "volledigeNaam": volledig,
        "rol": "klant",
        "organisatienaam": kort(p.handelsnaam, 200) if isinstance(p, Bedrijf) else "",
        "initiator": True,
        "_eenloket": {"telefoonnummer": c.telefoonnummer, "email": c.email},
    }
    if "digitaleAdressen" in ctx.expand:
        data["_expand"] = {"digitaleAdressen": []}
    return data


def onderwerpobject(ctx: Ctx, o: Onderwerpobject, *, klantcontact_uuid: UUID | None = None) -> dict[str, Any]:
    kc = klantcontact_uuid or (o.klantcontact.uuid if o.klantcontact_id and o.klantcontact else None)
    was = o.was_klantcontact.uuid if o.was_klantcontact_id and o.was_klantcontact else None
    return {
        "uuid": str(o.uuid),
        "url": ctx.url("onderwerpobjecten", o.uuid),
        "klantcontact": ctx.fk("klantcontacten", kc),
        "wasKlantcontact": ctx.fk("klantcontacten", was),
        "onderwerpobjectidentificator": {
            "objectId": o.object_id,
            "codeObjecttype": o.code_objecttype,
            "codeRegister": o.code_register,
            "codeSoortObjectId": o.code_soort_object_id,
        },
    }


def _vragen_tekst(c: Klantcontact) -> tuple[str, str, str]:
    """onderwerp, inhoud and reactie: one question maps one to one (so a POST reads
    back as it was sent); several are numbered, questions with their answers."""
    vragen = list(c.vragen.all())
    if not vragen:
        return "", "", ""
    onderwerp = vragen[0].onderwerp_naam or vragen[0].vraag
    if len(vragen) == 1:
        return onderwerp, vragen[0].vraag, vragen[0].antwoord
    inhoud = "\n\n".join(
        f"Vraag {v.volgorde}: {v.vraag}" + (f"\nAntwoord: {v.antwoord}" if v.antwoord else "") for v in vragen
    )
    reactie = "\n\n".join(f"{v.volgorde}. {v.antwoord}" for v in vragen if v.antwoord)
    return onderwerp, inhoud, reactie


def klantcontact(ctx: Ctx, c: Klantcontact) -> dict[str, Any]:
    onderwerp, inhoud, reactie = _vragen_tekst(c)
    vragen = list(c.vragen.all())
    taken = [cv for cv in c.contactverzoeken.all() if cv.status != ContactverzoekStatus.CONCEPT]
    objecten = list(c.onderwerpobjecten.all())
    upl = next(
        (v.onderwerp.upl_uri for v in vragen if v.onderwerp_id and v.onderwerp and v.onderwerp.upl_uri), ""
    )
    data: dict[str, Any] = {
        "uuid": str(c.uuid),
        "url": ctx.url("klantcontacten", c.uuid),
        "gingOverOnderwerpobjecten": [ctx.fk("onderwerpobjecten", o.uuid) for o in objecten],
        "hadBetrokkenActoren": [actor(ctx, c.medewerker)] if c.medewerker_id and c.medewerker else [],
        "omvatteBijlagen": [],
        "hadBetrokkenen": [ctx.fk("betrokkenen", afgeleid(c.uuid, "betrokkene"))]
        if heeft_betrokkene(c)
        else [],
        "leiddeTotInterneTaken": [ctx.fk("internetaken", cv.uuid) for cv in taken],
        "nummer": kort_nummer(c.nummer),
        "referentienummer": kort_nummer(c.nummer),
        "kanaal": kort(c.kanaal.naam, 50),
        "onderwerp": kort(onderwerp, 200),
        "inhoud": kort(inhoud, 1000),
        "reactie": kort(reactie, 4000),
        "indicatieContactGelukt": c.contact_gelukt,
        "verdereActieOndernomen": any(v.uitkomst != Uitkomst.BEANTWOORD for v in vragen),
        "taal": c.taal,
        "vertrouwelijk": c.vertrouwelijk,
        "plaatsgevondenOp": _iso(c.gestart_op),
        "metadata": {},
        "_eenloket": {
            "nummer": c.nummer,
            "kanaalcode": c.kanaal.code,
            "beeindigdOp": _iso(c.beeindigd_op),
            "eerstelijns": c.eerstelijns,
            "vragen": [
                {
                    "uuid": str(v.uuid),
                    "onderwerp": v.onderwerp_naam,
                    "vraag": v.vraag,
                    "antwoord": v.antwoord,
                    "uitkomst": v.uitkomst,
                }
                for v in vragen
            ],
        },
    }
    if upl:
        data["hoofdOnderwerpType"] = upl[:200]
    if ctx.expand:
        uitgebreid: dict[str, Any] = {}
        if "hadBetrokkenen" in ctx.expand:
            uitgebreid["hadBetrokkenen"] = [betrokkene(ctx, c)] if heeft_betrokkene(c) else []
        if "leiddeTotInterneTaken" in ctx.expand:
            uitgebreid["leiddeTotInterneTaken"] = [interne_taak(ctx, cv, klantcontact=c) for cv in taken]
        if "gingOverOnderwerpobjecten" in ctx.expand:
            uitgebreid["gingOverOnderwerpobjecten"] = [
                onderwerpobject(ctx, o, klantcontact_uuid=c.uuid) for o in objecten
            ]
        if "omvatteBijlagen" in ctx.expand:
            uitgebreid["omvatteBijlagen"] = []
        data["_expand"] = uitgebreid
    return data


def actorklantcontact(ctx: Ctx, c: Klantcontact) -> dict[str, Any]:
    uid = afgeleid(c.uuid, "actorklantcontact")
    return {
        "uuid": str(uid),
        "url": ctx.url("actorklantcontacten", uid),
        "actor": ctx.fk("actoren", c.medewerker.uuid if c.medewerker else None),
        "klantcontact": ctx.fk("klantcontacten", c.uuid),
    }


# --- actoren and interne taken ----------------------------------------------------------


def actor(ctx: Ctx, a: User | Team | ApiClient) -> dict[str, Any]:
    data: dict[str, Any] = {"uuid": str(a.uuid), "url": ctx.url("actoren", a.uuid)}
    if isinstance(a, User):
        identificatie: dict[str, Any] = {"functie": kort(a.functie, 40)}
        if a.email:
            identificatie["emailadres"] = a.email
        data.update(
            naam=kort(a.get_full_name() or a.username, 200),
            soortActor="medewerker",
            indicatieActief=a.is_active,
            actoridentificator={
                "objectId": a.email or a.username,
                "codeObjecttype": "mdw",
                "codeRegister": "msei",
                "codeSoortObjectId": "email" if a.email else "gebruikersnaam",
            },
        )
        # The standard requires a valid phone number in actorIdentificatie.
        if TELEFOON.match(a.telefoonnummer or ""):
            identificatie["telefoonnummer"] = a.telefoonnummer
            data["actorIdentificatie"] = identificatie
    elif isinstance(a, Team):
        eenheid: dict[str, Any] = {"omschrijving": kort(a.naam, 200)}
        if a.email:
            eenheid["emailadres"] = a.email
        if TELEFOON.match(a.telefoonnummer or ""):
            eenheid["telefoonnummer"] = a.telefoonnummer
        data.update(
            naam=kort(a.naam, 200),
            soortActor="organisatorische_eenheid",
            indicatieActief=True,
            actoridentificator={
                "objectId": a.naam,
                "codeObjecttype": "team",
                "codeRegister": "eenloket",
                "codeSoortObjectId": "naam",
            },
            actorIdentificatie=eenheid,
        )
    else:
        data.update(
            naam=kort(a.naam, 200),
            soortActor="geautomatiseerde_actor",
            indicatieActief=a.actief,
            actoridentificator={
                "objectId": a.client_id,
                "codeObjecttype": "applicatie",
                "codeRegister": "eenloket",
                "codeSoortObjectId": "client_id",
            },
            actorIdentificatie={"functie": "API-client", "omschrijving": kort(a.naam, 200)},
        )
    return data


def interne_taak(ctx: Ctx, cv: Contactverzoek, *, klantcontact: Klantcontact | None = None) -> dict[str, Any]:
    actoren: list[dict[str, str] | None] = []
    if cv.behandelaar_id and cv.behandelaar:
        actoren.append(ctx.fk("actoren", cv.behandelaar.uuid))
    if cv.team_id and cv.team:
        actoren.append(ctx.fk("actoren", cv.team.uuid))
    kc = klantcontact or cv.klantcontact
    data: dict[str, Any] = {
        "uuid": str(cv.uuid),
        "url": ctx.url("internetaken", cv.uuid),
        "nummer": kort_nummer(cv.nummer),
        "referentienummer": kort_nummer(cv.nummer),
        "gevraagdeHandeling": kort(cv.vraag, 200),
        "aanleidinggevendKlantcontact": ctx.fk("klantcontacten", kc.uuid if kc else None),
        "toegewezenAanActoren": actoren,
        "toelichting": kort(cv.interne_toelichting, 1000),
        "status": "verwerkt" if cv.status == ContactverzoekStatus.AFGEHANDELD else "te_verwerken",
        "toegewezenOp": _iso(cv.created_at),
        "afgehandeldOp": _iso(cv.afgehandeld_op),
        "_eenloket": {
            "nummer": cv.nummer,
            "status": cv.status,
            "vraag": cv.vraag,
            "toelichting": cv.interne_toelichting,
            "urgentie": cv.urgentie,
            "deadline": _iso(cv.deadline),
            "servicenorm": cv.servicenorm,
            "teLaat": cv.te_laat,
            "ketenpartner": cv.ketenpartner.code if cv.ketenpartner_id and cv.ketenpartner else None,
            "contactnaam": cv.contactnaam,
            "telefoonnummer": cv.telefoonnummer,
            "email": cv.email,
            "bereikbaar": cv.bereikbaar,
            "resultaat": cv.resultaat,
            "afsluittekst": cv.afsluittekst,
            "pogingen": [
                {"tijdstip": _iso(p.tijdstip), "uitkomst": p.uitkomst, "notitie": p.notitie}
                for p in cv.pogingen.all()
            ],
        },
    }
    if actoren:
        data["toegewezenAanActor"] = actoren[0]
    return data


def leeg(items: Iterable[Any]) -> list[Any]:
    return list(items)
