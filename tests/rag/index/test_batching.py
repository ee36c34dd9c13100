"""Continuous batching of concurrent calls (rag/index/batching.py): query embeddings, and any batched work."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from rag.index.batching import Batcher


class Gate:
    """An encode function that records its batches and can hold the first one until released."""

    def __init__(self, hold_first: bool = False, fail_on: str | None = None) -> None:
        self.batches: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()
        self.fail_on = fail_on

    def __call__(self, texts):
        self.batches.append(list(texts))
        self.entered.set()
        self.release.wait(10)
        if self.fail_on in texts:
            raise RuntimeError(f"cannot embed {self.fail_on!r}")
        return np.array([[float(len(t)), float(ord(t[0]))] for t in texts])


def wait_queued(batcher: Batcher, n: int) -> None:
    deadline = time.monotonic() + 10
    while len(batcher._waiting) < n:
        assert time.monotonic() < deadline, "callers never queued"
        time.sleep(0.001)


def test_a_lone_query_is_embedded_at_once_alone():
    encode = Gate()
    batcher = Batcher(encode)
    assert batcher("abc").tolist() == [3.0, 97.0]
    assert encode.batches == [["abc"]] and batcher.batches == 1


def test_queries_arriving_while_busy_share_one_call_and_each_gets_its_own_vector():
    encode = Gate(hold_first=True)
    batcher = Batcher(encode, max_batch=16)
    texts = ["first", "bb", "ccc", "dddd", "eeeee", "ffffff"]
    with ThreadPoolExecutor(len(texts)) as pool:
        first = pool.submit(batcher, texts[0])
        assert encode.entered.wait(10)
        rest = [pool.submit(batcher, t) for t in texts[1:]]
        wait_queued(batcher, len(rest))
        encode.release.set()
        got = [first.result(10)] + [f.result(10) for f in rest]
    assert encode.batches[0] == ["first"] and sorted(encode.batches[1]) == sorted(texts[1:])
    assert [v.tolist() for v in got] == [[float(len(t)), float(ord(t[0]))] for t in texts]
    assert batcher.batches == 2 and batcher.queries == len(texts)


def test_batches_hold_at_most_max_batch_in_arrival_order():
    encode = Gate(hold_first=True)
    batcher = Batcher(encode, max_batch=2)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(batcher, "a0")
        assert encode.entered.wait(10)
        later = []
        for i in range(1, 6):  # one at a time, so the arrival order is known
            later.append(pool.submit(batcher, f"a{i}"))
            wait_queued(batcher, i)
        encode.release.set()
        for f in [first, *later]:
            f.result(10)
    assert encode.batches == [["a0"], ["a1", "a2"], ["a3", "a4"], ["a5"]]


def test_an_error_reaches_the_callers_of_its_batch_only():
    encode = Gate(hold_first=True, fail_on="bad")
    batcher = Batcher(encode, max_batch=16)
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(batcher, "ok")
        assert encode.entered.wait(10)
        bad, fellow = pool.submit(batcher, "bad"), pool.submit(batcher, "also")
        wait_queued(batcher, 2)
        encode.release.set()
        assert first.result(10).tolist() == [2.0, 111.0]
        with pytest.raises(RuntimeError, match="bad"):
            bad.result(10)
        with pytest.raises(RuntimeError, match="bad"):
            fellow.result(10)
    assert batcher("next").tolist() == [4.0, 110.0]  # the batcher is free again


def test_max_batch_or_lanes_below_one_are_refused():
    with pytest.raises(ValueError):
        Batcher(Gate(), max_batch=0)
    with pytest.raises(ValueError):
        Batcher(Gate(), lanes=0)


class Lanes:
    """An encode function that holds every call until released and counts calls running at once."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    def __call__(self, texts):
        with self.lock:
            self.batches.append(list(texts))
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(10)
        with self.lock:
            self.running -= 1
        return np.array([[float(len(t))] for t in texts])


def wait_for(condition) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.001)


def test_with_two_lanes_two_batches_run_side_by_side_and_the_rest_queue_in_order():
    encode = Lanes()
    batcher = Batcher(encode, max_batch=16, lanes=2)
    with ThreadPoolExecutor(5) as pool:
        a = pool.submit(batcher, "a")
        wait_for(lambda: encode.running == 1)
        b = pool.submit(batcher, "bb")
        wait_for(lambda: encode.running == 2)  # the second lane starts at once
        rest = []
        for i, t in enumerate(["ccc", "dddd", "eeeee"], 1):
            rest.append(pool.submit(batcher, t))
            wait_queued(batcher, i)
        encode.release.set()
        got = [f.result(10).tolist() for f in (a, b, *rest)]
    assert got == [[1.0], [2.0], [3.0], [4.0], [5.0]]
    assert encode.batches[:2] == [["a"], ["bb"]]
    # Each lane, as it frees, passes to the oldest waiting caller, who takes the callers still waiting.
    later = encode.batches[2:]
    assert sorted(t for batch in later for t in batch) == ["ccc", "dddd", "eeeee"]
    order = ["ccc", "dddd", "eeeee"]
    assert len(later) <= 2 and any(batch[0] == "ccc" for batch in later)  # the oldest leads a batch
    assert all(batch == sorted(batch, key=order.index) for batch in later)  # each in arrival order
    assert encode.most == 2


def test_lanes_are_never_lost_under_load():
    """Many callers over two lanes: every caller is answered, never more than two batches run at
    once, and when all is done both lanes are free (a lone caller runs at once again)."""
    calls = []

    def encode(texts):
        calls.append(len(texts))
        time.sleep(0.001 * (len(calls) % 3))
        return np.array([[float(len(t))] for t in texts])

    batcher = Batcher(encode, max_batch=4, lanes=2)
    texts = ["x" * (i % 9 + 1) for i in range(400)]
    with ThreadPoolExecutor(16) as pool:
        got = list(pool.map(batcher, texts))
    assert [v.tolist() for v in got] == [[float(len(t))] for t in texts]
    assert batcher.queries == 400 and max(calls) <= 4
    assert batcher._running == 0 and not batcher._waiting


def test_batched_vectors_are_the_lone_vectors(embedder):
    """The real engine: queries embedded together equal the same queries embedded alone."""
    texts = [f"Siapa yang bertemu di Riyadh pada pertemuan ke-{i}?" for i in range(12)]
    alone = np.stack([embedder.engine.encode([t], True)[0] for t in texts])
    batcher = Batcher(lambda batch: embedder.engine.encode(list(batch), True), max_batch=16)
    with ThreadPoolExecutor(8) as pool:
        together = np.stack(list(pool.map(batcher, texts)))
    cosine = np.sum(alone * together, axis=1) / (np.linalg.norm(alone, axis=1) * np.linalg.norm(together, axis=1))
    assert cosine.min() > 0.9999
