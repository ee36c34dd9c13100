"""The `rag` command: ingest, ask, serve (and the eval commands from `eval/`)."""

from __future__ import annotations

import json
import logging
import os
import sys
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
        f"{pipeline.store.count()} chunks in the index"
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

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    os.environ["RAG_HOST"] = host  # the app decides write access by the bound interface
    typer.echo(f"Serving on http://{host}:{port}  (chat page: http://{host}:{port}/ui, API docs: /docs)")
    uvicorn.run("api.app:serve_app", factory=True, host=host, port=port, log_config=None, timeout_graceful_shutdown=5)


# Eval commands (eval/runner.py) go below this line.


def main() -> None:
    """Entry point: domain errors become one short line on stderr and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except RagError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
