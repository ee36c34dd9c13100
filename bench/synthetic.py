"""Scale: retrieval latency over a SYNTHETIC corpus of 1k, 10k, 100k chunks.

Embedding 100k real chunks takes hours on two cores, so the corpus is generated:
- dense side: random unit vectors of the embedder's dimension (384);
- keyword side: Indonesian-like text, ~90 words a chunk, drawn with a Zipf law from the seeds'
  own words (most frequent first) followed by made-up words built from Indonesian syllables.
Queries are the real eval questions, so BM25 finds real words and the query embedding is real.
The chunks go through our own Store and KeywordIndex, exactly as ingest would write them.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.inproc import settings_for
from bench.questions import SEEDS, Asked
from bench.stats import fresh, ms, repeat
from rag import Chunk, Pipeline, build_pipeline
from rag.keyword import KeywordIndex

WORDS_PER_CHUNK = 90
_ONSETS = ["", "b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "ng", "ny", "p", "r", "s", "t", "w", "y"]
_VOWELS = ["a", "i", "u", "e", "o"]
_CODAS = ["", "", "", "n", "ng", "r", "s", "t", "k", "h", "l", "m"]


def vocabulary(rng: np.random.Generator, size: int = 50_000) -> list[str]:
    """The seeds' words by frequency, then made-up Indonesian-like words up to `size`."""
    counts = Counter(w for p in sorted(SEEDS.glob("*.txt")) for w in re.findall(r"[a-z]+", p.read_text().lower()))
    words = [w for w, _ in counts.most_common()]
    seen = set(words)
    syllables = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    while len(words) < size:
        word = "".join(rng.choice(syllables, size=int(rng.integers(2, 5))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def chunks(rng: np.random.Generator, vocab: Sequence[str], start: int, n: int) -> list[Chunk]:
    """`n` synthetic chunks, ids from `start`, 20 to a synthetic document."""
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.07
    picks = rng.choice(len(vocab), size=(n, WORDS_PER_CHUNK), p=weights / weights.sum())
    out = []
    for i, row in enumerate(picks, start):
        words = [vocab[j] for j in row]
        for at in range(14, len(words), 15):  # sentence-like stops
            words[at] += "."
        text = " ".join(words).capitalize()
        out.append(Chunk(id=f"synthetic-{i // 20:06d}.txt#{i % 20}", source=f"synthetic-{i // 20:06d}.txt",
                         text=text, start=0, end=len(text), title="SYNTHETIC", hash="synthetic"))
    return out


def unit_vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((n, dim), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def run(pipe_like: Pipeline, workdir: Path, sizes: Sequence[int], asked: Sequence[Asked], reps: int,
        seed: int = 7) -> dict:
    """Grow one synthetic index through `sizes` and measure retrieval at each size."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng)
    pipe = build_pipeline(settings_for(workdir / "scale", collection="bench-synthetic"), embedder=pipe_like.embedder)
    dim = pipe.embedder.query("dimension").shape[0]
    vectors = {q.text: pipe.embedder.query(q.text) for q in asked}
    n = max(pipe.settings.candidates, pipe.settings.top_k)
    rows, have = [], 0
    for size in sorted(sizes):
        started = time.perf_counter()
        for lo in range(have, size, 10_000):
            hi = min(size, lo + 10_000)
            pipe.store.write_chunks(chunks(rng, vocab, lo, hi - lo), unit_vectors(rng, hi - lo, dim))
        insert_s = time.perf_counter() - started
        fetch_ms, everything = ms(pipe.store.all_chunks)
        scratch_ms, _ = ms(lambda: KeywordIndex(pipe.keyword.tokenize).rebuild(everything))  # no token cache
        pipe.keyword.rebuild(everything)
        del everything
        # What keyword upkeep costs per write now: one more document, then the refresh every write runs.
        pipe.store.write_chunks(chunks(rng, vocab, size, 20), unit_vectors(rng, 20, dim))
        refresh_ms, _ = ms(pipe.refresh_keyword_index)
        pipe.run("pemanasan")

        def fused(_: int) -> list[float]:
            return [pipe.run(fresh(q.text), q.history).timings["retrieve_ms"] for q in asked]

        rows.append({
            "chunks": pipe.store.count(), "added": size - have, "insert_s": insert_s,
            "insert_chunks_per_s": (size - have) / insert_s if insert_s else None,
            "keyword_fetch_ms": fetch_ms, "keyword_scratch_ms": scratch_ms, "keyword_refresh_ms": refresh_ms,
            "dense": repeat(reps, lambda _: [ms(lambda q=q: pipe.store.dense(vectors[q.text], n))[0] for q in asked]),
            "bm25": repeat(reps, lambda _: [ms(lambda q=q: pipe.keyword.search(q.text, n))[0] for q in asked]),
            "fused": repeat(reps, fused),
        })
        have = size + 20
    base = rows[0]
    for row in rows:  # growth against the smallest size
        for key in ("dense", "bm25", "fused"):
            row[key]["growth"] = row[key]["p50"] / base[key]["p50"] if base[key]["p50"] else None
    return {"synthetic": True, "vocabulary": len(vocab), "words_per_chunk": WORDS_PER_CHUNK, "dim": int(dim),
            "questions": len(asked), "rows": rows}
