"""Enumerations: an announced count and the ordinal-led sentences that list its members."""

from __future__ import annotations

import pytest

from rag.answer.types.enumeration import announced, members, ordinal, remaining


@pytest.mark.parametrize(("sentence", "count"), [
    ("Sebelum pertemuan dimulai, sang menteri menyodorkan tiga syarat.", 3),
    ("Para pemimpin menyepakati empat langkah untuk mengakhiri perang.", 4),
    ("The commission set out a plan with five parts.", 5),
    ("Serikat buruh mengajukan 4 tuntutan kepada pemerintah.", 4),
    ("Gencatan senjata berlaku selama tiga hari.", None),  # a measure, not members
    ("Harga minyak naik lima persen.", None),
    ("The talks lasted two hours.", None),
    ("Pertemuan itu berlangsung di Jenewa.", None),
])
def test_a_count_of_members_is_announced_and_a_measure_is_not(sentence, count):
    assert announced(sentence) == count


@pytest.mark.parametrize(("sentence", "n"), [
    ("Pertama, bantuan harus terus mengalir.", 1),
    ("Kedua: semua pihak menahan diri.", 2),
    ("Unsur ketiga rencana itu adalah dana bersama.", 3),
    ("First, the ceasefire must hold.", 1),
    ("Finally, prisoners will be exchanged.", 0),
    ("Ketiga pesawat itu melintas selama 12 menit.", None),  # "all three planes", not "third"
    ("Ini merupakan kali pertama kedua negara bertemu.", None),
    ("Ia menjadi orang pertama yang datang.", None),
])
def test_an_ordinal_leads_a_member(sentence, n):
    assert ordinal(sentence) == n


def test_members_are_the_ordinals_in_order_up_to_the_count():
    following = ["Pertama, A.", "Sebuah kutipan.", "Kedua, B.", "Ketiga, C.", "Keempat, D."]
    assert members(following, 3) == [0, 2, 3]
    assert members(["Sebuah kutipan.", "Kedua, B.", "Ketiga, C."], 3) == []  # no first: not this list
    assert members(["Pertama, A.", "Lalu sesuatu."], 3) == []  # one member is no list
    assert members(["First, A.", "Second, B.", "Finally, C."], 3) == [0, 1, 2]


@pytest.mark.parametrize(("sentence", "n"), [
    ("Dua unsur terakhir menyangkut modal swasta.", 2),
    ("Tiga langkah terakhir dibahas pekan depan.", 3),
    ("The last two concern private capital.", 2),
    ("Dua hari terakhir hujan turun di Kyiv.", None),  # "the last two days": a time, not members
    ("Unsur terakhir adalah dana bersama.", None),
])
def test_the_last_members_may_share_a_sentence(sentence, n):
    assert remaining(sentence) == n


def test_a_sentence_for_the_last_members_closes_the_list_only_when_they_are_what_remains():
    following = ["Unsur pertama A.", "Unsur kedua B.", "Sebuah kutipan.", "Unsur ketiga C.", "Dua unsur terakhir D dan E."]
    assert members(following, 5) == [0, 1, 3, 4]
    assert members(following, 6) == [0, 1, 3]  # three remain, the sentence names two
