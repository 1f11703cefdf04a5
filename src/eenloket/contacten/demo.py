"""Demo history of the contact centre: years of klantcontacten on every channel with
their questions, the contactverzoeken handed on from them (closed ones with attempts and
a handling log, a few dozen still open around today), the phone numbers and e-mail
addresses residents used, and a few klantkenmerken.

Registered as a history generator of the demo loader (``HISTORIE``); the loader finds
this module by name, so the demo never imports the contact centre. ``genereer`` is also
what the benchmarks use to build a tenant with hundreds of thousands of contacts.

Rows are written in batches with plain INSERTs and pre-allocated ids, not through the
services (a large demo has about a million contacts), but they hold exactly what the
services would have written: status ``geregistreerd``, ``eerstelijns`` true only when
every question was answered, contactverzoeken numbered CV-YYYY-NNNNNN per organisation
(and ``core.Volgnummer`` advanced past them), deadlines from the service norm and the
working-day calendar, reminders and escalations where the worker would have sent them.

What is deliberately *not* written: domain events (the outbox would deliver webhooks,
mails and surveys for contacts that never happened), outgoing messages, and
processing-log rows. The demo's processing history is a sample the loader writes once
(``actor_soort="demo"``, including "Klantbeeld bekeken"); a generated contact is not a
processing of anybody's data, and a million log rows would double the load time.

Deterministic per seed: the same seed gives the same rows, dated relative to the day the
demo is loaded (open contactverzoeken must have deadlines around *today*).
"""

from __future__ import annotations

import datetime
import math
import random
import time
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone, translation

from eenloket.contacten.constants import (
    ContactStatus,
    ContactverzoekStatus,
    KanaalSoort,
    LogSoort,
    PogingUitkomst,
    Resultaat,
    Uitkomst,
    Urgentie,
)
from eenloket.contacten.models import (
    Contactpoging,
    Contactverzoek,
    ContactverzoekLog,
    Contactvraag,
    Kanaal,
    Klantcontact,
)
from eenloket.contacten.services import HERINNERING_VANAF_UUR, servicenorm_voor
from eenloket.core.calendar import Termijn
from eenloket.core.constants import OrganisatieSoort, TeamSoort
from eenloket.core.models import Onderwerp, Organisatie, Team, User, Volgnummer
from eenloket.core.selectors import kalender_voor
from eenloket.demo import generators as gen
from eenloket.demo.loader import GEMEENTEN, HISTORIE, DemoContext
from eenloket.klanten.constants import DigitaalAdresSoort, VlagSoort
from eenloket.klanten.models import Bedrijf, DigitaalAdres, Klantvlag, Persoon

__all__ = ["CONTACTEN_PER_INWONER_PER_JAAR", "OPEN_VERZOEKEN", "Telling", "demo_historie", "genereer"]

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")
#: A municipality of 50,000 residents has about 150,000 klantcontacten a year.
CONTACTEN_PER_INWONER_PER_JAAR: Final = 3.0
#: Contactverzoeken left open around today, per size and municipality.
OPEN_VERZOEKEN: Final[dict[str, dict[str, int]]] = {
    "small": {"eikendal": 12, "lindewaard": 8},
    "medium": {"eikendal": 30, "lindewaard": 20},
    "large": {"eikendal": 45, "lindewaard": 30},
}
BATCH: Final = 5000

# --- what residents ask -----------------------------------------------------------------


@dataclass(frozen=True)
class _Onderwerp:
    sleutel: str  # the core.Onderwerp's name (case-insensitive) or UPL name
    label: str  # free text when the organisation has no such Onderwerp
    team: str  # the team that handles what the KCC hands on
    gewicht: float
    vragen: tuple[tuple[str, str], ...]
    afsluitingen: tuple[str, ...]
    verwijzingen: tuple[str, ...] = ()  # other instances residents are referred to
    piek: tuple[int, ...] = ()  # months with more of these questions
    doorzetten: float = 1.0  # factor on the chance the KCC cannot answer it
    ketenpartner: bool = False  # handed to the waste company rather than a team


