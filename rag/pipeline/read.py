"""The read path: validate -> queries -> retrieve -> score -> compose.

    question(+history) -> queries (condense; with an LLM: rewrite, expand)
                       -> retrieve: dense top-k ┐
                                    BM25 top-k ─┴ fuse (RRF) -> cut off
                       -> score: the passages' sentences against the question
                       -> compose: the extractive answer; with an LLM, its verified answer
                          (the extractive one is the fallback)

The language is detected once, and each passage's sentences are fetched once, for scoring and
for verification alike.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rag.answer.extractive import Candidate, ExtractiveAnswerer, ScoredSentence, candidates
from rag.answer.features import Question
from rag.answer.types import Asked, analyse
from rag.answer.llm_answer import LLMAnswerer
from rag.config import Settings
from rag.errors import InvalidInput
from rag.index.embedder import Embedder
from rag.index.store import Store
from rag.models import Answer, Message, ScoredChunk, StreamEvent
from rag.retrieve.hybrid import HybridRetriever
from rag.retrieve.queries import Queries, condense, condense_with_llm, expand, last
from rag.text.language import detect_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Trace:
    """One question's way through the pipeline: what was retrieved, how strong the evidence was."""

    queries: Queries
    passages: list[ScoredChunk]  # best first
    support: float  # the reader's probability that its best sentence answers; it abstains below its threshold
    answer: Answer
    timings: dict[str, float] = field(default_factory=dict)
    scored: list[ScoredSentence] = field(default_factory=list)  # every candidate sentence, best first
    asked: Asked | None = None  # what the question asks for
    parts: list[list[ScoredSentence]] = field(default_factory=list)  # the candidates weighed for each part
    draft: Answer | None = None  # with an LLM: the extractive answer made first (its fallback); None without


