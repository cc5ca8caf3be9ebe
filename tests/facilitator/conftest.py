"""A deployed, open survey with synthetic answers for the facilitator's views."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

HERE = Path(__file__).parent
QUESTIONNAIRE = HERE / "workshop.yaml"
SLUG = "workshop-image"
N_RESPONSES = 150


def add_responses(app: Flask, n: int, seed: int) -> None:
    result = app.test_cli_runner().invoke(
        args=["demo", "responses", SLUG, "--n", str(n), "--seed", str(seed)]
    )
    assert result.exit_code == 0, result.output


def group_counts(app: Flask) -> dict[str, int]:
    """Complete responses per target group, read straight from the tables."""
    from survey_app.extensions import db
    from survey_app.models import Response

    with app.app_context():
        rows = db.session.execute(
            sa.select(Response.target_group, sa.func.count())
            .where(Response.status == "complete", Response.target_group.is_not(None))
            .group_by(Response.target_group)
        ).all()
    return {str(code): int(n) for code, n in rows}


@pytest.fixture
def survey_app_ready(app: Flask) -> Flask:
    """``app`` with the workshop questionnaire deployed, open, and 150 synthetic answers."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["survey", "deploy", str(QUESTIONNAIRE), "--open"])
    assert result.exit_code == 0, result.output
    add_responses(app, N_RESPONSES, seed=1)
    return app


@pytest.fixture
def share_url_path(survey_app_ready: Flask) -> str:
    """Path (/share/<token>) of a fresh share link to the survey's summary."""
    result = survey_app_ready.test_cli_runner().invoke(args=["share", "create", SLUG])
    assert result.exit_code == 0, result.output
    url = result.stdout.strip().splitlines()[0]
    return url[url.index("/share/") :]