# fmt: off
ONDERWERPEN: Final[tuple[_Onderwerp, ...]] = (
    _Onderwerp("paspoort", "Paspoort", "Burgerzaken", 9, (
        ("Mijn paspoort verloopt over twee maanden, hoe vraag ik een nieuwe aan?",
         "Afspraak gemaakt via de website uitgelegd; meenemen: oud paspoort en een pasfoto die voldoet aan "
         "de eisen. Levertijd 5 werkdagen."),
        ("Wat kost een nieuw paspoort voor mijn dochter van 12?",
         "Tarief voor minderjarigen genoemd (zie website). Beide ouders moeten toestemming geven, formulier "
         "toestemming gezag meegestuurd."),
        ("Ik ga over drie weken op vakantie en mijn paspoort is verlopen. Kan het sneller?",
         "Spoedaanvraag uitgelegd: aanvraag voor 12.00 uur, de volgende werkdag ophalen, met toeslag. "
         "Afspraak ingepland."),
        ("Is mijn paspoort al klaar om op te halen?",
         "Status opgezocht: document is binnen. Ophalen kan zonder afspraak op het inloopspreekuur."),
        ("Ik ben mijn paspoort kwijt, wat moet ik doen?",
         "Vermissing melden bij de balie bij de aanvraag van een nieuw document; bij diefstal eerst "
         "aangifte bij de politie."),
    ), ("Inwoner teruggebeld: pasfoto mag niet ouder zijn dan 6 maanden, afspraak staat.",
        "Spoedprocedure toegelicht en afspraak voor morgen gemaakt.",
        "Document bleek al klaar; inwoner komt het ophalen."),
        piek=(3, 4, 5, 6)),
    _Onderwerp("identiteitskaart", "Identiteitskaart", "Burgerzaken", 5, (
        ("Kan ik met een identiteitskaart naar Turkije reizen?",
         "Ja, Turkije accepteert de Nederlandse identiteitskaart. Verwezen naar reisadvies op "
         "nederlandwereldwijd.nl."),
        ("Hoe lang is een ID-kaart geldig?",
         "Voor volwassenen 10 jaar, voor minderjarigen 5 jaar."),
        ("Mijn ID-kaart is gestolen, kan ik een nieuwe aanvragen?",
         "Eerst aangifte doen bij de politie, dan afspraak maken voor een nieuwe aanvraag. Procedure "
         "uitgelegd."),
    ), ("Inwoner gebeld, vraag over vingerafdrukken beantwoord.",
        "Afspraak voor aanvraag gemaakt.")),
    _Onderwerp("rijbewijs", "Rijbewijs", "Burgerzaken", 5, (
        ("Mijn rijbewijs verloopt, moet ik naar het gemeentehuis?",
         "Ja, verlengen kan online aanvragen met DigiD en daarna ophalen aan de balie. Eigen verklaring "
         "alleen bij 75+."),
        ("Ik ben 75 geworden, wat moet ik regelen voor mijn rijbewijs?",
         "Eigen verklaring via mijn.cbr.nl, daarna keuring; pas na goedkeuring door het CBR verlengen bij "
         "de gemeente."),
        ("Kan ik mijn rijbewijs ophalen zonder afspraak?",
         "Ophalen kan zonder afspraak op werkdagen tussen 9.00 en 12.00 uur; oud rijbewijs meenemen."),
    ), ("Inwoner teruggebeld over status CBR, rijbewijs kan worden aangevraagd.",
        "Uitgelegd dat de keuring nog niet verwerkt is bij het CBR."),
        verwijzingen=("CBR", "RDW")),
    _Onderwerp("verhuismelding", "Verhuizing doorgeven", "Burgerzaken", 6, (
        ("Ik ga verhuizen binnen de gemeente, hoe geef ik dat door?",
         "Online doorgeven met DigiD, uiterlijk 5 dagen na de verhuizing. Link gestuurd."),
        ("Mijn verhuizing is nog niet verwerkt, klopt dat?",
         "Verwerking duurt maximaal 5 werkdagen; status nagevraagd bij Burgerzaken, staat in behandeling."),
        ("Er staat iemand op mijn adres ingeschreven die hier niet woont.",
         "Uitgelegd dat een adresonderzoek kan worden gestart; melding doorgezet."),
        ("Ik kom vanuit het buitenland in Nederland wonen, hoe schrijf ik me in?",
         "Eerste inschrijving uitgelegd: persoonlijk aan de balie met paspoort en huurcontract, afspraak "
         "gemaakt."),
    ), ("Adres is verwerkt, inwoner gebeld.",
        "Adresonderzoek gestart, inwoner geïnformeerd over de procedure.",
        "Ontbrekend huurcontract opgevraagd; inwoner stuurt het na."),
        piek=(7, 8, 9), doorzetten=1.3),
    _Onderwerp("brp-uittreksel", "Uittreksel BRP", "Burgerzaken", 3, (
        ("Ik heb een uittreksel uit de BRP nodig voor mijn werkgever in Duitsland.",
         "Internationaal uittreksel online aan te vragen met DigiD; wordt binnen 5 werkdagen per post "
         "gestuurd."),
        ("Hoe vraag ik een bewijs van Nederlanderschap aan?",
         "Via de balie, afspraak gemaakt. Kosten genoemd."),
    ), ("Uittreksel is opnieuw verstuurd.",)),
    _Onderwerp("huwelijk", "Trouwen of partnerschap", "Burgerzaken", 1.5, (
        ("Wij willen volgend jaar trouwen, hoe ver van tevoren moeten we dat melden?",
         "Melding voorgenomen huwelijk minimaal 2 weken en maximaal 1 jaar vooraf, online met DigiD."),
        ("Kunnen we gratis trouwen op het gemeentehuis?",
         "Ja, op maandagochtend om 9.00 uur, maximaal 4 getuigen, geen speech. Uitgelegd hoe te reserveren."),
        ("Kan een vriend van ons trouwambtenaar voor één dag worden?",
         "Ja, benoeming als buitengewoon ambtenaar van de burgerlijke stand; formulier en kosten "
         "toegelicht."),
    ), ("Datum en trouwlocatie bevestigd, inwoners gebeld.",
        "Vragen over trouwlocatie buiten het gemeentehuis beantwoord.")),
    _Onderwerp("omgevingsvergunning", "Omgevingsvergunning", "Vergunningen", 4, (
        ("Mag ik een dakkapel plaatsen zonder vergunning?",
         "Aan de achterkant vaak vergunningvrij; verwezen naar de vergunningcheck van het Omgevingsloket."),
        ("Hoe staat het met mijn aanvraag voor een uitbouw?",
         "Aanvraag in behandeling; beslistermijn 8 weken, vraag doorgezet naar de behandelaar voor de "
         "precieze stand."),
        ("Mijn buren bouwen een schuur tegen de erfgrens, mag dat?",
         "Uitgelegd hoe de vergunning van de buren in te zien is; zorg doorgezet naar Vergunningen."),
        ("Ik wil een boom kappen in mijn tuin, heb ik een vergunning nodig?",
         "Kapvergunning nodig voor bomen met een stamomtrek boven 80 cm op 1,30 m hoogte; aanvraag via het "
         "Omgevingsloket."),
    ), ("Behandelaar heeft de stand van zaken toegelicht: advies welstand volgt binnen twee weken.",
        "Inwoner uitgelegd dat een melding volstaat; geen vergunning nodig.",
        "Zaak gestart voor handhavingsverzoek."),
        verwijzingen=("Omgevingsloket",), doorzetten=1.8),
    _Onderwerp("evenementenvergunning", "Evenementenvergunning", "Vergunningen", 1, (
        ("We willen een straatfeest houden in juni, wat moeten we regelen?",
         "Melding klein evenement volstaat tot 250 bezoekers; formulier gestuurd, uiterlijk 4 weken vooraf "
         "indienen."),
        ("Moet ik voor een braderie een vergunning aanvragen?",
         "Ja, evenementenvergunning minimaal 8 weken vooraf; vooroverleg aangeboden."),
    ), ("Vooroverleg ingepland met de evenementencoördinator.",), piek=(3, 4, 5), doorzetten=1.5),
    _Onderwerp("parkeervergunning", "Parkeervergunning", "Vergunningen", 4, (
        ("Hoe vraag ik een parkeervergunning aan voor mijn nieuwe auto?",
         "Kenteken wijzigen kan online met DigiD; de vergunning gaat direct over op het nieuwe kenteken."),
        ("Kan ik een bezoekersvergunning krijgen voor de thuiszorg?",
         "Mantelzorgvergunning uitgelegd; aanvraag met verklaring van de zorgaanbieder."),
        ("Ik heb een bekeuring gekregen terwijl ik een vergunning heb.",
         "Uitgelegd dat bezwaar kan bij het CJIB; vergunning gecontroleerd, die was geldig."),
    ), ("Vergunning op nieuw kenteken gezet, inwoner geïnformeerd.",
        "Bezwaarprocedure toegelicht."), verwijzingen=("CJIB",)),
    _Onderwerp("standplaatsvergunning", "Standplaatsvergunning", "Vergunningen", 0.5, (
        ("Ik wil met een foodtruck op de markt staan, kan dat?",
         "Standplaatsvergunning nodig; wachtlijst en criteria toegelicht."),
    ), ("Inwoner op de wachtlijst gezet.",)),
    _Onderwerp("wmo-voorziening", "Wmo-ondersteuning", "Sociaal domein", 5, (
        ("Mijn moeder kan niet meer goed traplopen, kan ze hulp krijgen voor een traplift?",
         "Melding Wmo aangenomen; een consulent neemt contact op voor een keukentafelgesprek."),
        ("Wanneer komt de consulent voor het keukentafelgesprek?",
         "Vraag doorgezet naar het Sociaal domein voor een afspraak."),
        ("Ik wil huishoudelijke hulp aanvragen.",
         "Aanvraagprocedure uitgelegd; gegevens genoteerd voor terugbelverzoek van de consulent."),
        ("De taxi van het collectief vervoer kwam niet opdagen.",
         "Klacht doorgezet naar de vervoerder en het Wmo-loket."),
    ), ("Keukentafelgesprek ingepland.",
        "Consulent heeft gebeld; aanvraag traplift in behandeling genomen.",
        "Indicatie huishoudelijke hulp verlengd."), doorzetten=2.2),
    _Onderwerp("bijzonderebijstandsuitkering", "Bijzondere bijstand", "Sociaal domein", 4, (
        ("Mijn wasmachine is kapot en ik kan geen nieuwe betalen, kan de gemeente helpen?",
         "Bijzondere bijstand uitgelegd; aanvraagformulier gestuurd, inkomens- en vermogensgegevens nodig."),
        ("Waarom is mijn uitkering deze maand lager?",
         "Vraag doorgezet naar de klantmanager Werk en inkomen."),
        ("Wanneer wordt de bijstandsuitkering betaald?",
         "Uitbetaling rond de 25e van de maand; bij vakantiegeld in mei een extra bedrag."),
    ), ("Klantmanager heeft de verrekening van inkomsten uitgelegd.",
        "Aanvraag bijzondere bijstand ontvangen, zaak gestart.",
        "Inwoner doorverwezen naar de voedselbank voor de tussentijd."),
        verwijzingen=("UWV", "Sociale Verzekeringsbank"), doorzetten=2.0),
    _Onderwerp("schuldhulpverlening", "Schuldhulpverlening", "Sociaal domein", 2, (
        ("Ik heb betalingsachterstanden en weet niet meer wat ik moet doen.",
         "Gegevens genoteerd; schuldhulpverlening neemt binnen 3 werkdagen contact op."),
        ("Kan ik hulp krijgen bij mijn administratie?",
         "Vrijwilligers van de thuisadministratie genoemd; aanmelding doorgezet."),
    ), ("Intakegesprek schuldhulpverlening gepland.",
        "Aangemeld bij de thuisadministratie."), doorzetten=2.5),
    _Onderwerp("woz-beschikking", "WOZ-waarde", "Belastingen", 5, (
        ("De WOZ-waarde van mijn huis is veel te hoog, hoe maak ik bezwaar?",
         "Bezwaar kan binnen 6 weken na dagtekening via het digitale bezwaarformulier; taxatieverslag eerst "
         "opvragen."),
        ("Hoe kom ik aan het taxatieverslag van mijn woning?",
         "Via Mijn Belastingen met DigiD te downloaden. Uitgelegd waar het staat."),
        ("Ik heb bezwaar gemaakt, wanneer krijg ik uitspraak?",
         "Uitspraak uiterlijk voor het einde van het jaar; vraag doorgezet voor de precieze stand."),
    ), ("Taxateur heeft de vergelijkingspanden toegelicht.",
        "Bezwaar is toegekend, nieuwe beschikking volgt.",
        "Inwoner gebeld: bezwaar in behandeling, uitspraak binnen 8 weken."),
        piek=(2, 3, 4), doorzetten=1.2),
    _Onderwerp("afvalstoffenheffing", "Gemeentelijke belastingen", "Belastingen", 3, (
        ("Kan ik de aanslag gemeentelijke belastingen in termijnen betalen?",
         "Ja, automatische incasso in 10 termijnen; machtiging via Mijn Belastingen."),
        ("Ik woon alleen, waarom betaal ik afvalstoffenheffing voor een meerpersoonshuishouden?",
         "Aantal bewoners gecontroleerd; vraag doorgezet voor een verminderingsbeschikking."),
        ("Ik ben verhuisd, krijg ik geld terug van de afvalstoffenheffing?",
         "Ja, naar rato; verrekening volgt automatisch na verwerking van de verhuizing."),
    ), ("Verminderingsbeschikking verstuurd.", "Termijnbetaling ingesteld."), piek=(2, 3)),
    _Onderwerp("belastingkwijtschelding", "Kwijtschelding", "Belastingen", 2, (
        ("Ik heb een laag inkomen, kan ik kwijtschelding krijgen?",
         "Kwijtschelding aanvragen binnen 3 maanden na de aanslag; formulier en voorwaarden toegelicht."),
        ("Mijn verzoek om kwijtschelding is afgewezen, wat nu?",
         "Beroep aantekenen kan binnen 6 weken; vraag doorgezet voor een toelichting."),
    ), ("Toelichting op de afwijzing gegeven; beroep ingediend.",), piek=(3, 4), doorzetten=1.4),
    _Onderwerp("melding openbare ruimte (algemeen)", "Melding openbare ruimte", "Openbare ruimte", 4, (
        ("Er zit een groot gat in het fietspad aan de {straat}.",
         "Melding geregistreerd; de buitendienst beoordeelt het binnen 5 werkdagen."),
        ("Er ligt al dagen een dumping van afval naast de glasbak bij de {straat}.",
         "Melding gemaakt, wordt deze week opgeruimd."),
        ("De bomen aan de {straat} hangen over de weg, wanneer wordt er gesnoeid?",
         "Snoeiplanning opgezocht; melding doorgezet naar de buitendienst."),
    ), ("Buitendienst heeft het gat gerepareerd.", "Afval opgeruimd, melder geïnformeerd."), doorzetten=1.1),
    _Onderwerp("melding openbare ruimte (straatverlichting)", "Straatverlichting", "Openbare ruimte", 1.5, (
        ("De lantaarnpaal voor mijn huis aan de {straat} brandt al een week niet.",
         "Storing gemeld bij de beheerder van de openbare verlichting; reparatie binnen 10 werkdagen."),
    ), ("Lamp vervangen.",), piek=(10, 11, 12, 1)),
    _Onderwerp("afvalinzameling grofvuil", "Grofvuil ophalen", "Openbare ruimte", 9, (
        ("Hoe kan ik grofvuil laten ophalen?",
         "Afspraak voor ophalen online of telefonisch; maximaal 2 m³ per keer, gratis 4 keer per jaar."),
        ("Mijn grofvuil is niet opgehaald terwijl ik een afspraak had.",
         "Gemeld bij Groenkring; wordt deze week alsnog opgehaald."),
        ("Mag ik een oude koelkast bij het grofvuil zetten?",
         "Ja, witgoed wordt apart opgehaald; aangeven bij de afspraak."),
        ("Wat zijn de openingstijden van de milieustraat?",
         "Di t/m za 8.30 tot 16.00 uur, afvalpas meenemen."),
    ), ("Groenkring heeft het grofvuil alsnog opgehaald.",
        "Nieuwe ophaalafspraak gemaakt.",
        "Uitgelegd dat bouwafval niet met het grofvuil mee mag."),
        piek=(4, 5, 6), ketenpartner=True),
    _Onderwerp("afvalpas", "Afvalcontainer en afvalpas", "Openbare ruimte", 5, (
        ("Mijn groene container is niet geleegd.",
         "Ophaaldag gecontroleerd; melding gemaakt, container wordt morgen alsnog geleegd."),
        ("Mijn afvalpas werkt niet bij de ondergrondse container.",
         "Pas geblokkeerd na verhuizing; doorgezet naar Groenkring voor een nieuwe pas."),
        ("Mijn container is kapot, kan ik een nieuwe krijgen?",
         "Omruilen aangevraagd, wordt binnen 2 weken gebracht."),
        ("Wanneer wordt het oud papier opgehaald?",
         "Afvalkalender in de app Afvalwijzer en op de website; volgende ophaaldag genoemd."),
    ), ("Nieuwe afvalpas verstuurd.", "Container omgeruild."), ketenpartner=True),
    _Onderwerp("afspraak", "Afspraak maken of wijzigen", "Klantcontactcentrum", 6, (
        ("Ik wil mijn afspraak van donderdag verzetten.",
         "Afspraak verplaatst naar een ander tijdstip, bevestiging per e-mail gestuurd."),
        ("Kan ik een afspraak maken voor een paspoort en een rijbewijs tegelijk?",
         "Dubbele afspraak ingepland."),
        ("Ik heb geen bevestiging van mijn afspraak ontvangen.",
         "Afspraak gevonden en bevestiging opnieuw verstuurd."),
    ), ("Afspraak bevestigd.",), doorzetten=0.2),
    _Onderwerp("openingstijden", "Openingstijden en bereikbaarheid", "Klantcontactcentrum", 4, (
        ("Is het gemeentehuis open op Koningsdag?",
         "Nee, gesloten op feestdagen; de dag erna gewoon open."),
        ("Tot hoe laat is de balie open op donderdag?",
         "Donderdagavond open tot 20.00 uur, alleen op afspraak."),
        ("Hoe kan ik de gemeente bereiken via WhatsApp?",
         "WhatsApp-nummer en tijden genoemd (werkdagen 8.30-17.00 uur)."),
    ), ("Informatie gegeven.",), doorzetten=0.1),
    _Onderwerp("hondenbelasting", "Hondenbelasting", "Belastingen", 1, (
        ("Mijn hond is overleden, moet ik nog hondenbelasting betalen?",
         "Afmelden via het formulier; de aanslag wordt naar rato verminderd."),
    ), ("Hond afgemeld, verminderingsbeschikking volgt.",), piek=(2, 3)),
    _Onderwerp("medewerker", "Medewerker spreken", "Klantcontactcentrum", 5, (
        ("Ik wil graag de behandelaar van mijn aanvraag spreken.",
         "Behandelaar niet bereikbaar; terugbelverzoek aangemaakt."),
        ("Kan ik de wijkagent of de boa spreken over parkeeroverlast?",
         "Boa's zijn bereikbaar via het algemene nummer; melding parkeeroverlast aangenomen."),
        ("Ik ben doorverbonden maar de verbinding viel weg.",
         "Opnieuw doorverbonden met de afdeling."),
    ), ("Behandelaar heeft teruggebeld.", "Vraag beantwoord door de afdeling."),
        verwijzingen=("Politie",), doorzetten=2.0),
    _Onderwerp("jeugd", "Jeugdhulp", "Sociaal domein", 2, (
        ("Mijn zoon heeft dyslexie, kan de gemeente behandeling vergoeden?",
         "Dyslexiezorg via school en jeugdhulp uitgelegd; aanmelding loopt via de school."),
        ("Ik zoek hulp bij de opvoeding van mijn dochter.",
         "Wijkteam jeugd genoemd; gegevens genoteerd voor terugbellen."),
    ), ("Gesprek met jeugdconsulent gepland.",), verwijzingen=("Wijkteam", "Centrum voor Jeugd en Gezin"),
        doorzetten=1.8),
    _Onderwerp("overlast", "Overlast", "Openbare ruimte", 1.5, (
        ("Mijn buren maken elke nacht lawaai, wat kan ik doen?",
         "Buurtbemiddeling uitgelegd en aangeboden; bij acute overlast de politie bellen."),
        ("Er wordt steeds gedumpt in het bosje achter de {straat}.",
         "Melding gemaakt, handhaving houdt toezicht."),
    ), ("Aangemeld bij buurtbemiddeling.", "Handhaving heeft gesproken met de veroorzaker."),
        verwijzingen=("Buurtbemiddeling", "Politie"), doorzetten=1.2),
)
# fmt: on

