"""Forms of the foundation's staff screens. Validation messages are Dutch (English via
the translation catalogue) and name the field through Django's field errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from eenloket.core.calendar import TermijnEenheid
from eenloket.core.constants import Rol
from eenloket.core.models import Team, User
from eenloket.core.validators import validate_bsn, validate_kvk_nummer

WIDGET_CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
}


def style_fields(form: forms.BaseForm) -> None:
    """Give every widget its NL Design System class."""
    for field in form.fields.values():
        widget = field.widget
        kind = getattr(widget, "input_type", None) or (
            "textarea" if isinstance(widget, forms.Textarea) else ""
        )
        css = WIDGET_CLASSES.get(kind, "utrecht-textbox utrecht-textbox--html-input")
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class TotpForm(StyledForm):
    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de 6 cijfers uit uw authenticator-app in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class BereikbaarheidForm(StyledForm):
    aanwezig = forms.BooleanField(label=_("Ik ben aanwezig"), required=False)
    afwezig_tot = forms.DateField(
        label=_("Afwezig tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )
    vervanger = forms.ModelChoiceField(
        label=_("Vervanger bij afwezigheid"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, collegas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if collegas is not None:
            self.fields["vervanger"].queryset = collegas  # type: ignore[attr-defined]


class TermijnForm(StyledForm):
    start = forms.DateField(
        label=_("Startdatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )
    aantal = forms.IntegerField(label=_("Termijn"), min_value=0, max_value=1000)
    eenheid = forms.ChoiceField(
        label=_("Eenheid"),
        choices=[
            (TermijnEenheid.WERKDAGEN.value, _("werkdagen")),
            (TermijnEenheid.KALENDERDAGEN.value, _("kalenderdagen")),
            (TermijnEenheid.WEKEN.value, _("weken")),
            (TermijnEenheid.MAANDEN.value, _("maanden")),
        ],
    )
    organisatie = forms.ChoiceField(label=_("Organisatie"))

    def __init__(self, *args: Any, organisaties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].choices = [(o.code, o.naam) for o in organisaties]  # type: ignore[attr-defined]


class SluitingsdagForm(StyledForm):
    organisatie = forms.ChoiceField(label=_("Organisatie"))
    datum = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)

    def __init__(self, *args: Any, organisaties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].choices = [(o.code, o.naam) for o in organisaties]  # type: ignore[attr-defined]


class VerwerkingenZoekForm(StyledForm):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        validators=[validate_bsn],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kvk_nummer = forms.CharField(
        label=_("KvK-nummer"),
        required=False,
        max_length=20,
        validators=[validate_kvk_nummer],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    van = forms.DateField(
        label=_("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )

    def clean_bsn(self) -> str:
        return self.cleaned_data["bsn"].strip()

    def clean_kvk_nummer(self) -> str:
        value = self.cleaned_data["kvk_nummer"]
        return value.strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("bsn") and not data.get("kvk_nummer") and not self.errors:
            raise forms.ValidationError(
                _(
                    "Vul een BSN of KvK-nummer in om de verwerkingen van die persoon "
                    "of onderneming te zoeken."
                ),
                code="required",
            )
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data


def _rol_choices() -> list[tuple[str, Any]]:
    # SYSTEEM belongs to API clients only and is never offered.
    return [(rol.value, rol.label) for rol in Rol if rol != Rol.SYSTEEM]


class TeamKeuze(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, met_organisatie: bool = False, **kwargs: Any) -> None:
        self.met_organisatie = met_organisatie
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.naam} ({obj.organisatie.naam})" if self.met_organisatie else obj.naam


class MedewerkerRollenForm(StyledForm):
    """Roles and teams of one staff member in one organisation."""

    rollen = forms.MultipleChoiceField(
        label=_("Rollen"), required=False, choices=_rol_choices, widget=forms.CheckboxSelectMultiple
    )
    teams = TeamKeuze(
        label=_("Teams"),
        required=False,
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["teams"].queryset = teams  # type: ignore[attr-defined]


class MedewerkerForm(MedewerkerRollenForm):
    """A new staff member with roles and teams in one organisation."""

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "functie",
        "organisatie",
        "rollen",
        "teams",
        "wachtwoord",
    ]

    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, cijfers en @ . + - _; bij inloggen via OIDC de gebruikersnaam daar."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    last_name = forms.CharField(
        label=_("Achternaam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    functie = forms.CharField(label=_("Functie"), max_length=100, required=False)
    organisatie = forms.ChoiceField(label=_("Organisatie"))
    wachtwoord = forms.CharField(
        label=_("Wachtwoord"),
        required=False,
        strip=False,
        help_text=_("Minstens 12 tekens. Leeg laten als de medewerker inlogt via OIDC."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, organisaties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].choices = [(o.code, o.naam) for o in organisaties]  # type: ignore[attr-defined]
        self.fields["teams"].met_organisatie = True  # type: ignore[attr-defined]
