"""`rag eval`: run a question set through the public Pipeline and score every answer.

Without a corpus it uses the configured index (indexing the seeds when it is empty); with
`corpus` it builds a fresh pipeline in a temporary data dir, ingests that folder, and reads
the evidence offsets from its files.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from eval import gate, report
from eval.metrics import Span
from eval.questions import QUESTIONS, Question, TextOf, directory_texts, load
from eval.scoring import DEPTH, breakdown, score
from rag import Message, NotFound, Pipeline, Settings, Trace, build_pipeline

log = logging.getLogger(__name__)
Echo = Callable[[str], None]


@contextmanager
def opened(settings: Settings, corpus: Path | None = None) -> Iterator[tuple[Pipeline, TextOf]]:
    """The pipeline to evaluate and the source texts the evidence offsets are read from."""
    if corpus is None:
        pipeline = build_pipeline(settings)
        if not pipeline.documents():
            pipeline.ingest([settings.seeds_dir])
        yield pipeline, corpus_texts(settings.seeds_dir, pipeline)
        return
    if not Path(corpus).is_dir():
        raise FileNotFoundError(f"{corpus}: no such folder")
    with tempfile.TemporaryDirectory(prefix="rag-eval-", ignore_cleanup_errors=True) as tmp:
        fresh = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None, "seeds_dir": Path(corpus)})
        pipeline = build_pipeline(fresh)
        ingested = pipeline.ingest([Path(corpus)])
        for name, reason in ingested.failed.items():
            log.warning("not indexed: %s", reason)
        yield pipeline, corpus_texts(Path(corpus), pipeline)


def corpus_texts(folder: Path, pipeline: Pipeline) -> TextOf:
    """A source's text from its file in `folder`, else as the index stores it."""
    from_files = directory_texts(folder)

    def text_of(name: str) -> str | None:
        text = from_files(name)
        if text is None:
            try:
                text = pipeline.document(name).text
            except NotFound:
                return None
        return text

    return text_of


def run(pipeline: Pipeline, questions: Sequence[Question]) -> list[tuple[Question, Trace, float]]:
    """Each question through `pipeline.run` exactly as the API calls it; (question, trace, ms)."""
    pipeline.run("warm-up", top_k=None, depth=DEPTH)  # first-call costs are not a question's latency
    out = []
    for q in questions:
        history = [Message(role=t["role"], content=t["content"]) for t in q.history]
        started = time.perf_counter()
        trace = pipeline.run(q.question, history=history, top_k=None, depth=DEPTH)
        out.append((q, trace, (time.perf_counter() - started) * 1000))
    return out


def evaluate(pipeline: Pipeline, questions: Sequence[Question], text_of: TextOf, meta: dict | None = None) -> dict:
    """{"meta", "metrics" (overall, by lang, by kind), "questions" (one outcome each)}."""
    started = time.perf_counter()
    index = [Span(c.source, c.start, c.end) for c in pipeline.chunks()]
    outcomes = [score(q, trace, ms, text_of, index) for q, trace, ms in run(pipeline, questions)]
    s = pipeline.settings
    return {
        "meta": {
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "n": len(outcomes), "abstain_threshold": s.abstain_threshold, "top_k": s.top_k,
            "embed_backend": s.embed_backend, "chunks": len(index),
            "answerer": "llm" if getattr(s, "llm_base_url", None) else "extractive",
            "duration_s": round(time.perf_counter() - started, 1), **(meta or {}),
        },
        "metrics": breakdown(outcomes),
        "questions": outcomes,
    }


def run_eval(
    settings: Settings, questions: Path = QUESTIONS, corpus: Path | None = None, use_gate: bool = False,
    thresholds: Path = gate.THRESHOLDS, out: Path = report.RESULTS, echo: Echo = print,
) -> int:
    """The whole `rag eval`: evaluate, print, write results and report; 1 when the gate fails."""
    with opened(settings, corpus) as (pipeline, text_of):
        qs = load(questions, text_of)
        where = str(corpus) if corpus else f"{settings.seeds_dir} (configured index)"
        results = evaluate(pipeline, qs, text_of, {"questions": str(questions), "corpus": where})
    previous = report.rotate_and_write(results, out)
    echo(report.table(results))
    if previous:
        echo("\n" + report.deltas(results, previous))
    md = report.write_markdown(results, previous, out)
    echo(f"\n{results['meta']['n']} questions in {results['meta']['duration_s']} s; "
         f"wrote {out / 'latest.json'} and {md}")
    if not use_gate:
        return 0
    failures = gate.check(results["metrics"], gate.load_thresholds(thresholds))
    for line in failures:
        echo(f"GATE FAIL: {line}")
    echo("gate: failed" if failures else f"gate: passed ({thresholds})")
    return 1 if failures else 0