# channel -> (share of contacts, chance the resident is identified, median minutes)
KANALEN: Final[dict[str, tuple[float, float, float]]] = {
    KanaalSoort.TELEFOON: (55, 0.33, 4.0),
    KanaalSoort.EMAIL: (15, 0.55, 6.0),
    KanaalSoort.BALIE: (10, 0.45, 8.0),
    KanaalSoort.WEBFORMULIER: (8, 0.50, 5.0),
    KanaalSoort.CHAT: (5, 0.25, 9.0),
    KanaalSoort.WHATSAPP: (3, 0.35, 7.0),
    KanaalSoort.SOCIAL: (2, 0.15, 5.0),
    KanaalSoort.BRIEF: (1.5, 0.90, 10.0),
    KanaalSoort.HUISBEZOEK: (0.5, 1.0, 45.0),
}
# Chance a question is handed on (referred, contactverzoek), anonymous vs identified.
DOORVERWIJZEN: Final = (0.08, 0.12)
CONTACTVERZOEK: Final = (0.025, 0.22)
RESULTATEN: Final = (
    (Resultaat.BEANTWOORD, 70),
    (Resultaat.ZAAK, 8),
    (Resultaat.DOORVERWEZEN, 7),
    (Resultaat.NIET_BEREIKT, 10),
    (Resultaat.INGETROKKEN, 5),
)
NIET_BEREIKT_TEKST: Final = (
    "Drie keer gebeld zonder gehoor; brief gestuurd met het verzoek zelf te bellen.",
)
INGETROKKEN_TEKST: Final = ("Inwoner belde zelf terug: vraag is al opgelost.",)
BEREIKBAAR: Final = (
    "",
    "",
    "",
    "Werkdagen na 14.00 uur",
    "Alleen 's ochtends",
    "Liefst per e-mail",
    "Na 16.00 uur",
)
POGING_NOTITIES: Final = ("", "", "Geen gehoor", "Voicemail ingesproken met terugbelnummer", "Ingesproken")
WEEKDAG: Final = (1.25, 1.05, 1.0, 0.95, 0.8, 0.0, 0.0)
MAAND: Final = (0, 1.15, 1.1, 1.1, 1.0, 1.0, 0.95, 0.8, 0.8, 1.0, 1.0, 0.95, 0.85)

