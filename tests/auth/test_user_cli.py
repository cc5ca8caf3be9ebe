"""`flask user create`: hashed password from stdin or asked twice; clear errors."""

from __future__ import annotations

import sqlalchemy as sa


def _users(app):
    from survey_app.extensions import db
    from survey_app.models import User

    with app.app_context():
        return {u.email: u.role for u in db.session.scalars(sa.select(User))}


def test_create_with_password_on_stdin(app, runner):
    result = runner.invoke(
        args=["user", "create", "Anna@Example.org", "--role", "researcher", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert _users(app) == {"anna@example.org": "researcher"}


def test_create_asks_twice(app, runner):
    result = runner.invoke(
        args=["user", "create", "f@example.org", "--role", "facilitator"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    assert "Repeat the password:" in result.output
    assert "a long enough password" not in result.output
    assert _users(app) == {"f@example.org": "facilitator"}


def test_mismatched_repetition_is_asked_again(app, runner):
    result = runner.invoke(
        args=["user", "create", "f@example.org", "--role", "admin"],
        input="a long enough password\nanother password!!\n",
    )
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert _users(app) == {}


def test_errors_are_messages_not_tracebacks(app, runner):
    def create(email: str, role: str, password: str):  # type: ignore[no-untyped-def]
        return runner.invoke(
            args=["user", "create", email, "--role", role, "--password-stdin"],
            input=password + "\n",
        )

    good = "a long enough password"
    short = create("x@example.org", "admin", "short")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad_role = create("x@example.org", "boss", good)
    assert bad_role.exit_code == 2 and "boss" in bad_role.output
    bad_email = create("not-an-address", "admin", good)
    assert bad_email.exit_code == 1 and "not an e-mail address" in bad_email.output
    assert create("x@example.org", "admin", good).exit_code == 0
    again = create("X@example.org", "admin", good)
    assert again.exit_code == 1 and "already exists" in again.output
    for result in (short, bad_role, bad_email, again):
        assert "Traceback" not in result.output
    assert _users(app) == {"x@example.org": "admin"}
