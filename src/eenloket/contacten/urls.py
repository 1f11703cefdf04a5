from django.urls import path

from eenloket.contacten import views, views_inbox

app_name = "contacten"

urlpatterns = [
    path("kcc/", views.kcc_view, name="kcc"),
    path("kcc/contact/", views.contact_starten_view, name="contact_starten"),
    path("kcc/contact/<uuid:uuid>/", views.contact_view, name="contact"),
    path("kcc/contact/<uuid:uuid>/klant/", views.contact_partij_view, name="contact_partij"),
    path("kcc/contact/<uuid:uuid>/gegevens/", views.contact_gegevens_view, name="contact_gegevens"),
    path("kcc/contact/<uuid:uuid>/vraag/", views.vraag_view, name="vraag"),
    path(
        "kcc/contact/<uuid:uuid>/vraag/<uuid:vraag>/verwijderen/",
        views.vraag_verwijderen_view,
        name="vraag_verwijderen",
    ),
    path("kcc/contact/<uuid:uuid>/registreren/", views.contact_registreren_view, name="contact_registreren"),
    path("kcc/contact/<uuid:uuid>/annuleren/", views.contact_annuleren_view, name="contact_annuleren"),
    path("kcc/schermpop/", views.schermpop_view, name="schermpop"),
    path("kcc/schermpop/<uuid:uuid>/", views.schermpop_openen_view, name="schermpop_openen"),
    path("klanten/", views.klant_zoeken_view, name="klant_zoeken"),
    path("klanten/openen/", views.klant_openen_view, name="klant_openen"),
    path("klanten/<str:soort>/<uuid:uuid>/", views.klantbeeld_view, name="klantbeeld"),
    path(
        "klanten/<str:soort>/<uuid:uuid>/<slug:wat>/",
        views.klantbeeld_wijzigen_view,
        name="klantbeeld_wijzigen",
    ),
    path("contactverzoeken/", views.contactverzoeken_view, name="contactverzoeken"),
    path("beheer/klantcontact/", views.inrichting_view, name="inrichting"),
    path("contactverzoeken/<uuid:uuid>/", views.contactverzoek_view, name="contactverzoek"),
    path(
        "contactverzoeken/<uuid:uuid>/<slug:actie>/",
        views.contactverzoek_actie_view,
        name="contactverzoek_actie",
    ),
    path("inbox/", views_inbox.inbox_view, name="inbox"),
    path("inbox/<uuid:uuid>/", views_inbox.gesprek_view, name="inbox_gesprek"),
    path("inbox/<uuid:uuid>/bijlage/<int:bijlage>/", views_inbox.bijlage_view, name="inbox_bijlage"),
    path("inbox/<uuid:uuid>/<slug:actie>/", views_inbox.gesprek_actie_view, name="inbox_actie"),
]
