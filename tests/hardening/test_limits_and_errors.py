"""Rate limits count client addresses in memory only, and error pages (404, 405, 413,
429, 500) come in the user's language without any detail of the failure."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext

from survey_app.extensions import db
from tests.auth.helpers import login, make_user
from tests.hardening.fuzz_support import CSRF, SUBMISSION, deploy_bundled, hidden

ADDRESS = "198.51.100.23"


def _stored_text(app: Flask) -> str:
    """Every value of every table, the audit log included."""
    parts = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                parts.extend(str(value) for value in row)
        db.session.remove()
    return "\n".join(parts)


def test_limited_logins_and_starts_leave_no_address_behind(make_app, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    app = make_app(AUTH_LOGIN_RATE_LIMIT="3 per minute", RESPONSE_START_RATE_LIMIT="3 per minute")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    deployed = deploy_bundled(app)
    make_user(app, "researcher")
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": ADDRESS})

    logins = [login(client, "researcher@example.org", "wrong password!").status_code
              for _ in range(4)]  # fmt: skip
    assert logins == [401, 401, 401, 429]

    starts = []
    for _ in range(4):
        # A new phone each time, behind the same address (a school's NAT).
        client = app.test_client()
        client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": ADDRESS})
        html = client.get(f"/c/{deployed.token}").get_data(as_text=True)
        form = {"csrf_token": hidden(html, CSRF), "submission_id": hidden(html, SUBMISSION),
                "language": "fi", "consent": "y"}  # fmt: skip
        starts.append(client.post(f"/c/{deployed.token}", data=form).status_code)
    assert [s in (302, 303) for s in starts] == [True, True, True, False], starts
    assert starts[3] == 429

    stored = _stored_text(app)
    assert "researcher@example.org" in stored  # the dump does see the tables
    assert ADDRESS not in stored
    assert ADDRESS not in caplog.text


@pytest.fixture
def failing_app(make_app) -> Flask:  # type: ignore[no-untyped-def]
    """An app as in production (not testing, no debug) with a view that fails."""
    app = make_app(TESTING=False, DEBUG=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/__fail")
    def fail() -> str:
        raise RuntimeError("internal-detail-7f3a in /srv/secret/path.py")

    return app


def _expected(app: Flask, language: str, message: str) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        return str(gettext(message))


CASES = [
    (404, "GET", "/no/such/page", {}, "Page not found"),
    (405, "PUT", "/auth/login", {}, "Not allowed"),
    (413, "POST", "/auth/login", {"data": {"x": "y" * (2 * 1024 * 1024)}}, "Too much data"),
    (500, "GET", "/__fail", {}, "Something went wrong"),
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(("code", "method", "path", "extra", "title"), CASES,
                         ids=[str(c[0]) for c in CASES])  # fmt: skip
def test_error_pages_speak_the_users_language_and_hide_details(
    failing_app: Flask, language, code, method, path, extra, title
) -> None:  # type: ignore[no-untyped-def]
    reply = failing_app.test_client().open(
        path, method=method, headers={"Accept-Language": language}, **extra
    )
    assert reply.status_code == code
    body = reply.get_data(as_text=True)
    expected = _expected(failing_app, language, title)
    if language != "en":
        assert expected != title, f"{title!r} has no {language} translation"
    assert expected in body
    assert f'lang="{language}"' in body
    for detail in ("Traceback", "internal-detail-7f3a", "/srv/secret", "RuntimeError", "werkzeug"):
        assert detail not in body
    assert "Content-Security-Policy" in reply.headers
