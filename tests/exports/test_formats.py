"""Every export format written by `flask export`, read back with pandas, openpyxl and
pyreadstat, and compared with what was submitted."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pyreadstat
import pytest
import yaml

from questionnaires.codebook import variables
from tests.exports.expected import (
    FORMULA_LIKE,
    as_csv_text,
    questionnaire,
    selected,
    wide_values,
)
from tests.exports.factories import EVERY_TYPE, SUBMITTED


def export(app, slug, fmt, out, *extra):  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(
        args=["export", slug, "--format", fmt, "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return result


def assert_sidecar(out) -> None:  # type: ignore[no-untyped-def]
    sidecar = out.with_name(out.stem + ".questionnaire.yaml")
    assert sidecar.read_text(encoding="utf-8") == EVERY_TYPE.read_text(encoding="utf-8")


@pytest.mark.parametrize("include_all", [False, True])
def test_wide_csv(filled, tmp_path, include_all):
    app, data = filled
    out = tmp_path / "wide.csv"
    export(app, data["slug"], "csv", out, *(["--all"] if include_all else []))
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    chosen = selected(include_incomplete=include_all)
    assert [int(x) for x in frame["response_id"]] == [data["ids"][n] for n in chosen]
    assert ("status" in frame.columns) is include_all
    names = [v.name for v in variables(questionnaire())]
    assert list(frame.columns[-len(names) :]) == names
    for row, n in zip(frame.to_dict("records"), chosen, strict=True):
        spec = SUBMITTED[n]
        assert row["target_group"] == spec["group"]
        assert row["language"] == spec["language"]
        assert row["is_synthetic"] == str(int(spec["synthetic"]))
        if include_all:
            assert row["status"] == spec["status"]
        for name, value in wide_values(spec).items():
            assert row[name] == as_csv_text(value), (n, name)
    assert_sidecar(out)


def test_csv_neutralises_formulas_but_keeps_negative_numbers(filled, tmp_path):
    app, data = filled
    out = tmp_path / "wide.csv"
    export(app, data["slug"], "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    for value in FORMULA_LIKE:
        assert "'" + value in text
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert frame["balance"].tolist()[0] == "-5"
    for column in frame.columns:
        for cell in frame[column]:
            assert not cell.startswith(("=", "+", "@", "\t")) or cell.lstrip("-").isdigit()


def test_long_csv_holds_every_answer(filled, tmp_path):
    app, data = filled
    out = tmp_path / "long.csv"
    export(app, data["slug"], "csv-long", out, "--all")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    got = {
        (int(r["response_id"]), r["question_id"], r["item"], r["value"])
        for r in frame.to_dict("records")
    }
    want = {
        (data["ids"][n], q, i, as_csv_text(v))
        for n in selected(include_incomplete=True)
        for (q, i), v in SUBMITTED[n]["answers"].items()
    }
    assert got == want
    proud = frame[(frame["question_id"] == "proud")]
    assert proud["value_label"].tolist() == ["En osaa sanoa", "Jokseenkin samaa mieltä"]
    assert_sidecar(out)


def test_xlsx_has_labels_codes_and_codebook(filled, tmp_path):
    app, data = filled
    out = tmp_path / "data.xlsx"
    export(app, data["slug"], "xlsx", out, "--lang", "en")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["data-labels", "data-codes", "codebook"]
    chosen = selected()
    codes = list(book["data-codes"].iter_rows(values_only=True))
    header = list(codes[0])
    for row, n in zip(codes[1:], chosen, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["response_id"] == data["ids"][n]
        for name, value in wide_values(SUBMITTED[n], "en").items():
            # Text is kept verbatim, typed as text, CR LF included.
            assert cells[name] == value, (n, name)
    # Formula-like text is stored as text with the quote prefix, never as a formula.
    for row in book["data-codes"].iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value in FORMULA_LIKE:
                assert cell.data_type == "s" and cell.quotePrefix
    labels = list(book["data-labels"].iter_rows(values_only=True))
    first = dict(zip(labels[0], labels[1], strict=True))
    assert first["group"] == "Upper-secondary student"
    assert first["proud"] == "Can't say"
    assert first["likes_nature"] == "Selected"
    assert first["home"] == "Kouvola"
    codebook = pd.read_excel(out, sheet_name="codebook", dtype=str, keep_default_na=False)
    assert codebook["variable"].tolist()[: len(wide_values(SUBMITTED[0]))] == list(
        wide_values(SUBMITTED[0])
    )
    assert "cant_say = Can't say" in codebook.set_index("variable").loc["proud", "values"]
    # pandas reads the codes sheet too, with Unicode intact.
    frame = pd.read_excel(out, sheet_name="data-codes")
    assert frame["words_2"].tolist()[0] == "Äänekoski 🙂"
    assert_sidecar(out)


def test_sav_has_variable_and_value_labels(filled, tmp_path):
    app, data = filled
    out = tmp_path / "data.sav"
    export(app, data["slug"], "sav", out, "--all")
    frame, meta = pyreadstat.read_sav(str(out), user_missing=True)
    chosen = selected(include_incomplete=True)
    assert frame["response_id"].astype(int).tolist() == [data["ids"][n] for n in chosen]
    for row, n in zip(frame.to_dict("records"), chosen, strict=True):
        assert row["status"] == SUBMITTED[n]["status"]
        for name, value in wide_values(SUBMITTED[n]).items():
            got = row[name]
            if value == "cant_say":
                assert got == 99, (n, name)
            elif value is None:
                assert got == "" or pd.isna(got), (n, name)
            else:
                assert got == value, (n, name)
    labels = meta.column_names_to_labels
    for var in variables(questionnaire()):
        assert labels[var.name] == var.label
    assert labels["proud"] == "Olen ylpeä alueesta"
    values = meta.variable_value_labels
    assert values["proud"][99] == "En osaa sanoa"
    assert values["proud"][5] == "Täysin samaa mieltä"
    assert values["group"] == {"lukio": "Lukiolainen", "amk": "AMK-opiskelija"}
    assert values["likes_sea"] == {1: "Valittu"}
    assert meta.missing_ranges["proud"] == [{"lo": 99.0, "hi": 99.0}]
    assert meta.variable_measure["proud"] == "ordinal"
    assert meta.variable_measure["balance"] == "scale"
    assert frame["future_2040"].tolist()[0] == SUBMITTED[0]["answers"][("future_2040", "")]
    assert len(frame["best"].tolist()[-1]) == 2000
    assert_sidecar(out)


def test_json_is_the_contract_format(filled, tmp_path):
    app, data = filled
    out = tmp_path / "data.json"
    export(app, data["slug"], "json", out, "--all")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "regional-image-export/1"
    assert document["survey"] == data["slug"]
    assert yaml.safe_load(document["questionnaire_yaml"])["id"] == "every-type"
    chosen = selected(include_incomplete=True)
    assert [r["response_id"] for r in document["responses"]] == [data["ids"][n] for n in chosen]
    for record, n in zip(document["responses"], chosen, strict=True):
        spec = SUBMITTED[n]
        assert set(record) == {
            "response_id", "status", "language", "target_group", "collector", "started_at",
            "completed_at", "is_synthetic", "version", "answers",
        }  # fmt: skip
        assert record["status"] == spec["status"]
        assert record["is_synthetic"] is spec["synthetic"]
        assert record["version"] == 1
        assert (record["collector"] is None) == (spec["collector"] is None)
        got = {(a["question_id"], a["item"]): a["value"] for a in record["answers"]}
        assert got == spec["answers"]  # verbatim: no neutralising in JSON
    assert not out.with_name("data.questionnaire.yaml").exists()
