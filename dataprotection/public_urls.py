"""The public privacy notices, at the fixed paths of api.md ("Fixed page paths")."""

from django.urls import path

from . import notice_views

urlpatterns = [
    path("", notice_views.privacy_index, name="privacy-index"),
    path("<slug:slug>/", notice_views.privacy_notice, name="privacy-notice"),
]
