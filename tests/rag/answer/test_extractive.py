"""The extractive answerer (rag/answer/extractive.py) on hand-built candidates, with real e5 vectors."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.extractive import NOT_FOUND, Candidate, ExtractiveAnswerer, ScoredSentence, candidates, with_marker
from rag.models import Chunk, ScoredChunk
from rag.text.sentences import sentence_spans
from rag.text.tokens import Tokenizer, overlap

SOURCE = (
    "Putin Setujui Jeda Serangan\n\n"
    "Presiden Rusia Vladimir Putin setuju menghentikan serangan terhadap infrastruktur energi selama 30 hari. "
    "Kesepakatan itu dicapai dalam percakapan telepon dengan Donald Trump pada Selasa. "
    "Putin setuju menghentikan serangan terhadap infrastruktur energi selama 30 hari itu. "
    "Gedung Putih menyebut pembicaraan teknis soal Laut Hitam akan segera dimulai. "
    "Zelensky mengatakan Ukraina akan mempelajari usulan tersebut."
)
BODY = SOURCE.index("Presiden")
THRESHOLDS = {"id": 0.90, "en": 0.80}


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def found(embedder) -> list[Candidate]:
    """The body's sentences as candidates of one chunk that starts mid-document, as chunks do."""
    chunk = Chunk(id="000@v#1", source="000_putin.txt", text=SOURCE[BODY:], start=BODY, end=len(SOURCE),
                  title="Putin Setujui Jeda Serangan", outlet="Kompas", date="2025-03-18", hash="v")
    spans = list(sentence_spans(SOURCE, BODY))
    vectors = embedder.passages([SOURCE[s.start : s.end] for s in spans])
    return [Candidate(chunk, span, vector) for span, vector in zip(spans, vectors)]


def scored(found: list[Candidate], *scores: float) -> list[ScoredSentence]:
    """The first len(scores) candidates with these scores, best first, as `score` returns them."""
    return sorted((ScoredSentence(c, s) for c, s in zip(found, scores)), key=lambda s: s.score, reverse=True)


def answerer(tokenizer, **kwargs) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(tokenizer, THRESHOLDS, **kwargs)


def test_candidate_text_is_its_source_slice(found):
    """A candidate's text is the document's text at its span, read through the chunk's offsets."""
    assert len(found) == 5
    for c in found:
        assert c.text == SOURCE[c.span.start : c.span.end]
    assert found[0].text.startswith("Presiden Rusia") and found[-1].text.startswith("Zelensky")


@pytest.mark.parametrize(("language", "abstains"), [("id", True), ("en", False)])
def test_abstains_below_the_threshold_of_the_question_language(tokenizer, found, language, abstains):
    """0.85 is under the Indonesian floor (0.90) but over the English one (0.80)."""
    result = answerer(tokenizer).answer(language, scored(found, 0.85))
    assert result.abstained is abstains
    assert result.language == language
    if abstains:
        assert result.answer == NOT_FOUND["id"] and result.citations == []
    else:
        assert result.citations[0].text == found[0].text


def test_the_threshold_itself_is_enough(tokenizer, found):
    """A best score exactly at the floor answers."""
    assert not answerer(tokenizer).answer("id", scored(found, 0.90)).abstained


def test_abstains_without_candidates(tokenizer):
    """Nothing scored: the not-found message of the question's language."""
    result = answerer(tokenizer).answer("en", [])
    assert result.abstained and result.answer == NOT_FOUND["en"] and result.citations == []


def test_quotes_the_best_sentence_with_marker_one_and_an_exact_citation(tokenizer, found):
    """The best sentence is quoted verbatim with [1]; its citation is the document's slice at its offsets."""
    result = answerer(tokenizer).answer("id", scored(found, 0.80, 0.9512345, 0.70))
    best = found[1]
    assert not result.abstained
    assert result.answer == best.text[:-1] + " [1]."
    (citation,) = result.citations
    assert citation.marker == 1
    assert citation.text == SOURCE[citation.start : citation.end] == best.text
    assert (citation.start, citation.end) == (best.span.start, best.span.end)
    assert (citation.source, citation.title, citation.outlet, citation.date) == (
        "000_putin.txt", "Putin Setujui Jeda Serangan", "Kompas", "2025-03-18")
    assert citation.score == 0.9512


