"""Staff screens of the omnichannel inbox: the list with its tabs, a thread with its
messages and attachments, answering, claiming, assigning, closing and linking the
sender to a known party. Views validate input and call a service or selector of
``contacten.inbox``. The forms live here because only these screens use them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.contacten import inbox
from eenloket.contacten.constants import MAX_ANTWOORD, NormSoort
from eenloket.contacten.models import Inboxgesprek
from eenloket.contacten.services import servicenorm_voor
from eenloket.contacten.views import _actor, _medewerkers, _organisatie, _velden_fouten
from eenloket.core.forms import StyledForm
from eenloket.core.models import Team, User
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import mag
from eenloket.klanten.models import Bedrijf, Persoon

TAB_LABELS: dict[str, Any] = {
    "nieuw": gettext_lazy("Nieuw"),
    "mijn": gettext_lazy("Mijn berichten"),
    "team": gettext_lazy("Mijn team"),
    "te_laat": gettext_lazy("Te laat"),
    "beantwoord": gettext_lazy("Beantwoord en gesloten"),
}


class AntwoordForm(StyledForm):
    tekst = forms.CharField(
        label=gettext_lazy("Uw antwoord"),
        max_length=MAX_ANTWOORD,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Wordt per e-mail verstuurd en vastgelegd als klantcontact."),
    )
    sleutel = forms.CharField(widget=forms.HiddenInput, max_length=64)


class InboxToewijzenForm(StyledForm):
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("— geen team —"),
        to_field_name="uuid",
    )
    behandelaar = forms.ModelChoiceField(
        label=gettext_lazy("Collega"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("— niemand (terug naar Nieuw) —"),
        to_field_name="uuid",
    )

    def __init__(self, *args: Any, teams: Any = None, medewerkers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = (
            teams if teams is not None else Team.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["behandelaar"]).queryset = (
            medewerkers if medewerkers is not None else User.objects.none()
        )


def _vereis_inbox(request: HttpRequest) -> None:
    if not mag(_actor(request), Actie.CONTACT_REGISTREREN):
        raise PermissionDenied


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    _vereis_inbox(request)
    actor = _actor(request)
    tab = request.GET.get("tab", "nieuw")
    if tab not in TAB_LABELS:
        tab = "nieuw"
    organisatie = _organisatie(request, Actie.CONTACT_REGISTREREN)
    pagina = Paginator(inbox.inbox_lijst(actor, tab), 50).get_page(request.GET.get("pagina"))  # type: ignore[arg-type]
    tellingen = inbox.inbox_tellingen(actor)
    tabs = [
        {"code": code, "label": label, "aantal": tellingen.get(code), "actief": code == tab}
        for code, label in TAB_LABELS.items()
    ]
    _termijn, norm = servicenorm_voor(organisatie, soort=NormSoort.EMAIL)
    return render(
        request,
        "contacten/inbox.html",
        {"pagina": pagina, "tab": tab, "tab_label": TAB_LABELS[tab], "tabs": tabs, "norm": norm},
    )


def _context(request: HttpRequest, gesprek_uuid: Any, **extra: Any) -> dict[str, Any]:
    beeld = inbox.gesprek_beeld(_actor(request), gesprek_uuid)
    org = beeld.gesprek.organisatie
    context: dict[str, Any] = {
        "beeld": beeld,
        "gesprek": beeld.gesprek,
        "open": beeld.gesprek.status in inbox.OPEN,
        "antwoord_form": AntwoordForm(prefix="a", initial={"sleutel": inbox.nieuwe_sleutel()}),
        "toewijzen_form": InboxToewijzenForm(
            prefix="t",
            teams=Team.objects.filter(organisatie=org).order_by("naam"),
            medewerkers=_medewerkers(org),
            initial={
                "team": beeld.gesprek.team.uuid if beeld.gesprek.team else None,
                "behandelaar": beeld.gesprek.behandelaar.uuid if beeld.gesprek.behandelaar else None,
            },
        ),
        "mag_klant_bekijken": mag(_actor(request), Actie.KLANT_BEKIJKEN, org),
        "kandidaten": [
            (f"{'persoon' if isinstance(k, Persoon) else 'bedrijf'}:{k.uuid}", str(k))
            for k in beeld.kandidaten
        ],
    }
    context.update(extra)
    return context


@login_required
def gesprek_view(request: HttpRequest, uuid: str) -> HttpResponse:
    _vereis_inbox(request)
    return render(request, "contacten/inbox_gesprek.html", _context(request, uuid))


@login_required
@require_POST
def gesprek_actie_view(request: HttpRequest, uuid: str, actie: str) -> HttpResponse:
    _vereis_inbox(request)
    actor = _actor(request)
    gesprek: Inboxgesprek = inbox.gesprek_get(actor, uuid)
    org = gesprek.organisatie
    form: Any = None
    try:
        if actie == "beantwoorden":
            form = AntwoordForm(request.POST, prefix="a")
            if form.is_valid():
                inbox.gesprek_beantwoorden(
                    gesprek=gesprek,
                    tekst=form.cleaned_data["tekst"],
                    by=actor,
                    sleutel=form.cleaned_data["sleutel"],
                )
                messages.success(request, _("Uw antwoord wordt verstuurd en is vastgelegd als klantcontact."))
                return redirect("contacten:inbox_gesprek", uuid=gesprek.uuid)
            return render(
                request,
                "contacten/inbox_gesprek.html",
                _context(request, uuid, antwoord_form=form),
                status=400,
            )
        if actie == "claimen":
            inbox.gesprek_claimen(gesprek=gesprek, by=actor)
            messages.success(request, _("U heeft dit bericht opgepakt."))
        elif actie == "toewijzen":
            form = InboxToewijzenForm(
                request.POST,
                prefix="t",
                teams=Team.objects.filter(organisatie=org),
                medewerkers=_medewerkers(org),
            )
            if not form.is_valid():
                return render(
                    request,
                    "contacten/inbox_gesprek.html",
                    _context(request, uuid, toewijzen_form=form),
                    status=400,
                )
            inbox.gesprek_toewijzen(
                gesprek=gesprek,
                by=actor,
                team=form.cleaned_data["team"],
                behandelaar=form.cleaned_data["behandelaar"],
            )
            messages.success(request, _("Bericht toegewezen."))
        elif actie == "sluiten":
            inbox.gesprek_sluiten(gesprek=gesprek, by=actor)
            messages.success(request, _("Bericht gesloten zonder antwoord."))
        elif actie == "koppelen":
            soort, _sep, partij_uuid = request.POST.get("partij", "").partition(":")
            model: type[Persoon] | type[Bedrijf] = Persoon if soort == "persoon" else Bedrijf
            partij = model.objects.filter(organisatie=org, uuid=partij_uuid or None).first()
            if (
                partij is None
                or soort not in ("persoon", "bedrijf")
                or not mag(actor, Actie.KLANT_BEKIJKEN, org)
            ):
                messages.error(request, _("Kies een klant uit de lijst."))
            else:
                inbox.gesprek_partij_koppelen(
                    gesprek=gesprek,
                    by=actor,
                    persoon=partij if isinstance(partij, Persoon) else None,
                    bedrijf=partij if isinstance(partij, Bedrijf) else None,
                )
                messages.success(request, _("Afzender gekoppeld aan %(klant)s.") % {"klant": partij})
        else:
            raise PermissionDenied
    except ValidationError as exc:
        if form is not None:
            _velden_fouten(form, exc)
            naam = "antwoord_form" if actie == "beantwoorden" else "toewijzen_form"
            return render(
                request, "contacten/inbox_gesprek.html", _context(request, uuid, **{naam: form}), status=400
            )
        messages.error(request, " ".join(exc.messages))
    return redirect("contacten:inbox_gesprek", uuid=gesprek.uuid)


@login_required
def bijlage_view(request: HttpRequest, uuid: str, bijlage: int) -> HttpResponseBase:
    """Download an attachment: only when clean or not scanned (no scanner configured)."""
    _vereis_inbox(request)
    gevonden = inbox.bijlage_get(_actor(request), uuid, bijlage)
    if not gevonden.downloadbaar:
        raise PermissionDenied
    return FileResponse(
        gevonden.bestand.open("rb"),
        as_attachment=True,
        filename=gevonden.bestandsnaam,
        content_type="application/octet-stream",
    )
