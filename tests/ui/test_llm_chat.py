"""The chat callback with an LLM answerer (the scripted OpenAI-compatible server at the edge):
the extractive answer is on screen at once, the LLM's unverified words never are."""

from __future__ import annotations

import pytest

from rag import build_pipeline
from tests.fake_llm import FakeLLM, Reply, llm_settings
from ui.callbacks import Callbacks

QUESTION = "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?"
INVENTED = "Delegasi itu juga membawa Wakil Presiden JD Vance [{n}]."


@pytest.fixture
def fake():
    with FakeLLM().running() as server:
        yield server


@pytest.fixture
def callbacks(pipeline, embedder, seeded_dir, fake) -> Callbacks:
    llm = build_pipeline(llm_settings(seeded_dir, fake), embedder=embedder)
    return Callbacks(lambda: llm, llm.settings)


def shown(step) -> str:
    return step[1][-1]["content"]


def test_the_quote_shows_first_and_the_llm_words_only_once_verified(callbacks, fake):
    def reply(p):
        n = p.marker_of("didampingi oleh Penasihat")
        return Reply(f"Rubio didampingi Mike Waltz dan Steve Witkoff [{n}]. {INVENTED.format(n=n)}")

    fake.script = reply
    steps = list(callbacks.chat(QUESTION, [], None))
    drafts = [s for s in steps[1:-1]]
    assert drafts and all("rag-writing" in shown(s) and "Waltz" in shown(s) for s in drafts)
    assert not any("Vance" in shown(s) for s in steps)  # streamed, then removed by verification: never on screen
    *_, final = steps
    answer = final[2]
    assert answer["metadata"]["answerer"] == "llm" and answer["metadata"]["removed_sentences"] == 1
    assert "rag-writing" not in shown(final) and "Witkoff" in shown(final)


def test_when_the_llm_falls_back_the_quote_stays_with_the_reason(callbacks, fake):
    fake.script = lambda p: Reply("Saya tidak tahu.")  # no [n]: no_citations
    steps = list(callbacks.chat(QUESTION, [], None))
    draft, final = shown(steps[1]), shown(steps[-1])
    assert "rag-writing" in draft and "rag-writing" not in final
    assert "no_citations" in final and steps[-1][2]["metadata"]["fallback"] == "no_citations"
