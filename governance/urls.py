from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.training_status_view, name="training-status"),
    path("training/record/", views.training_record_view, name="training-record"),
    path("policy-acceptance/", views.policy_acceptance_view, name="policy-acceptance"),
    path("households/<int:pk>/conflict/", views.conflict_view, name="household-conflict"),
    path("households/<int:pk>/restriction/", views.restriction_view, name="household-restriction"),
]

# The annual report: a fixed path for the PDF (api.md, "Fixed page paths").
report_urlpatterns = [
    path("", views.annual_choose, name="annual-report-choose"),
    path("<slug:slug>/<int:year>/", views.annual_page, name="annual-report"),
    path("<slug:slug>/<int:year>.csv", views.annual_csv, name="annual-report-csv"),
    path("<slug:slug>/<int:year>.pdf", views.annual_pdf, name="annual-report-pdf"),
]
