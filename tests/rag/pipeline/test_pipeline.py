import re

import pytest

from rag import InvalidInput, Message
from rag.retrieve.queries import condense
from tests.conftest import source_text

RIYADH = "001_8692206af46fdf20.txt"


def assert_contract(answer):
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.marker for c in answer.citations}
    for c in answer.citations:
        assert source_text(c.source)[c.start : c.end] == c.text


@pytest.mark.parametrize(
    "question",
    [
        "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?",
        "Who accompanied Marco Rubio in the US delegation in Riyadh?",
    ],
)
def test_riyadh_delegation(pipeline, question):
    answer = pipeline.answer(question)
    assert not answer.abstained
    assert "Waltz" in answer.answer and "Witkoff" in answer.answer
    assert any(c.source == RIYADH and "Waltz" in c.text for c in answer.citations)
    assert_contract(answer)


def test_language_follows_the_question(pipeline):
    assert pipeline.answer("Who accompanied Marco Rubio in the US delegation in Riyadh?").language == "en"
    assert pipeline.answer("Siapa yang mendampingi Marco Rubio di Riyadh?").language == "id"


@pytest.mark.parametrize(
    "question",
    [
        "Stasiun penyiaran mana yang mencap golongan perlawanan sebagai teroris?",
        "Berapa harga tiket pesawat Jakarta ke Bali bulan depan?",
        "What is the recipe for rendang?",
    ],
)
def test_abstains_when_the_articles_do_not_answer(pipeline, question):
    answer = pipeline.answer(question)
    assert answer.abstained
    assert answer.citations == []
    assert "tidak ditemukan" in answer.answer or "not found" in answer.answer


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("When did Trump and Putin talk on the phone and what did they agree?", "004_c75a26120ef4de30.txt"),
        ("Who met in Miami to discuss the war?", "002_f270e526a9c4b75d.txt"),
        ("What did the US ask European capitals to provide?", "003_6dba894c3f267814.txt"),
        ("How long was the pause on strikes against energy infrastructure?", "000_5dbc1a91aa8e06a2.txt"),
    ],
)
def test_english_questions_find_indonesian_passages(pipeline, question, source):
    top, _ = pipeline.read.retriever.retrieve(condense(question, []), "en", 3)
    assert source in {p.chunk.source for p in top}


def test_follow_up_uses_the_history(pipeline):
    history = [
        Message(role="user", content="Siapa utusan Putin dalam pertemuan di Miami?"),
        Message(role="assistant", content="Utusan khusus Presiden Rusia Vladimir Putin adalah Kirill Dmitriev [1]."),
    ]
    answer = pipeline.answer("Apa katanya tentang jalannya pembicaraan?", history)
    assert not answer.abstained
    assert any("Dmitriev" in c.text or "konstruktif" in c.text for c in answer.citations)
    assert_contract(answer)


def test_a_follow_up_may_ask_again_for_what_the_last_answer_said(pipeline):
    """The last answer quotes the sentence that names Rubio's companions; "who went with him?" is
    still answered from it: what the answer mentioned is not ruled out, only what the asker stated."""
    question = "Siapa yang memimpin delegasi AS di Riyadh?"
    first = pipeline.answer(question)
    assert any("Waltz" in c.text for c in first.citations)
    history = [Message(role="user", content=question), Message(role="assistant", content=first.answer)]
    answer = pipeline.answer("Siapa yang mendampinginya?", history)
    assert not answer.abstained
    assert any("Waltz" in c.text for c in answer.citations)
    assert_contract(answer)


def test_each_part_of_a_joined_follow_up_rests_on_the_history(pipeline):
    """"When did that meeting take place, and who was Trump's envoy there?" after a question about
    the Miami meeting: both parts are answered from the Miami article, each part weighed with the
    asker's last question, which holds what "that meeting" is."""
    history = [
        Message(role="user", content="Siapa utusan Putin dalam pertemuan di Miami?"),
        Message(role="assistant", content="Utusan khusus Presiden Rusia Vladimir Putin adalah Kirill Dmitriev [1]."),
    ]
    trace = pipeline.run("Kapan pertemuan itu berlangsung, dan siapa utusan Trump di sana?", history)
    assert len(trace.parts) == 2
    assert {c.source for c in trace.answer.citations} == {"002_f270e526a9c4b75d.txt"}
    assert "Witkoff" in trace.answer.answer and "20/12" in trace.answer.answer
    assert_contract(trace.answer)


def test_a_question_asking_for_several_things_reads_two_passages_more(pipeline):
    """A list's members may sit in more passages than one answer does."""
    def passages_read(question: str) -> int:
        trace = pipeline.run(question, top_k=1)
        return len({s.candidate.rank for s in trace.scored})

    assert passages_read("Siapa yang memimpin delegasi AS di Riyadh?") == 1
    assert passages_read("Siapa saja yang hadir dalam pertemuan di Riyadh?") == 3


def test_limits(pipeline):
    with pytest.raises(InvalidInput, match="limit"):
        pipeline.answer("x" * (pipeline.settings.max_question_chars + 1))
    with pytest.raises(InvalidInput, match="top_k"):
        pipeline.answer("Siapa Lavrov?", top_k=pipeline.settings.max_top_k + 1)
    with pytest.raises(InvalidInput):
        pipeline.answer("   ")
