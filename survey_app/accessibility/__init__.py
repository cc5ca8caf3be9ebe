"""The accessibility statement (saavutettavuusseloste) at /accessibility, in fi/sv/en.

The statement lists exactly the checks the test suite runs on every build: each key of
``CHECKS`` is verified by a test (tests/accessibility), so the page cannot promise a
check that nobody makes.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l

bp = Blueprint("accessibility", __name__)

LANGUAGES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}

# When the statement was last reviewed against the checks below.
STATEMENT_DATE = date(2026, 11, 30)

CHECKS = {
    "axe_respondent": _l(
        "Every survey page (the start page, each page of questions, a page showing errors, "
        "the thank-you page and the deletion page) is checked with axe-core against the "
        "rules of WCAG 2.1 levels A and AA, in Finnish, Swedish and English."
    ),
    "axe_facilitator": _l(
        "The summary of the results, the projector slides and the printable handout are "
        "checked with the same rules."
    ),
    "names": _l("Every field, option and button has a name that screen readers read out."),
    "contrast": _l("Text has a contrast ratio of at least 4.5:1 against its background."),
    "language": _l("The language of every page is set, so screen readers use the right voice."),
    "keyboard": _l(
        "The whole survey can be answered with the keyboard alone: Tab, Space, Enter and the "
        "arrow keys."
    ),
    "focus_visible": _l("The element in focus always shows a clear outline."),
    "error_focus": _l(
        "When an answer is missing, focus moves to a list of the problems whose links lead "
        "to the questions."
    ),
    "groups": _l(
        "Grids of statements and scales between two words are announced as groups named by "
        "their question, and each row by its statement or word pair."
    ),
    "reflow": _l("At a screen width of 320 pixels no page needs scrolling sideways."),
    "text_zoom": _l(
        "Text can be enlarged to twice its size on a narrow phone screen without scrolling "
        "sideways."
    ),
    "reduced_motion": _l("Nothing moves on the pages when the device asks for reduced motion."),
    "same_host": _l(
        "The pages load nothing from other sites: no outside fonts, scripts or trackers."
    ),
    "page_weight": _l(
        "A survey page with its styles and script is under 25 KB, so it loads on a weak "
        "mobile connection."
    ),
}


@bp.route("/accessibility")
def statement():  # type: ignore[no-untyped-def]
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        g.language = wanted
    from flask_babel import get_locale

    lang = str(get_locale() or "fi")
    switch = {code: url_for(".statement", lang=code) for code in LANGUAGES}
    return render_template(
        "accessibility/statement.html",
        lang=lang,
        languages=LANGUAGES,
        switch=switch,
        checks=list(CHECKS.values()),
        statement_date=STATEMENT_DATE,
        contact=current_app.config.get("ACCESSIBILITY_CONTACT", ""),
    )
