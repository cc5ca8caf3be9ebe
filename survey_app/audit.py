"""The audit log: who deployed, opened, closed, exported or deleted what, and when.

Only actors (an account's e-mail, "cli" or "respondent"), actions and survey-level
targets go in; never an answer, a deletion code or anything else a respondent typed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .extensions import db
from .models import AuditEvent


def actor_name(actor: Any = None) -> str:
    """A printable actor: a string as is, an account's e-mail, else the logged-in user."""
    if isinstance(actor, str):
        return actor
    if actor is not None and getattr(actor, "email", None):
        return str(actor.email)
    from flask import has_request_context

    if has_request_context():
        from flask_login import current_user

        if current_user.is_authenticated:
            return str(current_user.email)
        return "anonymous"
    return "cli"


def record(
    actor: Any, action: str, target: str = "", detail: str = "", *, commit: bool = True
) -> AuditEvent:
    """Add one event; ``commit=False`` lets it share the caller's transaction."""
    event = AuditEvent(
        actor=actor_name(actor)[:254], action=action[:40], target=target[:200], detail=detail
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def recent(limit: int = 200, target: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if target is not None:
        query = query.where(AuditEvent.target == target)
    return list(db.session.scalars(query.limit(limit)))
