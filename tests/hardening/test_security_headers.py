"""Security headers on every response, HTTPS-only cookies behind a proxy, and templates
that the Content-Security-Policy can allow (no inline script or style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask, session

from survey_app.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "survey_app" / "templates"


@pytest.fixture(autouse=True)
def _plain_http_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A machine that serves the app in production may export these; the tests set
    # them themselves where they need them.
    for name in ("HTTPS_ONLY", "PROXY_FIX_HOPS"):
        monkeypatch.delenv(name, raising=False)


def _directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def test_policy_allows_only_own_files_and_no_framing() -> None:
    directives = _directives(CONTENT_SECURITY_POLICY)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/", "/no/such/page", "/static/app.css", "/auth/login"])
def test_every_response_carries_the_headers(client, path: str) -> None:
    with client.get(path) as response:  # closes the file of a static response
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    # Plain HTTP in tests: no HSTS, which would pin a development host to HTTPS.
    assert "Strict-Transport-Security" not in headers


def test_pages_are_not_cached_but_static_files_may_be(client) -> None:
    assert client.get("/no/such/page").headers["Cache-Control"] == "no-store"
    with client.get("/static/app.css") as static:
        assert static.status_code == 200
        assert "no-store" not in static.headers.get("Cache-Control", "")


def _session_cookie_header(app: Flask, base_url: str = "http://localhost") -> str:
    @app.get("/__touch_session")
    def touch() -> str:
        session["probe"] = "1"
        return "ok"

    response = app.test_client().get("/__touch_session", base_url=base_url)
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith("session=")]
    assert cookies, response.headers
    return cookies[0]


def test_cookies_are_samesite_lax_and_httponly(app: Flask) -> None:
    cookie = _session_cookie_header(app)
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie
    assert "Secure" not in cookie


def test_https_only_makes_cookies_secure_and_sends_hsts(make_app) -> None:
    app = make_app(HTTPS_ONLY=True)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    cookie = _session_cookie_header(app, base_url="https://localhost")
    assert "Secure" in cookie
    response = app.test_client().get("/no/such/page", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_only_is_read_from_the_environment(make_app, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_ONLY", "1")
    monkeypatch.setenv("PROXY_FIX_HOPS", "1")
    app = make_app()
    assert app.config["HTTPS_ONLY"] is True
    assert app.config["PROXY_FIX_HOPS"] == 1


def test_proxy_fix_trusts_the_proxy_scheme_only_when_configured(make_app) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "survey.example.org"}

    def seen_url(app: Flask) -> str:
        @app.get("/__url")
        def url() -> str:
            from flask import request

            return request.url

        return app.test_client().get("/__url", headers=forwarded).get_data(as_text=True)

    assert seen_url(make_app()) == "http://localhost/__url"
    assert seen_url(make_app(PROXY_FIX_HOPS=1)) == "https://survey.example.org/__url"


# --- templates the policy can allow -------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check() -> None:
    assert len(_templates()) >= 2


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JS_URL):
        match = pattern.search(text)
        assert match is None, (
            f"{template.name}: {match.group(0)!r} would be blocked by the "
            "Content-Security-Policy; move it into a file under survey_app/static/."
        )
