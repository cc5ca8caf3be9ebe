"""Where a respondent is: the resume cookie, stored answers, skipped pages and saving.

Only hashes of the resume token and the deletion code are stored; the browser holds
the token in a cookie, so a reload or a locked phone continues where it stopped.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from functools import lru_cache

import sqlalchemy as sa
from flask import Request, current_app
from flask import Response as FlaskResponse
from sqlalchemy.orm import joinedload

from questionnaires import Page, Question, Questionnaire
from questionnaires.conditions import Condition, is_visible

from ..extensions import db
from ..models import Answer, Collector, Response, Survey, SurveyVersion, utcnow

Answers = dict[str, dict[str, str]]

COOKIE_MAX_AGE = 60 * 60 * 24 * 90
# Unambiguous characters only: a code is copied by hand from a phone screen.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def cookie_name(survey: Survey) -> str:
    return f"resume_{survey.id}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def resume_token_for(submission_id: str) -> str:
    """The resume token of a response started by the start form ``submission_id``.

    Derived rather than random so that a retried or double-tapped start POST finds
    the response the first one created instead of starting a second one.
    """
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, b"resume:" + submission_id.encode("ascii"), "sha256").hexdigest()


def new_submission_id() -> str:
    return secrets.token_urlsafe(16)


def valid_submission_id(value: str | None) -> bool:
    return bool(value) and 16 <= len(value) <= 64 and value.isascii() and value.isprintable()


def new_deletion_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def deletion_code_hash(code: str) -> str:
    """Hash of a deletion code as typed: case, spaces and dashes do not matter."""
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


# The statements of every page request, built once: building a statement and its cache
# key costs more CPU than SQLite takes to run it. Data changes go through the tables
# (Core), since no answer row is ever loaded as an object here.
_answers = Answer.__table__
_responses = Response.__table__
_RESPONSE_BY_TOKEN = (
    sa.select(Response)
    .where(
        Response.resume_token_hash == sa.bindparam("token_hash"),
        Response.survey_id == sa.bindparam("survey_id"),
    )
    # Every page needs the version (its questionnaire is cached by content hash, so the
    # YAML text stays unread) and the collector (a preset target group).
    .options(
        joinedload(Response.version).defer(SurveyVersion.source_yaml),
        joinedload(Response.collector),
    )
)
_STORED_ANSWERS = sa.select(_answers.c.question_id, _answers.c.item, _answers.c.value).where(
    _answers.c.response_id == sa.bindparam("response_id")
)
_CLAIM = (
    _responses.update()
    .where(
        _responses.c.id == sa.bindparam("response_id"),
        sa.or_(
            _responses.c.last_submission_id.is_(None),
            _responses.c.last_submission_id != sa.bindparam("submission_id"),
        ),
    )
    .values(last_submission_id=sa.bindparam("submission_id"), updated_at=sa.bindparam("now"))
)
_DELETE_ANSWERS = _answers.delete().where(
    _answers.c.response_id == sa.bindparam("response_id"),
    _answers.c.question_id.in_(sa.bindparam("question_ids", expanding=True)),
)
_INSERT_ANSWERS = _answers.insert()


def response_from_cookie(request: Request, survey: Survey) -> Response | None:
    token = request.cookies.get(cookie_name(survey))
    if not token or len(token) > 128:
        return None
    return db.session.scalar(
        _RESPONSE_BY_TOKEN, {"token_hash": token_hash(token), "survey_id": survey.id}
    )


def set_resume_cookie(response: FlaskResponse, survey: Survey, token: str, secure: bool) -> None:
    response.set_cookie(
        cookie_name(survey),
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def start_response(
    survey: Survey,
    version: SurveyVersion,
    submission_id: str,
    language: str,
    collector: Collector | None,
) -> tuple[Response, str]:
    """Create the response to ``version`` (the current one) of a start form, or find
    the one it already created."""
    token = resume_token_for(submission_id)
    existing = db.session.scalar(
        sa.select(Response).where(Response.resume_token_hash == token_hash(token))
    )
    if existing is not None:
        return existing, token
    response = Response(
        survey_id=survey.id,
        version_id=version.id,
        collector_id=collector.id if collector else None,
        language=language,
        target_group=collector.target_group if collector else None,
        resume_token_hash=token_hash(token),
        current_page=0,
    )
    db.session.add(response)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # A concurrent retry of the same start form won the race: use its response.
        db.session.rollback()
        existing = db.session.scalar(
            sa.select(Response).where(Response.resume_token_hash == token_hash(token))
        )
        assert existing is not None
        return existing, token
    return response, token


def stored_answers(response: Response) -> Answers:
    answers: Answers = {}
    rows = db.session.execute(_STORED_ANSWERS, {"response_id": response.id})
    for question_id, item, value in rows:
        answers.setdefault(question_id, {})[item] = value
    return answers


def preset_answers(questionnaire: Questionnaire, response: Response) -> Answers:
    """Answers fixed before the first page: the target group a collector presets."""
    question = questionnaire.target_group_question
    if question is None or response.collector_id is None or not response.target_group:
        return {}
    collector = response.collector
    if collector is None or collector.target_group != response.target_group:
        return {}
    return {question.id: {"": response.target_group}}


def is_preset(questionnaire: Questionnaire, response: Response, question: Question) -> bool:
    return question.id in preset_answers(questionnaire, response)


def visible_questions(
    questionnaire: Questionnaire, response: Response, page: Page, answers: Mapping
) -> list[Question]:
    return [
        q
        for q in page.questions
        if not is_preset(questionnaire, response, q) and is_visible(q, answers)
    ]


def page_is_shown(
    questionnaire: Questionnaire, response: Response, index: int, answers: Mapping
) -> bool:
    """A page is shown when a question on it may still be asked.

    Questions whose condition depends on a question of the same page count as
    askable: the respondent answers that question on this very page.
    """
    page = questionnaire.pages[index]
    page_ids = {q.id for q in page.questions}
    for question in page.questions:
        if is_preset(questionnaire, response, question):
            continue
        if is_visible(question, answers) or depends_on(question, page_ids):
            return True
    return False


def depends_on(question: Question, ids: set[str]) -> bool:
    return bool(condition_questions(question.show_if) & ids)


def condition_questions(condition: Condition | None) -> set[str]:
    """The question ids a ``show_if`` condition refers to."""
    if condition is None:
        return set()
    return {leaf.question for leaf in condition.leaves() if leaf.question}


def next_page(
    questionnaire: Questionnaire, response: Response, index: int, answers: Mapping, step: int
) -> int | None:
    """The next shown page from ``index`` in direction ``step`` (+1 or -1), or None."""
    i = index + step
    while 0 <= i < len(questionnaire.pages):
        if page_is_shown(questionnaire, response, i, answers):
            return i
        i += step
    return None


def first_page(questionnaire: Questionnaire, response: Response, answers: Mapping) -> int | None:
    return next_page(questionnaire, response, -1, answers, +1)


@lru_cache(maxsize=16)
def _claim_statement(columns: tuple[str, ...]) -> sa.Update:
    return _CLAIM.values({column: sa.bindparam(f"new_{column}") for column in columns})


def claim_submission(
    response: Response, submission_id: str, changes: Mapping[str, object] | None = None
) -> bool:
    """Record ``submission_id`` as processed, with ``changes`` to other columns of the
    response in the same statement; False (and nothing changed) when it already was.

    A conditional UPDATE, so two copies of one POST racing each other are
    serialised by the database and only the first one saves anything.
    """
    changes = changes or {}
    params = {"response_id": response.id, "submission_id": submission_id, "now": utcnow()}
    params.update({f"new_{column}": value for column, value in changes.items()})
    result = db.session.execute(_claim_statement(tuple(sorted(changes))), params)
    return result.rowcount == 1


def replace_answers(response: Response, question_ids: Iterable[str], rows: Answers) -> None:
    """Replace the stored answers of ``question_ids`` with ``rows``."""
    ids = list(question_ids)
    if ids:
        db.session.execute(_DELETE_ANSWERS, {"response_id": response.id, "question_ids": ids})
    values = [
        {"response_id": response.id, "question_id": qid, "item": item, "value": value}
        for qid, items in rows.items()
        for item, value in items.items()
    ]
    if values:
        # One executemany instead of one INSERT ... RETURNING per row: nothing reads the
        # new rows back in this request.
        db.session.execute(_INSERT_ANSWERS, values)


def hidden_answers(
    questionnaire: Questionnaire, response: Response, answers: Answers
) -> tuple[Answers, list[str]]:
    """``answers`` without those to questions hidden now (in file order), and the ids
    of the questions dropped.

    A changed earlier answer can hide a later question; its old answer must not
    stay behind in the data as if the respondent had been asked.
    """
    kept: Answers = dict(answers)
    hidden: list[str] = []
    for question in questionnaire.questions():
        if question.id in kept and not is_visible(question, kept):
            if is_preset(questionnaire, response, question):
                continue
            hidden.append(question.id)
            del kept[question.id]
    return kept, hidden


def delete_answers(response: Response, question_ids: list[str]) -> None:
    if question_ids:
        db.session.execute(
            _DELETE_ANSWERS, {"response_id": response.id, "question_ids": question_ids}
        )


def completion() -> tuple[str, dict[str, object]]:
    """A deletion code for a response being completed (only its hash is kept) and the
    columns that mark it complete."""
    code = new_deletion_code()
    return code, {
        "status": "complete",
        "completed_at": utcnow(),
        "deletion_code_hash": deletion_code_hash(code),
    }
