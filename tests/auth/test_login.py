"""Logging in and out: hashed passwords, generic failures, the rate limit, session renewal."""

from __future__ import annotations

import sqlalchemy as sa

from tests.auth.helpers import PASSWORD, csrf_token, login, make_user


def test_password_is_stored_as_argon2id_hash(app):
    from survey_app.extensions import db
    from survey_app.models import User

    make_user(app, "researcher")
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_login_then_logout(app, client):
    make_user(app, "researcher")
    response = login(client, "Researcher@Example.org ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/research/")
    assert client.get("/research/").status_code == 200

    page = client.get("/research/").get_data(as_text=True)
    response = client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    response = client.get("/research/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client):
    make_user(app, "researcher")
    # The same message for both, in each language: the form does not reveal which
    # accounts exist. Finnish is the default when the browser states no preference.
    messages = {
        None: "Sähköpostiosoite tai salasana on väärin.",
        "fi": "Sähköpostiosoite tai salasana on väärin.",
        "sv": "E-postadressen eller lösenordet är fel.",
        "en": "The e-mail address or password is wrong.",
    }
    for language, message in messages.items():
        wrong = login(client, "researcher@example.org", "wrong password here", language=language)
        unknown = login(client, "nobody@example.org", PASSWORD, language=language)
        assert wrong.status_code == unknown.status_code == 401
        assert message in wrong.get_data(as_text=True), language
        assert message in unknown.get_data(as_text=True), language
    assert client.get("/research/").status_code == 302


def test_inactive_account_cannot_log_in(app, client):
    from survey_app.extensions import db
    from survey_app.models import User

    make_user(app, "researcher")
    with app.app_context():
        db.session.scalar(sa.select(User)).active = False
        db.session.commit()
    assert login(client, "researcher@example.org").status_code == 401


def test_session_is_renewed_at_login(app, client):
    make_user(app, "researcher")
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, "researcher@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")


def test_next_only_leads_within_the_site(app, client):
    make_user(app, "researcher")
    response = login(client, "researcher@example.org", next_url="https://evil.example/x")
    assert response.headers["Location"].endswith("/research/")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/research/").text)})
    response = login(client, "researcher@example.org", next_url="/research/audit")
    assert response.headers["Location"].endswith("/research/audit")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/research/").text)})
    response = login(client, "researcher@example.org", next_url="//evil.example/x")
    assert response.headers["Location"].endswith("/research/")


def test_login_is_rate_limited(make_app):
    app = make_app(AUTH_LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    make_user(app, "researcher")
    statuses = [login(client, "researcher@example.org", "bad password!").status_code
                for _ in range(4)]  # fmt: skip
    assert statuses == [401, 401, 401, 429]
    # Even the right password waits until the window has passed.
    assert login(client, "researcher@example.org").status_code == 429


def test_login_page_speaks_the_three_languages(app, client):
    for lang, word in (("fi", "Kirjaudu"), ("sv", "Logga in"), ("en", "Log in")):
        page = client.get("/auth/login", headers={"Accept-Language": lang})
        assert word in page.get_data(as_text=True), lang


def test_login_with_a_missing_csrf_token_is_refused(app, client):
    make_user(app, "researcher")
    response = client.post(
        "/auth/login", data={"email": "researcher@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/research/").status_code == 302
