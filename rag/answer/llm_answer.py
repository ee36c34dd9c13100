"""The LLM answerer: fluent answers from the retrieved passages, verified, with the extractive answer as the safety net.

For one question it
1. takes the extractive answer the pipeline made first. When that abstains, the evidence is
   too weak for the reader to quote a sentence, and no answerer should speak: we abstain without calling the LLM;
2. sends the passages, numbered and fenced as data (rag/answer/prompts.py), to the LLM;
3. verifies the reply (rag/answer/verify.py): unsupported sentences are removed, citations narrowed;
4. returns an `Answer` like the extractive answerer does, with `metadata` saying how it was made.

Outcomes, and `metadata` for each:
- verified answer:           answerer "llm", fallback False, kept/removed_sentences, dropped_markers
- the LLM says the sources do not answer (`NOT_FOUND`): abstain, answerer "llm", `abstain` giving the reason
- the LLM failed (timeout, rate limit, unreachable, HTTP error, cooling down), replied
  nothing, replied without a single valid `[n]` (garbage, or ignored the format), or
  verification removed every sentence it wrote: the extractive answer, answerer
  "extractive", fallback = the reason. The extractive reader found the evidence strong enough
  to quote; an LLM that could not restate it faithfully is no reason to take that away.
The request never fails because of the LLM.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence

import numpy as np

from rag.answer import prompts
from rag.answer.extractive import NOT_FOUND
from rag.text.sentences import Span
from rag.config import Settings
from rag.index.embedder import Embedder
from rag.answer.llm import LLM, LLMUnavailable, build_llm
from rag.models import Answer, ScoredChunk
from rag.answer.verify import Source, Verification, Verifier

log = logging.getLogger(__name__)
ChunkSentences = Sequence[tuple[Span, np.ndarray]]  # one passage's sentences with vectors, as Store.sentences gives them
# Reasoning models served by llama.cpp or vLLM may put their thinking in the content: it is no answer.
_THINKING = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL)


class LLMAnswerer:
    """Same contract as `ExtractiveAnswerer`, plus a token stream."""

    def __init__(self, llm: LLM, verifier: Verifier, max_sentences: int = 3) -> None:
        self.llm = llm
        self.verifier = verifier
        self.max_sentences = max_sentences

    def answer(
        self, question: str, language: str, passages: Sequence[ScoredChunk], sentences: Sequence[ChunkSentences],
        safety: Answer,
    ) -> Answer:
        """The verified LLM answer, an abstention, or the extractive fallback.

        `sentences` are all sentences of the passages with their vectors (`Store.sentences`), which
        verification checks against; `safety` is the extractive answer, the fallback."""
        if safety.abstained:
            return self._meta(safety, answerer="llm", fallback=False, abstain="weak_evidence")
        system, user = self._messages(question, language, passages)
        try:
            reply = self.llm.chat(system, user)
        except LLMUnavailable as exc:
            return self._fallback(safety, exc.reason)
        return self._finish(reply, language, passages, sentences, safety)

    def stream(
        self, question: str, language: str, passages: Sequence[ScoredChunk], sentences: Sequence[ChunkSentences],
        safety: Answer,
    ) -> Iterator[str | Answer]:
        """The LLM's text as it comes (unverified), then the final Answer (verified, or the fallback)."""
        if safety.abstained:
            yield self._meta(safety, answerer="llm", fallback=False, abstain="weak_evidence")
            return
        system, user = self._messages(question, language, passages)
        parts: list[str] = []
        try:
            for piece in self.llm.stream(system, user):
                parts.append(piece)
                yield piece
        except LLMUnavailable as exc:
            yield self._fallback(safety, exc.reason)
            return
        yield self._finish("".join(parts), language, passages, sentences, safety)

    def _messages(self, question: str, language: str, passages: Sequence[ScoredChunk]) -> tuple[str, str]:
        fenced = [
            prompts.Fenced(n, p.chunk.title, p.chunk.date, p.chunk.text) for n, p in enumerate(passages, start=1)
        ]
        return prompts.answer_messages(question, language, fenced, self.max_sentences)

    def _finish(
        self, reply: str, language: str, passages: Sequence[ScoredChunk], sentences: Sequence[ChunkSentences],
        safety: Answer,
    ) -> Answer:
        reply = _THINKING.sub("", reply).strip()
        if not reply:
            return self._fallback(safety, "empty")
        if reply.strip(" .\"'`*").startswith(prompts.NOT_FOUND):
            return self._abstain(language, abstain="llm_not_found")
        checked = self.verifier.verify(reply, sources(passages, sentences))
        counts = {"kept_sentences": checked.kept, "removed_sentences": len(checked.removed),
                  "dropped_markers": checked.dropped_markers}
        if not checked.cited:
            return self._fallback(safety, "no_citations", **counts)
        if checked.removed:
            log.info("verification removed %d of %d sentences", len(checked.removed),
                     checked.kept + len(checked.removed))
        if not checked.kept:
            return self._fallback(safety, "nothing_verified", **counts)
        return self._verified(checked, language, counts)

    def _verified(self, checked: Verification, language: str, counts: dict) -> Answer:
        answer = Answer(answer=checked.text, abstained=False, citations=checked.citations, language=language)
        return self._meta(answer, answerer="llm", fallback=False, **counts)

    def _abstain(self, language: str, **meta) -> Answer:
        answer = Answer(answer=NOT_FOUND[language], abstained=True, citations=[], language=language)
        return self._meta(answer, answerer="llm", fallback=False, **meta)

    def _fallback(self, safety: Answer, reason: str, **meta) -> Answer:
        log.warning("LLM answer unusable (%s): falling back to the extractive answer", reason)
        return self._meta(safety, answerer="extractive", fallback=reason, **meta)

    def _meta(self, answer: Answer, **meta) -> Answer:
        return answer.model_copy(update={"metadata": {"model": self.llm.id, **meta}})


def sources(passages: Sequence[ScoredChunk], sentences: Sequence[ChunkSentences]) -> list[Source]:
    """The numbered sources as the LLM saw them, each with every sentence inside its chunk."""
    return [
        Source(n, p.chunk, list(inside))
        for n, (p, inside) in enumerate(zip(passages, sentences, strict=True), start=1)
    ]


def build_llm_answerer(settings: Settings, embedder: Embedder) -> LLMAnswerer | None:
    """The LLM answerer the settings ask for; None when no LLM is configured."""
    llm = build_llm(settings)
    if llm is None:
        return None
    verifier = Verifier(embedder.query, settings.verify_min_similarity, settings.verify_min_names)
    return LLMAnswerer(llm, verifier, settings.max_answer_sentences)
