"""The one place where the steps are wired.

    question(+history) -> condense -> embed -> dense top-k ┐
                                  └─> BM25 top-k ─────────┴ fuse (RRF) -> cut off -> answer -> cite

With an LLM configured, `queries` adds its two optional steps (condense a follow-up, expand
the keyword query into the other language) and `compose` answers with the LLM answerer,
which verifies the reply and falls back to the extractive answer (rag/llm_answer.py).

and, for writes: file/text -> parse -> chunk -> embed -> store -> refresh keyword index.
"""

from __future__ import annotations

import logging
import time
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

from rag.access import check_upload_size, document_id
from rag.answer import ExtractiveAnswerer, ScoredSentence, candidates
from rag.chunking import Chunker
from rag.condense import Queries, condense, condense_with_llm, expand
from rag.config import Settings
from rag.embed import Embedder, build_embedder
from rag.errors import InvalidInput, RagError
from rag.fusion import reciprocal_rank_fusion
from rag.archive import Archive, read_export
from rag.decode import decode
from rag.ingest import Indexer, content_hash
from rag.keyword import Follower, KeywordIndex
from rag.lang import detect_language
from rag.llm_answer import LLMAnswerer, build_llm_answerer
from rag.models import Answer, DocumentInfo, DocumentWritten, IngestReport, Message, Person, ScoredChunk, StreamEvent, TimelineEvent
from rag.store import INDEXING, READY, Store, StoredDocument
from rag.timeline import Timeline
from rag.write_lock import WriteLock

