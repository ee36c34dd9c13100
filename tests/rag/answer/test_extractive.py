"""The extractive reader (rag/answer/extractive.py) on hand-built candidates, with real e5 vectors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rag.answer.extractive import NOT_FOUND, Candidate, ExtractiveAnswerer, Model, ScoredSentence, candidates, with_marker
from rag.answer.features import FEATURES, Question, features
from rag.answer.types import analyse
from rag.models import Chunk, ScoredChunk
from rag.text.sentences import sentence_spans
from rag.text.tokens import Tokenizer

SOURCE = (
    "Putin Setujui Jeda Serangan\n\n"
    "Presiden Rusia Vladimir Putin setuju menghentikan serangan terhadap infrastruktur energi selama 30 hari. "
    "Kesepakatan itu dicapai dalam percakapan telepon dengan Donald Trump pada Selasa. "
    "Putin setuju menghentikan serangan terhadap infrastruktur energi selama 30 hari itu. "
    "Gedung Putih menyebut pembicaraan teknis soal Laut Hitam akan segera dimulai. "
    "Zelensky mengatakan Ukraina akan mempelajari usulan tersebut."
)
BODY = SOURCE.index("Presiden")
ONE_THING = analyse("Apa yang disepakati Putin?")
MANY = analyse("Siapa saja yang disebut dalam artikel itu?")


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def found(embedder) -> list[Candidate]:
    """The body's sentences as candidates of one chunk that starts mid-document, as chunks do."""
    chunk = Chunk(id="000@v#1", source="000_putin.txt", text=SOURCE[BODY:], start=BODY, end=len(SOURCE),
                  title="Putin Setujui Jeda Serangan", outlet="Kompas", date="2025-03-18", hash="v")
    passage = ScoredChunk(chunk=chunk, score=0.5, dense=0.85, keyword=3.0)
    spans = list(sentence_spans(SOURCE, BODY))
    vectors = embedder.passages([SOURCE[s.start : s.end] for s in spans])
    return [Candidate(chunk, span, vector, passage, 0) for span, vector in zip(spans, vectors)]


def model(answer: float = 0.5, member: float = 0.4, extra: float = 1.0, coef: np.ndarray | None = None) -> Model:
    """A model with given thresholds; weights only matter to the tests of `score`."""
    n = len(FEATURES)
    return Model(coef if coef is not None else np.zeros(n), 0.0, np.zeros(n), np.ones(n), answer, member, extra)


def scored(found: list[Candidate], *scores: float) -> list[ScoredSentence]:
    """The first len(scores) candidates with these scores, best first, as `score` returns them."""
    return sorted((ScoredSentence(c, s) for c, s in zip(found, scores)), key=lambda s: s.score, reverse=True)


def answerer(tokenizer, **kwargs) -> ExtractiveAnswerer:
    sizes = {k: kwargs.pop(k) for k in ("max_sentences", "max_members") if k in kwargs}
    return ExtractiveAnswerer(tokenizer, model(**kwargs), **sizes)


def test_candidate_text_is_its_source_slice(found):
    """A candidate's text is the document's text at its span, read through the chunk's offsets."""
    assert len(found) == 5
    for c in found:
        assert c.text == SOURCE[c.span.start : c.span.end]
    assert found[0].text.startswith("Presiden Rusia") and found[-1].text.startswith("Zelensky")


@pytest.mark.parametrize(("best", "abstains"), [(0.49, True), (0.5, False), (0.8, False)])
def test_answers_only_from_the_answer_threshold(tokenizer, found, best, abstains):
    """Below the model's answer threshold it abstains; at it or above, it quotes."""
    result = answerer(tokenizer, answer=0.5).answer("id", ONE_THING, scored(found, best))
    assert result.abstained is abstains and result.language == "id"
    if abstains:
        assert result.answer == NOT_FOUND["id"] and result.citations == []
    else:
        assert result.citations[0].text == found[0].text


def test_abstains_without_candidates(tokenizer):
    """Nothing scored: the not-found message of the question's language."""
    result = answerer(tokenizer).answer("en", ONE_THING, [])
    assert result.abstained and result.answer == NOT_FOUND["en"] and result.citations == []