# flag kind -> (weight, explanations)
VLAGGEN: Final[dict[str, tuple[int, tuple[str, ...]]]] = {
    VlagSoort.SLECHTHOREND: (4, ("Graag rustig en duidelijk spreken; liever via e-mail.",)),
    VlagSoort.SLECHTZIEND: (2, ("Brieven in grootletter (16 pt) sturen.",)),
    VlagSoort.TOLK: (3, ("Spreekt Arabisch; tolk via de tolkentelefoon.", "Spreekt Pools; tolk regelen.")),
    VlagSoort.ALLEEN_SCHRIFTELIJK: (3, ("Wil alleen schriftelijk contact, niet bellen.",)),
    VlagSoort.HULP_BIJ_ZAKEN: (
        3,
        ("Dochter is gemachtigd en voert het woord.", "Bewindvoerder: alle post via bewindvoering."),
    ),
    VlagSoort.ONGEWENST_GEDRAG: (
        2,
        (
            "Dreigend taalgebruik aan de telefoon; na één waarschuwing het gesprek beëindigen.",
            "Agressief aan de balie; alleen op afspraak en met een tweede medewerker.",
        ),
    ),
}


@dataclass
class Telling:
    """What ``genereer`` wrote."""

    rijen: Counter[str] = field(default_factory=Counter)
    seconden: float = 0.0

    def __str__(self) -> str:
        delen = ", ".join(f"{n} {naam}" for naam, n in self.rijen.items())
        return f"{delen} in {self.seconden:.1f} s"


# --- writing rows -------------------------------------------------------------------------


