from django.apps import AppConfig


class RipaConfig(AppConfig):
    name = "ripa"
    verbose_name = "RIPA: applications, authorisations and the central record"
