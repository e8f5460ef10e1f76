"""The time the profile link was shown moves from the form's token to the check
(checks.SocialCheck.profile_link_shown_at); the token no longer points at the check.

A completed check is guarded against any change (checks 0002); copying this one
column over to completed checks is the only change made while the guard is off,
inside this migration's transaction."""

import importlib

from django.db import migrations

GUARD = importlib.import_module("checks.migrations.0002_completed_check_immutable")

COPY = """
UPDATE checks_socialcheck SET profile_link_shown_at = (
    SELECT MIN(s.link_shown_at) FROM web_submission s
    WHERE s.social_check_id = checks_socialcheck.id AND s.link_shown_at IS NOT NULL
)
WHERE profile_link_shown_at IS NULL AND id IN (
    SELECT social_check_id FROM web_submission WHERE link_shown_at IS NOT NULL
)
"""


def copy_link_shown_at(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [
            "ALTER TABLE checks_socialcheck DISABLE TRIGGER checks_socialcheck_guard",
            COPY,
            "ALTER TABLE checks_socialcheck ENABLE TRIGGER checks_socialcheck_guard",
        ]
    elif vendor == "sqlite":
        statements = [GUARD.SQLITE_REVERSE, COPY, GUARD.SQLITE_FORWARD]
    else:
        statements = [COPY]
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_initial"),
        ("checks", "0008_socialcheck_profile_link_shown_at"),
    ]

    operations = [
        # Backwards the check keeps the time; tokens are only page state.
        migrations.RunPython(copy_link_shown_at, migrations.RunPython.noop),
        migrations.RemoveField(model_name="submission", name="link_shown_at"),
        migrations.RemoveField(model_name="submission", name="social_check"),
    ]
