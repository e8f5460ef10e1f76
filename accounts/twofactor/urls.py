from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("set-up-code/", views.setup_code, name="code"),
    path("authenticator-app/", views.authenticator_app, name="app"),
    path("passkey/", views.passkey, name="passkey"),
    path("verify/", views.verify, name="verify"),
]
