"""Starting a check through the full rules layer, audit and chain, against its baselines,
measured alternately in the same run: a bare authenticated Django form POST that writes
one row (issue 13's target), a bare API POST that writes one row and its chained audit
entry (for comparison: the baseline the closing notes proposed), and a raw psycopg2
INSERT + COMMIT of one row (the floor)."""

import datetime
import json
import statistics
import time

import psycopg2
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, Team, User
from bench.signin import signed_in_client
from cases.models import Applicant, Household, LocalAuthority
from checks.facts import lock_and_read
from consent.models import Consent
from platforms.defaults import ensure_default_platforms
from platforms.models import Platform, SocialProfile, ViewingAccount
from policy.models import PolicyVersion
from policy.services import acknowledge_current_policy

# Starting a check against a bare authenticated form POST writing one row, in
# the same run: the budget for the rules, the lock, the check and its chained
# audit entry, written with public Django APIs only.
TARGET = 2.0
HARD_LIMIT = 2.5

DECLARATIONS = {
    "no_personal_connection": True,
    "no_dummy_or_personal_account": True,
    "no_interaction": True,
    "this_profile_only": True,
}


def check_body(applicant_id: int, profile_id: int, account: ViewingAccount) -> dict:
    """The JSON body of POST /api/v1/checks/ for one seeded applicant and profile."""
    return {
        "applicant": applicant_id,
        "profile": profile_id,
        "viewing_account": account.pk,
        "declarations": DECLARATIONS,
        "purpose": "Benchmark",
    }


def seed(n: int, prefix: str):
    """n households, each with one consenting applicant and one Facebook profile."""
    ensure_default_platforms()
    PolicyVersion.objects.get_or_create(
        version="bench", defaults={"title": "Bench", "body": "Bench policy.", "published_at": timezone.now()}
    )
    team, _ = Team.objects.get_or_create(name=f"{prefix} team")
    worker, _ = User.objects.get_or_create(username=f"{prefix}-worker", defaults={"role": Role.WORKER})
    team.members.add(worker)
    acknowledge_current_policy(user=worker)
    council, _ = LocalAuthority.objects.get_or_create(name="Bench council")
    facebook = Platform.objects.get(slug="facebook")
    account = ViewingAccount.objects.get(platform=facebook, kind="logged_out")
    pairs = []
    for i in range(n):
        household = Household.objects.create(
            reference=f"{prefix}-{i}", local_authority=council, team=team, received_on=datetime.date(2026, 1, 1)
        )
        applicant = Applicant.objects.create(household=household, position=1, first_name="Bench", last_name=str(i))
        Consent.objects.create(
            applicant=applicant,
            given=True,
            signed_on=datetime.date(2026, 1, 2),
            form_reference=f"F{i}",
            recorded_by=worker,
        )
        profile = SocialProfile.objects.create(
            applicant=applicant, platform=facebook, entered=f"{prefix}.{i}", identity=f"{prefix}.{i}", created_by=worker
        )
        pairs.append((applicant.pk, profile.pk))
    return worker, account, pairs


def run(record, timed, samples: int = 150) -> None:
    print(f"\nStarting a check: {samples} of each, alternated", flush=True)
    # The first `samples` pairs are checked; as many more only have their facts read.
    worker, account, pairs = seed(2 * samples + 5, "chk")
    client = signed_in_client(worker)

    def start_check(applicant_id, profile_id):
        body = json.dumps(check_body(applicant_id, profile_id, account))
        response = client.post("/api/v1/checks/", body, content_type="application/json")
        assert response.status_code == 201, response.content[:300]

    def bare_post(i):
        response = client.post("/bench/bare-form/", {"text": f"note {i}"})
        assert response.status_code == 201, response.status_code

    def bare_api_post(i):
        response = client.post("/bench/bare-api/", {"text": f"api note {i}"}, content_type="application/json")
        assert response.status_code == 201, response.content[:300]

    db = settings.DATABASES["default"]
    raw = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
        password=db.get("PASSWORD") or None,
    )
    table = "baseline_note"

    def raw_insert(i):
        with raw.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (text, created_at) VALUES (%s, now())", [f"raw {i}"])
        raw.commit()

    def read_facts(applicant_id, profile_id):
        """The service's first step on its own (the lock and the facts query), rolled back: what the
        rules' questions cost before anything is decided or written."""
        with transaction.atomic():
            attempt = lock_and_read(
                user=worker,
                applicant_id=applicant_id,
                profile_id=profile_id,
                viewing_account_id=account.pk,
                declarations=DECLARATIONS,
            )
            assert attempt.visible and not attempt.facts.applicant_already_checked
            transaction.set_rollback(True)

    # Warm up every path once.
    start_check(*pairs[-1])
    bare_post(-1)
    bare_api_post(-1)
    raw_insert(-1)
    read_facts(*pairs[-2])
    check_times, bare_times, api_times, raw_times, facts_times = [], [], [], [], []
    for i in range(samples):
        for fn, args, bucket in (
            (start_check, pairs[i], check_times),
            (bare_post, (i,), bare_times),
            (bare_api_post, (i,), api_times),
            (raw_insert, (i,), raw_times),
            (read_facts, pairs[samples + i], facts_times),
        ):
            begin = time.perf_counter()
            fn(*args)
            bucket.append(time.perf_counter() - begin)
    raw.close()
    check, bare, api, floor, facts = (
        statistics.median(t) for t in (check_times, bare_times, api_times, raw_times, facts_times)
    )
    record("start a check (API POST, rules, audit, chain): median", f"{check * 1000:.2f} ms")
    record("bare authenticated form POST writing one row: median", f"{bare * 1000:.2f} ms")
    record("bare API POST writing one row and its chained audit entry: median", f"{api * 1000:.2f} ms")
    record("raw psycopg2 INSERT + COMMIT: median", f"{floor * 1000:.2f} ms")
    ratio = check / bare
    record("start a check vs bare form POST", f"{ratio:.2f}x", f"≤ {TARGET}x", ratio <= TARGET)
    record("start a check vs bare form POST: hard limit", f"{ratio:.2f}x", f"≤ {HARD_LIMIT}x", ratio <= HARD_LIMIT)
    record("start a check vs bare API POST with its chained audit entry (for comparison)", f"{check / api:.2f}x")
    record("start a check vs raw INSERT + COMMIT (the floor)", f"{check / floor:.1f}x")
    record(
        "of which the lock and the facts query alone (checks.facts.lock_and_read, rolled back): median",
        f"{facts * 1000:.2f} ms = {facts / bare:.2f}x the bare form POST",
    )
    connection.close()
