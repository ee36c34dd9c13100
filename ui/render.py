"""HTML for the chat page: answers with citation chips, citation cards, the source view, the document list.

Pure functions of the core's models. Every piece of text that comes from an article, an answer
or a user is escaped here; the chat pane and the source view show these strings as they are.
Links to a source carry their target in the href (`source_link`); a page script (`ui/page.py`)
turns a click on one into a request for the source view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote, urlencode

from rag import Answer, Citation, DocumentDetail, DocumentInfo, month_name

SOURCE_LINK = "#rag-source?"  # the page script opens the source view for links that start so
_MARKER = re.compile(r"\[(\d+)\]")


# Headings inside an answer follow the question's language.
_WORDS = {
    "id": {
        "sources": "Sumber",
        "open": "Lihat di artikel",
        "not_found": "Tidak ditemukan di artikel",
        "open_title": "Buka artikel dengan kutipan [{n}] disorot",
    },
    "en": {
        "sources": "Sources",
        "open": "Show in the article",
        "not_found": "Not found in the articles",
        "open_title": "Open the article with citation [{n}] highlighted",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["id"])


def format_date(iso: str | None, language: str = "id") -> str:
    """'2025-02-18' -> '18 Februari 2025' (or 'February'); anything else is returned as it is."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not m or not 1 <= int(m[2]) <= 12:
        return iso
    return f"{int(m[3])} {month_name(int(m[2]), language)} {m[1]}"


def source_link(source: str, start: int | None = None, end: int | None = None, marker: int | None = None) -> str:
    """The href (escaped for an attribute) of anything that opens the source view: "#rag-source?source=…&start=…".

    The target travels in the href because the chat pane's sanitiser keeps links but drops data-* attributes."""
    query = {"source": source}
    if start is not None and end is not None:
        query |= {"start": str(int(start)), "end": str(int(end))}
    if marker is not None:
        query["marker"] = str(int(marker))
    return escape(SOURCE_LINK + urlencode(query, quote_via=quote), quote=True)


def _brackets(marker: int) -> str:
    """'[n]' with the brackets hidden by CSS: the chip shows n, the text still reads [n] (see ui/history.py)."""
    return f'<span class="rag-bracket">[</span>{int(marker)}<span class="rag-bracket">]</span>'


def chip(citation: Citation, language: str = "id") -> str:
    """A clickable [n] marker that opens the cited passage in its article."""
    title = escape(_words(language)["open_title"].format(n=citation.marker), quote=True)
    return (
        f'<a class="rag-chip" href="{source_link(citation.source, citation.start, citation.end, citation.marker)}" '
        f'role="button" title="{title}">{_brackets(citation.marker)}</a>'
    )


def answer_text_html(text: str, citations: Sequence[Citation], language: str = "id") -> str:
    """The answer text, escaped, with each [n] that has a citation turned into a chip."""
    by_marker = {c.marker: c for c in citations}
    out, last = [], 0
    for m in _MARKER.finditer(text):
        cited = by_marker.get(int(m[1]))
        if cited is None:
            continue
        out.append(escape(text[last : m.start()]))
        out.append(chip(cited, language))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def byline(title: str | None, outlet: str | None, date: str | None, fallback: str, language: str = "id") -> str:
    """'<b>Title</b> · Outlet · 18 Februari 2025', leaving out what the article does not state."""
    parts = [f'<span class="rag-title">{escape(title or fallback)}</span>']
    parts += [f"<span>{escape(p)}</span>" for p in (outlet, format_date(date, language)) if p]
    return '<span class="rag-sep"> · </span>'.join(parts)


def citation_card(citation: Citation, language: str = "id") -> str:
    """One cited passage: its marker, where it comes from, the quoted text, a link to the article."""
    w = _words(language)
    return (
        f'<li class="rag-cite" id="rag-cite-{citation.marker}">'
        f"{chip(citation, language)}"
        f'<div class="rag-cite-body">'
        f'<div class="rag-cite-meta">{byline(citation.title, citation.outlet, citation.date, citation.source, language)}</div>'
        f'<blockquote class="rag-quote">{escape(citation.text)}</blockquote>'
        f'<a class="rag-open" href="{source_link(citation.source, citation.start, citation.end, citation.marker)}" '
        f"role=\"button\">{escape(w['open'])} →</a>"
        f"</div></li>"
    )


def citations_html(citations: Sequence[Citation], language: str = "id") -> str:
    if not citations:
        return ""
    cards = "".join(citation_card(c, language) for c in sorted(citations, key=lambda c: c.marker))
    return (
        f'<div class="rag-sources"><div class="rag-sources-head">{escape(_words(language)["sources"])}</div>'
        f'<ol class="rag-cites">{cards}</ol></div>'
    )


def answer_html(answer: Answer, note: str = "") -> str:
    """A finished answer as one chat message: the text with chips, `note` (HTML), then its citations.

    An abstention is a note, not an error: the articles simply do not say."""
    if answer.abstained:
        w = _words(answer.language)
        return (
            f'<div class="rag-answer rag-abstained"><div class="rag-abstain-head">{escape(w["not_found"])}</div>'
            f'<p class="rag-text">{escape(answer.answer)}</p></div>'
        )
    return (
        f'<div class="rag-answer"><p class="rag-text">'
        f"{answer_text_html(answer.answer, answer.citations, answer.language)}</p>"
        f"{note or verification_note(answer.metadata)}"
        f"{citations_html(answer.citations, answer.language)}</div>"
    )


