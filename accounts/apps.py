from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and teams"

    def ready(self):
        from . import housekeeping, signals  # noqa: F401
