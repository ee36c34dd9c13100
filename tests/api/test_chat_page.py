"""The chat page is built after start: the API answers without Gradio, and /ui builds the page once."""

from __future__ import annotations

import subprocess
import sys

from api.app import UI_PATH, create_app
from api.chat_page import PROGRESS_POLL_S, QUEUE_POLL_S, LazyPage
from tests.server import local_client


def test_importing_the_app_does_not_import_gradio():
    code = "import sys, api.app; print('gradio' in sys.modules)"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "False"


def test_the_first_request_under_ui_builds_the_page_and_the_next_reuse_it(pipeline):
    app = create_app(pipeline=pipeline)
    [page] = [r.app for r in app.routes if getattr(r, "path", None) == UI_PATH and isinstance(r.app, LazyPage)]
    with local_client(app) as client:
        assert client.get("/health").status_code == 200
        first = client.get(f"{UI_PATH}/")
        assert first.status_code == 200 and "gradio" in first.text.lower()
        built = page.page
        assert built is not None
        assert client.get(f"{UI_PATH}/config").status_code == 200
        assert page.page is built  # built once
        # Gradio's queue polls every 1 ms when idle unless slowed: ~6% of a core with nobody on the page.
        queue = built.get_blocks()._queue
        assert queue.sleep_when_free >= QUEUE_POLL_S and queue.progress_update_sleep_when_free >= PROGRESS_POLL_S


def test_two_pages_built_at_once_each_keep_their_own_events(pipeline):
    """Gradio keeps the block being built in process-wide state: two pages built in two threads at
    once must not add their components to each other's page (one then had no events at all)."""
    import threading

    pages = []
    for _ in range(2):
        app = create_app(pipeline=pipeline)
        pages += [r.app for r in app.routes if getattr(r, "path", None) == UI_PATH and isinstance(r.app, LazyPage)]
    built: list = [None, None]
    start = threading.Barrier(2)

    def build(i: int) -> None:
        start.wait()
        built[i] = pages[i]._mount()

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    configs = [page.get_blocks().config for page in built]
    events = [len(c["dependencies"]) for c in configs]
    assert events[0] > 0 and events[0] == events[1]
    assert len(configs[0]["components"]) == len(configs[1]["components"])
