"""What the reader knows of each candidate sentence: the features its model weighs.

Each feature is a number in a small range, computed the same way at training time (`rag train-reader`)
and at answer time. Their order is FEATURES; the fitted model (rag/resources/reader.json) names them,
so a model fitted on other features is refused.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.types import ALWAYS, Asked, find, set_aside, supplies
from rag.answer.types.lexicon import spellings
from rag.answer.types.mentions import months, numbered
from rag.text.glossary import renderings
from rag.text.tokens import Tokenizer, overlap, stopwords

if TYPE_CHECKING:
    from rag.answer.extractive import Candidate
    from rag.models import Chunk

FEATURES = (
    "similarity",        # e5 cosine of the question (and its standalone form) with the sentence
    "similarity_gap",    # the same, less the best candidate's: how it stands among the others
    "similarity_en",     # the cosine again for English questions, whose cross-lingual cosines run lower
    "words",             # share of the question's content words (stemmed) the sentence holds; an English
                         # word is held by its Indonesian renderings (rag/resources/glossary_en_id.txt)
    "words_passage",     # the same over the sentence's passage: the topic may sit around the answer
    "focus",             # share of the question's names, numbers and dates the sentence holds
    "focus_passage",     # the same over the passage: the question's constraints met nearby
    "typed",             # the question asks for a kind of thing (a duration, a person, a place, …)
    "supplies",          # the sentence holds one of that kind that the question does not already state
    "typed_missing",     # the question asks for a kind and the sentence holds none, or it names people
                         # its article's passages never mention, or an event by an ordinal they never
                         # state ("paket ke-16") or by a month they never name, or the sentence is
                         # about what the question sets aside ("Selain X, ..."), or the question asks
                         # for a person of a country ("the British minister") the sentence does not
                         # name: a near miss (such a sentence is no answer)
    "passage_rank",      # 1 / (1 + rank) of the sentence's passage in the fused ranking
    "passage_dense",     # the passage's own cosine with the question (when only BM25 found it: the
                         # weakest of the dense-found passages, an upper bound on its own)
    "passage_keyword",   # the passage's BM25 score over the best candidate passage's
    "length",            # log of the sentence's word count
    "english",           # the question is English
)


CLIP = 4.0


@dataclass(frozen=True)
class Question:
    """A question (or one part of a joined one) as the reader weighs sentences against it."""

    text: str
    language: str
    asked: Asked
    vectors: tuple[np.ndarray, ...]  # its e5 query vectors (the question, and its condensed form)
    terms: frozenset[str]  # its stemmed content words
    focus: tuple[tuple[str, ...], ...]  # its constraint terms, folded, each with its other spellings
    people: tuple[str, ...] = ()  # the people it names, by name key ("Radoslaw Sikorski": "sikorski")
    glossed: tuple[frozenset[str], ...] = ()  # an English question's words, each with its renderings' stems
    dates: tuple[tuple | None, ...] = ()  # per focus term, the date it names as (year, month, day, weekday), or None

    @classmethod
    def of(cls, text: str, language: str, asked: Asked, vectors: Sequence[np.ndarray], tokenize: Callable) -> Question:
        glossed = _glossed(text, tokenize) if language == "en" else ()
        return cls(text, language, asked, tuple(vectors), frozenset(tokenize(text)),
                   tuple(tuple(fold(s) for s in spellings(f)) for f in asked.focus), _people(text), glossed,
                   tuple(_named_date(f) for f in asked.focus))

    def met(self, text: str) -> float:
        """Share of the question's constraint terms a text meets: by their spellings, and a date
        also by any date of the text's that agrees with it ("in May" is met by "Sabtu (10/5/2025)",
        "September 2025" by "10 September"); 1 when the question states none. The text's dates are
        read only for a date its words do not meet."""
        if not self.focus:
            return 1.0
        folded, held = _folded(text), 0
        for term, date in zip(self.focus, self.dates or (None,) * len(self.focus)):
            held += any(f" {s} " in folded for s in term) or (date is not None and any(_agrees(date, d) for d in _dates(text)))
        return held / len(self.focus)

    def words(self, terms: frozenset[str]) -> float:
        """Share of the question's content words a text's stemmed words hold; an English word is
        held by any of its Indonesian renderings ("talks": "perundingan", "pembicaraan")."""
        if not self.glossed:
            return overlap(self.terms, terms)
        return sum(bool(group & terms) for group in self.glossed) / len(self.glossed)


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: how focus terms are looked for."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"\w+", text.lower()))


def features(question: Question, found: Sequence[Candidate], tokenize: Callable) -> np.ndarray:
    """One row of FEATURES per candidate."""
    matrix = np.stack([c.vector for c in found])
    similarity = np.mean([matrix @ v for v in question.vectors], axis=0)
    best = float(similarity.max())
    keyword_best = max((c.passage.keyword or 0.0) for c in found) or 1.0
    dense_floor = min((c.passage.dense for c in found if c.passage.dense is not None), default=best)
    english = float(question.language == "en")
    typed = float(question.asked.kind not in ALWAYS)
    allowed = (_naming_sources(question.people, found) & _ordinal_sources(question.text, found)
               & _month_sources(question.text, found, question.asked.context))
    country = _country_terms(question.asked.country)
    rows = []
    for c, sim in zip(found, similarity):
        sentence, passage = c.text, c.chunk.text
        gives = float(supplies(sentence, question.asked))
        aside = float(set_aside(sentence, question.asked))  # "Selain X, apa lagi": X answers no kind of question
        elsewhere = country is not None and _share(country, _folded(sentence)) == 0.0  # "the British minister"
        missing = max(typed * (1.0 - gives), aside, float(c.chunk.source not in allowed), float(elsewhere))
        rows.append((
            float(sim), float(sim) - best, float(sim) * english,
            question.words(_terms(tokenize, sentence)), question.words(_terms(tokenize, passage)),
            question.met(sentence), question.met(passage),
            typed, gives, missing,
            1.0 / (1 + c.rank), dense_floor if c.passage.dense is None else c.passage.dense, (c.passage.keyword or 0.0) / keyword_best,
            math.log(1 + len(sentence.split())), english,
        ))
    return np.asarray(rows, dtype=np.float64)


def _named_date(term: str) -> tuple | None:
    """The date a focus term names, when it names a month ("May", "5 Maret 2025"); None otherwise
    (a bare year is met by its digits)."""
    named = [m.key for m in find(term, "date") if _calendar(m.key)]
    return named[0] if named else None


def _agrees(asked: tuple, stated: tuple) -> bool:
    """A text's date meets the asked one when it states the same month, the same day if one is
    asked, and no other year (an article's dates often leave the year out)."""
    (y, m, d, _), (y2, m2, d2, _) = asked, stated
    return m2 == m and (d is None or d2 == d) and (y is None or y2 is None or y2 == y)


@lru_cache(maxsize=16384)
def _dates(text: str) -> frozenset[tuple]:
    return frozenset(m.key for m in find(text, "date") if _calendar(m.key))


def _calendar(key: object) -> bool:
    """A date key that states a month: (year, month, day, weekday), not a relative date's text or an event's."""
    return isinstance(key, tuple) and len(key) == 4 and key[1] is not None


def _glossed(question: str, tokenize: Tokenizer) -> tuple[frozenset[str], ...]:
    """Each content word of an English question, as its stems and those of its Indonesian renderings
    (`tokenize` is the keyword index's Tokenizer: its `words` are the unstemmed content words)."""
    groups = []
    for word in tokenize.words(question):
        group = set(tokenize(word))
        for rendering in renderings(word):
            group.update(tokenize(rendering))
        if group:
            groups.append(frozenset(group))
    return tuple(groups)


def _people(question: str) -> tuple[str, ...]:
    """The name keys of the people a question names; a capitalised question word ("Who met ...")
    or any other stopword is no name."""
    return tuple(m.key for m in find(question, "person") if m.key not in stopwords() and len(m.key) > 2)


def _naming_sources(people: Sequence[str], found: Sequence[Candidate]) -> set[str]:
    """The articles whose retrieved passages mention one of the people a question names (every
    article when it names none): "Why did Sikorski reject ..." is not answered from an article
    about Tusk alone. By article, not passage: a passage may say "he" of a name given before it.
    A name matches as the start of a word, less a doubled last letter ("Zelenskyy" finds
    "Zelensky" and "Zelenskyy")."""
    sources = {c.chunk.source for c in found}
    if not people:
        return sources
    stems = (p[:-1] if len(p) > 3 and p[-1] == p[-2] else p for p in people)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in stems) + r")")
    return {c.chunk.source for c in found if pattern.search(_folded(c.chunk.text))}


