"""Every form, fuzzed: what anyone could type or send never gives a server error,
and a submission the service does not accept stores nothing.

Each example starts from a valid submission (records.WRITES) and replaces, repeats,
drops or adds fields: very long text, HTML, SQL-looking strings, odd unicode,
control characters, numbers where ids go and words where numbers go, several values
for one field, a file where text goes; or sends a body that is not a form at all.
Each runs in a savepoint that is rolled back, so every example meets the same
records. A change may be stored only when the page says it was (a redirect)."""

from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web.models import Submission

from .records import WRITES, Records, case_changes, date_parts, yesterday

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SAMPLES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[2J\x07",
    "\r\n\t\x0b\x0c",
    "\u202egnp.exe",
    "\ufeff\u200b\u2028",
    "e\u0301\u0327\u0361",
    "😀👩‍👩‍👧‍👦🏳️‍🌈",
    "𝕏𝔶𝖟",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}{% debug %}",
    "' OR '1'='1' --",
    "1; DROP TABLE cases_household; --",
    "%_\\",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
    "٣",
    "0x10",
    "true",
    "null",
    "[]",
    "{}",
    "31",
    "13",
    "0000",
    "10000",
    "25:99",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "x" * 5_000,
    "é" * 70_000,
]
TEXT = st.one_of(st.sampled_from(SAMPLES), st.text(max_size=80), st.integers().map(str))
OMIT = object()


def value():
    """Something other than a field's valid value: text, several values, a file, or nothing."""
    return st.one_of(
        TEXT,
        st.lists(TEXT, min_size=2, max_size=3),
        st.builds(lambda: SimpleUploadedFile("evidence.txt", b"\x00\xff not text")),
        st.just(OMIT),
    )


@st.composite
def submission(draw, valid: dict, extra: tuple[str, ...]):
    """A form body built from `valid`: a few of its fields replaced (the rest kept, so that
    examples get past the form to the service), and fields it did not have added."""
    names = list(valid)
    body = dict(valid)
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)):
        body[name] = draw(value())
    for name in draw(st.lists(st.sampled_from((*extra, "unexpected")), max_size=3, unique=True)):
        body[name] = draw(value())
    return {name: v for name, v in body.items() if v is not OMIT}


RAW = st.tuples(
    st.sampled_from(
        [
            "application/json",
            "text/plain",
            "multipart/form-data",
            "multipart/form-data; boundary=zzz",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/xml",
        ]
    ),
    st.one_of(st.binary(max_size=200), st.sampled_from([b"{}", b"given=yes&given=no&\xff\xfe=%00", b"%zz=%"])),
)

BREACH_UPDATE = {
    "status": "investigating",
    "ico_decision": "not_reportable",
    "ico_decision_reason": "Recovered unopened.",
    **date_parts("ico_notified_at", None),
    "ico_notified_at_hour": "",
    "ico_notified_at_minute": "",
    **date_parts("dpo_informed_at", yesterday()),
    "dpo_informed_at_hour": "9",
    "dpo_informed_at_minute": "05",
}


@dataclass(frozen=True)
class Form:
    who: str  # the oversight forms are a manager's; everything else a worker's
    route: str  # its valid submission in records.WRITES, unless OWN_BODIES has one
    text: tuple[str, ...]  # free-text fields, where odd but plausible text should be stored as typed
    extra: tuple[str, ...] = ()  # fields the form has beyond the valid submission's
    obj: str | None = None  # the record in the address, if not the one WRITES names


TOKEN = ("submission",)
FORMS = {
    "sign in": Form("anonymous", "sign-in/", ("username", "password"), ("next",)),
    "add household": Form("worker", "households/add/", ("reference",), (*TOKEN, "team")),
    "add applicant": Form(
        "worker", "households/<int:pk>/applicants/add/", ("first_name", "last_name"), (*TOKEN, "information_formats")
    ),
    "communication needs": Form(
        "worker", "applicants/<int:pk>/communication-needs/", ("communication_notes",), ("communication_support",)
    ),
    "record consent": Form("worker", "applicants/<int:pk>/consent/", ("form_reference",), TOKEN),
    "withdraw consent": Form("worker", "applicants/<int:pk>/consent/withdraw/", ("reason",), TOKEN),
    "add profile": Form("worker", "applicants/<int:pk>/profiles/add/", ("handle",), TOKEN),
    "accept the policy": Form("worker", "policy/", ("next",)),
    "check details": Form("worker", "applicants/<int:pk>/checks/new/", ("purpose",), (*TOKEN, "change")),
    "start check": Form("worker", "applicants/<int:pk>/checks/start/", ("purpose",), TOKEN),
    "findings": Form("worker", "checks/<int:pk>/findings/", ("findings_summary",), TOKEN),
    "report incident": Form("worker", "incidents/report/", ("description",), TOKEN),
    "refusal review": Form("manager", "manage/refusals/<int:pk>/review/", ("comment",), TOKEN),
    "incident from refusal": Form("manager", "manage/refusals/<int:pk>/incident/", ("description",), TOKEN),
    "incident update": Form("manager", "manage/incidents/<int:pk>/", ("police_reference",), ("ico_decision", *TOKEN)),
    "breach update": Form(
        "manager", "manage/incidents/<int:pk>/", ("ico_decision_reason",), ("police_reference",), obj="breach"
    ),
}
OWN_BODIES = {"breach update": lambda r: BREACH_UPDATE}

