from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications (outbox)"

    def ready(self):
        from . import housekeeping  # noqa: F401
