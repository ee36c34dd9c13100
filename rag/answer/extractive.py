"""The extractive answerer: answer with the source sentences that best match the question.

Sentences that cannot supply the kind of answer asked for (a date for "when", a number for
"how many", a name for "who": see rag/qtype.py) are set aside. Each remaining candidate
sentence (from the retrieved chunks) is scored by the cosine similarity of
its e5 vector to the question, plus a bonus for the share of the question's content words
it contains. The best sentence must clear the threshold for the question's language,
calibrated on eval/dev.jsonl with `rag calibrate`; below it the answerer abstains. Further sentences join the answer when
they score close to the best and add something new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.text.sentences import Span
from rag.text.tokens import Tokenizer, overlap
from rag.models import Answer, Chunk, Citation, ScoredChunk
from rag.answer.types import need, supplies

NOT_FOUND = {
    "id": "Maaf, jawabannya tidak ditemukan dalam artikel yang tersedia.",
    "en": "Sorry, the answer was not found in the available articles.",
}


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved chunk with its vector."""

    chunk: Chunk
    span: Span
    vector: np.ndarray

    @property
    def text(self) -> str:
        return self.chunk.text[self.span.start - self.chunk.start : self.span.end - self.chunk.start]


@dataclass(frozen=True)
class ScoredSentence:
    candidate: Candidate
    score: float


def candidates(
    passages: Sequence[ScoredChunk], sentences: Sequence[Sequence[tuple[Span, np.ndarray]]]
) -> list[Candidate]:
    """Each passage's sentences (`Store.sentences`, in passage order), a sentence shared by
    overlapping passages going to the best-ranked one."""
    out, seen = [], set()
    for passage, inside in zip(passages, sentences, strict=True):
        c = passage.chunk
        for span, vector in inside:
            key = (c.source, span.start)
            if key not in seen:
                seen.add(key)
                out.append(Candidate(c, span, vector))
    return out


class ExtractiveAnswerer:
    """Picks, scores and quotes sentences; never writes a word the sources do not contain."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        thresholds: dict[str, float],
        max_sentences: int = 3,
        margin: float = 0.02,
        lexical_weight: float = 0.1,
    ) -> None:
        self._tokenize = tokenizer
        self.thresholds = thresholds
        self.max_sentences = max_sentences
        self.margin = margin
        self.lexical_weight = lexical_weight

    def score(self, question: str, vectors: Sequence[np.ndarray], found: Sequence[Candidate]) -> list[ScoredSentence]:
        """Score every candidate; `vectors` are the question's query vectors (averaged similarity)."""
        kind = need(question)
        found = [c for c in found if supplies(c.text, question, kind)]
        if not found:
            return []
        matrix = np.stack([c.vector for c in found])
        similarity = np.mean([matrix @ v for v in vectors], axis=0)
        terms = set(self._tokenize(question))
        scored = [
            ScoredSentence(c, float(sim) + self.lexical_weight * overlap(terms, set(self._tokenize(c.text))))
            for c, sim in zip(found, similarity)
        ]
        return sorted(scored, key=lambda s: s.score, reverse=True)

    def answer(self, language: str, scored: Sequence[ScoredSentence]) -> Answer:
        """Compose the answer from scored sentences, or abstain when the best is too weak."""
        if not scored or scored[0].score < self.thresholds[language]:
            return Answer(answer=NOT_FOUND[language], abstained=True, citations=[], language=language)
        chosen = [scored[0]]
        for s in scored[1:]:
            if len(chosen) >= self.max_sentences or s.score < scored[0].score - self.margin:
                break
            if not any(_redundant(s.candidate.text, c.candidate.text) for c in chosen):
                chosen.append(s)
        citations, parts = [], []
        for marker, s in enumerate(chosen, start=1):
            c = s.candidate
            citations.append(Citation.of(c.chunk, marker, c.text, c.span.start, c.span.end, round(s.score, 4)))
            parts.append(with_marker(c.text, marker))
        return Answer(answer=" ".join(parts), abstained=False, citations=citations, language=language)


def with_marker(sentence: str, marker: int) -> str:
    """Put `[n]` before a sentence's final full stop, or after it when a quote closes the sentence."""
    m = re.search(r"[.!?]$", sentence)
    if m and not sentence.endswith(("”.", '".')):
        return f"{sentence[:-1]} [{marker}]{sentence[-1]}"
    return f"{sentence} [{marker}]"


def _redundant(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.7
