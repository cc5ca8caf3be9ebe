"""Views of the respondent flow: start (language, intro, consent), pages, thank-you.

A GET never creates a response (link previews and crawlers must not count as
respondents); the consent POST starts one and every later POST is idempotent.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.orm import defer
from werkzeug.wrappers import Response as WerkzeugResponse

from questionnaires import Questionnaire

from ..extensions import db
from ..models import Collector, Response, Survey, SurveyVersion
from ..surveys import questionnaire_for
from . import bp, flow
from .forms import StartForm
from .guard import check_text
from .pages import page_url, page_view


@bp.before_request
def _no_account() -> None:
    # Respondent pages show and use nothing of a staff account. Loading one would run
    # Flask-Login's session protection on each page, which rewrites a respondent's
    # session cookie and clears a remember cookie that was never set, every time.
    g._login_user = current_app.login_manager.anonymous_user()


@bp.after_request
def _no_store(response: WerkzeugResponse) -> WerkzeugResponse:
    # Answers must not linger in shared caches, and the Back button of the browser
    # must ask the server where the respondent is instead of replaying a stale form.
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _survey_with_current_version(where: sa.ColumnElement[bool]) -> sa.Select:
    latest = (
        sa.select(sa.func.max(SurveyVersion.number))
        .where(SurveyVersion.survey_id == Survey.id)
        .correlate(Survey)
        .scalar_subquery()
    )
    return (
        sa.select(Survey, SurveyVersion)
        .outerjoin(
            SurveyVersion,
            sa.and_(SurveyVersion.survey_id == Survey.id, SurveyVersion.number == latest),
        )
        .where(where)
        .options(defer(SurveyVersion.source_yaml))
    )


# Built once: building a statement costs more CPU than SQLite takes to run it.
_SURVEY_BY_SLUG = _survey_with_current_version(Survey.slug == sa.bindparam("slug"))
_SURVEY_BY_ID = _survey_with_current_version(Survey.id == sa.bindparam("survey_id"))
_COLLECTOR_BY_TOKEN = sa.select(Collector).where(Collector.token == sa.bindparam("token"))


def find_survey(
    slug: str | None = None, survey_id: int | None = None
) -> tuple[Survey | None, SurveyVersion | None]:
    """The survey with ``slug`` (or ``survey_id``) and its current version, in one query.

    The version comes without its YAML text: the parsed questionnaire is cached by
    content hash, so the text is read only by the first request of a process.
    """
    if slug is not None:
        row = db.session.execute(_SURVEY_BY_SLUG, {"slug": slug}).first()
    else:
        row = db.session.execute(_SURVEY_BY_ID, {"survey_id": survey_id}).first()
    return (row[0], row[1]) if row is not None else (None, None)


def open_survey(
    slug: str | None = None, survey_id: int | None = None
) -> tuple[Survey, SurveyVersion]:
    """The open survey and its current version (see ``find_survey``); 404 or 410 otherwise."""
    survey, version = find_survey(slug, survey_id)
    if survey is None or survey.status == "draft" or version is None:
        abort(404, description=_("There is no survey at this address. Check the link."))
    if survey.status != "open":
        abort(410, description=_("This survey is closed and no longer takes answers. Thank you!"))
    return survey, version


def use_language(questionnaire: Questionnaire, wanted: str | None) -> str:
    """Make ``wanted`` (if the questionnaire has it) the language of this request."""
    languages = tuple(questionnaire.languages)
    g.allowed_languages = languages
    if wanted in languages:
        g.language = wanted
    elif session.get("language") in languages:
        g.language = session["language"]
    else:
        g.language = request.accept_languages.best_match(languages) or (
            questionnaire.default_language
        )
    return g.language


def where_to(survey: Survey, response: Response) -> WerkzeugResponse:
    """Send a returning respondent to where they stopped."""
    if response.status == "complete":
        return redirect(url_for("respondent.thanks", slug=survey.slug))
    return redirect(page_url(survey, response.current_page))


@bp.route("/s/<slug>", methods=["GET", "POST"])
def start(slug: str):  # type: ignore[no-untyped-def]
    return _start(*open_survey(slug), None)


@bp.route("/c/<token>", methods=["GET", "POST"])
def collector(token: str):  # type: ignore[no-untyped-def]
    link = None
    if len(token) <= 40:
        link = db.session.scalar(_COLLECTOR_BY_TOKEN, {"token": token})
    if link is None or not link.active:
        abort(404, description=_("This link is not in use. Ask for a new one."))
    return _start(*open_survey(survey_id=link.survey_id), link)


def _start(survey: Survey, version: SurveyVersion, link: Collector | None):  # type: ignore[no-untyped-def]
    questionnaire = questionnaire_for(version)
    if request.method == "POST":
        check_text(request.form)
    wanted = request.form.get("language") if request.method == "POST" else request.args.get("lang")
    lang = use_language(questionnaire, wanted)

    existing = flow.response_from_cookie(request, survey)
    if existing is not None:
        if existing.status == "complete":
            return render_template(
                "respondent/already.html", survey=survey, questionnaire=questionnaire, lang=lang
            )
        return where_to(survey, existing)

    form = StartForm()
    if request.method == "POST":
        if not flow.valid_submission_id(form.submission_id.data):
            abort(400, description=_("The form was incomplete. Please open the link again."))
        if form.validate():
            return _begin(survey, version, questionnaire, link, form.submission_id.data, lang)
    else:
        form.submission_id.data = flow.new_submission_id()
    status = 422 if form.errors else 200
    action = (
        url_for("respondent.collector", token=link.token)
        if link
        else url_for("respondent.start", slug=survey.slug)
    )
    switch = {
        code: (
            url_for("respondent.collector", token=link.token, lang=code)
            if link
            else url_for("respondent.start", slug=survey.slug, lang=code)
        )
        for code in questionnaire.languages
    }
    return (
        render_template(
            "respondent/start.html",
            survey=survey,
            questionnaire=questionnaire,
            form=form,
            lang=lang,
            action=action,
            switch=switch,
        ),
        status,
    )


def _begin(survey, version, questionnaire, link, submission_id, lang):  # type: ignore[no-untyped-def]
    response, token = flow.start_response(survey, version, submission_id, lang, link)
    if response.last_submission_id is None:
        answers = flow.preset_answers(questionnaire, response)
        flow.replace_answers(response, list(answers), answers)
        first = flow.first_page(questionnaire, response, answers)
        response.current_page = first or 0
        response.last_submission_id = submission_id
    # Made before the commit, which would expire the rows read here.
    language, reply = response.language, make_response(where_to(survey, response))
    flow.set_resume_cookie(reply, survey, token, secure=request.is_secure)
    db.session.commit()
    session["language"] = language
    return reply


@bp.route("/s/<slug>/p/<int:number>", methods=["GET", "POST"])
def page(slug: str, number: int):  # type: ignore[no-untyped-def]
    survey, _version = open_survey(slug)
    response = flow.response_from_cookie(request, survey)
    if response is None:
        return redirect(url_for("respondent.start", slug=survey.slug))
    questionnaire = questionnaire_for(response.version)
    use_language(questionnaire, response.language)
    if session.get("language") != response.language:
        # Only when it changes: a written session is signed and sent again as a cookie.
        session["language"] = response.language
    if response.status == "complete":
        # A retried final POST lands on the thank-you page; a later visit is told
        # the survey is already answered.
        endpoint = "respondent.thanks" if request.method == "POST" else "respondent.start"
        return redirect(url_for(endpoint, slug=survey.slug))
    return page_view(survey, questionnaire, response, number - 1)


@bp.get("/s/<slug>/thanks")
def thanks(slug: str):  # type: ignore[no-untyped-def]
    survey, version = find_survey(slug)
    if survey is None or version is None or survey.status == "draft":
        abort(404, description=_("There is no survey at this address. Check the link."))
    response = flow.response_from_cookie(request, survey)
    if response is None:
        return redirect(url_for("respondent.start", slug=survey.slug))
    questionnaire = questionnaire_for(response.version)
    lang = use_language(questionnaire, response.language)
    if response.status != "complete":
        return where_to(survey, response)
    code = session.get(f"deletion_code_{survey.id}")
    template = "respondent/thanks.html" if code else "respondent/already.html"
    return render_template(
        template,
        survey=survey,
        questionnaire=questionnaire,
        lang=lang,
        deletion_code=code,
        delete_url=url_for("respondent.start", slug=survey.slug) + "/delete",
    )
