"""Fixtures of the accessibility tests: the bundled regional-image questionnaire, open,
and a facilitator share link on synthetic answers."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.accessibility.support import REGIONAL


@pytest.fixture
def regional_survey(app: Flask) -> str:
    """The regional-image questionnaire deployed and open; returns its slug."""
    from survey_app.surveys import deploy_questionnaire

    with app.app_context():
        return deploy_questionnaire(REGIONAL, open_=True).slug


@pytest.fixture
def share_path(app: Flask, regional_survey: str) -> str:
    """Path of a read-only summary link over 60 synthetic answers (groups big enough to show)."""
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import get_survey

    result = app.test_cli_runner().invoke(
        args=["demo", "responses", regional_survey, "--n", "60", "--seed", "9"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        survey = get_survey(regional_survey)
        assert survey is not None
        return f"/share/{create_share_link(survey, label='accessibility').token}"
