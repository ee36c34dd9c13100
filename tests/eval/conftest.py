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


@pytest.fixture(scope="session")
def corpus_pipeline(embedder, tmp_path_factory):
    """The seeds and eval/corpus/articles in one index, as `rag eval --corpus seeds --corpus …` builds it."""
    from rag import build_pipeline
    from tests.conftest import make_settings

    from eval.cleaning import CORPUS

    pipe = build_pipeline(make_settings(tmp_path_factory.mktemp("corpus")), embedder=embedder)
    report = pipe.ingest([SEEDS, CORPUS / "articles"])
    assert not report.failed, report.failed
    return pipe


@pytest.fixture(scope="session")
def checking_results(corpus_pipeline) -> dict:
    """`rag eval`'s results for the checking half of eval/corpus (never tuned on)."""
    from eval.runner import stored_texts
    from eval.train_reader import CORPUS

    text_of = stored_texts(corpus_pipeline)
    path = CORPUS.parent / "checking.jsonl"
    return evaluate(corpus_pipeline, load(path, text_of), text_of, {"questions": str(path)})
