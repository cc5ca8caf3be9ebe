"""Open answers holding HTML or script are shown as text everywhere they appear: every
page of the researcher area and the facilitator views of the survey, and the HTML
report of the analysis library."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from survey_app.extensions import db
from tests.auth.helpers import login_as
from tests.hardening.fuzz_support import Deployed, deploy_bundled

HOSTILE_ANSWERS = [
    '<script>alert("answer")</script>',
    '"><img src=x onerror=alert(1)>',
    "<b>bold</b> & <i>kursiivi</i>",
    "</textarea><svg onload=alert(2)>",
]
# What would be markup if an answer reached a page unescaped.
RAW = ("<script>alert", "<img src=x", "<b>bold", "<svg onload")
ESCAPED = "&lt;script&gt;alert("


@pytest.fixture
def hostile(make_app) -> Deployed:  # type: ignore[no-untyped-def]
    """The bundled survey with 60 complete responses whose open answers are hostile."""
    deployed = deploy_bundled(make_app())
    app = deployed.app
    result = app.test_cli_runner().invoke(
        args=["demo", "responses", deployed.slug, "--n", "60", "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    questionnaire = deployed.questionnaire
    open_ids = [q.id for q in questionnaire.questions() if q.is_open_text]  # type: ignore[attr-defined]
    assert open_ids, "the bundled survey has no open questions"
    with app.app_context():
        ids = db.session.execute(
            sa.text("SELECT id FROM answer WHERE question_id IN :q OR item = 'other_text'")
            .bindparams(sa.bindparam("q", expanding=True)),
            {"q": open_ids},
        ).scalars().all()  # fmt: skip
        for n, answer_id in enumerate(ids):
            db.session.execute(
                sa.text("UPDATE answer SET value = :v WHERE id = :id"),
                {"v": HOSTILE_ANSWERS[n % len(HOSTILE_ANSWERS)], "id": answer_id},
            )
        db.session.commit()
        db.session.remove()
    assert len(ids) >= 60
    return deployed


def _pages(app: Flask, slug: str, present_pages: int = 40) -> list[str]:
    """Every GET page of the researcher area and facilitator views that takes the survey
    slug alone (and the slides by number, up to the first missing one), so a new view
    is checked too."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("researcher", "facilitator"):
            continue
        if "GET" not in rule.methods or rule.arguments - {"slug", "number"}:
            continue
        path = rule.rule.replace("<slug>", slug)
        if "number" in rule.arguments:  # in order, so the first 404 ends the slides
            urls += [path.replace("<int:number>", str(n)) for n in range(1, present_pages + 1)]
        else:
            urls.append(path)
    return urls


@pytest.mark.slow  # the first summary finds themes in the open answers
def test_hostile_open_answers_are_escaped_in_every_view(hostile: Deployed) -> None:
    app, client = hostile.app, hostile.app.test_client()
    login_as(app, client, "admin")
    shown = []
    missing_slide = False
    for url in _pages(app, hostile.slug):
        if missing_slide and "/present/" in url:
            continue
        reply = client.get(url)
        assert reply.status_code in (200, 404), f"{url}: {reply.status_code}"
        missing_slide = missing_slide or ("/present/" in url and reply.status_code == 404)
        # The live view sends rendered HTML inside JSON, which a script puts in the page.
        textual = ("application/json", "image/svg+xml")
        if not reply.mimetype.startswith("text/") and reply.mimetype not in textual:
            continue  # a file download (a spreadsheet, an image)
        body = reply.get_data(as_text=True)
        for raw in RAW:
            assert raw not in body, f"{url} shows an answer unescaped: {raw!r}"
        if ESCAPED in body:
            shown.append(url)
    # The check means something only if the answers are shown somewhere.
    assert any("/facilitate/" in url for url in shown), shown


@pytest.mark.slow
def test_hostile_open_answers_are_escaped_in_the_html_report(
    hostile: Deployed, tmp_path: Path
) -> None:
    from analysis.load import load_responses
    from analysis.report import ReportOptions, build_report

    url = hostile.app.config["SQLALCHEMY_DATABASE_URI"]
    data = load_responses(url, hostile.slug)
    result = build_report(data, tmp_path / "report", ReportOptions(progress=False))
    html = result.html.read_text(encoding="utf-8")
    for raw in RAW:
        assert raw not in html, f"the report shows an answer unescaped: {raw!r}"
    assert "&lt;" in html, "the report quotes none of the answers"
