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
    assert result.output.count("assword") >= 2
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
    base = ["user", "create"]
    short = runner.invoke(args=base + ["x@example.org", "--role", "admin", "--password-stdin"],
                          input="short\n")  # fmt: skip
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad_role = runner.invoke(args=base + ["x@example.org", "--role", "boss", "--password-stdin"],
                             input="a long enough password\n")  # fmt: skip
    assert bad_role.exit_code == 2 and "boss" in bad_role.output
    bad_email = runner.invoke(args=base + ["not-an-address", "--role", "admin",
                                           "--password-stdin"], input="a long enough password\n")  # fmt: skip
    assert bad_email.exit_code == 1 and "not an e-mail address" in bad_email.output
    first = runner.invoke(args=base + ["x@example.org", "--role", "admin", "--password-stdin"],
                          input="a long enough password\n")  # fmt: skip
    assert first.exit_code == 0
    again = runner.invoke(args=base + ["X@example.org", "--role", "admin", "--password-stdin"],
                          input="a long enough password\n")  # fmt: skip
    assert again.exit_code == 1 and "already exists" in again.output
    for result in (short, bad_role, bad_email, again):
        assert "Traceback" not in result.output
    assert _users(app) == {"x@example.org": "admin"}
