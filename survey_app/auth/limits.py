"""The rate limiter guarding the login form against password guessing."""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)

DEFAULT_LOGIN_LIMIT = "10 per minute;50 per hour"


def login_limit() -> str:
    return current_app.config.get("AUTH_LOGIN_RATE_LIMIT", DEFAULT_LOGIN_LIMIT)


def init_limiter(app: Flask) -> None:
    # In-memory counting is right for one server process; several workers share
    # a count only through e.g. RATELIMIT_STORAGE_URI="redis://...".
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    # Set explicitly: the limiter object is shared by every app built in a process
    # and would otherwise carry "disabled" over from one app to the next.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
