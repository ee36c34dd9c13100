"""The Timeline tab's HTML: dates at their precision, escaping, citations that open the source view."""

from __future__ import annotations

from rag import TimelineEvent
from tests.ui.test_render import citation, link_target, strip_tags
from ui import timeline


def event(**kw) -> TimelineEvent:
    fields = dict(
        id="e1", date="2025-02-18", precision="day", earliest="2025-02-18", latest="2025-02-18",
        description="Delegasi AS dan Rusia bertemu di Riyadh.", people=["Marco Rubio"], places=["Riyadh"],
        citations=[citation(1), citation(2, source="003_b.txt", start=40, end=63)],
    )
    return TimelineEvent(**(fields | kw))


def test_dates_follow_their_precision():
    assert timeline.date_label(event()) == "18 Februari 2025"
    assert timeline.date_label(event(date="2025-12", precision="month", earliest="2025-12-01", latest="2025-12-31")) \
        == "Desember 2025"
    week = event(date="2025-02-10", precision="approximate", earliest="2025-02-10", latest="2025-02-16")
    assert timeline.date_label(week) == "± 10–16 Februari 2025"
    across = event(date="2025-01-27", precision="approximate", earliest="2025-01-27", latest="2025-02-02")
    assert timeline.date_label(across) == "± 27 Januari 2025 – 2 Februari 2025"


def test_event_opens_to_every_citation_with_a_link_to_its_passage():
    html = timeline.event_html(event())
    assert html.count('class="rag-cite"') == 2 and "2 artikel / articles" in html
    assert "<details>" in html and "<summary>" in html
    target = link_target(html[html.index('class="rag-cite"'):])
    assert target == {"source": "001_a.txt", "start": "10", "end": "33", "marker": "1"}
    assert "Tokoh / People: Marco Rubio" in strip_tags(html) and "Tempat / Places: Riyadh" in strip_tags(html)


def test_text_from_articles_is_escaped():
    evil = event(description="<script>alert(1)</script> & co", people=["<b>X</b>"])
    html = timeline.timeline_html([evil])
    assert "<script>" not in html and "<b>X</b>" not in html
    assert "<script>alert(1)</script> & co" in strip_tags(html)


def test_events_keep_their_order_and_an_empty_list_says_so():
    first, second = event(id="a", description="Pertama."), event(id="b", description="Kedua.")
    html = timeline.timeline_html([first, second])
    assert html.index("Pertama.") < html.index("Kedua.")
    assert "Belum ada peristiwa bertanggal untuk / for Nobody" in timeline.timeline_html([], "Nobody")