class ReadPath:
    """Answers questions; never writes."""

    def __init__(self, settings: Settings, embedder: Embedder, store: Store, retriever: HybridRetriever,
                 extractive: ExtractiveAnswerer, llm_answerer: LLMAnswerer | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.retriever = retriever
        self.extractive = extractive
        self.llm_answerer = llm_answerer  # None: no LLM configured, extractive answers

    def validate(self, question: str, history: Sequence[Message], top_k: int | None) -> int:
        """Check a request against the configured limits; return the effective top_k."""
        s = self.settings
        if not question.strip():
            raise InvalidInput("question must not be empty")
        if len(question) > s.max_question_chars:
            raise InvalidInput(f"question is {len(question)} characters; the limit is {s.max_question_chars}")
        if len(history) > s.max_history_turns:
            raise InvalidInput(f"history has {len(history)} turns; the limit is {s.max_history_turns}")
        k = s.top_k if top_k is None else top_k
        if not 1 <= k <= s.max_top_k:
            raise InvalidInput(f"top_k must be between 1 and {s.max_top_k}, got {k}")
        return k

    def run(self, question: str, history: Sequence[Message], top_k: int | None, depth: int = 0,
            streamed: bool = False) -> Iterator[str | Answer | Trace]:
        """The whole path as a generator. When `streamed` and an LLM will write the answer: the
        extractive answer first (an `Answer`, the draft), then the LLM's text as it comes; always the Trace last.
        `depth` retrieves more passages for inspection (the eval ranks 10); the answerer still sees
        only the first `top_k`, or two more for a question asking for several things (a list's
        members may sit in more passages)."""
        k = self.validate(question, history, top_k)
        started = time.perf_counter()
        language = detect_language(question)
        queries = self.queries(question, history, language)
        context = _context(history)
        asked = analyse(queries.standalone or question, context)
        wide = k + 2 if asked.plural and not asked.parts else k
        passages, timings = self.retriever.retrieve(queries, language, max(wide, depth))
        retrieved = time.perf_counter()
        read = passages[:wide]
        # A joined question's parts, each condensed like the whole: a follow-up's part also by its
        # asker's last question, which holds what "he" or "those talks" stands for.
        part_queries = [condense(p, history) for p in asked.parts] if len(asked.parts) > 1 else []
        for q in part_queries:  # a part may rest on another article: its own passages join
            read = _union(read, self.retriever.retrieve(q, language, k)[0])
        part_questions = [Question.of(q.question, language, analyse(q.question, context), self._vectors(q),
                                      self.extractive.tokenize) for q in part_queries]
        sentences = self.store.sentences([p.chunk for p in read])
        found = candidates(read, sentences)
        whole = Question.of(queries.question, language, asked, self._vectors(queries), self.extractive.tokenize)
        scored = self.extractive.score(whole, found)
        parts = [self.extractive.score(part, found) for part in part_questions]
        answer = self.extractive.answer(language, asked, scored, parts, self._following)
        answer = draft = answer.model_copy(update={"metadata": {"answerer": "extractive"}})
        if self.llm_answerer is not None:
            timings["draft_ms"] = (time.perf_counter() - started) * 1000  # the extractive answer's own latency
            if streamed and not draft.abstained:  # an abstaining draft is final: the LLM is not asked
                yield draft
            args = (queries.standalone or queries.question, language, read, sentences, draft)
            answer = yield from self._llm(args, streamed)
        timings |= {"retrieve_ms": (retrieved - started) * 1000, "answer_ms": (time.perf_counter() - retrieved) * 1000}
        log.info("answered", extra={**timings, "abstained": answer.abstained})
        yield Trace(queries=queries, passages=passages, support=scored[0].score if scored else 0.0,
                    answer=answer, timings=timings, scored=scored, asked=asked, parts=parts,
                    draft=draft if self.llm_answerer is not None else None)

    def _vectors(self, queries: Queries) -> list:
        """The e5 vectors a question is weighed by: its own, and its condensed form's when that differs."""
        vectors = [self.embedder.query(queries.question)]
        if queries.dense != queries.question:
            vectors.append(self.embedder.query(queries.dense))
        return vectors

    def _following(self, candidate: Candidate) -> list[Candidate]:
        """The sentences after `candidate` in its document, in order, as candidates of its passage."""
        chunks = sorted(self.store.chunks_of(candidate.chunk.source), key=lambda c: c.start)
        out, seen = [], {candidate.span.start}
        for chunk, inside in zip(chunks, self.store.sentences(chunks)):
            for span, vector in inside:
                if span.start > candidate.span.start and span.start not in seen:
                    seen.add(span.start)
                    out.append(Candidate(chunk, span, vector, candidate.passage, candidate.rank))
        return sorted(out, key=lambda c: c.span.start)

    def queries(self, question: str, history: Sequence[Message], language: str) -> Queries:
        """Retrieval queries; with an LLM, the two optional steps (each falls back to its input)."""
        queries = condense(question, history)
        llm = self.llm_answerer.llm if self.llm_answerer else None
        if llm and history and self.settings.llm_condense:
            queries = condense_with_llm(llm, question, history, queries)
        if llm and self.settings.llm_expand:
            queries = expand(llm, queries, language)
        return queries

    def _llm(self, args: tuple, streamed: bool) -> Iterator[str]:
        """The LLM answer step; a generator that returns the Answer and yields text only when streamed."""
        if not streamed:
            return self.llm_answerer.answer(*args)
        for item in self.llm_answerer.stream(*args):
            if isinstance(item, Answer):
                return item
            yield item
        raise AssertionError("the LLM answerer's stream ends with an Answer")

    def stream(self, question: str, history: Sequence[Message], top_k: int | None) -> Iterator[StreamEvent]:
        """The answer as events, in the order rag.models.StreamEvent documents: with an LLM the
        extractive `draft`, then text deltas, then each citation, then `done` with the Answer."""
        for item in self.run(question, history, top_k, streamed=self.llm_answerer is not None):
            if isinstance(item, Answer):
                yield StreamEvent(event="draft", data=item)  # final unless the LLM's verified answer replaces it
                continue
            if not isinstance(item, Trace):
                yield StreamEvent(event="delta", data=item)  # the LLM's words as generated, unverified
                continue
            answer = item.answer
            if self.llm_answerer is None:  # quoted sentences: the text is final, sent word by word
                for piece in re.findall(r"\S+\s*", answer.answer):
                    yield StreamEvent(event="delta", data=piece)
            for citation in answer.citations:
                yield StreamEvent(event="citation", data=citation)
            yield StreamEvent(event="done", data=answer)


def _context(history: Sequence[Message]) -> str:
    """What a follow-up's asker already stated: their last question. Not the last answer: a
    follow-up often asks again for what it mentioned ("Kapan percakapan itu terjadi?" after an
    answer that quotes the date), which must stay an answer."""
    return last(history, "user")


def _union(first: Sequence[ScoredChunk], more: Sequence[ScoredChunk]) -> list[ScoredChunk]:
    """`first`, then the passages of `more` it lacks."""
    seen = {p.chunk.id for p in first}
    return [*first, *(p for p in more if p.chunk.id not in seen)]
