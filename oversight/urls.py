from django.urls import path

from . import incident_views, refusal_views, views, void_views

urlpatterns = [
    path("", views.dashboard, name="oversight-dashboard"),
    path("audit/", views.audit_trail, name="audit-trail"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("refusals/", refusal_views.refusal_list, name="refusal-list"),
    path("refusals/<int:pk>/", refusal_views.refusal_detail, name="refusal-detail"),
    path("refusals/<int:pk>/review/", refusal_views.refusal_review_view, name="refusal-review"),
    path("refusals/<int:pk>/incident/", refusal_views.refusal_incident_view, name="refusal-incident"),
    path("incidents/", incident_views.incident_list, name="incident-list"),
    path("incidents/<int:pk>/", incident_views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/correct/", incident_views.incident_correct, name="incident-correct"),
    path("voids/", void_views.void_list, name="void-list"),
    path("checks/<int:pk>/void/", void_views.check_void_view, name="check-void"),
]
