"""Reading the CSV exports (wide or long) with their ``<stem>.questionnaire.yaml`` sidecar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .frames import records
from .load import META_COLUMNS, LoadError, ResponseData, _parse, _tidy

# Accepted spellings of the per-response columns; the first is the export's own.
_META_ALIASES = {
    "response_id": ("response_id", "id"),
    "status": ("status",),
    "language": ("language", "lang"),
    "group": ("target_group", "group"),
    "collector": ("collector",),
    "started_at": ("started_at",),
    "completed_at": ("completed_at",),
    "is_synthetic": ("is_synthetic", "synthetic"),
    "version": ("version",),
    "survey": ("survey",),
}
_TRUE = {"1", "true", "yes", "t", "y"}
_VERSION = META_COLUMNS.index("version")
_NOT_PICKED = {"", "0", "false", "no", "nan"}


def sidecar_path(path: Path) -> Path:
    """Where an export keeps the questionnaire snapshot it was written from."""
    return path.with_name(f"{path.stem}.questionnaire.yaml")


def load_csv_export(path: Path) -> ResponseData:
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        raise LoadError(
            f"{path}: the questionnaire sidecar {sidecar.name} is missing; "
            "keep it beside the CSV as the export wrote it"
        )
    questionnaire = _parse(sidecar.read_text(encoding="utf-8"), str(sidecar))
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise LoadError(f"{path}: not a readable CSV file: {error}") from None
    meta_columns = _meta_columns(table, path)
    slug = path.stem
    if "survey" in meta_columns:
        slug = str(table[meta_columns["survey"]].iloc[0]) if len(table) else slug
    if {"question_id", "value"} <= set(table.columns):
        rows, extra = _long_rows(table, meta_columns, slug, questionnaire.version)
    else:
        rows, extra = _wide_rows(table, meta_columns, slug, questionnaire)
    versions = {row[_VERSION] for row in rows}
    answers = _tidy(rows, dict.fromkeys(versions, questionnaire)).reset_index(drop=True)
    return ResponseData(questionnaire, answers, extra)


def _meta_columns(table: pd.DataFrame, path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, aliases in _META_ALIASES.items():
        for alias in aliases:
            if alias in table.columns:
                found[name] = alias
                break
    if "response_id" not in found:
        raise LoadError(f"{path}: no response_id column; is this an export of this toolkit?")
    return found


def _meta(
    record: dict[str, Any], columns: dict[str, str], slug: str, version: str
) -> tuple[Any, ...]:
    """The meta values of one response in the order of ``META_COLUMNS``.

    Rows are tuples of these plus question_id, item and value: a dict per answer took
    several times the memory.
    """

    def get(name: str) -> Any:
        value = record.get(columns[name]) if name in columns else None
        return None if value == "" else value

    synthetic = get("is_synthetic")
    return (
        str(record[columns["response_id"]]),
        get("survey") or slug,
        get("version") or version,
        get("status") or "complete",
        get("language"),
        get("group"),
        get("collector"),
        get("started_at"),
        get("completed_at"),
        str(synthetic).strip().lower() in _TRUE if synthetic else False,
    )


def _long_rows(
    table: pd.DataFrame, columns: dict[str, str], slug: str, version: str
) -> tuple[list[tuple[Any, ...]], pd.DataFrame]:
    rows = []
    for record in records(table):
        if record["value"] == "":
            continue
        rows.append(
            (
                *_meta(record, columns, slug, version),
                record["question_id"],
                record.get("item", ""),
                record["value"],
            )
        )
    return rows, pd.DataFrame()


def _wide_rows(
    table: pd.DataFrame, columns: dict[str, str], slug: str, questionnaire: Any
) -> tuple[list[tuple[Any, ...]], pd.DataFrame]:
    variables: dict[str, tuple[str, str, str]] = {}
    for question in questionnaire.questions():
        for item in question.items():
            name = question.id if not item else f"{question.id}_{item}"
            variables[name] = (question.id, item, question.type)
    meta_names = set(columns.values())
    extra_names = [c for c in table.columns if c not in variables and c not in meta_names]
    rows = []
    for record in records(table):
        meta = _meta(record, columns, slug, questionnaire.version)
        for name, (qid, item, qtype) in variables.items():
            value = str(record.get(name, "")).strip()
            if qtype == "multiple_choice" and item != "other_text":
                if value.lower() in _NOT_PICKED:
                    continue
                value = "1"
            elif value == "":
                continue
            rows.append((*meta, qid, item, value))
    extra = table[[columns["response_id"], *extra_names]].copy()
    extra = extra.rename(columns={columns["response_id"]: "response_id"}).set_index("response_id")
    extra.index = extra.index.astype(str)
    return rows, extra
