"""The Chroma store's versioned writes and reads (rag/index/store.py), against a real Chroma in tmp_path."""

from __future__ import annotations

import numpy as np
import pytest

from rag.errors import EmbedderMismatch
from rag.index.store import Store
from rag.models import Chunk, DocumentInfo
from rag.text.sentences import Span
from tests.conftest import make_settings

DIM = 384  # multilingual-e5-small
TEXT_V1 = "Putin setuju jeda serangan. Trump menyambutnya. Kyiv menunggu."
TEXT_V2 = "Putin menolak jeda serangan. Trump kecewa. Kyiv bersiap. Eropa diam."
V1, V2 = "1" * 64, "2" * 64


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def spans_of(text: str) -> list[Span]:
    out, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (0 if piece.endswith(".") else 1)
        out.append(Span(start, end))
        start = end + 1
    return out


class Version:
    """One version of a document: its chunks (one per two sentences), sentences and their vectors."""

    def __init__(self, doc_id: str, text: str, version: str, seed: int) -> None:
        self.doc_id, self.text, self.hash = doc_id, text, version
        self.spans = spans_of(text)
        pairs = [self.spans[i : i + 2] for i in range(0, len(self.spans), 2)]
        self.chunks = [
            Chunk(id=f"{doc_id}@{version[:16]}#{i}", source=doc_id, text=text[p[0].start : p[-1].end],
                  start=p[0].start, end=p[-1].end, title=f"Judul {doc_id}", hash=version)
            for i, p in enumerate(pairs)
        ]
        self.chunk_vectors = unit_vectors(len(self.chunks), seed)
        self.sentence_vectors = unit_vectors(len(self.spans), seed + 1000)
        self.info = DocumentInfo(id=doc_id, title=f"Judul {doc_id}", chunks=len(self.chunks), hash=version)

    def stage(self, store: Store) -> None:
        """The write up to, not including, the commit."""
        store.begin(self.doc_id, self.hash)
        store.write_chunks(self.chunks, self.chunk_vectors)
        store.write_sentences(self.doc_id, self.hash, self.spans, self.sentence_vectors)

    def write(self, store: Store) -> None:
        """The whole write protocol."""
        self.stage(store)
        store.commit(self.info, self.text)
        store.settle(self.doc_id)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(make_settings(tmp_path), "test-embedder")


def reopen(tmp_path) -> Store:
    """Another Store on the same directory, as a restarted process would open it."""
    return Store(make_settings(tmp_path), "test-embedder")


def ids(chunks) -> set[str]:
    return {c.id for c in chunks}


def dense_ids(store: Store, vector: np.ndarray) -> set[str]:
    return {c.id for c, _ in store.dense(vector, 10)}


def test_the_test_document_is_what_it_claims():
    """The hand-made chunks and sentences are exact slices of their text (a guard on the helpers)."""
    v = Version("doc", TEXT_V2, V2, seed=1)
    assert [v.text[s.start : s.end] for s in v.spans] == ["Putin menolak jeda serangan.", "Trump kecewa.",
                                                          "Kyiv bersiap.", "Eropa diam."]
    assert all(c.text == v.text[c.start : c.end] for c in v.chunks) and len(v.chunks) == 2


def test_a_new_version_is_invisible_before_commit(store):
    """Chunks written but not committed are in Chroma, yet no read returns them."""
    v1 = Version("doc", TEXT_V1, V1, seed=1)
    v1.stage(store)
    assert store.count() == len(v1.chunks)  # stored ...
    assert dense_ids(store, v1.chunk_vectors[0]) == set()  # ... but not seen
    assert store.all_chunks() == [] and store.chunks_of("doc") == []
    assert store.version_of("doc") is None and store.documents() == []
    assert store.pending() == ["doc"]


def test_commit_makes_the_version_visible_and_settle_clears_the_marker(store):
    """After commit the chunks are found, with cosine similarity; settle removes the pending marker."""
    v1 = Version("doc", TEXT_V1, V1, seed=1)
    v1.stage(store)
    store.commit(v1.info, v1.text)
    hits = store.dense(v1.chunk_vectors[1], 10)
    assert hits[0][0].id == v1.chunks[1].id and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert hits[0][0] == v1.chunks[1]  # every field read back as written
    assert ids(store.all_chunks()) == ids(v1.chunks)
    assert store.pending() == ["doc"]
    assert store.settle("doc") == V1
    assert store.pending() == []
    assert store.count() == len(v1.chunks)
    assert store.version_of("doc") == V1


