from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jisr.api"
    label = "api"
    verbose_name = "API"
