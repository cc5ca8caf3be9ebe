"""Theme names and merges made in the facilitator view, stored per open question.

Each ``ThemeEdit.payload_json`` holds one question's part of the report's
``--themes`` YAML (``analysis.themes_edit``: rename, merge, n_themes), so the names
given in a workshop reach the researcher's report unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
import yaml

from analysis.themes_edit import ThemeEditError, ThemeEdits, parse_edits

from ..extensions import db
from ..models import Survey, ThemeEdit, utcnow

# The report's default seed; the view clusters with it so theme ids match the report's.
SEED = 0


def stored_edits(survey_id: int) -> dict[str, dict[str, Any]]:
    """question_id -> payload of every stored edit of a survey."""
    rows = db.session.scalars(sa.select(ThemeEdit).where(ThemeEdit.survey_id == survey_id))
    out = {}
    for row in rows:
        try:
            payload = json.loads(row.payload_json or "{}")
        except json.JSONDecodeError:
            payload = {}
        out[row.question_id] = payload if isinstance(payload, dict) else {}
    return out


def save_edits(survey: Survey, question_id: str, edits: ThemeEdits) -> ThemeEdit:
    """Store one question's edits (the caller commits, together with the audit event)."""
    row = db.session.scalar(
        sa.select(ThemeEdit).where(
            ThemeEdit.survey_id == survey.id, ThemeEdit.question_id == question_id
        )
    )
    if row is None:
        row = ThemeEdit(survey_id=survey.id, question_id=question_id)
        db.session.add(row)
    row.payload_json = json.dumps(edits.to_payload(), ensure_ascii=False, sort_keys=True)
    row.updated_at = utcnow()
    return row


def theme_file(survey_id: int) -> str:
    """All of a survey's edits as a file for ``python -m analysis report --themes``."""
    questions = {}
    for qid, payload in sorted(stored_edits(survey_id).items()):
        try:
            # JSON keeps theme ids as strings; the file shows them as the numbers they are.
            edits = parse_edits(payload, f"question {qid!r}").to_payload()
        except ThemeEditError:
            edits = payload
        if edits:
            questions[qid] = edits
    document = {"seed": SEED, "questions": questions}
    header = (
        "# Theme names and merges made in the facilitator view.\n"
        "# Use with: python -m analysis report ... --themes this-file.yaml\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
