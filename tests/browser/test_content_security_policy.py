"""The Content Security Policy in a real browser: a violation is a console error,
which fails any browser test, and Django's admin works under the policy."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Role, Team
from platforms.defaults import ensure_default_platforms
from platforms.models import Platform
from tests.factories import PolicyVersionFactory, UserFactory

from .conftest import Watched
from .support import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_policy_blocks_inline_script_and_style_and_the_watcher_reports_it(browser, live_server, live_settings):
    policy = Client().get(reverse("login"))["Content-Security-Policy"]
    probe = f"{live_server.url}/csp-probe/"
    body = (
        "<!DOCTYPE html><html lang='en'><head><title>Probe</title><style>p { color: red }</style></head>"
        "<body><p style='color: red'>Inline style</p><script>document.title = 'ran'</script></body></html>"
    )
    watched = Watched(browser, live_server.url)
    try:
        page = watched.context.new_page()
        page.route(
            probe,
            lambda route: route.fulfill(
                status=200, headers={"Content-Type": "text/html", "Content-Security-Policy": policy}, body=body
            ),
        )
        page.goto(probe)
        assert page.title() == "Probe", "the inline script ran"
        assert page.evaluate("getComputedStyle(document.querySelector('p')).color") == "rgb(0, 0, 0)"
        refused = [error for error in watched.errors if "Content Security Policy" in error]
        assert len(refused) == 3, watched.errors  # the <style> block, the style attribute and the <script>
    finally:
        watched.context.close()


def _request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_admin_works_under_the_policy(page):
    ensure_default_platforms()
    PolicyVersionFactory()
    root = UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True, password=PASSWORD)
    team = Team.objects.create(name="North team")
    responses = []
    page.on("response", lambda r: responses.append(r) if r.request.resource_type == "document" else None)

    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    # Every list and add page, then change pages that use the admin's scripts
    # (filters moving options between two boxes, date and time pickers).
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        page.goto(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_request_by(root)):
            page.goto(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    page.goto(reverse("admin:accounts_team_change", args=[team.pk]))
    page.click("#id_members_add_all")
    assert page.locator("#id_members_to option").count() == 1
    page.goto(reverse("admin:platforms_platform_change", args=[Platform.objects.first().pk]))
    page.goto(reverse("admin:policy_policyversion_add"))
    page.click("#calendarlink0")
    assert page.locator(".calendarbox").first.is_visible()
    # django-celery-beat's form has an inline script; our copy of its template gives it the nonce.
    page.goto(reverse("admin:django_celery_beat_periodictask_add"))
    assert page.locator(".field-crontab_translation").is_hidden()

    assert responses, "no admin page was loaded"
    for response in responses:
        policy = response.header_value("Content-Security-Policy") or ""
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, response.url
