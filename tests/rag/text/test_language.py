"""Question language detection (rag/text/language.py): English vs Indonesian by function words."""

from __future__ import annotations

import pytest

from rag.text.language import detect_language


@pytest.mark.parametrize(
    "question",
    [
        "Siapa yang mendampingi Marco Rubio di Riyadh?",
        "Kapan pertemuan di Istanbul diadakan?",
        "Berapa hari gencatan senjata energi yang disepakati Putin?",
        "apakah zelensky setuju dengan usulan itu",
    ],
)
def test_indonesian_questions(question):
    """Questions written in Indonesian are 'id'."""
    assert detect_language(question) == "id"


@pytest.mark.parametrize(
    "question",
    [
        "Who accompanied Marco Rubio in Riyadh?",
        "When was the meeting in Istanbul held?",
        "How many days did Putin agree to stop attacking energy infrastructure?",
        "WHAT DID ZELENSKY SAY ABOUT THE PLAN?",
    ],
)
def test_english_questions(question):
    """Questions written in English are 'en', whatever their case."""
    assert detect_language(question) == "en"


@pytest.mark.parametrize(
    ("question", "language"),
    [("Who?", "en"), ("Siapa?", "id"), ("why", "en"), ("kenapa", "id")],
)
def test_a_single_function_word_decides(question, language):
    """A one-word question is as long as a function word list needs."""
    assert detect_language(question) == language


@pytest.mark.parametrize("text", ["", "   ", "Rubio?", "Putin Trump Riyadh", "2025", "?!"])
def test_no_function_words_default_to_indonesian(text):
    """With nothing to count (names, numbers, nothing at all) the answer is the corpus language."""
    assert detect_language(text) == "id"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("When did the talks in Riyadh start, dan siapa yang hadir?", "en"),  # en 4 (when did the in) : id 2
        ("Siapa yang hadir di pertemuan itu, and who paid?", "id"),  # id 4 : en 2
        ("Kapan Trump meeting with Putin?", "id"),  # a tie (kapan : with) goes to Indonesian
        ("berapa how many", "id"),  # a tie again
    ],
)
def test_mixed_questions_follow_the_majority_and_ties_go_to_indonesian(question, language):
    """Mixed text is English only when English function words outnumber Indonesian ones."""
    assert detect_language(question) == language


def test_content_words_do_not_count():
    """English content words without English function words leave a question Indonesian."""
    assert detect_language("meeting summit ceasefire Riyadh") == "id"
    assert detect_language("meeting summit ceasefire in Riyadh") == "en"
