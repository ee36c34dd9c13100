"""Throughput of /answer against concurrency, with the embedding engine's ceiling measured in the same run.

Two `rag serve` processes over one index, one after the other: *before*, query embeddings one at a
time (RAG_EMBED_QUERY_BATCH=1, RAG_DENSE_QUERY_BATCH=1, RAG_EMBED_LANES=1), no sentence cache
(RAG_SENTENCE_CACHE_SIZE=0) and 4 answers at a time (RAG_MAX_CONCURRENT_ANSWERS=4, the default
until 2026-12-04); *now*, the defaults. Both run the same engine build. Every request is a
distinct question (stats.variant), so no cache answers for it.

The ceiling: on N cores the engine embeds at most N × 1000 / (CPU ms per query) queries a second;
it is given for the engine's CPU per query alone and batched (the cheaper of one call of 16 queries
on all cores and calls of 8 side by side, one per core, as the server runs under load), measured in
this run.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from eval.bench import engine, load, procs
from eval.bench.questions import SEEDS, Asked
from eval.bench.stats import median

BEFORE = {"RAG_EMBED_QUERY_BATCH": "1", "RAG_DENSE_QUERY_BATCH": "1", "RAG_EMBED_LANES": "1", "RAG_SENTENCE_CACHE_SIZE": "0",
          "RAG_MAX_CONCURRENT_ANSWERS": "4"}
CONFIGS = (("before", BEFORE), ("now", {}))


def run(work: Path, asked: Sequence[Asked], native: str | None, levels: Sequence[int], requests: int, reps: int) -> dict:
    cost = engine.measure({"native": native}, variants=(("server's engine", "native" if native else "shipped", "PASSIVE"),))[0]
    cores = os.cpu_count() or 1
    out: dict = {"cores": cores, "engine": cost, "levels": list(levels), "requests": requests, "curves": {},
                 "ceiling_alone": cores * 1000 / cost["query_cpu_ms"],
                 # the engine's cheapest way to embed many queries: one 16-query call, or calls side by side
                 "ceiling_batched": cores * 1000 / min(cost["query_batched_cpu_ms"], cost.get("query_lanes_cpu_ms") or float("inf"))}
    work.mkdir(parents=True, exist_ok=True)
    base_env = procs.server_env(work / "data", SEEDS)
    procs.rag(["ingest"], base_env, work)
    for name, extra in CONFIGS:
        with procs.rag_serve({**base_env, **extra}, work, asked[0].text) as served:
            supply = load.Requests(asked, start=10_000 * (1 + len(out["curves"])))
            curve = []
            for c in levels:
                runs = [load.throughput(served.base, supply, c, max(requests, 4 * c)) for _ in range(max(1, reps))]
                curve.append({"concurrency": c, "runs": len(runs), "requests": runs[0]["requests"],
                              "errors": sum(r["errors"] for r in runs),
                              "error_codes": sorted({e for r in runs for e in r["error_codes"]}),
                              **{k: median([r[k] for r in runs if r[k] is not None]) for k in ("rps", "latency_p50", "latency_p95", "client_cpu_ms")}})
            out["curves"][name] = curve
    return out


def plot(result: dict, path: Path) -> Path:
    """answers/s against concurrency, both curves, with the ceilings; written to `path` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=110)
    for name, curve in result["curves"].items():
        ax.plot([p["concurrency"] for p in curve], [p["rps"] for p in curve], marker="o", label=f"{name}")
    ax.axhline(result["ceiling_batched"], linestyle="--", color="grey", label="engine ceiling (batched queries)")
    ax.axhline(result["ceiling_alone"], linestyle=":", color="grey", label="engine ceiling (one query a call)")
    ax.set_xscale("log", base=2)
    ax.set_xticks(result["levels"], [str(c) for c in result["levels"]])
    ax.set_xlabel("concurrent clients")
    ax.set_ylabel("answers/s (distinct questions)")
    ax.set_title(f"/answer throughput, {result['cores']} cores")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
