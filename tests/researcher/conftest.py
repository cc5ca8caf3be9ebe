"""Fixtures of the researcher-area tests: a survey with collectors, responses (real and
synthetic) and a share link, and clients logged in as each role without the login form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from tests.exports.factories import fill

ROLES = ("researcher", "facilitator", "admin")


def populate(app: Flask, synthetic: int = 30) -> dict[str, Any]:
    """The every-type survey with two collectors, four hand-made responses, ``synthetic``
    generated ones (enough for every group to pass the facilitator's minimum) and a share
    link; returns the values that fill the variables of every URL rule."""
    from survey_app.cli.demo import insert_responses
    from survey_app.demo_answers import generate_responses
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import get_survey, questionnaire_for

    data = fill(app)
    with app.app_context():
        survey = get_survey(data["slug"])
        version = survey.current_version
        if synthetic:
            generated = generate_responses(questionnaire_for(version), synthetic, seed=1)
            insert_responses(survey, version, generated)
        share = create_share_link(survey, label="workshop")
        data["share_token"] = share.token
        data["share_link_id"] = share.link.id
    return data


def make_user(app: Flask, role: str) -> int:
    from survey_app.auth.accounts import create_user, find_user

    email = f"{role}@example.org"
    with app.app_context():
        user = find_user(email) or create_user(email, role, "correct horse battery staple")
        return user.id


def csrf_for(app: Flask, client: FlaskClient) -> str:
    """A valid CSRF token for ``client``'s session, made the way Flask-WTF makes it, so
    a test can post to any form without first finding a page that renders one."""
    raw = "0123456789abcdef" * 2 + "fixed-for-this-test"
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    return serializer.dumps(raw)


def sign_in(app: Flask, client: FlaskClient, user_id: int | None) -> None:
    """Put ``user_id`` in the session as Flask-Login does at login (None: anonymous).

    The session fingerprint that "strong" session protection checks is made in a
    request context built like the test client's own requests (same address and agent).
    """
    from flask_login.utils import _create_identifier

    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.clear()
        if user_id is not None:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
            session["_id"] = identifier


@pytest.fixture
def site(app: Flask) -> dict[str, Any]:
    return populate(app)


def client_as(app: Flask, role: str) -> FlaskClient:
    """A new client logged in with an account of ``role`` (created when missing)."""
    client = app.test_client()
    sign_in(app, client, make_user(app, role))
    return client


@pytest.fixture
def as_role(app: Flask) -> Callable[[str], FlaskClient]:
    """``as_role("researcher")``: a new client logged in with an account of that role."""
    return lambda role: client_as(app, role)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_app(request: pytest.FixtureRequest) -> Flask:
    """The app on SQLite, then on a real PostgreSQL server."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "app_pg")
