"""Staff screens of the foundation: login with TOTP, start page per role, organisation
switcher, teams and reachability, the working-day calculator and closing days, the
processing log for the privacy officer, and the outgoing messages."""

from __future__ import annotations

import base64
import csv
import datetime
import json
from io import BytesIO
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.core import selectors, services
from eenloket.core.calendar import Termijn, TermijnEenheid
from eenloket.core.constants import VerwerkingActie
from eenloket.core.forms import (
    BereikbaarheidForm,
    LoginForm,
    MedewerkerForm,
    MedewerkerRollenForm,
    SluitingsdagForm,
    TermijnForm,
    TotpForm,
    VerwerkingenZoekForm,
)
from eenloket.core.models import Attendering, Organisatie, Sluitingsdag, User
from eenloket.core.permissions import Actie
from eenloket.core.tenancy import get_scoped, organisatie_ids


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["demo_logins"] = settings.DEMO
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session["eenloket_login_methode"] = "wachtwoord"
        return response


def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return auth_views.LogoutView.as_view()(request)  # type: ignore[return-value]
    return render(request, "core/logout.html")


@login_required
def totp_view(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the TOTP code from the staff member's app."""
    devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    if not devices.exists():
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponseRedirect(reverse("core:totp_instellen") + query)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        for device in devices:
            if device.verify_token(code):
                otp_login(request, device)
                return _next_or_start(request)
        form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
    return render(request, "core/totp.html", {"form": form})


@login_required
def totp_instellen_view(request: HttpRequest) -> HttpResponse:
    """First login: link an authenticator app (QR code), confirmed by one valid code."""
    user = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect("core:totp")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return _next_or_start(request)
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    qr = segno.make(device.config_url, error="m")
    buffer = BytesIO()
    qr.save(buffer, kind="svg", scale=5, title=_("QR-code voor uw authenticator-app"))
    sleutel = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr_svg": buffer.getvalue().decode(), "sleutel": sleutel}
    return render(request, "core/totp_instellen.html", context)


def _next_or_start(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("core:start")


@login_required
def start_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    context = {
        "rollen": selectors.rollen_per_organisatie(request.user),  # type: ignore[arg-type]
        "tegels": selectors.start_tegels(actor),
    }
    return render(request, "core/start.html", context)


@login_required
@require_POST
def organisatie_kiezen_view(request: HttpRequest) -> HttpResponse:
    """The organisation switcher: remembers the chosen organisation in the session.
    Only organisations where the user holds a role can be chosen."""
    code = request.POST.get("organisatie", "")
    org = selectors.organisaties_van(request.user).filter(code=code).first()  # type: ignore[arg-type]
    if org is None:
        messages.error(request, _("U werkt niet voor deze organisatie."))
    else:
        request.session["eenloket_organisatie"] = org.code
        messages.success(request, _("U werkt nu voor %(naam)s.") % {"naam": org.naam})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("core:start")


@login_required
def teams_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not organisatie_ids(actor, Actie.TEAM_BEKIJKEN):
        raise PermissionDenied
    user: User = request.user  # type: ignore[assignment]
    collegas = selectors.medewerkers_voor(actor).exclude(pk=user.pk)
    form = BereikbaarheidForm(
        request.POST or None,
        collegas=collegas,
        initial={"aanwezig": user.aanwezig, "afwezig_tot": user.afwezig_tot, "vervanger": user.vervanger},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bereikbaarheid_wijzigen(
                medewerker=user,
                aanwezig=form.cleaned_data["aanwezig"],
                afwezig_tot=form.cleaned_data["afwezig_tot"],
                vervanger=form.cleaned_data["vervanger"],
                by=actor,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Uw bereikbaarheid is bijgewerkt."))
            return redirect("core:teams")
    context = {"teams": selectors.teams_voor(actor), "form": form, "vandaag": timezone.localdate()}
    return render(request, "core/teams.html", context)


@login_required
def kalender_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    organisaties = selectors.organisaties_met(actor, Actie.KALENDER_BEKIJKEN)
    if not organisaties:
        raise PermissionDenied
    beheer = selectors.organisaties_met(actor, Actie.KALENDER_BEHEREN)
    termijn_form = TermijnForm(request.GET or None, organisaties=organisaties)
    uitkomst = None
    if request.GET and termijn_form.is_valid():
        data = termijn_form.cleaned_data
        org = next(o for o in organisaties if o.code == data["organisatie"])
        kalender = selectors.kalender_voor(org)
        termijn = Termijn(data["aantal"], TermijnEenheid(data["eenheid"]))
        uitkomst = {"termijn": termijn, "einde": kalender.einddatum(data["start"], termijn), "org": org}
    sluiting_form = SluitingsdagForm(organisaties=beheer)
    context = {
        "termijn_form": termijn_form,
        "uitkomst": uitkomst,
        "sluiting_form": sluiting_form if beheer else None,
        "sluitingsdagen": selectors.sluitingsdagen_voor(
            actor, timezone.localdate() - datetime.timedelta(days=31)
        ),
        "beheer_ids": {o.pk for o in beheer},
    }
    return render(request, "core/kalender.html", context)


@login_required
@require_POST
def sluitingsdag_toevoegen_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    beheer = selectors.organisaties_met(actor, Actie.KALENDER_BEHEREN)
    if not beheer:
        raise PermissionDenied
    form = SluitingsdagForm(request.POST, organisaties=beheer)
    if form.is_valid():
        org = next(o for o in beheer if o.code == form.cleaned_data["organisatie"])
        services.sluitingsdag_toevoegen(
            organisatie=org,
            datum=form.cleaned_data["datum"],
            omschrijving=form.cleaned_data["omschrijving"],
            by=actor,
        )
        messages.success(request, _("Sluitingsdag opgeslagen."))
        return redirect("core:kalender")
    organisaties = selectors.organisaties_met(actor, Actie.KALENDER_BEKIJKEN)
    context = {
        "termijn_form": TermijnForm(organisaties=organisaties),
        "uitkomst": None,
        "sluiting_form": form,
        "sluitingsdagen": selectors.sluitingsdagen_voor(
            actor, timezone.localdate() - datetime.timedelta(days=31)
        ),
        "beheer_ids": {o.pk for o in beheer},
    }
    return render(request, "core/kalender.html", context, status=400)


@login_required
@require_POST
def sluitingsdag_verwijderen_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    dag = get_scoped(Sluitingsdag.objects.all(), actor, Actie.KALENDER_BEHEREN, uuid=uuid)
    services.sluitingsdag_verwijderen(sluitingsdag=dag, by=actor)
    messages.success(request, _("Sluitingsdag verwijderd."))
    return redirect("core:kalender")


@login_required
def verwerkingen_view(request: HttpRequest) -> HttpResponse:
    """The privacy officer's view of the processing log, per person. Looking at the log
    is itself a processing of personal data and is logged."""
    actor = _actor(request)
    organisaties = selectors.organisaties_met(actor, Actie.VERWERKINGENLOG_BEKIJKEN)
    if not organisaties:
        raise PermissionDenied
    form = VerwerkingenZoekForm(request.GET or None)
    page = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        rows = selectors.verwerkingen_voor(
            actor, bsn=data["bsn"], kvk_nummer=data["kvk_nummer"], van=data["van"], tot=data["tot"]
        )
        page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
        # Read the page before logging this search: the page is sliced lazily, and the
        # new log row would otherwise push a real row off the page the count was made for.
        page.object_list = list(page.object_list)
        _log_inzage(actor, organisaties, data, VerwerkingActie.ZOEKEN, "Verwerkingenlog doorzocht")
    return render(request, "core/verwerkingen.html", {"form": form, "page": page})


def _log_inzage(
    actor: Any, organisaties: list[Organisatie], data: dict[str, Any], actie: str, handeling: str
) -> None:
    for org in organisaties:
        services.verwerking_log(
            actie=VerwerkingActie(actie),
            handeling=handeling,
            activiteit="verwerkingenlog_inzage",
            organisatie=org,
            object_type="verwerkingenlog",
            bsn=data.get("bsn", ""),
            kvk_nummer=data.get("kvk_nummer", ""),
            actor=actor,
        )


@login_required
def verwerkingen_export_view(request: HttpRequest, formaat: str) -> HttpResponse | StreamingHttpResponse:
    """Export of the processing log for one person (AVG art. 15 inzageverzoek)."""
    actor = _actor(request)
    organisaties = selectors.organisaties_met(actor, Actie.VERWERKINGENLOG_EXPORTEREN)
    if not organisaties:
        raise PermissionDenied
    form = VerwerkingenZoekForm(request.GET)
    if not form.is_valid():
        return render(request, "core/verwerkingen.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data
    rows = selectors.verwerkingen_voor(
        actor, bsn=data["bsn"], kvk_nummer=data["kvk_nummer"], van=data["van"], tot=data["tot"]
    ).filter(organisatie__in=organisaties)
    _log_inzage(actor, organisaties, data, VerwerkingActie.EXPORTEREN, "Verwerkingenlog geëxporteerd")
    kenmerk = data["bsn"] or data["kvk_nummer"]
    velden = [
        "tijdstip",
        "organisatie",
        "actie",
        "handeling",
        "verwerkingsactiviteit",
        "doel",
        "grondslag",
        "bewaartermijn",
        "uitvoerder",
        "objecttype",
        "object_id",
        "request_id",
    ]

    def record(v: Any) -> dict[str, str]:
        return {
            "tijdstip": timezone.localtime(v.tijdstip).isoformat(),
            "organisatie": v.organisatie.naam,
            "actie": v.get_actie_display(),
            "handeling": v.handeling,
            "verwerkingsactiviteit": v.verwerkingsactiviteit,
            "doel": v.doel,
            "grondslag": v.grondslag,
            "bewaartermijn": v.bewaartermijn,
            "uitvoerder": f"{v.actor_soort}: {v.actor_naam or v.actor_id}",
            "objecttype": v.object_type,
            "object_id": v.object_id,
            "request_id": v.request_id,
        }

    response: HttpResponse | StreamingHttpResponse
    if formaat == "json":
        payload = {
            "betrokkene": {"bsn": data["bsn"], "kvk_nummer": data["kvk_nummer"]},
            "aangemaakt_op": timezone.now().isoformat(),
            "verwerkingen": [record(v) for v in rows.iterator()],
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
        )
    elif formaat == "csv":

        class Echo:
            def write(self, value: str) -> str:
                return value

        writer = csv.DictWriter(Echo(), fieldnames=velden, delimiter=";")

        def lines() -> Any:
            yield "\ufeff"  # BOM, so spreadsheet programs read the file as UTF-8
            yield writer.writeheader()
            for v in rows.iterator():
                yield writer.writerow(record(v))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        raise PermissionDenied
    response["Content-Disposition"] = f'attachment; filename="verwerkingen-{kenmerk}.{formaat}"'
    return response


@login_required
def berichten_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not organisatie_ids(actor, Actie.BERICHTEN_BEKIJKEN):
        raise PermissionDenied
    berichten = Paginator(selectors.berichten_voor(actor), 50).get_page(request.GET.get("pagina"))
    postbus = selectors.lokale_postbus(actor)[:50]
    return render(
        request,
        "core/berichten.html",
        {"berichten": berichten, "postbus": postbus, "smtp": bool(settings.EMAIL_HOST)},
    )


def _beheer_organisaties(actor: Any) -> list[Organisatie]:
    organisaties = selectors.organisaties_met(actor, Actie.MEDEWERKER_BEHEREN)
    if not organisaties:
        raise PermissionDenied
    return organisaties


@login_required
def medewerkers_view(request: HttpRequest) -> HttpResponse:
    """The functioneel beheerder's list of staff in their organisations."""
    actor = _actor(request)
    organisaties = _beheer_organisaties(actor)
    context = {"medewerkers": selectors.medewerkers_beheer(actor), "organisaties": organisaties}
    return render(request, "core/medewerkers.html", context)


@login_required
def medewerker_aanmaken_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    organisaties = _beheer_organisaties(actor)
    form = MedewerkerForm(
        request.POST or None, organisaties=organisaties, teams=selectors.teams_beheer(actor)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            medewerker = services.medewerker_aanmaken(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                functie=data["functie"],
                organisatie=next(o for o in organisaties if o.code == data["organisatie"]),
                rollen=data["rollen"],
                teams=data["teams"],
                wachtwoord=data["wachtwoord"],
                by=actor,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Medewerker %(naam)s aangemaakt.") % {"naam": medewerker})
            return redirect("core:medewerkers")
    status = 400 if form.errors else 200
    return render(request, "core/medewerker_form.html", {"form": form}, status=status)


@login_required
def medewerker_wijzigen_view(request: HttpRequest, uuid: str, organisatie: str) -> HttpResponse:
    """Roles and teams of one staff member in one of the actor's organisations."""
    actor = _actor(request)
    organisaties = _beheer_organisaties(actor)
    medewerker = selectors.medewerker_get_for_beheer(actor, uuid)
    org = next((o for o in organisaties if o.code == organisatie), None)
    if org is None:
        raise Http404
    huidig = [t for t in medewerker.beheerde_rollen if t.organisatie_id == org.pk]  # type: ignore[attr-defined]
    lid_van = [t for t in medewerker.beheerde_teams if t.organisatie_id == org.pk]  # type: ignore[attr-defined]
    form = MedewerkerRollenForm(
        request.POST or None,
        teams=selectors.teams_beheer(actor, org),
        initial={"rollen": [t.rol for t in huidig], "teams": lid_van},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.medewerker_rollen_wijzigen(
                medewerker=medewerker,
                organisatie=org,
                rollen=form.cleaned_data["rollen"],
                teams=form.cleaned_data["teams"],
                by=actor,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Rollen en teams van %(naam)s bij %(organisatie)s opgeslagen.")
                % {"naam": medewerker, "organisatie": org.naam},
            )
            return redirect("core:medewerkers")
    context = {"form": form, "medewerker": medewerker, "organisatie": org}
    status = 400 if form.errors else 200
    return render(request, "core/medewerker_wijzigen.html", context, status=status)


@login_required
@require_POST
def medewerker_deactiveren_view(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = _actor(request)
    _beheer_organisaties(actor)
    medewerker = selectors.medewerker_get_for_beheer(actor, uuid)
    try:
        services.medewerker_deactiveren(medewerker=medewerker, by=actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(
            request,
            _(
                "U kunt %(naam)s niet deactiveren: deze medewerker werkt ook voor een "
                "organisatie die u niet beheert."
            )
            % {"naam": medewerker},
        )
    else:
        messages.success(request, _("%(naam)s kan niet meer inloggen.") % {"naam": medewerker})
    return redirect("core:medewerkers")


def healthz_view(request: HttpRequest) -> HttpResponse:
    from eenloket.core.health import run_checks

    results = run_checks()
    ok = all(r["ok"] for r in results.values())
    body: dict[str, Any] = {"status": "ok" if ok else "fout"}
    body["checks"] = {name: r["detail"] for name, r in results.items()}
    return HttpResponse(json.dumps(body), status=200 if ok else 503, content_type="application/json")


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/403_csrf.html", status=403)


@login_required
def attenderingen_view(request: HttpRequest) -> HttpResponse:
    """The staff member's in-app notifications; opening the page marks them read,
    POST ``gelezen`` marks one read and follows its link."""
    user = cast(User, request.user)
    if request.method == "POST":
        try:
            attendering = Attendering.objects.get(uuid=request.POST.get("attendering", ""), medewerker=user)
        except (Attendering.DoesNotExist, ValidationError):
            raise Http404 from None
        if attendering.gelezen_op is None:
            attendering.gelezen_op = timezone.now()
            attendering.save(update_fields=["gelezen_op"])
        return redirect(attendering.url or "core:attenderingen")
    lijst = list(Attendering.objects.filter(medewerker=user).select_related("organisatie")[:100])
    response = render(request, "core/attenderingen.html", {"attenderingen": lijst})
    Attendering.objects.filter(medewerker=user, gelezen_op__isnull=True).update(gelezen_op=timezone.now())
    return response
