from django.urls import include, path

from bench.baseline.views import bare_form_post

urlpatterns = [
    path("bench/bare-form/", bare_form_post),
    path("", include("t4c_socialcheck.urls")),
]
