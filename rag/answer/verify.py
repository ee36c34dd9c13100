"""Verify an LLM's answer against the sources it cites; keep only what they support.

Pure: no I/O, no LLM. Given the reply and the numbered sources the LLM saw (each with its
sentence spans and their e5 vectors), it

1. splits the reply into sentences and parses their `[n]` markers (also `[1, 2]`);
   a marker that points at no source is dropped;
2. scores each sentence against every source it cites: the cosine of the sentence's e5
   query vector with the best sentence of that source ("passage:" vectors from the store);
   a source is kept as a citation of the sentence when that cosine reaches `min_similarity`
   and comes within `margin` of the best cited source (a passage that merely shares a name
   with the one that states the fact loses its marker);
3. checks the lexical anchors against the text of the kept sources: every number (digits, and
   words from three up) and month the sentence states must appear there (hard: an invented
   figure or date is the commonest fabrication), so must every person it names (hard: the
   source's title words around a person it never names are no support), and at least
   `min_names` of its capitalised names must (soft, fuzzy, because an English answer spells
   "Ukraine" for the source's "Ukraina");
4. REMOVES a sentence that fails, or that cites nothing valid, rather than marking it:
   the answer contract promises that every sentence rests on a cited passage, and a UI or
   API client that ignored a `supported: false` flag would show the fabrication as fact.
   What was removed is counted in the Answer's metadata (`removed_sentences`);
5. renumbers the surviving markers 1..n in order of appearance and narrows each citation to
   the span of the source, from the first to the last sentence that supports the claims
   citing it, so that `text == source_text[start:end]`.

If no sentence survives, the caller abstains.

Thresholds (RAG_VERIFY_MIN_SIMILARITY, RAG_VERIFY_MIN_NAMES). e5 cosines are compressed
(sentences on another subject still score ~0.78), so `min_similarity` sits high. It was
chosen on the hand-written claims in tests/rag/test_llm_verify.py, each citing one chunk:
24 faithful paraphrases (English and Indonesian) of a sentence of it scored 0.843-0.973;
16 invented claims on the same topic scored 0.78-0.91, and the anchors (numbers, months,
names) already reject 7 of them. Among those the anchors pass, the highest non-contradiction
scored 0.840 and the lowest true claim but one 0.851: 0.845 splits that gap. With the person
rule: 22 of 24 true claims kept (one lost to it: its subject is named only in an earlier
passage), 14 of 16 invented ones removed; the 2 that pass restate the source's own names and
words with the meaning changed (a refusal turned into acceptance), which a similarity cannot
see - only an entailment model could, and none ships offline here.
`min_names` = 0.5 tolerates English title words ("Foreign Minister") that an Indonesian
source writes differently, while a claim about other people (Vance, Hegseth) fails.
The test file keeps the misses as strict xfails, so moving a threshold shows its cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from rag.text.sentences import MARKER_GROUP, Span, split_sentences
from rag.text.calendar import MONTHS
from rag.text.fuzzy import similarity
from rag.text.tokens import stopwords
from rag.models import Chunk, Citation
from rag.answer.types import mentions
from rag.answer.types.numerals import values

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Source:
    """One numbered source the LLM saw: its chunk and the chunk's sentences with their vectors."""

    marker: int
    chunk: Chunk
    sentences: Sequence[tuple[Span, np.ndarray]]


@dataclass(frozen=True)
class Verification:
    text: str  # the verified answer, markers renumbered 1..n; empty when nothing survived
    citations: list[Citation]
    kept: int  # sentences kept
    removed: list[str] = field(default_factory=list)  # sentences removed, as the LLM wrote them
    dropped_markers: int = 0  # markers pointing at no source, or at a source that does not support them
    cited: bool = False  # whether the reply used any valid marker at all


@dataclass
class _Claim:
    raw: str
    text: str
    markers: list[int]
    support: dict[int, tuple[Span, float]] = field(default_factory=dict)  # kept marker -> best span, cosine


class Verifier:
    """Checks replies against their sources. Configured once; `verify` is per answer."""

    def __init__(
        self, embed: Callable[[str], np.ndarray], min_similarity: float, min_names: float, margin: float = 0.05
    ) -> None:
        self._embed = embed
        self.min_similarity = min_similarity
        self.min_names = min_names
        self.margin = margin

    def verify(self, reply: str, sources: Sequence[Source]) -> Verification:
        by_marker = {s.marker: s for s in sources}
        claims, removed, dropped, cited = [], [], 0, False
        for raw in split_sentences(reply):
            text = claim_text(raw)
            if not _WORD.search(text):
                continue  # list numbers, stray punctuation: not a claim
            markers = markers_in(raw)
            valid = [m for m in dict.fromkeys(markers) if m in by_marker]
            dropped += len(markers) - len(valid)
            cited = cited or bool(valid)
            claim = _Claim(raw, text, valid)
            if valid:
                self._support(claim, [by_marker[m] for m in valid])
                dropped += len(valid) - len(claim.support)
            (claims if claim.support else removed).append(claim)
        numbering: dict[int, int] = {}
        for claim in claims:
            for m in markers_in(claim.raw):
                if m in claim.support:
                    numbering.setdefault(m, len(numbering) + 1)
        return Verification(
            text=" ".join(_renumber(c, numbering) for c in claims),
            citations=_citations(claims, numbering, by_marker),
            kept=len(claims),
            removed=[c.raw for c in removed],
            dropped_markers=dropped,
            cited=cited,
        )

    def _support(self, claim: _Claim, cited: Sequence[Source]) -> None:
        """Fill `claim.support` with the cited sources that support it; leave it empty if none do."""
        vector = self._embed(claim.text)
        best = {}
        for source in cited:
            if source.sentences:
                sims = np.stack([v for _, v in source.sentences]) @ vector
                i = int(np.argmax(sims))
                best[source.marker] = (source.sentences[i][0], float(sims[i]))
        floor = max([self.min_similarity, *(sim - self.margin for _, sim in best.values())])
        kept = {m: b for m, b in best.items() if b[1] >= floor}
        if kept and anchored(claim.text, " ".join(s.chunk.text for s in cited if s.marker in kept), self.min_names):
            claim.support = kept