def test_an_update_switches_whole_at_commit_and_settle_removes_the_old_version(store):
    """Old version only before commit; new version only after it; settle deletes the old one's records."""
    v1, v2 = Version("doc", TEXT_V1, V1, seed=1), Version("doc", TEXT_V2, V2, seed=2)
    v1.write(store)
    v2.stage(store)
    assert ids(store.all_chunks()) == ids(v1.chunks)
    assert dense_ids(store, v2.chunk_vectors[0]) <= ids(v1.chunks)
    assert store.version_of("doc") == V1

    store.commit(v2.info, v2.text)
    assert ids(store.all_chunks()) == ids(v2.chunks)
    assert ids(store.chunks_of("doc")) == ids(v2.chunks)
    assert dense_ids(store, v1.chunk_vectors[0]) <= ids(v2.chunks)
    assert store.count() == len(v1.chunks) + len(v2.chunks)  # the old version is still stored

    assert store.settle("doc") == V2
    assert store.count() == len(v2.chunks)
    assert store.pending() == []
    assert store.document("doc").text == TEXT_V2


def test_pending_lists_an_interrupted_write_after_a_restart(store, tmp_path):
    """A write that stopped before its commit leaves a marker another Store finds; settle undoes it."""
    Version("other", TEXT_V1, V1, seed=3).write(store)
    Version("doc", TEXT_V1, V1, seed=1).stage(store)
    restarted = reopen(tmp_path)
    assert restarted.pending() == ["doc"]
    restarted.load_versions()
    assert restarted.settle("doc") is None
    assert restarted.pending() == []
    assert {c.source for c in restarted.all_chunks()} == {"other"}
    assert restarted.count() == len(Version("other", TEXT_V1, V1, seed=3).chunks)


def test_an_interrupted_update_settles_back_to_the_committed_version(store, tmp_path):
    """After a crash between writing v2 and committing it, settle keeps v1 and drops v2's chunks."""
    v1, v2 = Version("doc", TEXT_V1, V1, seed=1), Version("doc", TEXT_V2, V2, seed=2)
    v1.write(store)
    v2.stage(store)
    restarted = reopen(tmp_path)
    assert restarted.pending() == ["doc"]
    assert restarted.load_versions() == {"doc": V1}
    assert restarted.settle("doc") == V1
    assert ids(restarted.all_chunks()) == ids(v1.chunks)
    assert restarted.count() == len(v1.chunks)


def test_a_reader_sees_nothing_until_it_loads_the_committed_versions(store, tmp_path):
    """Visibility follows `versions`: a second Store sees another's commit once it loads them."""
    v1 = Version("doc", TEXT_V1, V1, seed=1)
    v1.write(store)
    reader = reopen(tmp_path)
    assert reader.all_chunks() == []
    reader.load_versions()
    assert ids(reader.all_chunks()) == ids(v1.chunks)


def test_with_version_and_version_of(store):
    """with_version finds the document holding that content; version_of names a document's version."""
    v1, other = Version("doc", TEXT_V1, V1, seed=1), Version("other", TEXT_V2, V2, seed=2)
    v1.write(store)
    other.write(store)
    assert store.with_version(V1) == v1.info
    assert store.with_version(V2).id == "other"
    assert store.with_version("f" * 64) is None
    assert store.version_of("doc") == V1 and store.version_of("other") == V2
    assert store.version_of("missing") is None
    assert [d.id for d in store.documents()] == ["doc", "other"]


def test_with_version_ignores_an_uncommitted_version(store):
    """Content only staged is not yet any document's version."""
    Version("doc", TEXT_V1, V1, seed=1).stage(store)
    assert store.with_version(V1) is None


def test_chunks_of_returns_one_documents_committed_chunks(store):
    """chunks_of lists only that document, only its committed version."""
    v1, v2, other = (Version("doc", TEXT_V1, V1, seed=1), Version("doc", TEXT_V2, V2, seed=2),
                     Version("other", TEXT_V2, V2, seed=3))
    v1.write(store)
    other.write(store)
    v2.stage(store)
    assert ids(store.chunks_of("doc")) == ids(v1.chunks)
    assert ids(store.chunks_of("other")) == ids(other.chunks)
    assert store.chunks_of("missing") == []


def test_delete_removes_the_document_its_chunks_and_sentences(store):
    """After delete nothing of the document is stored or listed; other documents stay."""
    doc, other = Version("doc", TEXT_V1, V1, seed=1), Version("other", TEXT_V2, V2, seed=2)
    doc.write(store)
    other.write(store)
    store.delete("doc")
    assert store.version_of("doc") is None and store.with_version(V1) is None
    assert [d.id for d in store.documents()] == ["other"]
    assert store.chunks_of("doc") == [] and store.pending() == []
    assert store.count() == len(other.chunks)
    assert store.sentences([doc.chunks[0].model_copy(update={"hash": None})]) == [[]]
    assert ids(store.all_chunks()) == ids(other.chunks)


