"""A target-group question may have an "other" group without a text field: choosing it
is an ordinary answer, stored as given, never a server error."""

from __future__ import annotations

import random

import sqlalchemy as sa

from scripts.loadgen.phone import answer_question, encode
from survey_app.extensions import db
from tests.hardening.fuzz_support import CSRF, SUBMISSION, deploy_bundled, hidden, start_response


def test_other_target_group_without_text_field_is_stored(make_app) -> None:
    deployed = deploy_bundled(make_app())
    app, client = deployed.app, deployed.app.test_client()
    page_url = start_response(client, deployed)
    html = client.get(page_url).get_data(as_text=True)
    page = deployed.questionnaire.pages[0]  # type: ignore[attr-defined]
    group = next(q for q in page.questions if q.target_group)
    assert "other" in group.codes() and not group.other, "the bundled survey changed"
    assert f'name="{group.id}__other_text"' not in html

    rng = random.Random(7)
    fields = [("csrf_token", hidden(html, CSRF)), ("submission_id", hidden(html, SUBMISSION))]
    for question in page.questions:
        if question.show_if is None:
            answer = {"": "other"} if question is group else answer_question(question, rng)
            fields += encode(question, answer)
    form: dict[str, list[str]] = {"action": ["next"]}
    for name, value in fields:
        form.setdefault(name, []).append(value)
    reply = client.post(page_url, data=form)

    assert reply.status_code in (302, 303), reply.get_data(as_text=True)[:500]
    with app.app_context():
        stored = db.session.execute(
            sa.text("SELECT value FROM answer WHERE question_id = :q AND item = ''"),
            {"q": group.id},
        ).scalar_one()
        target_group = db.session.execute(sa.text("SELECT target_group FROM response")).scalar()
        db.session.remove()
    assert stored == "other" and target_group == "other"
