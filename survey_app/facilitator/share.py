"""Read-only share links: creating, finding, listing and revoking them.

Only the SHA-256 of a token is stored, so a copy of the database (a backup, an
export of the tables) does not hand out working links.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from ..extensions import db
from ..models import ShareLink, Survey, utcnow

# 32 random bytes: far beyond guessing, and still a short URL (43 characters).
TOKEN_BYTES = 32
MAX_EXPIRY_DAYS = 3650


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewShareLink:
    """A link just created: the token exists only here, never in the database."""

    link: ShareLink
    token: str


def create_share_link(
    survey: Survey, expires_days: int | None = None, label: str = ""
) -> NewShareLink:
    """Store a new share link for ``survey``; raises ValueError on a bad expiry."""
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"--expires must be between 1 and {MAX_EXPIRY_DAYS} days")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = utcnow() + timedelta(days=expires_days) if expires_days else None
    link = ShareLink(
        survey_id=survey.id,
        token_sha256=hash_token(token),
        label=label[:200],
        expires_at=expires_at,
    )
    db.session.add(link)
    db.session.commit()
    return NewShareLink(link=link, token=token)


def is_usable(link: ShareLink, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if link.revoked_at is not None:
        return False
    return link.expires_at is None or link.expires_at > now


def find_usable_link(token: str) -> tuple[ShareLink, Survey] | None:
    """The link and survey behind ``token``, or None if it is unknown, expired or revoked."""
    # A token is URL-safe base64 of fixed length; anything else cannot match, and
    # refusing it early keeps odd input away from the database.
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(
        sa.select(ShareLink).where(ShareLink.token_sha256 == hash_token(token))
    )
    if link is None or not is_usable(link):
        return None
    survey = db.session.get(Survey, link.survey_id)
    if survey is None:
        return None
    return link, survey


def links_for(survey: Survey) -> list[ShareLink]:
    return list(
        db.session.scalars(
            sa.select(ShareLink)
            .where(ShareLink.survey_id == survey.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def revoke(link: ShareLink) -> bool:
    """Revoke ``link``; False if it was revoked already (nothing changes then)."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = utcnow()
    db.session.commit()
    return True


def link_status(link: ShareLink, now: datetime | None = None) -> str:
    """``active``, ``expired`` or ``revoked``."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at is not None and link.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def share_url(token: str) -> str:
    """The full URL of a share link, for the request's host or the configured base URL."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return f"{base}/share/{token}"
    if has_request_context():
        return url_for("facilitator.shared_summary", token=token, _external=True)
    return f"http://127.0.0.1:5000/share/{token}"