def test_adds_close_sentences_within_the_margin_in_score_order(tokenizer, found):
    """Sentences within `margin` of the best join it, numbered by score; one just outside does not."""
    result = answerer(tokenizer, margin=0.02).answer("id", scored(found, 0.930, 0.950, 0.000, 0.9295, 0.940))
    assert [c.text for c in result.citations] == [found[1].text, found[4].text, found[0].text]
    assert [c.marker for c in result.citations] == [1, 2, 3]
    assert result.answer == " ".join(with_marker(c.text, c.marker) for c in result.citations)
    assert found[3].text not in result.answer


def test_at_most_max_sentences(tokenizer, found):
    """However many are close, no more than `max_sentences` are quoted."""
    close = scored(found, 0.95, 0.95, 0.95, 0.95, 0.95)
    assert len(answerer(tokenizer, max_sentences=2).answer("id", close).citations) == 2
    assert len(answerer(tokenizer, max_sentences=3).answer("id", close).citations) == 3


def test_skips_a_redundant_sentence_and_takes_the_next(tokenizer, found):
    """A close sentence repeating most of a chosen one's words is skipped; the next close one still joins."""
    # found[0] and found[2] say the same thing in mostly the same words.
    result = answerer(tokenizer, margin=0.05).answer("id", scored(found, 0.96, 0.93, 0.95, 0.0, 0.0))
    assert [c.text for c in result.citations] == [found[0].text, found[1].text]
    assert [c.marker for c in result.citations] == [1, 2]


def test_score_is_mean_similarity_plus_the_lexical_bonus(tokenizer, found, embedder):
    """score = mean over query vectors of cosine + lexical_weight * share of question terms in the sentence."""
    question = "Apa yang disepakati Putin soal infrastruktur energi?"
    vectors = [embedder.query(question), embedder.query("Putin energi")]
    got = answerer(tokenizer, lexical_weight=0.1).score(question, vectors, found)
    terms = set(tokenizer(question))
    for s in got:
        c = s.candidate
        cosine = np.mean([float(c.vector @ v) for v in vectors])
        assert s.score == pytest.approx(cosine + 0.1 * overlap(terms, set(tokenizer(c.text))), abs=1e-5)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)
    assert got[0].candidate.text in {found[0].text, found[2].text}  # the sentences about the energy pause


def test_score_sets_aside_sentences_that_cannot_supply_the_answer(tokenizer, found, embedder):
    """For 'berapa' only sentences with a number are scored; for 'siapa' only ones naming someone new."""
    how_many = "Berapa hari Putin menghentikan serangan energi?"
    got = answerer(tokenizer).score(how_many, [embedder.query(how_many)], found)
    assert {s.candidate.text for s in got} == {found[0].text, found[2].text}  # "30 hari"
    who = "Siapa yang berbicara dengan Putin di telepon?"
    names = {s.candidate.text for s in answerer(tokenizer).score(who, [embedder.query(who)], found)}
    assert found[1].text in names and found[4].text in names  # Donald Trump; Zelensky, Ukraina
    assert answerer(tokenizer).score(how_many, [embedder.query(how_many)], found[3:]) == []


def test_candidates_give_a_shared_sentence_to_the_best_ranked_passage(found):
    """Overlapping passages: a sentence in both is a candidate once, of the passage ranked first."""
    whole = found[0].chunk
    first = whole.model_copy(update={"id": "000@v#0"})
    passages = [ScoredChunk(chunk=first, score=0.2), ScoredChunk(chunk=whole, score=0.1)]
    inside = [[(c.span, c.vector) for c in found[:2]], [(c.span, c.vector) for c in found[1:]]]
    got = candidates(passages, inside)
    assert [c.span for c in got] == [c.span for c in found]
    assert [c.chunk.id for c in got] == ["000@v#0", "000@v#0"] + ["000@v#1"] * 3


@pytest.mark.parametrize(
    ("sentence", "marked"),
    [
        ("Putin setuju.", "Putin setuju [1]."),
        ("Benarkah itu?", "Benarkah itu [1]?"),
        ("Luar biasa!", "Luar biasa [1]!"),
        ("Ia menyebutnya \u201cbersejarah\u201d.", "Ia menyebutnya \u201cbersejarah\u201d. [1]"),
        ('Ia menyebutnya "bersejarah".', 'Ia menyebutnya "bersejarah". [1]'),
        ("\u201cKami siap,\u201d kata Zelensky.", "\u201cKami siap,\u201d kata Zelensky [1]."),
        ("\u201cKami siap.\u201d", "\u201cKami siap.\u201d [1]"),
        ("Baris tanpa titik", "Baris tanpa titik [1]"),
    ],
)
def test_with_marker(sentence, marked):
    """[n] goes before the final . ! ?; after the sentence when a quote closes it or nothing ends it."""
    assert with_marker(sentence, 1) == marked
