"""The admins' home: the configuration they keep, in the app's own style. Each
link opens that model's list in the Django admin, which stays for the edits."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.models import Role

# (heading, [(model label, link text, what it is for)]): only models that exist and are registered are shown.
SECTIONS = [
    (
        "Platforms and viewing accounts",
        [
            ("platforms.Platform", "Platforms", "Which social media platforms can be checked, and how."),
            ("platforms.ViewingAccount", "Viewing accounts", "The agency's accounts that checks are made from."),
        ],
    ),
    (
        "People and teams",
        [
            ("accounts.User", "Users", "Who can sign in, their role, and resetting a password or second factor."),
            ("accounts.Team", "Teams", "Teams, their members and line managers."),
            ("cases.LocalAuthority", "Councils", "The councils the agency works for, and their contacts."),
        ],
    ),
    (
        "Policy, training and retention",
        [
            ("policy.PolicyVersion", "Policy versions", "The social media policy everyone accepts before checking."),
            ("governance.Course", "Training courses", "The courses people need, and how long they last."),
            ("governance.TrainingRecord", "Training records", "Who completed which course, and when."),
            ("dataprotection.RetentionPeriod", "Retention periods", "How long each kind of record is kept."),
        ],
    ),
]


def _links(request: HttpRequest, entries) -> list[dict]:
    links = []
    for label, text, hint in entries:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        opts = model._meta
        if not admin.site.is_registered(model):
            continue
        perms = [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change")]
        if not any(request.user.has_perm(perm) for perm in perms):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        links.append({"text": text, "hint": hint, "url": url})
    return links


@login_required
def admin_home(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("The admin home is for admins.")
    sections = [(heading, links) for heading, entries in SECTIONS if (links := _links(request, entries))]
    return render(request, "web/admin_home.html", {"sections": sections})
