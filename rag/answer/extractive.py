"""The extractive reader: answer with the source sentences that supply what is asked.

For each sentence of the retrieved passages it computes a few features (rag/answer/features.py):
how close the sentence is to the question (e5), which of the question's words and constraint terms
(names, numbers, dates) the sentence and its passage hold, whether the sentence supplies the kind
of answer asked (rag/answer/types: a duration for "how long", a person for "who", …), and where
its passage ranked. A logistic model fitted on the tuning questions (`rag train-reader`,
rag/resources/reader.json) turns them into the probability that the sentence is an answer.

- The best sentence is the answer when that probability reaches the model's `answer` threshold;
  otherwise the reader abstains: the evidence, not a similarity floor, decides.
- A question that asks for several members (a list) gathers every sentence that supplies one and
  reaches the `member` threshold, across passages and articles.
- A list whose quoted sentence announces a count ("De Wever menyodorkan tiga syarat.") is answered
  with the announcement and the sentences after it that its ordinals lead ("Pertama, …", "Kedua, …"),
  read from the whole document (rag/answer/types/enumeration.py).
- A question joined from parts ("who in February and who in March") is answered part by part, the
  best sentence of each part quoted and cited.
Quoted sentences are never rewritten; each becomes a citation, `text == source_text[start:end]`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from rag.answer.features import FEATURES, Question, features, standardised
from rag.answer.types import Asked, analyse, enumeration
from rag.config import Settings
from rag.models import Answer, Chunk, Citation, ScoredChunk
from rag.text.sentences import Span

NOT_FOUND = {
    "id": "Maaf, jawabannya tidak ditemukan dalam artikel yang tersedia.",
    "en": "Sorry, the answer was not found in the available articles.",
}
MODEL = "reader.json"
_LIMITS = Settings.model_fields  # the answer's sizes, one default for the service and `rag train-reader` alike
_MISSING = FEATURES.index("typed_missing")
Following = Callable[["Candidate"], Sequence["Candidate"]]  # the sentences after a candidate in its document


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage with its vector, and where that passage ranked."""

    chunk: Chunk
    span: Span
    vector: np.ndarray
    passage: ScoredChunk
    rank: int  # of its passage in the fused ranking, from 0

    @property
    def text(self) -> str:
        return self.chunk.text[self.span.start - self.chunk.start : self.span.end - self.chunk.start]


@dataclass(frozen=True)
class ScoredSentence:
    candidate: Candidate
    score: float  # probability that the sentence answers (the part of) the question
    features: tuple[float, ...] = ()


def candidates(passages: Sequence[ScoredChunk], sentences: Sequence[Sequence[tuple[Span, np.ndarray]]]) -> list[Candidate]:
    """Each passage's sentences (`Store.sentences`, in passage order), a sentence shared by
    overlapping passages going to the best-ranked one."""
    out, seen = [], set()
    for rank, (passage, inside) in enumerate(zip(passages, sentences, strict=True)):
        c = passage.chunk
        for span, vector in inside:
            key = (c.source, span.start)
            if key not in seen:
                seen.add(key)
                out.append(Candidate(c, span, vector, passage, rank))
    return out


