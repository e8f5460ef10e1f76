from django.urls import path

from . import views

urlpatterns = [
    path("refusals/", views.refusal_list, name="refusal-list"),
]
