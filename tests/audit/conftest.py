"""Fixtures of the audit tests."""

import pytest

from audit import verify


@pytest.fixture
def joined(monkeypatch):
    """Parts of at least 3 entries; records each joined walk (None: walked in one)."""
    monkeypatch.setattr(verify, "MIN_PART", 3)
    walks = []
    walk_in_parts = verify._walk_in_parts

    def recorded(*args):
        walks.append(walk_in_parts(*args))
        return walks[-1]

    monkeypatch.setattr(verify, "_walk_in_parts", recorded)
    return walks
