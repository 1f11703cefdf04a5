"""Forms of the contact-centre screens. They validate input and name the field; the
services check the rules that span fields and organisations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eenloket.contacten.constants import (
    MAX_ANTWOORD,
    MAX_NOTITIE,
    MAX_ONDERWERP_TEKST,
    MAX_VRAAG,
    KanaalSoort,
    NormEenheid,
    NormSoort,
    PogingUitkomst,
    Resultaat,
    Uitkomst,
    Urgentie,
)
from eenloket.core.forms import StyledForm
from eenloket.core.models import Onderwerp, Organisatie, Team, User
from eenloket.core.validators import (
    normalise_bsn,
    normalise_postcode,
    validate_bsn,
    validate_kvk_nummer,
    validate_postcode,
    validate_telefoonnummer,
    validate_vestigingsnummer,
)
from eenloket.klanten.constants import VlagSoort, Voorkeurskanaal


def _keuzeveld(label: Any, queryset: Any, leeg: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=False, empty_label=leeg, to_field_name="uuid"
    )


class ContactStartenForm(StyledForm):
    kanaal = forms.ChoiceField(label=_("Kanaal"))

    def __init__(self, *args: Any, kanalen: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kanaal"]).choices = [(k.code, k.naam) for k in kanalen]


class ContactgegevensForm(StyledForm):
    contactnaam = forms.CharField(label=_("Naam (zoals genoemd)"), max_length=200, required=False)
    telefoonnummer = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=20,
        required=False,
        validators=[validate_telefoonnummer],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class PersoonZoekForm(StyledForm):
    """Find a person: by BSN, by surname + date of birth, by postcode + house number,
    or by a phone number / e-mail address known from earlier contacts. The first
    filled-in way is used."""

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    geslachtsnaam = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    huisnummer = forms.IntegerField(label=_("Huisnummer"), required=False, min_value=1, max_value=99999)
    toevoeging = forms.CharField(label=_("Huisletter of toevoeging"), required=False, max_length=5)
    telefoonnummer = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=20,
        validators=[validate_telefoonnummer],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)

    def clean_bsn(self) -> str:
        waarde = normalise_bsn(self.cleaned_data.get("bsn") or "")
        if waarde:
            validate_bsn(waarde)
        return waarde

    def clean_postcode(self) -> str:
        waarde = normalise_postcode(self.cleaned_data.get("postcode") or "")
        if waarde:
            validate_postcode(waarde)
        return waarde

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("bsn"):
            data["zoekwijze"] = "bsn"
        elif data.get("geslachtsnaam") or data.get("geboortedatum"):
            if not (data.get("geslachtsnaam") and data.get("geboortedatum")):
                veld = "geboortedatum" if data.get("geslachtsnaam") else "geslachtsnaam"
                raise ValidationError({veld: _("Vul achternaam én geboortedatum in.")})
            data["zoekwijze"] = "naam"
        elif data.get("postcode") or data.get("huisnummer"):
            if not (data.get("postcode") and data.get("huisnummer")):
                veld = "huisnummer" if data.get("postcode") else "postcode"
                raise ValidationError({veld: _("Vul postcode én huisnummer in.")})
            data["zoekwijze"] = "adres"
        elif data.get("telefoonnummer"):
            data["zoekwijze"] = "telefoon"
        elif data.get("email"):
            data["zoekwijze"] = "email"
        else:
            raise ValidationError(
                _(
                    "Vul een BSN, naam en geboortedatum, postcode en huisnummer, "
                    "telefoonnummer of e-mailadres in."
                )
            )
        return data


class BedrijfZoekForm(StyledForm):
    kvk_nummer = forms.CharField(
        label=_("KvK-nummer"),
        required=False,
        max_length=8,
        validators=[validate_kvk_nummer],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    vestigingsnummer = forms.CharField(
        label=_("Vestigingsnummer"),
        required=False,
        max_length=12,
        validators=[validate_vestigingsnummer],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    naam = forms.CharField(label=_("Handelsnaam"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(v) for v in ("kvk_nummer", "vestigingsnummer", "naam")):
            raise ValidationError(_("Vul een KvK-nummer, vestigingsnummer of handelsnaam in."))
        return data


class VraagForm(StyledForm):
    vraag = forms.CharField(label=_("Vraag"), max_length=MAX_VRAAG, widget=forms.Textarea(attrs={"rows": 3}))
    antwoord = forms.CharField(
        label=_("Antwoord"), max_length=MAX_ANTWOORD, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    onderwerp = forms.ModelChoiceField(
        label=_("Onderwerp"),
        queryset=Onderwerp.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("— kies een onderwerp —"),
    )
    onderwerp_tekst = forms.CharField(
        label=_("Of: onderwerp in eigen woorden"), max_length=MAX_ONDERWERP_TEKST, required=False
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"), choices=Uitkomst.choices, initial=Uitkomst.BEANTWOORD, widget=forms.RadioSelect
    )
    doorverwezen_team = _keuzeveld(_("Doorverwezen naar team"), Team.objects.none(), _("— geen team —"))
    doorverwezen_organisatie = _keuzeveld(
        _("Doorverwezen naar organisatie"), Organisatie.objects.none(), _("— geen organisatie —")
    )
    doorverwezen_naar = forms.CharField(label=_("Of: andere instantie"), max_length=200, required=False)
    cv_team = _keuzeveld(_("Contactverzoek naar team"), Team.objects.none(), _("— geen team —"))
    cv_behandelaar = _keuzeveld(_("Of naar medewerker"), User.objects.none(), _("— geen medewerker —"))
    cv_ketenpartner = _keuzeveld(
        _("Of naar ketenpartner"), Organisatie.objects.none(), _("— geen ketenpartner —")
    )
    cv_telefoonnummer = forms.CharField(
        label=_("Terugbellen op telefoonnummer"),
        max_length=20,
        required=False,
        validators=[validate_telefoonnummer],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    cv_email = forms.EmailField(label=_("Of antwoorden per e-mail"), required=False)
    cv_bereikbaar = forms.CharField(
        label=_("Wanneer bereikbaar"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: werkdagen na 14.00 uur."),
    )
    cv_urgentie = forms.ChoiceField(label=_("Urgentie"), choices=Urgentie.choices, initial=Urgentie.NORMAAL)
    cv_toelichting = forms.CharField(
        label=_("Toelichting voor de behandelaar"),
        max_length=MAX_NOTITIE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        onderwerpen: Any = None,
        teams: Any = None,
        medewerkers: Any = None,
        organisaties: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["onderwerp"]).queryset = (
            onderwerpen if onderwerpen is not None else Onderwerp.objects.none()
        )
        for veld in ("doorverwezen_team", "cv_team"):
            cast(forms.ModelChoiceField, self.fields[veld]).queryset = (
                teams if teams is not None else Team.objects.none()
            )
        cast(forms.ModelChoiceField, self.fields["cv_behandelaar"]).queryset = (
            medewerkers if medewerkers is not None else User.objects.none()
        )
        for veld in ("doorverwezen_organisatie", "cv_ketenpartner"):
            cast(forms.ModelChoiceField, self.fields[veld]).queryset = (
                organisaties if organisaties is not None else Organisatie.objects.none()
            )

    def service_velden(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        data = self.cleaned_data
        velden = {
            veld: data.get(veld)
            or ("" if veld in ("antwoord", "onderwerp_tekst", "doorverwezen_naar") else None)
            for veld in (
                "vraag",
                "antwoord",
                "onderwerp",
                "onderwerp_tekst",
                "uitkomst",
                "doorverwezen_team",
                "doorverwezen_organisatie",
                "doorverwezen_naar",
            )
        }
        if data["uitkomst"] != Uitkomst.CONTACTVERZOEK:
            return velden, None
        verzoek = {
            "team": data.get("cv_team"),
            "behandelaar": data.get("cv_behandelaar"),
            "ketenpartner": data.get("cv_ketenpartner"),
            "telefoonnummer": data.get("cv_telefoonnummer") or "",
            "email": data.get("cv_email") or "",
            "bereikbaar": data.get("cv_bereikbaar") or "",
            "urgentie": data.get("cv_urgentie") or Urgentie.NORMAAL,
            "interne_toelichting": data.get("cv_toelichting") or "",
        }
        return velden, verzoek

    # Service errors name model fields; map them back onto this form's fields.
    VELD_VAN_SERVICE = {
        "team": "cv_team",
        "behandelaar": "cv_behandelaar",
        "ketenpartner": "cv_ketenpartner",
        "telefoonnummer": "cv_telefoonnummer",
        "email": "cv_email",
        "bereikbaar": "cv_bereikbaar",
        "interne_toelichting": "cv_toelichting",
    }


class ToewijzenForm(StyledForm):
    team = _keuzeveld(_("Team"), Team.objects.none(), _("— zelfde team —"))
    behandelaar = _keuzeveld(_("Medewerker"), User.objects.none(), _("— niemand (terug naar de wachtrij) —"))
    ketenpartner = _keuzeveld(_("Ketenpartner"), Organisatie.objects.none(), _("— geen ketenpartner —"))
    toelichting = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(
        self, *args: Any, teams: Any = None, medewerkers: Any = None, organisaties: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = (
            teams if teams is not None else Team.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["behandelaar"]).queryset = (
            medewerkers if medewerkers is not None else User.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["ketenpartner"]).queryset = (
            organisaties if organisaties is not None else Organisatie.objects.none()
        )


class PogingForm(StyledForm):
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"), choices=PogingUitkomst.choices, widget=forms.RadioSelect
    )
    notitie = forms.CharField(
        label=_("Notitie"), max_length=MAX_NOTITIE, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AfhandelenForm(StyledForm):
    resultaat = forms.ChoiceField(label=_("Resultaat"), choices=Resultaat.choices)
    afsluittekst = forms.CharField(
        label=_("Afsluittekst (intern)"), max_length=MAX_ANTWOORD, widget=forms.Textarea(attrs={"rows": 3})
    )
    bericht_sturen = forms.BooleanField(
        label=_("Stuur de inwoner een afsluitbericht per e-mail"), required=False
    )
    bericht_aan_inwoner = forms.CharField(
        label=_("Afsluitbericht aan de inwoner"),
        max_length=MAX_ANTWOORD,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("bericht_sturen") and not (data.get("bericht_aan_inwoner") or "").strip():
            raise ValidationError({"bericht_aan_inwoner": _("Schrijf het bericht aan de inwoner.")})
        if not data.get("bericht_sturen"):
            data["bericht_aan_inwoner"] = ""
        return data


class KenmerkForm(StyledForm):
    soort = forms.ChoiceField(label=_("Soort kenmerk"))
    toelichting = forms.CharField(label=_("Toelichting"), max_length=1000, required=False)
    einddatum = forms.DateField(
        label=_("Geldig tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, gevoelig: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzes = [(w, label) for w, label in VlagSoort.choices if gevoelig or w not in VlagSoort.gevoelig()]
        cast(forms.ChoiceField, self.fields["soort"]).choices = keuzes


class VoorkeurForm(StyledForm):
    voorkeurskanaal = forms.ChoiceField(
        label=_("Voorkeurskanaal"),
        choices=[("", _("— geen voorkeur —")), *Voorkeurskanaal.choices],
        required=False,
    )


class KanaalForm(StyledForm):
    naam = forms.CharField(label=_("Naam"), max_length=100)
    soort = forms.ChoiceField(label=_("Soort"), choices=KanaalSoort.choices)
    volgorde = forms.IntegerField(label=_("Volgorde"), min_value=0, max_value=999, initial=50)
    actief = forms.BooleanField(label=_("Actief"), required=False, initial=True)


class ServicenormForm(StyledForm):
    soort = forms.ChoiceField(label=_("Voor"), choices=NormSoort.choices)
    team = _keuzeveld(_("Team"), Team.objects.none(), _("— alle teams —"))
    onderwerp = _keuzeveld(_("Onderwerp"), Onderwerp.objects.none(), _("— alle onderwerpen —"))
    urgentie = forms.ChoiceField(
        label=_("Urgentie"), choices=[("", _("— elke urgentie —")), *Urgentie.choices], required=False
    )
    termijn = forms.IntegerField(label=_("Termijn"), min_value=0, max_value=365)
    eenheid = forms.ChoiceField(label=_("Eenheid"), choices=NormEenheid.choices)
    omschrijving = forms.CharField(
        label=_("Omschrijving voor inwoners"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: wij bellen u binnen 2 werkdagen terug."),
    )

    def __init__(self, *args: Any, teams: Any = None, onderwerpen: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = (
            teams if teams is not None else Team.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["onderwerp"]).queryset = (
            onderwerpen if onderwerpen is not None else Onderwerp.objects.none()
        )
