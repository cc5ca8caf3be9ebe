"""What an export must contain, worked out from ``factories.SUBMITTED`` alone."""

from __future__ import annotations

from typing import Any

from questionnaires import load_questionnaire
from questionnaires.codebook import variables
from tests.exports.factories import EVERY_TYPE, SUBMITTED

NUMERIC = {"likert", "likert_grid", "semantic_differential", "scale_0_10", "number"}
# Every value of SUBMITTED a spreadsheet would take for a formula.
FORMULA_LIKE = {"=SUM(A1:A9)", "+358 40 123", "@mention", "-- ei kaava --", "\tsarkain"}


def questionnaire():  # type: ignore[no-untyped-def]
    return load_questionnaire(EVERY_TYPE)


def selected(include_incomplete: bool = False, include_synthetic: bool = True) -> list[int]:
    """Indexes into SUBMITTED of the responses an export with these options holds."""
    return [
        n
        for n, spec in enumerate(SUBMITTED)
        if (include_incomplete or spec["status"] == "complete")
        and (include_synthetic or not spec["synthetic"])
    ]


def wide_values(spec: dict[str, Any], lang: str = "fi") -> dict[str, str | int | None]:
    """Variable name -> submitted value: choice flags 1/0 (None when the question was
    not answered), numbers as ints, everything else the stored text."""
    answers = spec["answers"]
    answered = {qid for qid, _item in answers}
    out: dict[str, str | int | None] = {}
    for var in variables(questionnaire(), lang=lang):
        if var.type == "multiple_choice" and var.item not in ("", "other_text"):
            out[var.name] = (
                int((var.question_id, var.item) in answers) if var.question_id in answered else None
            )
            continue
        value = answers.get((var.question_id, var.item))
        if value is not None and var.type in NUMERIC and value.lstrip("-").isdigit():
            out[var.name] = int(value)
        else:
            out[var.name] = value
    return out


def as_csv_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text in FORMULA_LIKE else text
