"""`flask backup OUT`: a consistent copy of a live SQLite database that restores into a
working app, and a clear refusal (with pg_dump advice) on PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from survey_app.extensions import db
from survey_app.models import Answer, Response, Survey, SurveyVersion

ANSWERS_PER_RESPONSE = 5


def _database_path(app: Flask) -> Path:
    return Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


def _seed(app: Flask, n_responses: int) -> None:
    with app.app_context():
        survey = Survey(slug="backup-test", questionnaire_id="q", status="open")
        version = SurveyVersion(
            survey=survey, number=1, questionnaire_version="1", content_sha256="0" * 64,
            source_yaml="id: q\n",
        )  # fmt: skip
        db.session.add_all([survey, version])
        db.session.flush()
        for i in range(n_responses):
            _add_response(survey.id, version.id, i)
        db.session.commit()


def _add_response(survey_id: int, version_id: int, i: int) -> None:
    response = Response(
        survey_id=survey_id, version_id=version_id, language="fi", status="complete",
        resume_token_hash=f"{i:064x}",
    )  # fmt: skip
    response.answers = [
        Answer(question_id=f"q{k}", item="", value=f"<b>vastaus {i}/{k}</b> äö")
        for k in range(ANSWERS_PER_RESPONSE)
    ]
    db.session.add(response)


def test_backup_copies_everything_and_restores(
    app: Flask, runner, tmp_path: Path, make_app
) -> None:
    _seed(app, 20)
    out = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 0, result.output
    assert "20 responses" in result.output and "100 answers" in result.output
    # One self-contained file: nothing needed from a -wal beside it.
    assert not Path(f"{out}-wal").exists()

    restored = make_app(database_url=f"sqlite:///{out}")
    with restored.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 20
        values = db.session.scalars(sa.select(Answer.value).order_by(Answer.id)).all()
        assert values[0] == "<b>vastaus 0/0</b> äö"
        assert len(values) == 100
        db.session.remove()
        db.engine.dispose()


def test_backup_of_a_database_being_written_is_consistent(
    app: Flask, runner, tmp_path: Path
) -> None:
    """Phones keep answering while the backup runs: the copy holds whole responses only."""
    _seed(app, 1)
    path = _database_path(app)
    stop = threading.Event()
    written = []

    def writer() -> None:
        conn = sqlite3.connect(path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        i = 1000
        while not stop.is_set():
            with conn:  # one transaction: the response and all its answers
                cur = conn.execute(
                    "INSERT INTO response (survey_id, version_id, language, status, current_page, "
                    "resume_token_hash, is_synthetic, started_at, updated_at) "
                    "VALUES (1, 1, 'fi', 'complete', 0, ?, 0, '2026-01-01', '2026-01-01')",
                    (f"{i:064x}",),
                )
                conn.executemany(
                    "INSERT INTO answer (response_id, question_id, item, value) "
                    "VALUES (?, ?, '', 'x')",
                    [(cur.lastrowid, f"q{k}") for k in range(ANSWERS_PER_RESPONSE)],
                )
            written.append(i)
            i += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)
        outs = [tmp_path / f"copy{n}.sqlite3" for n in range(3)]
        for out in outs:
            result = runner.invoke(args=["backup", str(out)])
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()
    assert len(written) > 10  # the writer really ran alongside
    for out in outs:
        with sqlite3.connect(out) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            per_response = conn.execute(
                "SELECT r.id, count(a.id) FROM response r "
                "LEFT JOIN answer a ON a.response_id = r.id GROUP BY r.id"
            ).fetchall()
        conn.close()
        assert per_response
        assert {n for _, n in per_response} == {ANSWERS_PER_RESPONSE}


def test_backup_refuses_to_overwrite_without_force(app: Flask, runner, tmp_path: Path) -> None:
    out = tmp_path / "exists.sqlite3"
    out.write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "Traceback" not in result.output
    assert out.read_bytes() == b"keep me"
    assert runner.invoke(args=["backup", "--force", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"SQLite format 3")


def test_backup_refuses_the_live_file_and_a_missing_folder(
    app: Flask, runner, tmp_path: Path
) -> None:
    live = _database_path(app)
    before = live.read_bytes()
    result = runner.invoke(args=["backup", "--force", str(live)])
    assert result.exit_code == 1 and "live database itself" in result.output
    assert live.read_bytes() == before
    result = runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "dir.sqlite3")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_backup_on_postgresql_explains_pg_dump(app_pg: Flask, tmp_path: Path) -> None:
    out = tmp_path / "survey.dump"
    result = app_pg.test_cli_runner().invoke(args=["backup", str(out)])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "pg_restore" in result.output
    assert "postgresql://" in result.output and "+psycopg" not in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
