"""Views of the respondent flow."""

from __future__ import annotations

from . import bp


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    from flask import abort

    abort(404)
