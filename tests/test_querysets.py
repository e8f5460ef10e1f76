import threading

import pytest

from accounts.models import Team
from t4c_socialcheck.querysets import built_once_per_thread

pytestmark = pytest.mark.django_db


def counting_builder():
    calls = []

    @built_once_per_thread
    def teams_named(prefix):
        calls.append((threading.get_ident(), prefix))
        return Team.objects.filter(name__startswith=prefix).order_by("name")

    return teams_named, calls


def test_built_once_per_thread_and_arguments():
    teams_named, calls = counting_builder()
    teams_named("A")
    teams_named("A")
    teams_named("B")
    assert [prefix for _, prefix in calls] == ["A", "B"]

    other = threading.Thread(target=teams_named, args=("A",))
    other.start()
    other.join()
    assert [prefix for _, prefix in calls] == ["A", "B", "A"]
    assert calls[2][0] != calls[0][0], "another thread builds its own"


def test_each_call_is_a_fresh_copy_that_sees_rows_written_since():
    teams_named, _ = counting_builder()
    Team.objects.create(name="Copy one")
    first = teams_named("Copy")
    assert [t.name for t in first] == ["Copy one"]
    Team.objects.create(name="Copy two")
    assert [t.name for t in teams_named("Copy")] == ["Copy one", "Copy two"]
    assert [t.name for t in teams_named("Copy").filter(name__endswith="two")] == ["Copy two"]
    assert teams_named("Copy") is not teams_named("Copy")
