"""The permission matrix: which role may do which action, in the organisations where
the actor holds that role. The one place that says who may do what; every view, API
endpoint and selector asks it through ``eenloket.core.tenancy``.
"""

from __future__ import annotations

from enum import StrEnum

from eenloket.core.constants import Rol


class Actie(StrEnum):
    ORGANISATIE_BEKIJKEN = "organisatie.bekijken"
    TEAM_BEKIJKEN = "team.bekijken"
    TEAM_BEHEREN = "team.beheren"
    MEDEWERKER_BEHEREN = "medewerker.beheren"
    BEREIKBAARHEID_TEAM_WIJZIGEN = "bereikbaarheid.team_wijzigen"
    KALENDER_BEKIJKEN = "kalender.bekijken"
    KALENDER_BEHEREN = "kalender.beheren"
    KLANT_BEKIJKEN = "klant.bekijken"
    KLANT_WIJZIGEN = "klant.wijzigen"
    KLANT_GEVOELIGE_KENMERKEN = "klant.gevoelige_kenmerken"
    CONTACT_REGISTREREN = "contact.registreren"
    CONTACTVERZOEK_BEHANDELEN = "contactverzoek.behandelen"
    ZAAK_BEKIJKEN = "zaak.bekijken"
    ZAAK_BEHANDELEN = "zaak.behandelen"
    MELDING_BEHANDELEN = "melding.behandelen"
    KENNIS_BEKIJKEN = "kennis.bekijken"
    KENNIS_BEHEREN = "kennis.beheren"
    CATALOGUS_BEHEREN = "catalogus.beheren"
    KCC_INRICHTEN = "kcc.inrichten"
    DASHBOARD_BEKIJKEN = "dashboard.bekijken"
    BERICHTEN_BEKIJKEN = "berichten.bekijken"
    ABONNEMENT_BEHEREN = "abonnement.beheren"
    APICLIENT_BEHEREN = "apiclient.beheren"
    VERWERKINGENLOG_BEKIJKEN = "verwerkingenlog.bekijken"
    VERWERKINGENLOG_EXPORTEREN = "verwerkingenlog.exporteren"


# Actions that show or change personal data of residents or businesses. A role with any
# of them needs a second factor at login (production), see ``rol_ziet_persoonsgegevens``.
PERSOONSGEGEVENS: frozenset[Actie] = frozenset(
    {
        Actie.KLANT_BEKIJKEN,
        Actie.KLANT_WIJZIGEN,
        Actie.KLANT_GEVOELIGE_KENMERKEN,
        Actie.CONTACT_REGISTREREN,
        Actie.CONTACTVERZOEK_BEHANDELEN,
        Actie.ZAAK_BEKIJKEN,
        Actie.ZAAK_BEHANDELEN,
        Actie.MELDING_BEHANDELEN,
        Actie.BERICHTEN_BEKIJKEN,
        Actie.VERWERKINGENLOG_BEKIJKEN,
        Actie.VERWERKINGENLOG_EXPORTEREN,
    }
)

_IEDEREEN = {
    Actie.ORGANISATIE_BEKIJKEN,
    Actie.TEAM_BEKIJKEN,
    Actie.KALENDER_BEKIJKEN,
    Actie.KENNIS_BEKIJKEN,
}

MATRIX: dict[Rol, frozenset[Actie]] = {
    Rol.KCC_MEDEWERKER: frozenset(
        _IEDEREEN
        | {
            Actie.KLANT_BEKIJKEN,
            Actie.KLANT_WIJZIGEN,
            Actie.KLANT_GEVOELIGE_KENMERKEN,
            Actie.CONTACT_REGISTREREN,
            Actie.CONTACTVERZOEK_BEHANDELEN,
            Actie.ZAAK_BEKIJKEN,
        }
    ),
    Rol.BEHANDELAAR: frozenset(
        _IEDEREEN
        | {
            Actie.KLANT_BEKIJKEN,
            Actie.KLANT_WIJZIGEN,
            Actie.KLANT_GEVOELIGE_KENMERKEN,
            Actie.CONTACT_REGISTREREN,
            Actie.CONTACTVERZOEK_BEHANDELEN,
            Actie.ZAAK_BEKIJKEN,
            Actie.ZAAK_BEHANDELEN,
            Actie.MELDING_BEHANDELEN,
        }
    ),
    Rol.TEAMLEIDER: frozenset(
        _IEDEREEN
        | {
            Actie.KLANT_BEKIJKEN,
            Actie.KLANT_GEVOELIGE_KENMERKEN,
            Actie.CONTACTVERZOEK_BEHANDELEN,
            Actie.ZAAK_BEKIJKEN,
            Actie.ZAAK_BEHANDELEN,
            Actie.MELDING_BEHANDELEN,
            Actie.DASHBOARD_BEKIJKEN,
            Actie.BEREIKBAARHEID_TEAM_WIJZIGEN,
        }
    ),
    Rol.BUITENDIENST: frozenset(_IEDEREEN | {Actie.MELDING_BEHANDELEN}),
    Rol.FUNCTIONEEL_BEHEERDER: frozenset(
        _IEDEREEN
        | {
            Actie.TEAM_BEHEREN,
            Actie.MEDEWERKER_BEHEREN,
            Actie.BEREIKBAARHEID_TEAM_WIJZIGEN,
            Actie.KALENDER_BEHEREN,
            Actie.KENNIS_BEHEREN,
            Actie.CATALOGUS_BEHEREN,
            Actie.KCC_INRICHTEN,
            Actie.DASHBOARD_BEKIJKEN,
            Actie.BERICHTEN_BEKIJKEN,
            Actie.ABONNEMENT_BEHEREN,
            Actie.APICLIENT_BEHEREN,
        }
    ),
    Rol.PRIVACY_OFFICER: frozenset(
        {
            Actie.ORGANISATIE_BEKIJKEN,
            Actie.TEAM_BEKIJKEN,
            Actie.VERWERKINGENLOG_BEKIJKEN,
            Actie.VERWERKINGENLOG_EXPORTEREN,
        }
    ),
    # System clients act for the organisations they are linked to; their scopes can
    # narrow this row, never widen it.
    Rol.SYSTEEM: frozenset(
        {
            Actie.ORGANISATIE_BEKIJKEN,
            Actie.TEAM_BEKIJKEN,
            Actie.KALENDER_BEKIJKEN,
            Actie.KENNIS_BEKIJKEN,
            Actie.KLANT_BEKIJKEN,
            Actie.KLANT_WIJZIGEN,
            Actie.CONTACT_REGISTREREN,
            Actie.CONTACTVERZOEK_BEHANDELEN,
            Actie.ZAAK_BEKIJKEN,
            Actie.ZAAK_BEHANDELEN,
            Actie.MELDING_BEHANDELEN,
        }
    ),
}


def rol_mag(rol: Rol | str, actie: Actie) -> bool:
    return actie in MATRIX.get(Rol(rol), frozenset())


def rol_ziet_persoonsgegevens(rol: Rol | str) -> bool:
    return bool(MATRIX.get(Rol(rol), frozenset()) & PERSOONSGEGEVENS)


def rollen_met(actie: Actie) -> frozenset[Rol]:
    return frozenset(rol for rol, acties in MATRIX.items() if actie in acties)
