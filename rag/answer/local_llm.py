"""The embedded LLM (`RAG_LLM_BACKEND=local`): a GGUF chat model run in-process by mistral.rs, on the CPU.

Same contract as `rag.answer.llm.LLM`: `id`, `chat(system, user)`, `stream(system, user)`, and one
`LLMUnavailable(reason)` for every failure, so callers fall back to the extractive answer. The
tokenizer and chat template come from the GGUF file itself: nothing is fetched, it runs offline.

Made for a machine with two cores and no GPU, where one answer takes 10-20 s:
- Loading takes 4-6 s and about 3 GB. It happens in a background thread started when the client is
  built (`llm_preload`) or at the first call, so the service starts and `/ready` answers meanwhile. A
  call made during the load waits for it within its own time budget ("loading" past it); a load that
  fails is reported by every call ("load_failed") and logged once.
- One generation at a time: a mistralrs Runner must not be entered from two threads ("Already
  borrowed"), and two generations on two cores would each be twice as slow. A call that cannot start
  within `llm_busy_wait_s` gets "busy" at once: its caller answers extractively instead of queueing.
- Each call has `llm_timeout_s` from the moment it is made. Prompt processing cannot be interrupted,
  so a prompt that would use up the budget on its own, at the speed the earlier calls measured, is
  refused before it starts ("timeout"); generation is stopped by dropping the stream ("timeout")
  when the budget runs out. Closing the iterator of `stream` stops it the same way.
- The prompt plus the answer must fit `llm_context` tokens ("too_long" otherwise).

`mistralrs` is an optional dependency (`pip install '.[llm]'`), imported only when the model loads.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from rag.answer.llm import LLMUnavailable
from rag.config import Settings

log = logging.getLogger(__name__)

_TEMPLATE_TOKENS = 16  # the chat template around system + user (13 measured for Qwen2.5)
_PROMPT_TOKENS_PER_S = 60.0  # first guess at prompt processing on 2 cores; each call then measures it
_RATE_BOUNDS = (10.0, 150.0)  # a prefix-cache hit must not make the next estimate absurd
_LEARN_FROM_TOKENS = 256  # shorter prompts are mostly fixed cost: their speed says little about an answer prompt
_SHORTEST_ANSWER_S = 3.0  # what a prompt must leave of the budget for an answer worth waiting for


class OneAtATime:
    """A gate for one generation: `enter` waits at most `wait_s`, then raises `LLMUnavailable("busy")`.
    Any thread may `leave` (a streamed answer may be read on several worker threads)."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        self._lock = threading.Lock()

    def enter(self) -> None:
        if not self._lock.acquire(timeout=self.wait_s):
            raise LLMUnavailable("busy", f"another answer is being generated (waited {self.wait_s:g} s)")

    def leave(self) -> None:
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.locked()


