"""Hardening applied to every response: security headers, HTTPS-only cookies behind a
proxy, and the rate limit on starting responses."""

from __future__ import annotations

import logging
import os

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as WerkzeugResponse

# No inline script or style anywhere: every script and stylesheet is a file of the app,
# so an answer that smuggles in markup can never run even if escaping were forgotten.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Charts and QR codes may be embedded as data: images.
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# A survey needs none of these; saying so keeps an injected page from asking.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "browsing-topics",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Links carry collector and share tokens; no other site may learn them.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

HSTS = "max-age=31536000"

# A hall of phones behind one school NAT reaches the server from a single address, so
# the limit on new responses must let a few hundred starts through in a minute; it
# stops a script from filling the database, not a class from answering.
DEFAULT_RESPONSE_START_LIMIT = "600 per minute;5000 per day"

# The views that create a Response row (a response starts with a POST).
RESPONSE_START_ENDPOINTS = ("respondent.start", "respondent.collector")


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def response_start_limit() -> str:
    return current_app.config.get("RESPONSE_START_RATE_LIMIT", DEFAULT_RESPONSE_START_LIMIT)


def init_security(app: Flask) -> None:
    """Apply headers, cookie flags, proxy handling and the start limit to ``app``.

    Call after the blueprints are registered: the start limit wraps their views.
    """
    _configure(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        # The client address from X-Forwarded-For is used only by the in-memory rate
        # limiter; nothing stores or logs it.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    app.after_request(_add_security_headers)
    _limit_response_starts(app)
    # Flask-Limiter logs the limited key (the client address) at INFO level.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)


def _configure(app: Flask) -> None:
    # Order as in create_app: instance config or test config win over the environment.
    if "HTTPS_ONLY" not in app.config:
        app.config["HTTPS_ONLY"] = _env_flag("HTTPS_ONLY")
    if "PROXY_FIX_HOPS" not in app.config:
        app.config["PROXY_FIX_HOPS"] = int(os.environ.get("PROXY_FIX_HOPS", "0") or 0)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    if app.config["HTTPS_ONLY"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _add_security_headers(response: WerkzeugResponse) -> WerkzeugResponse:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("HTTPS_ONLY"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    # Pages hold answers and form tokens: a shared computer's back button or cache must
    # not show them to the next person. Static files stay cacheable.
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _limit_response_starts(app: Flask) -> None:
    # One limiter for the whole app, shared with the login limit; bound here too in
    # case the accounts blueprint is not part of this app.
    from .auth.limits import init_limiter, limiter

    if limiter not in app.extensions.get("limiter", set()):
        init_limiter(app)
    for endpoint in RESPONSE_START_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is None or getattr(view, "_response_start_limited", False):
            continue
        limited = limiter.limit(response_start_limit, methods=["POST"])(view)
        limited._response_start_limited = True  # type: ignore[attr-defined]
        app.view_functions[endpoint] = limited
