"""The HTML the page shows: escaping, highlight offsets, citation links, abstention."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs

import pytest

from rag import Answer, Citation, DocumentDetail, DocumentInfo
from ui import render


def strip_tags(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def citation(marker: int = 1, **kw) -> Citation:
    fields = dict(
        marker=marker, source="001_a.txt", title="AS-Rusia Sepakati", outlet="Pahami.id", date="2025-02-18",
        text="Rubio didampingi Waltz.", start=10, end=33, score=0.9,
    )
    return Citation(**(fields | kw))


def link_target(html: str) -> dict[str, str]:
    href = unescape(re.search(r'href="([^"]+)"', html)[1])
    assert href.startswith(render.SOURCE_LINK)
    return {k: v[0] for k, v in parse_qs(href[len(render.SOURCE_LINK):]).items()}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("<b>Rubio</b> & Lavrov <script>alert(1)</script> bertemu.", 13, 21),
        ("Harga \"naik\" < 5% & 'turun' > 3%", 0, 12),
        ("tail <i>here</i>", 5, 16),
    ],
)
def test_highlight_marks_the_raw_span_and_escapes_everything(text, start, end):
    html = render.highlighted_text(text, start, end)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", html, re.S)[1]
    assert unescape(marked) == text[start:end]  # offsets index the raw text, not the escaped one
    assert strip_tags(html) == text


@pytest.mark.parametrize(("start", "end"), [(None, None), (5, 5), (8, 3), (-1, 4), (0, 10_000)])
def test_offsets_that_do_not_fit_give_no_highlight(start, end):
    html = render.highlighted_text("Rubio & Lavrov", start, end)
    assert "<mark" not in html and html == "Rubio &amp; Lavrov"


def test_chips_replace_only_markers_with_a_citation():
    html = render.answer_text_html("Waltz <ikut> [1], lainnya [7].", [citation(1)])
    assert html.count('class="rag-chip"') == 1
    assert strip_tags(html) == "Waltz <ikut> [1], lainnya [7]."  # the chip hides its brackets with CSS
    assert "&lt;ikut&gt;" in html
    assert link_target(html) == {"source": "001_a.txt", "start": "10", "end": "33", "marker": "1"}


def test_source_link_survives_awkward_file_names():
    html = render.chip(citation(source='a&b "x" <y>.txt'))
    assert link_target(html)["source"] == 'a&b "x" <y>.txt'
    assert "<y>" not in html


def test_citation_card_shows_title_outlet_date_and_the_escaped_passage():
    html = render.citation_card(citation(text="Kata <em>Rubio</em> & Waltz"))
    text = strip_tags(html)
    assert "AS-Rusia Sepakati" in text and "Pahami.id" in text and "18 Februari 2025" in text
    assert "Kata <em>Rubio</em> & Waltz" in text and "<em>" not in html


def test_citation_card_leaves_out_what_the_article_does_not_state():
    html = render.citation_card(citation(title=None, outlet=None, date=None))
    assert "001_a.txt" in strip_tags(html)  # the source id stands in for a missing title
    assert "None" not in html


def test_answer_lists_its_citations_in_marker_order_under_the_text():
    answer = Answer(answer="A [2]. B [1].", abstained=False, citations=[citation(2), citation(1)], language="en")
    html = render.answer_html(answer)
    assert html.index('id="rag-cite-1"') < html.index('id="rag-cite-2"')
    assert "Sources" in html and "rag-abstained" not in html


@pytest.mark.parametrize(("language", "note"), [("id", "Tidak ditemukan di artikel"), ("en", "Not found in the articles")])
def test_abstention_is_a_note_not_an_error(language, note):
    answer = Answer(answer="Maaf, tidak ditemukan.", abstained=True, citations=[], language=language)
    html = render.answer_html(answer)
    assert "rag-abstained" in html and note in html and "rag-chip" not in html


def test_user_question_is_escaped():
    assert render.question_html("<img src=x onerror=alert(1)>") == (
        '<div class="rag-question">&lt;img src=x onerror=alert(1)&gt;</div>'
    )


@pytest.mark.parametrize(
    ("iso", "language", "shown"),
    [("2025-02-18", "id", "18 Februari 2025"), ("2025-12-01", "en", "1 December 2025"), ("Feb 2025", "id", "Feb 2025"),
     (None, "id", "")],
)
def test_format_date(iso, language, shown):
    assert render.format_date(iso, language) == shown


def test_documents_table_escapes_and_links_each_article():
    docs = [DocumentInfo(id="x.txt", title="<b>Judul</b>", outlet=None, date="2025-02-12", chunks=3, hash="h")]
    html = render.documents_html(docs)
    assert "&lt;b&gt;Judul&lt;/b&gt;" in html and "12 Februari 2025" in html
    assert link_target(html) == {"source": "x.txt"}
    assert "No articles" in render.documents_html([])


def test_source_view_of_a_real_citation_marks_exactly_the_cited_text(pipeline):
    answer = pipeline.answer("Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?")
    cited = answer.citations[0]
    doc = pipeline.document(cited.source)
    html = render.source_html(doc, cited.start, cited.end, cited.marker)
    assert unescape(re.search(r"<mark[^>]*>(.*?)</mark>", html, re.S)[1]) == cited.text
    # The article is shown cleaned: link-bait lines are left out.
    assert strip_tags(html).endswith(doc.cleaned_text)
    assert "Mungkin Anda Menyukai" in doc.text and "Mungkin Anda Menyukai" not in strip_tags(html)


def test_source_view_without_offsets_shows_the_article_unmarked():
    doc = DocumentDetail(id="d.txt", chunks=1, hash="h", text="a < b", story=[(0, 5)], cleaned_text="a < b")
    html = render.source_html(doc)
    assert "<mark" not in html and "a &lt; b" in html and "d.txt" in html


def test_cleaned_article_leaves_out_link_bait_and_keeps_the_highlight():
    from ui.render import cleaned_article

    text = "Judul\n\nKalimat satu & dua.\nBACA JUGA: lain\nKalimat tiga."
    first, last = text.index("Kalimat satu"), text.index("Kalimat tiga")
    story = [(0, text.index("\nBACA")), (last, len(text))]
    html = cleaned_article(text, story, first, text.index("\nBACA"))
    assert "BACA JUGA" not in html
    assert '<mark id="rag-cited">Kalimat satu &amp; dua.</mark>' in html
    assert html.endswith("Kalimat tiga.")


def test_verification_outcomes_are_shown():
    from rag import Answer
    from ui.render import answer_html

    base = dict(answer="Teks [1].", abstained=False, language="id", citations=[])
    assert "rag-verify" not in answer_html(Answer(**base, metadata={"answerer": "extractive"}))
    assert "2 kalimat" in answer_html(Answer(**base, metadata={"answerer": "llm", "removed_sentences": 2}))
    fell_back = answer_html(Answer(**base, metadata={"answerer": "extractive", "fallback": "<timeout>"}))
    assert "LLM answer not used (&lt;timeout&gt;)" in fell_back
