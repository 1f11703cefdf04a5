from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from eenloket.core.views import healthz_view

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    path("medewerker/", include("eenloket.core.urls")),
    path("medewerker/", include("eenloket.contacten.urls")),
    path("api/", include("eenloket.api.urls")),
    path("klantinteracties/api/v1/", include("eenloket.contacten.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", include("eenloket.portaal.urls")),
]
if settings.OIDC_ENABLED or settings.TESTING:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "eenloket.portaal.views.error_403"
handler404 = "eenloket.portaal.views.error_404"
handler500 = "eenloket.portaal.views.error_500"
