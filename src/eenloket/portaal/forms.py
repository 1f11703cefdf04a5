"""The public contact form. Spam is kept out without a third-party CAPTCHA: a honeypot
field people never see, a signed timestamp (a form sent within a few seconds of loading,
or more than a day later, is refused) and a rate limit per IP address (in the view)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from eenloket.contacten.constants import MAX_VRAAG
from eenloket.core.forms import StyledForm
from eenloket.core.validators import validate_telefoonnummer

SALT = "eenloket.portaal.contactformulier"
MIN_SECONDEN = 3
MAX_SECONDEN = 24 * 3600


def tijdstempel() -> str:
    return signing.dumps(time.time(), salt=SALT)


class ContactForm(StyledForm):
    naam = forms.CharField(
        label=_("Naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Vul een e-mailadres of een telefoonnummer in, zodat we u kunnen antwoorden."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telefoonnummer = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=20,
        required=False,
        validators=[validate_telefoonnummer],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    vraag = forms.CharField(
        label=_("Uw vraag"), max_length=MAX_VRAAG, widget=forms.Textarea(attrs={"rows": 8})
    )
    # The honeypot: hidden from people (and from assistive technology); bots fill it in.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)
    t = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.spam = False
        self.te_snel = False

    def clean_t(self) -> str:
        waarde = self.cleaned_data.get("t") or ""
        try:
            geladen = float(signing.loads(waarde, salt=SALT, max_age=MAX_SECONDEN))
            if time.time() - geladen > MAX_SECONDEN:
                raise ValueError("verlopen")
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Het formulier is verlopen. Controleer uw gegevens en verstuur het opnieuw."),
                code="verlopen",
            ) from None
        if time.time() - geladen < MIN_SECONDEN:
            self.te_snel = True
            raise forms.ValidationError(
                _("U verstuurde het formulier erg snel. Controleer uw gegevens en verstuur het opnieuw."),
                code="te_snel",
            )
        return waarde

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            self.spam = True
        geldig = not self.errors.get("email") and not self.errors.get("telefoonnummer")
        if geldig and not (data.get("email") or data.get("telefoonnummer")):
            self.add_error("email", _("Vul een e-mailadres of een telefoonnummer in."))
        return data
