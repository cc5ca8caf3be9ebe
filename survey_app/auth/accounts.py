"""Accounts as Flask-Login sees them, and creating them."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import UserMixin

from ..extensions import db
from ..models import User
from .decorators import ROLES
from .passwords import hash_password


class Account(UserMixin):
    """The logged-in user: a thin view of a ``User`` row for Flask-Login."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.id = user.id
        self.email = user.email
        self.role = user.role

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)

    def get_id(self) -> str:
        return str(self.id)


def load_account(user_id: str) -> Account | None:
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or not user.active:
        return None
    return Account(user)


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: str, password: str) -> User:
    """Store a new account; raises ValueError with a readable message."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        raise ValueError(f"'{email}' is not an e-mail address.")
    if role not in ROLES:
        raise ValueError(f"Unknown role '{role}'; use one of: {', '.join(ROLES)}.")
    if find_user(email) is not None:
        raise ValueError(f"An account for '{email}' already exists.")
    user = User(email=email, role=role, password_hash=hash_password(password), active=True)
    db.session.add(user)
    db.session.commit()
    return user
