"""The English-Indonesian glossary (rag/text/glossary.py) that lets English questions meet Indonesian words."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.features import Question
from rag.answer.types import analyse
from rag.text.glossary import renderings
from rag.text.tokens import Tokenizer


@pytest.mark.parametrize(("text", "expected"), [
    ("When did the talks resume?", {"perundingan", "melanjutkan"}),  # "talks" by its stem, as "talk"
    ("How many prisoners were exchanged?", {"tawanan", "pertukaran"}),
    ("Who backed the ceasefire?", {"gencatan senjata"}),
    ("Who met Zelensky in Kyiv?", {"bertemu"}),  # an irregular form has a line of its own
])
def test_an_english_question_gets_the_renderings_of_its_words(text, expected):
    assert expected <= set(renderings(text))


def test_names_and_stopwords_get_no_rendering():
    assert renderings("Zelensky and Witkoff in the") == ()


def test_an_english_question_shares_its_words_with_an_indonesian_sentence_through_their_renderings():
    """Each English content word counts once, met by any of its renderings; an Indonesian question
    is compared by its own stems."""
    tokenize = Tokenizer()
    english = "When will the prisoner exchange take place?"
    q = Question.of(english, "en", analyse(english), [np.zeros(3)], tokenize)
    sentence = frozenset(tokenize("Pertukaran tawanan dijadwalkan pekan depan."))
    assert q.words(sentence) == pytest.approx(2 / len(q.glossed))  # prisoner and exchange, of its content words
    assert q.words(frozenset(tokenize("Harga minyak turun."))) == 0.0
    indonesian = "Kapan pertukaran tawanan berlangsung?"
    qi = Question.of(indonesian, "id", analyse(indonesian), [np.zeros(3)], tokenize)
    assert qi.glossed == () and qi.words(sentence) == pytest.approx(2 / len(qi.terms))
