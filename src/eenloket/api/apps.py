from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eenloket.api"
    label = "api"
    verbose_name = "API"
