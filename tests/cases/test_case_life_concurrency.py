"""Two simultaneous stage moves: the household row is locked, so exactly one applies (PostgreSQL)."""

import pytest
from django.utils import timezone

from cases.models import Household, Stage, StageMove
from cases.services import household_move
from t4c_socialcheck.errors import InvalidTransition
from tests.conftest import postgres_only
from tests.support.race import race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _move(user, household, stage):
    def attempt():
        try:
            return household_move(user=user, household_id=household.pk, stage=stage, on=timezone.localdate())
        except InvalidTransition as refused:
            return refused

    return attempt


def test_two_simultaneous_moves_give_exactly_one(worker, teammate, household):
    outcomes, errors = race([_move(worker, household, Stage.STAGE_1), _move(teammate, household, Stage.STAGE_1)])
    assert errors == []
    assert sum(isinstance(o, StageMove) for o in outcomes) == 1
    assert sum(isinstance(o, InvalidTransition) for o in outcomes) == 1
    assert StageMove.objects.count() == 1
    assert Household.objects.get(pk=household.pk).stage == Stage.STAGE_1


def test_eight_simultaneous_moves_from_stage_1_give_exactly_one(worker, teammate, household):
    Household.objects.filter(pk=household.pk).update(stage=Stage.STAGE_1)
    outcomes, errors = race([_move(worker, household, Stage.STAGE_2), _move(teammate, household, Stage.STAGE_2)] * 4)
    assert errors == []
    assert sum(isinstance(o, StageMove) for o in outcomes) == 1
    assert StageMove.objects.count() == 1
