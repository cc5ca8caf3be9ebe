"""The respondent's deletion page: a deletion code removes that response for good."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, g, render_template, request

from .. import audit
from ..auth.limits import limiter
from ..extensions import db
from ..models import Response
from ..respondent.flow import deletion_code_hash
from ..surveys import get_survey, questionnaire_for
from . import erasure_bp
from .forms import ErasureForm

DEFAULT_ERASURE_LIMIT = "20 per minute;200 per day"


def erasure_limit() -> str:
    return current_app.config.get("ERASURE_RATE_LIMIT", DEFAULT_ERASURE_LIMIT)


@erasure_bp.route("/s/<slug>/delete", methods=["GET", "POST"])
@limiter.limit(erasure_limit, methods=["POST"])
def delete_answers(slug: str):  # type: ignore[no-untyped-def]
    survey = get_survey(slug)
    if survey is None or survey.current_version is None:
        abort(404)
    questionnaire = questionnaire_for(survey.current_version)
    # The page speaks the questionnaire's languages, like the rest of the survey.
    g.allowed_languages = tuple(questionnaire.languages)
    if request.args.get("lang") in questionnaire.languages:
        g.language = request.args["lang"]
    form = ErasureForm()
    deleted = False
    not_found = False
    if form.validate_on_submit():
        response = db.session.scalar(
            sa.select(Response).where(
                Response.survey_id == survey.id,
                Response.deletion_code_hash == deletion_code_hash(form.code.data or ""),
            )
        )
        if response is None:
            not_found = True
        else:
            db.session.delete(response)
            # Which response went is not recorded: the log must not help anyone
            # connect a person who asked for deletion to any stored row.
            audit.record("respondent", "response.delete", survey.slug, "by deletion code",
                         commit=False)  # fmt: skip
            db.session.commit()
            deleted = True
    status = 404 if not_found else (400 if request.method == "POST" and not deleted else 200)
    return (
        render_template(
            "researcher/erasure.html",
            survey=survey,
            questionnaire=questionnaire,
            form=form,
            deleted=deleted,
            not_found=not_found,
        ),
        status,
    )
