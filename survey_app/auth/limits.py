"""The rate limiter guarding the login form against password guessing."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage


class LockedMemoryStorage(MemoryStorage):
    """The "memory://" rate-limit storage, with its expiry timer replaced under a lock.

    limits 5.8 replaces and starts that timer without one: two threads of a gunicorn
    worker counting at the same moment can both start the same timer, and the second
    gets "threads can only be started once", a 500 on a start POST when a hall of
    phones begins at once. Defining the class registers it for the "memory" scheme.
    """

    STORAGE_SCHEME = ["memory"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._timer_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_timer_lock", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._timer_lock = threading.Lock()
        super().__setstate__(state)

    def _MemoryStorage__schedule_expiry(self) -> None:  # the name MemoryStorage calls
        with self._timer_lock:
            if not self.timer.is_alive():
                self.timer = threading.Timer(0.01, self._MemoryStorage__expire_events)  # type: ignore[attr-defined]
                self.timer.start()


limiter = Limiter(key_func=get_remote_address)

DEFAULT_LOGIN_LIMIT = "10 per minute;50 per hour"


def login_limit() -> str:
    return current_app.config.get("AUTH_LOGIN_RATE_LIMIT", DEFAULT_LOGIN_LIMIT)


def init_limiter(app: Flask) -> None:
    # In-memory counting is right for one server process; several workers share
    # a count only through e.g. RATELIMIT_STORAGE_URI="redis://...".
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    # Set explicitly: the limiter object is shared by every app built in a process
    # and would otherwise carry "disabled" over from one app to the next.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
