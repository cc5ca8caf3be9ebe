"""Error pages: translated 4xx/500 pages and the handling of CSRF failures."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("errors", __name__)


@bp.app_context_processor
def _template_helpers() -> dict:
    # Every page, including those of other blueprints, needs the language for <html lang>.
    from flask_babel import get_locale

    return {"current_language": lambda: str(get_locale() or "fi")}


from . import handlers  # noqa: E402,F401  (registers the app-wide handlers on bp)
