"""The server dies mid-survey: gunicorn (master and workers) is killed with SIGKILL while
a hall of phones is answering, then started again. Phones retry what failed, as a
respondent tapping again would; every answer the server acknowledged must be stored,
no response may be complete with answers missing, and every phone must finish."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from scripts.loadgen.run import RunResult, deploy, run_phones, server_env, verify
from scripts.loadgen.server import GunicornServer

PHONES = 24
# Long enough to cover a restart on a busy machine: a phone keeps retrying its request.
RETRY_FOR = 180.0


def _kill_mid_run(database_url: str, work: Path) -> tuple[RunResult, GunicornServer]:
    deployed = deploy(database_url)
    env = {**server_env(deployed), "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"}
    server = GunicornServer("survey_app:create_app()", env, work / "gunicorn.log")
    server.start()
    # Each phone sends about two requests per page; kill once about a third are done,
    # so some phones are mid-page, some starting and some finishing.
    requests_expected = PHONES * (2 * len(deployed.questionnaire.pages) + 3)
    outcome: dict[str, RunResult] = {}

    def answer() -> None:
        outcome["run"] = run_phones(server.url, deployed, PHONES, seed=3, retry_for=RETRY_FOR)

    phones = threading.Thread(target=answer, daemon=True)
    try:
        phones.start()
        # Progress is read from the database: the phones' figures live in their thread.
        deadline = time.monotonic() + 120
        while _answers_stored(database_url) < requests_expected // 6:
            assert phones.is_alive(), "the phones finished before the server was killed"
            assert time.monotonic() < deadline, "the phones made no progress:\n" + server.tail()
            time.sleep(0.05)
        server.kill()
        time.sleep(0.5)  # phones meet a closed port, then a server starting up
        server.start()
        phones.join(RETRY_FOR + 60)
        assert not phones.is_alive(), "phones still running after the restart"
    finally:
        server.stop()
    return outcome["run"], server


def _answers_stored(database_url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(sa.text("SELECT count(*) FROM answer")) or 0)
    finally:
        engine.dispose()


def _check(database_url: str, run: RunResult, server: GunicornServer) -> None:
    from questionnaires import load_questionnaire
    from scripts.loadgen.run import QUESTIONNAIRE

    failures = [r.failure for r in run.results if r.failure]
    assert not failures, f"{failures[:5]}\n{server.tail()}"
    assert all(r.acknowledged for r in run.results)
    # The kill was felt: requests failed on the connection and were retried ...
    assert any(kind.startswith("connection") for kind in run.recorder.errors), run.recorder.errors
    # ... and nothing else went wrong: no 5xx, no refused request.
    assert all(kind.startswith("connection") for kind in run.recorder.errors), run.recorder.errors
    check = verify(database_url, run, load_questionnaire(QUESTIONNAIRE))
    assert check.lost == 0, f"{check.lost} acknowledged answers not stored"
    assert check.missing_answers == []
    assert check.complete_stored == check.acknowledged == PHONES


@pytest.mark.slow
def test_sigkill_mid_run_on_sqlite_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    run, server = _kill_mid_run(url, tmp_path)
    _check(url, run, server)


@pytest.mark.slow
def test_sigkill_mid_run_on_postgresql_loses_no_acknowledged_answer(
    tmp_path: Path, postgres_server
) -> None:  # type: ignore[no-untyped-def]
    postgres_server.execute("CREATE DATABASE killed")
    try:
        url = postgres_server.url("killed")
        run, server = _kill_mid_run(url, tmp_path)
        _check(url, run, server)
    finally:
        postgres_server.execute("DROP DATABASE killed WITH (FORCE)")
