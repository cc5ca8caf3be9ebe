"""``show_if``: which questions are shown for given answers."""

from __future__ import annotations

import pytest

from questionnaires.conditions import is_visible


@pytest.fixture
def questionnaire(parse, raw):  # type: ignore[no-untyped-def]
    return parse(raw)


def test_without_condition_always_visible(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert is_visible(questionnaire.question("age"), {})


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, False),
        ({"group": {"": "lukio"}}, True),
        ({"group": {"": "amk"}}, False),
        ({"group": {"": ""}}, False),
    ],
)
def test_equals(questionnaire, answers, shown) -> None:  # type: ignore[no-untyped-def]
    assert is_visible(questionnaire.question("best"), answers) is shown


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, False),
        ({"likes": {"nature": "1"}}, True),
        ({"likes": {"jobs": "1", "culture": "1"}}, True),
        ({"likes": {"culture": "1"}}, False),
        ({"likes": {"nature": ""}}, False),
        ({"best": {"": "the sea"}}, True),
        ({"best": {"": ""}}, False),
    ],
)
def test_any_of_one_of_and_answered(questionnaire, answers, shown) -> None:  # type: ignore[no-untyped-def]
    assert is_visible(questionnaire.question("future"), answers) is shown


@pytest.mark.parametrize(
    ("condition", "answers", "shown"),
    [
        (
            {"question": "home", "one_of": ["outside_region", "abroad"]},
            {"home": {"": "abroad"}},
            True,
        ),
        (
            {"question": "home", "one_of": ["outside_region", "abroad"]},
            {"home": {"": "kotka"}},
            False,
        ),
        ({"question": "home", "answered": False}, {}, True),
        ({"question": "home", "answered": False}, {"home": {"": "kotka"}}, False),
        ({"question": "overall", "equals": 5}, {"overall": {"": "5"}}, True),
        ({"question": "claims", "answered": True}, {"claims": {"jobs": "2"}}, True),
        (
            {
                "all": [
                    {"question": "group", "equals": "amk"},
                    {"question": "age", "answered": True},
                ]
            },
            {"group": {"": "amk"}},
            False,
        ),
        (
            {
                "all": [
                    {"question": "group", "equals": "amk"},
                    {"question": "age", "answered": True},
                ]
            },
            {"group": {"": "amk"}, "age": {"": "20"}},
            True,
        ),
        (
            {
                "any": [
                    {"question": "group", "equals": "amk"},
                    {
                        "all": [
                            {"question": "home", "equals": "abroad"},
                            {"question": "pet", "equals": "other"},
                        ]
                    },
                ]
            },
            {"home": {"": "abroad"}, "pet": {"": "other", "other_text": "owl"}},
            True,
        ),
    ],
)
def test_conditions(parse, raw, condition, answers, shown) -> None:  # type: ignore[no-untyped-def]
    raw["pages"][2]["questions"][1]["show_if"] = condition
    question = parse(raw).question("best")
    assert is_visible(question, answers) is shown
