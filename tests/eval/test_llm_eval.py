"""`rag eval` with an LLM answerer (the scripted OpenAI-compatible server at the edge): the
extractive answers of the same run are scored beside it, and fallbacks are counted by reason."""

from __future__ import annotations

import re

import pytest

from eval import report
from eval.questions import QUESTIONS, load
from eval.runner import evaluate
from rag import build_pipeline
from tests.fake_llm import FakeLLM, Prompt, Reply, llm_settings


@pytest.fixture
def fake():
    with FakeLLM().running() as server:
        yield server


def first_sentence(prompt: Prompt) -> Reply:
    """A plausible LLM: passage 1's first sentence, cited; no citation at all for every third question."""
    text = re.sub(r"\s+", " ", prompt.sources[1]).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    return Reply(f"{sentence}." if len(prompt.question) % 3 == 0 else f"{sentence} [1].")


def test_the_llm_run_scores_the_extractive_drafts_beside_it(pipeline, embedder, seeded_dir, seed_texts, fake):
    questions = load(QUESTIONS, seed_texts)[:12]
    fake.script = first_sentence
    llm = build_pipeline(llm_settings(seeded_dir, fake, llm_timeout_s=10.0), embedder=embedder)
    results = evaluate(llm, questions, seed_texts, {"questions": "first 12", "corpus": "seeds"})
    alone = evaluate(pipeline, questions, seed_texts, {"questions": "first 12", "corpus": "seeds"})

    assert "extractive_same_run" not in alone and "fallbacks" not in alone
    drafts, extractive = results["extractive_same_run"]["metrics"]["overall"], alone["metrics"]["overall"]
    for name in ("pass_rate", "answer_accuracy", "citation_precision", "abstention_accuracy", "in_language"):
        assert drafts[name] == extractive[name], name  # the drafts are the extractive answers
    asked = [p for p in fake.requests if p.kind == "answer"]
    assert len(asked) == sum(not o["abstained"] for o in alone["questions"])  # asked only where the draft answers
    uncited = sum(len(p.question) % 3 == 0 for p in asked)
    assert uncited and results["fallbacks"]["no_citations"] == uncited
    assert set(results["fallbacks"]) <= {"no_citations", "nothing_verified"}  # a first sentence may not verify
    table = report.side_by_side(results)
    assert table.splitlines()[0] == "LLM | extractive, same run" and f"no_citations {uncited}" in table


def test_in_language_counts_answers_in_the_questions_language(eval_results):
    answered = [o for o in eval_results["questions"] if not o["abstained"]]
    english = [o for o in answered if o["lang"] == "en"]
    # The extractive answerer quotes the Indonesian articles, whatever the question's language.
    assert english and all(o["in_language"] is False for o in english)
    assert eval_results["metrics"]["lang"]["id"]["in_language"] == 1.0
