"""The FastAPI app: `create_app()` builds it; `rag serve` runs it under uvicorn."""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.middleware.cors import CORSMiddleware  # noqa: E402

from api import errors  # noqa: E402
from api.deps import AnswerSlots  # noqa: E402
from api.middleware import RequestContext, Timeout, configure_logging, stamp_request_ids  # noqa: E402
from api.routes import router  # noqa: E402
from rag import Pipeline, Settings, build_pipeline, get_settings  # noqa: E402
from ui.app import build_ui, mount_options  # noqa: E402

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
    if pipeline is not None:
        app.state.pipeline = pipeline  # usable before the lifespan runs (ASGI test transports)
    app.state.slots = AnswerSlots(settings.max_concurrent_answers, settings.queue_timeout_s)
    errors.install(app)
    app.include_router(router)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-Request-ID"])
    app.add_middleware(Timeout, seconds=settings.request_timeout_s)
    app.add_middleware(RequestContext)
    stamp_request_ids()
    return gr.mount_gradio_app(app, build_ui(lambda: app.state.pipeline, settings), path="/ui", **mount_options(settings))


def serve_app() -> FastAPI:
    """The app as `rag serve` runs it: JSON logs, settings from the environment."""
    configure_logging()
    return create_app()
