"""Survey list, survey page, deployment by upload, opening and closing, deleting a
response and the audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename
from wtforms.fields.choices import SelectChoice

from .. import audit
from ..auth import roles_required
from ..extensions import db
from ..models import Response, Survey
from ..surveys import (
    SurveyError,
    collector_url,
    deploy_questionnaire,
    get_survey,
    questionnaire_for,
    set_status,
    survey_url,
)
from . import bp
from .forms import (
    ActionForm,
    CollectorForm,
    DeleteResponseForm,
    DeployForm,
    ExportForm,
    choices,
)
from .stats import collectors_of, format_duration, survey_stats, totals_for


def survey_or_404(slug: str) -> Survey:
    survey = get_survey(slug)
    if survey is None:
        abort(404, _("No survey with this address."))
    return survey


@bp.app_template_filter("duration")
def _duration_filter(seconds: float | None) -> str:
    return format_duration(seconds)


@bp.app_template_filter("percent")
def _percent_filter(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f} %"


@bp.get("/")
# Facilitators land here after login too: the list with counts, each survey leading to
# its summary; everything else in the area stays the researcher's.
@roles_required("researcher", "facilitator")
def index():  # type: ignore[no-untyped-def]
    surveys = list(db.session.scalars(sa.select(Survey).order_by(Survey.created_at.desc())))
    titles = {}
    language = str(get_locale() or "")
    for survey in surveys:
        if survey.current_version is not None:
            titles[survey.id] = questionnaire_for(survey.current_version).title.get(language)
    return render_template(
        "researcher/index.html", surveys=surveys, totals=totals_for(surveys), titles=titles
    )


@bp.get("/surveys/<slug>")
@roles_required("researcher")
def survey(slug: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    if survey.current_version is None:
        abort(404, _("This survey has no deployed questionnaire."))
    questionnaire = questionnaire_for(survey.current_version)
    collectors = collectors_of(survey)
    collector_form = CollectorForm()
    collector_form.group.choices = group_choices(questionnaire, _("No preset group"))
    export_form = ExportForm(formdata=None)
    export_form.collector.choices = choices(
        [("", _("All links"))] + [(c.token, c.label or c.token) for c in collectors]
    )
    export_form.group.choices = group_choices(questionnaire, _("All groups"))
    export_form.lang.choices = choices((lang, lang) for lang in questionnaire.languages)
    export_form.lang.data = questionnaire.default_language
    return render_template(
        "researcher/survey.html",
        survey=survey,
        questionnaire=questionnaire,
        stats=survey_stats(survey),
        collectors=collectors,
        collector_urls={c.id: collector_url(c) for c in collectors},
        collector_names={c.id: c.label or c.token for c in collectors},
        public_url=survey_url(survey),
        collector_form=collector_form,
        export_form=export_form,
        action_form=ActionForm(),
        delete_form=DeleteResponseForm(),
        events=audit.recent(20, target=survey.slug),
    )


def group_choices(questionnaire, empty_label: str) -> list[SelectChoice]:  # type: ignore[no-untyped-def]
    return choices(
        [("", empty_label)]
        + [(g.code, f"{g.label.get(None)} ({g.code})") for g in questionnaire.target_groups]
    )


@bp.route("/deploy", methods=["GET", "POST"])
@roles_required("researcher")
def deploy():  # type: ignore[no-untyped-def]
    from questionnaires import QuestionnaireError, parse_questionnaire

    form = DeployForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = secure_filename(upload.filename or "") or "questionnaire.yaml"
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems = [_("%(name)s: the file is not UTF-8 text.", name=name)]
        else:
            try:
                # Checked under the uploaded name first, so the problems read exactly
                # as `flask questionnaire check` prints them for that file.
                parse_questionnaire(text, source=name)
                survey = _deploy_text(text, name, form.slug.data or None, form.open_now.data)
            except QuestionnaireError as exc:
                problems = [str(problem) for problem in exc.problems]
            except SurveyError as exc:
                problems = [str(exc)]
            else:
                version = survey.current_version
                audit.record(
                    current_user,
                    "survey.deploy",
                    survey.slug,
                    f"version {version.number if version else '?'} from {name}"
                    + (", opened" if form.open_now.data else ""),
                )
                flash(_("Deployed %(slug)s.", slug=survey.slug), "info")
                return redirect(url_for("researcher.survey", slug=survey.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("researcher/deploy.html", form=form, problems=problems), status


def _deploy_text(text: str, name: str, slug: str | None, open_: bool) -> Survey:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return deploy_questionnaire(path, slug=slug, open_=open_)


@bp.post("/surveys/<slug>/open")
@roles_required("researcher")
def open_survey(slug: str):  # type: ignore[no-untyped-def]
    return _set_status(slug, "open")


@bp.post("/surveys/<slug>/close")
@roles_required("researcher")
def close_survey(slug: str):  # type: ignore[no-untyped-def]
    return _set_status(slug, "closed")


def _set_status(slug: str, status: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    set_status(survey.slug, status)
    audit.record(current_user, f"survey.{'open' if status == 'open' else 'close'}", survey.slug)
    flash(_("The survey is open.") if status == "open" else _("The survey is closed."), "info")
    return redirect(url_for("researcher.survey", slug=survey.slug))


@bp.post("/surveys/<slug>/responses/delete")
@roles_required("researcher")
def delete_response(slug: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    form = DeleteResponseForm()
    if not form.validate_on_submit():
        flash(_("Give the response id and tick the confirmation."), "error")
        return redirect(url_for("researcher.survey", slug=survey.slug) + "#delete")
    response = db.session.get(Response, form.response_id.data)
    if response is None or response.survey_id != survey.id:
        flash(_("This survey has no response %(id)s.", id=form.response_id.data), "error")
        return redirect(url_for("researcher.survey", slug=survey.slug) + "#delete")
    db.session.delete(response)
    audit.record(current_user, "response.delete", survey.slug, f"response {form.response_id.data}",
                 commit=False)  # fmt: skip
    db.session.commit()
    flash(_("Response %(id)s was deleted.", id=form.response_id.data), "info")
    return redirect(url_for("researcher.survey", slug=survey.slug))


@bp.get("/audit")
@roles_required("researcher")
def audit_log():  # type: ignore[no-untyped-def]
    return render_template("researcher/audit.html", events=audit.recent(500))
