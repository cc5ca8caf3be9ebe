"""The rows and columns of an export: wide, long and codebook tables.

Values stay the codes stored with the answers; ``labels=True`` swaps codes for the
labels of the questionnaire snapshot in the chosen language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from questionnaires.texts import OTHER_TEXT_ITEM

from .query import ResponseRecord

# Question types whose stored values are numbers (points, 0-10, counts); "cant_say"
# is the one non-number they may hold.
NUMERIC_TYPES = frozenset(
    {"likert", "likert_grid", "semantic_differential", "scale_0_10", "number"}
)
_INT = re.compile(r"-?\d+\Z")
_FLOAT = re.compile(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?\Z")


@dataclass(frozen=True)
class Column:
    """One wide column: a codebook variable, or an answer no variable describes."""

    name: str
    question_id: str
    item: str
    type: str
    label: str
    value_labels: dict[str, str]
    measure: str

    @property
    def is_choice_flag(self) -> bool:
        return self.type == "multiple_choice" and self.item not in ("", OTHER_TEXT_ITEM)


def meta_columns(include_status: bool) -> list[str]:
    names = ["response_id", "language", "target_group", "collector", "version"]
    if include_status:
        names.insert(1, "status")
    return names + ["started_at", "completed_at", "is_synthetic"]


def timestamp(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def meta_values(record: ResponseRecord, include_status: bool, as_text: bool) -> dict[str, Any]:
    values: dict[str, Any] = {
        "response_id": record.response_id,
        "status": record.status,
        "language": record.language,
        "target_group": record.target_group,
        "collector": record.collector,
        "version": record.version,
        "started_at": timestamp(record.started_at) if as_text else record.started_at,
        "completed_at": timestamp(record.completed_at) if as_text else record.completed_at,
        "is_synthetic": int(record.is_synthetic),
    }
    if not include_status:
        del values["status"]
    return values


def columns_for(questionnaire: Any, records: list[ResponseRecord], lang: str) -> list[Column]:
    """Codebook variables in questionnaire order, then any stored pair none describes
    (answers given on an older version whose question has since gone)."""
    from questionnaires.codebook import variables

    columns = []
    known: set[tuple[str, str]] = set()
    for var in variables(questionnaire, lang=lang):
        columns.append(
            Column(
                name=var.name,
                question_id=var.question_id,
                item=var.item,
                type=var.type,
                label=var.label,
                value_labels=dict(var.value_labels),
                measure=var.measure,
            )
        )
        known.add((var.question_id, var.item))
    extra: dict[tuple[str, str], None] = {}
    for record in records:
        for qid, item, _value in record.answers:
            if (qid, item) not in known:
                extra.setdefault((qid, item), None)
    for qid, item in extra:
        columns.append(
            Column(
                name=f"{qid}_{item}" if item else qid,
                question_id=qid,
                item=item,
                type="unknown",
                label=f"{qid} {item}".strip(),
                value_labels={},
                measure="nominal",
            )
        )
    return columns


def typed_value(column: Column, raw: str) -> Any:
    """A stored text value as the number it stands for, where it is one."""
    if column.type in NUMERIC_TYPES:
        if _INT.match(raw):
            return int(raw)
        if _FLOAT.match(raw):
            return float(raw)
    return raw


def label_of(column: Column, value: Any) -> Any:
    if value is None:
        return None
    return column.value_labels.get(str(value), value)


def wide_rows(
    records: list[ResponseRecord],
    columns: list[Column],
    include_status: bool,
    labels: bool = False,
    as_text: bool = True,
) -> list[dict[str, Any]]:
    """One dict per response: meta columns, then one value per column."""
    rows = []
    for record in records:
        row = meta_values(record, include_status, as_text)
        stored = {(qid, item): value for qid, item, value in record.answers}
        answered = {qid for qid, _item, _value in record.answers}
        for column in columns:
            if column.is_choice_flag:
                # 0 = saw the question and did not pick this; empty = did not answer.
                if column.question_id in answered:
                    value: Any = 1 if (column.question_id, column.item) in stored else 0
                else:
                    value = None
            else:
                raw = stored.get((column.question_id, column.item))
                value = None if raw is None else typed_value(column, raw)
            row[column.name] = label_of(column, value) if labels else value
        rows.append(row)
    return rows


LONG_COLUMNS = ["question_id", "item", "variable", "value", "value_label"]


def long_rows(
    records: list[ResponseRecord], columns: list[Column], include_status: bool
) -> list[dict[str, Any]]:
    """One dict per stored answer, each carrying its response's meta columns."""
    by_pair = {(c.question_id, c.item): c for c in columns}
    rows = []
    for record in records:
        meta = meta_values(record, include_status, as_text=True)
        for qid, item, value in record.answers:
            column = by_pair.get((qid, item))
            row = dict(meta)
            row["question_id"] = qid
            row["item"] = item
            row["variable"] = column.name if column else (f"{qid}_{item}" if item else qid)
            row["value"] = value
            row["value_label"] = column.value_labels.get(value, "") if column else ""
            rows.append(row)
    return rows


CODEBOOK_COLUMNS = ["variable", "question_id", "item", "type", "measure", "label", "values"]


def codebook_rows(columns: list[Column]) -> list[dict[str, Any]]:
    return [
        {
            "variable": c.name,
            "question_id": c.question_id,
            "item": c.item,
            "type": c.type,
            "measure": c.measure,
            "label": c.label,
            "values": "; ".join(f"{code} = {label}" for code, label in c.value_labels.items()),
        }
        for c in columns
    ]
