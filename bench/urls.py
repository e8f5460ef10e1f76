from django.urls import include, path

from bench.baseline.views import BareApiPost, bare_form_post, signed_in_page

urlpatterns = [
    path("bench/bare-form/", bare_form_post),
    path("bench/bare-api/", BareApiPost.as_view()),
    path("bench/signed-in-page/", signed_in_page),
    path("", include("t4c_socialcheck.urls")),
]
