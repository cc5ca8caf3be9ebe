"""Default configuration and the secret key kept in the instance folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class DefaultConfig:
    # Answers are short; a megabyte is far beyond any honest page of a questionnaire
    # and keeps hostile bodies from tying up a worker.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # a phone may sit locked for an hour mid-survey
    BABEL_DEFAULT_LOCALE = "fi"
    LANGUAGES = ("fi", "sv", "en")
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    # Groups with fewer respondents than this are hidden in every summary.
    MIN_GROUP_SIZE = 5
    # Base URL printed in links and QR codes; empty means "the host of the request",
    # or http://127.0.0.1:5000 from the command line.
    PUBLIC_BASE_URL = ""


def load_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, creating it on first run.

    A generated key instead of a fallback such as "dev": sessions and CSRF tokens
    must not be forgeable on any installation, including a forgotten test server.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with 0600 so the key is never readable by other users, even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key
