"""Live counts of a survey's responses: started, completed, completion rate, median
time to complete, and the same split by target group, collector and day."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import Collector, Response, Survey


@dataclass
class Counts:
    started: int = 0
    completed: int = 0
    durations: list[float] = field(default_factory=list, repr=False)

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.started if self.started else None

    @property
    def median_seconds(self) -> float | None:
        return statistics.median(self.durations) if self.durations else None

    def add(self, status: str, started_at: datetime, completed_at: datetime | None) -> None:
        self.started += 1
        if status == "complete":
            self.completed += 1
            if completed_at is not None and completed_at >= started_at:
                self.durations.append((completed_at - started_at).total_seconds())


@dataclass
class SurveyStats:
    total: Counts
    synthetic: int
    by_group: dict[str | None, Counts]
    by_collector: dict[int | None, Counts]
    by_day: dict[date, Counts]


def survey_stats(survey: Survey) -> SurveyStats:
    """Counts for one survey, read fresh from the database."""
    rows = db.session.execute(
        sa.select(
            Response.status,
            Response.started_at,
            Response.completed_at,
            Response.target_group,
            Response.collector_id,
            Response.is_synthetic,
        ).where(Response.survey_id == survey.id)
    )
    total = Counts()
    synthetic = 0
    by_group: dict[str | None, Counts] = defaultdict(Counts)
    by_collector: dict[int | None, Counts] = defaultdict(Counts)
    by_day: dict[date, Counts] = defaultdict(Counts)
    # Only timestamps and codes are read, never answers; a few columns of 10k rows
    # are cheaper to fold here than to ask each dialect for a median.
    for status, started, completed, group, collector_id, is_synthetic in rows:
        total.add(status, started, completed)
        synthetic += int(bool(is_synthetic))
        by_group[group].add(status, started, completed)
        by_collector[collector_id].add(status, started, completed)
        by_day[started.date()].add(status, started, completed)
    return SurveyStats(
        total=total,
        synthetic=synthetic,
        by_group=dict(by_group),
        by_collector=dict(by_collector),
        by_day=dict(sorted(by_day.items())),
    )


def totals_for(surveys: list[Survey]) -> dict[int, Counts]:
    """Started/completed/median for every survey in the list, in one query."""
    result: dict[int, Counts] = {s.id: Counts() for s in surveys}
    if not surveys:
        return result
    rows = db.session.execute(
        sa.select(
            Response.survey_id, Response.status, Response.started_at, Response.completed_at
        ).where(Response.survey_id.in_([s.id for s in surveys]))
    )
    for survey_id, status, started, completed in rows:
        result[survey_id].add(status, started, completed)
    return result


def collectors_of(survey: Survey) -> list[Collector]:
    return list(
        db.session.scalars(
            sa.select(Collector)
            .where(Collector.survey_id == survey.id)
            .order_by(Collector.created_at, Collector.id)
        )
    )


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"
