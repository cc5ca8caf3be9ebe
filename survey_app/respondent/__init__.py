"""The respondent's side: collector and survey links, language, consent, pages, thank-you."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respondent", __name__)

from . import routes  # noqa: E402,F401  (attaches the views to bp)
