"""Selecting the responses of an export: filters, and one record per response."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Answer, Collector, Response, Survey, SurveyVersion


class ExportError(ValueError):
    """A request for an export that cannot be honoured; the message says why."""


@dataclass(frozen=True)
class ExportFilter:
    """Which responses go into an export.

    Complete responses only unless ``include_incomplete``; ``date_from``/``date_to``
    are inclusive days on which the response was started (UTC).
    """

    include_incomplete: bool = False
    collector: str | None = None  # collector token
    group: str | None = None  # target group code
    date_from: date | None = None
    date_to: date | None = None
    include_synthetic: bool = True

    def describe(self) -> str:
        """A one-line summary for the audit log (no respondent data in it)."""
        parts = ["all" if self.include_incomplete else "complete"]
        if self.collector:
            parts.append(f"collector={self.collector}")
        if self.group:
            parts.append(f"group={self.group}")
        if self.date_from:
            parts.append(f"from={self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to={self.date_to.isoformat()}")
        if not self.include_synthetic:
            parts.append("no-synthetic")
        return " ".join(parts)


@dataclass
class ResponseRecord:
    response_id: int
    status: str
    language: str
    target_group: str | None
    collector: str | None
    started_at: datetime
    completed_at: datetime | None
    is_synthetic: bool
    version: int
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (qid, item, value)


def _conditions(survey: Survey, filters: ExportFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = [Response.survey_id == survey.id]
    if not filters.include_incomplete:
        where.append(Response.status == "complete")
    if not filters.include_synthetic:
        where.append(Response.is_synthetic.is_(False))
    if filters.collector:
        collector_id = db.session.scalar(
            sa.select(Collector.id).where(
                Collector.survey_id == survey.id, Collector.token == filters.collector
            )
        )
        if collector_id is None:
            raise ExportError(f"Survey '{survey.slug}' has no collector '{filters.collector}'.")
        where.append(Response.collector_id == collector_id)
    if filters.group:
        where.append(Response.target_group == filters.group)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ExportError(
            f"The start date {filters.date_from} is after the end date {filters.date_to}."
        )
    if filters.date_from:
        where.append(Response.started_at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min)
        where.append(Response.started_at < end)
    return where


def select_responses(survey: Survey, filters: ExportFilter) -> list[ResponseRecord]:
    """The filtered responses of ``survey`` with their answers, oldest first."""
    where = _conditions(survey, filters)
    rows = db.session.execute(
        sa.select(Response, SurveyVersion.number, Collector.token)
        .join(SurveyVersion, SurveyVersion.id == Response.version_id)
        .outerjoin(Collector, Collector.id == Response.collector_id)
        .where(*where)
        .order_by(Response.started_at, Response.id)
    ).all()
    records: dict[int, ResponseRecord] = {}
    for response, version_number, token in rows:
        records[response.id] = ResponseRecord(
            response_id=response.id,
            status=response.status,
            language=response.language,
            target_group=response.target_group,
            collector=token,
            started_at=response.started_at,
            completed_at=response.completed_at,
            is_synthetic=bool(response.is_synthetic),
            version=version_number,
        )
    if not records:
        return []
    answers: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    # One query for every answer of the selection rather than one per response.
    result = db.session.execute(
        sa.select(Answer.response_id, Answer.question_id, Answer.item, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .where(*where)
        .order_by(Answer.response_id, Answer.id)
    )
    for response_id, question_id, item, value in result:
        answers[response_id].append((question_id, item or "", value))
    for response_id, record in records.items():
        record.answers = answers.get(response_id, [])
    return list(records.values())


def find_survey(slug: str) -> Survey:
    survey = db.session.scalar(sa.select(Survey).where(Survey.slug == slug))
    if survey is None:
        raise ExportError(f"No survey '{slug}'.")
    if survey.current_version is None:
        raise ExportError(f"Survey '{slug}' has no deployed questionnaire.")
    return survey
