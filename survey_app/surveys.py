"""Survey services: deploying a questionnaire snapshot, opening and closing surveys,
collector links and their URLs, and the parsed questionnaire of a stored version."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_request_context, request, url_for

from questionnaires import Questionnaire, QuestionnaireError, parse_questionnaire

from .extensions import db
from .models import Collector, Survey, SurveyVersion

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
SURVEY_STATUSES = ("draft", "open", "closed")
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


class SurveyError(ValueError):
    """A request the services refuse, with a message meant for the person who asked."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Parsed snapshots by (content hash, source label). Looked up before the YAML text is
# touched, so a request whose version row was loaded without its text never reads it.
_PARSED: dict[tuple[str, str], Questionnaire] = {}
_PARSED_MAX = 64


def questionnaire_for(version: SurveyVersion) -> Questionnaire:
    """The questionnaire as deployed in ``version`` (parsed once per process).

    Parses the stored snapshot, never the file on disk: a later edit of the YAML
    must not change what stored answers mean.
    """
    source = f"<survey version {version.survey_id}.{version.number}>"
    key = (version.content_sha256, source)
    found = _PARSED.get(key)
    if found is None:
        found = parse_questionnaire(version.source_yaml, source=source)
        if len(_PARSED) >= _PARSED_MAX:
            # Drop the oldest; list() copies the keys at once, safe beside other threads.
            for oldest in list(_PARSED)[:1]:
                _PARSED.pop(oldest, None)
        _PARSED[key] = found
    return found


def get_survey(slug: str) -> Survey | None:
    return db.session.scalar(sa.select(Survey).where(Survey.slug == slug))


def deploy_questionnaire(path: str | Path, slug: str | None = None, open_: bool = False) -> Survey:
    """Validate the questionnaire file and store a snapshot of it as a survey version.

    A new version is made only when the content differs from the current one, so
    deploying the same file twice is harmless. Raises ``QuestionnaireError`` for an
    invalid file and ``SurveyError`` for a slug that is taken by another questionnaire.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SurveyError(f"{path}: cannot read the file ({exc}).") from exc
    questionnaire = parse_questionnaire(text, source=str(path))
    slug = slug or questionnaire.id
    if not SLUG_RE.match(slug):
        raise SurveyError(
            f"slug {slug!r}: use 1-80 lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit."
        )
    survey = get_survey(slug)
    if survey is None:
        survey = Survey(slug=slug, questionnaire_id=questionnaire.id, status="draft")
        db.session.add(survey)
    elif survey.questionnaire_id != questionnaire.id:
        raise SurveyError(
            f"slug {slug!r} already holds questionnaire {survey.questionnaire_id!r}, not "
            f"{questionnaire.id!r}. Choose another slug with --slug."
        )
    digest = sha256_hex(text)
    current = survey.current_version
    if current is None or current.content_sha256 != digest:
        survey.versions.append(
            SurveyVersion(
                number=(current.number + 1) if current else 1,
                questionnaire_version=str(questionnaire.version)[:40],
                content_sha256=digest,
                source_yaml=text,
            )
        )
    if open_:
        survey.status = "open"
    db.session.commit()
    return survey


def set_status(slug: str, status: str) -> Survey:
    if status not in SURVEY_STATUSES:
        raise SurveyError(f"status {status!r}: use one of {', '.join(SURVEY_STATUSES)}.")
    survey = get_survey(slug)
    if survey is None:
        raise SurveyError(f"no survey with slug {slug!r}.")
    survey.status = status
    db.session.commit()
    return survey


def create_collector(survey: Survey, group: str | None = None, label: str = "") -> Collector:
    """A new collector link for ``survey``, presetting the target group ``group`` if given."""
    if survey.current_version is None:
        raise SurveyError(f"survey {survey.slug!r} has no deployed version.")
    if group is not None:
        questionnaire = questionnaire_for(survey.current_version)
        codes = [tg.code for tg in questionnaire.target_groups]
        if group not in codes:
            known = ", ".join(codes) or "(the questionnaire has no target groups)"
            raise SurveyError(
                f"target group {group!r} is not in the questionnaire. Use one of: {known}."
            )
    if len(label) > 200:
        raise SurveyError("the label is longer than 200 characters.")
    collector = Collector(
        survey=survey, token=secrets.token_urlsafe(12), label=label, target_group=group
    )
    db.session.add(collector)
    db.session.commit()
    return collector


def base_url() -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL") or ""
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return DEFAULT_BASE_URL


def _path_for(endpoint: str, **values: str) -> str:
    if has_request_context():
        return url_for(endpoint, **values)
    # Outside a request url_for needs SERVER_NAME; only the path is wanted here.
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def collector_url(collector: Collector) -> str:
    return base_url() + _path_for("respondent.collector", token=collector.token)


def survey_url(survey: Survey) -> str:
    return base_url() + _path_for("respondent.start", slug=survey.slug)


__all__ = [
    "QuestionnaireError",
    "SurveyError",
    "collector_url",
    "create_collector",
    "deploy_questionnaire",
    "get_survey",
    "questionnaire_for",
    "set_status",
    "survey_url",
]
