from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from .models import Note


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text"]


@login_required
@require_POST
def bare_form_post(request):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    form.save()
    return HttpResponse(status=201)
