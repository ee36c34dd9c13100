"""The chat page: layout and wiring. `api/app.py` mounts it at /ui with `mount_options`.

    ┌ chat: answers stream in, [n] chips, citation cards ┐ ┌ Sumber / Source │ Dokumen │ Linimasa     ┐
    │ question box with send · examples · settings (top-k) │ │ the whole article, cited span marked │
    └─────────────────────────────────────────────────────┘ └──────────────────────────────────────┘
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from rag import Pipeline, Settings, is_loopback
from ui import page, render
from ui.callbacks import Callbacks
from ui.timeline import EVERYONE

EXAMPLES = [
    "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?",
    "Apa yang disepakati AS dan Rusia di Riyadh?",
    "Who met in Miami to discuss ending the war?",
    "When did Trump and Putin talk on the phone?",
]


PLACEHOLDER = (
    "**Ajukan pertanyaan** tentang perundingan AS–Rusia, dalam bahasa Indonesia atau Inggris. "
    "Setiap jawaban mengutip artikelnya: klik penanda seperti **1** untuk membaca kutipan di dalam artikel.\n\n"
    "*Ask in Indonesian or English. Every answer quotes its articles: click a marker such as **1** "
    "to read the passage in its article.*"
)


def _key_hint(settings: Settings) -> str:
    """What the key field needs, under the same rules as rag.check_write_access."""
    if settings.keys:
        return "Wajib di server ini / Required on this server"
    if is_loopback(settings.host):
        return "Tidak perlu di server lokal / Not needed on a local server"
    return "Penambahan ditutup di server ini / Adding is closed on this server"


def build_ui(get_pipeline: Callable[[], Pipeline], settings: Settings) -> gr.Blocks:
    """The page's Blocks. `get_pipeline` is called inside callbacks only: the pipeline exists once the app runs."""
    cb = Callbacks(get_pipeline, settings)
    with gr.Blocks(title="Tanya Jawab Negosiasi / Negotiations Q&A", fill_width=True) as blocks:
        gr.Markdown(
            "# Tanya Jawab Negosiasi AS–Rusia · *US–Russia Negotiations Q&A*\n"
            "Jawaban dari lima artikel berita tentang perundingan untuk mengakhiri perang di Ukraina; "
            "setiap jawaban mengutip bagian artikelnya. *Answers come from five news articles on the talks "
            "to end the war in Ukraine; every answer quotes the passages it rests on.*",
            elem_classes="rag-header",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chatbot = gr.Chatbot(
                    label="Percakapan / Conversation",
                    show_label=False,  # a floating label would sit on top of the scrolled conversation
                    elem_id="rag-chat",
                    height="62vh",
                    layout="panel",
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                    placeholder=PLACEHOLDER,
                )
                question = gr.Textbox(
                    label="Pertanyaan / Question",
                    placeholder="mis. / e.g. Siapa yang mendampingi Marco Rubio di Riyadh?",
                    elem_id="rag-question",
                    lines=1,
                    max_lines=4,
                    submit_btn="Kirim / Send",
                    autofocus=True,
                )
                examples = gr.Dataset(
                    label="Contoh pertanyaan / Example questions",
                    components=[question],
                    samples=[[q] for q in EXAMPLES],
                    elem_id="rag-examples",
                )
                with gr.Accordion("Pengaturan / Settings", open=False):
                    top_k = gr.Slider(
                        1, settings.max_top_k, value=settings.top_k, step=1,
                        label="Bagian artikel yang dibaca / Passages to read (top-k)",
                    )
                answer_json = gr.JSON(visible="hidden", label="Answer")  # the Answer model, for API callers
            with gr.Column(scale=2, min_width=360):
                with gr.Tabs(selected="source") as tabs:
                    with gr.Tab("Sumber / Source", id="source"):
                        source = gr.HTML(
                            render.source_placeholder(), label="Sumber / Source", elem_id=page.SOURCE_VIEW_ID,
                            js_on_load=None,
                        )
                    with gr.Tab("Dokumen / Documents", id="documents"):
                        documents = gr.HTML(label="Dokumen / Documents", elem_id="rag-documents", js_on_load=None)
                        with gr.Accordion("Tambah artikel / Add an article", open=False):
                            # A plain form: the page script sends the file's bytes to POST /documents,
                            # under the API's own rules. No Gradio file component exists on this page.
                            gr.HTML(render.upload_form(settings.upload_suffixes, _key_hint(settings)),
                                    elem_id=page.UPLOAD_ID, js_on_load=None)
                    with gr.Tab("Linimasa / Timeline", id="timeline") as timeline_tab:
                        person = gr.Dropdown(  # choices filled on load; a typed name or surname filters too
                            [EVERYONE], value=EVERYONE, label="Tokoh / Person", elem_id="rag-person",
                            filterable=True, allow_custom_value=True,
                        )
                        timeline = gr.HTML(label="Linimasa / Timeline", elem_id="rag-timeline", js_on_load=None)
        # Where a clicked citation points; filled by the page script (ui/page.py), never typed.
        target = gr.Textbox(visible="hidden")
        open_source = gr.Button(visible="hidden", elem_id=page.OPEN_BUTTON_ID)
        refresh_documents = gr.Button(visible="hidden", elem_id=page.REFRESH_BUTTON_ID)  # after an upload
        # The conversation lives on the server, per session: the chat pane is output only, so no
        # client-sent message (which Gradio would search for file references) is ever read back.
        conversation = gr.State([])

        # A question is checked first, by a step without outputs: a rejection is then a message only,
        # with no error overlay on the chat. The chat shows its own "searching…" turn while it works.
        inputs, outputs = [question, conversation, top_k], [question, chatbot, answer_json, conversation]
        chat = dict(fn=cb.chat, inputs=inputs, outputs=outputs, show_progress="hidden",
                    concurrency_limit=settings.max_concurrent_answers, concurrency_id="answers")
        question.submit(cb.check, inputs, None, api_visibility="private", show_progress="hidden").success(
            **chat, api_name="chat"
        )
        examples.click(lambda sample: sample[0], examples, question, api_visibility="private").then(
            **chat, api_visibility="private"
        )
        chatbot.clear(cb.clear, None, [source, answer_json, conversation], api_visibility="private")
        open_source.click(
            cb.open_source, target, [source, tabs], js="(t) => window.ragSourceTarget || t", api_name="source",
            show_progress="hidden"
        ).then(None, js=page.SCROLL_TO_MARK)
        refresh_documents.click(cb.documents, None, documents, api_name="refresh_documents", api_visibility="private",
                                show_progress="hidden")
        blocks.load(cb.documents, None, documents, api_name="documents")
        # The timeline follows the store: it is read again whenever the tab is opened or the filter changes.
        blocks.load(cb.people, None, person, api_visibility="private")
        timeline_tab.select(cb.timeline, person, timeline, api_name="timeline", show_progress="hidden")
        person.input(cb.timeline, person, timeline, api_visibility="private", show_progress="hidden")
    return blocks


def mount_options(settings: Settings) -> dict:
    """Keyword arguments for `gr.mount_gradio_app`: in Gradio 6 it, not `gr.Blocks`, owns theme, CSS and head.

    Without them the mount would fall back to the default theme and drop the page script."""
    return {
        "theme": page.theme(),
        "css": page.CSS,
        "head": page.HEAD,
        "footer_links": ["api"],
        "run_history": False,
        "max_file_size": 1,  # nothing is uploaded through Gradio (api/guard.py refuses its upload route too)
        "ssr_mode": False,
        "show_error": False,  # only gr.Error messages reach the page; anything unexpected stays generic
        "pwa": False,
    }
