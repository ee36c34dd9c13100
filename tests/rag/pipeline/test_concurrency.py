"""Ingest and delete while queries run, with real threads against a real store."""

import threading

from rag.answer.extractive import candidates
from rag.ingest.decode import Page
from rag.ingest.indexer import content_hash
from rag import ScoredChunk, build_pipeline
from tests.conftest import SEEDS, make_settings

EXTRA = (
    "Perundingan Baru di Jenewa\n\nDelegasi bertemu di Jenewa dan juru runding Aino Virtanen "
    "memimpin pembicaraan tentang pertukaran tawanan.\n"
).encode()


def test_queries_survive_concurrent_writes(embedder, tmp_path):
    pipeline = build_pipeline(make_settings(tmp_path / "data"), embedder=embedder)
    pipeline.ingest([SEEDS])
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    texts["jenewa.txt"] = EXTRA.decode()
    stop = threading.Event()
    errors: list[BaseException] = []
    answered = []

    def reader(question: str) -> None:
        while not stop.is_set():
            try:
                answer = pipeline.answer(question)
                for c in answer.citations:
                    assert texts[c.source][c.start : c.end] == c.text
                answered.append(answer)
            except BaseException as exc:  # collected and re-raised in the main thread
                errors.append(exc)
                return

    def writer() -> None:
        try:
            for _ in range(4):
                pipeline.add_document("jenewa.txt", EXTRA)
                pipeline.delete_document("jenewa.txt")
        except BaseException as exc:
            errors.append(exc)
        finally:
            stop.set()

    threads = [threading.Thread(target=reader, args=(q,)) for q in
               ("Siapa yang memimpin pembicaraan di Jenewa?", "Who met in Miami?", "Siapa Lavrov?")]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    if errors:
        raise errors[0]  # with the thread's own traceback
    assert len(answered) >= 3
    assert len(pipeline.upkeep.keyword) == pipeline.store.count()
    assert "jenewa.txt" not in {d.id for d in pipeline.documents()}



def _paragraph(topic: str, n: int) -> str:
    return " ".join(f"Kalimat {i} tentang {topic} di kota {topic} berlanjut dengan rincian ke-{i}." for i in range(n))



def test_a_replaced_document_never_cites_spans_of_its_other_version(fresh):
    """A document replaced under the same id: until the keyword index is refreshed it still returns
    the old chunks. Their sentences must never be cut from the old text at the new version's offsets."""
    answer = "Juru runding Aino Virtanen memimpin pembicaraan pertukaran tawanan di Jenewa."
    body = _paragraph("Wina", 30)
    old = f"Perundingan di Jenewa\n\n{body} {answer}\n"
    new = f"Perundingan di Jenewa\n\n{_paragraph('Oslo', 12)}\n\n{body} {answer}\n"  # every offset moves
    question = "Siapa yang memimpin pembicaraan pertukaran tawanan di Jenewa?"
    fresh.add_document("jenewa.txt", old.encode())
    fresh.upkeep.indexer.index("jenewa.txt", Page(new))  # the store has the new version; the keyword index the old one
    stale = [ScoredChunk(chunk=c, score=s) for c, s in fresh.upkeep.keyword.search(question, 20)]
    assert stale and all(new[p.chunk.start : p.chunk.end] != p.chunk.text for p in stale)  # the window under test
    text_of = {content_hash(old): old, content_hash(new): new}
    for c in candidates(stale, fresh.store.sentences([p.chunk for p in stale])):
        assert text_of[c.chunk.hash][c.span.start : c.span.end] == c.text  # each version's sentences, its offsets
    fresh.upkeep.rebuild()
    cited = fresh.answer(question).citations
    assert cited and all(new[c.start : c.end] == c.text for c in cited)
