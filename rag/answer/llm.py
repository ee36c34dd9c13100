"""The LLM client: the only module that talks to an LLM server (rag/answer/local_llm.py runs one in-process).

Any OpenAI-compatible chat endpoint (llama.cpp's server, Ollama, vLLM, OpenAI, ...) through
llama-index's `OpenAILike`, configured from our Settings and never from llama-index's global
`Settings` (which would fall back to OpenAI). Every failure - timeout, rate limit, refused
connection, HTTP error, an unreadable or empty reply - surfaces as one `LLMUnavailable`
with a short reason, because callers have exactly one answer to all of them: fall back.

After a timeout, a refused connection or a rate limit the client stays "cooling down" for
`llm_cooldown_s`: calls fail at once instead of each waiting out its own timeout, so a dead
LLM costs a request one timeout at most.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Protocol

from rag.config import Settings

log = logging.getLogger(__name__)

# Reasons after which the endpoint is likely to fail again right away.
_TRIP = frozenset({"timeout", "unreachable", "rate_limited"})


class LLMUnavailable(Exception):
    """The LLM gave no usable reply. Internal to the core: callers fall back, it never reaches the edge."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _reason(exc: Exception) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):  # a subclass of APIConnectionError: test it first
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "unreachable"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError):
        return f"http_{exc.status_code}"
    return "error"


class LLM:
    """Chat completions, whole or streamed, against the configured endpoint."""

    def __init__(self, settings: Settings) -> None:
        if not settings.llm_base_url:
            raise ValueError("no LLM configured: set RAG_LLM_BASE_URL")
        # Imported here: the client libraries take seconds to import, and most setups have no LLM.
        from llama_index.llms.openai_like import OpenAILike

        self.base_url = settings.llm_base_url
        self.model = settings.llm_model
        self._client = OpenAILike(
            model=settings.llm_model,
            api_base=settings.llm_base_url,
            # Always explicit: an unset key would make the client read OPENAI_API_KEY and send it anywhere.
            api_key=settings.llm_api_key or "not-needed",
            is_chat_model=True,
            is_function_calling_model=False,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
        )
        self._cooldown = settings.llm_cooldown_s
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        """What /ready and each Answer's metadata show: the model, not the endpoint, which may be internal."""
        return self.model

    def chat(self, system: str, user: str) -> str:
        """The whole reply, stripped; `LLMUnavailable` when there is none."""
        self._check()
        try:
            reply = self._client.chat(_messages(system, user))
        except Exception as exc:  # third-party edge: whatever it raises means "no reply" (see module doc)
            raise self._failed(exc) from exc
        text = (reply.message.content or "").strip()
        if not text:
            raise LLMUnavailable("empty")
        return text

    def stream(self, system: str, user: str) -> Iterator[str]:
        """The reply as it is generated, piece by piece; `LLMUnavailable` may interrupt it."""
        self._check()
        try:
            for part in self._client.stream_chat(_messages(system, user)):
                if part.delta:
                    yield part.delta
        except Exception as exc:  # third-party edge, as in chat()
            raise self._failed(exc) from exc

    def _check(self) -> None:
        with self._lock:
            if time.monotonic() < self._down_until:
                raise LLMUnavailable("cooling_down", f"{self.base_url} failed recently")

    def _failed(self, exc: Exception) -> LLMUnavailable:
        reason = _reason(exc)
        log.warning("LLM call failed (%s): %s", reason, exc)
        if reason in _TRIP and self._cooldown > 0:
            with self._lock:
                self._down_until = time.monotonic() + self._cooldown
        return LLMUnavailable(reason, str(exc)[:200])


def _messages(system: str, user: str) -> list:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]


class ChatModel(Protocol):
    """What the answerer and the query steps need of an LLM: `LLM` here, `LocalLLM` in rag/answer/local_llm.py."""

    @property
    def id(self) -> str: ...

    def chat(self, system: str, user: str) -> str: ...

    def stream(self, system: str, user: str) -> Iterator[str]: ...


def build_llm(settings: Settings) -> ChatModel | None:
    """The configured LLM: the in-process GGUF model when RAG_LLM_BACKEND=local, else the endpoint at
    RAG_LLM_BASE_URL; None when neither is set."""
    if settings.llm_backend == "local":
        from rag.answer.local_llm import LocalLLM  # mistralrs and its 3 GB model only when asked for

        return LocalLLM(settings)
    return LLM(settings) if settings.llm_base_url else None
