"""Turn a follow-up question and its history into the queries the retrievers run.

Without an LLM we cannot rewrite "Apa katanya?" into a standalone question, but the
previous turn carries the missing subject. The dense query adds the last user question;
the keyword query also adds the last answer, whose names and terms anchor BM25.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.models import Message

_MARKER = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Queries:
    question: str  # the question as asked, for scoring answer sentences
    dense: str
    keyword: str


def condense(question: str, history: Sequence[Message]) -> Queries:
    """Retrieval queries for `question` in the context of `history` (oldest first)."""
    last_user = next((m.content for m in reversed(history) if m.role == "user"), "")
    last_answer = next((m.content for m in reversed(history) if m.role == "assistant"), "")
    if not last_user and not last_answer:
        return Queries(question, question, question)
    dense = f"{last_user} {question}".strip()
    keyword = f"{last_user} {_MARKER.sub('', last_answer)} {question}".strip()
    return Queries(question, dense, keyword)
