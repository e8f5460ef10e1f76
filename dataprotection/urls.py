from django.urls import path

from . import notice_views, views

urlpatterns = [
    path("subject-access/", views.request_list, name="sar-list"),
    path("applicants/<int:applicant_id>/subject-access/new/", views.request_new, name="sar-new"),
    path("subject-access/<int:pk>/", views.request_detail, name="sar-detail"),
    path("subject-access/<int:pk>/extend/", views.request_extend, name="sar-extend"),
    path("subject-access/<int:pk>/pack/", views.request_make_pack, name="sar-make-pack"),
    path("subject-access/<int:pk>/pack.zip", views.request_pack, name="sar-pack"),
    path("subject-access/<int:pk>/sent/", views.request_sent, name="sar-sent"),
    path("subject-access/items/<int:pk>/", views.item_review, name="sar-item"),
    path("record-of-processing/<slug:slug>/", notice_views.record_of_processing, name="record-of-processing"),
    path(
        "record-of-processing/<slug:slug>.csv", notice_views.record_of_processing_csv, name="record-of-processing-csv"
    ),
    path("legal-holds/", views.legal_holds, name="legal-holds"),
]
