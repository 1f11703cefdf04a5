from django.urls import path

from eenloket.core import views

app_name = "core"

urlpatterns = [
    path("", views.start_view, name="start"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("inloggen/code/", views.totp_view, name="totp"),
    path("inloggen/code-instellen/", views.totp_instellen_view, name="totp_instellen"),
    path("organisatie/", views.organisatie_kiezen_view, name="organisatie_kiezen"),
    path("teams/", views.teams_view, name="teams"),
    path("werkdagen/", views.kalender_view, name="kalender"),
    path("werkdagen/sluitingsdagen/", views.sluitingsdag_toevoegen_view, name="sluitingsdag_toevoegen"),
    path(
        "werkdagen/sluitingsdagen/<uuid:uuid>/verwijderen/",
        views.sluitingsdag_verwijderen_view,
        name="sluitingsdag_verwijderen",
    ),
    path("privacy/verwerkingen/", views.verwerkingen_view, name="verwerkingen"),
    path(
        "privacy/verwerkingen/export.<str:formaat>",
        views.verwerkingen_export_view,
        name="verwerkingen_export",
    ),
    path("berichten/", views.berichten_view, name="berichten"),
    path("attenderingen/", views.attenderingen_view, name="attenderingen"),
    path("beheer/medewerkers/", views.medewerkers_view, name="medewerkers"),
    path("beheer/medewerkers/nieuw/", views.medewerker_aanmaken_view, name="medewerker_aanmaken"),
    path(
        "beheer/medewerkers/<uuid:uuid>/deactiveren/",
        views.medewerker_deactiveren_view,
        name="medewerker_deactiveren",
    ),
    path(
        "beheer/medewerkers/<uuid:uuid>/<slug:organisatie>/",
        views.medewerker_wijzigen_view,
        name="medewerker_wijzigen",
    ),
]
