"""The chat page at /ui, built when it is first needed rather than at start.

Importing Gradio and building the page cost ~3.5 s of CPU, most of a cold start, and no API
answer needs them. So /ui is mounted at once as `LazyPage`, a placeholder that builds the real
page (`ui.app`, mounted with `gr.mount_gradio_app` as usual) on the first request under /ui, or
in the background shortly after the service is ready, whichever comes first. Requests that
arrive during the build wait for it. Gradio's own start-up (its lifespan and queue) runs when
the page is built and stops with the service.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from contextlib import AsyncExitStack

import anyio
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from rag import Pipeline, Settings

log = logging.getLogger(__name__)
# Gradio keeps the block being built in process-wide state (gradio.context.Context.root_block and
# .block), so two pages built at once in two threads add their components to each other's page:
# one ends with no events at all. Pages of several apps in one process (the tests build many) are
# therefore built one at a time.
_BUILDING = threading.Lock()
# Gradio's queue polls for new events every 1 ms and for progress every 10 ms while it is idle
# (gradio.queueing.Queue, off Windows): ~1,100 wake-ups of the event loop a second, ~6% of a core
# with nobody on the page, and under load each wake-up takes the GIL from the threads answering.
# A chat event waits at most this long to be picked up instead.
QUEUE_POLL_S = 0.02
PROGRESS_POLL_S = 0.1


class LazyPage:
    """An ASGI app standing in for the Gradio page until it is built; then it passes everything on."""

    def __init__(self, app: FastAPI, path: str, settings: Settings, get_pipeline: Callable[[], Pipeline]) -> None:
        self.app, self.path, self.settings, self.get_pipeline = app, path, settings, get_pipeline
        self.page: ASGIApp | None = None
        self._lock = asyncio.Lock()
        self._stack = AsyncExitStack()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        page = self.page or await self.build()
        await page(scope, receive, send)

    async def build(self) -> ASGIApp:
        """Build and start the page once; concurrent callers wait for the same build."""
        async with self._lock:
            if self.page is None:
                gradio_app = await anyio.to_thread.run_sync(self._mount)  # imports and builds: off the event loop
                await self._stack.enter_async_context(gradio_app.router.lifespan_context(gradio_app))
                blocks = gradio_app.get_blocks()
                blocks.run_startup_events()
                _calm(blocks._queue)
                await blocks.run_extra_startup_events()
                self.page = gradio_app
                log.info("chat page ready at %s", self.path)
        return self.page

    def _mount(self) -> ASGIApp:
        """gr.mount_gradio_app on the real app (Gradio reads its middleware), then hand back the page it mounted.

        The route it adds sits behind this placeholder's, so requests keep coming here."""
        import gradio as gr

        from ui.app import build_ui, mount_options

        with _BUILDING:
            before, lifespan = len(self.app.router.routes), self.app.router.lifespan_context
            gr.mount_gradio_app(self.app, build_ui(self.get_pipeline, self.settings), path=self.path,
                                **mount_options(self.settings))
        self.app.router.lifespan_context = lifespan  # Gradio's start-up is run by `build`, not by a later lifespan
        return self.app.router.routes[before].app

    async def preload(self, delay_s: float) -> None:
        """Build the page in the background `delay_s` after start, so a first visitor rarely waits."""
        await asyncio.sleep(delay_s)
        try:
            await self.build()
        except Exception:  # the page is retried on its first request; the API is unaffected
            log.exception("building the chat page failed")

    async def close(self) -> None:
        await self._stack.aclose()


def _calm(queue: object) -> None:
    """Slow the idle polling of Gradio's queue (its loops read these attributes on every pass)."""
    for name, seconds in (("sleep_when_free", QUEUE_POLL_S), ("progress_update_sleep_when_free", PROGRESS_POLL_S)):
        if isinstance(getattr(queue, name, None), float):
            setattr(queue, name, max(getattr(queue, name), seconds))
