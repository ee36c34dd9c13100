"""From files to indexed documents: read, parse, chunk, embed, store.

Re-ingesting an unchanged document (same content hash, fully indexed) writes nothing and
embeds nothing. A changed document replaces its own chunks. `prune` removes documents
whose files are gone.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rag.ingest import boilerplate
from rag.ingest.chunking import Chunker
from rag.index.embedder import Embedder
from rag.ingest.archive import Archive
from rag.ingest.decode import HTML_SUFFIXES, Page, read_page
from rag.errors import DocumentError, RagError
from rag.models import Chunk, DocumentInfo, IngestReport
from rag.index.store import READY, Store

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outlet_repeats(pages: Sequence[Page]) -> list[frozenset[str]]:
    """For each page of a batch, the lines it shares with other pages of the same outlet: a site's
    own furniture (its slogan, its newsletter box) that no single-page rule names."""
    outlets = [page.outlet or boilerplate.parse(page.text).outlet for page in pages]
    keys = [boilerplate.line_keys(page.text) for page in pages]
    return [
        boilerplate.keys_in(keys[j] for j in range(len(pages))
                            if j != i and outlets[j] == outlet and not _same_story(keys[i], keys[j]))
        if outlet else frozenset()
        for i, outlet in enumerate(outlets)
    ]


def _same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two pages sharing most of their lines are one story twice (a copy, a re-post), not two pages
    whose common lines are the site's furniture: their headline and story must not count as that."""
    return len(a & b) > 0.5 * min(len(a), len(b))


