"""Timing helpers: samples in milliseconds, percentiles, and medians over repeated runs.

Each measurement is repeated `reps` times in one process; a repetition yields its own p50/p95,
and the tables show the median of those over the repetitions, with the spread between the
fastest and slowest repetition's p50 as a noise gauge.
"""

from __future__ import annotations

import itertools
import os
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from eval.metrics import percentile


def ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    out = fn()
    return (time.perf_counter() - started) * 1000, out


def summary(samples: Sequence[float]) -> dict:
    """p50/p95/mean of one repetition's samples (ms)."""
    return {"n": len(samples), "p50": percentile(samples, 50), "p95": percentile(samples, 95),
            "mean": statistics.fmean(samples) if samples else None}


def over_reps(runs: Sequence[dict]) -> dict:
    """Median p50 and p95 over repetitions, with the spread of p50 ((max-min)/median)."""
    p50s = [r["p50"] for r in runs if r["p50"] is not None]
    p95s = [r["p95"] for r in runs if r["p95"] is not None]
    if not p50s:
        return {"p50": None, "p95": None, "spread": None, "reps": len(runs), "n": 0}
    mid = statistics.median(p50s)
    return {"p50": mid, "p95": statistics.median(p95s), "spread": (max(p50s) - min(p50s)) / mid if mid else 0.0,
            "reps": len(runs), "n": sum(r["n"] for r in runs)}


def repeat(reps: int, one_run: Callable[[int], Sequence[float]]) -> dict:
    """`one_run(rep)` returns a repetition's samples; the result summarises them over the repetitions."""
    return over_reps([summary(one_run(rep)) for rep in range(reps)])


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


_FRESH = itertools.count()
_FRESH_LOCK = threading.Lock()


def fresh(text: str) -> str:
    """`text` as this process has never asked it before (see `variant`)."""
    with _FRESH_LOCK:
        return variant(text, next(_FRESH))


def variant(text: str, n: int) -> str:
    """`text` made unique by a whitespace prefix that encodes `n`: a distinct cache key, the same
    vector (the e5 tokenizer drops leading whitespace) and the same BM25 tokens."""
    digits = ""
    while True:
        n, d = divmod(n, 3)
        digits += " \t\n"[d]
        if n == 0:
            return digits + text


def load_average() -> float:
    return os.getloadavg()[0]
