"""The summary cache: a survey's summary is computed once per change in its data.

The key is read with one cheap query (complete responses, their latest update, the
latest theme edit and the survey's status), so a page view or a live poll costs
that query and a dictionary lookup; the loading, clustering and charting run only
when an answer arrives or a theme is renamed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from ..extensions import db
from ..models import Response, Survey, ThemeEdit

T = TypeVar("T")


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

        raw = f"{self.survey_id}|{self.status}|{self.responses}|{self.last_update}|{self.last_theme_edit}"
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
            value = compute()
            with self._lock:
                self.misses += 1
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._pending.pop(key, None)
        return value

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


@dataclass
class _Stamp:
    at: float


class SummaryCache:
    """Summaries by (data key, language), with a floor on how often live data recomputes.

    While a room of phones answers, the key changes with nearly every submission;
    ``min_interval`` seconds between recomputations of the same survey keep the
    server from clustering continuously, at the price of a view that lags by at
    most that long.
    """

    def __init__(self, size: int = 16, min_interval: float = 2.0) -> None:
        self.entries: LruCache[Any] = LruCache(size)
        self.min_interval = min_interval
        self._computed_at: dict[tuple[int, str], _Stamp] = {}
        self._lock = threading.Lock()

    def get(self, key: DataKey, lang: str, compute: Callable[[], T]) -> tuple[DataKey, T]:
        """The summary for ``key`` (or a recent one of the same survey while throttled)."""
        full = (key, lang)
        with self._lock:
            stamp = self._computed_at.get((key.survey_id, lang))
            throttled = stamp is not None and time.monotonic() - stamp.at < self.min_interval
        if throttled:
            recent = self.entries.latest(
                lambda k: isinstance(k, tuple) and k[0].survey_id == key.survey_id and k[1] == lang
            )
            if recent is not None and recent[0] != full:
                cached_key = recent[0]
                return cached_key[0], recent[1]  # type: ignore[index]

        def timed() -> T:
            value = compute()
            with self._lock:
                self._computed_at[(key.survey_id, lang)] = _Stamp(time.monotonic())
            return value

        return key, self.entries.get_or_compute(full, timed)

    def clear(self) -> None:
        self.entries.clear()
        with self._lock:
            self._computed_at.clear()


summaries = SummaryCache()
images: LruCache[bytes] = LruCache(64)
