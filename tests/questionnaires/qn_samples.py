"""A small questionnaire with every question type, and helpers to parse it or collect problems."""

from __future__ import annotations

from typing import Any

import yaml

from questionnaires import Problem, QuestionnaireError, parse_questionnaire


def t(word: str) -> dict[str, str]:
    return {"fi": f"{word} fi", "sv": f"{word} sv", "en": f"{word} en"}


def base_raw() -> dict[str, Any]:
    """A valid questionnaire with one question of every type."""
    return {
        "id": "mini",
        "version": "1",
        "languages": ["fi", "sv", "en"],
        "default_language": "fi",
        "title": t("title"),
        "intro": t("intro"),
        "consent": t("consent"),
        "privacy_notice": t("privacy"),
        "region": {
            "name": t("region"),
            "municipalities": [
                {"code": "kotka", "label": t("Kotka")},
                {"code": "hamina", "label": t("Hamina")},
            ],
        },
        "target_groups": [
            {"code": "lukio", "label": t("lukio")},
            {"code": "amk", "label": t("amk")},
        ],
        "pages": [
            {
                "id": "background",
                "title": t("background"),
                "questions": [
                    {
                        "id": "group",
                        "type": "single_choice",
                        "target_group": True,
                        "required": True,
                        "text": t("group"),
                    },
                    {"id": "home", "type": "place", "text": t("home")},
                    {"id": "age", "type": "number", "min": 13, "max": 99, "text": t("age")},
                    {
                        "id": "pet",
                        "type": "single_choice",
                        "other": True,
                        "text": t("pet"),
                        "options": [
                            {"code": "cat", "label": t("cat")},
                            {"code": "dog", "label": t("dog")},
                        ],
                    },
                ],
            },
            {
                "id": "image",
                "title": t("image"),
                "questions": [
                    {
                        "id": "likes",
                        "type": "multiple_choice",
                        "min_choices": 1,
                        "max_choices": 2,
                        "other": True,
                        "text": t("likes"),
                        "options": [
                            {"code": "nature", "label": t("nature")},
                            {"code": "jobs", "label": t("jobs")},
                            {"code": "culture", "label": t("culture")},
                        ],
                    },
                    {
                        "id": "overall",
                        "type": "likert",
                        "scale": "satisfaction",
                        "cant_say": True,
                        "text": t("overall"),
                    },
                    {
                        "id": "mood",
                        "type": "likert",
                        "text": t("mood"),
                        "labels": [t("bad"), t("ok"), t("good")],
                    },
                    {
                        "id": "claims",
                        "type": "likert_grid",
                        "cant_say": True,
                        "text": t("claims"),
                        "items": [
                            {"id": "jobs", "text": t("jobs")},
                            {"id": "housing", "text": t("housing")},
                        ],
                    },
                    {
                        "id": "pairs",
                        "type": "semantic_differential",
                        "text": t("pairs"),
                        "pairs": [{"id": "modern", "left": t("old"), "right": t("modern")}],
                    },
                    {
                        "id": "stay",
                        "type": "scale_0_10",
                        "text": t("stay"),
                        "min_label": t("never"),
                        "max_label": t("surely"),
                    },
                ],
            },
            {
                "id": "words",
                "title": t("words"),
                "questions": [
                    {"id": "words3", "type": "three_words", "text": t("words3")},
                    {
                        "id": "best",
                        "type": "text_short",
                        "text": t("best"),
                        "show_if": {"question": "group", "equals": "lukio"},
                    },
                    {
                        "id": "future",
                        "type": "text_long",
                        "max_length": 500,
                        "text": t("future"),
                        "show_if": {
                            "any": [
                                {"question": "likes", "one_of": ["nature", "jobs"]},
                                {"question": "best", "answered": True},
                            ]
                        },
                    },
                ],
            },
        ],
    }


def dump(raw: Any) -> str:
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def problems_of(text: str, source: str = "test.yaml") -> list[Problem]:
    try:
        parse_questionnaire(text, source)
    except QuestionnaireError as exc:
        assert exc.problems, "QuestionnaireError without problems"
        return exc.problems
    raise AssertionError("the questionnaire was accepted")
