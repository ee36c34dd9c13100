"""/answer over HTTP: sequential latency, and throughput at fixed concurrency with bounded requests.

The clients are `http.client` connections kept alive, one per thread: the load runs on the server's
cores, and httpx took 4-5 ms of CPU per request there against ~0.7 ms (eval/bench/notes.py)."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

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


class Client:
    """One kept-alive connection to the server at `base`."""

    def __init__(self, base: str) -> None:
        url = urllib.parse.urlsplit(base)
        self._conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)

    def answer(self, body: dict) -> int:
        """POST /answer; the reply's status (its body read to the end)."""
        data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        try:
            self._conn.request("POST", "/answer", body=data, headers=headers)
            reply = self._conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self._conn.close()  # the server closed the kept-alive connection: once more on a new one
            self._conn.request("POST", "/answer", body=data, headers=headers)
            reply = self._conn.getresponse()
        reply.read()
        return reply.status

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self._conn.close()


def sequential(base: str, asked: Sequence[Asked], requests: Requests) -> list[float]:
    """One request at a time, each question once; latency samples in ms."""
    out = []
    with Client(base) as client:
        for _ in asked:
            started = time.perf_counter()
            status = client.answer(requests.take())
            out.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"/answer replied {status}")
    return out


def throughput(base: str, requests: Requests, concurrency: int, total: int) -> dict:
    """`total` requests from `concurrency` clients at once: answers/s, latency, non-200 replies, and
    the clients' own CPU per request (they share the server's cores)."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    per_client = [total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)]

    def client_loop(n: int) -> None:
        with Client(base) as client:
            for _ in range(n):
                body = requests.take()
                started = time.perf_counter()
                status = client.answer(body)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    (latencies if status == 200 else errors).append(took if status == 200 else status)

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(client_loop, per_client))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"concurrency": concurrency, "requests": total, "ok": len(latencies), "errors": len(errors),
            "client_cpu_ms": cpu * 1000 / total,
            "error_codes": sorted(set(errors)), "wall_s": wall, "rps": len(latencies) / wall if wall else None,
            **{f"latency_{k}": v for k, v in summary(latencies).items() if k in ("p50", "p95")}}
