"""/answer over HTTP: sequential latency, and throughput at fixed concurrency with bounded requests."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from eval.bench.questions import Asked
from eval.bench.stats import summary, variant


def _body(q: Asked, n: int) -> dict:
    # A unique text per request, so the server's query cache never answers for it (see stats.variant).
    return {"question": variant(q.text, n), "history": [m.model_dump() for m in q.history]}


class Requests:
    """An endless supply of distinct requests built from the questions, thread-safe."""

    def __init__(self, asked: Sequence[Asked], start: int = 0) -> None:
        self._next: Iterator[tuple[int, Asked]] = zip(itertools.count(start), itertools.cycle(asked))
        self._lock = threading.Lock()

    def take(self) -> dict:
        with self._lock:
            n, q = next(self._next)
        return _body(q, n)


def sequential(base: str, asked: Sequence[Asked], requests: Requests) -> list[float]:
    """One request at a time, each question once; latency samples in ms."""
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in asked:
            started = time.perf_counter()
            r = client.post("/answer", json=requests.take())
            out.append((time.perf_counter() - started) * 1000)
            r.raise_for_status()
    return out


def throughput(base: str, requests: Requests, concurrency: int, total: int) -> dict:
    """`total` requests from `concurrency` clients at once: answers/s, latency, and non-200 replies."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    per_client = [total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)]

    def client_loop(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(n):
                started = time.perf_counter()
                status = client.post("/answer", json=requests.take()).status_code
                took = (time.perf_counter() - started) * 1000
                with lock:
                    (latencies if status == 200 else errors).append(took if status == 200 else status)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(client_loop, per_client))
    wall = time.perf_counter() - started
    return {"concurrency": concurrency, "requests": total, "ok": len(latencies), "errors": len(errors),
            "error_codes": sorted(set(errors)), "wall_s": wall, "rps": len(latencies) / wall if wall else None,
            **{f"latency_{k}": v for k, v in summary(latencies).items() if k in ("p50", "p95")}}
