"""The FastAPI app: `create_app()` builds it; `rag serve` runs it under uvicorn."""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from fastapi import FastAPI

from api import errors
from api.deps import PipelineDep
from rag import Answer, AnswerRequest, Pipeline, Settings, build_pipeline, get_settings

log = logging.getLogger(__name__)


def _start(settings: Settings) -> Pipeline:
    pipeline = build_pipeline(settings)
    if settings.index_seeds_if_empty and pipeline.store.count() == 0 and settings.seeds_dir.is_dir():
        log.warning("the index is empty: indexing %s", settings.seeds_dir)
        pipeline.ingest([settings.seeds_dir], progress=True)
    return pipeline


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The API with the chat page mounted at /ui. Pass `pipeline` to share one already built."""
    settings = settings or (pipeline.settings if pipeline else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pipeline = pipeline or _start(settings)
        yield

    app = FastAPI(
        title="Negotiations Q&A",
        summary="Grounded answers, with exact citations, over Indonesian news on the US–Russia negotiations on Ukraine.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)

    @app.get("/health", summary="Liveness: the process answers.")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/answer", summary="Answer a question with cited passages, or abstain.", response_model=Answer)
    def answer(request: AnswerRequest, pipeline: PipelineDep) -> Answer:
        return pipeline.answer(request.question, request.history, request.top_k)

    import gradio as gr

    from ui.app import build_ui

    return gr.mount_gradio_app(app, build_ui(lambda: app.state.pipeline, settings), path="/ui")
