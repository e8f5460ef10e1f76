from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from governance import api as governance
from ripa import api as ripa_api

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("me/", views.MeView.as_view(), name="me"),
    path("policy/acknowledge/", views.PolicyAcknowledgeView.as_view(), name="policy-acknowledge"),
    path("platforms/", views.PlatformListView.as_view(), name="platform-list"),
    path("households/", views.HouseholdListView.as_view(), name="household-list"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<int:pk>/stage/", views.HouseholdStageView.as_view(), name="household-stage"),
    path("households/<int:pk>/close/", views.HouseholdCloseView.as_view(), name="household-close"),
    path("households/<int:pk>/legal-hold/", views.LegalHoldView.as_view(), name="household-legal-hold"),
    path("households/<int:pk>/conflicts/", governance.ConflictCreateView.as_view(), name="household-conflicts"),
    path("reports/annual/", governance.AnnualReportView.as_view(), name="annual-report"),
    path("households/<int:pk>/applicants/", views.ApplicantCreateView.as_view(), name="applicant-create"),
    path("applicants/<int:pk>/", views.ApplicantDetailView.as_view(), name="applicant-detail"),
    path("applicants/<int:pk>/consent/", views.ConsentRecordView.as_view(), name="consent-record"),
    path("applicants/<int:pk>/consent/withdraw/", views.ConsentWithdrawView.as_view(), name="consent-withdraw"),
    path("applicants/<int:pk>/profiles/", views.ProfileCreateView.as_view(), name="profile-create"),
    path("checks/", views.CheckListView.as_view(), name="check-list"),
    path("checks/<int:pk>/", views.CheckDetailView.as_view(), name="check-detail"),
    path("checks/<int:pk>/void/", views.CheckVoidView.as_view(), name="check-void"),
    path("refusals/", views.RefusalListView.as_view(), name="refusal-list"),
    path("audit/", views.AuditEventListView.as_view(), name="audit-list"),
    path("ripa-authorisations/", ripa_api.OldAuthorisationView.as_view(), name="ripa-authorisation-create"),
    path("ripa-applications/", ripa_api.ApplicationCreateView.as_view(), name="ripa-application-create"),
    path("ripa-applications/<int:pk>/decision/", ripa_api.DecisionView.as_view(), name="ripa-decision"),
    path(
        "ripa-applications/<int:pk>/justice-approval/",
        ripa_api.JusticeApprovalView.as_view(),
        name="ripa-justice-approval",
    ),
    path("ripa-applications/<int:pk>/reviews/", ripa_api.ReviewCreateView.as_view(), name="ripa-review-create"),
    path("ripa-applications/<int:pk>/renewals/", ripa_api.RenewalCreateView.as_view(), name="ripa-renewal-create"),
    path("ripa-applications/<int:pk>/cancel/", ripa_api.CancelView.as_view(), name="ripa-cancel"),
    path("ripa-register.csv", ripa_api.RegisterCsvView.as_view(), name="ripa-register-csv"),
    path("incidents/", views.IncidentCreateView.as_view(), name="incident-create"),
    path("tokens/", views.TokenListView.as_view(), name="token-list"),
    path("tokens/<int:pk>/", views.TokenDetailView.as_view(), name="token-detail"),
    re_path(r"^[\s\S]*$", views.UnknownPathView.as_view(), name="unknown"),  # any path, newlines too
]
