from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = "Policy versions and acknowledgements"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .gate import note_at_sign_in

        user_logged_in.connect(note_at_sign_in, dispatch_uid="policy-gate-at-sign-in")
