"""Stored data: surveys and their deployed versions, collectors, responses and answers,
accounts, share links, theme edits and the audit log (SQLAlchemy 2 typed mappings).

Answers are kept in long form, one row per response x question x item, with choices
stored as the option codes of the questionnaire snapshot the response was given on.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20))  # researcher | facilitator | admin
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Survey(db.Model):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    questionnaire_id: Mapped[str] = mapped_column(sa.String(80))
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")  # draft | open | closed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", cascade="all, delete-orphan"
    )
    collectors: Mapped[list[Collector]] = relationship(
        back_populates="survey", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> SurveyVersion | None:
        return self.versions[-1] if self.versions else None


class SurveyVersion(db.Model):
    """A snapshot of the questionnaire file as deployed.

    Responses point at the version they were given on, so editing the YAML later
    never changes the meaning of answers already stored.
    """

    __tablename__ = "survey_version"
    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    number: Mapped[int]
    questionnaire_version: Mapped[str] = mapped_column(sa.String(40))
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    source_yaml: Mapped[str] = mapped_column(sa.Text)
    deployed_at: Mapped[datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")


class Collector(db.Model):
    """A link handed out to one class or event; it may preset the target group."""

    __tablename__ = "collector"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    target_group: Mapped[str | None] = mapped_column(sa.String(80))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="collectors")


class Response(db.Model):
    """One respondent's answers to one survey version.

    Deliberately holds no IP address, user agent or other identifier: the browser
    keeps a random resume token in a cookie and only its hash is stored here.
    """

    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_version.id", ondelete="CASCADE"))
    collector_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("collector.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(5))
    target_group: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="in_progress")  # | complete
    current_page: Mapped[int] = mapped_column(default=0)
    resume_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    deletion_code_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Last form submission accepted, so a double tap or a retried POST is recognised.
    last_submission_id: Mapped[str | None] = mapped_column(sa.String(64))
    is_synthetic: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    version: Mapped[SurveyVersion] = relationship()
    collector: Mapped[Collector | None] = relationship()


class Answer(db.Model):
    """One stored value: (response, question, item) -> value.

    ``item`` is "" for questions with one value; the item or pair id for grids and
    semantic differentials; the option code (value "1") for multiple choice; "1".."3"
    for three words; "other_text" for the text of an "other, please specify".
    """

    __tablename__ = "answer"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(sa.String(80))
    item: Mapped[str] = mapped_column(sa.String(80), default="")
    value: Mapped[str] = mapped_column(sa.Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class ShareLink(db.Model):
    """A read-only link to a survey's summary for facilitators without an account."""

    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    token_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ThemeEdit(db.Model):
    """Names and merges given to the themes of one open question, by a person.

    Stored as the same YAML/JSON structure that ``python -m analysis report --themes``
    reads, so the workshop's words travel into the researcher's report.
    """

    __tablename__ = "theme_edit"
    __table_args__ = (sa.UniqueConstraint("survey_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(sa.String(80))
    payload_json: Mapped[str] = mapped_column(sa.Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(db.Model):
    """Who did what to which survey and when; never any respondent's answers."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))  # user e-mail, "cli" or "respondent"
    action: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")
