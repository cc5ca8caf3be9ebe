"""A deployed, open survey with synthetic answers for the facilitator's views."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
def survey_app_ready(app: Flask) -> Iterator[Flask]:
    """``app`` with the workshop questionnaire deployed, open, and 150 synthetic answers."""
    # Tests look at the summary at once; the "being prepared" page has its own test.
    app.config["FACILITATOR_FIRST_VIEW_IN_BACKGROUND"] = False
    runner = app.test_cli_runner()
    result = runner.invoke(args=["survey", "deploy", str(QUESTIONNAIRE), "--open"])
    assert result.exit_code == 0, result.output
    add_responses(app, N_RESPONSES, seed=1)
    yield app
    from survey_app.facilitator.service import caches

    with app.app_context():
        # No background computation may outlive its test's database.
        assert caches()[0].wait_idle(300)


@pytest.fixture
def share_url_path(survey_app_ready: Flask) -> str:
    """Path (/share/<token>) of a fresh share link to the survey's summary."""
    result = survey_app_ready.test_cli_runner().invoke(args=["share", "create", SLUG])
    assert result.exit_code == 0, result.output
    url = result.stdout.strip().splitlines()[0]
    return url[url.index("/share/") :]


HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|submission_id)" value="([^"]*)"')


def answer_as_respondent(app: Flask, group: str, words: tuple[str, str, str]) -> None:
    """Answer the survey through the respondent pages, as a phone in the room would."""
    client = app.test_client()
    page = client.get(f"/s/{SLUG}")
    assert page.status_code == 200
    fields = dict(HIDDEN.findall(page.get_data(as_text=True)))
    step = client.post(f"/s/{SLUG}", data={**fields, "language": "fi", "consent": "y"})
    answers: list[dict[str, str]] = [
        {"life_stage": group},
        {"three_words__1": words[0], "three_words__2": words[1], "three_words__3": words[2]},
    ]
    for answer in answers:
        assert step.status_code == 302, step.get_data(as_text=True)[:500]
        html = client.get(step.headers["Location"]).get_data(as_text=True)
        action = re.search(r'<form method="post" action="([^"]+)"', html)
        assert action, html[:500]
        fields = dict(HIDDEN.findall(html))
        step = client.post(action.group(1), data={**fields, **answer, "action": "next"})
    assert step.status_code == 302 and step.headers["Location"].endswith("/thanks"), step.get_data(
        as_text=True
    )[:2000]
