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
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eval.bench.inproc import settings_for
from eval.bench.questions import SEEDS, Asked
from eval.bench.stats import fresh, median, ms, repeat
from rag import Chunk, DocumentInfo, Pipeline, build_pipeline
from rag.index.embedder import Embedder

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
        out.append(Chunk(id=f"synthetic-{i // 20:06d}.txt@synthetic#{i % 20}", source=f"synthetic-{i // 20:06d}.txt",
                         text=text, start=0, end=len(text), title="SYNTHETIC", hash="synthetic"))
    return out


class RandomVectors:
    """An embedding engine for the synthetic corpus: a unit vector seeded by each text's hash, so the
    dense side costs what it costs at this size while no model runs (embedding 100k real chunks
    takes hours on two cores)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        rows = [np.random.default_rng(zlib.crc32(t.encode())).standard_normal(self.dim, dtype=np.float32) for t in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)


def unit_vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((n, dim), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def bulk_load(pipe: Pipeline, rng: np.random.Generator, vocab: Sequence[str], start: int, n: int, dim: int) -> None:
    """`n` synthetic chunks straight into the store, committed as documents of 20 chunks each, then
    the in-memory indexes rebuilt. The benchmark's one reach into the core's internals: a corpus of
    this size cannot go through ingest (sentence vectors alone would be millions of rows)."""
    made = chunks(rng, vocab, start, n)
    pipe.store.write_chunks(made, unit_vectors(rng, n, dim))
    for source in dict.fromkeys(c.source for c in made):
        pipe.store.commit(DocumentInfo(id=source, title="SYNTHETIC", chunks=20, hash="synthetic"), "")


def document(rng: np.random.Generator, vocab: Sequence[str], n: int) -> str:
    """One synthetic article of about 20 chunks' worth of text, for a real write."""
    return "Artikel Sintetis\n\n" + "\n\n".join(c.text for c in chunks(rng, vocab, n * 20, 20))


def run(pipe_like: Pipeline, workdir: Path, sizes: Sequence[int], asked: Sequence[Asked], reps: int,
        seed: int = 7) -> dict:
    """Grow one synthetic index through `sizes`; at each size measure retrieval and the cost of one write."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng)
    dim = pipe_like.embedder.query("dimension").shape[0]
    settings = settings_for(workdir / "scale", collection="bench-synthetic")
    pipe = build_pipeline(settings, embedder=Embedder(RandomVectors(dim), "synthetic-random", 0))
    rows, have, written = [], 0, 0
    for size in sorted(sizes):
        started = time.perf_counter()
        for lo in range(have, size, 10_000):
            bulk_load(pipe, rng, vocab, lo, min(size, lo + 10_000) - lo, dim)
        insert_s = time.perf_counter() - started
        full_ms, _ = ms(pipe.upkeep.rebuild)  # what every write cost before: the whole keyword index from the store
        # What a write costs now: one real document through the public path (clean, chunk, embed,
        # store, archive, keyword index for that document, insights).
        writes = [ms(lambda n=n: pipe.add_document(f"tulis-{size}-{n}.txt", document(rng, vocab, 10**6 + written + n)
                                                   .encode()))[0] for n in range(max(1, reps))]
        written += len(writes)
        pipe.run("pemanasan")

        def fused(_: int) -> list[float]:
            return [pipe.run(fresh(q.text), q.history).timings["retrieve_ms"] for q in asked]

        def stage(key: str):
            return lambda _: [pipe.run(fresh(q.text), q.history).timings[key] for q in asked]

        rows.append({
            "chunks": pipe.size()[1], "added": size - have, "insert_s": insert_s,
            "insert_chunks_per_s": (size - have) / insert_s if insert_s else None,
            "write_ms": median(writes), "full_refresh_ms": full_ms,
            "dense": repeat(reps, stage("dense_ms")), "bm25": repeat(reps, stage("keyword_ms")),
            "fused": repeat(reps, fused),
        })
        have = size
    base = rows[0]
    for row in rows:  # growth against the smallest size
        for key in ("dense", "bm25", "fused"):
            row[key]["growth"] = row[key]["p50"] / base[key]["p50"] if base[key]["p50"] else None
    return {"synthetic": True, "vocabulary": len(vocab), "words_per_chunk": WORDS_PER_CHUNK, "dim": int(dim),
            "questions": len(asked), "rows": rows}
