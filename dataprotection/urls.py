from django.urls import path

from . import views

urlpatterns = [
    path("applicants/<int:applicant_id>/subject-access.json", views.subject_access_json, name="subject-access-json"),
    path("applicants/<int:applicant_id>/subject-access/", views.subject_access_html, name="subject-access-html"),
    path("legal-holds/", views.legal_holds, name="legal-holds"),
]
