"""The metrics, as pure functions of spans, rankings and numbers (no pipeline, no I/O).

A span is (source, start, end) with `end` exclusive. Two spans overlap when they are in
the same source and their character ranges intersect.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple


class Span(NamedTuple):
    source: str
    start: int
    end: int


def overlaps(a: Span, b: Span) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def touches_any(span: Span, gold: Iterable[Span]) -> bool:
    return any(overlaps(span, g) for g in gold)


def relevance(ranked: Sequence[Span], gold: Sequence[Span]) -> list[bool]:
    """For each ranked span: does it overlap some gold span?"""
    return [touches_any(s, gold) for s in ranked]


def hit_at(rel: Sequence[bool], k: int) -> float:
    """1.0 when a relevant item is among the first `k`."""
    return 1.0 if any(rel[:k]) else 0.0


def reciprocal_rank(rel: Sequence[bool], k: int = 10) -> float:
    """1/rank of the first relevant item within the first `k`, else 0."""
    for i, r in enumerate(rel[:k], start=1):
        if r:
            return 1.0 / i
    return 0.0


def ndcg(rel: Sequence[bool], n_relevant: int, k: int = 10) -> float:
    """Binary-gain nDCG@k. The ideal ranking puts all `n_relevant` relevant items (in the whole
    index, not only those retrieved) first."""
    dcg = sum(1.0 / math.log2(i + 1) for i, r in enumerate(rel[:k], start=1) if r)
    n_ideal = min(k, max(n_relevant, sum(bool(r) for r in rel[:k])))
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, n_ideal + 1))
    return dcg / ideal if ideal else 0.0


def precision(spans: Sequence[Span], gold: Sequence[Span]) -> float | None:
    """Share of `spans` that overlap some gold span; None when there are no spans."""
    return sum(touches_any(s, gold) for s in spans) / len(spans) if spans else None


def recall(spans: Sequence[Span], gold: Sequence[Span]) -> float | None:
    """Share of gold spans overlapped by some span; None when there is no gold."""
    return sum(touches_any(g, spans) for g in gold) / len(gold) if gold else None


def keywords_present(text: str, groups: Sequence[Sequence[str]]) -> bool:
    """Every group has at least one alternative in `text` (case-insensitive)."""
    low = text.lower()
    return all(any(alt.lower() in low for alt in group) for group in groups)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), as numpy's default; None when empty."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


