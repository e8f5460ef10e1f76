from django.urls import path

from .views import account, administration, cases, checks, consent, incidents

urlpatterns = [
    path("", cases.caseload, name="caseload"),
    path("sign-in/", account.SignInView.as_view(), name="login"),
    path("sign-out/", account.SignOutView.as_view(), name="logout"),
    path("account/", account.your_account, name="your-account"),
    path("administration/", administration.admin_home, name="admin-home"),
    path("account/password/", account.ChangePasswordView.as_view(), name="password-change"),
    path("policy/", checks.policy, name="policy"),
    path("households/add/", cases.household_add, name="household-add"),
    path("households/<int:pk>/", cases.household_detail, name="household"),
    path("households/<int:pk>/applicants/add/", cases.applicant_add_view, name="applicant-add"),
    path("households/<int:pk>/stage/", cases.household_stage_view, name="household-stage"),
    path("households/<int:pk>/close/", cases.household_close_view, name="household-close"),
    path("households/<int:pk>/allocate/", cases.household_allocate_view, name="household-allocate"),
    path("households/<int:pk>/legal-hold/", cases.legal_hold_view, name="household-legal-hold"),
    path("applicants/<int:pk>/details/", cases.applicant_correct_view, name="applicant-correct"),
    path("applicants/<int:pk>/communication-needs/", cases.communication_needs, name="communication-needs"),
    path("applicants/<int:pk>/consent/", consent.consent_record_view, name="consent-record"),
    path("applicants/<int:pk>/consent/withdraw/", consent.consent_withdraw_view, name="consent-withdraw"),
    path(
        "applicants/<int:pk>/consent-information/<slug:version>/",
        consent.consent_information,
        name="consent-information",
    ),
    # Fixed paths (api.md): pdf, large-print.pdf, easy-read.pdf, wav, brf; ?language=<code>.
    path(
        "applicants/<int:pk>/consent-information.<str:suffix>",
        consent.consent_information_file,
        name="consent-information-file",
    ),
    path("applicants/<int:pk>/profiles/add/", consent.profile_add_view, name="profile-add"),
    path("applicants/<int:pk>/checks/new/", checks.check_new, name="check-new"),
    path("applicants/<int:pk>/checks/start/", checks.check_start_view, name="check-start"),
    path("checks/<int:pk>/", checks.check_detail, name="check"),
    path("checks/<int:pk>/print/", checks.check_print, name="check-print"),
    path("checks/<int:pk>/findings/", checks.check_findings, name="check-findings"),
    path("checks/<int:pk>/receipt/", checks.check_receipt, name="check-receipt"),
    path("checks/<int:pk>/receipt.<str:suffix>", checks.check_receipt_file, name="check-receipt-file"),
    path("refusals/<int:pk>/", checks.refusal_detail, name="refusal"),
    path("incidents/report/", incidents.incident_report_view, name="incident-report"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
]
