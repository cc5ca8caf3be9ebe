"""The caches behind the summary: one computation per key, even when a room asks at once."""

from __future__ import annotations

import threading
import time

import pytest

from survey_app.facilitator.cache import DataKey, LruCache, SummaryCache


def _key(responses: int, theme_edit: str = "", status: str = "open") -> DataKey:
    return DataKey(1, status, responses, f"2026-05-20 12:00:{responses:02d}", theme_edit)


def test_concurrent_misses_compute_once() -> None:
    cache: LruCache[int] = LruCache(4)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow)))
        for _ in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 12
    assert len(calls) == 1


def test_failed_computation_is_retried_and_size_is_bounded() -> None:
    cache: LruCache[int] = LruCache(2)

    def boom() -> int:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", boom)
    assert cache.get_or_compute("k", lambda: 1) == 1
    cache.get_or_compute("a", lambda: 2)
    cache.get_or_compute("b", lambda: 3)
    assert cache.peek("k") is None  # the least recently used went out


def test_new_answers_get_the_held_summary_while_a_fresh_one_is_computed() -> None:
    cache = SummaryCache(min_interval=0.0)
    key, value = cache.get(_key(10), "fi", lambda: "ten")
    assert (key, value) == (_key(10), "ten")
    release = threading.Event()

    def eleven() -> str:
        release.wait(5)
        return "eleven"

    key, value = cache.get(_key(11), "fi", eleven)
    assert (key, value) == (_key(10), "ten")  # answered at once, from the held summary
    release.set()
    assert cache.wait_idle(5)
    assert cache.get(_key(11), "fi", lambda: "again") == (_key(11), "eleven")
    # Another language, a theme edit or a closed survey is computed before answering.
    assert cache.get(_key(11), "sv", lambda: "elva") == (_key(11), "elva")
    assert cache.get(_key(11, "edited"), "fi", lambda: "named") == (_key(11, "edited"), "named")
    closed = _key(11, "edited", status="closed")
    assert cache.get(closed, "fi", lambda: "closed") == (closed, "closed")


def test_background_refresh_waits_for_the_interval() -> None:
    cache = SummaryCache(min_interval=60.0)
    cache.get(_key(10), "fi", lambda: "ten")
    calls: list[int] = []

    def count() -> str:
        calls.append(1)
        return "new"

    for responses in (11, 12, 13):
        assert cache.get(_key(responses), "fi", count)[1] == "ten"
    assert cache.wait_idle(5)
    assert calls == []  # the first summary was computed less than a minute ago
