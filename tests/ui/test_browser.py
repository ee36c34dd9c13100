"""The chat page in real headless Chromium: ask, read the cited answer, open the passage in its article.

Runs Debian's Chromium (tests/install_browser.sh) through Playwright; never a downloaded browser.
Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import ROOT, source_text

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
QUESTION = "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():  # a failure, not a skip: the page must be checked in a real browser
        pytest.fail("no /usr/bin/chromium: install Debian's chromium (bash tests/install_browser.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page that records every request it makes and every script error it meets."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    page.requests, page.errors = [], []
    context.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(20_000)
    page.goto(live_server + "/ui/")
    yield page
    context.close()


def ask(page, question: str):
    """Type a question, send it, and wait until its answer has finished streaming."""
    answers = page.locator("#rag-chat .rag-answer")
    before = answers.count()
    page.locator("#rag-question textarea").fill(question)
    page.get_by_role("button", name="Kirim / Send").click()
    finished = page.locator("#rag-chat .rag-answer:not(.rag-pending):not(.rag-streaming)").nth(before)
    finished.wait_for()
    return finished


def test_ask_read_the_citation_and_open_it_in_the_article(page, live_server):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    answer = ask(page, QUESTION)

    # The answer quotes the article and ties each [n] to a citation card under it.
    chip = answer.locator(".rag-text a.rag-chip").first
    expect(chip).to_be_visible()
    card = answer.locator("li.rag-cite").first
    expect(card.locator(".rag-title")).to_have_text("AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan")
    expect(card.locator(".rag-cite-meta")).to_contain_text("AS-Rusia")  # the page states no date: none is shown
    quote = card.locator(".rag-quote").text_content()
    assert "Mike Waltz" in quote
    page.screenshot(path=str(ARTIFACTS / "ui-answer.png"))

    # The documents tab lists the five articles.
    page.get_by_role("tab", name="Dokumen / Documents").click()
    expect(page.locator("#rag-documents table.rag-docs tbody tr")).to_have_count(5)

    # Clicking the chip switches to the source view with exactly the cited span marked, in view.
    target = {k: v[0] for k, v in parse_qs(chip.get_attribute("href").split("?", 1)[1]).items()}
    chip.click()
    mark = page.locator("#rag-source-view mark")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    cited = source_text(target["source"])[int(target["start"]) : int(target["end"])]
    assert mark.text_content() == cited == quote
    page.wait_for_timeout(1300)  # let the highlight's flash settle before the screenshot
    page.screenshot(path=str(ARTIFACTS / "ui-source.png"))

    # A document's title opens the whole article, with nothing marked.
    page.get_by_role("tab", name="Dokumen / Documents").click()
    page.locator("#rag-documents a.rag-doc").nth(2).click()
    expect(page.locator("#rag-source-view .rag-source-title")).to_have_text(
        "Berita AS dan Rusia Bertemu di Miami Bahas Akhiri Perang Ukraina"
    )
    expect(page.locator("#rag-source-view mark")).to_have_count(0)

    # An example question runs at a click; English questions get English headings.
    before = page.locator("#rag-chat .rag-answer").count()
    page.locator("#rag-examples").get_by_text("Who met in Miami to discuss ending the war?").click()
    example = page.locator("#rag-chat .rag-answer:not(.rag-pending):not(.rag-streaming)").nth(before)
    expect(example.locator(".rag-sources-head")).to_have_text("Sources")

    # A rejected question is a short message; the chat is left as it was.
    turns = page.locator("#rag-chat .rag-question").count()
    page.locator("#rag-question textarea").fill("   ")
    page.get_by_role("button", name="Kirim / Send").click()
    expect(page.locator(".toast-body")).to_contain_text("question must not be empty")
    expect(page.locator("#rag-chat .rag-question")).to_have_count(turns)
    page.locator(".toast-body [data-testid=toast-close]").click()

    # A question the articles cannot answer is a note in the chat, not an error.
    abstained = ask(page, "What is the recipe for rendang?")
    expect(abstained).to_have_class("rag-answer rag-abstained")
    expect(abstained).to_contain_text("Not found in the articles")
    expect(page.locator(".toast-body")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "ui-abstained.png"))

    # Everything the page loaded came from this machine.
    assert page.requests
    off_machine = [u for u in page.requests if urlparse(u).scheme not in ("data", "blob")
                   and urlparse(u).hostname != "127.0.0.1"]
    assert off_machine == []
    assert page.errors == []


def test_timeline_tab_lists_events_in_order_and_opens_their_passages(page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.get_by_role("tab", name="Linimasa / Timeline").click()
    events = page.locator("#rag-timeline li.rag-event")
    events.first.wait_for()
    assert events.count() >= 5

    # The Riyadh meeting of 18 February 2025 is one event, reported by several articles.
    riyadh = events.filter(has_text="Riyadh").filter(has=page.locator(".rag-event-date", has_text="18 Februari 2025"))
    expect(riyadh).to_have_count(1)
    expect(riyadh.locator(".rag-event-count")).not_to_have_text("1 artikel / article")
    riyadh.locator("summary").click()
    cards = riyadh.locator("li.rag-cite")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2
    riyadh.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "ui-timeline.png"))

    # A citation opens its article with exactly the quoted passage marked.
    link = cards.nth(1).locator("a.rag-open")
    target = {k: v[0] for k, v in parse_qs(link.get_attribute("href").split("?", 1)[1]).items()}
    quote = cards.nth(1).locator(".rag-quote").text_content()
    link.click()
    mark = page.locator("#rag-source-view mark")
    expect(mark).to_be_in_viewport()
    assert mark.text_content() == source_text(target["source"])[int(target["start"]) : int(target["end"])] == quote

    # The person filter narrows the list to events that name the person.
    page.get_by_role("tab", name="Linimasa / Timeline").click()
    total = events.count()
    page.locator("#rag-person input").click()
    page.get_by_role("option", name="Kirill Dmitriev").click()
    expect(events.first).to_contain_text("Dmitriev")
    expect(events).not_to_have_count(total)
    assert page.errors == []
