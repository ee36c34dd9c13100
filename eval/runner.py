"""`rag eval`: run a question set through the public Pipeline and score every answer.

Without a corpus it uses the configured index (indexing the seeds when it is empty); with
`corpus` it builds a fresh pipeline in a temporary data dir, ingests that folder, and reads
the evidence offsets from its files.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from eval import cleaning, gate, report
from eval.metrics import Span
from eval.questions import QUESTIONS, Question, TextOf, load
from eval.scoring import DEPTH, breakdown, fallback_reasons, score
from rag import Message, NotFound, Pipeline, ReaderModel, Settings, Trace, build_pipeline

log = logging.getLogger(__name__)
Echo = Callable[[str], None]


@contextmanager
def opened(settings: Settings, corpus: Sequence[Path] = (), reader: ReaderModel | None = None
           ) -> Iterator[tuple[Pipeline, TextOf]]:
    """The pipeline to evaluate and the source texts the evidence offsets are read from: the texts
    as the index stores them (for an HTML page, its extracted text), which citations slice.
    `reader`: the extractive reader's model, when not the shipped one."""
    if not corpus:
        pipeline = build_pipeline(settings, reader=reader)
        if not pipeline.documents():
            pipeline.ingest([settings.seeds_dir])
        yield pipeline, stored_texts(pipeline)
        return
    for folder in corpus:
        if not Path(folder).is_dir():
            raise FileNotFoundError(f"{folder}: no such folder")
    with tempfile.TemporaryDirectory(prefix="rag-eval-", ignore_cleanup_errors=True) as tmp:
        # The shipped engine: a build compiled for this CPU moves near-tied ranks, and with them the
        # figures the gates compare, from one machine to another.
        fresh = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None, "seeds_dir": Path(corpus[0]),
                                            "embed_native": False})
        pipeline = build_pipeline(fresh, reader=reader)
        ingested = pipeline.ingest([Path(f) for f in corpus])
        for name, reason in ingested.failed.items():
            log.warning("not indexed: %s", reason)
        yield pipeline, stored_texts(pipeline)


def stored_texts(pipeline: Pipeline) -> TextOf:
    """A source's text as the index stores it, or None when it holds no such document."""
    cache: dict[str, str | None] = {}

    def text_of(name: str) -> str | None:
        if name not in cache:
            try:
                cache[name] = pipeline.document(name).text
            except NotFound:
                cache[name] = None
        return cache[name]

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
    traces = run(pipeline, questions)
    outcomes = [score(q, trace, ms, text_of, index) for q, trace, ms in traces]
    lines = [r for r in cleaning.read_jsonl(cleaning.CORPUS / "lines.jsonl") if text_of(r["file"]) is not None]
    on_boilerplate = cleaning.cited_boilerplate(outcomes, {r["file"]: text_of(r["file"]) for r in lines}, lines)
    s = pipeline.settings
    return {
        "meta": {
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "n": len(outcomes), "top_k": s.top_k,
            "embed_backend": s.embed_backend, "chunks": len(index),
            "engine": getattr(pipeline.embedder.engine, "build", None),  # "shipped", or the compiled build's path
            "answerer": pipeline.answerer_name,  # "extractive", or "llm (<model>)"
            "duration_s": round(time.perf_counter() - started, 1), **(meta or {}),
        },
        "metrics": breakdown(outcomes),
        **same_run_extractive(traces, outcomes, text_of, index),
        "cited_boilerplate": on_boilerplate,  # citations on labelled non-story lines; must stay empty
        "questions": outcomes,
    }


def same_run_extractive(traces: Sequence[tuple[Question, Trace, float]], outcomes: Sequence[dict], text_of: TextOf,
                        index: list[Span]) -> dict:
    """With an LLM answerer: its fallback reasons (from the run's `outcomes`), and the extractive
    answers the same run made first (each trace's draft, timed to the draft), scored the same way;
    nothing without an LLM."""
    if not any(trace.draft is not None for _, trace, _ in traces):
        return {}
    drafts = [score(q, dataclasses.replace(trace, answer=trace.draft), trace.timings.get("draft_ms", ms), text_of, index)
              for q, trace, ms in traces if trace.draft is not None]
    return {"fallbacks": fallback_reasons(outcomes), "extractive_same_run": {"metrics": breakdown(drafts)}}


def run_eval(
    settings: Settings, questions: Path = QUESTIONS, corpus: Sequence[Path] = (), use_gate: bool = False,
    thresholds: Path = gate.THRESHOLDS, out: Path = report.RESULTS, echo: Echo = print,
) -> int:
    """The whole `rag eval`: evaluate, print, write results and report; 1 when the gate fails."""
    with opened(settings, corpus) as (pipeline, text_of):
        qs = load(questions, text_of)
        where = " + ".join(map(str, corpus)) if corpus else f"{settings.seeds_dir} (configured index)"
        results = evaluate(pipeline, qs, text_of, {"questions": str(questions), "corpus": where})
    previous = report.rotate_and_write(results, out)
    echo(report.table(results))
    if "extractive_same_run" in results:
        echo("\n" + report.side_by_side(results))
    echo(f"\ncitations on labelled boilerplate lines: {len(results['cited_boilerplate'])}"
         + "".join(f"\n  {c}" for c in results["cited_boilerplate"]))
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


def run_cleaning(settings: Settings, out: Path = report.RESULTS, echo: Echo = print) -> int:
    """`rag eval --cleaning`: index the seeds and eval/corpus/articles afresh and measure the cleaner."""
    with opened(settings, [settings.seeds_dir, cleaning.CORPUS / "articles"]) as (pipeline, text_of):
        lines = cleaning.read_jsonl(cleaning.CORPUS / "lines.jsonl")
        texts = {r["file"]: text_of(r["file"]) for r in lines if text_of(r["file"]) is not None}
        html = cleaning.read_jsonl(cleaning.CORPUS / "html.jsonl")
        stored = {g["file"]: text_of(g["file"]) for g in html if text_of(g["file"]) is not None}
        md = cleaning.markdown(cleaning.line_scores(texts, lines),
                               cleaning.metadata_scores(pipeline.documents(), cleaning.read_jsonl(cleaning.CORPUS / "meta.jsonl")),
                               cleaning.html_scores(stored, html))
    out.mkdir(parents=True, exist_ok=True)
    (out / "cleaning.md").write_text(md, encoding="utf-8")
    echo(md)
    echo(f"wrote {out / 'cleaning.md'}")
    return 0
