"""What the chat page's mount (/ui) accepts from the network.

The page is mounted into the API app, so every Gradio route is an API route anyone can call.
Two facts about the installed Gradio make that dangerous:
- its path check (`processing_utils._check_allowed`) returns at once unless the app was started
  with `launch()`; under `gr.mount_gradio_app` it never runs;
- it copies every file reference (`{"path": …, "meta": {"_type": "gradio.FileData"}}`) found in
  any input value of any event into its cache, whatever the component, and then serves the copy.
So a request that names `/proc/self/environ` in a chat message gets that file back.

Our page is text only: it uploads documents through `POST /documents`, never through Gradio.
This guard therefore lets through only the routes the page uses, and refuses any request body
that carries an object with a `path` key, which is how Gradio spells a file reference. Gradio's
upload, file, proxy, stream and component-server routes are not reachable at all.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.responses import send_error

# (method, path under the mount) the page and gradio_client use; everything else is 404.
_ROUTES = [
    ("GET", re.compile(r"/?")),
    ("GET", re.compile(r"/(config|theme\.css|robots\.txt|favicon\.ico|manifest\.json)/?")),
    ("GET", re.compile(r"/(assets|static|svelte)/[\w./@-]+")),
    ("GET", re.compile(r"/gradio_api/(info|startup-events|queue/data|app_id)/?")),
    ("GET", re.compile(r"/gradio_api/heartbeat/[\w-]+")),
    ("GET", re.compile(r"/gradio_api/call/[\w-]+/[\w-]+")),
    ("POST", re.compile(r"/gradio_api/(queue/join|cancel|reset)/?")),
    ("POST", re.compile(r"/gradio_api/(call|run)/[\w-]+/?")),
]
MAX_BODY = 256_000  # a question, its top-k and Gradio's framing; the page sends nothing bigger


def allowed(method: str, path: str) -> bool:
    method = "GET" if method == "HEAD" else method
    return any(m == method and pattern.fullmatch(path) for m, pattern in _ROUTES)


def carries_file(value: object) -> bool:
    """Whether a decoded JSON body holds an object with a `path` key anywhere (a file reference)."""
    if isinstance(value, dict):
        return "path" in value or any(carries_file(v) for v in value.values())
    if isinstance(value, list):
        return any(carries_file(v) for v in value)
    return False


class PageGuard:
    """ASGI middleware for the app that mounts the page at `prefix`; other paths pass untouched."""

    def __init__(self, app: ASGIApp, prefix: str = "/ui") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == self.prefix or path.startswith(self.prefix + "/")):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":  # CORS preflight: answered by the CORS middleware outside this one
            await self.app(scope, receive, send)
            return
        if not allowed(method, path[len(self.prefix):]):
            await send_error(send, 404, "not_found", "no such page route")
            return
        if method != "POST":
            await self.app(scope, receive, send)
            return
        body = await _read(receive, MAX_BODY)
        if body is None:
            await send_error(send, 413, "too_large", f"the chat page accepts requests of at most {MAX_BODY:,} bytes")
            return
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            await send_error(send, 422, "invalid_request", "the chat page accepts JSON bodies only")
            return
        if carries_file(data):
            await send_error(send, 422, "invalid_request", "the chat page takes text only: file references are refused")
            return
        await self.app(scope, _replay(body, receive), send)


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None once it grows past `limit`."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