# Text a person might really type, however odd: it is stored as typed and shown escaped.
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
PLAUSIBLE = st.one_of(
    st.sampled_from([SCRIPT, IMAGE, "' OR '1'='1' --", "Zoë O'Brien-Łukasz", "مرحبا", "😀 ok", "e\u0301", "%_\\"]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip),
)


@st.composite
def plausible(draw, valid: dict, text: tuple[str, ...]):
    body = dict(valid)
    for name in draw(st.lists(st.sampled_from(text), min_size=1, unique=True)):
        body[name] = draw(PLAUSIBLE)
    return body


def address(route: str, records: Records, obj: str | None) -> str:
    obj = obj or WRITES[route].obj
    return "/" + (route.replace("<int:pk>", str(getattr(records, obj).pk)) if obj else route)


def stored() -> int:
    return case_changes() + Submission.objects.count()


def send(client: Client, url: str, body) -> tuple[int, int]:
    """POST one example in a savepoint that is rolled back: (status, changes stored).
    After a redirect, the page it leads to is opened too: it must show what was stored."""
    with transaction.atomic():
        before = stored()
        if isinstance(body, tuple):
            content_type, raw = body
            response = client.generic("POST", url, raw, content_type=content_type)
        else:
            response = client.post(url, body)
        changed = stored() - before
        if response.status_code == 302:
            # Where a browser would go: relative to this page, and only on this site.
            location = urljoin(url, response["Location"])
            assert location.startswith("/") and not location.startswith("//"), location
            shown = client.get(location)
            assert shown.status_code < 500, location
            assert SCRIPT.encode() not in shown.content and IMAGE.encode() not in shown.content
        transaction.set_rollback(True)
    return response.status_code, changed


@pytest.mark.parametrize("name", FORMS)
def test_no_input_to_a_form_gives_a_server_error_or_stores_a_refused_submission(name, request, records):
    form = FORMS[name]
    valid = (OWN_BODIES.get(name) or WRITES[form.route].body)(records)
    url = address(form.route, records, form.obj)
    client = Client()
    if form.who != "anonymous":
        client.force_login(request.getfixturevalue(form.who))

    # The valid submission itself is accepted: the fuzzing starts from something that works.
    status, changed = send(client, url, valid)
    assert status in (200, 302) and (changed > 0 or status == 200 or name in ("sign in", "accept the policy")), (
        status,
        changed,
    )

    @given(body=st.one_of(submission(valid, form.extra), plausible(valid, form.text), RAW))
    @FUZZ
    def fuzz(body):
        status, changed = send(client, url, body)
        assert status < 500
        if changed:
            assert status == 302, f"{changed} changes stored, yet the answer was {status}"

    fuzz()


# --- Filters and look-ups in the address ---------------------------------------------------------------

QUERIES = {
    "/": ("worker", ("q",)),
    "/policy/": ("worker", ("next",)),
    "/incidents/report/": ("worker", ("applicant",)),
    "/manage/audit/": (
        "manager",
        ("actor", "household", "applicant", "action", "record_type", "since", "until", "before", "after"),
    ),
    "/manage/audit/export.csv": ("manager", ("actor", "applicant", "since", "until", "record_type")),
    "/manage/refusals/": ("manager", ("review", "code", "page")),
    "/manage/incidents/": ("manager", ("status", "kind", "page")),
    "/manage/ripa/": ("manager", ("council", "status", "year")),
    "/manage/ripa/print/": ("manager", ("council", "status", "year")),
    "/manage/ripa/statistics/": ("manager", ("year",)),
}


@pytest.mark.parametrize("path", QUERIES)
def test_no_query_string_gives_a_server_error(path, request, records):
    who, names = QUERIES[path]
    client = Client()
    client.force_login(request.getfixturevalue(who))

    @given(query=st.dictionaries(st.sampled_from(names), st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3))))
    @FUZZ
    def fuzz(query):
        response = client.get(path, query)
        assert response.status_code < 500
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # the CSV export writes its rows as it streams

    fuzz()


# --- What the fuzzing found ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("next_address", "goes_to"),
    [
        ("/checks/1/", "/checks/1/"),
        ("anything", "/"),  # was a 500: redirect() took the word for a view name
        ("caseload", "/"),
        (IMAGE, "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
    ],
)
def test_accepting_the_policy_goes_back_only_to_a_path_on_this_site(client, worker, policy, next_address, goes_to):
    client.force_login(worker)
    response = client.post("/policy/", {"version": policy.version, "next": next_address})
    assert response.status_code == 302 and response["Location"] == goes_to
