"""Login and logout views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import db
from . import bp
from .accounts import Account, find_user
from .forms import LoginForm
from .limits import limiter, login_limit
from .passwords import hash_password, needs_rehash, verify_password


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: ``next`` must not send a fresh login elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def home_for(role: str) -> str:
    if role == "facilitator" and "facilitator.index" in _endpoints():
        return url_for("facilitator.index")
    return url_for("researcher.index")


def _endpoints() -> set[str]:
    from flask import current_app

    return {rule.endpoint for rule in current_app.url_map.iter_rules()}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")) or home_for(current_user.role))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        stored = user.password_hash if user is not None and user.active else None
        if verify_password(stored, form.password.data or "") and user is not None:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data or "")
                db.session.commit()
            language = session.get("language")
            # A new session at login: whatever identifier the visitor carried in
            # before (possibly planted by someone else) does not become a login.
            session.clear()
            if language:
                session["language"] = language
            login_user(Account(user), fresh=True)
            return redirect(_safe_next(form.next.data) or home_for(user.role))
        flash(_("The e-mail address or password is wrong."), "error")
        return render_template("auth/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
