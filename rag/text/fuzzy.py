"""How alike two spellings are: one matcher for names (people) and anchors (verification)."""

from __future__ import annotations

from rapidfuzz.distance import Indel


def similarity(a: str, b: str) -> float:
    """0..1: twice the longest common subsequence over the total length (rapidfuzz's Indel ratio)."""
    return Indel.normalized_similarity(a, b)
