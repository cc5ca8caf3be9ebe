"""Accounts: login and logout, password hashing, the login rate limit and role gates."""

from __future__ import annotations

from flask import Blueprint, Flask

from .decorators import ROLES, roles_required

bp = Blueprint("auth", __name__)

__all__ = ["ROLES", "bp", "init_app", "roles_required"]


def init_app(app: Flask) -> None:
    """Bind the login manager and the rate limiter, and register the /auth blueprint."""
    from ..extensions import login_manager
    from . import routes  # noqa: F401  (attaches the views to ``bp``)
    from .accounts import load_account
    from .limits import init_limiter

    login_manager.user_loader(load_account)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # "strong" drops the session if its fingerprint changes mid-way instead of
    # keeping a possibly stolen login alive.
    login_manager.session_protection = "strong"
    init_limiter(app)
    app.register_blueprint(bp, url_prefix="/auth")
