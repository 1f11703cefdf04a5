from django.http import HttpRequest, JsonResponse
from django.urls import reverse


def api_root(request: HttpRequest) -> JsonResponse:
    """What lives under /api/ (public: no data, only addresses)."""
    return JsonResponse(
        {
            "naam": "Eenloket API",
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "documentatie": request.build_absolute_uri(reverse("api:docs")),
            "versies": {"v1": request.build_absolute_uri("/api/v1/")},
        }
    )
