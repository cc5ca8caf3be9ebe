"""What a survey page costs the server, and that what is reused between requests never
carries one respondent's answers, errors or language over to another."""

from __future__ import annotations

import re

import sqlalchemy as sa

from survey_app.extensions import db
from survey_app.surveys import set_status
from tests.respondent.conftest import Respondent
from tests.respondent.test_flow import PAGE1, PAGE2

TOKENS = re.compile(r'(name="(?:csrf_token|submission_id)" value=")[^"]*')


def _without_tokens(html: str) -> str:
    return TOKENS.sub(r"\1", html)


class Statements:
    """Counts the SQL statements the app sends while it is active."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        with app.app_context():
            self.engine = db.engine
        self.count = 0

    def _count(self, *_args: object) -> None:
        self.count += 1

    def __enter__(self) -> Statements:
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)


def test_a_page_is_shown_with_3_statements_and_saved_with_6(app, respondent: Respondent):
    respondent.start()
    with Statements(app) as shown:
        assert respondent.client.get(respondent.location).status_code == 200
    with Statements(app) as saved:
        reply = respondent.submit(PAGE1, follow=False)
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/p/2")
    # Survey with its current version, response with its version and collector, the
    # answers; saving adds the claim (which also moves the response on), the replaced
    # answers and the new ones in one batch.
    assert (shown.count, saved.count) == (3, 6)


def test_page_views_leave_the_respondents_cookies_alone(respondent: Respondent):
    respondent.start()
    reply = respondent.client.get(respondent.location)
    assert reply.status_code == 200
    assert reply.headers.getlist("Set-Cookie") == []


def test_reused_page_html_shows_each_respondent_only_their_own_answers(client, app, survey):
    first, second = Respondent(client, survey), Respondent(app.test_client(), survey)
    first.start()
    second.start()
    blank = _without_tokens(second.html)
    assert _without_tokens(first.html) == blank and " checked" not in blank

    # First answers page 1, fails to answer page 2, then goes back to page 1.
    first.submit(PAGE1)
    reply = first.submit({"words__1": "meri"}, follow=False)
    assert reply.status_code == 422 and 'aria-invalid="true"' in reply.text
    first.html = reply.text
    first.submit({**PAGE2, "grid__jobs": ""}, action="back")
    assert 'value="amk" checked' in first.html and 'value="19"' in first.html

    # Second still sees page 1 blank, and page 2 without the other one's words or errors.
    assert _without_tokens(second.open(second.location).text) == blank
    second.submit({"group": "lukio"})
    assert "meri" not in second.html and "aria-invalid" not in second.html
    assert " checked" not in second.html


def test_each_language_gets_its_own_page(client, app, survey):
    finnish, english = Respondent(client, survey), Respondent(app.test_client(), survey)
    finnish.start("fi")
    english.start("en")
    assert "Kuka olet?" in finnish.html and "(pakollinen)" in finnish.html
    assert "Who are you?" in english.html and "Kuka olet?" not in english.html
    assert "(required)" in english.html


def test_closing_takes_effect_on_the_next_page_request(app, respondent: Respondent):
    respondent.start()
    assert respondent.client.get(respondent.location).status_code == 200
    with app.app_context():
        set_status(respondent.slug, "closed")
    assert respondent.client.get(respondent.location).status_code == 410
