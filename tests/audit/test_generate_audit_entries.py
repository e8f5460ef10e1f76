"""generate_audit_entries: synthetic, correctly chained entries for benchmark databases."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from audit.verify import verify_audit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.AUDIT_CHECKPOINT_KEY = "test-checkpoint-key"


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_audit_entries", *args, "--allow-production", stdout=out)
    return out.getvalue()


def synthetic() -> int:
    return AuditEvent.objects.filter(summary__startswith="Synthetic entry").count()


def test_it_appends_entries_that_verify():
    output = generate(7, "--batch", "3")
    assert synthetic() == 7  # beside the chain's first (switch-over) entry
    assert output.startswith("7 entries appended; head is now entry ")
    report = verify_audit(full=True)
    assert report.ok, report.problems


def test_it_appends_nothing_when_asked_for_none():
    generate(2)
    before = AuditEvent.objects.count()
    assert generate(0) == "0 entries asked for: nothing appended, the chain is unchanged.\n"
    assert AuditEvent.objects.count() == before


def test_it_rejects_a_negative_count():
    with pytest.raises(CommandError, match="COUNT must be 0 or more"):
        generate(-1)


def test_it_refuses_outside_demo_and_benchmark_databases(settings):
    settings.DEBUG = False
    settings.SOCIALCHECK_DEMO_MODE = False
    with pytest.raises(CommandError, match="demo and benchmark databases only"):
        call_command("generate_audit_entries", 0, stdout=StringIO())
    assert synthetic() == 0
