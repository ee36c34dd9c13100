from datetime import date, timedelta

import pytest

from rag.ingest import boilerplate as clean
from rag.errors import NotFound
from rag.ingest.indexer import content_hash
from rag.text.tokens import Tokenizer
from rag.models import DocumentInfo
from rag.insights.timeline import Timeline
from tests.conftest import SEEDS, source_text
from tests.gold_timeline import ANCHORS, DATES, MERGED, SINGLE

# A new outlet's report of the Riyadh meeting, in the seeds' style (a dateline lead, a weekday-anchored date).
RIYADH_AGAIN = (
    "Diplomat AS dan Rusia Bertemu di Arab Saudi\n\n"
    "Riyadh: Menteri Luar Negeri AS Marco Rubio dan Menteri Luar Negeri Rusia Sergey Lavrov bertemu di Riyadh "
    "pada Selasa (18/2/2025) untuk membahas pemulihan hubungan kedua negara. Kedua delegasi sepakat bertemu lagi.\n"
)
JENEWA = (
    "Perundingan Damai Berlanjut di Jenewa\n\n"
    "Delegasi Rusia dan Ukraina bertemu di Jenewa pada Kamis (5/3/2026) untuk membahas pertukaran tawanan. "
    "Juru runding Finlandia, Aino Virtanen, memimpin pertemuan tersebut dan menyebut suasananya tenang.\n"
)


def info(doc_id: str, text: str) -> DocumentInfo:
    parsed = clean.parse(text)
    return DocumentInfo(id=doc_id, title=parsed.title, outlet=parsed.outlet, date=parsed.date, chunks=0,
                        hash=content_hash(text))


SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
SEED_INFOS = [info(name, text) for name, text in SEED_TEXTS.items()]


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    built = Timeline(Tokenizer())
    built.refresh(SEED_INFOS, SEED_TEXTS.__getitem__)
    return built


def window(iso: str, precision: str) -> tuple[date, date]:
    if precision == "month":
        first = date.fromisoformat(iso + "-01")
        return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    day = date.fromisoformat(iso)
    return (day, day) if precision == "day" else (day, day + timedelta(days=10))


def test_each_article_is_read_against_its_anchor(timeline):
    assert {k: v.isoformat() for k, v in timeline.anchors.items()} == ANCHORS


@pytest.mark.parametrize(("source", "expression", "expected", "precision"), DATES)
def test_gold_dates_place_their_sentences(timeline, source, expression, expected, precision):
    """The event citing the sentence of each gold expression lies within the gold date (merging may narrow it)."""
    lo, hi = window(expected, precision)
    citing = [e for e in timeline.events() for c in e.citations if c.source == source and expression in c.text]
    assert citing, f"no event cites the sentence with {expression!r}"
    assert any(lo <= date.fromisoformat(e.earliest) and date.fromisoformat(e.latest) <= hi for e in citing), [
        (e.date, e.precision) for e in citing
    ]


@pytest.mark.parametrize("gold", MERGED, ids=[g["what"] for g in MERGED])
def test_events_are_merged_across_articles(timeline, gold):
    found = [e for e in timeline.events() if e.date == gold["date"] and e.precision == gold["precision"]]
    assert len(found) == 1, [(e.date, e.description[:60]) for e in found]
    event = found[0]
    assert {c.source for c in event.citations} >= gold["sources"]
    assert set(event.places) >= gold["places"] and set(event.people) >= gold["people"]


@pytest.mark.parametrize("gold", SINGLE, ids=[g["what"] for g in SINGLE])
def test_single_reports(timeline, gold):
    event = next(e for e in timeline.events() if e.date == gold["date"] and e.precision == "day")
    assert {c.source for c in event.citations} == {gold["source"]}
    assert set(event.places) >= gold.get("places", set()) and set(event.people) >= gold.get("people", set())


def test_people_named_only_inside_a_role_are_not_participants(timeline):
    miami = next(e for e in timeline.events() if e.date == "2025-12-20")
    assert "Vladimir Putin" not in miami.people and "Donald Trump" not in miami.people