log = logging.getLogger(__name__)
# With a shared Chroma server: how stale a worker's keyword index may be after another worker wrote.
KEYWORD_FOLLOW_S = 1.0


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
        llm_answerer: LLMAnswerer | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.keyword = keyword
        self.indexer = indexer
        self.answerer = answerer
        self.llm_answerer = llm_answerer  # None: no LLM configured, extractive answers
        # Writes are one at a time: among this process's threads, and across the workers that share
        # the data dir (and with it, as the README says, one Chroma server).
        self._write_lock = WriteLock(settings.data_dir / ".write.lock")
        self.timeline_index = Timeline(keyword.tokenize)  # filled by repair() below, like the keyword index
        # With a Chroma server, other workers write to the store too: follow it (see keyword.Follower).
        self._follower = Follower(self._store_stamp, self._refresh_locked,
                                  KEYWORD_FOLLOW_S if settings.chroma_url else None)
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
        self._follower.poll()
        dense = self.store.dense(self.embedder.query(queries.dense), n)
        keyword = self.keyword.search(queries.keyword, n)
        # English words rarely occur in Indonesian text: an English keyword query ranks on little evidence.
        weight = self.settings.keyword_weight_en if detect_language(queries.keyword) == "en" else 1.0
        return reciprocal_rank_fusion(dense, keyword, k=self.settings.rrf_k, keyword_weight=weight)[:top_k]

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
        *_, trace = self._run(question, history, top_k, depth, streamed=False)
        return trace

    def _run(
        self, question: str, history: Sequence[Message], top_k: int | None, depth: int, streamed: bool
    ) -> Iterator[str | Trace]:
        """`run` as a generator: the LLM's text as it comes when `streamed`, then the Trace."""
        k = self.validate(question, history, top_k)
        started = time.perf_counter()
        queries = self.queries(question, history)
        passages = self.retrieve(queries, max(k, depth))
        retrieved = time.perf_counter()
        sentences = self.score_sentences(queries, passages[:k])
        answer = yield from self.compose(queries, passages[:k], sentences, streamed)
        timings = {"retrieve_ms": (retrieved - started) * 1000, "answer_ms": (time.perf_counter() - retrieved) * 1000}
        log.info("answered", extra={**timings, "abstained": answer.abstained})
        yield Trace(
            queries=queries, passages=passages, support=sentences[0].score if sentences else 0.0,
            answer=answer, timings=timings,
        )

    def queries(self, question: str, history: Sequence[Message]) -> Queries:
        """Retrieval queries; with an LLM, the two optional steps (each falls back to its input)."""
        queries = condense(question, history)
        llm = self.llm_answerer.llm if self.llm_answerer else None
        if llm and history and self.settings.llm_condense:
            queries = condense_with_llm(llm, question, history, queries)
        if llm and self.settings.llm_expand:
            queries = expand(llm, queries, detect_language(question))
        return queries

    def compose(
        self, queries: Queries, passages: Sequence[ScoredChunk], sentences: Sequence[ScoredSentence], streamed: bool
    ) -> Iterator[str]:
        """The answer step. A generator that returns the Answer; it yields text only for a streamed LLM answer."""
        language = detect_language(queries.question)
        if self.llm_answerer is None:
            answer = self.answerer.answer(language, sentences)
            return answer.model_copy(update={"metadata": {"answerer": "extractive"}})
        question = queries.standalone or queries.question
        # Verification needs every sentence of the passages, not only those the extractive scorer kept.
        args = (question, language, passages, sentences, self.store.sentences([p.chunk for p in passages]))
        if not streamed:
            return self.llm_answerer.answer(*args)
        for item in self.llm_answerer.stream(*args):
            if isinstance(item, Answer):
                return item
            yield item
        raise AssertionError("the LLM answerer's stream ends with an Answer")

    @property
    def answerer_name(self) -> str:
        """The configured answerer: "extractive", or "llm (<model>)"."""
        return f"llm ({self.llm_answerer.llm.id})" if self.llm_answerer else "extractive"

    def answer(self, question: str, history: Sequence[Message] = (), top_k: int | None = None) -> Answer:
        """Answer `question`, citing the exact passages used, or abstain."""
        return self.run(question, history, top_k).answer

    def stream(
        self, question: str, history: Sequence[Message] = (), top_k: int | None = None
    ) -> Iterator[StreamEvent]:
        """The answer as events: each citation, the text in word-sized deltas, then `done` with the Answer.

        With an LLM the deltas are its tokens as generated, before verification; the citations
        follow them, and `done` carries the verified Answer, whose text replaces the deltas."""
        if self.llm_answerer is not None:
            yield from self._stream_llm(question, history, top_k)
            return
        answer = self.answer(question, history, top_k)
        for citation in answer.citations:
            yield StreamEvent(event="citation", data=citation)
        for piece in re.findall(r"\S+\s*", answer.answer):
            yield StreamEvent(event="delta", data=piece)
        yield StreamEvent(event="done", data=answer)

    def _stream_llm(self, question: str, history: Sequence[Message], top_k: int | None) -> Iterator[StreamEvent]:
        for item in self._run(question, history, top_k, 0, streamed=True):
            if isinstance(item, Trace):
                for citation in item.answer.citations:
                    yield StreamEvent(event="citation", data=citation)
                yield StreamEvent(event="done", data=item.answer)
            else:
                yield StreamEvent(event="delta", data=item)

    def size(self) -> tuple[int, int]:
        """(documents, chunks) the indexes hold, from memory: cheap enough for a readiness probe."""
        return len(self.store.versions), len(self.keyword)

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def document(self, doc_id: str) -> StoredDocument:
        return self.store.document(doc_id)

    def timeline(
        self, start: date | None = None, end: date | None = None, person: str | None = None
    ) -> list[TimelineEvent]:
        """Dated events, oldest first, each citing every article that reports it; optionally only those
        that may fall within [start, end] and that name `person` (any spelling, or the surname)."""
        if start and end and start > end:
            raise InvalidInput(f"from ({start}) is after to ({end})")
        return self.timeline_index.events(start, end, person.strip() if person else None)

    def people(self) -> list[Person]:
        """Everyone the articles name, with their roles and cited passages, spelling variants merged."""
        return self.timeline_index.people()

    # Writes

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Index the text files under `paths`, then bring the keyword index in step."""
        with self._write_lock:
            report = self.indexer.ingest(paths, prune=prune, progress=progress)
            if report.added or report.updated or report.pruned or len(self.keyword) != self.store.count():
                self.refresh_keyword_index()
            return report

    def add_document(self, filename: str | None, raw: bytes) -> DocumentWritten:
        """Index one uploaded document; says whether it was created, updated or already there.

        Idempotent by content: text already indexed, under any id, returns that document. The same
        id with new text is an update. The id is the sanitised file name (rag.access.document_id),
        or one made from the content hash when there is no name; size and type are checked."""
        check_upload_size(len(raw), self.settings)
        doc_id = document_id(filename, self.settings) if filename is not None else None
        text = decode(raw, doc_id or "document")
        digest = content_hash(text)
        doc_id = doc_id or f"doc-{digest[:16]}.txt"
        with self._write_lock:
            known = self.store.hashes()
            for other, (other_hash, status) in known.items():
                if other_hash == digest and status == READY:
                    return DocumentWritten.of(self.store.document(other).info, "unchanged")
            info = self.indexer.index(doc_id, text, raw)
            self.refresh_keyword_index()
            return DocumentWritten.of(info, "updated" if doc_id in known else "created")

    def delete_document(self, doc_id: str) -> None:
        with self._write_lock:
            self.store.document(doc_id)  # NotFound when absent
            self.indexer.delete(doc_id)
            self.refresh_keyword_index()

    def reindex(self, progress: bool = False) -> IngestReport:
        """Rebuild both indexes from the kept originals (after changing the embedder or the chunking)."""
        with self._write_lock:
            self.store.drop()
            self.store.open()
            report = IngestReport()
            for doc_id in tqdm(self.indexer.archive.ids(), desc="reindexing", unit="doc", disable=not progress):
                report.chunks_written += self._reindex_one(doc_id, report)
            self.refresh_keyword_index()
            return report

    def _reindex_one(self, doc_id: str, report: IngestReport) -> int:
        raw = self.indexer.archive.raw(doc_id)
        try:
            info = self.indexer.index(doc_id, decode(raw, doc_id), raw)
        except RagError as exc:
            report.failed[doc_id] = str(exc)
            return 0
        report.added.append(doc_id)
        return info.chunks

    def export(self, target: Path) -> int:
        """Write the corpus (originals and metadata) to a .tar.gz; returns the document count."""
        return self.indexer.archive.export(target)

    def import_(self, source: Path, progress: bool = False) -> IngestReport:
        """Add every document of an export; documents already present with the same content are skipped."""
        report = IngestReport()
        for doc_id, raw in tqdm(list(read_export(source)), desc="importing", unit="doc", disable=not progress):
            try:
                written = self.add_document(doc_id, raw)
            except RagError as exc:
                report.failed[doc_id] = str(exc)
                continue
            {"created": report.added, "updated": report.updated, "unchanged": report.unchanged}[written.status].append(
                written.id)
            report.chunks_written += written.chunks if written.status != "unchanged" else 0
        return report

    def refresh_keyword_index(self) -> None:
        stamp = self._store_stamp()  # taken first: a write landing meanwhile shows as a change next poll
        self.store.load_versions()  # other workers commit versions too
        self.keyword.rebuild(self.store.all_chunks())
        # Every write path ends here, so the timeline and the people index follow the store too.
        self.refresh_timeline()
        self._follower.built(stamp)

    def _store_stamp(self) -> tuple:
        """What changes whenever any process adds, replaces or removes a document: cheap to read."""
        return self.store.count(), tuple(sorted(self.store.hashes().items()))

    def _refresh_locked(self) -> None:
        with self._write_lock:
            self.refresh_keyword_index()

    def refresh_timeline(self) -> None:
        """Rebuild the timeline and people index; only documents with new content are parsed."""
        self.timeline_index.refresh(self.store.documents(), lambda doc_id: self.store.document(doc_id).text)

    def repair(self) -> list[str]:
        """Finish or undo the writes an interrupted process left pending: each document keeps the
        version its record commits (the old one, if the new was never committed), in the index
        and in the archive alike. Returns the documents it touched."""
        with self._write_lock:
            pending = self.store.pending()
            for doc_id in pending:
                log.warning("settling an interrupted write of %s", doc_id)
                self.indexer.settle(doc_id)
            # Indexes written before versioned writes marked unfinished documents "indexing".
            broken = [d.id for d in self.store.documents(status=INDEXING)]
            for doc_id in broken:
                log.warning("removing half-indexed document %s", doc_id)
                self.store.delete(doc_id)
            self.refresh_keyword_index()
            return [*pending, *broken]


def build_pipeline(settings: Settings, *, rebuild: bool = False, embedder: Embedder | None = None) -> Pipeline:
    """Build the heavy parts once: embedder, store, keyword index, answerer."""
    embedder = embedder or build_embedder(settings)
    store = Store(settings, embedder.id, rebuild=rebuild)
    keyword = KeywordIndex()
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
    archive = Archive(settings.data_dir / "documents")
    indexer = Indexer(embedder, store, archive, chunker, settings.embed_batch_size, settings.max_upload_bytes,
                      name_of=lambda name: document_id(name, settings))
    answerer = ExtractiveAnswerer(
        keyword.tokenize,
        thresholds={"id": settings.abstain_threshold, "en": settings.abstain_threshold_en},
        max_sentences=settings.max_answer_sentences,
        margin=settings.answer_margin,
    )
    llm_answerer = build_llm_answerer(settings, embedder, answerer)  # None unless RAG_LLM_BASE_URL is set
    return Pipeline(settings, embedder, store, keyword, indexer, answerer, llm_answerer)



