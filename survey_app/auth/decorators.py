"""``roles_required``: the one gate every non-public view passes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from ..extensions import login_manager

ROLES = ("researcher", "facilitator", "admin")

F = TypeVar("F", bound=Callable[..., Any])


def has_role(user: Any, *roles: str) -> bool:
    """Admins pass every gate; others need one of ``roles``."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or user.role in roles


def roles_required(*roles: str) -> Callable[[F], F]:
    """Let a view run only for a logged-in user holding one of ``roles``.

    Anonymous visitors are sent to the login page; a logged-in user with another
    role gets 403, so a facilitator learns that the page exists but not its data.
    """
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"roles_required{roles!r}: roles must be among {ROLES}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
