"""Ingest and delete while queries run, with real threads against a real store."""

import threading

from rag import build_pipeline
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
    assert not errors, errors[0]
    assert len(answered) >= 3
    assert len(pipeline.keyword) == pipeline.store.count()
    assert "jenewa.txt" not in {d.id for d in pipeline.documents()}
