"""Respondents stay anonymous: no address or device detail is stored or logged."""

from __future__ import annotations

import logging
import urllib.request

import sqlalchemy as sa

from survey_app.extensions import db
from tests.respondent.conftest import Respondent, responses
from tests.respondent.test_flow import PAGE1, PAGE2
from tests.support.live_server import LiveServer

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8 marker-6f1c)"


def all_stored_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every value of every row of every table, as one text."""
    parts = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_no_address_or_user_agent_is_stored_or_logged(app, client, survey, caplog):
    caplog.set_level(logging.DEBUG)
    client.environ_base.update(
        {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}
    )
    respondent = Respondent(client, survey)
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes"})
    assert respondent.location.endswith("/thanks")
    assert [r.status for r in responses(app)] == ["complete"]
    text = all_stored_text(app)
    assert "meri" in text  # the dump does see the answers
    for secret in (ADDRESS, "marker-6f1c", "Pixel 8"):
        assert secret not in text
        assert secret not in caplog.text


def test_development_server_log_has_no_client_address(app, survey, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = LiveServer(app).start()
    try:
        with urllib.request.urlopen(f"{server.url}/s/{survey}") as reply:
            assert reply.status == 200
    finally:
        server.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(f"GET /s/{survey} HTTP/1.1" in line for line in lines), lines
    assert not any("127.0.0.1 - -" in line for line in lines), lines
