from pathlib import Path

import pytest

from rag import EmbedderMismatch, build_pipeline
from rag.ingest.decode import decode
from rag.errors import DocumentError
from tests.conftest import SEEDS, make_settings


def test_every_chunk_is_an_exact_slice_of_its_source(pipeline):
    chunks = pipeline.store.all_chunks()
    assert len(chunks) >= 20
    for chunk in chunks:
        source = (SEEDS / chunk.source).read_text(encoding="utf-8")
        assert source[chunk.start : chunk.end] == chunk.text


def test_link_bait_is_never_indexed(pipeline):
    text = " ".join(c.text for c in pipeline.store.all_chunks())
    for bait in ("BACA JUGA", "Cek Artikel", "MEMBACA", "Mungkin Anda Menyukai", "Buka kunci buletin", "FOKUS DUNIA"):
        assert bait not in text


def test_chunk_metadata(pipeline):
    chunk = next(c for c in pipeline.store.all_chunks() if c.source == "001_8692206af46fdf20.txt")
    assert chunk.title == "AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan"
    assert chunk.date is None  # the page states no publication date; the story's dates are not one
    docs = {d.id: d for d in pipeline.documents()}
    assert set(docs) == {p.name for p in SEEDS.glob("*.txt")}
    assert all(d.chunks > 0 and len(d.hash) == 64 for d in docs.values())


def test_reingest_of_unchanged_files_writes_and_embeds_nothing(fresh, seeds_copy):
    first = fresh.ingest([seeds_copy])
    assert len(first.added) == 5 and first.chunks_written > 0
    calls, count = fresh.embedder.calls, fresh.store.count()
    again = fresh.ingest([seeds_copy])
    assert again.unchanged == sorted(p.name for p in seeds_copy.glob("*.txt"))
    assert (again.added, again.updated, again.chunks_written) == ([], [], 0)
    assert fresh.embedder.calls == calls
    assert fresh.store.count() == count


def test_changed_file_replaces_its_own_chunks(fresh, seeds_copy):
    fresh.ingest([seeds_copy])
    before = {c.id: c for c in fresh.store.all_chunks()}
    changed = seeds_copy / "002_f270e526a9c4b75d.txt"
    changed.write_text("Judul Baru Tentang Perundingan\n\nPerundingan di Jenewa berlangsung selama tiga hari.\n", encoding="utf-8")
    report = fresh.ingest([seeds_copy])
    assert report.updated == ["002_f270e526a9c4b75d.txt"]
    after = fresh.store.all_chunks()
    mine = [c for c in after if c.source == changed.name]
    assert [c.text for c in mine] == ["Judul Baru Tentang Perundingan\n\nPerundingan di Jenewa berlangsung selama tiga hari."]
    others = [c for c in after if c.source != changed.name]
    assert all(before[c.id] == c for c in others)
    assert len(fresh.upkeep.keyword) == len(after)


def test_prune_removes_deleted_files(fresh, seeds_copy):
    fresh.ingest([seeds_copy])
    (seeds_copy / "003_6dba894c3f267814.txt").unlink()
    kept = fresh.ingest([seeds_copy])
    assert kept.pruned == [] and "003_6dba894c3f267814.txt" in {d.id for d in fresh.documents()}
    pruned = fresh.ingest([seeds_copy], prune=True)
    assert pruned.pruned == ["003_6dba894c3f267814.txt"]
    assert all(c.source != "003_6dba894c3f267814.txt" for c in fresh.store.all_chunks())


def test_bad_files_fail_alone(fresh, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (folder / "latin1.txt").write_bytes("Perundingan di Genève berlanjut.".encode("latin-1"))
    (folder / "good.txt").write_text("Perundingan damai dilanjutkan pekan depan di Jenewa.", encoding="utf-8")
    report = fresh.ingest([folder])
    assert report.added == ["good.txt", "latin1.txt"]
    assert set(report.failed) == {"empty.txt", "binary.txt"}
    assert "empty" in report.failed["empty.txt"] and "binary" in report.failed["binary.txt"]
    assert "Genève" in fresh.document("latin1.txt").text


def test_subfolders_are_read_and_a_repeated_file_name_is_refused(fresh, tmp_path):
    folder = tmp_path / "corpus"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "berita.txt").write_text("Perundingan damai dilanjutkan pekan depan di Jenewa.", encoding="utf-8")
    (folder / "b" / "berita.txt").write_text("Delegasi baru tiba di Wina untuk babak kedua.", encoding="utf-8")
    report = fresh.ingest([folder])
    assert report.added == ["berita.txt"] and list(report.failed) == [str(folder / "b" / "berita.txt")]
    assert "same file name" in report.failed[str(folder / "b" / "berita.txt")]
    assert "Jenewa" in fresh.document("berita.txt").text
    assert fresh.ingest([folder]).unchanged == ["berita.txt"]  # and the refused twin never replaces it


def test_utf8_bom_is_dropped():
    assert decode("\ufeffHalo".encode("utf-8"), "x.txt") == "Halo"
    with pytest.raises(DocumentError):
        decode(b"   \n", "blank.txt")


def test_index_remembers_its_embedder(embedder, tmp_path: Path):
    settings = make_settings(tmp_path / "data")
    build_pipeline(settings, embedder=embedder).ingest([SEEDS / "000_5dbc1a91aa8e06a2.txt"])
    other = make_settings(tmp_path / "data", embed_backend="sentence-transformers")
    with pytest.raises(EmbedderMismatch, match="rag ingest --rebuild"):
        build_pipeline(other)
    rebuilt = build_pipeline(other, rebuild=True)
    assert rebuilt.store.count() == 0
    assert rebuilt.embedder.id.startswith("sentence-transformers/")
    rebuilt.ingest([SEEDS / "000_5dbc1a91aa8e06a2.txt"])
    assert rebuilt.store.count() > 0
