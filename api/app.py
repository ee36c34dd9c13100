"""The FastAPI app: `create_app()` builds it; `rag serve` runs it under uvicorn."""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before Gradio is imported (api/chat_page.py)

from fastapi import FastAPI  # noqa: E402
from fastapi.middleware.cors import CORSMiddleware  # noqa: E402

from api import errors  # noqa: E402
from api.chat_page import LazyPage  # noqa: E402
from api.deps import AnswerSlots  # noqa: E402
from api.guard import PageGuard  # noqa: E402
from api.middleware import BodyLimit, RequestContext, Timeout, configure_logging, stamp_request_ids  # noqa: E402
from api.routes import router  # noqa: E402
from rag import Pipeline, Settings, build_pipeline, get_settings  # noqa: E402

log = logging.getLogger(__name__)
UI_PATH = "/ui"
UPLOAD_OVERHEAD = 64_000  # multipart framing and JSON escaping on top of the document itself
PAGE_PRELOAD_S = 2.0  # the chat page is built this long after start (or at its first request)


def _start(settings: Settings) -> Pipeline:
    pipeline = build_pipeline(settings)
    if settings.index_seeds_if_empty and pipeline.size()[1] == 0 and settings.seeds_dir.is_dir():
        log.warning("the index is empty: indexing %s", settings.seeds_dir)
        pipeline.ingest([settings.seeds_dir], progress=True)
    return pipeline


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None, announce: bool = False) -> FastAPI:
    """The API with the chat page mounted at /ui. Pass `pipeline` to share one already built;
    `announce` prints where it serves once it is ready (as `rag serve` does)."""
    settings = settings or (pipeline.settings if pipeline else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pipeline = pipeline or _start(settings)
        if announce:
            base = f"http://{settings.host}:{settings.port}"
            print(f"Serving on {base}  (chat page: {base}{UI_PATH}, API docs: {base}/docs)", flush=True)
        preload = asyncio.create_task(page.preload(PAGE_PRELOAD_S))
        try:
            yield
        finally:
            preload.cancel()
            await page.close()

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
    # Always added, even with no origins: Gradio then adds no CORS of its own to the page, which
    # would answer any localhost origin with credentials allowed (see gradio's CustomCORSMiddleware).
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.origins), allow_methods=["GET", "POST", "DELETE"],
                       allow_headers=["Authorization", "Content-Type", "X-Request-ID"])
    app.add_middleware(PageGuard, prefix=UI_PATH)
    app.add_middleware(Timeout, seconds=settings.request_timeout_s)
    app.add_middleware(BodyLimit, limit_of=lambda method, path: _body_limit(settings, method, path))
    app.add_middleware(RequestContext)
    stamp_request_ids()
    page = LazyPage(app, UI_PATH, settings, lambda: app.state.pipeline)
    app.mount(UI_PATH, page)
    return app


def _body_limit(settings: Settings, method: str, path: str) -> int:
    """Uploads carry a document (and multipart framing); every other body is a question or less."""
    if method == "POST" and path == "/documents":
        return settings.max_upload_bytes + UPLOAD_OVERHEAD
    return settings.max_request_bytes


def serve_app() -> FastAPI:
    """The app as `rag serve` runs it: JSON logs, settings from the environment."""
    configure_logging()
    return create_app(announce=True)
