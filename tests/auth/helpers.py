"""Helpers for tests that need accounts: creating users and logging in through the form."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def make_user(app: Flask, role: str, email: str | None = None, password: str = PASSWORD) -> str:
    from survey_app.auth.accounts import create_user

    email = email or f"{role}@example.org"
    with app.app_context():
        create_user(email, role, password)
    return email


def login(  # type: ignore[no-untyped-def]
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    next_url: str = "",
    language: str | None = None,
):
    headers = {"Accept-Language": language} if language else {}
    page = client.get("/auth/login", headers=headers)
    return client.post(
        "/auth/login",
        headers=headers,
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "email": email,
            "password": password,
            "next": next_url,
        },
    )


def login_as(app: Flask, client: FlaskClient, role: str) -> str:
    """Create an account with ``role`` (if needed) and log ``client`` in with it."""
    from survey_app.auth.accounts import find_user

    email = f"{role}@example.org"
    with app.app_context():
        exists = find_user(email) is not None
    if not exists:
        make_user(app, role, email)
    response = login(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return email


def page_csrf(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return csrf_token(response.get_data(as_text=True))