def test_quotes_the_best_sentence_with_marker_one_and_an_exact_citation(tokenizer, found):
    """The best sentence is quoted verbatim with [1]; its citation is the document's slice at its offsets."""
    result = answerer(tokenizer).answer("id", ONE_THING, scored(found, 0.40, 0.9512345, 0.30))
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


def test_a_single_answer_takes_further_sentences_only_from_the_extra_threshold(tokenizer, found):
    """Sentences at or over `extra` join the best, numbered by score; one under it does not."""
    result = answerer(tokenizer, extra=0.7).answer("id", ONE_THING, scored(found, 0.75, 0.95, 0.1, 0.69, 0.8))
    assert [c.text for c in result.citations] == [found[1].text, found[4].text, found[0].text]
    assert [c.marker for c in result.citations] == [1, 2, 3]
    assert result.answer == " ".join(with_marker(c.text, c.marker) for c in result.citations)
    assert found[3].text not in result.answer


def test_a_list_gathers_members_from_the_member_threshold(tokenizer, found):
    """A plural question takes every sentence at or over `member`, up to max_members."""
    assert MANY.plural and not ONE_THING.plural
    scores = (0.9, 0.45, 0.2, 0.41, 0.6)
    listed = answerer(tokenizer, member=0.4).answer("id", MANY, scored(found, *scores))
    assert [c.text for c in listed.citations] == [found[0].text, found[4].text, found[1].text, found[3].text]
    single = answerer(tokenizer, member=0.4).answer("id", ONE_THING, scored(found, *scores))
    assert [c.text for c in single.citations] == [found[0].text]  # extra = 1.0: nothing joins
    capped = answerer(tokenizer, member=0.4, max_members=2).answer("id", MANY, scored(found, *scores))
    assert len(capped.citations) == 2


def test_at_most_max_sentences(tokenizer, found):
    """However many pass `extra`, no more than `max_sentences` are quoted."""
    close = scored(found, 0.95, 0.95, 0.95, 0.95, 0.95)
    assert len(answerer(tokenizer, extra=0.9, max_sentences=2).answer("id", ONE_THING, close).citations) == 2
    assert len(answerer(tokenizer, extra=0.9, max_sentences=3).answer("id", ONE_THING, close).citations) == 3


def test_skips_a_redundant_sentence_and_takes_the_next(tokenizer, found):
    """A sentence repeating most of a chosen one's words is skipped; the next one still joins."""
    # found[0] and found[2] say the same thing in mostly the same words.
    result = answerer(tokenizer, extra=0.9).answer("id", ONE_THING, scored(found, 0.96, 0.93, 0.95, 0.0, 0.0))
    assert [c.text for c in result.citations] == [found[0].text, found[1].text]
    assert [c.marker for c in result.citations] == [1, 2]


def test_a_joined_question_quotes_the_best_of_each_answered_part(tokenizer, found):
    """One sentence per part that reaches the answer threshold; abstain only when no part does."""
    first, second, unanswered = scored(found, 0.2, 0.9), scored(found, 0.0, 0.0, 0.0, 0.0, 0.7), scored(found, 0.3)
    result = answerer(tokenizer, answer=0.5).answer("id", ONE_THING, [], [first, second, unanswered])
    assert [c.text for c in result.citations] == [found[1].text, found[4].text]
    same = answerer(tokenizer, answer=0.5).answer("id", ONE_THING, [], [first, first])
    assert [c.text for c in same.citations] == [found[1].text]  # one sentence answering both parts is quoted once
    assert answerer(tokenizer, answer=0.5).answer("id", ONE_THING, [], [unanswered]).abstained


def test_probability_is_logistic_and_zero_when_the_asked_kind_is_missing():
    """sigmoid(((x - mean) / scale) . coef + intercept), except a row marked typed_missing, which is 0."""
    n = len(FEATURES)
    rng = np.random.default_rng(0)
    m = Model(rng.normal(size=n), 0.3, rng.normal(size=n), rng.uniform(0.5, 2, size=n), 0.5, 0.5)
    rows = rng.normal(size=(4, n))
    missing = FEATURES.index("typed_missing")
    rows[:, missing] = [0, 0, 1, 0]
    z = ((rows - m.mean) / m.scale) @ m.coef + 0.3
    expected = 1 / (1 + np.exp(-z))
    expected[2] = 0.0
    assert m.probability(rows) == pytest.approx(expected)


