from django.urls import path

from .sso import SignOnCallback, SignOnStart

urlpatterns = [
    # The names mozilla-django-oidc reverses (the callback is the redirect URI to register at the provider).
    path("start/", SignOnStart.as_view(), name="oidc_authentication_init"),
    path("callback/", SignOnCallback.as_view(), name="oidc_authentication_callback"),
]
