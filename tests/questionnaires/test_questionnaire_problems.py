"""Each class of mistake in a questionnaire file gives a problem naming file, page, question
and what is wrong; every problem of a file is reported at once."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from questionnaires import QuestionnaireError, load_questionnaire, parse_questionnaire
from tests.questionnaires.qn_samples import dump, problems_of

Raw = dict[str, Any]


def q(raw: Raw, qid: str) -> dict[str, Any]:
    for page in raw["pages"]:
        for question in page["questions"]:
            if question["id"] == qid:
                return question
    raise KeyError(qid)


def setq(qid: str, **changes: Any) -> Callable[[Raw], None]:
    return lambda raw: q(raw, qid).update(changes)


def drop(qid: str, key: str) -> Callable[[Raw], None]:
    return lambda raw: q(raw, qid).pop(key)


def top(**changes: Any) -> Callable[[Raw], None]:
    return lambda raw: raw.update(changes)


def remove_lang(qid: str, lang: str) -> Callable[[Raw], None]:
    return lambda raw: q(raw, qid)["text"].pop(lang)


def second_target_group(raw: Raw) -> None:
    q(raw, "pet").update(target_group=True)
    q(raw, "pet").pop("options")
    q(raw, "pet").pop("other")


def duplicate_page(raw: Raw) -> None:
    raw["pages"][1]["id"] = "background"


def duplicate_municipality(raw: Raw) -> None:
    raw["region"]["municipalities"][1]["code"] = "kotka"


def drop_option_translation(raw: Raw) -> None:
    q(raw, "pet")["options"][1]["label"].pop("en")


# (case id, change, page, question, words the message must contain)
CASES: list[tuple[str, Callable[[Raw], None], str | None, str | None, list[str]]] = [
    (
        "key typo",
        setq("age", requird=True),
        "background",
        "age",
        ["unknown key 'requird'", "did you mean 'required'"],
    ),
    (
        "top-level key typo",
        top(titel={"fi": "x"}),
        None,
        None,
        ["unknown key 'titel'", "did you mean 'title'"],
    ),
    (
        "nested key typo",
        lambda r: q(r, "pet")["options"][0].update(lable="x"),
        "background",
        "pet",
        ["'options', entry 1", "unknown key 'lable'", "'label'"],
    ),
    (
        "unknown type",
        setq("age", type="numbr"),
        "background",
        "age",
        ["unknown question type 'numbr'", "did you mean 'number'"],
    ),
    (
        "key of another type",
        setq("overall", pairs=[]),
        "image",
        "overall",
        ["'pairs' is not used by a likert question", "semantic_differential"],
    ),
    (
        "duplicate question id",
        setq("words3", id="age"),
        "words",
        "age",
        ["already used on page 'background'"],
    ),
    (
        "duplicate option code",
        lambda r: q(r, "pet")["options"][1].update(code="cat"),
        "background",
        "pet",
        ["option code 'cat'", "2 times"],
    ),
    (
        "duplicate grid item",
        lambda r: q(r, "claims")["items"][1].update(id="jobs"),
        "image",
        "claims",
        ["item id 'jobs'"],
    ),
    ("duplicate page id", duplicate_page, "background", None, ["page id 'background'"]),
    ("duplicate municipality", duplicate_municipality, None, None, ["'municipalities'", "'kotka'"]),
    (
        "invalid question id",
        setq("age", id="Age group"),
        "background",
        "Age group",
        ["'Age group' is not a valid id", "lower-case"],
    ),
    (
        "invalid option code",
        lambda r: q(r, "pet")["options"][0].update(code="Cat"),
        "background",
        "pet",
        ["'Cat' is not a valid code"],
    ),
    (
        "invalid questionnaire id",
        top(id="Mini Survey"),
        None,
        None,
        ["not a valid questionnaire id"],
    ),
    (
        "missing translation",
        remove_lang("age", "sv"),
        "background",
        "age",
        ["'text'", "missing translation", "Swedish (sv)"],
    ),
    (
        "missing option translation",
        drop_option_translation,
        "background",
        "pet",
        ["'options', entry 2, 'label'", "English (en)"],
    ),
    (
        "empty translation",
        lambda r: q(r, "age")["text"].update(en="  "),
        "background",
        "age",
        ["missing translation", "English"],
    ),
    (
        "undeclared language",
        lambda r: q(r, "age")["text"].update(fl="x"),
        "background",
        "age",
        ["'fl'", "not among the declared languages", "did you mean 'fi'"],
    ),
    (
        "missing top-level translation",
        lambda r: r["consent"].pop("fi"),
        None,
        None,
        ["'consent'", "Finnish (fi)"],
    ),
    (
        "show_if unknown question",
        setq("best", show_if={"question": "grup", "equals": "amk"}),
        "words",
        "best",
        ["show_if", "'grup'", "does not exist", "did you mean 'group'"],
    ),
    (
        "show_if later question",
        setq("best", show_if={"question": "future", "answered": True}),
        "words",
        "best",
        ["show_if", "'future'", "comes later"],
    ),
    (
        "show_if itself",
        setq("best", show_if={"question": "best", "answered": True}),
        "words",
        "best",
        ["itself"],
    ),
    (
        "show_if unknown code",
        setq("best", show_if={"question": "group", "equals": "lukoi"}),
        "words",
        "best",
        ["'lukoi' is not a code of question 'group'", "did you mean 'lukio'"],
    ),
    (
        "show_if unknown code in one_of",
        setq("best", show_if={"question": "home", "one_of": ["kotka", "helsinki"]}),
        "words",
        "best",
        ["'helsinki' is not a code of question 'home'"],
    ),
    (
        "show_if equals on text",
        setq("future", show_if={"question": "best", "equals": "x"}),
        "words",
        "future",
        ["text_short", "answered"],
    ),
    (
        "show_if incomplete",
        setq("best", show_if={"question": "group"}),
        "words",
        "best",
        ["exactly one of 'equals', 'one_of' or 'answered'"],
    ),
    (
        "show_if two tests",
        setq("best", show_if={"question": "group", "equals": "amk", "answered": True}),
        "words",
        "best",
        ["exactly one of"],
    ),
    (
        "show_if group mixed",
        setq("best", show_if={"all": [], "question": "group"}),
        "words",
        "best",
        ["'all' or 'any'"],
    ),
    (
        "min greater than max",
        setq("age", min=30, max=15),
        "background",
        "age",
        ["'min' (30) is greater than 'max' (15)", "swap"],
    ),
    (
        "min_choices greater than max_choices",
        setq("likes", min_choices=3, max_choices=2),
        "image",
        "likes",
        ["'min_choices' (3) is greater than 'max_choices' (2)"],
    ),
    (
        "max_choices more than options",
        setq("likes", max_choices=9),
        "image",
        "likes",
        ["'max_choices' (9) is more than the 4 options"],
    ),
    ("missing text", drop("age", "text"), "background", "age", ["the key 'text' is missing"]),
    ("missing consent", lambda r: r.pop("consent"), None, None, ["the key 'consent' is missing"]),
    (
        "two target-group questions",
        second_target_group,
        "background",
        "pet",
        ["only one question can be the target-group question", "'group'"],
    ),
    (
        "target group without groups",
        top(target_groups=[]),
        "background",
        "group",
        ["'target_groups'", "missing or empty"],
    ),
    (
        "target group with options",
        setq("group", options=[{"code": "a", "label": {"fi": "a", "sv": "a", "en": "a"}}]),
        "background",
        "group",
        ["leave 'options' out"],
    ),
    (
        "place with options",
        setq("home", options=[{"code": "a", "label": {"fi": "a", "sv": "a", "en": "a"}}]),
        "background",
        "home",
        ["municipalities", "leave 'options' out"],
    ),
    (
        "default language not declared",
        top(default_language="en", languages=["fi", "sv"]),
        None,
        None,
        ["'default_language' (en) is not one of 'languages'"],
    ),
    ("unknown language", top(languages=["fi", "de"]), None, None, ["'de'", "'fi'"]),
    (
        "not a boolean",
        setq("age", required="maybe"),
        "background",
        "age",
        ["'required'", "true or false", "'maybe'"],
    ),
    ("not a number", setq("age", min="ten"), "background", "age", ["'min'", "number"]),
    (
        "not a whole number",
        setq("pairs", points="seven"),
        "image",
        "pairs",
        ["'points'", "whole number"],
    ),
    ("version as number", top(version=2026.1), None, None, ["'version'", "quotes"]),
    (
        "text not translated",
        setq("age", text="How old?"),
        "background",
        "age",
        ["'text'", "each language"],
    ),
    (
        "options not a list",
        setq("pet", options="cat, dog"),
        "background",
        "pet",
        ["'options'", "must be a list"],
    ),
    ("no pages", top(pages=[]), None, None, ["'pages'", "must not be empty"]),
    (
        "page without questions",
        lambda r: r["pages"][2].update(questions=[]),
        "words",
        None,
        ["'questions'", "must not be empty"],
    ),
    (
        "unknown scale",
        setq("overall", scale="agreeement"),
        "image",
        "overall",
        ["'agreeement'", "agreement"],
    ),
    (
        "scale and labels",
        setq("overall", labels=[{"fi": "a", "sv": "a", "en": "a"} for _ in range(3)]),
        "image",
        "overall",
        ["either a named 'scale' or your own 'labels'"],
    ),
    ("grid without items", drop("claims", "items"), "image", "claims", ["needs 'items'"]),
    ("differential without pairs", drop("pairs", "pairs"), "image", "pairs", ["needs 'pairs'"]),
    ("choice without options", drop("pet", "options"), "background", "pet", ["needs 'options'"]),
    (
        "reserved other code",
        lambda r: q(r, "pet")["options"][1].update(code="other"),
        "background",
        "pet",
        ["reserved"],
    ),
    (
        "negative max_length",
        setq("best", max_length=0),
        "words",
        "best",
        ["'max_length'", "at least 1"],
    ),
]


@pytest.mark.parametrize(
    ("change", "page", "question", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_problem_names_file_page_question_and_what(
    raw: Raw,
    change: Callable[[Raw], None],
    page: str | None,
    question: str | None,
    words: list[str],
) -> None:
    change(raw)
    problems = problems_of(dump(raw), "questionnaires/test.yaml")
    matching = [p for p in problems if all(w in p.message for w in words)]
    assert matching, "\n".join(str(p) for p in problems)
    problem = matching[0]
    assert problem.file == "questionnaires/test.yaml"
    assert (problem.page, problem.question) == (page, question), str(problem)
    line = str(problem)
    assert line.startswith("questionnaires/test.yaml")
    assert "\n" not in line and "Traceback" not in line
    for name in (page, question):
        if name:
            assert f"'{name}'" in line


def test_every_problem_is_reported_at_once(raw: Raw) -> None:
    q(raw, "age").update(requird=True, min=50, max=10)
    q(raw, "pet")["text"].pop("sv")
    q(raw, "best")["show_if"] = {"question": "group", "equals": "lukoi"}
    q(raw, "overall")["type"] = "likertt"
    raw["region"]["municipalities"][1]["code"] = "kotka"
    messages = [p.message for p in problems_of(dump(raw))]
    assert any("requird" in m for m in messages)
    assert any("missing translation" in m for m in messages)
    assert any("lukoi" in m for m in messages)
    assert any("likertt" in m for m in messages)
    assert any("'kotka'" in m for m in messages)


def test_two_problems_of_one_question_are_both_kept(raw: Raw) -> None:
    options = q(raw, "likes")["options"]
    q(raw, "likes").update(
        min_choices=3, max_choices=2, options=copy.deepcopy(options) + copy.deepcopy(options)
    )
    messages = [p.message for p in problems_of(dump(raw))]
    assert any("min_choices" in m for m in messages)
    assert any("option code 'nature'" in m for m in messages)


TEXT_CASES = [
    ("syntax error", "id: x\ntitle: {fi: a\npages: [\n", ["YAML syntax error"], 3),
    ("bad indentation", "id: x\n  version: 1\n bad: [\n", ["YAML syntax error"], 2),
    ("tab indentation", "id: x\npages:\n\t- id: a\n", ["YAML syntax error"], 3),
    ("empty file", "", ["the file is empty"], None),
    ("only comments", "# nothing here\n", ["the file is empty"], None),
    ("a list", "- a\n- b\n", ["holds a list", "mapping"], None),
    ("a scalar", "just some words\n", ["holds a single value"], None),
    ("duplicate key", "id: x\nid: y\n", ["the key 'id' appears twice"], 2),
    ("alias", "a: &x {fi: a}\ntitle: *x\n", ["aliases (*x) are not supported"], 2),
    (
        "comma in a flow text",
        "title: {fi: Kauppa, hallinto, sv: a, en: b}\n",
        ["'title'", "cut at a comma", "quotes"],
        None,
    ),
    ("non-text key", "1: x\n", ["the key 1 is not a name"], None),
]


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [case[1:] for case in TEXT_CASES],
    ids=[case[0] for case in TEXT_CASES],
)
def test_unreadable_files(text: str, words: list[str], line: int | None) -> None:
    problems = problems_of(text, "x.yaml")
    matching = [p for p in problems if all(w in p.message for w in words)]
    assert matching, "\n".join(str(p) for p in problems)
    assert matching[0].line == line
    if line:
        assert str(matching[0]).startswith(f"x.yaml:{line}: ")


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: {fi: Hyvä}\n".encode("latin-1"))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert "not UTF-8" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("name", ["missing.yaml", "."])
def test_file_that_cannot_be_read(tmp_path: Path, name: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(tmp_path / name)
    assert "cannot read the file" in str(caught.value)


def test_error_message_lists_every_problem_line(raw: Raw) -> None:
    q(raw, "age").update(requird=True, min=50, max=10)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(dump(raw), "f.yaml")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]
    assert len(caught.value.problems) == 2