def test_a_model_fitted_on_other_features_is_refused():
    """Features are named in the model file, so a stale model fails loudly instead of misreading."""
    bundled = Model.load()
    assert 0 < bundled.answer <= 1 and bundled.coef.shape == (len(FEATURES),)
    data = {"features": list(FEATURES[:-1]), "coef": [0.0] * (len(FEATURES) - 1), "intercept": 0.0,
            "mean": [0.0] * (len(FEATURES) - 1), "scale": [1.0] * (len(FEATURES) - 1), "answer": 0.5, "member": 0.5}
    with pytest.raises(ValueError, match="train-reader"):
        Model.load(data)


def test_score_weighs_features_and_sets_aside_sentences_without_the_asked_kind(tokenizer, found, embedder):
    """With weight only on similarity, candidates come back best first by cosine; asked 'how many days',
    only sentences holding a duration can score above 0."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("similarity")] = 10.0
    reader = ExtractiveAnswerer(tokenizer, dataclasses.replace(model(), coef=coef))
    text = "Berapa hari Putin menghentikan serangan energi?"
    question = Question.of(text, "id", analyse(text), [embedder.query(text)], tokenizer)
    got = reader.score(question, found)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)
    assert all(len(s.features) == len(FEATURES) for s in got)
    positive = {s.candidate.text for s in got if s.score > 0}
    assert positive == {found[0].text, found[2].text}  # "selama 30 hari"
    cosines = {s.candidate.text: float(np.dot(s.candidate.vector, question.vectors[0])) for s in got}
    ranked = [s.candidate.text for s in got if s.score > 0]
    assert ranked == sorted(positive, key=cosines.get, reverse=True)
    assert reader.score(question, []) == []


def test_a_question_naming_people_is_answered_only_from_articles_that_mention_them(tokenizer, found, embedder):
    """Asked about Lavrov, an article about Putin, Trump and Zelensky answers nothing, however similar;
    asked about Zelenskyy (another spelling), it may; a question naming no one is not held back.
    The reader is typed here ("apa" asks for anything), so only the people gate can hold it back."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("similarity")] = 10.0
    reader = ExtractiveAnswerer(tokenizer, dataclasses.replace(model(), coef=coef))

    def best(text: str) -> float:
        question = Question.of(text, "id", analyse(text), [embedder.query(text)], tokenizer)
        return reader.score(question, found)[0].score

    assert best("Apa yang disepakati Sergei Lavrov soal serangan energi?") == 0.0
    assert best("Apa yang dikatakan Volodymyr Zelenskyy soal usulan itu?") > 0.0
    assert best("Apa yang disepakati soal serangan energi?") > 0.0
    assert best("Who met in Moscow to discuss the attacks on energy?") > 0.0  # a capitalised "Who" names no one


def test_candidates_give_a_shared_sentence_to_the_best_ranked_passage(found):
    """Overlapping passages: a sentence in both is a candidate once, of the passage ranked first."""
    whole = found[0].chunk
    first = whole.model_copy(update={"id": "000@v#0"})
    passages = [ScoredChunk(chunk=first, score=0.2), ScoredChunk(chunk=whole, score=0.1)]
    inside = [[(c.span, c.vector) for c in found[:2]], [(c.span, c.vector) for c in found[1:]]]
    got = candidates(passages, inside)
    assert [c.span for c in got] == [c.span for c in found]
    assert [c.chunk.id for c in got] == ["000@v#0", "000@v#0"] + ["000@v#1"] * 3
    assert [c.rank for c in got] == [0, 0, 1, 1, 1] and got[2].passage is passages[1]


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


