"""The summary cache: a survey's summary is computed once per change in its data.

The key is read with one cheap query (complete responses, their latest update, the
latest theme edit and the survey's status), so a page view or a live poll costs
that query and a dictionary lookup; the loading, clustering and charting run only
when an answer arrives or a theme is renamed.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from ..extensions import db
from ..models import Response, Survey, ThemeEdit

T = TypeVar("T")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataKey:
    """What a summary depends on; equal keys mean an identical summary."""

    survey_id: int
    status: str
    responses: int
    last_update: str
    last_theme_edit: str

    @property
    def token(self) -> str:
        """A short opaque string for URLs and the live script's "what I have" marker."""
        import hashlib

        raw = "|".join(
            str(part)
            for part in (
                self.survey_id,
                self.status,
                self.responses,
                self.last_update,
                self.last_theme_edit,
            )
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def data_key(survey: Survey) -> DataKey:
    complete = sa.and_(Response.survey_id == survey.id, Response.status == "complete")
    count, last = db.session.execute(
        sa.select(sa.func.count(Response.id), sa.func.max(Response.updated_at)).where(complete)
    ).one()
    last_edit = db.session.scalar(
        sa.select(sa.func.max(ThemeEdit.updated_at)).where(ThemeEdit.survey_id == survey.id)
    )
    return DataKey(survey.id, survey.status, int(count), str(last or ""), str(last_edit or ""))


class LruCache(Generic[T]):
    """A small thread-safe LRU map whose misses are computed once, even when concurrent.

    A classroom opening the share link at the same moment must not start thirty
    identical clusterings: the first request computes, the others wait for it.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self.misses += 1
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> T | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def latest(self, predicate: Callable[[Hashable], bool]) -> tuple[Hashable, T] | None:
        """The most recently used entry whose key satisfies ``predicate``."""
        with self._lock:
            for key in reversed(self._items):
                if predicate(key):
                    return key, self._items[key]
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class SummaryCache:
    """Summaries by (data key, language), refreshed in the background while answers arrive.

    While a room of phones answers, the key changes with nearly every submission and
    a summary can take many seconds to compute. When only new answers differ from a
    summary already held (same status, same theme edits), the held one is returned
    at once and a single background thread computes the fresh one; the live script
    picks it up at its next poll. ``min_interval`` seconds between two computations of
    the same survey keep the server from clustering continuously. A first view, a
    closed or reopened survey and a theme edit are computed before answering, so a
    facilitator never sees a rename "not taken".
    """

    def __init__(self, size: int = 16, min_interval: float = 2.0) -> None:
        _all_caches.add(self)
        self.entries: LruCache[Any] = LruCache(size)
        self.min_interval = min_interval
        self.background = True
        self._finished_at: dict[tuple[int, str], float] = {}
        self._running: set[tuple[int, str]] = set()
        self._failed: dict[tuple[int, str], BaseException] = {}
        self._lock = threading.Lock()
        self.errors: list[BaseException] = []

    def get(self, key: DataKey, lang: str, compute: Callable[[], T]) -> tuple[DataKey, T]:
        """The summary for ``key``, or a recent one of the same survey while it is refreshed."""
        full = (key, lang)
        hit = self.entries.peek(full)
        if hit is not None:
            return key, hit
        stale = self.entries.latest(lambda k: _same_except_answers(k, full))
        if stale is not None and self.background:
            self._refresh_later(key, lang, compute)
            stale_key, value = stale
            return stale_key[0], value  # type: ignore[index]
        return key, self.entries.get_or_compute(full, lambda: self._timed(key, lang, compute))

    def get_or_start(
        self, key: DataKey, lang: str, compute: Callable[[], T]
    ) -> tuple[DataKey, T] | None:
        """Like ``get``, but when nothing of this survey is held yet, start computing it in
        the background and return None at once, so a page can say it is being prepared
        instead of keeping a browser waiting for minutes."""
        slot = (key.survey_id, lang)
        with self._lock:
            failed = self._failed.pop(slot, None)
        held = self.entries.latest(
            lambda k: isinstance(k, tuple) and k[0].survey_id == key.survey_id and k[1] == lang
        )
        if held is not None or failed is not None or not self.background:
            # A failed background run is repeated here so that its error is shown.
            return self.get(key, lang, compute)
        self._refresh_later(key, lang, compute)
        return None

    def _timed(self, key: DataKey, lang: str, compute: Callable[[], T]) -> T:
        try:
            return compute()
        finally:
            with self._lock:
                self._finished_at[(key.survey_id, lang)] = time.monotonic()

    def _refresh_later(self, key: DataKey, lang: str, compute: Callable[[], T]) -> None:
        slot = (key.survey_id, lang)
        with self._lock:
            finished = self._finished_at.get(slot)
            if slot in self._running or (
                finished is not None and time.monotonic() - finished < self.min_interval
            ):
                return
            self._running.add(slot)

        def work() -> None:
            try:
                self.entries.get_or_compute((key, lang), lambda: self._timed(key, lang, compute))
            except Exception as error:  # noqa: BLE001 - kept for the log; next poll retries
                logger.exception("Refreshing the summary of survey %s failed", key.survey_id)
                self.errors.append(error)
                with self._lock:
                    self._failed[slot] = error
            finally:
                with self._lock:
                    self._running.discard(slot)

        threading.Thread(target=work, name=f"summary-{key.survey_id}-{lang}", daemon=True).start()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Wait until no background refresh runs (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.02)
        return False

    def clear(self) -> None:
        self.entries.clear()
        with self._lock:
            self._finished_at.clear()


_all_caches: weakref.WeakSet[SummaryCache] = weakref.WeakSet()


@atexit.register
def _finish_refreshes() -> None:
    """Let running background computations end before the interpreter tears down the
    libraries they are inside (a daemon thread killed mid-computation can crash it)."""
    for summaries in list(_all_caches):
        summaries.wait_idle(120)


def _same_except_answers(candidate: Hashable, wanted: tuple[DataKey, str]) -> bool:
    if not isinstance(candidate, tuple) or len(candidate) != 2:
        return False
    old, lang = candidate
    new, wanted_lang = wanted
    return (
        isinstance(old, DataKey)
        and lang == wanted_lang
        and old.survey_id == new.survey_id
        and old.status == new.status
        and old.last_theme_edit == new.last_theme_edit
    )
