"""The Flask app: ``create_app`` binds the extensions, the blueprints of each audience
and the ``flask`` command-line groups."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, g, request, session

from .config import DefaultConfig, load_secret_key
from .extensions import babel, csrf, db, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def select_locale() -> str:
    """The respondent's chosen language, else the browser's preference, else Finnish."""
    languages = g.get("allowed_languages") or ("fi", "sv", "en")
    chosen = g.get("language") or session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)

    # Defaults -> instance/config.py -> environment -> test config (tests win).
    app.config.from_object(DefaultConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "survey.sqlite3"
    )
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = os.environ["PUBLIC_BASE_URL"]
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)

    from . import models  # noqa: F401  (registers the tables with the metadata)
    from .database import configure_engine_events

    configure_engine_events(app)

    from .errors import bp as errors_bp
    from .respondent import bp as respondent_bp

    app.register_blueprint(errors_bp)
    app.register_blueprint(respondent_bp)

    from .auth import init_app as init_auth
    from .researcher import init_app as init_researcher

    init_auth(app)
    init_researcher(app)

    from .facilitator import bp as facilitator_bp

    app.register_blueprint(facilitator_bp)

    from .accessibility import bp as accessibility_bp

    app.register_blueprint(accessibility_bp)

    from .security import init_security

    init_security(app)  # after the blueprints: it wraps their views

    from .log_privacy import install as keep_addresses_out_of_logs

    keep_addresses_out_of_logs()

    from .cli import register_cli

    register_cli(app)
    return app
