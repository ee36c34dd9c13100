"""The one place where the steps are wired, and the surface `api/`, `ui/` and `eval/` call.

    reads:  rag.pipeline.read.ReadPath    validate -> queries -> retrieve -> score -> compose
    writes: rag.pipeline.upkeep.Upkeep    ingest, add, delete, reindex, import, export, repair, follow

`Pipeline` holds both and answers in the types of rag/models.py only: nothing that reaches the
edges is a store object.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from rag.answer.extractive import ExtractiveAnswerer, Model as ReaderModel
from rag.answer.llm_answer import build_llm_answerer
from rag.config import Settings
from rag.errors import InvalidInput
from rag.index.embedder import Embedder, build_embedder
from rag.index.keyword import KeywordIndex
from rag.index.store import Store
from rag.ingest import boilerplate
from rag.ingest.archive import Archive
from rag.ingest.chunking import Chunker
from rag.ingest.indexer import Indexer
from rag.ingest.names import document_id
from rag.insights.timeline import Timeline
from rag.models import (
    Answer, Chunk, DocumentDetail, DocumentInfo, DocumentWritten, IngestReport, Message, Person, StreamEvent,
    TimelineEvent,
)
from rag.pipeline.read import ReadPath, Trace
from rag.pipeline.upkeep import Upkeep
from rag.retrieve.hybrid import HybridRetriever

__all__ = ["Pipeline", "Trace", "build_pipeline"]


class Pipeline:
    """Answers questions over the indexed documents and keeps the indexes in step on writes."""

    def __init__(self, settings: Settings, embedder: Embedder, store: Store, read: ReadPath, upkeep: Upkeep) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.read = read
        self.upkeep = upkeep
        upkeep.repair()  # settles interrupted writes and builds the in-memory indexes

    # Reads

    def validate(self, question: str, history: Sequence[Message], top_k: int | None) -> int:
        """Check a request against the configured limits; return the effective top_k."""
        return self.read.validate(question, history, top_k)

    def run(self, question: str, history: Sequence[Message] = (), top_k: int | None = None, depth: int = 0) -> Trace:
        """Answer `question` and keep what led there. `depth` retrieves more passages for inspection
        (the eval ranks 10); the answerer still sees only the first `top_k`."""
        self.upkeep.follow()
        *_, trace = self.read.run(question, history, top_k, depth)
        return trace

    def answer(self, question: str, history: Sequence[Message] = (), top_k: int | None = None) -> Answer:
        """Answer `question`, citing the exact passages used, or abstain."""
        return self.run(question, history, top_k).answer

    def stream(self, question: str, history: Sequence[Message] = (), top_k: int | None = None) -> Iterator[StreamEvent]:
        """The answer as events: text deltas, then each citation, then `done` with the Answer."""
        self.upkeep.follow()
        return self.read.stream(question, history, top_k)

    @property
    def answerer_name(self) -> str:
        """The configured answerer: "extractive", or "llm (<model>)"."""
        llm = self.read.llm_answerer
        return f"llm ({llm.llm.id})" if llm else "extractive"

    @property
    def embedder_id(self) -> str:
        """The embedder that built the index."""
        return self.embedder.id

    def size(self) -> tuple[int, int]:
        """(documents, chunks) the indexes hold, from memory: cheap enough for a readiness probe."""
        return len(self.store.versions), len(self.upkeep.keyword)

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def document(self, doc_id: str) -> DocumentDetail:
        """One document in full: its text (citation offsets index it) and the spans that are story."""
        stored = self.store.document(doc_id)
        blocks = boilerplate.parse(stored.text).blocks
        return DocumentDetail(
            **stored.info.model_dump(), text=stored.text, story=[(b.start, b.end) for b in blocks],
            cleaned_text="\n\n".join(stored.text[b.start : b.end] for b in blocks),
        )

    def chunks(self) -> list[Chunk]:
        """Every chunk of the index (the eval scores rankings against them)."""
        return self.store.all_chunks()

    def timeline(self, start: date | None = None, end: date | None = None, person: str | None = None) -> list[TimelineEvent]:
        """Dated events, oldest first, each citing every article that reports it; optionally only those
        that may fall within [start, end] and that name `person` (any spelling, or the surname)."""
        if start and end and start > end:
            raise InvalidInput(f"from ({start}) is after to ({end})")
        return self.upkeep.insights.events(start, end, person.strip() if person else None)

    def people(self) -> list[Person]:
        """Everyone the articles name, with their roles and cited passages, spelling variants merged."""
        return self.upkeep.insights.people()

    # Writes

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Index the files under `paths` (unchanged ones are skipped); `prune` drops documents whose files are gone."""
        return self.upkeep.ingest(paths, prune, progress)

    def add_document(self, filename: str | None, raw: bytes) -> DocumentWritten:
        """Index one uploaded document: created, updated (same id, new text), or unchanged (same content)."""
        return self.upkeep.add(filename, raw)

    def delete_document(self, doc_id: str) -> None:
        self.upkeep.delete(doc_id)

    def reindex(self, progress: bool = False) -> IngestReport:
        """Rebuild the indexes from the kept originals (after changing the embedder or the chunking)."""
        return self.upkeep.reindex(progress)

    def export(self, target: Path) -> int:
        """Write the corpus (originals and metadata) to a .tar.gz; returns the document count."""
        return self.upkeep.export(target)

    def import_(self, source: Path, progress: bool = False) -> IngestReport:
        """Add every document of an export; documents already present with the same content are skipped."""
        return self.upkeep.import_(source, progress)


def build_pipeline(settings: Settings, *, rebuild: bool = False, embedder: Embedder | None = None,
                   reader: ReaderModel | None = None) -> Pipeline:
    """Build the heavy parts once: embedder, store, indexes, answerers. `reader`: the extractive
    reader's model, by default the fitted one shipped in rag/resources/reader.json."""
    embedder = embedder or build_embedder(settings)
    store = Store(settings, embedder.id, rebuild=rebuild)
    keyword = KeywordIndex()
    indexer = Indexer(embedder, store, Archive(settings.data_dir / "documents"),
                      Chunker(settings.chunk_size, settings.chunk_overlap), settings.embed_batch_size,
                      settings.max_upload_bytes, name_of=lambda name: document_id(name, settings))
    extractive = ExtractiveAnswerer(keyword.tokenize, reader, max_sentences=settings.max_answer_sentences,
                                    max_members=settings.max_list_members)
    retriever = HybridRetriever(embedder, store, keyword, settings.candidates, settings.rrf_k, settings.keyword_weight_en)
    read = ReadPath(settings, embedder, store, retriever, extractive, build_llm_answerer(settings, embedder))
    upkeep = Upkeep(settings, store, keyword, indexer, Timeline(keyword.tokenize))
    return Pipeline(settings, embedder, store, read, upkeep)
