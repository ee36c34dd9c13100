"""The Chroma store: the only module that imports chromadb.

Four collections per index:
- `<name>-chunks`: chunk vectors, text and metadata; dense retrieval runs here.
- `<name>-sentences`: sentence vectors, so the answerer can pick sentences across languages.
- `<name>-documents`: one record per document: its full text and the hash of its version.
- `<name>-pending`: one marker per write in progress (document id and the version written).

Chunks and sentences carry their document's version (its content hash) in their ids and metadata.
A write adds the new version's chunks and sentences beside the old ones, then replaces the
document record (the commit point), then removes what belongs to other versions. Readers only see
chunks of the version the record names (`versions`), so a version becomes visible whole or not at
all. The pending marker, written first and removed last, is how `settle` finds what an interrupted
write left behind.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import chromadb
import httpx
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from rag.text.sentences import Span
from rag.config import Settings
from rag.errors import EmbedderMismatch, IndexError_, NotFound
from rag.index.batching import Batcher
from rag.models import Chunk, DocumentInfo

log = logging.getLogger(__name__)

READY, INDEXING = "ready", "indexing"  # INDEXING: records of indexes written before versioned writes
_COLLECTIONS = ("chunks", "sentences", "documents", "pending")
# Chroma needs a vector for every record; document records are looked up by id, never by vector.
_NO_VECTOR = [1.0]


@dataclass(frozen=True)
class StoredDocument:
    info: DocumentInfo
    text: str
    status: str


def _client(settings: Settings) -> chromadb.ClientAPI:
    telemetry = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=telemetry,
            )
        except ValueError as exc:  # chromadb's word for "no server answered"
            raise IndexError_(f"the Chroma server at {settings.chroma_url} cannot be reached: {exc}") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=telemetry)


def _reachable(method):
    """A Chroma server that cannot be reached is an IndexError_ (503 at the API), not an unexpected error."""

    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except httpx.TransportError as exc:
            raise IndexError_(f"the Chroma server cannot be reached ({exc}); is `chroma run` up at RAG_CHROMA_URL?") from exc

    return call


def _clean_meta(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if v is not None}


class Store:
    """Documents, chunks and sentences of one index, built by one embedder."""

    @_reachable
    def __init__(self, settings: Settings, embedder_id: str, *, rebuild: bool = False) -> None:
        self._client = _client(settings)
        self._name = settings.collection
        self.embedder_id = embedder_id
        self.versions: dict[str, str] = {}  # document id -> committed version; what readers may see
        self._sentence_cache = _LRU(settings.sentence_cache_size)  # chunk -> its sentences and their vectors
        # One Chroma query for many vectors costs ~0.4 ms each against ~2.3 ms alone (270 chunks).
        self._nearest = Batcher(self._nearest_many, settings.dense_query_batch)
        if rebuild:
            self.drop()
        self.open()

    @_reachable
    def open(self) -> None:
        """Open (creating where absent) the collections, refusing ones built by another embedder."""
        meta = {"embedder": self.embedder_id}
        for suffix in _COLLECTIONS:
            try:
                existing = self._client.get_collection(f"{self._name}-{suffix}", embedding_function=None)
            except NotFoundError:
                continue
            built_by = (existing.metadata or {}).get("embedder")
            if built_by != self.embedder_id:
                raise EmbedderMismatch(
                    f"the index was built with embedder {built_by!r} but the configured embedder is "
                    f"{self.embedder_id!r}; rebuild it with `rag ingest --rebuild` or switch the embedder back"
                )
        space = {"hnsw": {"space": "cosine"}}
        self._chunks = self._client.get_or_create_collection(
            f"{self._name}-chunks", embedding_function=None, metadata=meta, configuration=space
        )
        self._sentences = self._client.get_or_create_collection(
            f"{self._name}-sentences", embedding_function=None, metadata=meta, configuration=space
        )
        self._documents = self._client.get_or_create_collection(
            f"{self._name}-documents", embedding_function=None, metadata=meta
        )
        self._pending = self._client.get_or_create_collection(
            f"{self._name}-pending", embedding_function=None, metadata=meta
        )

    @_reachable
    def drop(self) -> None:
        """Delete every collection of this index."""
        self.versions = {}
        for suffix in _COLLECTIONS:
            try:
                self._client.delete_collection(f"{self._name}-{suffix}")
            except NotFoundError:
                pass

    # Documents

    @_reachable
    def documents(self, status: str | None = READY) -> list[DocumentInfo]:
        """Every document with the given status (all of them for None), sorted by id."""
        where = {"status": status} if status else None
        got = self._documents.get(where=where, include=["metadatas"])
        infos = [_info(id_, meta) for id_, meta in zip(got["ids"], got["metadatas"]) if _whole(meta)]
        return sorted(infos, key=lambda d: d.id)

    @_reachable
    def document(self, doc_id: str) -> StoredDocument:
        got = self._documents.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"] or not _whole(got["metadatas"][0], got["documents"][0]):
            raise NotFound(f"no document with id {doc_id!r}")
        meta = got["metadatas"][0]
        return StoredDocument(info=_info(doc_id, meta), text=got["documents"][0], status=meta.get("status", READY))

    @_reachable
    def with_version(self, version: str) -> DocumentInfo | None:
        """The document whose committed version is `version` (that content), if any."""
        got = self._documents.get(where={"$and": [{"hash": version}, {"status": READY}]}, include=["metadatas"], limit=1)
        return _info(got["ids"][0], got["metadatas"][0]) if got["ids"] and _whole(got["metadatas"][0]) else None

    @_reachable
    def version_of(self, doc_id: str) -> str | None:
        """The committed version of `doc_id`, or None when there is no such document."""
        got = self._documents.get(ids=[doc_id], include=["metadatas"])
        return got["metadatas"][0].get("hash") if got["ids"] and _whole(got["metadatas"][0]) else None

    @_reachable
    def hashes(self) -> dict[str, tuple[str, str]]:
        """Document id -> (content hash, status), for deciding what an ingest must write."""
        got = self._documents.get(include=["metadatas"])
        return {i: (m.get("hash", ""), m.get("status", READY)) for i, m in zip(got["ids"], got["metadatas"]) if _whole(m)}

    @_reachable
    def begin(self, doc_id: str, version: str) -> None:
        """Mark a write of `version` of `doc_id` as in progress ("" for a delete)."""
        self._pending.upsert(ids=[doc_id], metadatas=[{"version": version}], embeddings=[_NO_VECTOR])

    @_reachable
    def pending(self) -> list[str]:
        """Documents with a write in progress, or one that was interrupted."""
        return sorted(self._pending.get(include=[])["ids"])

    @_reachable
    def write_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Add chunks of a new version; the document's current version stays as it is."""
        metas = [
            _clean_meta({"source": c.source, "start": c.start, "end": c.end, "title": c.title,
                         "outlet": c.outlet, "date": c.date, "author": c.author, "hash": c.hash})
            for c in chunks
        ]
        for lo, hi in self._batches(len(chunks)):
            self._chunks.upsert(
                ids=[c.id for c in chunks[lo:hi]], embeddings=vectors[lo:hi],
                documents=[c.text for c in chunks[lo:hi]], metadatas=metas[lo:hi],
            )

    @_reachable
    def write_sentences(self, source: str, doc_hash: str, spans: Sequence[Span], vectors: np.ndarray) -> None:
        ids = [f"{source}@{doc_hash[:16]}#s{s.start}-{s.end}" for s in spans]
        metas = [{"source": source, "start": s.start, "end": s.end, "hash": doc_hash} for s in spans]
        for lo, hi in self._batches(len(spans)):
            self._sentences.upsert(ids=ids[lo:hi], embeddings=vectors[lo:hi], metadatas=metas[lo:hi])

    @_reachable
    def commit(self, info: DocumentInfo, text: str) -> None:
        """Make `info.hash` the document's version: the one step at which readers switch to it."""
        meta = _clean_meta({**info.model_dump(exclude={"id"}), "status": READY})
        self._documents.upsert(ids=[info.id], documents=[text], metadatas=[meta], embeddings=[_NO_VECTOR])
        self.versions[info.id] = info.hash

    @_reachable
    def remove(self, doc_id: str) -> None:
        """Remove the document's record: from here on no reader sees any of it."""
        self._documents.delete(ids=[doc_id])
        self.versions.pop(doc_id, None)

    @_reachable
    def settle(self, doc_id: str) -> str | None:
        """Remove the chunks and sentences of every version but the committed one, then the pending
        marker; returns the committed version (None when the document is gone)."""
        version = self.version_of(doc_id)
        stale = {"source": doc_id} if version is None else {"$and": [{"source": doc_id}, {"hash": {"$ne": version}}]}
        self._chunks.delete(where=stale)
        self._sentences.delete(where=stale)
        self._pending.delete(ids=[doc_id])
        return version

    @_reachable
    def delete(self, doc_id: str) -> None:
        """Remove a document with its chunks and sentences, marked first like any write."""
        self.begin(doc_id, "")
        self.remove(doc_id)
        self.settle(doc_id)

    @_reachable
    def load_versions(self) -> dict[str, str]:
        """Read which version of each document is committed (other workers write too); returns it."""
        self.versions = {doc_id: h for doc_id, (h, status) in self.hashes().items() if status == READY}
        return self.versions

    def current(self, chunk: Chunk) -> bool:
        """Whether `chunk` belongs to its document's committed version."""
        return chunk.hash is not None and self.versions.get(chunk.source) == chunk.hash

    def _batches(self, n: int) -> Iterable[tuple[int, int]]:
        size = max(1, min(self._client.get_max_batch_size(), 5000))
        return ((lo, min(n, lo + size)) for lo in range(0, n, size))

    # Reads for queries

    @_reachable
    def count(self) -> int:
        return self._chunks.count()

    @_reachable
    def dense(self, vector: np.ndarray, k: int, known: Callable[[str], Chunk | None] = lambda _: None) -> list[tuple[Chunk, float]]:
        """The k chunks nearest to `vector`, with cosine similarity. `known` gives the chunks this
        process already holds, by id (the keyword index's); only the others are read from the store."""
        ids, distances = self._nearest((vector, k))
        found = {i: c for i in ids if (c := known(i)) is not None}
        missing = [i for i in ids if i not in found]
        if missing:
            more = self._chunks.get(ids=missing, include=["metadatas", "documents"])
            found |= {i: _chunk(i, t, m) for i, t, m in zip(more["ids"], more["documents"], more["metadatas"]) if _whole(t, m)}
        return [(found[i], 1.0 - d) for i, d in zip(ids, distances) if i in found and self.current(found[i])]

    def _nearest_many(self, queries: Sequence[tuple[np.ndarray, int]]) -> list[tuple[list[str], list[float]]]:
        """(ids, cosine distances) of the k nearest chunks for each (vector, k), in one Chroma query."""
        # No count() first: Chroma returns fewer than k when the collection holds fewer.
        k = max(n for _, n in queries)
        got = self._chunks.query(query_embeddings=np.stack([v for v, _ in queries]), n_results=k, include=["distances"])
        return [(ids[:n], distances[:n]) for (_, n), ids, distances in zip(queries, got["ids"], got["distances"], strict=True)]

    @_reachable
    def all_chunks(self) -> list[Chunk]:
        """Every chunk, for building the keyword index."""
        # In pages: one unbounded get fails past ~32k chunks ("too many SQL variables", Chroma 1.5).
        out: list[Chunk] = []
        for lo, hi in self._batches(self._chunks.count()):
            got = self._chunks.get(include=["metadatas", "documents"], limit=hi - lo, offset=lo)
            out += [_chunk(i, t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"]) if _whole(t, m)]
        return [c for c in out if self.current(c)]

    @_reachable
    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The chunks of a document's committed version, for the keyword index after one write."""
        got = self._chunks.get(where={"source": doc_id}, include=["metadatas", "documents"])
        out = [_chunk(i, t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"]) if _whole(t, m)]
        return [c for c in out if self.current(c)]

    @_reachable
    def sentences(self, chunks: Sequence[Chunk]) -> list[list[tuple[Span, np.ndarray]]]:
        """For each chunk, in order, the sentences inside it with their vectors.

        Only sentences of the chunk's own document version count: a chunk the keyword index still
        holds from before its document was replaced gets none, rather than spans into other text."""
        if not chunks:
            return []
        # Cached only while the chunk's version is the committed one: a replaced version's
        # sentences are read from the store, which deletes them once the new version settles.
        keys = [_sentence_key(c) if self.current(c) else None for c in chunks]
        known = self._sentence_cache.get_many(keys)
        missing = [c for c, got in zip(chunks, known) if got is None]
        if missing:
            fetched = iter(self._fetch_sentences(missing))
            known = [next(fetched) if got is None else got for got in known]
            self._sentence_cache.put_many([(key, got) for key, got in zip(keys, known) if key is not None])
        return [list(got) for got in known]

    def _fetch_sentences(self, chunks: Sequence[Chunk]) -> list[tuple[tuple[Span, np.ndarray], ...]]:
        clauses = [
            {"$and": [{"source": c.source}, {"start": {"$gte": c.start}}, {"end": {"$lte": c.end}}]}
            for c in chunks
        ]
        where = clauses[0] if len(clauses) == 1 else {"$or": clauses}
        got = self._sentences.get(where=where, include=["metadatas", "embeddings"])
        found = [
            (m["source"], m.get("hash"), Span(m["start"], m["end"]), np.asarray(v, dtype=np.float32))
            for m, v in zip(got["metadatas"], got["embeddings"])
            if _whole(v, m)
        ]
        # Indexes written before sentences carried a hash match on place alone.
        for *_, vector in found:
            vector.setflags(write=False)  # shared by every reader of the cache
        return [
            tuple((span, vector) for source, version, span, vector in found
                  if source == c.source and c.start <= span.start and span.end <= c.end
                  and (version is None or c.hash is None or version == c.hash))
            for c in chunks
        ]


def _sentence_key(chunk: Chunk) -> tuple | None:
    """A chunk's sentences never change: its id names its document version's digest. Chunks of
    indexes written before versions (no hash) are not cached."""
    return None if chunk.hash is None else (chunk.id, chunk.hash, chunk.start, chunk.end)


class _LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence) -> list:
        with self._lock:
            out = []
            for key in keys:
                got = None if key is None else self._items.get(key)
                if got is not None:
                    self._items.move_to_end(key)
                out.append(got)
            return out

    def put_many(self, items: Iterable[tuple]) -> None:
        with self._lock:
            for key, value in items:
                self._items[key] = value
                self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def _whole(*parts) -> bool:
    """False for a record read while another thread deletes it: Chroma may return it without its
    metadata or document. Such a record is left out, as if the delete had already happened."""
    return all(part is not None for part in parts)


def _chunk(id_: str, text: str, meta: dict) -> Chunk:
    return Chunk(
        id=id_, source=meta["source"], text=text, start=meta["start"], end=meta["end"],
        title=meta.get("title"), outlet=meta.get("outlet"), date=meta.get("date"), author=meta.get("author"),
        hash=meta.get("hash"),
    )


def _info(doc_id: str, meta: dict) -> DocumentInfo:
    return DocumentInfo(
        id=doc_id, title=meta.get("title"), outlet=meta.get("outlet"), date=meta.get("date"),
        author=meta.get("author"), chunks=meta.get("chunks", 0), hash=meta.get("hash", ""),
    )


def check_reachable(settings: Settings) -> None:
    """Fail early, with a readable message, when a configured Chroma server does not answer."""
    if not settings.chroma_url:
        return
    try:
        _client(settings).heartbeat()
    except (ValueError, OSError, httpx.HTTPError) as exc:
        raise IndexError_(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
