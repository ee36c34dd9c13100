"""The eval questions the benchmark asks, with their gold spans, read through the eval package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval.metrics import Span
from eval.questions import QUESTIONS, Question, directory_texts, load
from eval.scoring import gold_spans
from rag import Message

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Asked:
    """One question as the benchmark uses it."""

    id: str
    text: str
    history: tuple[Message, ...]
    gold: tuple[Span, ...]  # empty for questions the service should abstain on

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def questions(path: Path = QUESTIONS, seeds: Path = SEEDS, limit: int | None = None) -> list[Asked]:
    """Every question of `path` (the first `limit`), checked against the seeds."""
    text_of = directory_texts(seeds)
    out = [_asked(q, text_of) for q in load(path, text_of)]
    return out[:limit] if limit else out


def _asked(q: Question, text_of) -> Asked:
    history = tuple(Message(role=t["role"], content=t["content"]) for t in q.history)
    gold = () if q.should_abstain else tuple(gold_spans(q, text_of))
    return Asked(q.id, q.question, history, gold)
