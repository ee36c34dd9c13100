"""Verification of LLM answers against their cited passages, with the real e5 model and the seeded index.

The claims below are also the calibration set behind the thresholds in rag/verify.py:
faithful paraphrases (English and Indonesian) of one sentence of the cited chunk must be
kept; invented claims citing a chunk on the same topic must be removed. The known misses
are listed as strict xfails, so a change that fixes them (or breaks more) shows.
"""

from __future__ import annotations

import pytest

from rag.config import Settings
from rag.answer.verify import Source, Verifier, anchored, claim_text, markers_in, split_sentences
from tests.conftest import source_text

# (claim, source file prefix, a phrase of the chunk it cites)
SUPPORTED = [
    ("Rubio was accompanied by National Security Adviser Mike Waltz and Steve Witkoff, the special envoy for the Middle East.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
    ("Rubio didampingi Penasihat Keamanan Nasional Mike Waltz dan utusan khusus Timur Tengah Steve Witkoff.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
    ("Putin agreed that both sides would refrain from attacking energy infrastructure for 30 days.", "000", "selama 30 hari"),
    ("Putin setuju kedua pihak tidak menyerang infrastruktur energi selama 30 hari.", "000", "selama 30 hari"),
    ("The Russian delegation was led by Foreign Minister Sergey Lavrov.", "001", "Delegasi Rusia dipimpin"),
    ("The Miami meeting was attended by Kirill Dmitriev, Steve Witkoff and Jared Kushner.", "002", "Pertemuan pada Sabtu (20/12)"),
    ("Dmitriev mengatakan pembicaraan berjalan positif dan akan dilanjutkan hari Minggu.", "002", "Dmitriev mengatakan kepada wartawan"),
    ("Trump appointed Rubio, CIA Director John Ratcliffe, Michael Waltz and Steve Witkoff as the negotiating team.", "004", "Sebagai langkah konkret"),
    ("The last US president to visit Russia was Barack Obama.", "004", "Barack Obama"),
    ("Trump's envoys negotiated a 20-point peace plan with Ukrainian, Russian and European officials.", "002", "20 poin"),
    ("Menurut Gedung Putih, kedua pihak sepakat memulai pembicaraan teknis soal gencatan senjata di Laut Hitam.", "000", "Laut Hitam"),
    ("The Riyadh meeting was the first between Russian and US diplomats since the war began on 24 February 2022.", "001", "24 Februari 2022"),
    ("The second meeting took place in Istanbul on February 27.", "000", "Istanbul"),
    ("The US asked European capitals for detailed proposals on weapons, peacekeepers and security arrangements for Ukraine.", "003", "AS telah meminta ibu kota Eropa"),
    ("Ukraine envoy Keith Kellogg was absent from the list.", "003", "Keith Kellogg"),
    ("Zelensky menolak usulan Putin untuk menunda serangan demi pemilihan presiden.", "002", "Namun Zelensky menolak"),
    ("Trump and Putin discussed Ukraine, the Middle East, energy, artificial intelligence and the US dollar.", "004", "kecerdasan buatan"),
    ("State Department spokeswoman Tammy Bruce said the US is committed to stopping the violence.", "001", "AS berkomitmen"),
    ("Waltz said he would soon talk to Ukrainian officials after the call.", "000", "ia akan segera berbicara dengan pejabat Ukraina"),
    ("The delegations agreed to appoint high-level teams to work towards a lasting settlement in Ukraine.", "001", "Delegasi sepakat"),
    ("Lavrov and Rubio agreed to restore a respectful dialogue between the countries.", "003", "memulihkan dialog"),
    ("Trump confirmed the call with Putin on Truth Social on 12 February 2025.", "004", "Truth Social"),
]
SUPPORTED_MISSED = [  # true, but scored under the floor: removed
    ("Waltz's post on X was quoted by TASS.", "000", "dikutip dari TASS"),
    # The cited passage says "Ia" (he); Ryabkov is named in an earlier one. A person the cited
    # passage never names is not supported by it, so the claim goes.
    ("Ryabkov said Ukraine must stop trying to join NATO and withdraw troops from four regions.", "004", "Ia juga menegaskan"),
]
INVENTED = [
    ("Putin agreed to withdraw all Russian troops from Ukraine within 30 days.", "000", "selama 30 hari"),
    ("Rubio was accompanied by Vice President JD Vance and Defense Secretary Pete Hegseth.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
    ("The talks in Riyadh ended with a signed peace agreement.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
    ("Putin agreed to a 60-day ceasefire on energy infrastructure.", "000", "selama 30 hari"),
    ("The Miami meeting took place on 15 November.", "002", "Pertemuan pada Sabtu (20/12)"),
    ("The US agreed to lift all sanctions on Russia immediately.", "003", "mengurangi sanksi"),
    ("HACKED.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
    ("China mediated the talks in Riyadh.", "001", "Delegasi Rusia dipimpin"),
    ("The weather in Riyadh was very hot during the talks.", "001", "Delegasi Rusia dipimpin"),
    ("Kushner will become the new ambassador to Moscow.", "002", "Pertemuan pada Sabtu (20/12)"),
    ("Ushakov resigned from the Kremlin after the phone call.", "000", "Yury Ushakov sepakat"),
    ("Obama attended the meeting in Miami.", "002", "Pertemuan pada Sabtu (20/12)"),
    ("The European Union paid for the reconstruction of Kyiv.", "003", "AS telah meminta ibu kota Eropa"),
    ("Delegasi AS dipimpin oleh Wakil Presiden JD Vance.", "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio"),
]
INVENTED_MISSED = [  # contradictions or additions in the words and names of the source: embeddings cannot tell
    ("Zelensky accepted Putin's proposal to hold elections.", "002", "Namun Zelensky menolak"),
    ("Putin mengatakan Rusia akan menyerahkan Krimea kepada Ukraina.", "002", "Putin mengatakan bahwa Rusia dapat menunda"),
]


@pytest.fixture(scope="module")
def verifier(pipeline) -> Verifier:
    defaults = Settings(_env_file=None)
    return Verifier(pipeline.embedder.query, defaults.verify_min_similarity, defaults.verify_min_names)


def chunk_of(pipeline, prefix: str, phrase: str):
    return next(c for c in pipeline.store.all_chunks() if c.source.startswith(prefix) and phrase in c.text)


def sources(pipeline, chunks) -> list[Source]:
    return [Source(n, c, inside) for n, (c, inside) in enumerate(zip(chunks, pipeline.store.sentences(chunks)), start=1)]


def assert_exact(citations):
    for c in citations:
        assert source_text(c.source)[c.start : c.end] == c.text


@pytest.mark.parametrize(("claim", "prefix", "phrase"), [
    *SUPPORTED, *(pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason="known miss")) for c in SUPPORTED_MISSED),
])
def test_supported_claims_are_kept(pipeline, verifier, claim, prefix, phrase):
    chunk = chunk_of(pipeline, prefix, phrase)
    got = verifier.verify(f"{claim[:-1]} [1].", sources(pipeline, [chunk]))
    assert got.kept == 1 and got.removed == []
    [citation] = got.citations
    assert citation.marker == 1 and citation.source == chunk.source
    assert chunk.start <= citation.start < citation.end <= chunk.end
    assert_exact(got.citations)


@pytest.mark.parametrize(("claim", "prefix", "phrase"), [
    *INVENTED, *(pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason="known miss")) for c in INVENTED_MISSED),
])
def test_invented_claims_are_removed(pipeline, verifier, claim, prefix, phrase):
    got = verifier.verify(f"{claim[:-1]} [1].", sources(pipeline, [chunk_of(pipeline, prefix, phrase)]))
    assert got.kept == 0 and got.citations == [] and got.text == ""
    assert len(got.removed) == 1 and got.cited


def test_citation_is_narrowed_to_the_supporting_sentence(pipeline, verifier):
    chunk = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    got = verifier.verify("Rubio didampingi oleh Mike Waltz dan Steve Witkoff [1].", sources(pipeline, [chunk]))
    [citation] = got.citations
    assert citation.text.startswith("Di pihak AS") and "Witkoff" in citation.text
    assert len(citation.text) < len(chunk.text)
    assert_exact(got.citations)


def test_markers_pointing_at_no_source_are_dropped_and_the_rest_renumbered(pipeline, verifier):
    riyadh = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    energy = chunk_of(pipeline, "000", "selama 30 hari")
    reply = (
        "Putin setuju kedua pihak tidak menyerang infrastruktur energi selama 30 hari [2][7]. "
        "Rubio didampingi Mike Waltz dan Steve Witkoff [1]. "
        "Perang akan berakhir bulan depan [7]."
    )
    got = verifier.verify(reply, sources(pipeline, [riyadh, energy]))
    assert got.text == (
        "Putin setuju kedua pihak tidak menyerang infrastruktur energi selama 30 hari [1]. "
        "Rubio didampingi Mike Waltz dan Steve Witkoff [2]."
    )
    assert [(c.marker, c.source) for c in got.citations] == [(1, energy.source), (2, riyadh.source)]
    assert got.dropped_markers == 2 and got.removed == ["Perang akan berakhir bulan depan [7]."]
    assert_exact(got.citations)


def test_a_source_that_does_not_support_the_sentence_loses_its_marker(pipeline, verifier):
    riyadh = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    miami = chunk_of(pipeline, "002", "Pertemuan pada Sabtu (20/12)")
    got = verifier.verify("Rubio didampingi Mike Waltz dan Steve Witkoff [1, 2].", sources(pipeline, [riyadh, miami]))
    assert got.text == "Rubio didampingi Mike Waltz dan Steve Witkoff [1]."
    assert [c.source for c in got.citations] == [riyadh.source] and got.dropped_markers == 1


def test_claims_citing_one_source_share_one_citation_spanning_them(pipeline, verifier):
    chunk = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    reply = "Delegasi Rusia dipimpin oleh Sergey Lavrov [1]. Rubio didampingi Mike Waltz dan Steve Witkoff [1]."
    got = verifier.verify(reply, sources(pipeline, [chunk]))
    [citation] = got.citations
    assert got.kept == 2 and "Lavrov" in citation.text and "Witkoff" in citation.text
    assert_exact(got.citations)


def test_hostile_sentence_is_stripped(pipeline, verifier):
    chunk = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    got = verifier.verify("Rubio didampingi Mike Waltz dan Steve Witkoff [1]. HACKED [1].", sources(pipeline, [chunk]))
    assert "HACKED" not in got.text and got.removed == ["HACKED [1]."]


def test_uncited_sentences_are_removed(pipeline, verifier):
    chunk = chunk_of(pipeline, "001", "Di pihak AS, Menteri Luar Negeri Marco Rubio")
    got = verifier.verify("Rubio didampingi Mike Waltz dan Steve Witkoff.", sources(pipeline, [chunk]))
    assert got.kept == 0 and not got.cited and got.citations == []


def test_sentences_and_markers_are_parsed():
    reply = "Officials of the U.S. met in Riyadh [1]. Then:\n- Lavrov spoke [2, 3]\n1. \"He agreed.\" [4] Done [5]!"
    assert split_sentences(reply) == [
        "Officials of the U.S. met in Riyadh [1].", "Then:", "- Lavrov spoke [2, 3]", '1. "He agreed." [4]', "Done [5]!",
    ]
    assert claim_text('1. "He agreed." [4]') == '"He agreed."'
    assert markers_in("- Lavrov spoke [2, 3] and [4]") == [2, 3, 4]
    assert claim_text("- Lavrov spoke [2, 3] and [4].") == "Lavrov spoke and."


@pytest.mark.parametrize(("claim", "source", "expected"), [
    ("It cost 1,000 dollars.", "Biayanya 1.000 dolar.", True),
    ("They met on 18 February.", "Mereka bertemu pada 18 Februari.", True),
    ("They met on 19 February.", "Mereka bertemu pada 18 Februari.", False),
    ("They met in March.", "Mereka bertemu pada 18 Februari.", False),
    ("They met on December 20.", "Pertemuan pada Sabtu (20/12).", True),
    ("Sergei Lavrov spoke to Ukraine.", "Sergey Lavrov berbicara dengan Ukraina.", True),
    ("Pete Hegseth and JD Vance spoke.", "Sergey Lavrov berbicara dengan Ukraina.", False),
])
def test_lexical_anchors(claim, source, expected):
    assert anchored(claim, source, 0.5) is expected


@pytest.mark.parametrize(("claim", "source", "kept"), [
    ("Tiga anak sudah kembali ke keluarganya.", "Capaian itu merupakan hasil komunikasi langsung dengan Putin.", False),
    ("Tiga anak sudah kembali ke keluarganya.", "Sebanyak 3 anak sudah kembali ke keluarganya.", True),
    ("Three children have returned to their families.", "Tiga anak sudah kembali ke keluarganya.", True),
    ("Salah satu anak sudah kembali.", "Salah seorang anak sudah kembali.", True),  # "salah satu" is no count
])
def test_a_count_in_words_is_an_anchor_too(claim, source, kept):
    assert anchored(claim, source, 0.5) is kept