def markers_in(sentence: str) -> list[int]:
    return [int(n) for g in MARKER_GROUP.finditer(sentence) for n in re.split(r"\s*[,;]\s*", g.group(1))]


def claim_text(sentence: str) -> str:
    """The sentence as a claim: no markers, no bullet, single spaces."""
    return " ".join(_BULLET.sub("", MARKER_GROUP.sub("", sentence)).split())


def anchors(text: str) -> tuple[set[str], set[int], list[str]]:
    """(numbers, months, names) stated in `text`. Numbers are canonical: "1.000" == "1,000" == "1000"."""
    numbers = {_canonical(n) for n in _NUMBER.findall(text)}
    words = _WORD.findall(text)
    months = {MONTHS[w.lower()] for w in words if w.lower() in MONTHS}
    stop = stopwords()
    names = [
        w for w in words
        if w[0].isupper() and len(w) >= 3 and w.lower() not in stop and w.lower() not in MONTHS
    ]
    return numbers, months, names


def anchored(claim: str, source_text: str, min_names: float) -> bool:
    """Every number and month of `claim` occurs in `source_text`, and at least `min_names` of its names."""
    numbers, months, names = anchors(claim)
    s_numbers, s_months, _ = anchors(source_text)
    if not numbers <= s_numbers:
        return False
    if not {v for v in values(claim) if v >= 3} <= values(source_text):
        return False  # "Tiga anak" needs a three (in words or digits) in the source; "one of", "the two" are no counts
    if any(m not in s_months and str(m) not in s_numbers for m in months):
        return False
    if not names:
        return True
    vocabulary = {w.lower() for w in _WORD.findall(source_text)}
    if not all(_known(surname, vocabulary) for surname in _surnames(claim)):
        return False  # a person the source never names: the words around them are no support
    unique = {re.sub(r"['’]s$", "", n.lower()) for n in names}  # Trump's -> trump
    return sum(_known(n, vocabulary) for n in unique) / len(unique) >= min_names


def _surnames(claim: str) -> set[str]:
    """The last word of each person the claim names ("JD Vance" -> "vance")."""
    out = set()
    for start, end in mentions(claim, "person"):
        words = _WORD.findall(claim[start:end])
        if len(words) >= 2 or (words and words[0].lower() not in stopwords()):
            out.add(re.sub(r"['’]s$", "", words[-1].lower()))
    return {w for w in out if len(w) >= 3}


def _known(name: str, vocabulary: set[str]) -> bool:
    """`name` or a close spelling of it (Ukraine/Ukraina, Sergei/Sergey, Russian/Rusia) is in `vocabulary`."""
    if name in vocabulary:
        return True
    return any(
        w[0] == name[0] and abs(len(w) - len(name)) <= 3 and similarity(name, w) >= 0.75
        for w in vocabulary
    )


def _canonical(number: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number):
        return re.sub(r"[.,]", "", number)
    return number.replace(",", ".")


def _renumber(claim: _Claim, numbering: dict[int, int]) -> str:
    def group(m: re.Match) -> str:
        kept = [numbering[n] for n in markers_in(m.group(0)) if n in claim.support]
        return " " + "".join(f"[{n}]" for n in dict.fromkeys(kept)) if kept else ""

    return _BULLET.sub("", MARKER_GROUP.sub(group, claim.raw)).strip()


def _citations(claims: Sequence[_Claim], numbering: dict[int, int], by_marker: dict[int, Source]) -> list[Citation]:
    """One citation per surviving marker, narrowed to the span of its supporting sentences."""
    out = []
    for old, new in sorted(numbering.items(), key=lambda kv: kv[1]):
        spans = [c.support[old] for c in claims if old in c.support]
        start, end = min(s.start for s, _ in spans), max(s.end for s, _ in spans)
        chunk = by_marker[old].chunk
        text = chunk.text[start - chunk.start : end - chunk.start]
        out.append(Citation.of(chunk, new, text, start, end, round(max(sim for _, sim in spans), 4)))
    return out
