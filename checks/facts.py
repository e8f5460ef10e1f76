"""What the rules need to know about one attempt to view a profile, read in one statement.

Starting a check is measured against a bare form POST (bench/checks_bench.py).
The ORM version of this read took seven queries and most of the time went on
building them, so here it is one hand-written statement, sent with the lock
on the applicant's row in one round trip. The instances it returns are built
with `Model.from_db`: the columns read are loaded, any other field is
deferred and loads on first use.

On PostgreSQL the read also takes the id the check will have if the rules
allow it (a refusal leaves a gap, as sequences do), so that the check and its
audit entry can be written together in one round trip (audit.signals).

The same questions are answered for the rest of the app by `cases.scope`
(may this user act on the household), `consent.services.consent_state` and
`policy.services.has_accepted_current_policy`; tests/checks/test_facts.py
holds the answers here equal to theirs.
"""

import functools
from dataclasses import dataclass

from django.db import connection, connections

from cases.models import Applicant, Household
from platforms.models import Platform, SocialProfile, ViewingAccount

# The largest id a bigint column holds: anything else cannot exist, and would
# be a database error rather than "not found" if it reached the statement.
MAX_ID = 2**63 - 1


def _in_model_order(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """`Model.from_db` takes values in the model's field order."""
    order = [field.attname for field in model._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


# The columns read for each instance.
APPLICANT_FIELDS = _in_model_order(Applicant, ("id", "household_id", "first_name", "last_name"))
HOUSEHOLD_FIELDS = _in_model_order(Household, ("id", "reference", "team_id", "allocated_worker_id", "stage"))
PROFILE_FIELDS = _in_model_order(SocialProfile, ("id", "applicant_id", "platform_id", "identity"))
PLATFORM_FIELDS = _in_model_order(
    Platform, ("id", "name", "slug", "active", "checkable", "domains", "path_prefix", "profile_url_template")
)
ACCOUNT_FIELDS = _in_model_order(ViewingAccount, ("id", "platform_id", "label", "kind", "active"))

_STATEMENT = """
SELECT
    {applicant}, {household}, {profile}, {platform}, {account},
    (SELECT c.id FROM consent_consent c
      WHERE c.applicant_id = a.id AND c.given AND c.withdrawn_at IS NULL) AS live_consent_id,
    (SELECT c.given FROM consent_consent c
      WHERE c.applicant_id = a.id ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS latest_consent_given,
    EXISTS (SELECT 1 FROM checks_socialcheck s WHERE s.applicant_id = a.id) AS applicant_checked,
    EXISTS (SELECT 1 FROM checks_socialcheck s WHERE s.profile_id = p.id) AS profile_viewed,
    (h.allocated_worker_id = %(user)s
      OR EXISTS (SELECT 1 FROM accounts_team_members m WHERE m.team_id = h.team_id AND m.user_id = %(user)s)
      OR EXISTS (SELECT 1 FROM accounts_team_managers m WHERE m.team_id = h.team_id AND m.user_id = %(user)s)
    ) AS in_scope,
    EXISTS (SELECT 1 FROM policy_policyacknowledgement k
      WHERE k.user_id = %(user)s AND k.policy_version_id = (
        SELECT v.id FROM policy_policyversion v WHERE v.published_at IS NOT NULL
         ORDER BY v.published_at DESC, v.id DESC LIMIT 1)) AS policy_acknowledged,
    {next_check_id} AS next_check_id
FROM cases_applicant a
JOIN cases_household h ON h.id = a.household_id
LEFT JOIN platforms_socialprofile p ON p.id = %(profile)s
LEFT JOIN platforms_platform pl ON pl.id = p.platform_id
LEFT JOIN platforms_viewingaccount va ON va.id = %(account)s
WHERE a.id = %(applicant)s
"""


def _columns(alias: str, fields: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{name}" for name in fields)


def _statement(next_check_id: str) -> str:
    return _STATEMENT.format(
        applicant=_columns("a", APPLICANT_FIELDS),
        household=_columns("h", HOUSEHOLD_FIELDS),
        profile=_columns("p", PROFILE_FIELDS),
        platform=_columns("pl", PLATFORM_FIELDS),
        account=_columns("va", ACCOUNT_FIELDS),
        next_check_id=next_check_id,
    )


STATEMENT = _statement("NULL")
PG_STATEMENT = _statement("nextval(pg_get_serial_sequence('checks_socialcheck', 'id'))")
# PostgreSQL: sent in one round trip after the lock on the applicant's row.
# They are two statements so that the read, with its own snapshot, sees
# whatever a transaction that held the lock before us committed. When
# connections outlive a request (DATABASE_CONN_MAX_AGE, as .env.example sets)
# the read is prepared once per connection: parsing and planning it cost more
# than running it. SQLite has no row locks: its IMMEDIATE transactions let
# one writer in at a time.
LOCK = "SELECT 1 FROM cases_applicant WHERE id = %(applicant)s FOR UPDATE; "
LOCK_AND_READ = LOCK + PG_STATEMENT
PREPARE = "PREPARE check_attempt_facts (bigint, bigint, bigint, bigint) AS " + PG_STATEMENT % {
    "user": "$1",
    "profile": "$2",
    "account": "$3",
    "applicant": "$4",
}
LOCK_AND_EXECUTE = LOCK + "EXECUTE check_attempt_facts (%(user)s, %(profile)s, %(account)s, %(applicant)s)"


@dataclass(frozen=True)
class AttemptFacts:
    applicant: Applicant
    profile: SocialProfile | None
    account: ViewingAccount | None
    live_consent_id: int | None
    # None when no consent of any kind is recorded.
    latest_consent_given: bool | None
    applicant_checked: bool
    profile_viewed: bool
    in_scope: bool
    policy_acknowledged: bool
    # The id for the check if it is allowed (PostgreSQL); None: the database gives one on insert.
    next_check_id: int | None


@functools.cache
def _converters(model, fields: tuple[str, ...], alias: str) -> tuple:
    """For each column, what the ORM would run on its value from this database
    (most need nothing on PostgreSQL; SQLite gives booleans and dates as text)."""
    database = connections[alias]
    converters = []
    for name in fields:
        column = model._meta.get_field(name).get_col(model._meta.db_table)
        functions = database.ops.get_db_converters(column) + column.get_db_converters(database)
        converters.append((column, tuple(functions)))
    return tuple(converters)


def _converted(value, column, functions):
    for function in functions:
        value = function(value, column, connection)
    return value


def _instance(model, fields: tuple[str, ...], columns):
    """A model instance from the next len(fields) columns, or None for a LEFT JOIN that found nothing."""
    values = [next(columns) for _ in fields]
    if values[0] is None:
        return None
    converters = _converters(model, fields, connection.alias)
    cleaned = [_converted(value, *converter) for value, converter in zip(values, converters, strict=True)]
    return model.from_db(connection.alias, list(fields), cleaned)


def _valid_id(value) -> int | None:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_ID else None


def _prepare_once(cursor) -> None:
    """A prepared statement lives as long as its database session (a failed
    transaction does not undo it), so note the session it was prepared on."""
    session = connection.connection
    if getattr(connection, "_check_facts_prepared_on", None) is not session:
        cursor.execute(PREPARE)
        connection._check_facts_prepared_on = session


def read_attempt(*, user, applicant_id, profile_id, viewing_account_id) -> AttemptFacts | None:
    """Lock the applicant and read everything about the attempt; None if the applicant does not exist.
    Call inside a transaction."""
    applicant_id, profile_id, account_id = (_valid_id(v) for v in (applicant_id, profile_id, viewing_account_id))
    if applicant_id is None:
        return None
    params = {"user": user.pk, "profile": profile_id or 0, "account": account_id or 0, "applicant": applicant_id}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.settings_dict.get("CONN_MAX_AGE"):
            _prepare_once(cursor)
            cursor.execute(LOCK_AND_EXECUTE, params)
        elif connection.vendor == "postgresql":
            cursor.execute(LOCK_AND_READ, params)
        else:
            cursor.execute(STATEMENT, params)
        row = cursor.fetchone()
    if row is None:
        return None
    columns = iter(row)
    applicant = _instance(Applicant, APPLICANT_FIELDS, columns)
    applicant.household = _instance(Household, HOUSEHOLD_FIELDS, columns)
    profile = _instance(SocialProfile, PROFILE_FIELDS, columns)
    platform = _instance(Platform, PLATFORM_FIELDS, columns)
    if profile is not None:
        profile.platform = platform
    account = _instance(ViewingAccount, ACCOUNT_FIELDS, columns)
    live_consent_id, latest_given, applicant_checked, profile_viewed, in_scope, acknowledged, next_check_id = columns
    return AttemptFacts(
        applicant=applicant,
        profile=profile,
        account=account,
        live_consent_id=live_consent_id,
        latest_consent_given=None if latest_given is None else bool(latest_given),
        applicant_checked=bool(applicant_checked),
        profile_viewed=bool(profile_viewed),
        in_scope=bool(in_scope),
        policy_acknowledged=bool(acknowledged),
        next_check_id=next_check_id,
    )
