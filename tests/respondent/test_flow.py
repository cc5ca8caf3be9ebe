"""The respondent flow through the test client: start, pages, Back, show_if, finish."""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa

from survey_app.extensions import db
from survey_app.models import Collector, Response
from tests.respondent.conftest import Respondent, hidden_fields, responses, stored

PAGE1 = {"group": "amk", "home": "kotka", "age": "19"}
PAGE2 = {
    "words__1": "meri",
    "words__2": "metsä",
    "words__3": "",
    "grid__nature": "5",
    "grid__jobs": "cant_say",
    "diff__dull": "6",
}


def test_get_never_creates_a_response(app, client, survey):
    for _ in range(3):
        assert client.get(f"/s/{survey}").status_code == 200
    assert responses(app) == []


def test_start_page_in_the_browser_language_or_the_chosen_one(client, survey):
    html = client.get(f"/s/{survey}", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).text
    assert 'lang="sv"' in html and "Börja" in html and "Snabbenkät" in html
    html = client.get(f"/s/{survey}?lang=en", headers={"Accept-Language": "sv"}).text
    assert 'lang="en"' in html and "Quick survey" in html
    html = client.get(f"/s/{survey}").text
    assert 'lang="fi"' in html and "Aloita" in html and "Tietosuojaseloste" in html
    # A language the questionnaire does not have falls back to the browser's, then Finnish.
    assert 'lang="fi"' in client.get(f"/s/{survey}?lang=de").text


def test_consent_is_required(app, client, survey):
    fields = hidden_fields(client.get(f"/s/{survey}").text)
    reply = client.post(f"/s/{survey}", data={**fields, "language": "fi"})
    assert reply.status_code == 422
    assert "Merkitse ruutu" in reply.text and 'aria-describedby="err-consent"' in reply.text
    assert responses(app) == []


def test_whole_flow_stores_long_form_answers(app, respondent: Respondent):
    respondent.start()
    assert respondent.location.endswith("/p/1")
    assert "Sivu 1/3" in respondent.html
    respondent.submit(PAGE1)
    assert respondent.location.endswith("/p/2")
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes", "likes": ["nature", "sea"]})
    # group amk: the lukio-only page is skipped and the survey ends.
    assert respondent.location.endswith("/thanks")
    assert "Kiitos vastauksista!" in respondent.html
    code = re.search(r'id="deletion-code">([A-Z0-9-]+)<', respondent.html).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert 'href="/s/mini-survey/delete"' in respondent.html

    [response] = responses(app)
    assert response.status == "complete" and response.completed_at is not None
    assert response.target_group == "amk" and response.language == "fi"
    normalized = code.replace("-", "")
    assert response.deletion_code_hash == hashlib.sha256(normalized.encode()).hexdigest()
    assert stored(app)[response.id] == {
        ("group", ""): "amk",
        ("home", ""): "kotka",
        ("age", ""): "19",
        ("words", "1"): "meri",
        ("words", "2"): "metsä",
        ("grid", "nature"): "5",
        ("grid", "jobs"): "cant_say",
        ("diff", "dull"): "6",
        ("stay", ""): "yes",
        ("likes", "nature"): "1",
        ("likes", "sea"): "1",
    }


