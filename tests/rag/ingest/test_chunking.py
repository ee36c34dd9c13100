from rag.ingest import boilerplate as clean
from rag.ingest.chunking import Chunker
from rag.text.sentences import sentence_spans
from tests.conftest import SEEDS, source_text


def test_chunks_are_exact_slices_within_blocks():
    chunker = Chunker(90, 15)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parsed = clean.parse(text)
        spans = chunker.split(text, parsed.blocks)
        assert spans
        for span in spans:
            assert any(b.start <= span.start and span.end <= b.end for b in parsed.blocks)
            piece = text[span.start : span.end]
            assert piece == piece.strip() and piece


def test_chunks_cover_the_story():
    text = source_text("002_f270e526a9c4b75d.txt")
    parsed = clean.parse(text)
    spans = Chunker(90, 15).split(text, parsed.blocks)
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    story = {i for b in parsed.blocks for i in range(b.start, b.end) if not text[i].isspace()}
    assert story <= covered


def test_sentences():
    text = "Dia datang. “Kami setuju,” katanya.\nBaris baru tanpa titik\nAkhir! "
    got = [text[s.start : s.end] for s in sentence_spans(text)]
    assert got == ["Dia datang.", "“Kami setuju,” katanya.", "Baris baru tanpa titik", "Akhir!"]


def test_sentence_spans_respect_bounds():
    text = "Satu. Dua. Tiga."
    assert [text[s.start : s.end] for s in sentence_spans(text, 6, 10)] == ["Dua."]
