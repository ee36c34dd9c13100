"""Spelling similarity (rag/text/fuzzy.py): the one matcher behind name merging and anchors."""

from __future__ import annotations

import pytest

from rag.text.fuzzy import similarity


@pytest.mark.parametrize("word", ["Zelensky", "Lavrov", "a", ""])
def test_equal_strings_are_one(word):
    """A string is fully similar to itself, the empty one included."""
    assert similarity(word, word) == 1.0


@pytest.mark.parametrize(
    ("a", "b"), [("Zelensky", "Zelenskyy"), ("Putin", "Witkoff"), ("Dmitriev", "Dmitriyev"), ("abc", "")]
)
def test_symmetric(a, b):
    """similarity(a, b) == similarity(b, a)."""
    assert similarity(a, b) == similarity(b, a)


def test_within_zero_and_one():
    """Scores are normalised: nothing shared is 0, and nothing goes outside 0..1."""
    assert similarity("abc", "") == 0.0
    assert similarity("abc", "xyz") == 0.0
    for a, b in [("Rubio", "Lavrov"), ("Kushner", "Kushnir"), ("x", "xxxxxxxx")]:
        assert 0.0 <= similarity(a, b) <= 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zelensky", "Zelenskyy"), ("Zelensky", "Zelenskiy"), ("Dmitriev", "Dmitriyev"), ("Peskov", "Peskow"),
     ("Volodymyr", "Volodimir")],
)
def test_spelling_variants_are_close(a, b):
    """Transliteration variants of one name clear 0.75, the floor verification matches names at."""
    assert similarity(a, b) >= 0.75


@pytest.mark.parametrize(("a", "b"), [("Putin", "Witkoff"), ("Peskov", "Rubio"), ("Lavrov", "Kellogg")])
def test_unrelated_names_are_far(a, b):
    """Different names score low (under 0.4)."""
    assert similarity(a, b) < 0.4


def test_it_is_the_indel_ratio():
    """Twice the longest common subsequence over the total length: 'Zelensky'/'Zelenskyy' = 16/17."""
    assert similarity("Zelensky", "Zelenskyy") == pytest.approx(16 / 17)
    assert similarity("ab", "ba") == pytest.approx(2 * 1 / 4)


def test_case_sensitive():
    """Case is not folded: callers lower-case when they mean to."""
    assert similarity("Rubio", "rubio") < 1.0
