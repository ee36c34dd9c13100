"""The corpus upkeep: every write, and what keeps the in-memory indexes in step with the store.

    file/text -> decode -> (rag.ingest.indexer) clean, chunk, embed, store, archive
              -> keyword index: the written document's chunks replace its old ones
              -> insights (timeline, people): refreshed as their own step

Writes are one at a time, among this process's threads and across the processes that share the
data dir (rag.index.write_lock). With a Chroma server, other workers write too: the follower
notices their writes and rebuilds the keyword index from the store.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from rag.config import Settings
from rag.errors import RagError
from rag.index.follower import Follower
from rag.index.keyword import KeywordIndex
from rag.index.store import INDEXING, Store
from rag.index.write_lock import WriteLock
from rag.ingest.archive import read_export
from rag.ingest.decode import read_page
from rag.ingest.indexer import Indexer, content_hash
from rag.ingest.names import check_upload_size, document_id
from rag.insights.timeline import Timeline
from rag.models import DocumentWritten, IngestReport

log = logging.getLogger(__name__)
# With a shared Chroma server: how stale a worker's keyword index may be after another worker wrote.
FOLLOW_S = 1.0


class Upkeep:
    """Adds, replaces and removes documents; keeps the keyword index and the insights in step."""

    def __init__(self, settings: Settings, store: Store, keyword: KeywordIndex, indexer: Indexer,
                 insights: Timeline) -> None:
        self.settings = settings
        self.store = store
        self.keyword = keyword
        self.indexer = indexer
        self.insights = insights
        self._lock = WriteLock(settings.data_dir / ".write.lock")
        self._follower = Follower(self._stamp, self._rebuild_locked, FOLLOW_S if settings.chroma_url else None)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Index the text files under `paths`, then bring the keyword index and insights in step."""
        with self._lock:
            report = self.indexer.ingest(paths, prune=prune, progress=progress)
            if report.added or report.updated or report.pruned or len(self.keyword) != self.store.count():
                self.rebuild()
            return report

    def add(self, filename: str | None, raw: bytes) -> DocumentWritten:
        """Index one uploaded document; says whether it was created, updated or already there.

        Idempotent by content: text already indexed, under any id, returns that document. The same
        id with new text is an update. The id is the sanitised file name (rag.ingest.names), or one
        made from the content hash when there is no name; size and type are checked."""
        check_upload_size(len(raw), self.settings)
        doc_id = document_id(filename, self.settings) if filename is not None else None
        page = read_page(raw, doc_id or "document")
        digest = content_hash(page.text)
        doc_id = doc_id or f"doc-{digest[:16]}.txt"
        with self._lock:
            same = self.store.with_version(digest)
            if same is not None:
                return DocumentWritten.of(same, "unchanged")
            existed = self.store.version_of(doc_id) is not None
            info = self.indexer.index(doc_id, page, raw)
            self._written(doc_id)
            return DocumentWritten.of(info, "updated" if existed else "created")

    def delete(self, doc_id: str) -> None:
        with self._lock:
            self.store.document(doc_id)  # NotFound when absent
            self.indexer.delete(doc_id)
            self._written(doc_id)

    def reindex(self, progress: bool = False) -> IngestReport:
        """Rebuild both indexes from the kept originals (after changing the embedder or the chunking)."""
        with self._lock:
            self.store.drop()
            self.store.open()
            report = IngestReport()
            for doc_id in tqdm(self.indexer.archive.ids(), desc="reindexing", unit="doc", disable=not progress):
                raw = self.indexer.archive.raw(doc_id)
                try:
                    report.chunks_written += self.indexer.index(doc_id, read_page(raw, doc_id), raw).chunks
                except RagError as exc:
                    report.failed[doc_id] = str(exc)
                    continue
                report.added.append(doc_id)
            self.rebuild()
            return report

    def export(self, target: Path) -> int:
        """Write the corpus (originals and metadata) to a .tar.gz; returns the document count."""
        return self.indexer.archive.export(target)

    def import_(self, source: Path, progress: bool = False) -> IngestReport:
        """Add every document of an export; documents already present with the same content are skipped."""
        report = IngestReport()
        for doc_id, raw in tqdm(list(read_export(source)), desc="importing", unit="doc", disable=not progress):
            try:
                written = self.add(doc_id, raw)
            except RagError as exc:
                report.failed[doc_id] = str(exc)
                continue
            {"created": report.added, "updated": report.updated, "unchanged": report.unchanged}[written.status].append(
                written.id)
            report.chunks_written += written.chunks if written.status != "unchanged" else 0
        return report

    def repair(self) -> list[str]:
        """Finish or undo the writes an interrupted process left pending: each document keeps the
        version its record commits (the old one, if the new was never committed), in the index
        and in the archive alike. Then build the in-memory indexes. Returns the documents touched."""
        with self._lock:
            pending = self.store.pending()
            for doc_id in pending:
                log.warning("settling an interrupted write of %s", doc_id)
                self.indexer.settle(doc_id)
            self.indexer.archive.sweep()  # under the write lock: no write of ours is under way
            # Indexes written before versioned writes marked unfinished documents "indexing".
            broken = [d.id for d in self.store.documents(status=INDEXING)]
            for doc_id in broken:
                log.warning("removing half-indexed document %s", doc_id)
                self.store.delete(doc_id)
            self.rebuild()
            return [*pending, *broken]

    def follow(self) -> None:
        """Notice, at most every FOLLOW_S and in the background, what other workers wrote."""
        self._follower.poll()

    def rebuild(self) -> None:
        """Build the keyword index and the insights from the whole store."""
        stamp = self._stamp()  # taken first: a write landing meanwhile shows as a change next poll
        self.store.load_versions()  # other workers commit versions too
        self.keyword.rebuild(self.store.all_chunks())
        self.refresh_insights()
        self._follower.built(stamp)

    def refresh_insights(self) -> None:
        """Rebuild the timeline and people index; only documents with new content are parsed."""
        self.insights.refresh(self.store.documents(), lambda doc_id: self.store.document(doc_id).text)

    def _written(self, doc_id: str) -> None:
        """After one document's write: its chunks replace its old ones in the keyword index (the rest
        stay as they are), then the insights follow."""
        stamp = self._stamp()
        self.keyword.replace(doc_id, self.store.chunks_of(doc_id))
        self.refresh_insights()
        self._follower.built(stamp)

    def _stamp(self) -> tuple:
        """What changes whenever any process adds, replaces or removes a document: cheap to read."""
        return self.store.count(), tuple(sorted(self.store.hashes().items()))

    def _rebuild_locked(self) -> None:
        with self._lock:
            self.rebuild()