ENUMERATED = """Serikat Petani Ajukan Tuntutan

Jakarta - Serikat petani menggelar unjuk rasa di depan gedung parlemen pada Senin (3/2/2025).

Ketua serikat, Rahmat Hidayat, mengatakan aksi itu diikuti sekitar dua ribu petani dari berbagai daerah.

Dalam orasinya, Rahmat menyampaikan tiga tuntutan.

Pertama, harga pupuk bersubsidi harus diturunkan sebelum musim tanam.

"Kami sudah lama menunggu," kata Rahmat di tengah massa.

Kedua, pemerintah diminta membeli gabah petani dengan harga yang layak.

Ketiga, lahan sawah tidak boleh lagi dialihfungsikan menjadi kawasan industri.

Polisi menyebut unjuk rasa berlangsung tertib hingga sore hari.
"""


def test_an_enumerated_list_is_answered_with_every_member_from_its_document(fresh, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "petani.txt").write_text(ENUMERATED, encoding="utf-8")
    fresh.ingest([folder])
    answer = fresh.answer("Apa saja tiga tuntutan yang disampaikan Rahmat Hidayat?")
    assert not answer.abstained
    quoted = [c.text for c in answer.citations]
    assert quoted[0] == "Dalam orasinya, Rahmat menyampaikan tiga tuntutan."
    assert [q.split(",")[0] for q in quoted[1:]] == ["Pertama", "Kedua", "Ketiga"]  # in order, the quote left out
    text = (folder / "petani.txt").read_text(encoding="utf-8")
    assert all(text[c.start:c.end] == c.text for c in answer.citations)


def test_an_untrained_model_gives_equal_odds_and_reads_whatever_the_shipped_model(embedder, tmp_path):
    """`rag train-reader` collects features through a pipeline reading with Model.untrained(), so a
    shipped model fitted on other features never stops the refit that replaces it."""
    from rag import build_pipeline
    from tests.conftest import SEEDS, make_settings

    untrained = Model.untrained()
    rows = np.zeros((3, len(FEATURES)))
    rows[1, FEATURES.index("typed_missing")] = 1.0
    assert untrained.probability(rows).tolist() == [0.5, 0.0, 0.5]
    pipe = build_pipeline(make_settings(tmp_path / "data"), embedder=embedder, reader=untrained)
    pipe.ingest([SEEDS])
    trace = pipe.run("Kapan delegasi AS dan Rusia bertemu di Riyadh?")
    assert trace.scored and {s.score for s in trace.scored} <= {0.0, 0.5}
    assert not trace.answer.abstained  # the best sentence reaches the untrained threshold, 0.5


def test_a_joined_question_gathers_the_members_of_a_part_that_asks_for_several(tokenizer, found):
    """"Siapa saja A, dan siapa B": the first part quotes every member from the member threshold,
    the second (one thing) its best sentence only."""
    asked = analyse("Siapa saja yang menyepakati jeda serangan, dan siapa yang akan mempelajari usulan itu?")
    assert len(asked.parts) == 2
    several, one = scored(found, 0.9, 0.6, 0.0, 0.5), scored(found, 0.0, 0.0, 0.45, 0.3, 0.8)
    result = answerer(tokenizer, answer=0.5, member=0.4).answer("id", asked, [], [several, one])
    assert [c.text for c in result.citations] == [found[0].text, found[1].text, found[3].text, found[4].text]
    # at most max_members in all, taken from the parts in turn: the list does not crowd out the next part
    capped = answerer(tokenizer, answer=0.5, member=0.4, max_members=3).answer("id", asked, [], [several, one])
    assert [c.text for c in capped.citations] == [found[0].text, found[1].text, found[4].text]


def test_each_part_that_asks_for_several_may_quote_max_members(tokenizer, found):
    """"Siapa saja A, dan siapa saja B": two lists, each up to max_members, so the second part's
    members do not push out the first's."""
    asked = analyse("Siapa saja yang menyepakati jeda serangan, dan siapa saja yang akan mempelajari usulan itu?")
    first, second = scored(found, 0.9, 0.8, 0.7), scored(found, 0.0, 0.0, 0.0, 0.9, 0.8)
    result = answerer(tokenizer, answer=0.5, member=0.4, max_members=2).answer("id", asked, [], [first, second])
    assert [c.text for c in result.citations] == [found[0].text, found[1].text, found[3].text, found[4].text]


