"""Bad input gets a clear 4xx page in the respondent's language and changes nothing stored."""

from __future__ import annotations

import pytest

from survey_app.extensions import db
from survey_app.surveys import create_collector, get_survey, set_status
from tests.respondent.conftest import Respondent, hidden_fields, responses, stored
from tests.respondent.test_flow import PAGE1


@pytest.fixture
def on_page2(app, respondent: Respondent) -> Respondent:
    respondent.start()
    respondent.submit(PAGE1)
    assert respondent.location.endswith("/p/2")
    return respondent


def _post_raw(respondent: Respondent, extra: dict, **kw):  # type: ignore[no-untyped-def]
    fields = hidden_fields(respondent.html)
    return respondent.client.post(
        respondent.current_path(), data={**fields, "action": "next", **extra}, **kw
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"no_such_question": "1"}, "eivät vastaa tämän sivun kysymyksiä"),
        ({"group": "lukio"}, "eivät vastaa tämän sivun kysymyksiä"),  # a question of page 1
        ({"grid__nature": "9"}, "ei ole kysymyksen vaihtoehto"),
        ({"grid__no_item": "1"}, "eivät vastaa tämän sivun kysymyksiä"),
        ({"diff__dull": "0"}, "ei ole kysymyksen vaihtoehto"),
        ({"diff__dull": ["1", "2"]}, "eivät vastaa tämän sivun kysymyksiä"),
        ({"words__1": "a\x00b"}, "merkkejä, joita ei voi tallentaa"),
        ({"action": "jump"}, "Lomake oli puutteellinen"),
        ({"submission_id": ""}, "Lomake oli puutteellinen"),
    ],
)
def test_forged_answers_are_refused(app, on_page2, extra, message):
    before = stored(app)
    reply = _post_raw(on_page2, extra)
    assert reply.status_code == 400
    assert message in reply.text and 'lang="fi"' in reply.text
    assert stored(app) == before


def test_too_long_text_is_an_error_next_to_the_question(app, on_page2):
    before = stored(app)
    reply = _post_raw(on_page2, {"words__1": "x" * 41, "grid__nature": "1", "grid__jobs": "1"})
    assert reply.status_code == 422
    assert "Enintään 40 merkkiä." in reply.text
    assert stored(app) == before


def test_invalid_utf8_is_refused(app, on_page2):
    before = stored(app)
    fields = hidden_fields(on_page2.html)
    body = (
        "&".join(f"{k}={v}" for k, v in fields.items()).encode() + b"&action=next&words__1=%FF%FE"
    )
    reply = on_page2.client.post(
        on_page2.current_path(),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert reply.status_code == 400 and "merkkejä, joita ei voi tallentaa" in reply.text
    assert stored(app) == before


def test_huge_body_is_refused(app, on_page2):
    before = stored(app)
    reply = _post_raw(on_page2, {"words__1": "x" * (2 * 1024 * 1024)})
    assert reply.status_code == 413
    assert "Liikaa tietoa" in reply.text
    assert stored(app) == before


def test_missing_or_forged_csrf_token(app, on_page2):
    before = stored(app)
    data = {"submission_id": "a" * 22, "action": "next", "words__1": "x"}
    for extra in ({}, {"csrf_token": "forged"}):
        reply = on_page2.client.post(on_page2.current_path(), data={**data, **extra})
        assert reply.status_code == 400
        assert "Lomake oli vanhentunut" in reply.text
    assert stored(app) == before


def test_csrf_error_page_speaks_the_respondents_language(app, client, survey):
    Respondent(client, survey).start(language="sv")
    reply = client.post(f"/s/{survey}/p/1", data={"action": "next"})
    assert reply.status_code == 400 and 'lang="sv"' in reply.text
    assert "Formuläret hade gått ut" in reply.text


def test_unknown_survey_and_page(client, survey):
    reply = client.get("/s/no-such-survey")
    assert reply.status_code == 404 and "Tässä osoitteessa ei ole kyselyä" in reply.text
    reply = client.get("/c/no-such-token")
    assert reply.status_code == 404 and "Tämä linkki ei ole käytössä" in reply.text
    assert client.get("/s/no-such-survey", headers={"Accept-Language": "en"}).text.count(
        "There is no survey at this address"
    )
    Respondent(client, survey).start()
    assert client.get(f"/s/{survey}/p/99").status_code == 404


def test_closed_survey_takes_no_answers(app, on_page2):
    before = stored(app)
    with app.app_context():
        set_status("mini-survey", "closed")
    reply = _post_raw(on_page2, {"words__1": "x"})
    assert reply.status_code == 410 and "Kysely on suljettu" in reply.text
    assert on_page2.client.get("/s/mini-survey").status_code == 410
    assert stored(app) == before


def test_draft_survey_is_not_found(app, client):
    from survey_app.surveys import deploy_questionnaire
    from tests.respondent.conftest import MINI

    with app.app_context():
        deploy_questionnaire(MINI, slug="draft-one")
    assert client.get("/s/draft-one").status_code == 404


def test_inactive_collector(app, client, survey):
    with app.app_context():
        collector = create_collector(get_survey(survey))
        collector.active = False
        db.session.commit()
        token = collector.token
    assert client.get(f"/c/{token}").status_code == 404


def test_wrong_method(client, survey):
    reply = client.delete(f"/s/{survey}")
    assert reply.status_code == 405 and "Sivua ei voi käyttää näin" in reply.text
    assert "GET" in reply.headers["Allow"]
    assert client.put(f"/s/{survey}/thanks").status_code == 405


def test_page_post_without_a_response_starts_nothing(app, client, survey):
    fields = hidden_fields(client.get(f"/s/{survey}").text)
    reply = client.post(f"/s/{survey}/p/1", data={**fields, "action": "next", **PAGE1})
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"/s/{survey}")
    assert responses(app) == []


def test_forged_resume_cookie_is_ignored(app, client, survey):
    with app.app_context():
        cookie = f"resume_{get_survey(survey).id}"
    client.set_cookie(cookie, "x" * 500)
    assert client.get(f"/s/{survey}/p/1").status_code == 302
    client.set_cookie(cookie, "not-a-token")
    assert client.get(f"/s/{survey}").status_code == 200
    assert responses(app) == []


def test_start_with_bad_submission_id(app, client, survey):
    fields = hidden_fields(client.get(f"/s/{survey}").text)
    for bad in ("", "short", "ä" * 30):
        reply = client.post(f"/s/{survey}", data={**fields, "submission_id": bad, "consent": "y"})
        assert reply.status_code == 400
    assert responses(app) == []


def test_json_clients_get_json_errors(client):
    reply = client.get("/s/nothing", headers={"Accept": "application/json"})
    assert reply.status_code == 404 and reply.is_json and reply.json["status"] == 404
