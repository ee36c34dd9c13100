"""Our pipeline in the benchmark's own process: ingest, retrieval and answer latency, retrieval quality."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.bench.questions import SEEDS, Asked
from eval.bench.stats import fresh, median, ms, over_reps, repeat, summary
from eval.metrics import hit_at, reciprocal_rank, relevance, Span
from eval.scoring import DEPTH
from rag import Pipeline, Settings, build_pipeline
from rag.index.embedder import Embedder


def settings_for(data_dir: Path, chroma_url: str | None = None, collection: str = "articles") -> Settings:
    """Settings isolated from the environment's .env: extractive answers, the given store."""
    extra = {"llm_base_url": None, "llm_backend": "openai"}  # extractive answers: the bench measures retrieval and the reader
    return Settings(_env_file=None, data_dir=data_dir, seeds_dir=SEEDS, chroma_url=chroma_url,
                    collection=collection, **extra)


def ingest(embedder: Embedder, workdir: Path, reps: int, chroma_url: str | None = None) -> tuple[dict, Pipeline]:
    """Seeds into a fresh index (cold), then again unchanged (warm), `reps` times; the last index stays
    open for the latency measurements."""
    cold, warm = [], []
    for rep in range(reps):
        pipe = build_pipeline(settings_for(workdir / f"ingest-{rep}", chroma_url, f"bench-ingest-{rep}"),
                              embedder=embedder)
        for runs in (cold, warm):
            calls = embedder.calls
            took, report = ms(lambda: pipe.ingest([SEEDS]))
            runs.append({"ms": took, "chunks": report.chunks_written, "docs": len(report.added) + len(report.updated),
                         "unchanged": len(report.unchanged), "embed_calls": embedder.calls - calls})
        chunks = pipe.size()[1]
    cold_ms, warm_ms = median([r["ms"] for r in cold]), median([r["ms"] for r in warm])
    return {
        "chunks": chunks, "docs": cold[0]["docs"], "reps": reps,
        "cold_ms": cold_ms, "cold_chunks_per_s": chunks / (cold_ms / 1000),
        "cold_spread": (max(r["ms"] for r in cold) - min(r["ms"] for r in cold)) / cold_ms,
        "cold_embed_calls": cold[0]["embed_calls"],
        "warm_ms": warm_ms, "warm_chunks_per_s": chunks / (warm_ms / 1000) if warm_ms else None,
        "warm_embed_calls": max(r["embed_calls"] for r in warm),
        "warm_chunks_written": max(r["chunks"] for r in warm),
        "warm_over_cold": warm_ms / cold_ms,
    }, pipe


def latency(pipe: Pipeline, asked: Sequence[Asked], reps: int) -> dict:
    """Per-stage latency over the questions: every sample is a question the process has not seen,
    so the query-embedding cache never answers, except in the `answer_cached` row."""
    n = max(pipe.settings.candidates, pipe.settings.top_k)
    pipe.run("pemanasan", top_k=None)  # first-call costs are cold start, not latency
    stages = {"embed_query": "embed_ms", "dense": "dense_ms", "bm25": "keyword_ms", "fused": "retrieve_ms"}
    runs: dict[str, list] = {name: [] for name in (*stages, "answer", "answer_cached")}
    for _ in range(reps):
        samples: dict[str, list[float]] = {name: [] for name in (*stages, "answer")}
        for q in asked:  # each stage's time as the pipeline itself records it (Trace.timings)
            took, trace = ms(lambda q=q: pipe.run(fresh(q.text), q.history))
            samples["answer"].append(took)
            for name, key in stages.items():
                samples[name].append(trace.timings[key])
        for name, values in samples.items():
            runs[name].append(summary(values))
        runs["answer_cached"].append(summary([ms(lambda q=q: pipe.run(q.text, q.history))[0] for q in asked]))
    return {**{name: over_reps(values) for name, values in runs.items()},
            "questions": len(asked), "candidates": n, "chunks": pipe.size()[1]}


def quality(ranked: Sequence[Sequence[Span]], asked: Sequence[Asked]) -> dict:
    """hit@1 and MRR@10 of rankings against the answerable questions' gold spans."""
    rels = [relevance(list(r)[:DEPTH], list(q.gold)) for r, q in zip(ranked, asked)]
    return {"questions": len(rels), "hit_at_1": sum(hit_at(r, 1) for r in rels) / len(rels),
            "mrr": sum(reciprocal_rank(r, DEPTH) for r in rels) / len(rels)}


def our_quality(pipe: Pipeline, asked: Sequence[Asked]) -> dict:
    """Our fused ranking, as the eval scores it (`run` with depth 10)."""
    answerable = [q for q in asked if q.answerable]
    ranked = [[Span(p.chunk.source, p.chunk.start, p.chunk.end) for p in pipe.run(q.text, q.history, depth=DEPTH).passages]
              for q in answerable]
    return quality(ranked, answerable)
