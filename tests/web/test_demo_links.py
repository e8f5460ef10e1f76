"""Every link a demo user is shown leads somewhere they may go: following the links of the
seeded agency's pages, from each user's home page, never answers 403, 404, 405 or 5xx.

A link to a page the user may not open is a dead end (the RIPA register linked admins to
application records they may not see; the menu offered the auditor a form that answers
403). Each kind of page (URL name) is opened a few times per user, so the walk covers
every page a role can reach without opening every household."""

import re
from collections import Counter, deque

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)"')
NOT_FOLLOWED = ("/static/", "/sign-out/")
DEAD_ENDS = (403, 404, 405)
PER_PAGE_KIND = 3
# The pages each user must reach for the walk to mean anything.
REACHES = {
    "demo-worker": {"caseload", "household", "check", "check-new", "policy"},
    "demo-manager": {"oversight-dashboard", "refusal-list", "audit-trail", "ripa-list", "ripa-detail"},
    "demo-manager-2": {"oversight-dashboard", "household"},
    "demo-auditor": {"audit-trail", "ripa-detail", "refusal-list"},
    "demo-admin": {"admin-home", "ripa-list", "admin:index"},
    "demo-ao": {"ripa-list", "ripa-detail"},
    "demo-trainee": {"caseload", "household"},
    "demo-worker-8": {"policy"},
}


def _walk(client: Client) -> tuple[Counter, list[str]]:
    """(how often each URL name was opened, the dead ends found with the page that linked them)."""
    opened, dead_ends = Counter(), []
    seen, queue = {"/"}, deque([("/", "sign-in")])
    while queue:
        url, linked_from = queue.popleft()
        try:
            name = resolve(url.split("?")[0]).view_name
        except Resolver404:
            dead_ends.append(f"{url} (no such page), linked from {linked_from}")
            continue
        if opened[name] >= PER_PAGE_KIND:
            continue
        opened[name] += 1
        response = client.get(url, follow=True)
        if response.status_code in DEAD_ENDS or response.status_code >= 500:
            dead_ends.append(f"{url} answered {response.status_code}, linked from {linked_from}")
            continue
        if response.redirect_chain:  # the page it led to counts as reached (the admin's home, say)
            opened[resolve(response.redirect_chain[-1][0].split("?")[0]).view_name] += 1
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href not in seen and not href.startswith(NOT_FOLLOWED):
                seen.add(href)
                queue.append((href, url))
    return opened, dead_ends


def test_no_link_shown_to_a_demo_user_is_a_dead_end(settings):
    settings.SOCIALCHECK_DEMO_MODE = True
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = False  # each user signs in as the password step leaves them
    call_command("seed_demo", verbosity=0)
    found = {}
    for username, reaches in REACHES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        opened, dead_ends = _walk(client)
        assert reaches <= set(opened), (username, reaches - set(opened))
        if dead_ends:
            found[username] = dead_ends
    assert found == {}
