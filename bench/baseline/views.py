"""The baselines the benchmarks compare with, each the smallest thing of its kind that
goes through the same middleware, sign-in and second step as the service's own views."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from rest_framework import serializers, status
from rest_framework.response import Response

from api.base import ApiView
from audit.models import Action
from audit.services import audit_record

from .models import Note


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text"]


@login_required
@require_POST
def bare_form_post(request):
    """An authenticated form POST that writes one row: issue 13's baseline for starting a check."""
    form = NoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    form.save()
    return HttpResponse(status=201)


@login_required
@require_GET
def signed_in_page(request):
    """The page frame every page pays for: the session, the user, the second step, the
    layout (header, navigation, footer), and no content of its own."""
    return render(request, "baseline/page.html")


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200)


class BareApiPost(ApiView):
    """An API POST that writes one row and its chained audit entry, in one transaction:
    the other baseline issue 13's closing notes proposed for starting a check."""

    def post(self, request):
        data = self.validated(NoteSerializer)
        with transaction.atomic():
            note = Note.objects.create(text=data["text"])
            audit_record(
                actor=request.user, action=Action.OTHER, record_type="note", record_id=note.pk, summary="Bench note"
            )
        return Response({"id": note.pk}, status=status.HTTP_201_CREATED)
