"""Following a store that other processes write too."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)


class Follower:
    """Keeps in-memory indexes in step with a store that other processes write too (several API
    workers sharing one Chroma server). At most every `every_s` seconds, `poll()` compares a cheap
    `stamp()` of the store with the one the indexes were built from; when it moved, `refresh()`
    runs. Both run in a background thread: a request never waits for them, and readers use the
    old index until the new one is swapped in. `every_s=None` turns following off (one process)."""

    def __init__(self, stamp: Callable[[], Hashable], refresh: Callable[[], None], every_s: float | None) -> None:
        self._stamp, self._refresh, self._every = stamp, refresh, every_s
        self._built_from: Hashable = None
        self._due = 0.0
        self._lock = threading.Lock()
        self._failing = False

    def built(self, stamp: Hashable) -> None:
        """The indexes now reflect the store as `stamp` describes it."""
        self._built_from = stamp

    def poll(self) -> None:
        if self._every is None or time.monotonic() < self._due or not self._lock.acquire(blocking=False):
            return
        self._due = time.monotonic() + self._every
        threading.Thread(target=self._check, name="keyword-follower", daemon=True).start()

    def _check_now(self) -> None:
        """One check, in the caller's thread (what `poll` runs in the background)."""
        self._lock.acquire()
        self._check()

    def _check(self) -> None:
        try:
            if self._stamp() != self._built_from:
                self._refresh()
            if self._failing:
                log.warning("the keyword index follows the store again")
            self._failing = False
        except Exception as exc:  # noqa: BLE001 - e.g. the Chroma server restarting; the next poll retries
            if not self._failing:  # one line when it starts failing, not a traceback every second
                log.warning("cannot bring the keyword index in step with the store, retrying: %s", exc)
            self._failing = True
        finally:
            self._lock.release()