def test_a_sentence_about_what_the_question_sets_aside_answers_nothing(tokenizer, found, embedder):
    """"Selain jeda serangan energi, apa lagi ...": the sentences about the energy pause are no
    answer even for a question of no particular kind; the others may be."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("similarity")] = 10.0
    reader = ExtractiveAnswerer(tokenizer, dataclasses.replace(model(), coef=coef))
    text = "Selain jeda serangan terhadap infrastruktur energi, apa lagi yang dibahas Putin dan Trump?"
    question = Question.of(text, "id", analyse(text), [embedder.query(text)], tokenizer)
    got = {s.candidate.text: s.score for s in reader.score(question, found)}
    assert got[found[0].text] == 0.0 and got[found[2].text] == 0.0  # both about the energy pause
    assert got[found[3].text] > 0.0  # the Black Sea talks


def _article(embedder, source: str, text: str, date: str = "") -> list[Candidate]:
    """One article as a single passage's candidates."""
    chunk = Chunk(id=f"{source}@v#0", source=source, text=text, start=0, end=len(text), title="", outlet="",
                  date=date, hash="v")
    passage = ScoredChunk(chunk=chunk, score=0.5, dense=0.85, keyword=3.0)
    spans = list(sentence_spans(text, 0))
    vectors = embedder.passages([text[s.start : s.end] for s in spans])
    return [Candidate(chunk, span, vector, passage, 0) for span, vector in zip(spans, vectors)]


