"""The ceiling for `make bench-load`: bare Flask + SQLAlchemy storing the same rows.

No templates, forms, CSRF, sessions or translations: a page is a few bytes of HTML, a
POST inserts one answer row per form field and moves the response on. Served by the
same gunicorn configuration as the real app, so the difference is the app's own cost.
Run it with `gunicorn -c gunicorn.conf.py "scripts.bare_ceiling_app:create_app()"`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, Response, abort, make_response, redirect, request

metadata = sa.MetaData()

# The shape of survey_app.models' response and answer tables, minus what a ceiling
# does not need (foreign keys to surveys, versions and collectors).
responses = sa.Table(
    "bare_response",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(12), nullable=False, default="in_progress"),
    sa.Column("current_page", sa.Integer, nullable=False, default=0),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("completed_at", sa.DateTime),
)
answers = sa.Table(
    "bare_answer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("response_id", sa.ForeignKey("bare_response.id"), nullable=False, index=True),
    sa.Column("question_id", sa.String(80), nullable=False),
    sa.Column("item", sa.String(80), nullable=False, default=""),
    sa.Column("value", sa.Text, nullable=False),
    sa.UniqueConstraint("response_id", "question_id", "item"),
)

PAGE = b"<!doctype html><title>bare</title><form method=post><button>Next</button></form>"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def make_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # The same pragmas as the real app (survey_app/database.py), for a fair ceiling.
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def create_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__)
    engine = make_engine(database_url or os.environ["DATABASE_URL"])

    @app.get("/bare/page")
    def page() -> Response:
        return Response(PAGE, mimetype="text/html")

    @app.post("/bare/start")
    def start() -> Response:
        now = _now()
        with engine.begin() as conn:
            response_id = conn.execute(
                responses.insert().values(started_at=now, updated_at=now).returning(responses.c.id)
            ).scalar_one()
        result = make_response(redirect("/bare/page", code=303))
        result.set_cookie("rid", str(response_id), httponly=True, samesite="Lax")
        return result

    @app.post("/bare/answers")
    def save_answers() -> Response:
        try:
            response_id = int(request.cookies["rid"])
        except (KeyError, ValueError):
            abort(400)
        rows = []
        for key, values in request.form.lists():
            if key in {"csrf_token", "final"}:
                continue
            qid, _, item = key.partition("__")
            # Several values under one name are a multiple choice: one row per code.
            pairs = [(v, "1") for v in values] if len(values) > 1 else [(item, values[0])]
            rows += [
                {"response_id": response_id, "question_id": qid, "item": i, "value": v}
                for i, v in pairs
                if v
            ]
        final = request.form.get("final") == "1"
        now = _now()
        with engine.begin() as conn:
            # Replace this page's answers, as the real app does on Back and Next.
            questions = {row["question_id"] for row in rows}
            if questions:
                conn.execute(
                    answers.delete().where(
                        answers.c.response_id == response_id,
                        answers.c.question_id.in_(questions),
                    )
                )
                conn.execute(answers.insert(), rows)
            conn.execute(
                responses.update()
                .where(responses.c.id == response_id)
                .values(
                    current_page=responses.c.current_page + 1,
                    updated_at=now,
                    status="complete" if final else responses.c.status,
                    completed_at=now if final else None,
                )
            )
        return redirect("/bare/page", code=303)

    return app


def create_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()


def count_complete(database_url: str) -> tuple[int, int]:
    """Complete responses and answer rows stored, for checking against acknowledgements."""
    engine = make_engine(database_url)
    with engine.connect() as conn:
        complete = conn.scalar(
            sa.select(sa.func.count())
            .select_from(responses)
            .where(responses.c.status == "complete")
        )
        stored = conn.scalar(sa.select(sa.func.count()).select_from(answers))
    engine.dispose()
    return int(complete or 0), int(stored or 0)
