"""Word tokens for BM25 and lexical overlap (rag/text/tokens.py): lower-cased, stopwords out, stemmed."""

from __future__ import annotations

import pytest

from rag.text.tokens import Tokenizer, count_tokens, overlap, stopwords


@pytest.fixture(scope="module")
def tokenize() -> Tokenizer:
    return Tokenizer()


def test_stems_indonesian_affixes(tokenize):
    """Prefixed and suffixed forms of one root give one token."""
    assert tokenize("kesepakatan disepakati sepakat") == ["sepakat"] * 3
    assert tokenize("menyerang serangan diserang") == ["serang"] * 3
    assert tokenize("pembicaraan dibicarakan") == ["bicara"] * 2


def test_lower_cases_before_stemming(tokenize):
    """Case does not matter: 'MENOLAK' and 'menolak' are one token."""
    assert tokenize("Zelensky MENOLAK Usulan") == tokenize("zelensky menolak usulan") == ["zelensky", "olak", "usul"]


def test_drops_indonesian_and_english_stopwords(tokenize):
    """Function words of both languages are removed before stemming."""
    assert tokenize("yang dan di ke dari untuk") == []
    assert tokenize("the and of what who") == []
    assert tokenize("Apa yang dibicarakan di Miami?") == ["bicara", "miam"]  # the stemmer trims names too


def test_stopwords_are_loaded_from_both_lists():
    """The stopword set holds both languages' lists, without their comment lines."""
    words = stopwords()
    assert {"yang", "adalah", "the", "which"} <= words
    assert not any(w.startswith("#") for w in words)
    assert "riyadh" not in words and "putin" not in words


def test_hyphenated_words_also_yield_their_parts(tokenize):
    """'anti-Rusia' is kept whole and as 'anti' and 'rusia'; a stopword part is still dropped."""
    assert tokenize.words("anti-Rusia") == ["anti-rusia", "anti", "rusia"]
    assert tokenize.words("kerja-sama") == ["kerja-sama", "kerja"]  # "sama" is a stopword


def test_punctuation_and_underscores_split_words(tokenize):
    """Only letters and digits make words; apostrophes inside a word keep it whole."""
    assert tokenize.words("Pertemuan_Riyadh, (Jeddah)!") == ["pertemuan", "riyadh", "jeddah"]
    assert tokenize.words("O'Brien Jum'at") == ["o'brien", "jum'at"]


def test_numbers_are_tokens(tokenize):
    """Years and day numbers stay, since dates and counts are what many questions ask about."""
    assert tokenize("24 Februari 2022 selama 30 hari") == ["24", "februar", "2022", "30"]


def test_no_number_is_a_stopword(tokenize):
    """Every number survives tokenizing, '10' and '39' as much as '11'."""
    assert tokenize("10 Maret 39 tahanan 11 hari") == ["10", "maret", "39", "tahan", "11"]


def test_empty_text_has_no_tokens(tokenize):
    """Blank or punctuation-only text tokenizes to nothing."""
    assert tokenize("") == [] and tokenize("  ?! -- ") == []


def test_count_tokens_splits_words_and_punctuation():
    """count_tokens keeps every word and every punctuation mark, stopwords included."""
    assert count_tokens("Halo, dunia! Yang 30/12") == ["Halo", ",", "dunia", "!", "Yang", "30", "/", "12"]
    assert count_tokens("   ") == []


def test_overlap_is_the_share_of_query_terms_found():
    """overlap = |query ∩ text| / |query|, and 0 for an empty query."""
    assert overlap({"a", "b", "c", "d"}, {"a", "c", "x"}) == 0.5
    assert overlap({"a"}, {"a", "b"}) == 1.0
    assert overlap({"a", "b"}, set()) == 0.0
    assert overlap(set(), {"a"}) == 0.0


def test_tokenizer_is_safe_across_threads(tokenize):
    """Concurrent calls give the same tokens as one at a time (the stemmer is shared under a lock)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Pertemuan ke-{i} membicarakan kesepakatan gencatan senjata" for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(tokenize, texts))
    assert together == [tokenize(t) for t in texts]
