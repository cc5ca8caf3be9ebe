"""Preview of a survey as a respondent sees it, page by page, storing nothing.

Reuses the respondent's form factory and question templates read-only: no response
row, no cookie, and the navigation is plain GET links back to this view.
"""

from __future__ import annotations

from flask import abort, g, render_template, request

from ..auth import roles_required
from ..respondent.forms import build_page_form
from ..surveys import questionnaire_for
from . import bp
from .routes import survey_or_404


@bp.get("/surveys/<slug>/preview")
@roles_required("researcher")
def preview(slug: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    if survey.current_version is None:
        abort(404)
    questionnaire = questionnaire_for(survey.current_version)
    lang = request.args.get("lang", questionnaire.default_language)
    if lang not in questionnaire.languages:
        lang = questionnaire.default_language
    g.allowed_languages = tuple(questionnaire.languages)
    g.language = lang
    total = len(questionnaire.pages)
    number = request.args.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= total:
        abort(404, "No such page in this questionnaire.")
    index = int(number) - 1
    page = questionnaire.pages[index]
    questions = list(page.questions)
    form = build_page_form(page, questions)(formdata=None, meta={"csrf": False})
    # Every question is drawn; the respondent's script hides the conditional ones
    # until an answer on this page calls for them, as in the real survey.
    form.shown = {q.id for q in questions}
    return render_template(
        "researcher/preview.html",
        survey=survey,
        questionnaire=questionnaire,
        page=page,
        form=form,
        questions=questions,
        lang=lang,
        position=index + 1,
        total=total,
    )