def _best_by_article(tokenizer, embedder, text: str, found: list[Candidate], context: str = "") -> dict[str, float]:
    """Each article's best score for question `text` (a follow-up when the conversation before it,
    `context`, is given) from a reader that weighs similarity alone."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("similarity")] = 10.0
    reader = ExtractiveAnswerer(tokenizer, dataclasses.replace(model(), coef=coef))
    question = Question.of(text, "id", analyse(text, context), [embedder.query(text)], tokenizer)
    got: dict[str, float] = {}
    for s in reader.score(question, found):
        got[s.candidate.chunk.source] = max(got.get(s.candidate.chunk.source, 0.0), s.score)
    return got


def test_a_question_naming_an_event_by_its_ordinal_is_not_answered_from_an_article_about_another(tokenizer, embedder):
    """Asked about the 16th package, an article whose passages name only the 18th answers nothing;
    one that names the 16th, or no ordinal at all, may answer."""
    found = [*_article(embedder, "a.txt", "Paket sanksi ke-18 disahkan. Paket itu memasukkan 105 kapal ke daftar hitam."),
             *_article(embedder, "b.txt", "Paket sanksi ke-16 disahkan. Lebih dari 70 kapal masuk daftar hitam."),
             *_article(embedder, "c.txt", "Sanksi baru disahkan. Sebanyak 40 kapal masuk daftar hitam.")]

    def best(text: str) -> dict[str, float]:
        return _best_by_article(tokenizer, embedder, text, found)

    got = best("Berapa kapal yang masuk daftar hitam dalam paket sanksi ke-16?")
    assert got["a.txt"] == 0.0 and got["b.txt"] > 0.0 and got["c.txt"] > 0.0
    assert best("Berapa kapal yang masuk daftar hitam?")["a.txt"] > 0.0  # no ordinal asked: nothing held back
    assert best("How many ships did the 18th package blacklist?")["a.txt"] > 0.0


def test_a_question_naming_a_month_is_not_answered_from_an_article_about_another(tokenizer, embedder):
    """Asked what was announced in October, an article that dates itself and its events in December
    answers nothing; one that names October (in words or in a dated weekday), or no month, may."""
    found = [*_article(embedder, "dec.txt", "Kesepakatan dicapai Jumat (19/12/2025) dini hari. Para menteri "
                                            "mengumumkan kesepakatan itu.", date="2025-12-19"),
             *_article(embedder, "oct.txt", "Kesepakatan dicapai Kamis (23/10/2025). Para menteri mengumumkan kesepakatan."),
             *_article(embedder, "word.txt", "Pada Oktober lalu para menteri mengumumkan kesepakatan."),
             *_article(embedder, "none.txt", "Para pemimpin akhirnya mengumumkan kesepakatan.")]

    def best(text: str) -> dict[str, float]:
        return _best_by_article(tokenizer, embedder, text, found)

    got = best("Apa yang diumumkan para menteri pada Oktober 2025?")
    assert got["dec.txt"] == 0.0 and min(got["oct.txt"], got["word.txt"], got["none.txt"]) > 0.0
    assert best("Apa yang diumumkan para menteri?")["dec.txt"] > 0.0  # no month asked: nothing held back
    assert best("What did the ministers announce in December?")["dec.txt"] > 0.0
    # a follow-up that names no month keeps to the one its conversation named
    follow_up = _best_by_article(tokenizer, embedder, "Apa lagi yang diumumkan para menteri?", found,
                                 context="Apa yang disepakati pada Oktober 2025?")
    assert follow_up["dec.txt"] == 0.0 and follow_up["oct.txt"] > 0.0


def test_a_question_for_a_person_of_a_country_is_not_answered_by_someone_the_sentence_gives_no_such_country(tokenizer, embedder):
    """"The British defence minister": a sentence naming a Ukrainian minister is a near miss; one
    naming a British one answers; without the country asked, both may."""
    found = _article(embedder, "a.txt", "Menteri Luar Negeri Ukraina Andrii Sybiha hadir dalam upacara itu. "
                                        "Menteri Pertahanan Inggris John Healey juga hadir dalam upacara itu.")
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("similarity")] = 10.0
    reader = ExtractiveAnswerer(tokenizer, dataclasses.replace(model(), coef=coef))

    def scores(text: str) -> list[float]:
        question = Question.of(text, "en", analyse(text), [embedder.query(text)], tokenizer)
        got = {s.candidate.text: s.score for s in reader.score(question, found)}
        return [got[c.text] for c in found]

    ukrainian, british = scores("What is the name of the British defence minister who attended the ceremony?")
    assert ukrainian == 0.0 and british > 0.0
    assert min(scores("Which minister attended the ceremony?")) > 0.0


def test_a_date_the_question_names_is_met_by_a_date_of_the_sentence_or_passage_in_any_form(tokenizer, embedder):
    """"In May" and "10 Mei 2025" are met by "Sabtu (10/5/2025)" as by the words; "September 2025"
    by "10 September"; another month, another day or another year meets nothing."""
    found = [*_article(embedder, "may.txt", "Seruan itu disampaikan di Kyiv, Sabtu (10/5/2025). Para pemimpin tiba "
                                            "dengan kereta."),
             *_article(embedder, "sep.txt", "Drone masuk pada 10 September. Polandia meminta konsultasi."),
             *_article(embedder, "mar.txt", "KTT digelar Minggu (2/3/2024) di London.")]
    sentence, passage = FEATURES.index("focus"), FEATURES.index("focus_passage")

    def met(text: str, language: str = "en") -> dict[str, tuple[float, float]]:
        question = Question.of(text, language, analyse(text), [embedder.query(text)], tokenizer)
        rows = features(question, found, tokenizer)
        return {c.text: (float(r[sentence]), float(r[passage])) for c, r in zip(found, rows)}

    got = met("What did the leaders call for in May?")
    assert got["Seruan itu disampaikan di Kyiv, Sabtu (10/5/2025)."] == (1.0, 1.0)
    assert got["Para pemimpin tiba dengan kereta."] == (0.0, 1.0)  # its passage carries the month
    assert got["Drone masuk pada 10 September."] == (0.0, 0.0)
    assert met("Apa seruan para pemimpin pada 10 Mei 2025?", "id")["Seruan itu disampaikan di Kyiv, Sabtu (10/5/2025)."][0] == 1.0
    assert met("Apa seruan para pemimpin pada 11 Mei 2025?", "id")["Seruan itu disampaikan di Kyiv, Sabtu (10/5/2025)."][0] == 0.0
    assert met("When did the drones enter in September 2025?")["Drone masuk pada 10 September."][0] == 1.0
    assert met("Where was the summit held in March 2025?")["KTT digelar Minggu (2/3/2024) di London."][0] == 0.0
