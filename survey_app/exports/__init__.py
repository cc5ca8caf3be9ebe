"""Exports of a survey's responses: wide and long CSV, XLSX, SPSS .sav and JSON.

``export_survey`` writes one file (and, except for JSON, the questionnaire snapshot as
a sidecar ``<stem>.questionnaire.yaml`` beside it) and returns the paths written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..models import Survey
from . import tables, writers
from .query import ExportError, ExportFilter, ResponseRecord, find_survey, select_responses

FORMATS = ("csv", "csv-long", "xlsx", "sav", "json")
EXTENSIONS = {"csv": ".csv", "csv-long": ".csv", "xlsx": ".xlsx", "sav": ".sav", "json": ".json"}
JSON_FORMAT = "regional-image-export/1"

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ExportError",
    "ExportFilter",
    "ResponseRecord",
    "export_survey",
    "find_survey",
    "json_document",
    "select_responses",
    "sidecar_path",
]


def sidecar_path(out: Path) -> Path:
    return out.with_name(out.stem + ".questionnaire.yaml")


def _questionnaire(survey: Survey) -> tuple[Any, str]:
    from questionnaires import parse_questionnaire

    version = survey.current_version
    if version is None:
        raise ExportError(f"Survey '{survey.slug}' has no deployed questionnaire.")
    try:
        from ..surveys import questionnaire_for

        questionnaire = questionnaire_for(version)
    except ImportError:
        questionnaire = parse_questionnaire(version.source_yaml, source=f"{survey.slug}.yaml")
    return questionnaire, version.source_yaml


def json_document(survey: Survey, records: list[ResponseRecord], snapshot: str) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "survey": survey.slug,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "questionnaire_yaml": snapshot,
        "responses": [
            {
                "response_id": r.response_id,
                "status": r.status,
                "language": r.language,
                "target_group": r.target_group,
                "collector": r.collector,
                "started_at": tables.timestamp(r.started_at),
                "completed_at": tables.timestamp(r.completed_at),
                "is_synthetic": r.is_synthetic,
                "version": r.version,
                "answers": [
                    {"question_id": qid, "item": item, "value": value}
                    for qid, item, value in r.answers
                ],
            }
            for r in records
        ],
    }


def export_survey(
    survey: Survey,
    fmt: str,
    out: Path,
    filters: ExportFilter | None = None,
    lang: str | None = None,
) -> list[Path]:
    """Write the responses of ``survey`` selected by ``filters`` as ``fmt`` to ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}.")
    filters = filters or ExportFilter()
    questionnaire, snapshot = _questionnaire(survey)
    lang = lang or questionnaire.default_language
    if lang not in questionnaire.languages:
        raise ExportError(
            f"The questionnaire has no language '{lang}'; "
            f"use one of: {', '.join(questionnaire.languages)}."
        )
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist.")
    records = select_responses(survey, filters)
    if fmt == "json":
        writers.write_json(out, json_document(survey, records, snapshot))
        return [out]
    columns = tables.columns_for(questionnaire, records, lang)
    status = filters.include_incomplete
    meta = tables.meta_columns(status)
    if fmt == "csv":
        rows = tables.wide_rows(records, columns, status)
        writers.write_csv(out, meta + [c.name for c in columns], rows)
    elif fmt == "csv-long":
        rows = tables.long_rows(records, columns, status)
        writers.write_csv(out, meta + tables.LONG_COLUMNS, rows)
    elif fmt == "xlsx":
        header = meta + [c.name for c in columns]
        writers.write_xlsx(
            out,
            [
                ("data-labels", header, tables.wide_rows(records, columns, status, True, False)),
                ("data-codes", header, tables.wide_rows(records, columns, status, False, False)),
                ("codebook", tables.CODEBOOK_COLUMNS, tables.codebook_rows(columns)),
            ],
        )
    else:
        rows = tables.wide_rows(records, columns, status, as_text=False)
        groups = {g.code: g.label.get(lang) for g in questionnaire.target_groups}
        writers.write_sav(out, meta, rows, columns, META_LABELS, {"target_group": groups})
    sidecar = sidecar_path(out)
    sidecar.write_text(snapshot, encoding="utf-8")
    return [out, sidecar]


META_LABELS = {
    "response_id": "Response id",
    "status": "Status (complete / in_progress)",
    "language": "Language of answering",
    "target_group": "Target group",
    "collector": "Collector link token",
    "version": "Questionnaire deployment number",
    "started_at": "Started (UTC)",
    "completed_at": "Completed (UTC)",
    "is_synthetic": "Synthetic demo data (1 = yes)",
}
