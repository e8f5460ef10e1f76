from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "checks"
    verbose_name = "Checks, refusals and RIPA authorisations"

    def ready(self):
        from audit.record_digest import register

        from .models import Refusal, SocialCheck

        # The audit chain vouches for these rows: verify_audit detects any change made behind the app's back.
        register(SocialCheck, Refusal)
