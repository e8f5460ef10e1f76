"""Who may open every address in the URLconf: one table, every role, real ids.

Every URL pattern needs a row in MATRIX (the admin site's, as one group): a new
address without a decision about who may open it fails
`test_every_address_has_a_row_in_the_matrix`. Ids are team A's (tests/security/
records.py), so the outsider (team B) shows what another team's ids answer: 404.

A write is the valid submission from records.WRITES, sent in a savepoint that is
rolled back, so each request starts from the same records; a write that is refused
must have changed nothing."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse

from .records import WRITES, Records, case_changes

ROLES = ("anonymous", "worker", "outsider", "manager", "manager_b", "admin", "auditor")
# worker and manager: team A; outsider (a worker) and manager_b: team B.
USER_FIXTURES = {
    "worker": "worker",
    "outsider": "outsider",
    "manager": "manager",
    "manager_b": "manager_b",
    "admin": "admin_user",
    "auditor": "auditor",
}

# A redirect to the sign-in page, which comes back here after.
L = "sign in"


@dataclass(frozen=True)
class Row:
    get: tuple  # the status of a GET, for each of ROLES in order
    write: tuple | None = None  # the status of the valid write in records.WRITES, for each role
    obj: str = "applicant"  # the record whose id fills the address's <pk>


def row(get, write=None, obj="applicant") -> Row:
    assert len(get) == len(ROLES) and (write is None or len(write) == len(ROLES))
    return Row(get, write, obj)


# Shorthands for rows many addresses share. Columns:
#                    anon worker outsider manager manager_b admin auditor
ANYONE_SIGNED_IN = (L, 200, 200, 200, 200, 200, 200)
OVERSIGHT_LIST = (L, 403, 403, 200, 200, 200, 200)  # managers, admins and auditors read
OVERSIGHT_RECORD = (L, 403, 403, 200, 404, 200, 200)
CASE_READ = (L, 200, 404, 200, 404, 404, 200)  # the team and auditors; admins see no case records
CASE_ACT = (L, 200, 404, 200, 404, 404, 403)  # the team changes; auditors only look
CASE_ACT_DONE = (L, 302, 404, 302, 404, 404, 403)
POST_ONLY = (L, 405, 405, 405, 405, 405, 405)
MANAGER_ACTS = (L, 403, 403, 302, 404, 403, 403)
API_SIGNED_IN = (401, 200, 200, 200, 200, 200, 200)
API_POST_ONLY = (401, 405, 405, 405, 405, 405, 405)
API_CASE_READ = (401, 200, 404, 200, 404, 404, 200)
API_CREATED = (401, 201, 404, 201, 404, 404, 403)
PASSKEY_CEREMONY = (403, 405, 405, 405, 405, 405, 405)
SAR_READ = (L, 403, 403, 200, 404, 403, 200)  # subject access: the DPO (auditor) and the team's managers
SAR_DONE = (L, 403, 403, 302, 404, 403, 302)

MATRIX: dict[str, Row] = {
    "healthz/": row((200,) * 7),
    "readyz/": row((200,) * 7),
    # Only with METRICS_TOKEN or from METRICS_ALLOWED_NETWORKS (tests/test_operations.py); never by signing in.
    "metrics/": row((404,) * 7),
    # Single sign-on: 404 until OIDC_ISSUER and OIDC_CLIENT_ID are set (tests/test_single_sign_on.py).
    "sso/start/": row((404,) * 7),
    "sso/callback/": row((404,) * 7),
    # --- Pages -------------------------------------------------------------------------------------
    "": row(ANYONE_SIGNED_IN),
    "sign-in/": row((200, 302, 302, 302, 302, 302, 302), write=(302,) * 7),
    # Opening the address asks to confirm (issue 22); signing out is the POST.
    "sign-out/": row((200,) * 7, write=(302,) * 7),
    "policy/": row(ANYONE_SIGNED_IN, write=(L, 302, 302, 302, 302, 302, 403)),
    "households/add/": row((L, 200, 200, 200, 200, 403, 403), write=(L, 302, 302, 302, 302, 403, 403)),
    "households/<int:pk>/": row(CASE_READ, obj="household"),
    "households/<int:pk>/applicants/add/": row(CASE_ACT, write=CASE_ACT_DONE, obj="household"),
    "households/<int:pk>/stage/": row(CASE_ACT, write=CASE_ACT_DONE, obj="household"),
    # Closing and legal holds: the team's managers (admins set holds through the API).
    "households/<int:pk>/close/": row(
        (L, 403, 404, 200, 404, 404, 403), write=(L, 403, 404, 302, 404, 404, 403), obj="household"
    ),
    "households/<int:pk>/legal-hold/": row(
        (L, 403, 404, 200, 404, 404, 403), write=(L, 403, 404, 302, 404, 404, 403), obj="household"
    ),
    # Allocating the worker: the team's managers.
    "households/<int:pk>/allocate/": row(
        (L, 403, 404, 200, 404, 404, 403), write=(L, 403, 404, 302, 404, 404, 403), obj="household"
    ),
    "applicants/<int:pk>/details/": row(CASE_ACT, write=CASE_ACT_DONE),
    "applicants/<int:pk>/communication-needs/": row(CASE_ACT, write=CASE_ACT_DONE),
    "applicants/<int:pk>/consent/": row(CASE_ACT, write=CASE_ACT_DONE, obj="fresh"),
    "applicants/<int:pk>/consent/withdraw/": row(CASE_ACT, write=CASE_ACT_DONE),
    "applicants/<int:pk>/consent-information/<slug:version>/": row(CASE_READ),
    "applicants/<int:pk>/consent-information.<str:suffix>": row(CASE_READ),
    "applicants/<int:pk>/profiles/add/": row(CASE_ACT, write=CASE_ACT_DONE, obj="fresh"),
    # "Check your answers" is a page, not a record: the valid form shows it (200).
    "applicants/<int:pk>/checks/new/": row(CASE_ACT, write=CASE_ACT, obj="ready"),
    "applicants/<int:pk>/checks/start/": row(POST_ONLY, write=CASE_ACT_DONE, obj="ready"),
    "checks/<int:pk>/": row(CASE_READ, obj="check"),
    "checks/<int:pk>/print/": row(CASE_READ, obj="check"),
    # checks.services.check_complete answers 404 to anyone who may not act on the case, auditors included.
    "checks/<int:pk>/findings/": row(POST_ONLY, write=(L, 302, 404, 302, 404, 404, 404), obj="check"),
    # The receipt to the applicant of a completed check: read by the team and auditors, marked sent by the team.
    "checks/<int:pk>/receipt/": row(CASE_READ, write=CASE_ACT_DONE, obj="voidable"),
    "checks/<int:pk>/receipt.<str:suffix>": row(CASE_READ, obj="voidable"),
    # Only the worker who was refused; managers read refusals under /manage/.
    "refusals/<int:pk>/": row((L, 200, 404, 404, 404, 404, 404), obj="refusal"),
    # Anyone may report; an applicant outside their scope is not in the list (the form answers 200).
    "incidents/report/": row((L, 200, 200, 200, 200, 200, 403), write=(L, 302, 200, 302, 200, 200, 403)),
    # The reporter's page; managers, admins and auditors are sent on to the managers' page.
    "incidents/<int:pk>/": row((L, 200, 404, 302, 302, 302, 302), obj="incident"),
    # Your own account (issue 22): anyone signed in; the admins' home is for admins only.
    "account/": row(ANYONE_SIGNED_IN),
    "administration/": row((L, 403, 403, 403, 403, 200, 403)),
    "account/password/": row(ANYONE_SIGNED_IN),
    # The API tokens page: everyone's own. Issuing needs a confirmed second factor, which nobody here
    # has (403); the worker owns records.api_token, which only they may revoke.
    "account/tokens/": row(ANYONE_SIGNED_IN, write=(L, 403, 403, 403, 403, 403, 403)),
    "account/tokens/<int:pk>/revoke/": row(
        (L, 200, 404, 404, 404, 404, 404), write=(L, 302, 404, 404, 404, 404, 404), obj="api_token"
    ),
    # --- Two-step verification: setting up a second factor and confirming a sign-in with it -------------
    # (Run here with SOCIALCHECK_REQUIRE_TWO_FACTOR off, as in the other tests; what they accept is
    # tested in tests/security/test_two_factor.py.)
    "two-factor/": row(ANYONE_SIGNED_IN),
    "two-factor/set-up-code/": row((L, 302, 302, 302, 302, 302, 302)),  # not required here: straight to set-up
    "two-factor/authenticator-app/": row(ANYONE_SIGNED_IN),
    "two-factor/passkey/": row(ANYONE_SIGNED_IN),
    "two-factor/verify/": row((L, 302, 302, 302, 302, 302, 302)),  # no factor yet: nothing to verify
    # django-otp-webauthn's JSON ceremonies: POST only, refused before the password.
    "passkeys/registration/begin/": row(PASSKEY_CEREMONY),
    "passkeys/registration/complete/": row(PASSKEY_CEREMONY),
    "passkeys/authentication/begin/": row(PASSKEY_CEREMONY),
    "passkeys/authentication/complete/": row(PASSKEY_CEREMONY),
    "passkeys/jsi18n/": row((200,) * 7),  # the package's translated messages; no data
    # --- Managers' pages -----------------------------------------------------------------------------
    "manage/": row(OVERSIGHT_LIST),
    "manage/audit/": row(OVERSIGHT_LIST),
    "manage/audit/export.csv": row(OVERSIGHT_LIST),
    "manage/refusals/": row(OVERSIGHT_LIST),
    "manage/refusals/<int:pk>/": row(OVERSIGHT_RECORD, obj="refusal"),
    "manage/refusals/<int:pk>/review/": row(POST_ONLY, write=MANAGER_ACTS, obj="refusal"),
    "manage/refusals/<int:pk>/incident/": row(POST_ONLY, write=MANAGER_ACTS, obj="refusal"),
    "manage/incidents/": row(OVERSIGHT_LIST),
    "manage/incidents/<int:pk>/": row(OVERSIGHT_RECORD, write=MANAGER_ACTS, obj="incident"),
    "manage/voids/": row(OVERSIGHT_LIST),
    # Voiding a check: a manager of the team other than its worker; auditors read the check but change nothing.
    "manage/checks/<int:pk>/void/": row(
        (L, 403, 403, 200, 404, 404, 403), write=(L, 403, 403, 302, 404, 404, 403), obj="voidable"
    ),
    # The RIPA register: rows for managers, admins (subjects withheld) and auditors; an application's
    # record is a case record (no admins). manager_b is a designated authorising officer of the council.
    "manage/ripa/": row(OVERSIGHT_LIST),
    "manage/ripa/print/": row(OVERSIGHT_LIST),
    "manage/ripa/statistics/": row(OVERSIGHT_LIST),
    "manage/ripa/<int:pk>/": row((L, 403, 403, 200, 200, 404, 200), obj="ripa"),
    # The steps' forms: managers apply and renew for their teams' applicants and record the justice;
    # the council's designated officer (manager_b) decides, reviews and cancels. Admins see no application (404).
    "manage/ripa/applicants/<int:pk>/apply/": row((L, 403, 403, 200, 404, 403, 403), write=MANAGER_ACTS, obj="ready"),
    "manage/ripa/<int:pk>/decision/": row(POST_ONLY, write=(L, 403, 403, 403, 302, 404, 403), obj="ripa_pending"),
    "manage/ripa/<int:pk>/justice-approval/": row(
        POST_ONLY, write=(L, 403, 403, 302, 403, 404, 403), obj="ripa_granted"
    ),
    "manage/ripa/<int:pk>/reviews/": row(POST_ONLY, write=(L, 403, 403, 403, 302, 404, 403), obj="ripa"),
    "manage/ripa/<int:pk>/renewals/": row(POST_ONLY, write=(L, 403, 403, 302, 403, 404, 403), obj="ripa"),
    "manage/ripa/<int:pk>/cancel/": row(POST_ONLY, write=(L, 403, 403, 403, 302, 404, 403), obj="ripa"),
    "manage/incidents/<int:pk>/correct/": row(
        (L, 403, 403, 200, 404, 403, 403), write=(L, 403, 403, 302, 404, 403, 403), obj="incident"
    ),
    # --- Subject access: the data protection officer (auditor: every council) and managers (their teams') -----
    "data-protection/subject-access/": row((L, 403, 403, 200, 200, 403, 200)),
    "data-protection/applicants/<int:applicant_id>/subject-access/new/": row(
        SAR_READ, write=(L, 403, 403, 302, 404, 403, 302)
    ),
    "data-protection/subject-access/<int:pk>/": row(SAR_READ, obj="sar"),
    "data-protection/subject-access/<int:pk>/extend/": row(SAR_READ, write=SAR_DONE, obj="sar"),
    # The records' request still has items to review: the pack is refused with a message (200), not made.
    "data-protection/subject-access/<int:pk>/pack/": row(POST_ONLY, write=SAR_READ, obj="sar"),
    "data-protection/subject-access/<int:pk>/pack.zip": row((L, 403, 403, 409, 404, 403, 409), obj="sar"),
    "data-protection/subject-access/<int:pk>/sent/": row(SAR_READ, write=SAR_READ, obj="sar"),
    "data-protection/subject-access/items/<int:pk>/": row(SAR_READ, write=SAR_DONE, obj="sar_item"),
    # The Article 30 record holds no personal data: managers, admins and the DPO.
    "data-protection/record-of-processing/<slug:slug>/": row(OVERSIGHT_LIST),
    "data-protection/record-of-processing/<slug:slug>.csv": row(OVERSIGHT_LIST),
    # The privacy notices are public.
    "privacy/": row((200,) * 7),
    "privacy/<slug:slug>/": row((200,) * 7),
    "data-protection/legal-holds/": row(OVERSIGHT_LIST),
    # --- API: 401 without credentials ------------------------------------------------------------------
    "api/v1/schema/": row(API_SIGNED_IN),  # issue #14, point 10: not for anyone
    "api/v1/me/": row(API_SIGNED_IN),
    "api/v1/policy/acknowledge/": row(API_POST_ONLY, write=(401, 200, 200, 200, 200, 200, 403)),
    "api/v1/platforms/": row(API_SIGNED_IN),
    "api/v1/households/": row(API_SIGNED_IN, write=(401, 201, 201, 201, 201, 403, 403)),
    "api/v1/households/<int:pk>/": row(API_CASE_READ, obj="household"),
    "api/v1/households/<int:pk>/applicants/": row(API_POST_ONLY, write=API_CREATED, obj="household"),
    "api/v1/applicants/<int:pk>/": row(API_CASE_READ),
    "api/v1/applicants/<int:pk>/consent/": row(API_POST_ONLY, write=API_CREATED, obj="fresh"),
    "api/v1/applicants/<int:pk>/consent/withdraw/": row(API_POST_ONLY, write=(401, 200, 404, 200, 404, 404, 403)),
    "api/v1/applicants/<int:pk>/profiles/": row(API_POST_ONLY, write=API_CREATED, obj="fresh"),
    "api/v1/checks/": row(API_SIGNED_IN, write=API_CREATED),
    "api/v1/checks/<int:pk>/": row(API_CASE_READ, write=(401, 200, 404, 200, 404, 404, 404), obj="check"),
    "api/v1/checks/<int:pk>/void/": row(API_POST_ONLY, write=(401, 403, 404, 200, 404, 404, 403), obj="voidable"),
    "api/v1/refusals/": row((401, 403, 403, 200, 200, 200, 200)),
    "api/v1/audit/": row((401, 403, 403, 200, 200, 200, 200)),
    # The old direct-entry path is gone for everyone (api.md: 410 GONE, naming the new path).
    "api/v1/ripa-authorisations/": row(API_POST_ONLY, write=(401, 410, 410, 410, 410, 410, 410)),
    # RIPA: managers apply, renew and record the justice; the council's designated officer (manager_b)
    # decides, reviews and cancels; everyone else who sees the application is refused.
    "api/v1/ripa-applications/": row(API_POST_ONLY, write=(401, 403, 404, 201, 404, 404, 403)),
    "api/v1/ripa-applications/<int:pk>/decision/": row(
        API_POST_ONLY, write=(401, 404, 404, 403, 200, 403, 403), obj="ripa_pending"
    ),
    "api/v1/ripa-applications/<int:pk>/justice-approval/": row(
        API_POST_ONLY, write=(401, 404, 404, 200, 403, 403, 403), obj="ripa_granted"
    ),
    "api/v1/ripa-applications/<int:pk>/reviews/": row(
        API_POST_ONLY, write=(401, 404, 404, 403, 201, 403, 403), obj="ripa"
    ),
    "api/v1/ripa-applications/<int:pk>/renewals/": row(
        API_POST_ONLY, write=(401, 404, 404, 201, 403, 403, 403), obj="ripa"
    ),
    "api/v1/ripa-applications/<int:pk>/cancel/": row(
        API_POST_ONLY, write=(401, 404, 404, 403, 200, 403, 403), obj="ripa"
    ),
    "api/v1/ripa-register.csv": row((401, 403, 403, 200, 200, 200, 200)),
    "api/v1/incidents/": row(API_POST_ONLY, write=(401, 201, 404, 201, 404, 404, 403)),
    # The user's own tokens: anyone else's is not found (admins revoke them in the admin site).
    "api/v1/tokens/": row(API_SIGNED_IN),
    "api/v1/tokens/<int:pk>/": row(
        (401, 200, 404, 404, 404, 404, 404), write=(401, 204, 404, 404, 404, 404, 404), obj="api_token"
    ),
    # The case's life: moves by the team's workers and managers; closing by its managers;
    # legal holds by its managers and by admins (who see no case records, so get no household back).
    "api/v1/households/<int:pk>/stage/": row(API_POST_ONLY, write=(401, 200, 404, 200, 404, 404, 403), obj="household"),
    "api/v1/households/<int:pk>/close/": row(API_POST_ONLY, write=(401, 403, 404, 200, 404, 404, 403), obj="household"),
    "api/v1/households/<int:pk>/legal-hold/": row(
        API_POST_ONLY, write=(401, 403, 404, 200, 404, 200, 403), obj="household"
    ),
    "api/v1/^[\\s\\S]*$": row((404,) * 7),
    # --- Governance (issue #18) ----------------------------------------------------------------------
    "governance/training/": row(OVERSIGHT_LIST),
    # Managers record their own teams' training: manager_b's form does not offer team A's worker (200).
    "governance/training/record/": row((L, 403, 403, 200, 200, 403, 403), write=(L, 403, 403, 302, 200, 403, 403)),
    "governance/policy-acceptance/": row(OVERSIGHT_LIST),
    # Anyone who sees the household may declare their own connection with it (auditors too: it changes no case).
    "governance/households/<int:pk>/conflict/": row(
        CASE_READ, write=(L, 302, 404, 302, 404, 404, 302), obj="household"
    ),
    "governance/households/<int:pk>/restriction/": row(
        (L, 403, 404, 200, 404, 404, 403), write=(L, 403, 404, 302, 404, 404, 403), obj="household"
    ),
    "api/v1/households/<int:pk>/conflicts/": row(
        API_POST_ONLY, write=(401, 201, 404, 201, 404, 404, 201), obj="household"
    ),
    "api/v1/reports/annual/": row((401, 403, 403, 200, 200, 200, 200)),
    "reports/annual/": row(OVERSIGHT_LIST),
    "reports/annual/<slug:slug>/<int:year>/": row(OVERSIGHT_LIST),
    "reports/annual/<slug:slug>/<int:year>.csv": row(OVERSIGHT_LIST),
    "reports/annual/<slug:slug>/<int:year>.pdf": row(OVERSIGHT_LIST),
}
THIS_YEAR = datetime.date.today().year
# Addresses that are not a plain fill-in of their pattern.
SPECIAL_URLS = {
    "applicants/<int:pk>/consent-information/<slug:version>/": "/applicants/{pk}/consent-information/large-print/",
    "applicants/<int:pk>/consent-information.<str:suffix>": "/applicants/{pk}/consent-information.brf",
    "checks/<int:pk>/receipt.<str:suffix>": "/checks/{pk}/receipt.brf",
    "api/v1/^[\\s\\S]*$": "/api/v1/no-such-endpoint/",
    "data-protection/record-of-processing/<slug:slug>/": "/data-protection/record-of-processing/{slug}/",
    "data-protection/record-of-processing/<slug:slug>.csv": "/data-protection/record-of-processing/{slug}.csv",
    "privacy/<slug:slug>/": "/privacy/{slug}/",
    "api/v1/reports/annual/": f"/api/v1/reports/annual/?year={THIS_YEAR}",
    "reports/annual/<slug:slug>/<int:year>/": f"/reports/annual/agency/{THIS_YEAR}/",
    "reports/annual/<slug:slug>/<int:year>.csv": f"/reports/annual/agency/{THIS_YEAR}.csv",
    "reports/annual/<slug:slug>/<int:year>.pdf": f"/reports/annual/agency/{THIS_YEAR}.pdf",
}
ADMIN_PREFIX = "admin/"


def url_patterns(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern in the URLconf, the route written out in full."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def address(route: str, records: Records) -> str:
    pk = getattr(records, MATRIX[route].obj).pk
    if route in SPECIAL_URLS:
        return SPECIAL_URLS[route].format(pk=pk, slug=records.household.local_authority.slug)
    path = "/" + route.replace("<int:pk>", str(pk)).replace("<int:applicant_id>", str(pk))
    assert "<" not in path and "^" not in path, f"fill in {route} in SPECIAL_URLS"
    return path


def client_for(role: str, request) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(USER_FIXTURES[role]))
    return client


def outcome(response) -> int | str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(("/sign-in/?next=", "/admin/login/?next=")):
        return L
    return response.status_code


def send_write(client: Client, route: str, url: str, records: Records):
    """Send the valid write; returns the response and how many changes it recorded (then rolled back)."""
    write = WRITES[route]
    send = getattr(client, write.method)
    with transaction.atomic():
        before = case_changes()
        if write.is_api(route):
            response = send(url, data=write.body(records), content_type="application/json")
        else:
            response = send(url, data=write.body(records))
        changed = case_changes() - before
        transaction.set_rollback(True)
    return response, changed


DENIED = (L, 401, 403, 404, 405)


def test_every_address_has_a_row_in_the_matrix():
    routes = [route for route, _ in url_patterns() if not route.startswith(ADMIN_PREFIX)]
    missing = [route for route in routes if route not in MATRIX]
    assert not missing, (
        "Decide who may open these addresses and add them to MATRIX in tests/security/test_permission_matrix.py:\n"
        + "\n".join(missing)
    )
    assert not set(MATRIX) - set(routes), f"rows for addresses that no longer exist: {set(MATRIX) - set(routes)}"


def test_every_write_in_the_matrix_has_a_valid_submission_and_no_other():
    assert {route for route, r in MATRIX.items() if r.write is not None} == set(WRITES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says_on_every_address(role, request, records):
    client = client_for(role, request)
    at = ROLES.index(role)
    wrong = []
    for route, expected in MATRIX.items():
        url = address(route, records)
        got = outcome(client.get(url))
        if got != expected.get[at]:
            wrong.append(f"GET {url} ({route}): {got}, expected {expected.get[at]}")
        if expected.write is None:
            continue
        response, changed = send_write(client, route, url, records)
        got = outcome(response)
        if got in DENIED and changed:
            wrong.append(f"{WRITES[route].method.upper()} {url} ({route}): {got}, yet {changed} changes were recorded")
        if got != expected.write[at]:
            detail = response.content[:300] if response.get("Content-Type", "").startswith("application/json") else ""
            wrong.append(
                f"{WRITES[route].method.upper()} {url} ({route}): {got}, expected {expected.write[at]} {detail}"
            )
        if route == "sign-out/" or (route == "sign-in/" and role == "anonymous"):
            client = client_for(role, request)  # back to the role this test is about
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_another_teams_ids_answer_404_exactly_like_ids_that_do_not_exist(request, records, outsider):
    """An outsider cannot tell a record of another team from no record at all."""
    client = client_for("outsider", request)
    for route, expected in MATRIX.items():
        if "<" not in route or expected.get[ROLES.index("outsider")] != 404:
            continue
        real = address(route, records)
        missing = real.replace(f"/{getattr(records, expected.obj).pk}/", "/987654321/")
        assert _without_csrf_token(client.get(real)) == _without_csrf_token(client.get(missing)), route


def _without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


# --- The admin site, as one group ------------------------------------------------------------------------


def _admin_urls(records) -> list[tuple[str, str, object]]:
    """(route, url, model admin or None) for every admin pattern, ids filled with existing rows where
    there are any (a row that does not exist gives the admin's own "doesn't exist" redirect)."""
    by_route = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        by_route[f"{ADMIN_PREFIX}{opts.app_label}/{opts.model_name}/"] = model_admin
    found = []
    for route, pattern in url_patterns():
        if not route.startswith(ADMIN_PREFIX):
            continue
        model_admin = next((a for prefix, a in by_route.items() if route.startswith(prefix)), None)
        first = model_admin.model._default_manager.order_by("pk").first() if model_admin else None
        pk = str(first.pk) if first else "0"
        if pattern.name == "app_list":
            url = reverse("admin:app_list", kwargs={"app_label": "accounts"})
        elif route == f"{ADMIN_PREFIX}(?P<url>.*)$":
            url = f"/{ADMIN_PREFIX}no-such-page/"
        elif pattern.name == "view_on_site":
            url = reverse("admin:view_on_site", args=[1, 1])
        else:
            url = "/" + route.replace("<path:object_id>", pk).replace("<id>", pk)
        assert "<" not in url and "^" not in url, route
        found.append((route, url, model_admin, first))
    return found


def _admin_expects(route: str, model_admin, obj, request) -> set[int]:
    """What an admin (superuser) gets on each kind of admin page, following the order
    in which Django's ModelAdmin views check permission and existence."""
    if route == f"{ADMIN_PREFIX}logout/":
        return {405}  # signing out is a POST
    if route == f"{ADMIN_PREFIX}autocomplete/":
        return {403}  # only for a field that asks for it
    if route == f"{ADMIN_PREFIX}(?P<url>.*)$":
        return {404}  # the admin's catch-all, for staff only
    if route.startswith(f"{ADMIN_PREFIX}r/"):
        return {404}  # "view on site": no model here has a public page
    if model_admin is None:
        return {200}
    if route.endswith("/add/"):
        return {200} if model_admin.has_add_permission(request) else {403}
    if route.endswith("<path:object_id>/"):
        return {302}  # the old address, sent on to .../change/
    if route.endswith("/delete/"):
        allowed = model_admin.has_delete_permission(request, obj)
    elif route.endswith("/password/"):
        allowed = model_admin.has_change_permission(request, obj)
    elif "<path:object_id>" in route:
        allowed = model_admin.has_view_or_change_permission(request, obj)
    else:
        return {200}
    if not allowed:
        return {403}
    return {200} if obj is not None else {302}  # the admin's "doesn't exist" message on the index


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_site_is_for_admins_only(role, request, records):
    """Anonymous and non-staff users are sent to the admin's sign-in page from every admin
    address; the admin (staff, superuser) gets every page the admin classes allow."""
    client = client_for(role, request)
    wrong = []
    urls = _admin_urls(records)
    assert len(urls) > 50
    for route, url, model_admin, obj in urls:
        got = outcome(client.get(url))
        if route == f"{ADMIN_PREFIX}login/":
            expected = {302} if role == "admin" else {200}
        elif role != "admin":
            # Signing out of the admin sends anyone who is not staff to the admin's index,
            # and from there to its sign-in page.
            expected = {302} if route == f"{ADMIN_PREFIX}logout/" else {L}
        else:
            as_admin = RequestFactory().get(url)
            as_admin.user = request.getfixturevalue("admin_user")
            expected = _admin_expects(route, model_admin, obj, as_admin)
        if got not in expected:
            wrong.append(f"GET {url} ({route}): {got}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
