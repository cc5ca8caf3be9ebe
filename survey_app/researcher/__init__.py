"""The researcher area at /research: surveys, deployment, collectors, previews,
exports and the audit log; plus the respondent's own deletion page."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("researcher", __name__)
# The respondent's deletion page lives under /s/<slug>/ but belongs to erasure, not
# to the answering flow; its own blueprint keeps it out of the /research gate.
erasure_bp = Blueprint("erasure", __name__)


def init_app(app: Flask) -> None:
    from . import collectors, downloads, erasure, preview, routes  # noqa: F401

    app.register_blueprint(bp, url_prefix="/research")
    app.register_blueprint(erasure_bp)
