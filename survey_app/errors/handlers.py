"""App-wide handlers that turn HTTP errors into pages in the respondent's language."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from ..extensions import db
from . import bp

log = logging.getLogger(__name__)

# Titles and explanations a respondent can act on; the description a view passes to
# abort() (already translated) wins over the generic explanation.
MESSAGES = {
    400: (_l("The request could not be understood"), _l("Please go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("Check the link, or ask for a new one.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way. Please open the link again.")),
    410: (_l("Survey closed"), _l("This survey no longer takes answers.")),
    413: (
        _l("Too much data"),
        _l("The answer sent was far too long. Please shorten it and try again."),
    ),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("The error has been noted. Your earlier answers are safe; please try again."),
    ),
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, description: str | None = None):  # type: ignore[no-untyped-def]
    title, generic = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    message = description or str(generic)
    if _wants_json():
        return jsonify(error=str(title), message=message, status=code), code
    try:
        page = render_template("errors/error.html", code=code, title=title, message=message)
    except Exception:  # noqa: BLE001  (an error page must not fail into a bare traceback)
        log.exception("Could not render the error page for %s", code)
        page = f"<!doctype html><title>{code}</title><h1>{escape(str(title))}</h1>"
    return page, code


def _explicit_description(error: HTTPException) -> str | None:
    # Werkzeug fills every exception with an English default description; only a
    # message given to abort() by our views is meant for the respondent.
    if error.description and error.description != type(error).description:
        return error.description
    return None


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
    from flask_babel import gettext as _

    return render_error(
        400,
        _(
            "The form had expired or was not sent from this site. "
            "Your earlier answers are safe: open the page again and continue."
        ),
    )


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    response = render_error(code, _explicit_description(error))
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        body, status = response
        return body, status, {"Allow": ", ".join(error.valid_methods)}
    return response


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):  # type: ignore[no-untyped-def]
    if isinstance(error, HTTPException):
        return http_error(error)
    db.session.rollback()
    # The traceback goes to the log without request details: no IP, no user agent.
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(500)