def test_every_citation_is_exact_and_events_are_in_order(timeline):
    events = timeline.events()
    assert len(events) >= 10
    assert [e.earliest for e in events] == sorted(e.earliest for e in events)
    assert len({e.id for e in events}) == len(events)
    for e in events:
        assert e.description == e.citations[0].text
        assert [c.marker for c in e.citations] == list(range(1, len(e.citations) + 1))
        assert e.earliest <= e.latest and e.date.startswith(e.earliest[:7])
        for c in e.citations:
            assert source_text(c.source)[c.start : c.end] == c.text


def test_filters(timeline):
    february = timeline.events(date(2025, 2, 15), date(2025, 2, 20))
    assert {e.date for e in february} >= {"2025-02-18"} and "2025-02-12" not in {e.date for e in february}
    assert all(e.latest >= "2025-02-15" and e.earliest <= "2025-02-20" for e in february)
    lavrov = timeline.events(person="Sergey Lavrov")
    assert lavrov and lavrov == timeline.events(person="Sergei Lavrov") == timeline.events(person="lavrov")
    assert all("Sergei Lavrov" in e.people for e in lavrov)
    assert timeline.events(person="Michael Waltz") == timeline.events(person="Mike Waltz") != []
    assert timeline.events(person="Nobody Atall") == []


def test_refresh_reads_only_new_content(timeline):
    reads: list[str] = []

    def text_of(doc_id: str) -> str:
        reads.append(doc_id)
        return {**SEED_TEXTS, "riyadh.txt": RIYADH_AGAIN}[doc_id]

    fresh = Timeline(Tokenizer())
    fresh.refresh(SEED_INFOS, text_of)
    assert sorted(reads) == sorted(SEED_TEXTS)
    reads.clear()
    fresh.refresh(SEED_INFOS, text_of)
    assert reads == []
    fresh.refresh([*SEED_INFOS, info("riyadh.txt", RIYADH_AGAIN)], text_of)
    assert reads == ["riyadh.txt"]
    assert ("riyadh.txt", content_hash(RIYADH_AGAIN)) in fresh.cached

    # The new outlet's report joins the Riyadh meeting instead of becoming an event of its own.
    riyadh = [e for e in fresh.events() if e.date == "2025-02-18"]
    assert len(riyadh) == 1 and "riyadh.txt" in {c.source for c in riyadh[0].citations}
    lavrov = next(p for p in fresh.people() if {"Sergei Lavrov", "Sergey Lavrov"} <= set(p.variants))  # one person
    assert {"Marco Rubio", lavrov.name} <= set(riyadh[0].people)
    assert "riyadh.txt" in {c.source for c in lavrov.citations}

    fresh.refresh(SEED_INFOS, text_of)
    assert all(doc_id != "riyadh.txt" for doc_id, _ in fresh.cached)
    assert fresh.events() == timeline.events()


def test_a_document_that_cannot_be_read_is_left_out(timeline, caplog):
    def text_of(doc_id: str) -> str:
        if doc_id == "gone.txt":
            raise NotFound("no document with id 'gone.txt'")
        return SEED_TEXTS[doc_id]

    partial = Timeline(Tokenizer())
    partial.refresh([*SEED_INFOS, info("gone.txt", JENEWA)], text_of)
    assert partial.events() == timeline.events()
    assert "gone.txt" in caplog.text


def test_the_pipeline_serves_the_same_timeline(pipeline, timeline):
    def key(events):
        return [(e.date, e.precision, e.description, [(c.source, c.start, c.end) for c in e.citations]) for e in events]

    assert key(pipeline.timeline()) == key(timeline.events())
    assert [p.name for p in pipeline.people()] == [p.name for p in timeline.people()]


def test_the_timeline_follows_writes(fresh):
    assert fresh.timeline() == [] and fresh.people() == []
    doc = fresh.add_document("jenewa.txt", JENEWA.encode())
    assert doc.created
    events = fresh.timeline()
    assert [(e.date, e.precision) for e in events] == [("2026-03-05", "day")]
    assert events[0].places == ["Jenewa"] and "Jenewa pada Kamis (5/3/2026)" in events[0].description
    assert JENEWA[events[0].citations[0].start : events[0].citations[0].end] == events[0].citations[0].text
    person = fresh.people()[0]
    assert person.name == "Aino Virtanen" and [r.title for r in person.roles] == ["Juru runding Finlandia"]
    fresh.delete_document("jenewa.txt")
    assert fresh.timeline() == [] and fresh.people() == [] and fresh.upkeep.insights.cached == set()