def test_sentences_are_those_inside_each_chunk_with_their_vectors(store):
    """For each chunk in order, the sentences within its bounds, with the vectors written for its document."""
    v = Version("doc", TEXT_V2, V2, seed=2)
    v.write(store)
    Version("other", TEXT_V2, V2, seed=5).write(store)  # the same offsets in another document
    got = store.sentences(list(reversed(v.chunks)))
    assert [{span for span, _ in inside} for inside in got] == [set(v.spans[2:4]), set(v.spans[0:2])]
    vectors = {span: vector for inside in got for span, vector in inside}
    for i, span in enumerate(v.spans):
        np.testing.assert_allclose(vectors[span], v.sentence_vectors[i], atol=1e-6)
    assert store.sentences([]) == []


def test_sentences_only_of_the_chunks_own_version(store):
    """While two versions are stored, each version's chunk gets only its own version's sentences."""
    v1, v2 = Version("doc", TEXT_V1, V1, seed=1), Version("doc", TEXT_V2, V2, seed=2)
    v1.write(store)
    v2.stage(store)
    store.commit(v2.info, v2.text)  # not settled: v1's sentences are still stored
    (old,), (new,) = store.sentences([v1.chunks[0]]), store.sentences([v2.chunks[0]])
    assert {span for span, _ in old} == set(v1.spans[0:2])
    assert {span for span, _ in new} == set(v2.spans[0:2])
    store.settle("doc")
    assert store.sentences([v1.chunks[0]]) == [[]]


def test_another_embedder_cannot_open_the_index(store, tmp_path):
    """Opening an index built by one embedder with another raises EmbedderMismatch, naming both."""
    Version("doc", TEXT_V1, V1, seed=1).write(store)
    with pytest.raises(EmbedderMismatch, match="test-embedder.*other-embedder"):
        Store(make_settings(tmp_path), "other-embedder")
    assert reopen(tmp_path).version_of("doc") == V1  # the refused open changed nothing


def test_rebuild_with_another_embedder_starts_empty(store, tmp_path):
    """rebuild=True drops the old collections, so another embedder may then build the index."""
    Version("doc", TEXT_V1, V1, seed=1).write(store)
    rebuilt = Store(make_settings(tmp_path), "other-embedder", rebuild=True)
    assert rebuilt.count() == 0 and rebuilt.documents() == [] and rebuilt.pending() == []
    with pytest.raises(EmbedderMismatch):
        reopen(tmp_path)


def test_dense_takes_the_chunks_the_keyword_index_holds_and_reads_only_the_rest(store):
    """With the keyword index's chunks at hand, the ranking and every field are those of a read from
    the store; a chunk the index does not hold is read, and a version not committed stays unseen."""
    from rag.index.keyword import KeywordIndex

    v1 = Version("doc", TEXT_V1, V1, seed=1)
    v1.stage(store)
    store.commit(v1.info, v1.text)
    keyword = KeywordIndex()
    keyword.rebuild(v1.chunks[:1])  # holds the first chunk only
    for vector in v1.chunk_vectors:
        assert store.dense(vector, 10, keyword.chunk) == store.dense(vector, 10)
    assert keyword.chunk(v1.chunks[0].id) is not None and keyword.chunk(v1.chunks[1].id) is None

    v2 = Version("doc", TEXT_V2, V2, seed=2)
    v2.stage(store)  # written, not committed
    keyword.rebuild(v2.chunks)
    assert not ids(c for c, _ in store.dense(v2.chunk_vectors[0], 10, keyword.chunk)) & ids(v2.chunks)


def test_concurrent_dense_searches_share_chroma_queries_and_get_what_each_alone_gets(store):
    """Searches of concurrent requests are gathered into one Chroma query of many vectors (each
    with its own k); every caller gets the ranking a search of its own returns."""
    from concurrent.futures import ThreadPoolExecutor

    for i in range(6):
        Version(f"doc{i}", TEXT_V2, V2, seed=10 + i).write(store)
    queries = [(vector, k) for vector, k in zip(unit_vectors(48, seed=99), [3, 10, 1, 7] * 12)]
    alone = [store.dense(vector, k) for vector, k in queries]
    before = store._nearest.batches
    with ThreadPoolExecutor(12) as pool:
        together = list(pool.map(lambda q: store.dense(*q), queries))
    assert together == alone
    assert [len(hits) for hits in alone] == [k for _, k in queries]
    assert store._nearest.batches - before < len(queries)  # some queries shared a call
