"""The codebook: one variable per stored item, named ``{qid}`` or ``{qid}_{item}``."""

from __future__ import annotations

import csv
import io

from questionnaires.codebook import to_csv, to_markdown, variable_name, variables


def test_variable_per_stored_item(parse, raw) -> None:  # type: ignore[no-untyped-def]
    q = parse(raw)
    items = variables(q, lang="en")
    expected = [
        variable_name(question.id, item) for question in q.questions() for item in question.items()
    ]
    assert [v.name for v in items] == expected
    assert len({v.name for v in items}) == len(items)
    by_name = {v.name: v for v in items}
    assert by_name["group"].value_labels == {"lukio": "lukio en", "amk": "amk en"}
    assert by_name["home"].value_labels["abroad"] == "Abroad"
    assert by_name["pet"].value_labels["other"] == "Other, please specify"
    assert by_name["pet_other_text"].is_text
    assert by_name["likes_jobs"].value_labels == {"1": "Selected"}
    assert by_name["likes_jobs"].label == "likes en [jobs en]"
    assert by_name["overall"].value_labels["5"] == "Very satisfied"
    assert by_name["overall"].value_labels["cant_say"] == "Can't say"
    assert by_name["overall"].measure == "ordinal"
    assert by_name["mood"].value_labels == {"1": "bad en", "2": "ok en", "3": "good en"}
    assert by_name["claims_housing"].item == "housing"
    assert by_name["pairs_modern"].value_labels == {"1": "old en", "7": "modern en"}
    assert by_name["stay"].value_labels == {"0": "never en", "10": "surely en"}
    assert by_name["words3_2"].label == "words3 en [word 2]"
    assert by_name["words3_2"].is_text
    assert by_name["age"].measure == "scale"
    assert not by_name["age"].is_text


def test_labels_in_each_language(parse, raw) -> None:  # type: ignore[no-untyped-def]
    q = parse(raw)
    assert variables(q, "fi")[0].label == "group fi"
    assert variables(q, "sv")[0].label == "group sv"
    assert variables(q, "fi")[0].question_id == "group"


def test_csv_and_markdown(parse, raw) -> None:  # type: ignore[no-untyped-def]
    q = parse(raw)
    items = variables(q, "en")
    rows = list(csv.DictReader(io.StringIO(to_csv(items))))
    assert [r["variable"] for r in rows] == [v.name for v in items]
    assert rows[0]["values"] == "lukio = lukio en; amk = amk en"
    md = to_markdown(q, items, "en")
    assert md.startswith("# title en")
    assert "| `claims_jobs` | claims en [jobs en] | likert_grid | ordinal |" in md
    assert md.count("\n| `") == len(items)
