"""The held-out set run once through the session pipeline; several eval tests read the result."""

from __future__ import annotations

import pytest

from eval.questions import QUESTIONS, directory_texts, load
from eval.runner import evaluate
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def seed_texts():
    return directory_texts(SEEDS)


@pytest.fixture(scope="session")
def eval_results(pipeline, seed_texts) -> dict:
    """`rag eval`'s results for eval/questions.jsonl over the seeds (read-only: the pipeline is shared)."""
    questions = load(QUESTIONS, seed_texts)
    return evaluate(pipeline, questions, seed_texts, {"questions": str(QUESTIONS), "corpus": str(SEEDS)})