def draft_html(draft: Answer, words: int = 0) -> str:
    """The extractive answer shown while the LLM writes its own: the quote stands until the LLM's
    answer is verified. The LLM's unverified words are counted, never shown."""
    progress = f" ({words} kata / words)" if words else ""
    note = ('<div class="rag-verify rag-writing"><span class="rag-dots"></span> '
            f"LLM sedang menulis jawaban{progress}; sementara ini kutipan dari artikel. "
            "<i>The LLM is writing its answer; until it is verified, this quotes the articles.</i></div>")
    return answer_html(draft, note)


def verification_note(metadata: dict) -> str:
    """What the LLM answerer's check did, when it did something worth knowing; empty otherwise."""
    removed, fallback = metadata.get("removed_sentences") or 0, metadata.get("fallback")
    if fallback:
        return ('<div class="rag-verify">Jawaban LLM tidak dipakai; jawaban dikutip langsung dari artikel. '
                f"<i>LLM answer not used ({escape(str(fallback))}): the answer quotes the articles.</i></div>")
    if removed:
        return (f'<div class="rag-verify">{int(removed)} kalimat tanpa dukungan sumber dihapus. '
                f"<i>{int(removed)} unsupported sentence(s) removed by verification.</i></div>")
    return ""


def partial_html(text: str, citations: Sequence[Citation], language: str = "id") -> str:
    """An answer still streaming in: the text so far with its chips and a cursor."""
    return (
        f'<div class="rag-answer rag-streaming"><p class="rag-text">'
        f'{answer_text_html(text, citations, language)}<span class="rag-cursor">▍</span></p></div>'
    )


def pending_html() -> str:
    """Shown while the pipeline reads the articles, before the first word arrives."""
    return '<div class="rag-answer rag-pending"><span class="rag-dots"></span> Mencari di artikel… / Searching the articles…</div>'


def question_html(question: str) -> str:
    """The user's turn, shown as typed (escaped: the chat pane renders HTML)."""
    return f'<div class="rag-question">{escape(question).replace(chr(10), "<br>")}</div>'


def highlighted_text(text: str, start: int | None, end: int | None) -> str:
    """`text` escaped, with text[start:end] in a <mark>. Offsets index the raw text, so slice before escaping.

    Offsets outside the text, or an empty span, give the text without a highlight."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return escape(text)
    return (
        f"{escape(text[:start])}<mark id=\"rag-cited\">{escape(text[start:end])}</mark>{escape(text[end:])}"
    )


def cleaned_article(text: str, story: Sequence[tuple[int, int]], start: int | None, end: int | None) -> str:
    """The story blocks of `text` (link-bait and bylines left out), escaped, with text[start:end] marked.

    A citation always lies inside one block, so the highlight is applied per block on raw offsets."""
    parts = []
    for a, b in story:
        inside = start is not None and end is not None and a <= start < end <= b
        parts.append(highlighted_text(text[a:b], start - a, end - a) if inside else escape(text[a:b]))
    return "\n\n".join(parts)


def source_html(doc: DocumentDetail, start: int | None = None, end: int | None = None, marker: int | None = None) -> str:
    """The whole cleaned article with the cited span highlighted; the page scrolls the <mark> into view."""
    label = f'<span class="rag-chip rag-chip-static">{int(marker)}</span> ' if marker is not None else ""
    meta = [escape(p) for p in (doc.outlet, format_date(doc.date)) if p]
    meta.append(f'<span class="rag-source-id">{escape(doc.id)}</span>')
    return (
        f'<div class="rag-source">'
        f'<div class="rag-source-head"><div class="rag-source-title">{label}{escape(doc.title or doc.id)}</div>'
        f'<div class="rag-source-meta">{" · ".join(meta)}</div></div>'
        f'<div class="rag-source-text">{cleaned_article(doc.text, doc.story, start, end)}</div></div>'
    )


def source_placeholder() -> str:
    return (
        '<div class="rag-source rag-source-empty">Klik penanda kutipan seperti <span class="rag-chip rag-chip-static">1</span> '
        "pada jawaban untuk membaca artikel lengkapnya di sini, dengan kutipan disorot.<br>"
        "<i>Click a citation marker in an answer to read the whole article here, with the passage highlighted.</i></div>"
    )


def documents_html(docs: Iterable[DocumentInfo]) -> str:
    """The indexed articles; a click on a title opens the article in the source view."""
    rows = "".join(
        f'<tr><td><a class="rag-doc" href="{source_link(d.id)}" role="button">{escape(d.title or d.id)}</a>'
        f'<div class="rag-source-id">{escape(d.id)}</div></td>'
        f"<td>{escape(d.outlet or '—')}</td><td>{escape(format_date(d.date) or '—')}</td><td>{d.chunks}</td></tr>"
        for d in docs
    )
    if not rows:
        return '<div class="rag-docs-empty">Belum ada artikel yang diindeks. / No articles are indexed yet.</div>'
    return (
        '<table class="rag-docs"><thead><tr><th>Judul / Title</th><th>Media / Outlet</th>'
        f"<th>Tanggal / Date</th><th>Bagian / Chunks</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def upload_form(suffixes: Sequence[str], key_hint: str) -> str:
    """The add-an-article form. The page script (ui/page.py) posts the chosen file's bytes to
    POST /documents with the key, and writes the outcome into the status line as text."""
    accept = escape(",".join(suffixes), quote=True)
    return (
        '<form class="rag-upload" id="rag-upload-form">'
        f'<label>Berkas artikel / Article file ({escape(", ".join(suffixes))})'
        f'<input type="file" id="rag-upload-file" accept="{accept}"></label>'
        '<label>Kunci API / API key'
        f'<input type="password" id="rag-upload-key" autocomplete="off" placeholder="{escape(key_hint, quote=True)}">'
        "</label>"
        '<button type="submit" class="rag-upload-button">Tambahkan / Add</button>'
        '<div id="rag-upload-status" role="status" aria-live="polite"></div></form>'
    )
