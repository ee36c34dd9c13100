"""BM25 keyword retrieval over chunks (rag/index/keyword.py), with the real Indonesian tokenizer."""

from __future__ import annotations

from collections import Counter

import pytest

from rag.index.keyword import KeywordIndex
from rag.models import Chunk
from rag.text.tokens import Tokenizer

TEXTS = {
    "riyadh": "Delegasi kedua negara menyepakati kesepakatan awal dalam pertemuan di Riyadh.",
    "energi": "Pasukan Rusia menyerang infrastruktur energi Ukraina pada malam hari.",
    "miami": "Rencana perdamaian dibicarakan utusan Amerika dalam pembicaraan di Miami.",
}


def chunk(source: str, key: str, text: str | None = None) -> Chunk:
    body = text if text is not None else TEXTS[key]
    return Chunk(id=f"{source}@v#{key}", source=source, text=body, start=0, end=len(body), hash="v")


class CountingTokenizer(Tokenizer):
    """The real tokenizer, counting the texts it is asked to tokenize."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()

    def __call__(self, text: str) -> list[str]:
        self.calls[text] += 1
        return super().__call__(text)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture
def index(tokenizer) -> KeywordIndex:
    built = KeywordIndex(tokenizer)
    built.rebuild([chunk("doc1", "riyadh"), chunk("doc1", "energi"), chunk("doc2", "miami")])
    return built


def ids(hits) -> list[str]:
    return [c.id for c, _ in hits]


def test_finds_a_chunk_by_another_form_of_its_words(index):
    """Stemming matches "sepakat" to "menyepakati"/"kesepakatan" and "serangan" to "menyerang"."""
    assert ids(index.search("sepakat", 3)) == ["doc1@v#riyadh"]
    assert ids(index.search("serangan terhadap energi", 3)) == ["doc1@v#energi"]
    assert ids(index.search("Apa yang dibicarakan?", 3)) == ["doc2@v#miami"]


def test_scores_are_positive_and_descending(index):
    """Hits carry positive BM25 scores, best first; chunks without a query term are left out."""
    hits = index.search("pertemuan Riyadh serangan", 3)
    assert ids(hits) == ["doc1@v#riyadh", "doc1@v#energi"]
    scores = [s for _, s in hits]
    assert all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)


def test_k_limits_the_hits(index):
    """At most k chunks come back, even when more match."""
    assert len(index.search("di Riyadh Miami energi", 1)) == 1
    assert len(index.search("di Riyadh Miami energi", 50)) == 3


def test_stopwords_alone_find_nothing(index):
    """A query of stopwords only has no tokens, so no hits (not every chunk at score 0)."""
    assert index.search("yang dan di dalam pada", 3) == []
    assert index.search("the and of", 3) == []


def test_unknown_words_find_nothing(index):
    """A word no chunk contains gives no hits."""
    assert index.search("kriptografi", 3) == []


def test_empty_index_returns_nothing(tokenizer):
    """Before any build, and after building from no chunks, search returns []."""
    empty = KeywordIndex(tokenizer)
    assert empty.search("Riyadh", 5) == [] and len(empty) == 0
    empty.rebuild([])
    assert empty.search("Riyadh", 5) == []


def test_rebuild_replaces_everything(index):
    """A rebuild indexes exactly the chunks given: the earlier ones are gone."""
    index.rebuild([chunk("doc3", "energi")])
    assert len(index) == 1
    assert index.search("Riyadh", 5) == []
    assert ids(index.search("energi", 5)) == ["doc3@v#energi"]


def test_replace_swaps_one_documents_chunks_and_leaves_the_others(index):
    """replace(source, chunks) drops that source's old chunks only."""
    index.replace("doc1", [chunk("doc1", "new", "Kunjungan presiden ke Moskow ditunda.")])
    assert len(index) == 2
    assert index.search("Riyadh", 5) == [] and index.search("energi", 5) == []
    assert ids(index.search("Moskow", 5)) == ["doc1@v#new"]
    assert ids(index.search("Miami", 5)) == ["doc2@v#miami"]


def test_replace_of_a_new_source_adds_it(index):
    """replace for a source not yet indexed adds its chunks beside the others."""
    index.replace("doc9", [chunk("doc9", "kyiv", "Kyiv menyambut utusan Eropa.")])
    assert len(index) == 4
    assert ids(index.search("Kyiv", 5)) == ["doc9@v#kyiv"]


def test_replace_with_no_chunks_removes_the_document(index):
    """replace(source, []) removes the document; the rest stays searchable."""
    index.replace("doc1", [])
    assert len(index) == 1
    assert index.search("Riyadh", 5) == []
    assert ids(index.search("Miami", 5)) == ["doc2@v#miami"]
    index.replace("doc2", [])
    assert len(index) == 0 and index.search("Miami", 5) == []


def test_chunk_of_stopwords_only_is_indexed_but_never_found(tokenizer):
    """A chunk with no tokens left still counts, without matching any query."""
    index = KeywordIndex(tokenizer)
    index.rebuild([chunk("doc1", "stop", "yang dan di"), chunk("doc1", "riyadh")])
    assert len(index) == 2
    assert ids(index.search("Riyadh yang", 5)) == ["doc1@v#riyadh"]


def test_rebuild_with_the_same_chunks_does_not_tokenize_them_again():
    """Tokens are cached per chunk id and text: an unchanged chunk is tokenized once."""
    counting = CountingTokenizer()
    index = KeywordIndex(counting)
    chunks = [chunk("doc1", "riyadh"), chunk("doc1", "energi"), chunk("doc2", "miami")]
    index.rebuild(chunks)
    index.rebuild(chunks)
    index.replace("doc2", [chunk("doc2", "miami")])
    assert {text: counting.calls[text] for text in TEXTS.values()} == {text: 1 for text in TEXTS.values()}


def test_changed_or_new_text_is_tokenized_again():
    """Only chunks whose text changed (same id) or that are new go through the tokenizer."""
    counting = CountingTokenizer()
    index = KeywordIndex(counting)
    index.rebuild([chunk("doc1", "riyadh"), chunk("doc2", "miami")])
    changed = "Pertemuan di Riyadh dipindah ke Jeddah."
    index.rebuild([chunk("doc1", "riyadh", changed), chunk("doc2", "miami"), chunk("doc3", "energi")])
    assert counting.calls[changed] == 1
    assert counting.calls[TEXTS["miami"]] == 1
    assert counting.calls[TEXTS["energi"]] == 1
    assert ids(index.search("Jeddah", 5)) == ["doc1@v#riyadh"]


def test_a_removed_chunk_is_forgotten_by_the_cache():
    """Tokens of chunks no longer indexed are dropped, so bringing one back tokenizes it again."""
    counting = CountingTokenizer()
    index = KeywordIndex(counting)
    index.rebuild([chunk("doc1", "riyadh"), chunk("doc2", "miami")])
    index.replace("doc2", [])
    index.replace("doc2", [chunk("doc2", "miami")])
    assert counting.calls[TEXTS["miami"]] == 2
    assert counting.calls[TEXTS["riyadh"]] == 1
