"""Issue #23 point 5: the CSV export streams in small keyset batches, one chunk each;
every row is written once, newest first, whatever the batch boundaries."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from audit.services import audit_record
from oversight import views

pytestmark = pytest.mark.django_db


def test_the_export_across_batches_has_every_row_once_newest_first(client, auditor, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_BATCH", 3)
    for i in range(10):
        audit_record(actor=None, action=Action.OTHER, record_type="test", record_id=i, summary=f"entry {i}")
    client.force_login(auditor)
    response = client.get(reverse("audit-export"))
    chunks = [chunk.decode() for chunk in response.streaming_content]
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    assert rows[0] == list(views.EXPORT_COLUMNS)
    # The export's own entry is written before it streams: it is the newest row.
    expected = list(AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash"))
    assert [(int(row[0]), row[-1]) for row in rows[1:]] == expected
    assert rows[1][3] == Action.EXPORT
    # A chunk per three lines (the header counts), not one per row.
    lines_per_chunk = [chunk.count("\r\n") for chunk in chunks]
    assert lines_per_chunk[:-1] == [3] * (len(chunks) - 1) and 1 <= lines_per_chunk[-1] <= 3
    assert sum(lines_per_chunk) == len(expected) + 1
