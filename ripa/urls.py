from django.urls import path

from . import views

urlpatterns = [
    path("", views.register, name="ripa-list"),
    path("print/", views.register_print, name="ripa-print"),
    path("statistics/", views.statistics, name="ripa-statistics"),
    path("<int:pk>/", views.detail, name="ripa-detail"),
]
