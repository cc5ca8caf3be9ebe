"""The JSON and CSV exports are read as one tuple per answer (the JSON export with one string
object per distinct question id, item and value); they must give exactly the frame that reading
a dict per answer gave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import ResponseData, load_export
from analysis.load import META_COLUMNS, _tidy
from analysis.load_csv import _long_rows, _meta_columns, _wide_rows
from tests.analysis.synthetic import QUESTIONNAIRE


def _frame_from_dicts(path: Path) -> pd.DataFrame:
    """The tidy frame as the loader built it from one dict per answer."""
    document = json.loads(path.read_text(encoding="utf-8"))
    version = str(document.get("version") or "")
    rows: list[dict[str, Any]] = []
    for response in document["responses"]:
        meta = {
            "response_id": str(response["response_id"]),
            "survey": str(document.get("survey", "")),
            "version": str(response.get("version") or version),
            "status": response.get("status"),
            "language": response.get("language"),
            "group": response.get("target_group"),
            "collector": response.get("collector"),
            "started_at": response.get("started_at"),
            "completed_at": response.get("completed_at"),
            "is_synthetic": bool(response.get("is_synthetic", False)),
        }
        for answer in response.get("answers") or []:
            rows.append(
                meta
                | {
                    "question_id": answer.get("question_id"),
                    "item": answer.get("item") or "",
                    "value": answer.get("value"),
                }
            )
    questionnaire = load_export(path).questionnaire
    return _tidy(rows, dict.fromkeys({r["version"] for r in rows}, questionnaire))


def test_json_rows_give_the_frame_of_dict_rows(export_path: Path, tmp_path: Path) -> None:
    document = json.loads(export_path.read_text(encoding="utf-8"))
    for response in document["responses"]:
        response["version"] = "1"
    # Values of other JSON types, missing items and question ids, and a response without
    # answers are read as before too.
    first, second, third = document["responses"][:3]
    first["answers"][0]["value"] = 5
    first["answers"][1]["value"] = None
    second["answers"][0]["value"] = 2.5
    second["answers"][1]["item"] = None
    second["answers"][2]["question_id"] = None
    third["answers"] = []
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    loaded = load_export(path).answers
    pd.testing.assert_frame_equal(loaded, _frame_from_dicts(path), check_exact=True)


def test_repeated_strings_are_one_object(export_path: Path) -> None:
    answers = load_export(export_path).answers
    for column in ("question_id", "variable"):
        values = answers[column].to_numpy(dtype=object)
        assert len({id(v) for v in values}) == len(set(values))
    values = answers["value"].to_numpy(dtype=object)
    assert len({id(v) for v in values}) == len(set(values))


def _dict_rows(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    names = [*META_COLUMNS, "question_id", "item", "value"]
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_csv_rows_give_the_frame_of_dict_rows(data: ResponseData, tmp_path: Path) -> None:
    wide = data.wide().reset_index().rename(columns={"group": "target_group"})
    long = data.answers.rename(columns={"group": "target_group"})
    for name, table in (("wide", wide), ("long", long)):
        path = tmp_path / f"{name}.csv"
        table.to_csv(path, index=False)
        path.with_name(f"{name}.questionnaire.yaml").write_text(
            QUESTIONNAIRE.read_text(encoding="utf-8"), encoding="utf-8"
        )
        loaded = load_export(path)
        read = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        columns = _meta_columns(read, path)
        if name == "wide":
            rows, _ = _wide_rows(read, columns, path.stem, loaded.questionnaire)
        else:
            rows, _ = _long_rows(read, columns, path.stem, loaded.questionnaire.version)
        versions = dict.fromkeys({r[2] for r in rows}, loaded.questionnaire)
        expected = _tidy(_dict_rows(rows), versions).reset_index(drop=True)
        pd.testing.assert_frame_equal(loaded.answers, expected, check_exact=True)
