"""Loading answers: the JSON and CSV exports and the database give the same tidy frame."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import LoadError, ResponseData, load_export, load_responses
from analysis.load import COLUMNS
from tests.analysis.synthetic import QUESTIONNAIRE, export_document


def _comparable(data: ResponseData) -> pd.DataFrame:
    frame = data.answers[["response_id", "group", "language", "question_id", "item", "value"]]
    frame = frame.astype(str)
    return frame.sort_values(["response_id", "question_id", "item"]).reset_index(drop=True)


def test_json_export_gives_the_tidy_frame(data: ResponseData) -> None:
    assert list(data.answers.columns) == COLUMNS
    assert data.questionnaire.id == "test-region-image"
    row = data.answers[data.answers["variable"] == "profile_old_new"].iloc[0]
    assert row["type"] == "semantic_differential"
    assert row["item"] == "old_new"
    assert data.answers["is_synthetic"].all()
    groups = data.groups()
    assert set(groups) <= {"lukio", "amk", "ammatti", "tyo"}
    assert groups.index.is_unique


def test_texts_join_three_words_and_skip_empty(data: ResponseData) -> None:
    words = data.texts("three_words")
    assert words.str.count(", ").eq(2).all()
    best = data.texts("best_thing")
    assert (best.str.strip() != "").all()
    assert len(best) < len(data.groups())  # some respondents skipped it


def test_texts_join_the_given_words_in_order_and_drop_empty_responses(
    data: ResponseData,
) -> None:
    import dataclasses

    answers = data.answers
    words = answers[answers["question_id"] == "three_words"]
    first, second, third = words["response_id"].unique()[:3]
    answers = answers.copy()
    # The first respondent left the middle word empty, the second gave only the last one
    # and the third none at all.
    mask = answers["question_id"] == "three_words"
    answers.loc[mask & (answers["response_id"] == first) & (answers["item"] == "2"), "value"] = " "
    for item in ("1", "2"):
        answers.loc[
            mask & (answers["response_id"] == second) & (answers["item"] == item), "value"
        ] = ""
    answers.loc[mask & (answers["response_id"] == third), "value"] = ""
    changed = dataclasses.replace(data, answers=answers)
    texts = changed.texts("three_words")
    given = words.set_index(["response_id", "item"])["value"]
    assert texts[first] == f"{given[first, '1'].strip()}, {given[first, '3'].strip()}"
    assert texts[second] == given[second, "3"].strip()
    assert third not in texts.index
    assert texts.index[:2].tolist() == [first, second]
    assert texts.str.count(", ").drop([first, second]).eq(2).all()


def test_wide_has_one_column_per_variable(data: ResponseData) -> None:
    wide = data.wide()
    assert wide.index.is_unique
    for column in ("life_stage", "reasons_family", "agree_jobs", "three_words_2", "future_2040"):
        assert column in wide.columns
    assert list(wide.columns).index("life_stage") < list(wide.columns).index("future_2040")


def _write_sidecar(path: Path) -> None:
    path.with_name(f"{path.stem}.questionnaire.yaml").write_text(
        QUESTIONNAIRE.read_text(encoding="utf-8"), encoding="utf-8"
    )


def test_wide_csv_export_loads_to_the_same_frame(data: ResponseData, tmp_path: Path) -> None:
    wide = data.wide().reset_index().rename(columns={"group": "target_group"})
    wide["weight"] = 2.0
    path = tmp_path / "region.csv"
    wide.to_csv(path, index=False)
    _write_sidecar(path)
    loaded = load_export(path)
    pd.testing.assert_frame_equal(_comparable(loaded), _comparable(data))
    assert loaded.weights("weight").eq(1.0).all()  # scaled to mean 1


def test_long_csv_export_loads_to_the_same_frame(data: ResponseData, tmp_path: Path) -> None:
    long = data.answers.rename(columns={"group": "target_group"})
    path = tmp_path / "region-long.csv"
    long.to_csv(path, index=False)
    _write_sidecar(path)
    pd.testing.assert_frame_equal(_comparable(load_export(path)), _comparable(data))


def test_csv_without_sidecar_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "lonely.csv"
    path.write_text("response_id,life_stage\n1,lukio\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"lonely\.questionnaire\.yaml is missing"):
        load_export(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON export"),
        ('{"format": "something/2"}', "expected 'regional-image-export/1'"),
        ('{"format": "regional-image-export/1", "questionnaire_yaml": "id: ["}', "does not parse"),
    ],
)
def test_bad_json_exports_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=message):
        load_export(path)


def test_weights_must_be_numbers(tmp_path: Path) -> None:
    document = export_document(8, seed=1)
    for response in document["responses"]:
        response["weight"] = "heavy" if response["response_id"] == "3" else 1.5
    path = tmp_path / "w.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    data = load_export(path)
    with pytest.raises(LoadError, match="responses: 3"):
        data.weights("weight")
    with pytest.raises(LoadError, match="'nope' not found"):
        data.weights("nope")


def _insert(url: str, document: dict, slug: str) -> None:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine, only=["survey", "survey_version", "collector", "response", "answer"])
    t = meta.tables
    with engine.begin() as connection:
        survey_id = connection.execute(
            t["survey"]
            .insert()
            .values(
                slug=slug,
                questionnaire_id="test-region-image",
                status="open",
                created_at=sa.func.now(),
            )
        ).inserted_primary_key[0]
        version_id = connection.execute(
            t["survey_version"]
            .insert()
            .values(
                survey_id=survey_id,
                number=1,
                questionnaire_version="2026.1",
                content_sha256="0" * 64,
                source_yaml=document["questionnaire_yaml"],
                deployed_at=sa.func.now(),
            )
        ).inserted_primary_key[0]
        for response in document["responses"]:
            response_id = connection.execute(
                t["response"]
                .insert()
                .values(
                    survey_id=survey_id,
                    version_id=version_id,
                    language=response["language"],
                    target_group=response["target_group"],
                    status=response["status"],
                    current_page=0,
                    resume_token_hash=f"{slug}-{response['response_id']}",
                    is_synthetic=False,
                    started_at=sa.func.now(),
                    updated_at=sa.func.now(),
                )
            ).inserted_primary_key[0]
            connection.execute(
                t["answer"].insert(),
                [dict(a, response_id=response_id) for a in response["answers"]],
            )
        # A started but unfinished response is left out by default.
        connection.execute(
            t["response"]
            .insert()
            .values(
                survey_id=survey_id,
                version_id=version_id,
                language="fi",
                target_group="lukio",
                status="in_progress",
                current_page=1,
                resume_token_hash=f"{slug}-open",
                is_synthetic=False,
                started_at=sa.func.now(),
                updated_at=sa.func.now(),
            )
        )
    engine.dispose()


def test_database_gives_the_same_frame_as_the_export(app, tmp_path: Path) -> None:  # noqa: ANN001
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    document = export_document(30, seed=5)
    _insert(url, document, "region-db")
    from_db = load_responses(url, "region-db")
    path = tmp_path / "same.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    from_export = load_export(path)
    assert list(from_db.answers.columns) == COLUMNS
    assert len(from_db.groups()) == 30
    # Database ids differ from the export's, so compare everything but the id.
    a = (
        _comparable(from_db)
        .drop(columns="response_id")
        .sort_values(list(_comparable(from_db).columns[1:]))
    )
    b = _comparable(from_export).drop(columns="response_id").sort_values(list(a.columns))
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert len(load_responses(url, "region-db", include_incomplete=True).groups()) == 30
    with pytest.raises(LoadError, match="no survey 'missing'.*region-db"):
        load_responses(url, "missing")


def test_analysis_never_imports_flask_or_the_app() -> None:
    code = (
        "import sys, analysis, analysis.cli, analysis.report, analysis.compare\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'survey_app')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
