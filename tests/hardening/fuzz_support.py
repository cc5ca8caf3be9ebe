"""Helpers for the fuzz tests: hostile values, a snapshot of every stored row, and a
survey deployed with a collector link and a respondent part-way through it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from survey_app.extensions import db

# Modest counts keep the suite fast; each example is one or two requests. A fixed seed
# and no example database make every run, on any machine, try the same inputs, so a
# suite that passed once does not fail later on an input nobody changed code for.
# FUZZ_EXAMPLES=2000 runs a longer, random search (the examples differ on each run).
_EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "").strip()
FUZZ = settings(
    max_examples=int(_EXAMPLES) if _EXAMPLES else 40,
    derandomize=not _EXAMPLES,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

# Hand-picked values that broke other web apps: NUL, control and direction characters,
# markup, SQL, path tricks, format strings, byte order marks and astral-plane text.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "\ufffd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE answer; --",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "%s%s%s%n",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "𝕂𝕪𝕞𝕖𝕟𝕝𝕒𝕒𝕜𝕤𝕠 🌲🌊",
    "\U000e0041\U0010fffd",
    "ääöö" * 300,
    "x" * 5000,
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "null",
]

# Every plane: characters from anywhere in Unicode, except lone surrogates (which
# cannot be sent as UTF-8 at all).
ANY_TEXT = st.text(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=["Cs"]), max_size=300
)
HOSTILE_TEXT = st.one_of(st.sampled_from(HOSTILE), ANY_TEXT)
FIELD_NAMES = st.one_of(
    st.sampled_from(["csrf_token", "submission_id", "action", "consent", "language", "email",
                     "password", "next", "code"]),
    ANY_TEXT.filter(bool),
)  # fmt: skip


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table except the audit log, ordered: equal means unchanged."""
    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            if table.name == "audit_event":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows = db.session.execute(sa.select(table).order_by(*order)).all()
            out[table.name] = [tuple(row) for row in rows]
        db.session.remove()
        return out


def assert_handled(status: int, before: dict, after_fn: Callable[[], dict], what: str) -> None:
    """Never a 5xx; a refused request (4xx) left every stored row as it was."""
    assert status < 500, f"{what} answered {status}"
    if status >= 400:
        assert after_fn() == before, f"{what} was refused ({status}) but changed stored data"


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_id"[^>]*value="([^"]+)"')


def hidden(html: str, pattern: re.Pattern[str]) -> str:
    match = pattern.search(html)
    assert match, "form field not found in page"
    return match.group(1)


@dataclass
class Deployed:
    app: Flask = field(repr=False)
    slug: str
    token: str
    questionnaire: object = field(repr=False)


def deploy_bundled(app: Flask) -> Deployed:
    from questionnaires import BUNDLED_DIR
    from survey_app.surveys import create_collector, deploy_questionnaire, questionnaire_for

    with app.app_context():
        survey = deploy_questionnaire(BUNDLED_DIR / "kymenlaakso-region-image.yaml", open_=True)
        collector = create_collector(survey, label="fuzz")
        deployed = Deployed(
            app, survey.slug, collector.token, questionnaire_for(survey.current_version)
        )
        db.session.remove()
    return deployed


def start_response(client: FlaskClient, deployed: Deployed) -> str:
    """Consent on the collector link; returns the URL of the first page."""
    html = client.get(f"/c/{deployed.token}").get_data(as_text=True)
    reply = client.post(
        f"/c/{deployed.token}",
        data={
            "csrf_token": hidden(html, CSRF),
            "submission_id": hidden(html, SUBMISSION),
            "language": "fi",
            "consent": "y",
        },
    )
    assert reply.status_code in (302, 303), reply.status_code
    return reply.headers["Location"]
