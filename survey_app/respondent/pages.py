"""One page of questions: showing it with the stored answers and saving a posted page."""

from __future__ import annotations

import json

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm.attributes import set_committed_value
from wtforms import Field

from questionnaires import Question, Questionnaire
from questionnaires.conditions import is_visible

from ..extensions import db
from ..models import Response, Survey
from . import flow
from .forms import (
    PageFormBase,
    answers_from_form,
    field_name,
    form_data_from_answers,
    page_form_class,
    question_fields,
)
from .guard import check_page_post


def page_url(survey: Survey, index: int) -> str:
    return url_for("respondent.page", slug=survey.slug, number=index + 1)


def askable(
    questionnaire: Questionnaire, response: Response, index: int, answers
) -> list[Question]:  # type: ignore[no-untyped-def]
    """Questions of page ``index`` that may be asked: shown by the stored answers, or
    depending on a question of this same page (decided when the page is posted)."""
    page = questionnaire.pages[index]
    ids = {q.id for q in page.questions}
    return [
        q
        for q in page.questions
        if not flow.is_preset(questionnaire, response, q)
        and (is_visible(q, answers) or flow.depends_on(q, ids))
    ]


def page_view(survey: Survey, questionnaire: Questionnaire, response: Response, index: int):  # type: ignore[no-untyped-def]
    if not 0 <= index < len(questionnaire.pages):
        abort(404, description=_("There is no such page in this survey."))
    answers = flow.stored_answers(response)
    if index > response.current_page:
        # Pages ahead of the furthest one reached are opened only through Next.
        return redirect(page_url(survey, response.current_page))
    if not flow.page_is_shown(questionnaire, response, index, answers):
        target = flow.next_page(questionnaire, response, index, answers, +1)
        return redirect(page_url(survey, target if target is not None else response.current_page))

    questions = askable(questionnaire, response, index, answers)
    form_class = page_form_class(questionnaire.pages[index], questions)
    if request.method == "GET":
        form = form_class(formdata=None, data=form_data_from_answers(questions, answers))
        form.submission_id.data = flow.new_submission_id()
        form.shown = {q.id for q in questions if is_visible(q, answers)}
        return _render(survey, questionnaire, response, index, form, questions, answers)

    check_page_post(request.form, questions)
    action = request.form.get("action", "next")
    submission_id = request.form.get("submission_id")
    if action not in ("next", "back") or not flow.valid_submission_id(submission_id):
        abort(400, description=_("The form was incomplete. Please open the page again."))
    if submission_id == response.last_submission_id:
        # A double tap or a retried POST that was already saved: go where it went.
        return redirect(page_url(survey, response.current_page))

    form = form_class()
    submitted = {q.id: answers_from_form(form, q) for q in questions}
    merged = {qid: items for qid, items in answers.items() if qid not in submitted}
    merged.update({qid: items for qid, items in submitted.items() if items})
    form.shown = _shown(questions, merged)
    # Going Back keeps what was written without insisting on required answers.
    form.lenient = action == "back"
    if not form.validate():
        return _render(survey, questionnaire, response, index, form, questions, merged, status=422)

    # Everything the POST changes is decided first, so that the conditional UPDATE which
    # claims the submission also moves the response on: one statement, no ORM flush.
    rows = {qid: items for qid, items in submitted.items() if qid in form.shown and items}
    changes: dict[str, object] = {}
    if (tg := questionnaire.target_group_question) is not None and tg.id in rows:
        changes["target_group"] = rows[tg.id].get("")
        # Seen by the preset checks below, without marking the row for another UPDATE.
        set_committed_value(response, "target_group", changes["target_group"])
    kept, hidden = flow.hidden_answers(questionnaire, response, {**merged, **rows})
    step = -1 if action == "back" else +1
    target = flow.next_page(questionnaire, response, index, kept, step)
    code = None
    if target is None and action == "next":
        code, completed = flow.completion()
        changes.update(completed)
        to = url_for("respondent.thanks", slug=survey.slug)
    else:
        changes["current_page"] = target if target is not None else index
        to = page_url(survey, changes["current_page"])  # type: ignore[arg-type]
    key = f"deletion_code_{survey.id}"

    if not flow.claim_submission(response, submission_id, changes):
        db.session.rollback()
        db.session.refresh(response)
        return redirect(page_url(survey, response.current_page))
    flow.replace_answers(response, [q.id for q in questions], rows)
    flow.delete_answers(response, hidden)
    db.session.commit()
    if code is not None:
        session[key] = code
    return redirect(to)


def _shown(questions: list[Question], answers) -> set[str]:  # type: ignore[no-untyped-def]
    # In page order, so a question hidden now also hides those that depend on it.
    shown: set[str] = set()
    current = dict(answers)
    for question in questions:
        if is_visible(question, current):
            shown.add(question.id)
        else:
            current.pop(question.id, None)
    return shown


def _errors(form: PageFormBase, questions: list[Question]) -> list[tuple[str, str]]:
    """(field name, message) for the summary, in page order."""
    out = []
    for question in questions:
        for name in question_fields(question):
            for message in form[name].errors:
                out.append((name, message))
    return out


# The HTML of unanswered questions without errors, by (question, language, shown now):
# it depends on nothing else, and most page views show a page not yet answered. The
# question object is kept beside its HTML so that a reused id() can never match.
_BLANK_QUESTIONS: dict[tuple[int, str, bool], tuple[Question, Markup]] = {}
_BLANK_QUESTIONS_MAX = 2048


def _is_blank(field: Field) -> bool:
    return not field.errors and field.data in (None, "", [])


def question_renderer(form: PageFormBase, lang: str):  # type: ignore[no-untyped-def]
    """``render(question)``: the question's HTML (macro ``question`` of _questions.html)."""
    macro = current_app.jinja_env.get_template("respondent/_questions.html").module.question

    def render(question: Question) -> Markup:
        if not all(_is_blank(form[name]) for name in question_fields(question)):
            return macro(question, form, lang)
        key = (id(question), lang, question.id in form.shown)
        found = _BLANK_QUESTIONS.get(key)
        if found is not None and found[0] is question:
            return found[1]
        html = macro(question, form, lang)
        if len(_BLANK_QUESTIONS) >= _BLANK_QUESTIONS_MAX:
            for oldest in list(_BLANK_QUESTIONS)[:1]:
                _BLANK_QUESTIONS.pop(oldest, None)
        _BLANK_QUESTIONS[key] = (question, html)
        return html

    return render


def _render(survey, questionnaire, response, index, form, questions, answers, status=200):  # type: ignore[no-untyped-def]
    shown_pages = [
        i
        for i in range(len(questionnaire.pages))
        if i == index or flow.page_is_shown(questionnaire, response, i, answers)
    ]
    page_ids = {q.id for q in questions}
    outside = {
        ref: answers[ref]
        for q in questions
        for ref in flow.condition_questions(q.show_if)
        if ref not in page_ids and ref in answers
    }
    last = flow.next_page(questionnaire, response, index, answers, +1) is None
    html = render_template(
        "respondent/page.html",
        survey=survey,
        questionnaire=questionnaire,
        page=questionnaire.pages[index],
        questions=questions,
        form=form,
        lang=response.language,
        errors=_errors(form, questions),
        position=shown_pages.index(index) + 1,
        total=len(shown_pages),
        is_first=flow.next_page(questionnaire, response, index, answers, -1) is None,
        is_last=last,
        outside_answers=json.dumps(outside, separators=(",", ":")),
        field_name=field_name,
        question_html=question_renderer(form, response.language),
    )
    return html, status
