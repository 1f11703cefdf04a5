"""``/klantinteracties/api/v1/``: the paths of the Klantinteracties API 0.9.0, without
trailing slashes, as Open Klant serves them."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from eenloket.contacten.api import views

app_name = "klantinteracties"

router = SimpleRouter(trailing_slash=False)
router.register("partijen", views.PartijViewSet, basename="partij")
router.register("partij-identificatoren", views.PartijIdentificatorViewSet, basename="partijidentificator")
router.register("digitaleadressen", views.DigitaalAdresViewSet, basename="digitaaladres")
router.register("klantcontacten", views.KlantcontactViewSet, basename="klantcontact")
router.register("betrokkenen", views.BetrokkeneViewSet, basename="betrokkene")
router.register("onderwerpobjecten", views.OnderwerpobjectViewSet, basename="onderwerpobject")
router.register("actoren", views.ActorViewSet, basename="actor")
router.register("actorklantcontacten", views.ActorKlantcontactViewSet, basename="actorklantcontact")
router.register("internetaken", views.InterneTaakViewSet, basename="internetaak")
for prefix in ("bijlagen", "categorieen", "categorie-relaties", "rekeningnummers", "vertegenwoordigingen"):
    router.register(prefix, views.LegeResource, basename=prefix.replace("-", ""))

urlpatterns = [
    path("maak-klantcontact", views.MaakKlantcontactView.as_view(), name="maak-klantcontact"),
    path("", include(router.urls)),
]
