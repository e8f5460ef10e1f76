from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and teams"

    def ready(self):
        from . import signals  # noqa: F401