def _ordinal_sources(question: str, found: Sequence[Candidate]) -> set[str]:
    """The articles that may be about the event a question names by its ordinal ("paket sanksi
    ke-16", "the 16th package"): all but those whose headline and retrieved passages state ordinals
    and none of the question's, which are about another one (the 18th package). Every article when
    the question states none."""
    return _not_about_another(found, numbered(question), lambda c: numbered(c.text) | numbered(c.title or ""))


def _month_sources(question: str, found: Sequence[Candidate], context: str = "") -> set[str]:
    """The articles that may be about the time a question names ("pada Oktober 2025", "in March"),
    or a follow-up's asker named in their last question (`context`) when it names none: all but
    those whose date, headline and retrieved passages name months and none of the question's, which
    report another month's event. Every article when neither names one."""
    return _not_about_another(found, months(question) or months(context), _months_of)


def _months_of(chunk: Chunk) -> frozenset[int]:
    dated = {int(chunk.date[5:7])} if chunk.date and len(chunk.date) >= 7 else set()
    return months(chunk.text) | months(chunk.title or "") | dated


def _not_about_another(found: Sequence[Candidate], asked: frozenset[int], stated_in: Callable) -> set[str]:
    """The articles of `found` whose passages state none of `stated_in`'s values, or one of `asked`;
    every article when `asked` is empty. Each passage is read once, not once per sentence of it."""
    sources = {c.chunk.source for c in found}
    if not asked:
        return sources
    stated: dict[str, set[int]] = {}
    for chunk in {c.chunk.id: c.chunk for c in found}.values():
        stated.setdefault(chunk.source, set()).update(stated_in(chunk))
    return {s for s in sources if not stated[s] or stated[s] & asked}


