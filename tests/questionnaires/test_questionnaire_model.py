"""Every question type parses into the frozen model with the codes and items the data uses."""

from __future__ import annotations

import pydantic
import pytest

from questionnaires import LocalizedText, Question, Questionnaire


def test_sample_parses_with_every_type(parse, raw) -> None:
    q = parse(raw)
    assert isinstance(q, Questionnaire)
    assert {x.type for x in q.questions()} == {
        "single_choice", "multiple_choice", "likert", "likert_grid", "semantic_differential",
        "scale_0_10", "text_short", "text_long", "three_words", "number", "place",
    }  # fmt: skip
    assert [p.id for p in q.pages] == ["background", "image", "words"]
    assert q.page_index("overall") == 1
    assert q.question("age").type == "number"
    with pytest.raises(KeyError):
        q.question("nope")


@pytest.mark.parametrize(
    ("qid", "items"),
    [
        ("group", [""]),
        ("home", [""]),
        ("age", [""]),
        ("pet", ["", "other_text"]),
        ("likes", ["nature", "jobs", "culture", "other", "other_text"]),
        ("overall", [""]),
        ("mood", [""]),
        ("claims", ["jobs", "housing"]),
        ("pairs", ["modern"]),
        ("stay", [""]),
        ("words3", ["1", "2", "3"]),
        ("best", [""]),
        ("future", [""]),
    ],
)
def test_items_stored_per_type(parse, raw, qid: str, items: list[str]) -> None:
    assert parse(raw).question(qid).items() == items


@pytest.mark.parametrize(
    ("qid", "codes"),
    [
        ("group", ["lukio", "amk"]),
        ("home", ["kotka", "hamina", "outside_region", "abroad"]),
        ("pet", ["cat", "dog", "other"]),
        ("likes", ["nature", "jobs", "culture", "other"]),
        ("overall", ["1", "2", "3", "4", "5", "cant_say"]),
        ("mood", ["1", "2", "3"]),
        ("claims", ["1", "2", "3", "4", "5", "cant_say"]),
        ("pairs", ["1", "2", "3", "4", "5", "6", "7"]),
        ("stay", [str(n) for n in range(11)]),
        ("words3", []),
        ("age", []),
    ],
)
def test_codes_per_type(parse, raw, qid: str, codes: list[str]) -> None:
    assert parse(raw).question(qid).codes() == codes


def test_defaults_filled_per_type(parse, raw) -> None:
    q = parse(raw)
    assert q.question("best").max_length == 200
    assert q.question("future").max_length == 500
    assert q.question("words3").max_length == 40
    assert q.question("pairs").points == 7
    assert q.question("claims").scale == "agreement"
    assert q.question("mood").scale is None
    assert q.question("age").integer is True
    assert q.question("age").required is False
    assert q.question("group").required is True


def test_open_text_and_target_group(parse, raw) -> None:
    q = parse(raw)
    assert [x.id for x in q.questions() if x.is_open_text] == ["words3", "best", "future"]
    assert q.target_group_question is not None
    assert q.target_group_question.id == "group"
    assert [o.code for o in q.target_group_question.options] == ["lukio", "amk"]
    assert q.target_group_label("amk", "en") == "amk en"


def test_no_target_group_question(parse, raw) -> None:
    raw["pages"][0]["questions"].pop(0)
    raw["pages"][2]["questions"][1].pop("show_if")
    assert parse(raw).target_group_question is None


def test_scale_labels(parse, raw) -> None:
    q = parse(raw)
    points = q.question("overall").scale_points()
    assert points[0].label.get("fi") == "Erittäin tyytymätön"
    assert points[-1].label.get("sv") == "Mycket nöjd"
    assert [p.label.get("en") for p in q.question("mood").scale_points()] == [
        "bad en", "ok en", "good en",
    ]  # fmt: skip
    cant_say = q.question("overall").cant_say_option()
    assert cant_say is not None and cant_say.label.get("fi") == "En osaa sanoa"
    assert q.question("mood").cant_say_option() is None


def test_models_are_frozen(parse, raw) -> None:
    q = parse(raw)
    with pytest.raises(pydantic.ValidationError):
        q.question("age").required = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        q.title["fi"] = "x"  # type: ignore[index]
    assert hash(q.question("age")) == hash(parse(raw).question("age"))


def test_localized_text_falls_back_to_default_language(parse, raw) -> None:
    raw["default_language"] = "sv"
    q = parse(raw)
    assert q.title.get("sv") == "title sv"
    assert q.title.get("de") == "title sv"
    partial = LocalizedText({"en": "only"}, default="fi")
    assert partial.get("fi") == "only"
    assert LocalizedText({}).get("fi", "x") == "x"
    assert dict(q.title) == {"fi": "title fi", "sv": "title sv", "en": "title en"}


def test_codes_given_as_numbers_are_text(parse, raw) -> None:
    raw["pages"][0]["questions"][3]["options"] = [
        {"code": 1, "label": {"fi": "a", "sv": "a", "en": "a"}},
        {"code": 2, "label": {"fi": "b", "sv": "b", "en": "b"}},
    ]
    assert parse(raw).question("pet").codes() == ["1", "2", "other"]


def test_yes_and_no_stay_text(parse, raw) -> None:
    # YAML 1.1 would read these as booleans; a Norwegian-style `no` must stay a word.
    from questionnaires import parse_questionnaire
    from tests.questionnaires.qn_samples import dump

    text = dump(raw).replace("title sv", "no").replace("'no'", "no")
    assert "sv: no" in text
    assert parse_questionnaire(text).title.get("sv") == "no"


def test_question_model_is_usable_alone() -> None:
    q = Question.model_validate(
        {"id": "x", "type": "text_long", "text": {"fi": "Moi"}, "max_length": 10}
    )
    assert q.max_length == 10 and q.items() == [""]


def test_round_trip_through_json(parse, raw) -> None:
    q = parse(raw)
    again = Questionnaire.model_validate_json(q.model_dump_json(by_alias=True))
    assert again == q