class _Tabel:
    """Plain multi-row INSERTs for one model with ids handed out here, so related rows
    can point at them before anything is written. Values are converted the way the ORM
    would (UUIDs, dates and datetimes per database), other fields are taken as given."""

    def __init__(self, model: type[models.Model], telling: Telling) -> None:
        self.model = model
        self.telling = telling
        velden = list(model._meta.concrete_fields)
        self.kolommen = [f.attname for f in velden]
        self._velden = velden
        self._default: dict[str, Any] = {}
        for veld in velden:
            if veld.primary_key or isinstance(veld, models.UUIDField):
                continue
            if veld.has_default() and not callable(veld.default):
                self._default[veld.attname] = veld.default
            elif veld.null:
                self._default[veld.attname] = None
            elif isinstance(veld, (models.CharField, models.TextField)):
                self._default[veld.attname] = ""
        self._converteer = [
            (i, _omzetter(veld))
            for i, veld in enumerate(velden)
            if isinstance(veld, (models.UUIDField, models.DateTimeField, models.DateField))
        ]
        qn = connection.ops.quote_name
        self._sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
            qn(model._meta.db_table),
            ", ".join(qn(f.column) for f in velden),
            ", ".join(["%s"] * len(velden)),
        )
        self.volgende_id = (model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1
        self._rijen: list[list[Any]] = []

    def nieuw_id(self) -> int:
        self.volgende_id += 1
        return self.volgende_id - 1

    def rij(self, **waarden: Any) -> None:
        gegevens = {**self._default, **waarden}
        if "id" not in gegevens:
            gegevens["id"] = self.nieuw_id()
        self._rijen.append([gegevens[k] for k in self.kolommen])
        if len(self._rijen) >= BATCH:
            self.schrijf()

    def schrijf(self) -> None:
        if not self._rijen:
            return
        for rij in self._rijen:
            for i, omzetten in self._converteer:
                if rij[i] is not None:
                    rij[i] = omzetten(rij[i])
        with connection.cursor() as cursor:
            cursor.executemany(self._sql, self._rijen)
        self.telling.rijen[self.model._meta.model_name or ""] += len(self._rijen)
        self._rijen = []


def _sqlite_datetime(waarde: datetime.datetime) -> str:
    return str(waarde.astimezone(datetime.UTC).replace(tzinfo=None))


def _omzetter(veld: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The ORM's conversion of a value for this database. On SQLite the same result as
    ``get_db_prep_save`` (UUIDs as hex, datetimes as naive UTC text, dates as text)
    without its per-value overhead, which was a third of the large demo's load time."""
    if connection.vendor == "sqlite" and connection.timezone == datetime.UTC:
        if isinstance(veld, models.UUIDField):
            return lambda waarde: waarde.hex
        if isinstance(veld, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(veld, models.DateField):
            return str
    return lambda waarde: veld.get_db_prep_save(waarde, connection)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class _Gewogen:
    def __init__(self, items: Sequence[Any], gewichten: Iterable[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(gewichten))

    def kies(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.cum[-1])]


# --- the generator --------------------------------------------------------------------------


@dataclass
class _Verzoek:
    """A contactverzoek whose handling is decided when it is written."""

    id: int
    waarden: dict[str, Any]
    aangemaakt: datetime.datetime
    dagindex: int
    onderwerp: _Onderwerp


@dataclass
class _Team:
    team: Team
    leden: list[User]


def _naam(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def genereer(
    organisatie: Organisatie,
    *,
    aantal: int,
    rng: random.Random,
    jaren: int = 1,
    open_verzoeken: int = 20,
    personen: Sequence[int] | None = None,
    anoniem: float | None = None,
    nu: datetime.datetime | None = None,
    vlaggen: bool = True,
    log: Callable[[str], None] | None = None,
) -> Telling:
    """Write about ``aantal`` registered klantcontacten spread over the last ``jaren``
    years of ``organisatie``, with everything that hangs off them.

    ``personen`` narrows the identified callers to these Persoon ids (all residents of the
    organisation otherwise); ``anoniem`` overrides the share of anonymous contacts. The
    organisation needs its channels (created with it) and at least one staff member in
    a KCC team or with any team. Runs in one transaction; the caller need not hold one.
    """
    started = time.perf_counter()
    with transaction.atomic(), translation.override("nl"):
        telling = _Generator(organisatie, rng, jaren, nu or timezone.now(), personen, anoniem).run(
            aantal, open_verzoeken, vlaggen
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(),
                [
                    Klantcontact,
                    Contactvraag,
                    Contactverzoek,
                    Contactpoging,
                    ContactverzoekLog,
                    DigitaalAdres,
                    Klantvlag,
                ],
            ):
                cursor.execute(sql)
    telling.seconden = time.perf_counter() - started
    if log:
        log(f"{organisatie.naam}: {telling}.")
    return telling


class _Generator:
    def __init__(
        self,
        org: Organisatie,
        rng: random.Random,
        jaren: int,
        nu: datetime.datetime,
        personen: Sequence[int] | None,
        anoniem: float | None,
    ) -> None:
        self.org = org
        self.rng = rng
        self.nu = nu
        self.telling = Telling()
        self.anoniem = anoniem
        self.kalender = kalender_voor(org)
        vandaag = timezone.localtime(nu, AMSTERDAM).date()
        eerste = vandaag - datetime.timedelta(days=round(365.25 * jaren))
        self.dagen = [
            eerste + datetime.timedelta(days=i)
            for i in range((vandaag - eerste).days + 1)
            if self.kalender.is_werkdag(eerste + datetime.timedelta(days=i))
        ]
        self.kanalen = {k.soort: k for k in Kanaal.objects.filter(organisatie=org).order_by("volgorde")}
        beschikbaar = [s for s in KANALEN if s in self.kanalen]
        if not beschikbaar:
            raise ValueError(f"{org}: geen kanalen om contacten op te registreren")
        self.kanaal_keuze = _Gewogen(beschikbaar, [KANALEN[s][0] for s in beschikbaar])
        onderwerpen = {o.naam.lower(): o for o in Onderwerp.objects.filter(organisatie=org)}
        onderwerpen.update({o.upl_naam.lower(): o for o in onderwerpen.values() if o.upl_naam})
        self.onderwerp_rij = {o.sleutel: onderwerpen.get(o.sleutel.lower()) for o in ONDERWERPEN}
        self.teams: dict[str, _Team] = {}
        for team in Team.objects.filter(organisatie=org).prefetch_related("leden", "onderwerpen"):
            leden = sorted((u for u in team.leden.all() if u.is_active), key=lambda u: u.pk)
            self.teams[team.naam] = _Team(team, leden)
        kcc = [t for t in self.teams.values() if t.team.soort == TeamSoort.KCC and t.leden]
        agenten = [u for t in kcc for u in t.leden] or [u for t in self.teams.values() for u in t.leden]
        if not agenten:
            raise ValueError(f"{org}: geen medewerkers om contacten aan toe te kennen")
        self.agenten = sorted(set(agenten), key=lambda u: u.pk)
        self.huisbezoekers = next(
            (t.leden for t in self.teams.values() if t.team.naam == "Sociaal domein" and t.leden),
            self.agenten,
        )
        self.ketenpartner = (
            Organisatie.objects.filter(soort=OrganisatieSoort.KETENPARTNER, actief=True)
            .exclude(pk=org.pk)
            .order_by("pk")
            .first()
        )
        ids = list(personen) if personen is not None else None
        qs = Persoon.objects.filter(organisatie=org)
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        self.personen = list(qs.order_by("pk").values_list("pk", "telefoonnummer", "email"))
        self.bedrijven = (
            []
            if ids is not None
            else list(
                Bedrijf.objects.filter(organisatie=org)
                .order_by("pk")
                .values_list("pk", "telefoonnummer", "email")
            )
        )
        # Most residents call now and then, a few call every week: a capped Pareto tail.
        self.persoon_keuze = (
            _Gewogen(self.personen, [min(rng.paretovariate(1.3), 400.0) for _ in self.personen])
            if self.personen
            else None
        )
        self.bedrijf_keuze = (
            _Gewogen(self.bedrijven, [min(rng.paretovariate(1.5), 50.0) for _ in self.bedrijven])
            if self.bedrijven
            else None
        )
        profiel = gen.PROFIELEN.get(org.code, gen.EIKENDAL)
        self.straten = sorted({s for w in profiel.woonplaatsen for s in w.straten})
        self.volgnummers = {
            v.jaar: v.laatste for v in Volgnummer.objects.filter(organisatie=org, reeks="contactverzoek")
        }
        self.norm_cache: dict[tuple[int | None, int | None, str], tuple[Termijn, str]] = {}
        self.deadline_cache: dict[tuple[datetime.date, Termijn], datetime.datetime] = {}
        self.adressen: dict[tuple[str, int, str, str], datetime.datetime] = {}
        self.contacten = _Tabel(Klantcontact, self.telling)
        self.vragen = _Tabel(Contactvraag, self.telling)
        self.verzoeken = _Tabel(Contactverzoek, self.telling)
        self.pogingen = _Tabel(Contactpoging, self.telling)
        self.logregels = _Tabel(ContactverzoekLog, self.telling)
        self.contact_per_partij: Counter[tuple[str, int]] = Counter()

    # -- helpers ---------------------------------------------------------------------------

    def moment(self, dag: datetime.date, minuut: float) -> datetime.datetime:
        uur, rest = divmod(minuut, 60)
        seconde = int(rest * 60)
        return datetime.datetime(
            dag.year, dag.month, dag.day, int(uur), seconde // 60, seconde % 60, tzinfo=AMSTERDAM
        )

    def tijdstip(self, dag: datetime.date) -> datetime.datetime:
        """A moment in office hours (8.30-17.00), busiest mid-morning."""
        return self.moment(dag, self.rng.triangular(510, 1015, 600))

    def tussen(self, begin: datetime.datetime, eind: datetime.datetime, deel: float) -> datetime.datetime:
        """A moment at ``deel`` (0..1) of the way from ``begin`` to ``eind``, moved into
        office hours: staff claim and call back while at work."""
        moment = begin + (eind - begin) * deel
        lokaal = moment.astimezone(AMSTERDAM)
        minuut = lokaal.hour * 60 + lokaal.minute
        if 510 <= minuut <= 1020 and self.kalender.is_werkdag(lokaal.date()):
            return moment
        dag = lokaal.date() if minuut < 510 else lokaal.date() + datetime.timedelta(days=1)
        verschoven = self.moment(self.kalender.volgende_werkdag(dag, inclusief=True), 510 + 90 * deel)
        if begin < verschoven < eind:
            return verschoven
        # No office hours left before ``eind``: stay on the first day, before closing time.
        sluiting = self.moment(begin.astimezone(AMSTERDAM).date(), 1020)
        return begin + (max(min(eind, sluiting), begin) - begin) * deel

    def norm(self, team: Team | None, onderwerp: Onderwerp | None, urgentie: str) -> tuple[Termijn, str]:
        sleutel = (team.pk if team else None, onderwerp.pk if onderwerp else None, urgentie)
        if sleutel not in self.norm_cache:
            self.norm_cache[sleutel] = servicenorm_voor(
                self.org, team=team, onderwerp=onderwerp, urgentie=urgentie
            )
        return self.norm_cache[sleutel]

    def deadline(self, start: datetime.datetime, termijn: Termijn) -> datetime.datetime:
        """As ``services.deadline_voor``, with the calendar loaded once."""
        dag = timezone.localtime(start, AMSTERDAM).date()
        sleutel = (dag, termijn)
        if sleutel not in self.deadline_cache:
            if termijn.aantal == 0:
                eind = self.kalender.volgende_werkdag(dag, inclusief=True)
                waarde = datetime.datetime.combine(eind, datetime.time.max, tzinfo=AMSTERDAM)
            else:
                waarde = self.kalender.deadline_moment(start, termijn, sluitingsdagen_verschuiven=True)
            self.deadline_cache[sleutel] = waarde
        return self.deadline_cache[sleutel]

    def tekst(self, sjabloon: str) -> str:
        return sjabloon.format(straat=self.rng.choice(self.straten)) if "{" in sjabloon else sjabloon

    def adres_onthouden(
        self, partij: tuple[str, int], soort: str, adres: str, moment: datetime.datetime
    ) -> None:
        if not adres:
            return
        sleutel = (partij[0], partij[1], soort, adres)
        if self.adressen.get(sleutel, moment) <= moment:
            self.adressen[sleutel] = moment

    @staticmethod
    def ander_nummer(partij: tuple[str, int]) -> str:
        """The one other number a resident calls from (work, a partner's phone): fixed per
        party, so a frequent caller has two or three known numbers, not hundreds."""
        return f"+316{10_000_000 + (partij[1] * 48271 + len(partij[0])) % 90_000_000}"

    def mobiel(self) -> str:
        return f"+316{self.rng.randrange(10_000_000, 100_000_000)}"

    # -- the run ---------------------------------------------------------------------------

    def run(self, aantal: int, open_verzoeken: int, vlaggen: bool) -> Telling:
        rng = self.rng
        gewichten = [WEEKDAG[d.weekday()] * MAAND[d.month] for d in self.dagen]
        totaal = sum(gewichten) or 1.0
        # The last working days (today included) hold the contactverzoeken that may still
        # be open; the window is long enough to hold a few times the open ones wanted.
        per_dag = aantal / max(len(self.dagen), 1) * 0.14
        venster = min(len(self.dagen), max(5, min(40, math.ceil(open_verzoeken * 2.5 / max(per_dag, 0.01)))))
        # A small demo has too few contactverzoeken a day for real-looking queues: in the
        # last three working days the KCC hands on more (never more than four times as much).
        self.extra_doorzetten = min(4.0, max(1.0, open_verzoeken * 0.7 / max(per_dag * 3, 0.01)))
        self.drukke_dagen = len(self.dagen) - 3
        self.venster_start = len(self.dagen) - venster
        uitgesteld: list[_Verzoek] = []
        self.maand_keuze = {
            maand: _Gewogen(ONDERWERPEN, [o.gewicht * (1.8 if maand in o.piek else 1.0) for o in ONDERWERPEN])
            for maand in range(1, 13)
        }
        vandaag = self.dagen[-1] if self.dagen else None
        for index, dag in enumerate(self.dagen):
            verwacht = aantal * gewichten[index] / totaal
            n = int(verwacht + rng.random())
            if n == 0:
                continue
            momenten = sorted(self.tijdstip(dag) for _ in range(n))
            if dag == vandaag:
                momenten = [m for m in momenten if m < self.nu - datetime.timedelta(minutes=30)]
            for gestart in momenten:
                for verzoek in self.contact(gestart, index):
                    if index >= self.venster_start:
                        uitgesteld.append(verzoek)
                    else:
                        self.afhandelen(verzoek, open_=False)
        self.open_kiezen(uitgesteld, open_verzoeken)
        for tabel in (self.contacten, self.vragen, self.verzoeken, self.pogingen, self.logregels):
            tabel.schrijf()
        self.digitale_adressen()
        if vlaggen:
            self.klantvlaggen()
        for jaar, laatste in sorted(self.volgnummers.items()):
            teller, _ = Volgnummer.objects.get_or_create(
                organisatie=self.org, reeks="contactverzoek", jaar=jaar
            )
            if teller.laatste < laatste:
                teller.laatste = laatste
                teller.save(update_fields=["laatste"])
        return self.telling

    def contact(self, gestart: datetime.datetime, dagindex: int) -> list[_Verzoek]:
        rng = self.rng
        soort = self.kanaal_keuze.kies(rng)
        _aandeel, bekend, minuten = KANALEN[soort]
        kans_bekend = bekend if self.anoniem is None else 1.0 - self.anoniem
        persoon_id = bedrijf_id = None
        telefoon = email = contactnaam = ""
        partij: tuple[str, int] | None = None
        eigen_tel = eigen_mail = ""
        if rng.random() < kans_bekend and (self.persoon_keuze or self.bedrijf_keuze):
            if self.bedrijf_keuze and (rng.random() < 0.07 or not self.persoon_keuze):
                bedrijf_id, eigen_tel, eigen_mail = self.bedrijf_keuze.kies(rng)
                partij = ("bedrijf", bedrijf_id)
            else:
                assert self.persoon_keuze is not None
                persoon_id, eigen_tel, eigen_mail = self.persoon_keuze.kies(rng)
                partij = ("persoon", persoon_id)
            if soort in (KanaalSoort.TELEFOON, KanaalSoort.WHATSAPP):
                telefoon = eigen_tel if eigen_tel and rng.random() < 0.75 else self.ander_nummer(partij)
            elif soort in (KanaalSoort.EMAIL, KanaalSoort.WEBFORMULIER):
                email = (eigen_mail or "").lower()
        elif soort in (KanaalSoort.EMAIL, KanaalSoort.WEBFORMULIER, KanaalSoort.BRIEF):
            contactnaam = gen.medewerker_naam(rng)
            if soort != KanaalSoort.BRIEF:
                email = f"{contactnaam.split()[0].lower()}{rng.randrange(10, 999)}@mail.example"
        bekend_idx = 1 if partij else 0
        duur = datetime.timedelta(seconds=max(40.0, rng.lognormvariate(math.log(minuten * 60), 0.55)))
        beeindigd = gestart + duur
        medewerker = rng.choice(self.huisbezoekers if soort == KanaalSoort.HUISBEZOEK else self.agenten)
        contact_id = self.contacten.nieuw_id()
        vragen_n = 1 if rng.random() < 0.8 else 2
        verzoeken: list[_Verzoek] = []
        alle_beantwoord = True
        for volgorde in range(1, vragen_n + 1):
            onderwerp = self.maand_keuze[gestart.month].kies(rng)
            onderwerp_rij = self.onderwerp_rij[onderwerp.sleutel]
            vraag, antwoord = rng.choice(onderwerp.vragen)
            vraag = self.tekst(vraag)
            r = rng.random()
            cv_kans = CONTACTVERZOEK[bekend_idx] * onderwerp.doorzetten
            if dagindex >= self.drukke_dagen:
                cv_kans *= self.extra_doorzetten
            dv_kans = DOORVERWIJZEN[bekend_idx]
            vraag_id = self.vragen.nieuw_id()
            velden: dict[str, Any] = {}
            if r < cv_kans:
                uitkomst = Uitkomst.CONTACTVERZOEK
                antwoord = ""
                if not (telefoon or email):
                    if partij is None:
                        contactnaam = contactnaam or gen.medewerker_naam(rng)
                    telefoon = eigen_tel or (self.ander_nummer(partij) if partij else self.mobiel())
            elif r < cv_kans + dv_kans:
                uitkomst = Uitkomst.DOORVERWEZEN
                if onderwerp.verwijzingen and rng.random() < 0.5:
                    naar = rng.choice(onderwerp.verwijzingen)
                    velden["doorverwezen_naar"] = naar
                    antwoord = f"Doorverwezen naar {naar}."
                elif onderwerp.ketenpartner and self.ketenpartner is not None:
                    velden["doorverwezen_organisatie_id"] = self.ketenpartner.pk
                    antwoord = f"Doorverbonden met {self.ketenpartner.naam}."
                else:
                    team = self.teams.get(onderwerp.team)
                    if team is not None and team.team.soort != TeamSoort.KCC:
                        velden["doorverwezen_team_id"] = team.team.pk
                        antwoord = f"Doorverbonden met {team.team.naam}."
                    else:
                        naar = rng.choice(onderwerp.verwijzingen or ("Het Juridisch Loket",))
                        velden["doorverwezen_naar"] = naar
                        antwoord = f"Doorverwezen naar {naar}."
            else:
                uitkomst = Uitkomst.BEANTWOORD
            alle_beantwoord = alle_beantwoord and uitkomst == Uitkomst.BEANTWOORD
            self.vragen.rij(
                id=vraag_id,
                uuid=_uuid(rng),
                klantcontact_id=contact_id,
                volgorde=volgorde,
                vraag=vraag,
                antwoord=antwoord,
                onderwerp_id=onderwerp_rij.pk if onderwerp_rij else None,
                onderwerp_tekst="" if onderwerp_rij else onderwerp.label,
                uitkomst=uitkomst,
                **velden,
            )
            if uitkomst == Uitkomst.CONTACTVERZOEK:
                verzoeken.append(
                    self.verzoek(
                        contact_id,
                        vraag_id,
                        vraag,
                        onderwerp,
                        onderwerp_rij,
                        beeindigd,
                        dagindex,
                        persoon_id,
                        bedrijf_id,
                        contactnaam,
                        telefoon,
                        email,
                        medewerker,
                    )
                )
        self.contacten.rij(
            id=contact_id,
            uuid=_uuid(rng),
            created_at=gestart,
            updated_at=beeindigd,
            organisatie_id=self.org.pk,
            persoon_id=persoon_id,
            bedrijf_id=bedrijf_id,
            kanaal_id=self.kanalen[soort].pk,
            status=ContactStatus.GEREGISTREERD,
            medewerker_id=medewerker.pk,
            gestart_op=gestart,
            beeindigd_op=beeindigd,
            contactnaam=contactnaam,
            telefoonnummer=telefoon,
            email=email,
            eerstelijns=alle_beantwoord,
            contact_gelukt=True,
        )
        if partij is not None:
            self.contact_per_partij[partij] += 1
            self.adres_onthouden(partij, DigitaalAdresSoort.TELEFOONNUMMER, telefoon, beeindigd)
            self.adres_onthouden(partij, DigitaalAdresSoort.EMAIL, email, beeindigd)
        return verzoeken

    def verzoek(
        self,
        contact_id: int,
        vraag_id: int,
        vraag: str,
        onderwerp: _Onderwerp,
        onderwerp_rij: Onderwerp | None,
        aangemaakt: datetime.datetime,
        dagindex: int,
        persoon_id: int | None,
        bedrijf_id: int | None,
        contactnaam: str,
        telefoon: str,
        email: str,
        medewerker: User,
    ) -> _Verzoek:
        rng = self.rng
        team: Team | None = None
        ketenpartner = None
        if onderwerp.ketenpartner and self.ketenpartner is not None and rng.random() < 0.6:
            ketenpartner = self.ketenpartner
        else:
            gevonden = self.teams.get(onderwerp.team)
            if gevonden is None or gevonden.team.soort == TeamSoort.KCC:
                gevonden = next(
                    (
                        t
                        for t in self.teams.values()
                        if onderwerp_rij and onderwerp_rij in t.team.onderwerpen.all()
                    ),
                    gevonden or next(iter(self.teams.values()), None),
                )
            team = gevonden.team if gevonden else None
        urgentie = Urgentie.HOOG if rng.random() < 0.05 else Urgentie.NORMAAL
        termijn, omschrijving = self.norm(team, onderwerp_rij, urgentie)
        jaar = timezone.localtime(aangemaakt, AMSTERDAM).year
        self.volgnummers[jaar] = self.volgnummers.get(jaar, 0) + 1
        waarden = {
            "uuid": _uuid(rng),
            "created_at": aangemaakt,
            "organisatie_id": self.org.pk,
            "persoon_id": persoon_id,
            "bedrijf_id": bedrijf_id,
            "nummer": f"CV-{jaar}-{self.volgnummers[jaar]:06d}",
            "klantcontact_id": contact_id,
            "contactvraag_id": vraag_id,
            "vraag": vraag,
            "interne_toelichting": rng.choice(
                ("", "", "Inwoner klinkt bezorgd.", "Heeft al eerder gebeld over deze vraag.")
            ),
            "onderwerp_id": onderwerp_rij.pk if onderwerp_rij else None,
            "contactnaam": contactnaam,
            "telefoonnummer": telefoon,
            "email": email,
            "bereikbaar": rng.choice(BEREIKBAAR),
            "urgentie": urgentie,
            "team_id": team.pk if team else None,
            "ketenpartner_id": ketenpartner.pk if ketenpartner else None,
            "servicenorm": omschrijving[:100],
            "deadline": self.deadline(aangemaakt, termijn),
            "aangemaakt_door_id": medewerker.pk,
        }
        toegewezen = team.naam if team else (ketenpartner.naam if ketenpartner else "")
        verzoek = _Verzoek(self.verzoeken.nieuw_id(), waarden, aangemaakt, dagindex, onderwerp)
        verzoek.waarden["_aanmaker"] = _naam(medewerker)
        verzoek.waarden["_toegewezen"] = toegewezen
        return verzoek

    def open_kiezen(self, verzoeken: list[_Verzoek], aantal: int) -> None:
        """Keep ``aantal`` of the recent contactverzoeken open, mostly the newest."""
        laatste = len(self.dagen) - 1
        gewichten = [math.exp(-(laatste - v.dagindex) / 2.0) for v in verzoeken]
        gekozen: set[int] = set()
        kandidaten = list(range(len(verzoeken)))
        while kandidaten and len(gekozen) < aantal:
            keuze = _Gewogen(kandidaten, [gewichten[i] for i in kandidaten]).kies(self.rng)
            gekozen.add(keuze)
            kandidaten.remove(keuze)
        for i, verzoek in enumerate(verzoeken):
            self.afhandelen(verzoek, open_=i in gekozen)

    def behandelaar(self, waarden: dict[str, Any]) -> User | None:
        team_id = waarden["team_id"]
        for team in self.teams.values():
            if team.team.pk == team_id and team.leden:
                return self.rng.choice(team.leden)
        return None

    def afhandelen(self, verzoek: _Verzoek, *, open_: bool) -> None:
        """Write the contactverzoek with its attempts and handling log, as the services
        and the deadline watch would have written them."""
        rng = self.rng
        w = verzoek.waarden
        aanmaker = w.pop("_aanmaker")
        toegewezen = w.pop("_toegewezen")
        log: list[tuple[datetime.datetime, str, str, str]] = []
        deadline: datetime.datetime = w["deadline"]
        log.append(
            (
                verzoek.aangemaakt,
                LogSoort.AANGEMAAKT,
                f"Voor {toegewezen}, uiterlijk {deadline.astimezone(AMSTERDAM):%d-%m-%Y}",
                aanmaker,
            )
        )
        if w["email"]:
            log.append(
                (verzoek.aangemaakt, LogSoort.BERICHT, f"Ontvangstbevestiging gestuurd naar {w['email']}", "")
            )
        behandelaar = self.behandelaar(w) if w["team_id"] else None
        pogingen: list[tuple[datetime.datetime, str, str]] = []
        if open_:
            status = ContactverzoekStatus.OPEN
            einde = self.nu - datetime.timedelta(minutes=10)
            if behandelaar is not None and rng.random() < 0.5:
                status = ContactverzoekStatus.IN_BEHANDELING
                geclaimd = self.tussen(verzoek.aangemaakt, einde, rng.uniform(0.05, 0.5))
                log.append((geclaimd, LogSoort.GECLAIMD, "", _naam(behandelaar)))
                if w["telefoonnummer"] and rng.random() < 0.6:
                    moment = self.tussen(geclaimd, einde, rng.uniform(0.1, 0.9))
                    pogingen.append((moment, PogingUitkomst.NIET_BEREIKT, rng.choice(POGING_NOTITIES)))
            else:
                behandelaar = None
            naam = _naam(behandelaar)
            w.update(status=status, behandelaar_id=behandelaar.pk if behandelaar else None)
            afgehandeld = None
            laatste = max([verzoek.aangemaakt, *(m for m, *_ in log), *(m for m, *_ in pogingen)])
        else:
            # Most are handled within the norm; a tail runs late.
            vertraging = rng.choices((0, 1, 2, 3, 5), weights=(40, 30, 17, 8, 5))[0]
            dag = self.dagen[min(verzoek.dagindex + vertraging, len(self.dagen) - 1)]
            afgehandeld = self.tijdstip(dag)
            if afgehandeld <= verzoek.aangemaakt:
                afgehandeld = verzoek.aangemaakt + datetime.timedelta(minutes=rng.uniform(15, 120))
            if afgehandeld >= self.nu:
                afgehandeld = self.tussen(verzoek.aangemaakt, self.nu, rng.uniform(0.3, 0.9))
            resultaat = rng.choices([r for r, _ in RESULTATEN], weights=[g for _, g in RESULTATEN])[0]
            if resultaat == Resultaat.NIET_BEREIKT and not w["telefoonnummer"]:
                resultaat = Resultaat.BEANTWOORD
            if resultaat == Resultaat.NIET_BEREIKT:
                tekst = rng.choice(NIET_BEREIKT_TEKST)
                uitkomsten = [
                    PogingUitkomst.NIET_BEREIKT,
                    PogingUitkomst.VOICEMAIL,
                    PogingUitkomst.NIET_BEREIKT,
                ]
            elif resultaat == Resultaat.INGETROKKEN:
                tekst = rng.choice(INGETROKKEN_TEKST)
                uitkomsten = []
            else:
                tekst = rng.choice(verzoek.onderwerp.afsluitingen)
                eind = PogingUitkomst.BEREIKT if w["telefoonnummer"] else PogingUitkomst.EMAIL
                eerder = [PogingUitkomst.NIET_BEREIKT] * (rng.random() < 0.3) if w["telefoonnummer"] else []
                uitkomsten = [*eerder, eind]
            behandelaar = behandelaar or (self.behandelaar(w) if w["team_id"] else None)
            if behandelaar is not None:
                naam = _naam(behandelaar)
            else:  # handled by the chain partner's own staff
                naam = self.ketenpartner.naam if w["ketenpartner_id"] and self.ketenpartner else ""
            if behandelaar is not None:
                geclaimd = self.tussen(verzoek.aangemaakt, afgehandeld, rng.uniform(0.02, 0.3))
                log.append((geclaimd, LogSoort.GECLAIMD, "", naam))
            stappen = len(uitkomsten)
            for i, uitkomst in enumerate(uitkomsten):
                moment = self.tussen(verzoek.aangemaakt, afgehandeld, (i + 1) / (stappen + 0.5))
                notitie = rng.choice(POGING_NOTITIES) if uitkomst != PogingUitkomst.BEREIKT else ""
                pogingen.append((moment, uitkomst, notitie))
            log.append((afgehandeld, LogSoort.AFGEHANDELD, f"{Resultaat(resultaat).label}: {tekst}", naam))
            w.update(
                status=ContactverzoekStatus.AFGEHANDELD,
                behandelaar_id=behandelaar.pk if behandelaar else None,
                resultaat=resultaat,
                afsluittekst=tekst,
                afgehandeld_op=afgehandeld,
            )
            laatste = afgehandeld
        for moment, poging_uitkomst, notitie in pogingen:
            log.append(
                (
                    moment,
                    LogSoort.POGING,
                    str(PogingUitkomst(poging_uitkomst).label) + (f": {notitie}" if notitie else ""),
                    naam,
                )
            )
        # The deadline watch: a reminder on the morning of the deadline day, an
        # escalation a few minutes after the deadline passed, while still open.
        gesloten = afgehandeld or self.nu
        herinnering = datetime.datetime.combine(
            deadline.astimezone(AMSTERDAM).date(), datetime.time(HERINNERING_VANAF_UUR), tzinfo=AMSTERDAM
        )
        herinnering = max(herinnering, verzoek.aangemaakt + datetime.timedelta(minutes=5))
        if herinnering < gesloten and herinnering <= deadline:
            w["herinnerd_op"] = herinnering
            log.append((herinnering, LogSoort.HERINNERING, "", ""))
        escalatie = deadline + datetime.timedelta(minutes=5)
        if escalatie < gesloten:
            w["geescaleerd_op"] = escalatie
            log.append((escalatie, LogSoort.GEESCALEERD, "", ""))
        w["updated_at"] = max(laatste, *(m for m, *_ in log))
        self.verzoeken.rij(id=verzoek.id, **w)
        for moment, poging_uitkomst, notitie in sorted(pogingen):
            self.pogingen.rij(
                contactverzoek_id=verzoek.id,
                tijdstip=moment,
                uitkomst=poging_uitkomst,
                notitie=notitie,
                medewerker_id=w["behandelaar_id"],
            )
        for moment, soort, tekst, wie in sorted(log, key=lambda regel: regel[0]):
            self.logregels.rij(
                contactverzoek_id=verzoek.id,
                tijdstip=moment,
                soort=soort,
                tekst=tekst[:500],
                medewerker_naam=wie,
            )

    def digitale_adressen(self) -> None:
        bestaand = set(
            DigitaalAdres.objects.filter(organisatie=self.org).values_list(
                "persoon_id", "bedrijf_id", "soort", "adres"
            )
        )
        tabel = _Tabel(DigitaalAdres, self.telling)
        for (soort_partij, partij_id, soort, adres), moment in sorted(
            self.adressen.items(), key=lambda kv: kv[0]
        ):
            persoon_id = partij_id if soort_partij == "persoon" else None
            bedrijf_id = partij_id if soort_partij == "bedrijf" else None
            if (persoon_id, bedrijf_id, soort, adres) in bestaand:
                continue
            tabel.rij(
                id=tabel.nieuw_id(),
                uuid=_uuid(self.rng),
                created_at=moment,
                updated_at=moment,
                organisatie_id=self.org.pk,
                persoon_id=persoon_id,
                bedrijf_id=bedrijf_id,
                soort=soort,
                adres=adres,
                laatst_gebruikt=moment,
            )
        tabel.schrijf()

    def klantvlaggen(self) -> None:
        """A few flags, mostly on residents who call often (that is why they exist)."""
        vaak = [p for (soort, p), _n in self.contact_per_partij.most_common(200) if soort == "persoon"]
        if not vaak:
            return
        aantal = max(5, len(self.personen) // 1500)
        keuze = _Gewogen(list(VLAGGEN), [g for g, _ in VLAGGEN.values()])
        tabel = _Tabel(Klantvlag, self.telling)
        vandaag = timezone.localtime(self.nu, AMSTERDAM).date()
        gekozen = self.rng.sample(vaak, min(aantal, len(vaak)))
        # At least one sensitive flag, so the role-dependent part of the klantbeeld shows.
        soorten = [VlagSoort.ONGEWENST_GEDRAG] + [keuze.kies(self.rng) for _ in gekozen[1:]]
        for persoon_id, soort in zip(gekozen, soorten, strict=True):
            begin = vandaag - datetime.timedelta(days=self.rng.randrange(30, 900))
            einde = None
            if soort == VlagSoort.ONGEWENST_GEDRAG:
                einde = begin + datetime.timedelta(days=365 * 2)  # such a registration lapses
            elif self.rng.random() < 0.15:
                einde = begin + datetime.timedelta(days=self.rng.randrange(60, 400))
            moment = self.moment(begin, 600)
            tabel.rij(
                id=tabel.nieuw_id(),
                uuid=_uuid(self.rng),
                created_at=moment,
                updated_at=moment,
                organisatie_id=self.org.pk,
                persoon_id=persoon_id,
                soort=soort,
                toelichting=self.rng.choice(VLAGGEN[soort][1]),
                begindatum=begin,
                einddatum=einde,
                aangemaakt_door=_naam(self.rng.choice(self.agenten)),
            )
        tabel.schrijf()


# --- the demo loader's hook ---------------------------------------------------------------


def demo_historie(context: DemoContext) -> None:
    """The contact history of the demo municipalities; skipped for a municipality that
    already has contacts (the loader may run again)."""
    rng = random.Random(f"eenloket-demo-contacten:{context.rng.getrandbits(64)}")
    for code in GEMEENTEN:
        org = context.organisaties[code]
        if Klantcontact.objects.filter(organisatie=org).exists():
            context.log(f"{org.naam}: klantcontacten al geladen, overgeslagen.")
            continue
        inwoners = Persoon.objects.filter(organisatie=org).count()
        aantal = round(inwoners * context.jaren * CONTACTEN_PER_INWONER_PER_JAAR)
        genereer(
            org,
            aantal=aantal,
            rng=rng,
            jaren=context.jaren,
            open_verzoeken=OPEN_VERZOEKEN.get(context.size, OPEN_VERZOEKEN["small"]).get(code, 10),
            log=context.log,
        )


if demo_historie not in HISTORIE:
    HISTORIE.append(demo_historie)


# --- the inbox ------------------------------------------------------------------------

_DEMO_MAILS: tuple[tuple[str, str, str], ...] = (
    (
        "Grofvuil ophalen",
        "Goedemiddag,\n\nIk wil een oude bank en een kast laten ophalen. Kan dat nog deze maand "
        "en wat kost het?\n\nMet vriendelijke groet,",
        "",
    ),
    (
        "Vraag over mijn WOZ-beschikking",
        "Geachte heer/mevrouw,\n\nDe WOZ-waarde van mijn woning is dit jaar 18% gestegen. Hoe is "
        "die waarde bepaald en kan ik het taxatieverslag inzien?\n\nVriendelijke groet,",
        "",
    ),
    (
        "Lantaarnpaal kapot bij speeltuin",
        "Hallo,\n\nDe lantaarnpaal naast de speeltuin doet het al een week niet. Het is daar "
        "'s avonds erg donker. Zie de foto in de bijlage.\n\nGroet,",
        "foto-lantaarnpaal.jpg",
    ),
    (
        "Afspraak paspoort",
        "Beste medewerker,\n\nMijn paspoort verloopt over twee maanden. Moet ik een afspraak "
        "maken of kan ik zo langskomen? En wat moet ik meenemen?\n\nBedankt,",
        "",
    ),
    (
        "Bijzondere bijstand wasmachine",
        "Goedendag,\n\nMijn wasmachine is kapot en ik heb geen geld voor een nieuwe. Kan ik "
        "daarvoor bijzondere bijstand aanvragen?\n\nMet vriendelijke groet,",
        "",
    ),
)


def demo_inbox(context: DemoContext) -> None:
    """A few e-mails in the general mailbox of the municipality the mailbox belongs to,
    read through the real inbox path (a local Maildir), so the inbox is not empty in the
    demo. Some senders are known residents (linked to their klantbeeld), one mail has an
    attachment, one is a follow-up in the same thread."""
    import tempfile
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    from django.utils import timezone

    from eenloket.contacten import inbox
    from eenloket.contacten.models import Inboxgesprek
    from eenloket.core.context import Actor, acting_as
    from eenloket.integraties.mail import MaildirPostbus

    org = inbox.postbus_organisatie()
    if org is None or Inboxgesprek.objects.filter(organisatie=org).exists():
        return
    rng = random.Random("eenloket-demo-inbox")
    bekend = list(Persoon.objects.filter(organisatie=org).exclude(email="").order_by("pk")[:50])
    nu = timezone.now()
    with tempfile.TemporaryDirectory() as tmp:
        postbus = MaildirPostbus(tmp)
        ids: list[str] = []
        for i, (onderwerp, tekst, bijlage) in enumerate(_DEMO_MAILS):
            persoon = bekend[rng.randrange(len(bekend))] if bekend and i % 2 == 0 else None
            naam = f"{persoon.voornamen.split()[0]} {persoon.geslachtsnaam}" if persoon else "M. Jansen"
            bericht = EmailMessage()
            bericht["From"] = f"{naam} <{persoon.email if persoon else 'm.jansen@example.net'}>"
            bericht["To"] = org.email or "info@example.org"
            bericht["Subject"] = onderwerp
            bericht["Date"] = format_datetime(nu - datetime.timedelta(hours=3 * (len(_DEMO_MAILS) - i)))
            bericht["Message-ID"] = make_msgid(domain="example.net")
            ids.append(str(bericht["Message-ID"]))
            bericht.set_content(f"{tekst}\n{naam}\n")
            if bijlage:
                bericht.add_attachment(
                    b"\xff\xd8\xff\xe0demo", maintype="image", subtype="jpeg", filename=bijlage
                )
            postbus._maildir.add(bericht.as_bytes())
        vervolg = EmailMessage()
        vervolg["From"] = "M. Jansen <m.jansen@example.net>"
        vervolg["To"] = org.email or "info@example.org"
        vervolg["Subject"] = f"Re: {_DEMO_MAILS[1][0]}"
        vervolg["Date"] = format_datetime(nu - datetime.timedelta(minutes=40))
        vervolg["Message-ID"] = make_msgid(domain="example.net")
        vervolg["In-Reply-To"] = ids[1]  # M. Jansen's WOZ question
        vervolg["References"] = ids[1]
        vervolg.set_content("Nog een aanvulling: ik ben alleen na 16.00 uur bereikbaar.\n\nM. Jansen\n")
        postbus._maildir.add(vervolg.as_bytes())
        with acting_as(Actor.proces("demo")):
            aantal = inbox.postbus_lezen(org, postbus)
    context.log(f"{org.naam}: {aantal} e-mails in de inbox.")


if demo_inbox not in HISTORIE:
    HISTORIE.append(demo_inbox)