@dataclass(frozen=True)
class Model:
    """A fitted logistic model over FEATURES, and its decision thresholds."""

    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    answer: float  # the best sentence answers when its probability reaches this
    member: float  # a further sentence joins a list answer when its probability reaches this
    extra: float = 1.0  # a further sentence joins any other answer when it reaches this (above 1: never)
    info: dict = field(default_factory=dict)  # what it was fitted on, and how it scored

    @classmethod
    def load(cls, data: dict | None = None) -> Model:
        data = data or json.loads(resources.files("rag.resources").joinpath(MODEL).read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{MODEL} was fitted on other features; run `rag train-reader`")
        return cls(np.asarray(data["coef"]), float(data["intercept"]), np.asarray(data["mean"]),
                   np.asarray(data["scale"]), float(data["answer"]), float(data["member"]),
                   float(data.get("extra", 1.0)), data.get("info", {}))

    @classmethod
    def untrained(cls) -> Model:
        """Equal odds for every sentence that can answer: what `rag train-reader` reads with, since
        the features it collects do not depend on a model (and the shipped one may have been
        fitted on other features)."""
        n = len(FEATURES)
        return cls(np.zeros(n), 0.0, np.zeros(n), np.ones(n), answer=0.5, member=0.5)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """Per row, the probability that its sentence answers. A sentence that does not supply the
        kind of answer asked (no duration for "how long", no new name for "who") is no answer,
        however similar it is: its probability is 0 whatever the weights."""
        z = standardised(rows, self.mean, self.scale) @ self.coef + self.intercept
        return (1.0 / (1.0 + np.exp(-z))) * (rows[:, _MISSING] == 0)


class ExtractiveAnswerer:
    """Picks, scores and quotes sentences; never writes a word the sources do not contain."""

    def __init__(self, tokenizer, model: Model | None = None, max_sentences: int = _LIMITS["max_answer_sentences"].default,
                 max_members: int = _LIMITS["max_list_members"].default) -> None:
        self.tokenize = tokenizer
        self.model = model or Model.load()
        self.max_sentences = max_sentences
        self.max_members = max_members

    def score(self, question: Question, found: Sequence[Candidate]) -> list[ScoredSentence]:
        """Every candidate with its probability of answering `question`, best first."""
        if not found:
            return []
        rows = features(question, found, self.tokenize)
        probabilities = self.model.probability(rows)
        scored = [ScoredSentence(c, float(p), tuple(map(float, r))) for c, p, r in zip(found, probabilities, rows)]
        return sorted(scored, key=lambda s: s.score, reverse=True)

    def answer(self, language: str, asked: Asked, scored: Sequence[ScoredSentence],
               parts: Sequence[Sequence[ScoredSentence]] = (), following: Following | None = None) -> Answer:
        """Compose the answer from scored sentences (and, for a joined question, each part's), or abstain.

        `following` gives the sentences after a candidate in its document, for enumerated lists."""
        chosen = self.choose(asked, scored, parts)
        if asked.plural and not parts and following is not None:
            chosen = enumerated(chosen, following)
        if not chosen:
            return Answer(answer=NOT_FOUND[language], abstained=True, citations=[], language=language)
        citations, texts = [], []
        for marker, s in enumerate(chosen, start=1):
            c = s.candidate
            citations.append(Citation.of(c.chunk, marker, c.text, c.span.start, c.span.end, round(s.score, 4)))
            texts.append(with_marker(c.text, marker))
        return Answer(answer=" ".join(texts), abstained=False, citations=citations, language=language)

    def choose(self, asked: Asked, scored: Sequence[ScoredSentence],
               parts: Sequence[Sequence[ScoredSentence]] = ()) -> list[ScoredSentence]:
        """The sentences to quote, in the order they are quoted; empty to abstain."""
        m = self.model
        if parts:  # each answered part's best sentence, and a part asking for several its members too
            texts = asked.parts if len(asked.parts) == len(parts) else [""] * len(parts)
            answered = [[p[0], *(_members(p[1:], m.member, [p[0]]) if _asks_several(t) else ())]
                        for t, p in zip(texts, parts) if p and p[0].score >= m.answer]
            several = sum(_asks_several(t) for t, p in zip(texts, parts) if p and p[0].score >= m.answer)
            return _in_turn(answered, self.max_members * max(1, several))
        if not scored or scored[0].score < m.answer:
            return []
        limit = self.max_members if asked.plural else self.max_sentences
        floor = m.member if asked.plural else m.extra
        return [scored[0], *_members(scored[1:], floor, [scored[0]])][:limit]


def enumerated(chosen: Sequence[ScoredSentence], following: Following) -> list[ScoredSentence]:
    """The first chosen sentence that announces a count, with the members its ordinals lead after
    it, each weighed as the announcement; `chosen` unchanged when no announcement has members."""
    for s in chosen:
        count = enumeration.announced(s.candidate.text)
        if count is None:
            continue
        after = list(following(s.candidate))
        found = enumeration.members([c.text for c in after], count)
        if found:
            return [s, *(ScoredSentence(after[i], s.score) for i in found)]
    return list(chosen)


def rescore(scored: Sequence[ScoredSentence], model: Model) -> list[ScoredSentence]:
    """The same sentences weighed by another model, from the features they carry (for fitting one)."""
    if not scored:
        return []
    probabilities = model.probability(np.array([s.features for s in scored]))
    again = [ScoredSentence(s.candidate, float(p), s.features) for s, p in zip(scored, probabilities)]
    return sorted(again, key=lambda s: s.score, reverse=True)


def compose(model: Model, language: str, asked: Asked, scored: Sequence[ScoredSentence],
            parts: Sequence[Sequence[ScoredSentence]] = ()) -> Answer:
    """The answer a reader with `model` composes from these scored sentences."""
    return ExtractiveAnswerer(None, model).answer(language, asked, scored, parts)


def _members(scored: Sequence[ScoredSentence], floor: float, chosen: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    """The sentences of `scored` (best first) from `floor` up that repeat none of `chosen` or each other."""
    out: list[ScoredSentence] = []
    for s in scored:
        if s.score < floor:
            break
        if not any(_redundant(s.candidate.text, c.candidate.text) for c in [*chosen, *out]):
            out.append(s)
    return out


@lru_cache(maxsize=4096)
def _asks_several(part: str) -> bool:
    return analyse(part).plural


def _in_turn(groups: Sequence[Sequence[ScoredSentence]], limit: int) -> list[ScoredSentence]:
    """Up to `limit` distinct sentences taken from the groups in turn (each group's best, then each
    one's second, ...), so a part asking for several does not crowd out the next; quoted group by
    group, each in its own order."""
    taken: set[tuple[str, int]] = set()
    picked: list[list[ScoredSentence]] = [[] for _ in groups]
    for depth in range(max((len(g) for g in groups), default=0)):
        for group, out in zip(groups, picked):
            if depth < len(group) and len(taken) < limit:
                key = (group[depth].candidate.chunk.source, group[depth].candidate.span.start)
                if key not in taken:
                    taken.add(key)
                    out.append(group[depth])
    return [s for out in picked for s in out]


def with_marker(sentence: str, marker: int) -> str:
    """Put `[n]` before a sentence's final full stop, or after it when a quote closes the sentence."""
    m = re.search(r"[.!?]$", sentence)
    if m and not sentence.endswith(("”.", '".')):
        return f"{sentence[:-1]} [{marker}]{sentence[-1]}"
    return f"{sentence} [{marker}]"


def _redundant(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.7
