"""The people every test can use: a worker, a teammate, an outsider (another
team), the worker's manager, an admin and an auditor; and a household in the
worker's team with one consenting applicant and a Facebook profile."""

import datetime
import os

import pytest
from django.utils import timezone

from accounts.models import Role, User
from consent.services import consent_record
from platforms.defaults import ensure_default_platforms
from platforms.models import Platform, ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from policy.services import acknowledge_current_policy
from t4c_socialcheck.celery import app as celery_app

from .factories import ApplicantFactory, HouseholdFactory, PolicyVersionFactory, TeamFactory, UserFactory

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
ON_REDIS = bool(os.environ.get("REDIS_URL"))

postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL (row locks, concurrent writers, triggers on delete): runs in the PostgreSQL leg of .ci/run",
)

# The pooler leg of .ci/run: DATABASE_URL points at PgBouncer in transaction pooling mode.
THROUGH_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower() == "transaction"


def in_another_session(sql: str, params=()):
    """Run one statement on a PostgreSQL session of its own (autocommit), as
    another process would, and return the first value of its first row."""
    import psycopg2
    from django.db import connection

    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run eagerly unless a test asks for the real broker (`real_broker` marker).

    Celery copies settings once, so override_settings cannot reach it: set it here."""
    if request.node.get_closest_marker("real_broker"):
        if not ON_REDIS:
            pytest.skip("needs a real Redis broker (runs in the PostgreSQL/Redis leg of .ci/run)")
        celery_app.conf.update(task_always_eager=False, broker_url=os.environ["REDIS_URL"])
    else:
        celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(task_always_eager=True)


@pytest.fixture(autouse=True)
def audit_checkpoint_dir(settings, tmp_path):
    """Audit checkpoints go to the test's own directory: the suite never reads the checkout's var/."""
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "audit-checkpoints")
    # Consent information files are cached per test, never in the checkout's var/.
    settings.CONSENT_DOCUMENTS_DIR = str(tmp_path / "consent-documents")


@pytest.fixture(autouse=True, scope="session")
def sqlite_flush_past_the_audit_delete_trigger():
    """After a transactional test pytest-django empties the database with Django's flush, DELETE FROM
    each table on SQLite, which the audit trail's DELETE trigger refuses: let flush, and only flush, past it."""
    from importlib import import_module

    from django.core.management.commands import flush
    from django.db import connection

    no_delete = import_module("audit.migrations.0007_redaction_blanks_content_only").SQLITE_FORWARD[-1]
    original = flush.Command.handle

    def handle(self, **options):
        if connection.vendor != "sqlite":
            return original(self, **options)
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
        try:
            return original(self, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(no_delete)

    patch = pytest.MonkeyPatch()
    patch.setattr(flush.Command, "handle", handle)
    yield
    patch.undo()


@pytest.fixture
def platforms(db):
    ensure_default_platforms()
    return {p.slug: p for p in Platform.objects.all()}


@pytest.fixture
def logged_out_view(platforms):
    return ViewingAccount.objects.get(platform=platforms["facebook"], kind=ViewingAccountKind.LOGGED_OUT)


@pytest.fixture
def policy(db):
    """The current policy, accepted by everyone made before it (those made after accept it in UserFactory)."""
    version = PolicyVersionFactory()
    for user in User.objects.exclude(role=Role.AUDITOR):
        acknowledge_current_policy(user=user)
    return version


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Team A")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Team B")


def _member(team, policy=None, **kwargs):
    user = UserFactory(**kwargs)
    team.members.add(user)
    if policy is not None:
        acknowledge_current_policy(user=user)
    return user


@pytest.fixture
def worker(team_a, policy):
    return _member(team_a, policy, username="worker")


@pytest.fixture
def teammate(team_a, policy):
    return _member(team_a, policy, username="teammate")


@pytest.fixture
def outsider(team_b, policy):
    return _member(team_b, policy, username="outsider")


@pytest.fixture
def manager(team_a, policy):
    user = UserFactory(username="manager", role=Role.MANAGER)
    team_a.managers.add(user)
    acknowledge_current_policy(user=user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.AUDITOR)


@pytest.fixture
def household(team_a, worker):
    return HouseholdFactory(team=team_a, allocated_worker=worker)


@pytest.fixture
def applicant(household):
    return ApplicantFactory(household=household, first_name="Alex", last_name="Morgan")


@pytest.fixture
def consent(applicant, worker):
    return consent_record(
        user=worker,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference="ROI-FORM-1",
    )


@pytest.fixture
def profile(applicant, worker, platforms):
    return profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="alex.morgan")


ALL_DECLARATIONS = {
    "no_personal_connection": True,
    "no_dummy_or_personal_account": True,
    "no_interaction": True,
    "this_profile_only": True,
}


@pytest.fixture
def start(logged_out_view):
    """Start a check through the service with sensible defaults."""
    from checks.services import check_start

    def _start(user, applicant, profile, **overrides):
        arguments = {
            "user": user,
            "applicant_id": applicant.pk,
            "profile_id": profile.pk,
            "viewing_account_id": logged_out_view.pk,
            "declarations": dict(ALL_DECLARATIONS),
            "purpose": "Social media check for the adoption assessment",
        }
        arguments.update(overrides)
        return check_start(**arguments)

    return _start


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the API's throttle counts requests there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
