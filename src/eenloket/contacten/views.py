"""Staff screens of the contact centre: the live-contact screen, finding a party, the
klantbeeld, the contactverzoek queues and detail, and incoming-call screen pops.
Views validate input and call a service or selector."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.contacten import selectors, services
from eenloket.contacten.forms import (
    AfhandelenForm,
    BedrijfZoekForm,
    ContactgegevensForm,
    ContactStartenForm,
    KanaalForm,
    KenmerkForm,
    PersoonZoekForm,
    PogingForm,
    ServicenormForm,
    ToewijzenForm,
    VoorkeurForm,
    VraagForm,
)
from eenloket.contacten.models import Contactverzoek, Kanaal, Klantcontact, Schermpop, Servicenorm
from eenloket.core.models import Onderwerp, Organisatie, Team, User
from eenloket.core.permissions import Actie
from eenloket.core.selectors import organisaties_met
from eenloket.core.tenancy import mag
from eenloket.integraties.transport import KoppelingFout
from eenloket.klanten import brp as brp_services
from eenloket.klanten import services as klant_services
from eenloket.klanten.models import Bedrijf, Klantvlag, Persoon

ZOEKDOEL = "Identificatie van de klant bij een klantcontact"


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


def _organisatie(request: HttpRequest, actie: Actie) -> Organisatie:
    """The organisation chosen in the header, if the actor may do ``actie`` there;
    otherwise the first one where they may."""
    actor = _actor(request)
    organisaties = organisaties_met(actor, actie)
    if not organisaties:
        raise PermissionDenied
    gekozen = request.session.get("eenloket_organisatie")
    return next((o for o in organisaties if o.code == gekozen), organisaties[0])


def _ketenpartners(organisatie: Organisatie) -> QuerySet[Organisatie]:
    return Organisatie.objects.filter(actief=True).exclude(pk=organisatie.pk).order_by("naam")


def _medewerkers(organisatie: Organisatie) -> QuerySet[User]:
    from eenloket.core.constants import Rol

    return (
        User.objects.filter(
            is_active=True,
            roltoewijzingen__organisatie=organisatie,
            roltoewijzingen__rol__in=[Rol.BEHANDELAAR, Rol.KCC_MEDEWERKER, Rol.TEAMLEIDER],
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def _velden_fouten(form: Any, exc: ValidationError, vertaling: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form's fields (or the form)."""
    vertaling = vertaling or {}
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            doel = vertaling.get(veld, veld)
            form.add_error(doel if doel in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


# --- the KCC workspace and live contacts --------------------------------------------


@login_required
def kcc_view(request: HttpRequest) -> HttpResponse:
    organisatie = _organisatie(request, Actie.CONTACT_REGISTREREN)
    form = ContactStartenForm(kanalen=selectors.kanalen_voor(organisatie))
    return render(
        request,
        "contacten/kcc.html",
        {
            "organisatie": organisatie,
            "start_form": form,
            "lopend": selectors.lopende_contacten(_actor(request)),
            "persoon_form": PersoonZoekForm(prefix="p"),
            "bedrijf_form": BedrijfZoekForm(prefix="b"),
        },
    )


@login_required
@require_POST
def contact_starten_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    organisatie = _organisatie(request, Actie.CONTACT_REGISTREREN)
    form = ContactStartenForm(request.POST, kanalen=selectors.kanalen_voor(organisatie))
    if not form.is_valid():
        messages.error(request, _("Kies een kanaal om het contact te starten."))
        return redirect("contacten:kcc")
    persoon = bedrijf = None
    if request.POST.get("partij"):
        soort, _sep, uuid = request.POST["partij"].partition(":")
        partij = selectors.partij_get(actor, soort, uuid)
        persoon = partij if isinstance(partij, Persoon) else None
        bedrijf = partij if isinstance(partij, Bedrijf) else None
        organisatie = partij.organisatie
    contact = services.contact_starten(
        organisatie=organisatie,
        kanaal=form.cleaned_data["kanaal"],
        by=actor,
        persoon=persoon,
        bedrijf=bedrijf,
        telefoonnummer=request.POST.get("telefoonnummer", ""),
    )
    return redirect("contacten:contact", uuid=contact.uuid)


def _vraag_form(contact: Klantcontact, data: Any = None, **kwargs: Any) -> VraagForm:
    org = contact.organisatie
    return VraagForm(
        data,
        onderwerpen=Onderwerp.objects.filter(organisatie=org).order_by("naam"),
        teams=Team.objects.filter(organisatie=org).order_by("naam"),
        medewerkers=_medewerkers(org),
        organisaties=_ketenpartners(org),
        **kwargs,
    )


def _contact_context(request: HttpRequest, contact: Klantcontact, **extra: Any) -> dict[str, Any]:
    actor = _actor(request)
    beeld = None
    if contact.partij is not None and mag(actor, Actie.KLANT_BEKIJKEN, contact.organisatie_id):
        beeld = selectors.klantbeeld(actor, contact.partij)
    context = {
        "contact": contact,
        "vragen": contact.vragen.select_related(
            "onderwerp",
            "doorverwezen_team",
            "doorverwezen_organisatie",
            "contactverzoek__team",
            "contactverzoek__behandelaar",
            "contactverzoek__ketenpartner",
        ).order_by("volgorde"),
        "lopend": selectors.lopende_contacten(actor),
        "klantbeeld": beeld,
        "vraag_form": _vraag_form(contact, prefix="v"),
        "gegevens_form": ContactgegevensForm(
            prefix="g",
            initial={
                "contactnaam": contact.contactnaam,
                "telefoonnummer": contact.telefoonnummer,
                "email": contact.email,
            },
        ),
        "persoon_form": PersoonZoekForm(prefix="p"),
        "bedrijf_form": BedrijfZoekForm(prefix="b"),
        "kanalen": selectors.kanalen_voor(contact.organisatie_id),
    }
    context.update(extra)
    return context


@login_required
def contact_view(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(_actor(request), uuid)
    if not contact.is_concept:
        return render(
            request,
            "contacten/contact_geregistreerd.html",
            {"contact": contact, "vragen": contact.vragen.select_related("onderwerp").order_by("volgorde")},
        )
    extra: dict[str, Any] = {}
    if "p-zoek" in request.GET or "b-zoek" in request.GET:
        extra.update(_zoeken(request, contact.organisatie))
    return render(request, "contacten/contact.html", _contact_context(request, contact, **extra))


def _zoeken(request: HttpRequest, organisatie: Organisatie) -> dict[str, Any]:
    """Run the person or business search in the query string; results from the BRP /
    KvK connector (logged with their purpose) or from known contact details."""
    actor = _actor(request)
    resultaat: dict[str, Any] = {
        "gezocht": True,
        "brp_treffers": [],
        "kvk_treffers": [],
        "bekende_partijen": [],
    }
    if "p-zoek" in request.GET:
        form = PersoonZoekForm(request.GET, prefix="p")
        resultaat["persoon_form"] = form
        if form.is_valid():
            data = form.cleaned_data
            wijze = data["zoekwijze"]
            try:
                if wijze in ("telefoon", "email"):
                    resultaat["bekende_partijen"] = selectors.partijen_via_digitaal_adres(
                        actor,
                        organisatie,
                        telefoonnummer=data.get("telefoonnummer") or "",
                        email=data.get("email") or "",
                    )
                else:
                    toevoeging = (data.get("toevoeging") or "").strip()
                    resultaat["brp_treffers"] = brp_services.personen_zoeken(
                        actor=actor,
                        organisatie=organisatie,
                        doel=ZOEKDOEL,
                        bsn=data.get("bsn") or "",
                        geslachtsnaam=data.get("geslachtsnaam") or "" if wijze == "naam" else "",
                        geboortedatum=data.get("geboortedatum") if wijze == "naam" else None,
                        postcode=data.get("postcode") or "" if wijze == "adres" else "",
                        huisnummer=data.get("huisnummer") if wijze == "adres" else None,
                        huisletter=toevoeging if len(toevoeging) == 1 and toevoeging.isalpha() else "",
                        huisnummertoevoeging=""
                        if len(toevoeging) == 1 and toevoeging.isalpha()
                        else toevoeging,
                    )
                resultaat["zoekwijze"] = wijze
            except ValidationError as exc:
                _velden_fouten(form, exc)
            except KoppelingFout as exc:
                resultaat["koppelingsfout"] = str(exc)
    else:
        form_b = BedrijfZoekForm(request.GET, prefix="b")
        resultaat["bedrijf_form"] = form_b
        if form_b.is_valid():
            try:
                resultaat["kvk_treffers"] = brp_services.bedrijven_zoeken(
                    actor=actor,
                    organisatie=organisatie,
                    doel=ZOEKDOEL,
                    kvk_nummer=form_b.cleaned_data.get("kvk_nummer") or "",
                    vestigingsnummer=form_b.cleaned_data.get("vestigingsnummer") or "",
                    naam=form_b.cleaned_data.get("naam") or "",
                )
                resultaat["zoekwijze"] = "kvk"
            except ValidationError as exc:
                _velden_fouten(form_b, exc)
            except KoppelingFout as exc:
                resultaat["koppelingsfout"] = str(exc)
    return resultaat


def _partij_uit_post(request: HttpRequest, organisatie: Organisatie) -> Persoon | Bedrijf | None:
    """The party chosen from search results: a known party (uuid), a BRP person (bsn)
    or a KvK establishment (kvk + vestigingsnummer)."""
    actor = _actor(request)
    if request.POST.get("partij"):
        soort, _sep, uuid = request.POST["partij"].partition(":")
        partij = selectors.partij_get(actor, soort, uuid)
        if partij.organisatie_id != organisatie.pk:
            raise Http404
        return partij
    if request.POST.get("bsn"):
        treffers = brp_services.personen_zoeken(
            actor=actor, organisatie=organisatie, doel=ZOEKDOEL, bsn=request.POST["bsn"]
        )
        if not treffers:
            raise ValidationError({"bsn": _("Deze persoon is niet (meer) gevonden in de BRP.")})
        return brp_services.persoon_uit_brp(organisatie=organisatie, brp=treffers[0], by=actor)
    if request.POST.get("kvk_nummer"):
        vestigingen = brp_services.bedrijven_zoeken(
            actor=actor,
            organisatie=organisatie,
            doel=ZOEKDOEL,
            kvk_nummer=request.POST["kvk_nummer"],
            vestigingsnummer=request.POST.get("vestigingsnummer", ""),
        )
        if not vestigingen:
            raise ValidationError(
                {"kvk_nummer": _("Deze onderneming is niet (meer) gevonden in het Handelsregister.")}
            )
        return brp_services.bedrijf_uit_kvk(organisatie=organisatie, kvk=vestigingen[0], by=actor)
    return None


@login_required
@require_POST
def contact_partij_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """Link the contact to the chosen person/business, or make it anonymous."""
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    try:
        partij = None if request.POST.get("anoniem") else _partij_uit_post(request, contact.organisatie)
        services.contact_bijwerken(
            contact=contact,
            by=actor,
            persoon=partij if isinstance(partij, Persoon) else None,
            bedrijf=partij if isinstance(partij, Bedrijf) else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except KoppelingFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Klant gekoppeld aan het contact.") if partij else _("Het contact is anoniem.")
        )
    return redirect("contacten:contact", uuid=contact.uuid)


@login_required
@require_POST
def contact_gegevens_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    form = ContactgegevensForm(request.POST, prefix="g")
    if form.is_valid():
        try:
            kanaal = request.POST.get("kanaal") or contact.kanaal.code
            services.contact_bijwerken(contact=contact, by=actor, kanaal=kanaal, **form.cleaned_data)
            messages.success(request, _("Contactgegevens opgeslagen."))
            return redirect("contacten:contact", uuid=contact.uuid)
        except ValidationError as exc:
            _velden_fouten(form, exc)
    contact.refresh_from_db()
    return render(
        request, "contacten/contact.html", _contact_context(request, contact, gegevens_form=form), status=400
    )


@login_required
@require_POST
def vraag_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """Add (or, with ``vraag``, change) a question of the live contact."""
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    form = _vraag_form(contact, request.POST, prefix="v")
    bestaand = None
    if request.POST.get("vraag_uuid"):
        bestaand = contact.vragen.filter(uuid=request.POST["vraag_uuid"]).first()
        if bestaand is None:
            raise Http404
    if form.is_valid():
        velden, verzoek = form.service_velden()
        try:
            services.vraag_opslaan(
                contact=contact, by=actor, contactvraag=bestaand, contactverzoek=verzoek, **velden
            )
        except ValidationError as exc:
            _velden_fouten(form, exc, VraagForm.VELD_VAN_SERVICE)
        else:
            messages.success(request, _("Vraag genoteerd."))
            return redirect(reverse("contacten:contact", kwargs={"uuid": contact.uuid}) + "#vragen")
    return render(
        request, "contacten/contact.html", _contact_context(request, contact, vraag_form=form), status=400
    )


@login_required
@require_POST
def vraag_verwijderen_view(request: HttpRequest, uuid: str, vraag: str) -> HttpResponse:
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    gevonden = contact.vragen.filter(uuid=vraag).first()
    if gevonden is None:
        raise Http404
    services.vraag_verwijderen(contactvraag=gevonden, by=actor)
    messages.success(request, _("Vraag verwijderd."))
    return redirect("contacten:contact", uuid=contact.uuid)


@login_required
@require_POST
def contact_registreren_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    if not contact.is_concept:  # double submit: already registered
        return redirect("contacten:contact", uuid=contact.uuid)
    try:
        services.contact_registreren(contact=contact, by=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contacten:contact", uuid=contact.uuid)
    messages.success(request, _("Contact geregistreerd."))
    return redirect("contacten:contact", uuid=contact.uuid)


@login_required
@require_POST
def contact_annuleren_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    contact = selectors.contact_get(actor, uuid)
    services.contact_annuleren(contact=contact, by=actor)
    messages.success(request, _("Het lopende contact is verwijderd."))
    return redirect("contacten:kcc")


# --- finding parties and the klantbeeld ---------------------------------------------


@login_required
def klant_zoeken_view(request: HttpRequest) -> HttpResponse:
    organisatie = _organisatie(request, Actie.KLANT_BEKIJKEN)
    context: dict[str, Any] = {
        "organisatie": organisatie,
        "persoon_form": PersoonZoekForm(prefix="p"),
        "bedrijf_form": BedrijfZoekForm(prefix="b"),
    }
    if "p-zoek" in request.GET or "b-zoek" in request.GET:
        context.update(_zoeken(request, organisatie))
    return render(request, "contacten/klant_zoeken.html", context)


@login_required
@require_POST
def klant_openen_view(request: HttpRequest) -> HttpResponse:
    """Open the klantbeeld of a search result (a BRP/KvK result becomes a local party)."""
    organisatie = _organisatie(request, Actie.KLANT_BEKIJKEN)
    try:
        partij = _partij_uit_post(request, organisatie)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contacten:klant_zoeken")
    except KoppelingFout as exc:
        messages.error(request, str(exc))
        return redirect("contacten:klant_zoeken")
    if partij is None:
        raise Http404
    soort = "persoon" if isinstance(partij, Persoon) else "bedrijf"
    return redirect("contacten:klantbeeld", soort=soort, uuid=partij.uuid)


@login_required
def klantbeeld_view(request: HttpRequest, soort: str, uuid: str) -> HttpResponse:
    actor = _actor(request)
    partij = selectors.partij_get(actor, soort, uuid)
    voor = parse_datetime(request.GET["voor"]) if request.GET.get("voor") else None
    beeld = selectors.klantbeeld(actor, partij, voor=voor)
    context = {
        "klantbeeld": beeld,
        "kenmerk_form": KenmerkForm(prefix="k", gevoelig=beeld.gevoelige_kenmerken_zichtbaar)
        if mag(actor, Actie.KLANT_WIJZIGEN, partij.organisatie_id)
        else None,
        "voorkeur_form": VoorkeurForm(prefix="vk", initial={"voorkeurskanaal": partij.voorkeurskanaal})
        if mag(actor, Actie.KLANT_WIJZIGEN, partij.organisatie_id)
        else None,
        "start_form": ContactStartenForm(kanalen=selectors.kanalen_voor(partij.organisatie_id))
        if mag(actor, Actie.CONTACT_REGISTREREN, partij.organisatie_id)
        else None,
        "partij_sleutel": f"{soort}:{partij.uuid}",
        "volgende_pagina": beeld.contacten[-1].gestart_op.isoformat() if beeld.meer_contacten else "",
    }
    return render(request, "contacten/klantbeeld.html", context)


@login_required
@require_POST
def klantbeeld_wijzigen_view(request: HttpRequest, soort: str, uuid: str, wat: str) -> HttpResponse:
    """Change the preferred channel, add a flag, or end one (``wat``: voorkeur,
    kenmerk, kenmerk-beeindigen)."""
    actor = _actor(request)
    partij = selectors.partij_get(actor, soort, uuid)
    terug = redirect("contacten:klantbeeld", soort=soort, uuid=partij.uuid)
    try:
        if wat == "voorkeur":
            form: Any = VoorkeurForm(request.POST, prefix="vk")
            if form.is_valid():
                kanaal = form.cleaned_data["voorkeurskanaal"]
                if isinstance(partij, Persoon):
                    klant_services.persoon_update(persoon=partij, by=actor, voorkeurskanaal=kanaal)
                else:
                    klant_services.bedrijf_update(bedrijf=partij, by=actor, voorkeurskanaal=kanaal)
                messages.success(request, _("Voorkeurskanaal opgeslagen."))
        elif wat == "kenmerk":
            form = KenmerkForm(
                request.POST,
                prefix="k",
                gevoelig=mag(actor, Actie.KLANT_GEVOELIGE_KENMERKEN, partij.organisatie_id),
            )
            if form.is_valid():
                klant_services.klantvlag_toevoegen(partij=partij, by=actor, **form.cleaned_data)
                messages.success(request, _("Kenmerk vastgelegd."))
            else:
                messages.error(request, " ".join(str(e) for fouten in form.errors.values() for e in fouten))
        elif wat == "kenmerk-beeindigen":
            vlag = Klantvlag.objects.filter(
                uuid=request.POST.get("kenmerk", ""), organisatie=partij.organisatie
            ).first()
            if vlag is None or vlag.partij != partij:
                raise Http404
            klant_services.klantvlag_beeindigen(vlag=vlag, by=actor)
            messages.success(request, _("Kenmerk beëindigd."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return terug


# --- contactverzoeken ---------------------------------------------------------------

WACHTRIJEN = {
    "team": _("Mijn teams"),
    "mijn": _("Aan mij toegewezen"),
    "te_laat": _("Te laat"),
    "open": _("Alle open"),
    "afgehandeld": _("Afgehandeld"),
}


@login_required
def contactverzoeken_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not organisaties_met(actor, Actie.CONTACTVERZOEK_BEHANDELEN):
        raise PermissionDenied
    wachtrij = request.GET.get("wachtrij", "team")
    if wachtrij not in WACHTRIJEN:
        wachtrij = "team"
    wachtrij_qs = selectors.contactverzoeken_wachtrij(actor, wachtrij)  # type: ignore[arg-type]
    pagina = Paginator(wachtrij_qs, 50).get_page(request.GET.get("pagina"))
    tellingen = selectors.contactverzoek_tellingen(actor)
    tabs = [
        {"code": code, "label": label, "aantal": tellingen.get(code), "actief": code == wachtrij}
        for code, label in WACHTRIJEN.items()
    ]
    return render(
        request,
        "contacten/contactverzoeken.html",
        {
            "pagina": pagina,
            "wachtrij": wachtrij,
            "wachtrij_label": WACHTRIJEN[wachtrij],
            "tabs": tabs,
            "nu": timezone.now(),
        },
    )


def _cv_context(request: HttpRequest, cv: Contactverzoek, **extra: Any) -> dict[str, Any]:
    org = cv.organisatie
    standaardbericht = _(
        "Beste %(naam)s,\n\nOnlangs stelde u een vraag aan %(org)s (kenmerk %(nummer)s).\n\n\n\n"
        "Met vriendelijke groet,\n%(org)s"
    ) % {
        "naam": cv.contactnaam or (cv.persoon.naam if cv.persoon else _("heer/mevrouw")),
        "org": org.naam,
        "nummer": cv.nummer,
    }
    context = {
        "cv": cv,
        "nu": timezone.now(),
        "toewijzen_form": ToewijzenForm(
            prefix="t",
            teams=Team.objects.filter(organisatie=org).order_by("naam"),
            medewerkers=_medewerkers(org),
            organisaties=_ketenpartners(org),
        ),
        "poging_form": PogingForm(prefix="p"),
        "afhandelen_form": AfhandelenForm(prefix="a", initial={"bericht_aan_inwoner": standaardbericht}),
        "mag_claimen": cv.is_open and cv.behandelaar_id != getattr(_actor(request).user, "pk", None),
    }
    context.update(extra)
    return context


@login_required
def contactverzoek_view(request: HttpRequest, uuid: str) -> HttpResponse:
    cv = selectors.contactverzoek_get(_actor(request), uuid)
    return render(request, "contacten/contactverzoek.html", _cv_context(request, cv))


@login_required
@require_POST
def contactverzoek_actie_view(request: HttpRequest, uuid: str, actie: str) -> HttpResponse:
    actor = _actor(request)
    cv = selectors.contactverzoek_get(actor, uuid)
    org = cv.organisatie
    form: Any
    try:
        if actie == "claimen":
            services.contactverzoek_claimen(contactverzoek=cv, by=actor)
            messages.success(request, _("U heeft het contactverzoek opgepakt."))
            return redirect("contacten:contactverzoek", uuid=cv.uuid)
        if actie == "toewijzen":
            form = ToewijzenForm(
                request.POST,
                prefix="t",
                teams=Team.objects.filter(organisatie=org),
                medewerkers=_medewerkers(org),
                organisaties=_ketenpartners(org),
            )
            if form.is_valid():
                data = form.cleaned_data
                services.contactverzoek_toewijzen(
                    contactverzoek=cv,
                    by=actor,
                    team=data["team"] or (cv.team if not data["ketenpartner"] else None),
                    behandelaar=data["behandelaar"],
                    ketenpartner=data["ketenpartner"],
                    toelichting=data["toelichting"],
                )
                messages.success(request, _("Contactverzoek toegewezen."))
                return redirect("contacten:contactverzoek", uuid=cv.uuid)
            return render(
                request,
                "contacten/contactverzoek.html",
                _cv_context(request, cv, toewijzen_form=form),
                status=400,
            )
        if actie == "poging":
            form = PogingForm(request.POST, prefix="p")
            if form.is_valid():
                services.contactpoging_vastleggen(contactverzoek=cv, by=actor, **form.cleaned_data)
                messages.success(request, _("Contactpoging vastgelegd."))
                return redirect("contacten:contactverzoek", uuid=cv.uuid)
            return render(
                request,
                "contacten/contactverzoek.html",
                _cv_context(request, cv, poging_form=form),
                status=400,
            )
        if actie == "afhandelen":
            form = AfhandelenForm(request.POST, prefix="a")
            if form.is_valid():
                data = form.cleaned_data
                services.contactverzoek_afhandelen(
                    contactverzoek=cv,
                    by=actor,
                    resultaat=data["resultaat"],
                    afsluittekst=data["afsluittekst"],
                    bericht_aan_inwoner=data["bericht_aan_inwoner"],
                )
                messages.success(request, _("Contactverzoek afgehandeld."))
                return redirect("contacten:contactverzoek", uuid=cv.uuid)
            return render(
                request,
                "contacten/contactverzoek.html",
                _cv_context(request, cv, afhandelen_form=form),
                status=400,
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contacten:contactverzoek", uuid=cv.uuid)
    raise Http404


# --- incoming-call screen pops ------------------------------------------------------


@login_required
def schermpop_view(request: HttpRequest) -> HttpResponse:
    """Polled by the agent's screen: the newest unopened incoming call for this agent."""
    actor = _actor(request)
    grens = timezone.now() - datetime.timedelta(minutes=10)
    pop = (
        Schermpop.objects.filter(medewerker=actor.user, geopend_op__isnull=True, created_at__gte=grens)
        .select_related("persoon", "bedrijf")
        .first()
    )
    return render(request, "contacten/_schermpop.html", {"pop": pop})


@login_required
@require_POST
def schermpop_openen_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    pop = Schermpop.objects.filter(uuid=uuid, medewerker=actor.user).select_related("organisatie").first()
    if pop is None:
        raise Http404
    contact = services.schermpop_openen(schermpop=pop, by=actor)
    return redirect("contacten:contact", uuid=contact.uuid)


# --- configuration (functioneel beheerder) ------------------------------------------


def _inrichting_context(organisatie: Organisatie, **extra: Any) -> dict[str, Any]:
    teams = Team.objects.filter(organisatie=organisatie).order_by("naam")
    onderwerpen = Onderwerp.objects.filter(organisatie=organisatie).order_by("naam")
    context = {
        "organisatie": organisatie,
        "kanalen": Kanaal.objects.filter(organisatie=organisatie).order_by("volgorde", "naam"),
        "normen": Servicenorm.objects.filter(organisatie=organisatie).select_related("team", "onderwerp"),
        "standaardnorm": services.STANDAARD_NORM,
        "kanaal_form": KanaalForm(prefix="k"),
        "norm_form": ServicenormForm(prefix="n", teams=teams, onderwerpen=onderwerpen),
    }
    context.update(extra)
    return context


@login_required
def inrichting_view(request: HttpRequest) -> HttpResponse:
    organisatie = _organisatie(request, Actie.KCC_INRICHTEN)
    if request.method != "POST":
        return render(request, "contacten/inrichting.html", _inrichting_context(organisatie))
    actor = _actor(request)
    wat = request.POST.get("wat")
    try:
        if wat == "kanaal":
            kanaal = None
            if request.POST.get("kanaal"):
                kanaal = Kanaal.objects.filter(organisatie=organisatie, uuid=request.POST["kanaal"]).first()
                if kanaal is None:
                    raise Http404
            form: Any = KanaalForm(request.POST, prefix="k")
            if not form.is_valid():
                return render(
                    request,
                    "contacten/inrichting.html",
                    _inrichting_context(organisatie, kanaal_form=form),
                    status=400,
                )
            services.kanaal_opslaan(organisatie=organisatie, by=actor, kanaal=kanaal, **form.cleaned_data)
            messages.success(request, _("Kanaal opgeslagen."))
        elif wat == "norm":
            teams = Team.objects.filter(organisatie=organisatie)
            onderwerpen = Onderwerp.objects.filter(organisatie=organisatie)
            form = ServicenormForm(request.POST, prefix="n", teams=teams, onderwerpen=onderwerpen)
            if not form.is_valid():
                return render(
                    request,
                    "contacten/inrichting.html",
                    _inrichting_context(organisatie, norm_form=form),
                    status=400,
                )
            services.servicenorm_opslaan(organisatie=organisatie, by=actor, **form.cleaned_data)
            messages.success(request, _("Servicenorm opgeslagen."))
        elif wat == "norm-verwijderen":
            norm = Servicenorm.objects.filter(
                organisatie=organisatie, uuid=request.POST.get("norm", "")
            ).first()
            if norm is None:
                raise Http404
            services.servicenorm_verwijderen(norm=norm, by=actor)
            messages.success(request, _("Servicenorm verwijderd."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("contacten:inrichting")
