"""Originals are kept; reindex, export and import rebuild the same index."""

import tarfile

import pytest

from rag import DocumentError, build_pipeline
from tests.conftest import SEEDS, make_settings

QUESTION = "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?"


def test_originals_are_kept_byte_for_byte(fresh, seeds_copy):
    fresh.ingest([seeds_copy])
    archive = fresh.upkeep.indexer.archive
    assert archive.ids() == sorted(p.name for p in SEEDS.glob("*.txt"))
    for path in SEEDS.glob("*.txt"):
        assert archive.raw(path.name) == path.read_bytes()
    fresh.delete_document("000_5dbc1a91aa8e06a2.txt")
    assert "000_5dbc1a91aa8e06a2.txt" not in archive.ids()
    assert not list(archive.root.glob(".tmp-*"))


def test_reindex_rebuilds_both_indexes_from_the_originals(embedder, tmp_path):
    settings = make_settings(tmp_path / "data")
    first = build_pipeline(settings, embedder=embedder)
    first.ingest([SEEDS])
    before = first.answer(QUESTION)
    chunks = sorted((c.id, c.text) for c in first.store.all_chunks())
    rebuilt = build_pipeline(settings, embedder=embedder, rebuild=True)
    assert rebuilt.store.count() == 0
    report = rebuilt.reindex()
    assert len(report.added) == 5 and not report.failed
    assert sorted((c.id, c.text) for c in rebuilt.store.all_chunks()) == chunks
    assert len(rebuilt.upkeep.keyword) == len(chunks)
    assert rebuilt.answer(QUESTION) == before


def test_export_then_import_elsewhere(embedder, tmp_path):
    source = build_pipeline(make_settings(tmp_path / "a"), embedder=embedder)
    source.ingest([SEEDS])
    exported = tmp_path / "corpus.tar.gz"
    assert source.export(exported) == 5
    target = build_pipeline(make_settings(tmp_path / "b"), embedder=embedder)
    report = target.import_(exported)
    assert sorted(report.added) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert target.answer(QUESTION) == source.answer(QUESTION)
    again = target.import_(exported)
    assert again.added == [] and len(again.unchanged) == 5


def test_import_refuses_what_is_not_an_export(fresh, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(DocumentError, match="not a corpus export"):
        fresh.import_(bogus)
    sneaky = tmp_path / "sneaky.tar.gz"
    with tarfile.open(sneaky, "w:gz") as tar:
        evil = tmp_path / "x.orig"
        evil.write_bytes(b"Teks biasa tentang perundingan.")
        tar.add(evil, arcname="../../x.orig")
    assert fresh.import_(sneaky).added == []
