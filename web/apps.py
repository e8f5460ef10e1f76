from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Pages"

    def ready(self):
        from . import housekeeping  # noqa: F401
