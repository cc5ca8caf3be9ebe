"""Fixtures for the questionnaire tests: a fresh copy of the sample and parse helpers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from questionnaires import Problem, Questionnaire, parse_questionnaire
from tests.questionnaires.qn_samples import base_raw, dump, problems_of


@pytest.fixture
def raw() -> dict[str, Any]:
    return copy.deepcopy(base_raw())


@pytest.fixture
def parse() -> Callable[[dict[str, Any]], Questionnaire]:
    return lambda data: parse_questionnaire(dump(data), "test.yaml")


@pytest.fixture
def problems() -> Callable[[dict[str, Any]], list[Problem]]:
    return lambda data: problems_of(dump(data))