def discover(paths: Iterable[Path]) -> list[Path]:
    """The text files named, or found in the folders named and their subfolders, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    return files


class Indexer:
    """Writes documents into the store, embedding only what changed."""

    def __init__(
        self, embedder: Embedder, store: Store, archive: Archive, chunker: Chunker,
        batch_size: int = 16, max_bytes: int | None = None, name_of: Callable[[str], str] = lambda name: name,
    ) -> None:
        self.name_of = name_of  # file name -> document id
        self.embedder = embedder
        self.store = store
        self.archive = archive
        self.chunker = chunker
        self.batch_size = batch_size
        self.max_bytes = max_bytes

    def plan(self, doc_id: str, text: str, known: dict[str, tuple[str, str]]) -> str:
        """'unchanged', 'updated' or 'added' for this document against the store."""
        previous = known.get(doc_id)
        if previous is None:
            return "added"
        return "unchanged" if previous == (content_hash(text), READY) else "updated"

    def index(self, doc_id: str, page: Page, raw: bytes | None = None,
              repeated: frozenset[str] = frozenset()) -> DocumentInfo:
        """Clean, chunk, embed and store one document, replacing any earlier version of it.
        `repeated` are line keys seen in other documents of the same outlet (boilerplate.line_key).

        Everything that can fail on the document itself happens before the first write. Then,
        for crash safety (see rag/index/store.py and rag/ingest/archive.py): mark the write pending,
        stage the original, add the new version's chunks and sentences, commit the record (readers
        switch to the new version here), commit the archive, and remove the old version."""
        text = page.text
        parsed = boilerplate.parse(text, repeated)
        spans = self.chunker.split(text, parsed.blocks)
        if not spans:
            raise DocumentError(f"{doc_id}: no story text left after removing link-bait and bylines")
        digest = content_hash(text)
        # The page's markup (HTML) states its metadata best; else what its lines state. The date is when
        # the page says it was published, never a date its story mentions (parsed.story_date).
        info = DocumentInfo(id=doc_id, title=page.title or parsed.title, outlet=page.outlet or parsed.outlet,
                            date=page.date or parsed.date, author=page.author or parsed.author,
                            chunks=len(spans), hash=digest)
        meta = info.model_dump(include={"title", "outlet", "date", "author"})
        chunks = [Chunk(id=f"{doc_id}@{digest[:16]}#{i}", source=doc_id, text=text[s.start : s.end], start=s.start,
                        end=s.end, hash=digest, **meta) for i, s in enumerate(spans)]
        sentences = boilerplate.quotable_sentences(text, parsed)
        # A passage is embedded with its article's headline: the headline says what the story is
        # about, which a passage deep in it may never repeat. Its text and offsets stay as they are.
        headed = [c.text if not info.title or c.text.startswith(info.title) else f"{info.title}\n{c.text}" for c in chunks]
        chunk_vectors = self._embed(headed)
        sentence_vectors = self._embed([text[s.start : s.end] for s in sentences])
        self.store.begin(doc_id, digest)
        self.archive.stage(doc_id, digest, raw if raw is not None else text.encode("utf-8"))
        self.store.write_chunks(chunks, chunk_vectors)
        self.store.write_sentences(doc_id, digest, sentences, sentence_vectors)
        self.store.commit(info, text)
        self.archive.commit(doc_id, digest, info.model_dump(exclude={"id"}))
        self.store.settle(doc_id)
        return info

    def delete(self, doc_id: str) -> None:
        """Remove a document: its record first (the commit), then the archive, then its chunks."""
        self.store.begin(doc_id, "")
        self.store.remove(doc_id)
        self.archive.delete(doc_id)
        self.store.settle(doc_id)

    def settle(self, doc_id: str) -> None:
        """Finish or undo an interrupted write of `doc_id`, following what the index committed."""
        version = self.store.settle(doc_id)
        meta = self.store.document(doc_id).info.model_dump(exclude={"id"}) if version else {}
        self.archive.reconcile(doc_id, version, meta)

    def _read(self, path: Path) -> bytes:
        if self.max_bytes is not None and path.stat().st_size > self.max_bytes:
            raise DocumentError(
                f"{path.name}: {path.stat().st_size:,} bytes is over the document limit of {self.max_bytes:,} bytes"
            )
        return path.read_bytes()

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        parts = [
            self.embedder.passages(list(texts[lo : lo + self.batch_size]))
            for lo in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Index every text file under `paths`; a bad file is reported and the rest still go in."""
        report = IngestReport()
        known = self.store.hashes()
        todo: list[tuple[str, Page, bytes, str]] = []
        first: dict[str, Path] = {}  # a document's id comes from its file name: two files cannot share one
        present: set[str] = set()
        for path in discover(paths):
            try:
                doc_id = self.name_of(path.name)
            except RagError as exc:
                report.failed[path.name] = f"{path}: {exc}"
                continue
            present.add(doc_id)
            if first.setdefault(doc_id, path) != path:
                report.failed[str(path)] = (
                    f"{path}: not indexed, {first[doc_id]} has the same file name (a document's id: {doc_id!r})"
                )
                continue
            try:
                raw = self._read(path)
                page = read_page(raw, path.name)
            except (OSError, RagError) as exc:
                report.failed[path.name] = str(exc) if isinstance(exc, RagError) else f"{path.name}: {exc.strerror}"
                continue
            action = self.plan(doc_id, page.text, known)
            if action == "unchanged":
                report.unchanged.append(doc_id)
            else:
                todo.append((doc_id, page, raw, action))
        repeated = outlet_repeats([page for _, page, _, _ in todo])
        for (doc_id, page, raw, action), seen in tqdm(list(zip(todo, repeated)), desc="indexing", unit="doc",
                                                      disable=not progress or not todo):
            try:
                info = self.index(doc_id, page, raw, seen)
            except DocumentError as exc:
                report.failed[doc_id] = str(exc)
                continue
            except OSError as exc:  # the archive's disk: this document is not indexed, the next may be
                report.failed[doc_id] = f"{doc_id}: {exc.strerror or exc}"
                continue
            getattr(report, action).append(doc_id)
            report.chunks_written += info.chunks
        if prune:
            for doc_id in sorted(set(known) - present):
                self.delete(doc_id)
                report.pruned.append(doc_id)
        return report
