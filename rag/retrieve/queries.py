"""Turn a follow-up question and its history into the queries the retrievers run.

Without an LLM we cannot rewrite "Apa katanya?" into a standalone question, but the
previous turn carries the missing subject. The dense query adds the last user question;
the keyword query also adds the last answer, whose names and terms anchor BM25.

With an LLM (rag/answer/llm.py) two optional steps refine these queries; each falls back to its
input when the LLM fails:
- `condense_with_llm`: the follow-up rewritten into a standalone question;
- `expand`: the question rendered in the other language joins the keyword query, since BM25
  matches words: an English question finds the Indonesian words of the articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.answer import prompts
from rag.answer.llm import LLM, LLMUnavailable
from rag.models import Message

_MARKER = re.compile(r"\[\d+\]")
_LLM_HISTORY_TURNS = 6  # enough to resolve "he" or "that meeting"; more only costs tokens


@dataclass(frozen=True)
class Queries:
    question: str  # the question as asked, for scoring answer sentences
    dense: str
    keyword: str
    standalone: str | None = None  # the follow-up rewritten by the LLM, when it was
    expanded: bool = False  # the keyword query holds the question in the other language too


def last(history: Sequence[Message], role: str) -> str:
    """The content of the latest message of `role` in `history` (oldest first); "" when none."""
    return next((m.content for m in reversed(history) if m.role == role), "")


def condense(question: str, history: Sequence[Message]) -> Queries:
    """Retrieval queries for `question` in the context of `history` (oldest first)."""
    last_user, last_answer = last(history, "user"), last(history, "assistant")
    if not last_user and not last_answer:
        return Queries(question, question, question)
    dense = f"{last_user} {question}".strip()
    keyword = f"{last_user} {_MARKER.sub('', last_answer)} {question}".strip()
    return Queries(question, dense, keyword)


def condense_with_llm(llm: LLM, question: str, history: Sequence[Message], queries: Queries) -> Queries:
    """The follow-up rewritten by the LLM into a standalone question, which the dense retriever and
    the LLM answerer then use; `queries` unchanged when the LLM fails or replies nonsense."""
    turns = [(m.role, _MARKER.sub("", m.content)) for m in history[-_LLM_HISTORY_TURNS:]]
    try:
        standalone = _one_line(llm.chat(*prompts.condense_messages(question, turns)), question)
    except LLMUnavailable:
        return queries
    if not standalone:
        return queries
    return Queries(question, dense=standalone, keyword=f"{standalone} {queries.keyword}", standalone=standalone)


def expand(llm: LLM, queries: Queries, language: str) -> Queries:
    """The keyword query plus the question in the other language ("id" <-> "en")."""
    target = "id" if language == "en" else "en"
    try:
        rendering = _one_line(llm.chat(*prompts.translate_messages(queries.standalone or queries.question, target)),
                              queries.question)
    except LLMUnavailable:
        return queries
    return replace(queries, keyword=f"{queries.keyword} {rendering}", expanded=True) if rendering else queries


def _one_line(reply: str, question: str) -> str:
    """The first line of a short reply, unquoted; "" when it is too long to be a question."""
    line = reply.strip().splitlines()[0].strip().strip("\"'“”`") if reply.strip() else ""
    return line if len(line) <= 3 * len(question) + 200 else ""
