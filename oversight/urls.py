from django.urls import path

from . import views

urlpatterns = [
    path("audit/", views.audit_trail, name="audit-trail"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("refusals/", views.refusal_list, name="refusal-list"),
]
