import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from accounts.models import Team
from t4c_socialcheck.batches import PAGE_CURSORS, keyset_rows, query_without

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return [Team.objects.create(name=f"Batch team {n}").pk for n in range(7)]


@pytest.mark.parametrize("descending", [False, True])
def test_every_row_comes_once_in_key_order_across_batch_boundaries(teams, descending):
    rows = list(keyset_rows(Team.objects.filter(pk__in=teams), "pk", "name", key="pk", descending=descending, size=3))
    assert [pk for pk, _ in rows] == sorted(teams, reverse=descending)
    assert rows[0][1].startswith("Batch team")


def test_one_query_per_batch_and_the_filter_is_kept(teams):
    with CaptureQueriesContext(connection) as captured:
        rows = list(keyset_rows(Team.objects.filter(pk__in=teams[:6]), "pk", key="pk", size=3))
    assert [pk for (pk,) in rows] == teams[:6]
    assert len(captured.captured_queries) == 3  # two full batches, then an empty one that ends the walk


def test_named_rows(teams):
    first = next(keyset_rows(Team.objects.filter(pk__in=teams), "pk", "name", key="pk", named=True))
    assert (first.pk, first.name) == (teams[0], "Batch team 0")


def test_a_query_without_the_page_position_keeps_the_filters_and_leaves_the_request_alone():
    query = QueryDict("q=smith&team=1&team=2&after=2026-01-01~7&before=x")
    kept = query_without(query, *PAGE_CURSORS)
    assert kept.urlencode() == "q=smith&team=1&team=2"
    assert query.urlencode() == "q=smith&team=1&team=2&after=2026-01-01~7&before=x"
    kept["after"] = "next"  # the copy is mutable, the request's query is not
    assert "after=next" in kept.urlencode()
