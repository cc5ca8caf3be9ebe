"""Fixtures of the respondent tests: a small deployed survey and a scripted respondent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

HERE = Path(__file__).parent
MINI = HERE / "mini.yaml"

HIDDEN_RE = re.compile(r'<input type="hidden" name="(csrf_token|submission_id)" value="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    return dict(HIDDEN_RE.findall(html))


@pytest.fixture
def survey(app: Flask) -> str:
    """The small test questionnaire deployed and open; returns its slug."""
    from survey_app.surveys import deploy_questionnaire

    with app.app_context():
        return deploy_questionnaire(MINI, open_=True).slug


class Respondent:
    """A phone answering through the test client, reading tokens from each page."""

    def __init__(self, client: FlaskClient, slug: str) -> None:
        self.client, self.slug = client, slug
        self.html = ""
        self.location = ""

    def open(self, url: str | None = None, **kw: Any):  # type: ignore[no-untyped-def]
        response = self.client.get(url or f"/s/{self.slug}", **kw)
        if response.status_code in (301, 302, 303):
            self.location = response.headers["Location"]
            response = self.client.get(self.location)
        self.html = response.get_data(as_text=True)
        return response

    def start(self, language: str = "fi", url: str | None = None):  # type: ignore[no-untyped-def]
        self.open(url)
        fields = hidden_fields(self.html)
        response = self.client.post(
            url or f"/s/{self.slug}", data={**fields, "language": language, "consent": "y"}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return self.follow(response)

    def follow(self, response):  # type: ignore[no-untyped-def]
        if response.status_code in (301, 302, 303):
            self.location = response.headers["Location"]
            response = self.client.get(self.location)
        self.html = response.get_data(as_text=True)
        return response

    def submit(self, answers: dict[str, Any], action: str = "next", follow: bool = True):  # type: ignore[no-untyped-def]
        fields = hidden_fields(self.html)
        response = self.client.post(
            self.current_path(), data={**fields, **answers, "action": action}
        )
        self.last_post = (self.current_path(), {**fields, **answers, "action": action})
        if follow:
            return self.follow(response)
        return response

    def current_path(self) -> str:
        match = re.search(r'<form method="post" action="([^"]+)"', self.html)
        assert match, self.html
        return match.group(1)


@pytest.fixture
def respondent(client: FlaskClient, survey: str) -> Respondent:
    return Respondent(client, survey)


def stored(app: Flask) -> dict[int, dict[tuple[str, str], str]]:
    """Every stored answer, by response id."""
    from survey_app.extensions import db
    from survey_app.models import Answer

    out: dict[int, dict[tuple[str, str], str]] = {}
    with app.app_context():
        for row in db.session.scalars(sa.select(Answer)):
            out.setdefault(row.response_id, {})[(row.question_id, row.item)] = row.value
    return out


def responses(app: Flask) -> list[Any]:
    from survey_app.extensions import db
    from survey_app.models import Response

    with app.app_context():
        rows = list(db.session.scalars(sa.select(Response).order_by(Response.id)))
        db.session.expunge_all()
        return rows
