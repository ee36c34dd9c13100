"""The one place where the steps are wired.

    question(+history) -> condense -> embed -> dense top-k ┐
                                  └─> BM25 top-k ─────────┴ fuse (RRF) -> cut off -> answer -> cite

and, for writes: file/text -> parse -> chunk -> embed -> store -> refresh keyword index.
"""

from __future__ import annotations

import logging
import threading
import time
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rag.access import check_upload_size, document_id
from rag.answer import ExtractiveAnswerer, ScoredSentence, candidates
from rag.chunking import Chunker
from rag.condense import Queries, condense
from rag.config import Settings
from rag.embed import Embedder, build_embedder
from rag.errors import InvalidInput
from rag.fusion import reciprocal_rank_fusion
from rag.ingest import Indexer, content_hash, decode
from rag.keyword import KeywordIndex
from rag.lang import detect_language
from rag.models import Answer, DocumentInfo, IngestReport, Message, ScoredChunk, StreamEvent
from rag.store import INDEXING, READY, Store, StoredDocument

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Trace:
    """One question's way through the pipeline: what was retrieved, how strong the evidence was."""

    queries: Queries
    passages: list[ScoredChunk]  # best first
    support: float  # score of the best answer sentence; the answerer abstains below its threshold
    answer: Answer
    timings: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """Answers questions over the indexed documents and keeps both indexes in step on writes."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: Store,
        keyword: KeywordIndex,
        indexer: Indexer,
        answerer: ExtractiveAnswerer,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.keyword = keyword
        self.indexer = indexer
        self.answerer = answerer
        self._write_lock = threading.RLock()
        self.repair()

    # Reads

    def validate(self, question: str, history: Sequence[Message], top_k: int | None) -> int:
        """Check a request against the configured limits; return the effective top_k."""
        s = self.settings
        if not question.strip():
            raise InvalidInput("question must not be empty")
        if len(question) > s.max_question_chars:
            raise InvalidInput(f"question is {len(question)} characters; the limit is {s.max_question_chars}")
        if len(history) > s.max_history_turns:
            raise InvalidInput(f"history has {len(history)} turns; the limit is {s.max_history_turns}")
        k = s.top_k if top_k is None else top_k
        if not 1 <= k <= s.max_top_k:
            raise InvalidInput(f"top_k must be between 1 and {s.max_top_k}, got {k}")
        return k

    def retrieve(self, queries: Queries, top_k: int) -> list[ScoredChunk]:
        """Fused dense and keyword ranking, cut off at `top_k`."""
        n = max(self.settings.candidates, top_k)
        dense = self.store.dense(self.embedder.query(queries.dense), n)
        keyword = self.keyword.search(queries.keyword, n)
        return reciprocal_rank_fusion(dense, keyword, k=self.settings.rrf_k)[:top_k]

    def score_sentences(self, queries: Queries, passages: Sequence[ScoredChunk]) -> list[ScoredSentence]:
        """Candidate answer sentences from `passages`, best first."""
        found = candidates(passages, self.store.sentences([p.chunk for p in passages]))
        vectors = [self.embedder.query(queries.question)]
        if queries.dense != queries.question:
            vectors.append(self.embedder.query(queries.dense))
        return self.answerer.score(queries.question, vectors, found)

    def run(
        self, question: str, history: Sequence[Message] = (), top_k: int | None = None, depth: int = 0
    ) -> Trace:
        """Answer `question` and keep what led there. `depth` retrieves more passages for inspection
        (the eval ranks 10); the answerer still sees only the first `top_k`."""
        k = self.validate(question, history, top_k)
        started = time.perf_counter()
        queries = condense(question, history)
        passages = self.retrieve(queries, max(k, depth))
        retrieved = time.perf_counter()
        sentences = self.score_sentences(queries, passages[:k])
        answer = self.answerer.answer(detect_language(question), sentences)
        timings = {"retrieve_ms": (retrieved - started) * 1000, "answer_ms": (time.perf_counter() - retrieved) * 1000}
        log.info("answered", extra={**timings, "abstained": answer.abstained})
        return Trace(
            queries=queries, passages=passages, support=sentences[0].score if sentences else 0.0,
            answer=answer, timings=timings,
        )

    def answer(self, question: str, history: Sequence[Message] = (), top_k: int | None = None) -> Answer:
        """Answer `question`, citing the exact passages used, or abstain."""
        return self.run(question, history, top_k).answer

    def stream(
        self, question: str, history: Sequence[Message] = (), top_k: int | None = None
    ) -> Iterator[StreamEvent]:
        """The answer as events: each citation, the text in word-sized deltas, then `done` with the Answer."""
        answer = self.answer(question, history, top_k)
        for citation in answer.citations:
            yield StreamEvent(event="citation", data=citation)
        for piece in re.findall(r"\S+\s*", answer.answer):
            yield StreamEvent(event="delta", data=piece)
        yield StreamEvent(event="done", data=answer)

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def document(self, doc_id: str) -> StoredDocument:
        return self.store.document(doc_id)

    # Writes

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Index the text files under `paths`, then bring the keyword index in step."""
        with self._write_lock:
            report = self.indexer.ingest(paths, prune=prune, progress=progress)
            if report.added or report.updated or report.pruned or len(self.keyword) != self.store.count():
                self.refresh_keyword_index()
            return report

    def add_document(self, filename: str | None, raw: bytes) -> tuple[DocumentInfo, bool]:
        """Index one uploaded document; (info, created).

        Idempotent by content: text already indexed, under any id, returns that document.
        The id is the sanitised file name, or one made from the content hash when there is no name;
        size and type are checked against the limits."""
        check_upload_size(len(raw), self.settings)
        doc_id = document_id(filename, self.settings) if filename is not None else None
        text = decode(raw, doc_id or "document")
        digest = content_hash(text)
        doc_id = doc_id or f"doc-{digest[:16]}.txt"
        with self._write_lock:
            for other, (other_hash, status) in self.store.hashes().items():
                if other_hash == digest and status == READY:
                    return self.store.document(other).info, False
            info = self.indexer.index(doc_id, text)
            self.refresh_keyword_index()
            return info, True

    def delete_document(self, doc_id: str) -> None:
        with self._write_lock:
            self.store.document(doc_id)  # NotFound when absent
            self.store.delete(doc_id)
            self.refresh_keyword_index()

    def refresh_keyword_index(self) -> None:
        self.keyword.rebuild(self.store.all_chunks())

    def repair(self) -> list[str]:
        """Remove documents an interrupted ingest left half-written; the next ingest re-adds them."""
        with self._write_lock:
            broken = [d.id for d in self.store.documents(status=INDEXING)]
            for doc_id in broken:
                log.warning("removing half-indexed document %s", doc_id)
                self.store.delete(doc_id)
            self.refresh_keyword_index()
            return broken


def build_pipeline(settings: Settings, *, rebuild: bool = False, embedder: Embedder | None = None) -> Pipeline:
    """Build the heavy parts once: embedder, store, keyword index, answerer."""
    embedder = embedder or build_embedder(settings)
    store = Store(settings, embedder.id, rebuild=rebuild)
    keyword = KeywordIndex()
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
    indexer = Indexer(embedder, store, chunker, settings.embed_batch_size)
    answerer = ExtractiveAnswerer(
        keyword.tokenize, threshold=settings.abstain_threshold, max_sentences=settings.max_answer_sentences
    )
    return Pipeline(settings, embedder, store, keyword, indexer, answerer)



