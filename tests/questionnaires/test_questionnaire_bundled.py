"""The questionnaires shipped with the toolkit pass the checker and meet the pilot's brief;
the committed JSON Schema is the one the model generates."""

from __future__ import annotations

import json

import pytest

from questionnaires import BUNDLED_DIR, bundled_questionnaires, load_questionnaire
from questionnaires.codebook import variables
from questionnaires.schema import SCHEMA_PATH, json_schema

REGION_IMAGE = BUNDLED_DIR / "kymenlaakso-region-image.yaml"
PULSE = BUNDLED_DIR / "workshop-pulse.yaml"


def test_bundled_files_are_found() -> None:
    assert REGION_IMAGE in bundled_questionnaires()
    assert PULSE in bundled_questionnaires()


@pytest.mark.parametrize("path", bundled_questionnaires(), ids=lambda p: p.name)
def test_bundled_questionnaire_is_valid(path) -> None:  # type: ignore[no-untyped-def]
    q = load_questionnaire(path)
    assert q.id == path.stem
    assert set(q.languages) == {"fi", "sv", "en"}
    assert q.target_group_question is not None
    for lang in q.languages:
        assert all(v.label for v in variables(q, lang))


def test_region_image_covers_the_brief() -> None:
    q = load_questionnaire(REGION_IMAGE)
    assert q.default_language == "fi"
    assert [m.code for m in q.region.municipalities] == [
        "hamina", "kotka", "kouvola", "miehikkala", "pyhtaa", "virolahti",
    ]  # fmt: skip
    assert [g.code for g in q.target_groups] == [
        "lukio", "ammattiopisto", "amk", "yliopisto", "working", "family", "returnee", "other",
    ]  # fmt: skip
    types = {x.type for x in q.questions()}
    assert {"semantic_differential", "likert_grid", "three_words", "scale_0_10", "place"} <= types
    grid = q.question("statements")
    assert {"jobs", "study", "housing", "transport_local", "nature", "culture", "services",
            "young_heard"} <= set(grid.items())  # fmt: skip
    for qid in ("best_thing", "stay_reason", "move_reason", "future_2040", "future_skills"):
        assert q.question(qid).is_open_text
    assert q.question("live_here_5y").type == "scale_0_10"
    assert q.estimated_minutes == 10
    # A phone survey of about ten minutes: not more than ~25 questions on 4-6 pages.
    assert 4 <= len(q.pages) <= 6
    assert len(q.questions()) <= 25


def test_workshop_pulse_is_short() -> None:
    q = load_questionnaire(PULSE)
    assert 3 <= len(q.questions()) <= 5


def test_committed_schema_is_current() -> None:
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "questionnaires/schema.json is out of date; regenerate it with "
        "`python -m questionnaires.schema > questionnaires/schema.json`"
    )


def test_schema_describes_every_question_key() -> None:
    question = json_schema()["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert {"id", "type", "text", "show_if", "items", "pairs", "options"} <= set(
        question["properties"]
    )
