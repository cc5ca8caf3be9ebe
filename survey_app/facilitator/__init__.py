"""The facilitator's view: a survey's summary by target group, projector slides, a print
handout and live updates, at /facilitate/<slug> (logged in) and /share/<token> (read-only)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("facilitator", __name__)


@bp.context_processor
def _helpers() -> dict:
    from .access import furl

    return {"furl": furl}


from . import link_routes, routes, theme_routes  # noqa: E402,F401  (attach the views to bp)
