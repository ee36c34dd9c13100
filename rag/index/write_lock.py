"""One write at a time, across threads and across the processes that share a data dir."""

from __future__ import annotations

import threading
from pathlib import Path

from filelock import FileLock


class WriteLock:
    """A re-entrant lock: a thread lock inside a lock file (`filelock`, which uses flock on Linux).

    API workers that share one Chroma server also share `RAG_DATA_DIR` (the archive lives there),
    so the lock file there serialises their writes: two uploads of one id never interleave."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._threads = threading.RLock()
        self._file = FileLock(str(path))

    def __enter__(self) -> WriteLock:
        self._threads.acquire()
        try:
            self._file.acquire()
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._file.release()
        self._threads.release()
