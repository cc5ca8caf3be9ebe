"""The production server configuration: sensible defaults, settings from the
environment, and logs that hold no client address or user agent."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path

import httpx
import pytest

from scripts.loadgen.server import GunicornServer

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def _load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_suit_a_small_server(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(monkeypatch)
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["worker_class"] == "gthread"
    assert conf["workers"] >= 2 and conf["threads"] >= 2
    assert 10 <= conf["timeout"] <= 120


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _load(
        monkeypatch,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="8",
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_TIMEOUT="45",
    )
    assert (conf["workers"], conf["threads"], conf["bind"], conf["timeout"]) == (
        3,
        8,
        "0.0.0.0:9000",
        45,
    )


def test_access_log_format_leaves_out_client_details(monkeypatch: pytest.MonkeyPatch) -> None:
    fmt = _load(monkeypatch)["access_log_format"]
    # h: remote address, a: user agent, f: referrer, q: query string, {..}i: any header
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s", "}i)s", "}e)s"):
        assert atom not in fmt


def test_logger_scrubs_the_address_of_a_malformed_request(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from gunicorn.config import Config

    logger_class = _load(monkeypatch)["AnonymousLogger"]
    log = logger_class(Config())
    log.error_log.propagate = True
    with caplog.at_level(logging.WARNING):
        log.warning("Invalid request from ip=203.0.113.9: Invalid HTTP Version 'x'")
        log.warning("Invalid request from ip=2001:db8::1: bad header")
    assert "203.0.113.9" not in caplog.text and "2001:db8" not in caplog.text
    assert "Invalid request from a client: Invalid HTTP Version" in caplog.text


@pytest.mark.slow
def test_served_app_logs_no_address_or_user_agent(tmp_path: Path, sqlite_template: Path) -> None:
    """The real server with the real app: its access and error logs stay anonymous."""
    import shutil

    database = tmp_path / "served.sqlite3"
    shutil.copy(sqlite_template, database)
    log_path = tmp_path / "gunicorn.log"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "served-app-test-key",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    server = GunicornServer("survey_app:create_app()", env, log_path)
    server.env["GUNICORN_ACCESSLOG"] = "-"
    with server:
        agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) UniqueAgentMarker/1.0"
        reply = httpx.get(
            server.url + "/no/such/page?token=secret-query", headers={"User-Agent": agent}
        )
        assert reply.status_code == 404
        assert "Content-Security-Policy" in reply.headers
    log = log_path.read_text()
    assert '"GET /no/such/page HTTP/1.1" 404' in log
    for leak in ("127.0.0.1 ", "UniqueAgentMarker", "Android", "secret-query"):
        assert leak not in log