def test_reopening_after_finishing_says_already_answered(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes"})
    for url in (f"/s/{respondent.slug}", f"/s/{respondent.slug}/p/1"):
        respondent.open(url)
        assert "Olet jo vastannut" in respondent.html
    assert len(responses(app)) == 1


def test_back_keeps_answers_and_next_shows_them_again(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit({**PAGE2, "words__3": "kala"}, action="back")
    assert respondent.location.endswith("/p/1")
    assert 'value="amk" checked' in respondent.html and 'value="19"' in respondent.html
    respondent.submit(PAGE1)
    assert 'value="kala"' in respondent.html and 'value="cant_say" checked' in respondent.html


def test_back_does_not_insist_on_required_answers(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit({"words__1": "joki"}, action="back")
    assert respondent.location.endswith("/p/1")
    assert stored(app)[responses(app)[0].id][("words", "1")] == "joki"


def test_validation_errors_next_to_questions_and_in_a_summary(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    before = stored(app)
    reply = respondent.submit({"words__1": "", "grid__nature": "3", "diff__dull": "2"})
    html = respondent.html
    assert reply.status_code == 422
    assert 'id="error-summary"' in html and "Tarkista 2 vastausta" in html
    assert '<a href="#err-words__1">Kirjoita vähintään yksi sana.</a>' in html
    assert '<a href="#err-grid__jobs">Valitse yksi kohta tältä riviltä.</a>' in html
    assert 'id="err-grid__jobs"' in html and 'aria-describedby="err-grid__jobs"' in html
    # What was entered stays on the page, nothing was saved.
    assert 'value="3" checked' in html
    assert stored(app) == before


def test_required_question_on_the_first_page(app, respondent):
    respondent.start()
    reply = respondent.submit({"home": "kotka"})
    assert reply.status_code == 422 and "Valitse yksi vaihtoehto." in respondent.html
    assert 'aria-describedby="err-group" aria-invalid="true"' in respondent.html


def test_number_and_choice_count_checks(app, respondent):
    respondent.start()
    respondent.submit({**PAGE1, "age": "7"})
    assert "Anna luku väliltä 13–99." in respondent.html
    respondent.submit({**PAGE1, "age": "abc"})
    assert "Anna kokonaisluku" in respondent.html
    respondent.submit(PAGE1)
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes", "likes": ["nature", "sea", "culture"]})
    assert "Valitse enintään 2 vaihtoehtoa." in respondent.html


def test_show_if_on_the_same_page_and_pruning(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit(PAGE2)
    # "why_not" is rendered (its condition is decided on this page) but hidden by script.
    assert 'id="q-why_not" data-show-if=' in respondent.html
    reply = respondent.submit({"stay": "no", "why_not": ""})
    assert reply.status_code == 422 and "Vastaa tähän kysymykseen." in respondent.html
    respondent.submit({"stay": "no", "why_not": "Ei töitä"}, action="back")
    rid = responses(app)[0].id
    assert stored(app)[rid][("why_not", "")] == "Ei töitä"
    respondent.submit(PAGE2)
    # Changing the answer hides the follow-up: its stored answer goes away.
    respondent.submit({"stay": "yes", "why_not": "Ei töitä"})
    assert ("why_not", "") not in stored(app)[rid]
    assert respondent.location.endswith("/thanks")


def test_show_if_on_a_later_page_follows_the_target_group(app, respondent):
    respondent.start()
    respondent.submit({**PAGE1, "group": "lukio"})
    assert "Sivu 2/4" in respondent.html
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes"})
    assert respondent.location.endswith("/p/4")
    assert "Lähetä vastaukset" in respondent.html
    respondent.submit({"nps": "9"})
    assert respondent.location.endswith("/thanks")
    # Going back to change the group is no longer possible, but the stored data agree.
    assert stored(app)[responses(app)[0].id][("nps", "")] == "9"


def test_changing_an_earlier_answer_removes_answers_it_hid(app, respondent):
    respondent.start()
    respondent.submit({**PAGE1, "group": "lukio"})
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes"})
    respondent.submit({"nps": "9"}, action="back")
    respondent.submit({"stay": "yes"}, action="back")
    respondent.submit(PAGE2, action="back")
    respondent.submit({**PAGE1, "group": "amk"})
    rid = responses(app)[0].id
    assert ("nps", "") not in stored(app)[rid]
    assert responses(app)[0].target_group == "amk"


def test_collector_presets_the_target_group(app, client, survey):
    from survey_app.surveys import create_collector, get_survey

    with app.app_context():
        token = create_collector(get_survey(survey), group="lukio", label="2B").token
    respondent = Respondent(client, survey)
    respondent.start(url=f"/c/{token}")
    assert 'name="group"' not in respondent.html and 'name="home"' in respondent.html
    respondent.submit({"home": "kouvola"})
    respondent.submit(PAGE2)
    respondent.submit({"stay": "yes"})
    assert respondent.location.endswith("/p/4")  # the lukio page, shown by the preset group
    [response] = responses(app)
    assert response.target_group == "lukio"
    with app.app_context():
        assert db.session.get(Response, response.id).collector.label == "2B"
    assert stored(app)[response.id][("group", "")] == "lukio"
    # The preset question cannot be answered by posting it anyway.
    respondent.submit({"nps": "5", "group": "amk"})
    assert respondent.html.count("Lähetetyt vastaukset eivät vastaa") == 1


def test_resume_after_reload_or_a_new_tab(app, client, survey):
    first = Respondent(client, survey)
    first.start()
    first.submit(PAGE1)
    first.submit(PAGE2)
    # The phone was locked and the page reloaded from the survey link: same place.
    again = Respondent(client, survey)
    again.open()
    assert again.location.endswith("/p/3")
    again.open(f"/s/{survey}/p/1")
    assert 'value="kotka" checked' in again.html
    # A page ahead of the furthest reached cannot be skipped to.
    again.open(f"/s/{survey}/p/4")
    assert again.location.endswith("/p/3")
    assert len(responses(app)) == 1


def test_resume_token_is_stored_only_as_a_hash(app, client, survey):
    Respondent(client, survey).start()
    cookie = next(c for c in client._cookies.values() if c.key.startswith("resume_"))
    [response] = responses(app)
    assert cookie.value not in response.resume_token_hash
    assert response.resume_token_hash == hashlib.sha256(cookie.value.encode()).hexdigest()
    assert cookie.http_only and cookie.same_site == "Lax"


def test_a_new_phone_starts_a_new_response(app, survey):
    for _ in range(2):
        Respondent(app.test_client(), survey).start()
    assert len(responses(app)) == 2


def test_double_tapped_or_retried_posts_are_saved_once(app, respondent):
    respondent.start()
    path, data = None, None
    fields = hidden_fields(respondent.html)
    path = respondent.current_path()
    data = {**fields, **PAGE1, "action": "next"}
    first = respondent.client.post(path, data=data)
    second = respondent.client.post(path, data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    rows = stored(app)[responses(app)[0].id]
    assert rows == {("group", ""): "amk", ("home", ""): "kotka", ("age", ""): "19"}


def test_a_retried_final_post_does_not_fail(app, respondent):
    respondent.start()
    respondent.submit(PAGE1)
    respondent.submit(PAGE2)
    fields = hidden_fields(respondent.html)
    data = {**fields, "stay": "yes", "action": "next"}
    first = respondent.client.post(respondent.current_path(), data=data)
    second = respondent.client.post(respondent.current_path(), data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/thanks")
    assert [r.status for r in responses(app)] == ["complete"]


def test_a_retried_start_post_starts_one_response(app, client, survey):
    fields = hidden_fields(client.get(f"/s/{survey}").text)
    data = {**fields, "language": "sv", "consent": "y"}
    first = client.post(f"/s/{survey}", data=data)
    client.delete_cookie(
        next(c.key for c in client._cookies.values() if c.key.startswith("resume_"))
    )
    second = client.post(f"/s/{survey}", data=data)
    assert first.status_code == second.status_code == 302
    [response] = responses(app)
    assert response.language == "sv"


def test_pages_are_not_cached(client, survey):
    assert client.get(f"/s/{survey}").headers["Cache-Control"] == "no-store"


def test_collector_of_another_group_is_not_listed_as_answer(app, survey):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Collector)) == 0
