from django.urls import path

from . import views

urlpatterns = [
    path("", views.register, name="ripa-list"),
    path("print/", views.register_print, name="ripa-print"),
    path("statistics/", views.statistics, name="ripa-statistics"),
    path("applicants/<int:pk>/apply/", views.apply, name="ripa-apply"),
    path("<int:pk>/", views.detail, name="ripa-detail"),
    path("<int:pk>/decision/", views.decide, name="ripa-decide"),
    path("<int:pk>/justice-approval/", views.justice_approval, name="ripa-justice"),
    path("<int:pk>/reviews/", views.review, name="ripa-review"),
    path("<int:pk>/renewals/", views.renew, name="ripa-renew"),
    path("<int:pk>/cancel/", views.cancel, name="ripa-cancel"),
]
