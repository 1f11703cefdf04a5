from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import SimpleRouter

from eenloket.api import views
from eenloket.api.root import api_root
from eenloket.contacten import api_views as contacten_api

router = SimpleRouter(trailing_slash=False)
router.register("organisaties", views.OrganisatieViewSet, basename="organisatie")
router.register("teams", views.TeamViewSet, basename="team")
router.register("personen", views.PersoonViewSet, basename="persoon")
router.register("bedrijven", views.BedrijfViewSet, basename="bedrijf")

app_name = "api"

urlpatterns = [
    path("", api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Redoc, not Swagger UI: Swagger UI fails WCAG 2.1 AA (contrast, nested controls).
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema"), name="docs"),
    path("v1/werkdagen/termijn", views.TermijnView.as_view(), name="termijn"),
    path("v1/verwerkingen", views.VerwerkingenView.as_view(), name="verwerkingen"),
    path(
        "v1/klantbeeld/personen/<uuid:uuid>",
        contacten_api.KlantbeeldView.as_view(),
        name="klantbeeld_persoon",
    ),
    path(
        "v1/klantbeeld/bedrijven/<uuid:uuid>",
        contacten_api.BedrijfKlantbeeldView.as_view(),
        name="klantbeeld_bedrijf",
    ),
    path(
        "v1/telefonie/inkomende-gesprekken",
        contacten_api.InkomendGesprekView.as_view(),
        name="inkomend_gesprek",
    ),
    path("v1/", include(router.urls)),
]
