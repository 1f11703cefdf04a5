"""Django's task framework: ``django.tasks`` from Django 6.0, the ``django_tasks``
backport (same API) on Django 5.2 LTS, which Python 3.11 needs. See ADR 0002."""

try:
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # Django < 6.0
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]

__all__ = ["task"]