def _country_terms(country: str | None) -> tuple[tuple[str, ...], ...] | None:
    """The country a person question asks about, as one focus term with every spelling of it."""
    return None if country is None else (tuple(fold(s) for s in spellings(country)),)


def standardised(rows: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Rows in units of the training spread, clipped to ±CLIP: a page unlike any the model was fitted
    on (a 200-word sentence, an odd passage score) moves a sentence's probability, never dictates it."""
    return np.clip((rows - mean) / scale, -CLIP, CLIP)


def _share(terms: Sequence[Sequence[str]], text: str) -> float:
    """Share of `terms` found in `text` as whole words, in any of their spellings (an English
    question's "Russia" is met by an Indonesian "Rusia"); 1 when the question states none."""
    if not terms:
        return 1.0
    return sum(any(f" {s} " in text for s in term) for term in terms) / len(terms)


@lru_cache(maxsize=16384)
def _folded(text: str) -> str:
    return f" {fold(text)} "


_TERMS: dict[str, frozenset[str]] = {}


def _terms(tokenize: Callable, text: str) -> frozenset[str]:
    """Stemmed words of a sentence or passage; remembered, since passages recur across questions."""
    got = _TERMS.get(text)
    if got is None:
        if len(_TERMS) > 50_000:
            _TERMS.clear()
        got = _TERMS[text] = frozenset(tokenize(text))
    return got
