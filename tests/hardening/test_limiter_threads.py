"""The in-memory rate-limit storage survives two threads counting at the same moment.

A gunicorn worker serves several requests at once in threads; when two start POSTs
both find the storage's expiry timer finished, both replace it. Without a lock the
second can start the timer the first just made, and the request fails with a 500.
"""

from __future__ import annotations

import threading
from typing import Any

from limits.storage import storage_from_string

from survey_app.auth.limits import LockedMemoryStorage


class _Interleaved(LockedMemoryStorage):
    """Pauses the first thread between storing its new timer and starting it, until a
    second thread has stored one too (or half a second has passed): the interleaving
    that double-starts a timer when replacing it is not serialised. The second thread
    begins only once the first has stored its timer."""

    STORAGE_SCHEME = ["memory-interleaved-test"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._stored = threading.Event()
        self.first_stored = threading.Event()
        self._first: threading.Thread | None = None
        self._replaced = 0
        super().__init__(*args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "timer" and getattr(self, "_first", None) is not None:
            self._replaced += 1
            if threading.current_thread() is self._first:
                self.first_stored.set()
                self._stored.wait(0.5)
            else:
                self._stored.set()


def test_memory_scheme_uses_the_locked_storage() -> None:
    assert isinstance(storage_from_string("memory://"), LockedMemoryStorage)


def test_two_threads_replacing_the_expiry_timer_at_once_do_not_fail() -> None:
    storage = _Interleaved()
    storage.timer.join()  # the timer started with the storage has run out
    errors: list[BaseException] = []
    go = threading.Barrier(2)

    def count(key: str) -> None:
        go.wait()
        if threading.current_thread() is not storage._first:
            storage.first_stored.wait(0.5)
        try:
            storage.incr(key, 60)
        except RuntimeError as error:  # "threads can only be started once"
            errors.append(error)

    threads = [threading.Thread(target=count, args=(f"k{i}",)) for i in range(2)]
    storage._first = threads[0]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    storage.timer.join()
    assert errors == []
    # The second thread found the first one's timer running and left it alone.
    assert storage._replaced == 1
    assert storage.get("k0") == 1 and storage.get("k1") == 1