class LocalLLM:
    """Chat completions, whole or streamed, from a GGUF model run in this process."""

    def __init__(self, settings: Settings) -> None:
        if settings.llm_gguf is None:
            raise ValueError("no local model configured: set RAG_LLM_GGUF")
        self.path = Path(settings.llm_gguf)
        self.context = settings.llm_context
        self.max_tokens = settings.llm_max_tokens
        self.temperature = settings.llm_temperature
        self.timeout_s = settings.llm_timeout_s
        self.gate = OneAtATime(settings.llm_busy_wait_s)
        self._prompt_rate = _PROMPT_TOKENS_PER_S
        self._runner = None
        self._request = None  # mistralrs.ChatCompletionRequest, once loaded
        self._failure: str | None = None
        self._loaded = threading.Event()
        self._loader: threading.Thread | None = None
        self._loader_lock = threading.Lock()
        # Read by the Rust thread pools when they start, i.e. at the first load in this process. Set
        # here, on the building thread, not in the loader: setenv races getenv in other threads.
        os.environ["RAYON_NUM_THREADS"] = os.environ["CANDLE_NUM_THREADS"] = str(settings.llm_threads)
        os.environ.setdefault("RUST_LOG", "error")  # mistralrs logs every request to stdout otherwise
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a standalone GGUF needs no hub; never try it
        if settings.llm_preload:
            self.start_loading()

    @property
    def id(self) -> str:
        """What /ready and each Answer's metadata show: the model file's name."""
        return self.path.stem

    def chat(self, system: str, user: str) -> str:
        """The whole reply, stripped; `LLMUnavailable` when there is none within the budget."""
        text = "".join(self._generate(system, user)).strip()
        if not text:
            raise LLMUnavailable("empty")
        return text

    def stream(self, system: str, user: str) -> Iterator[str]:
        """The reply as it is generated; `LLMUnavailable` may interrupt it. Nothing runs until the
        first `next`; closing the iterator stops the generation at its next token."""
        return self._generate(system, user)

    # Loading

    def start_loading(self) -> None:
        """Load the model in a background thread, once."""
        with self._loader_lock:
            if self._loader is None:
                self._loader = threading.Thread(target=self._load, name="local-llm-load", daemon=True)
                self._loader.start()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        """Start loading if need be and wait for it to end (loaded or failed); False on timeout."""
        self.start_loading()
        return self._loaded.wait(timeout)

    @property
    def loaded(self) -> bool:
        return self._runner is not None

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            self._runner, self._request = _open(self.path)
            log.info("local LLM %s loaded in %.1f s", self.id, time.perf_counter() - started)
        except LLMUnavailable as exc:
            self._failure = exc.detail
            log.error("local LLM %s cannot be loaded: %s", self.path, exc)
        finally:
            self._loaded.set()

    def _ready(self, deadline: float):
        self.start_loading()
        if not self._loaded.wait(max(0.0, deadline - time.monotonic())):
            raise LLMUnavailable("loading", f"{self.id} is still loading")
        if self._runner is None:
            raise LLMUnavailable("load_failed", self._failure or "")
        return self._runner

    # Generating

    def _generate(self, system: str, user: str) -> Iterator[str]:
        deadline = time.monotonic() + self.timeout_s
        runner = self._ready(deadline)
        self.gate.enter()
        streamer = None
        try:
            request, n_prompt = self._make_request(runner, system, user, deadline)
            started = time.monotonic()
            streamer = runner.send_chat_completion_request(request)
            first, pieces = None, 0
            for chunk in streamer:
                now = time.monotonic()
                if first is None:  # the first piece comes once the whole prompt is processed
                    first = now
                    self._learn(n_prompt, now - started)
                if chunk.usage is not None:
                    log.info("local LLM: %d prompt tokens in %.1f s, %d answer tokens in %.1f s",
                             chunk.usage.prompt_tokens, chunk.usage.total_prompt_time_sec or 0.0,
                             chunk.usage.completion_tokens, chunk.usage.total_completion_time_sec or 0.0)
                if now > deadline:
                    detail = (f"over the {self.timeout_s:g} s budget: {n_prompt} prompt tokens in "
                              f"{first - started:.1f} s, then {pieces} pieces in {now - first:.1f} s")
                    log.warning("local LLM stopped: %s", detail)
                    raise LLMUnavailable("timeout", detail)
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if piece:
                    pieces += 1
                    yield piece
        except (LLMUnavailable, GeneratorExit, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # Rust panics surface as pyo3's PanicException, a BaseException
            raise LLMUnavailable("error", _describe(exc)) from exc
        finally:
            streamer = None  # dropping the stream cancels the generation at its next token
            self.gate.leave()

    def _make_request(self, runner, system: str, user: str, deadline: float):
        n_prompt = (len(runner.tokenize_text(system, False, None)) + len(runner.tokenize_text(user, False, None))
                    + _TEMPLATE_TOKENS)
        room = self.context - n_prompt
        if room < 16:
            raise LLMUnavailable("too_long", f"prompt of {n_prompt} tokens, context {self.context}")
        needs = n_prompt / self._prompt_rate + _SHORTEST_ANSWER_S
        left = deadline - time.monotonic()
        if needs > left:
            # Never started, it measures nothing: drift back towards the first guess so a machine that
            # was busy for a while gets to try again.
            self._prompt_rate = max(self._prompt_rate, 0.5 * (self._prompt_rate + _PROMPT_TOKENS_PER_S))
            log.warning("local LLM: a %d-token prompt would need ~%.0f s, %.1f s left: not started", n_prompt, needs, left)
            raise LLMUnavailable("timeout", f"a {n_prompt}-token prompt needs ~{needs:.0f} s at "
                                            f"{self._prompt_rate:.0f} tokens/s; {left:.1f} s of the budget left")
        request = self._request(
            model="default",
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            max_tokens=min(self.max_tokens, room), temperature=self.temperature, stream=True,
        )
        return request, n_prompt

    def _learn(self, n_prompt: int, seconds: float) -> None:
        """Learn how fast this machine, as loaded now, processes a prompt."""
        if n_prompt >= _LEARN_FROM_TOKENS and seconds > 0:
            rate = min(max(n_prompt / seconds, _RATE_BOUNDS[0]), _RATE_BOUNDS[1])
            self._prompt_rate = 0.5 * self._prompt_rate + 0.5 * rate


def _open(path: Path):
    """A mistralrs Runner for the GGUF at `path`, and the request class; `LLMUnavailable` otherwise."""
    try:
        import mistralrs
    except ImportError as exc:
        raise LLMUnavailable("load_failed", f"mistralrs is not installed: pip install '.[llm]' ({exc})") from exc
    if not path.is_file():
        raise LLMUnavailable("load_failed", f"no such model file: {path}")
    try:
        which = mistralrs.Which.GGUF(quantized_model_id=str(path.resolve().parent), quantized_filename=path.name)
        runner = mistralrs.Runner(which=which, max_seqs=1, token_source="none")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a file that is no GGUF raises ValueError; a panic, PanicException
        raise LLMUnavailable("load_failed", _describe(exc)) from exc
    return runner, mistralrs.ChatCompletionRequest


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}"
