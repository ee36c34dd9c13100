"""What the page loads besides Gradio's own bundle: theme, CSS and one small script. All of it is local.

The theme names only fonts that Gradio serves from its own static folder, so the page never
asks Google Fonts (or any other host) for anything.
"""

from __future__ import annotations

import gradio as gr

from ui.render import SOURCE_LINK

# The hidden button the script clicks, and the hidden box it fills, to open the source view.
OPEN_BUTTON_ID = "rag-open-source"
SOURCE_VIEW_ID = "rag-source-view"
# The add-an-article form (ui/render.upload_form) and the hidden button that reloads the document list.
UPLOAD_ID = "rag-upload"
REFRESH_BUTTON_ID = "rag-refresh-documents"


def theme() -> gr.themes.Base:
    """Gradio's default look with its bundled fonts. Only their regular and bold files hold the full
    character set (the semi-bold ones are tiny subsets), so bold is what semi-bold text gets."""
    return gr.themes.Default(
        primary_hue="blue",
        neutral_hue="slate",
        font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "monospace"],
    )


# A click on a source link (a [n] chip, a citation card's link, a document title) stores where to
# look and presses the hidden button, whose event reads `window.ragSourceTarget`.
HEAD = f"""
<script>
(() => {{
  const num = (v) => (v === null || v === "" ? null : Number(v));
  document.addEventListener("click", (ev) => {{
    const link = ev.target instanceof Element ? ev.target.closest('a[href^="{SOURCE_LINK}"]') : null;
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const href = link.getAttribute("href");
    const q = new URLSearchParams(href.slice(href.indexOf("?") + 1));
    window.ragSourceTarget = JSON.stringify({{
      source: q.get("source"), start: num(q.get("start")), end: num(q.get("end")), marker: num(q.get("marker"))
    }});
    const button = document.getElementById("{OPEN_BUTTON_ID}");
    if (button) button.click();
  }}, true);

  // Add an article: the file's bytes go to POST /documents (the API, under its rules); the outcome
  // is written as text, never as HTML.
  const said = {{
    created: "✓ Ditambahkan / Added",
    updated: "✓ Diperbarui / Updated",
    unchanged: "Sudah ada, tidak berubah / Already indexed, unchanged",
  }};
  document.addEventListener("submit", async (ev) => {{
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "rag-upload-form") return;
    ev.preventDefault();
    const status = form.querySelector("#rag-upload-status");
    const file = form.querySelector("#rag-upload-file").files[0];
    const key = form.querySelector("#rag-upload-key").value;
    if (!file) {{ status.textContent = "Pilih berkas dahulu. / Choose a file first."; return; }}
    const body = new FormData();
    body.append("file", file, file.name);
    const base = location.origin + location.pathname.replace(/\\/?$/, "/");
    status.textContent = "Mengunggah… / Uploading…";
    try {{
      const reply = await fetch(new URL("../documents", base), {{
        method: "POST", body, headers: key ? {{ Authorization: "Bearer " + key }} : {{}},
      }});
      const data = await reply.json().catch(() => ({{}}));
      if (reply.ok) {{
        status.textContent = `${{said[data.status] || said.created}}: ${{data.title || data.id}} (${{data.chunks}} bagian / chunks)`;
        form.querySelector("#rag-upload-file").value = "";
        const refresh = document.getElementById("{REFRESH_BUTTON_ID}");
        if (refresh) refresh.click();
      }} else {{
        status.textContent = (data.error && data.error.message) || `HTTP ${{reply.status}}`;
      }}
    }} catch (err) {{
      status.textContent = "Gagal mengunggah / Upload failed: " + err;
    }}
  }}, true);
}})();
</script>
"""

# Runs after the source view has been replaced: bring the highlighted passage to the middle of the view.
SCROLL_TO_MARK = f"""
() => {{
  const go = () => {{
    const view = document.getElementById("{SOURCE_VIEW_ID}");
    const box = view && view.querySelector(".rag-source-text");
    if (!box) return;
    const mark = box.querySelector("mark");
    box.scrollTop = mark ? Math.max(0, mark.offsetTop - box.clientHeight / 3) : 0;
    view.scrollIntoView({{ block: "nearest" }});
  }};
  requestAnimationFrame(() => setTimeout(go, 30));
}}
"""

CSS = """
.rag-header h1 { margin-bottom: 0.1em; }
.rag-header p { margin-top: 0; color: var(--body-text-color-subdued); }

/* The send button inside the question box */
#rag-question .submit-button { background: var(--button-primary-background-fill) !important;
  color: var(--button-primary-text-color) !important; font-weight: 600; padding: 0 1em; }
#rag-question .submit-button:hover { background: var(--button-primary-background-fill-hover) !important; }

/* The empty chat: an invitation, clear of the label */
#rag-chat .placeholder { max-width: 34em; padding: 2.5em 1.5em; text-align: center; line-height: 1.6; }

/* Chat messages */
.rag-question { white-space: normal; }
.rag-answer { line-height: 1.55; }
.rag-answer p { margin: 0 0 0.4em 0; }
.rag-pending { color: var(--body-text-color-subdued); font-style: italic; }
.rag-cursor { animation: rag-blink 1s steps(2) infinite; color: var(--color-accent); }
@keyframes rag-blink { 50% { opacity: 0; } }

/* [n] chips: in the text, on citation cards, in the source view's header */
a.rag-chip, span.rag-chip {
  display: inline-block; min-width: 1.45em; padding: 0 0.38em; margin: 0 0.1em;
  border-radius: 0.7em; font-size: 0.78em; font-weight: 600; line-height: 1.45em;
  text-align: center; vertical-align: 0.15em; text-decoration: none !important;
  background: var(--color-accent-soft); color: var(--color-accent) !important;
  border: 1px solid var(--color-accent); cursor: pointer;
}
a.rag-chip:hover, a.rag-chip:focus { background: var(--color-accent); color: white !important; }
span.rag-chip-static { cursor: default; }
.rag-bracket { display: none; }

/* Citation cards under an answer */
.rag-sources { margin-top: 0.7em; padding-top: 0.5em; border-top: 1px solid var(--border-color-primary); }
.rag-sources-head { font-size: 0.8em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--body-text-color-subdued); margin-bottom: 0.35em; }
ol.rag-cites { list-style: none; margin: 0 !important; padding: 0 !important; }
li.rag-cite { display: flex; gap: 0.5em; align-items: flex-start; margin: 0 0 0.6em 0 !important; }
li.rag-cite > .rag-chip { margin-top: 0.25em; flex: none; }
.rag-cite-body { flex: 1; min-width: 0; }
.rag-cite-meta { font-size: 0.88em; color: var(--body-text-color-subdued); }
.rag-title { font-weight: 600; color: var(--body-text-color); }
.rag-sep { color: var(--body-text-color-subdued); }
blockquote.rag-quote { margin: 0.25em 0 0.2em 0 !important; padding: 0.3em 0.7em !important;
  border-left: 3px solid var(--color-accent) !important; background: var(--background-fill-secondary);
  font-size: 0.93em; font-style: normal; border-radius: 0 4px 4px 0; }
a.rag-open { font-size: 0.85em; color: var(--color-accent) !important; text-decoration: none; cursor: pointer; }
a.rag-open:hover { text-decoration: underline; }

/* The add-an-article form */
form.rag-upload { display: flex; flex-direction: column; gap: 0.5em; }
form.rag-upload label { display: flex; flex-direction: column; gap: 0.2em; font-size: 0.9em; }
form.rag-upload input[type=password] { padding: 0.3em 0.5em; border: 1px solid var(--border-color-primary);
  border-radius: 4px; background: var(--input-background-fill); color: var(--body-text-color); }
button.rag-upload-button { align-self: flex-start; padding: 0.35em 1em; border-radius: 4px; font-weight: 600;
  background: var(--button-primary-background-fill); color: var(--button-primary-text-color); }
#rag-upload-status { font-size: 0.9em; min-height: 1.2em; }

/* Abstention: a note, not an error */
.rag-verify { font-size: 0.85em; color: #6b7280; margin: 0.2em 0 0.4em; }
.rag-abstained { border-left: 3px solid #d97706; padding: 0.2em 0 0.2em 0.7em; }
.rag-abstain-head { font-weight: 600; color: #b45309; margin-bottom: 0.2em; }

/* Source view */
.rag-source { padding: 0.2em 0.2em; }
.rag-source-head { margin-bottom: 0.5em; }
.rag-source-title { font-weight: 600; font-size: 1.05em; line-height: 1.35; }
.rag-source-meta { font-size: 0.85em; color: var(--body-text-color-subdued); margin-top: 0.15em; }
.rag-source-id { font-family: var(--font-mono); font-size: 0.85em; color: var(--body-text-color-subdued); }
.rag-source-text { position: relative; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.6;
  max-height: 62vh; overflow-y: auto; padding: 0.6em 0.8em; border: 1px solid var(--border-color-primary);
  border-radius: 6px; background: var(--background-fill-secondary); font-size: 0.95em; }
.rag-source-text mark { background: #fde68a; color: #1f2937; padding: 0.05em 0; border-radius: 2px;
  box-shadow: 0 0 0 2px #fde68a; animation: rag-flash 1.2s ease-out 1; }
@keyframes rag-flash { 0% { background: #f59e0b; box-shadow: 0 0 0 4px #f59e0b; } }
.rag-source-empty { color: var(--body-text-color-subdued); line-height: 1.6; padding: 1em 0.5em; }

/* Documents */
#rag-documents table.rag-docs { width: 100%; border-collapse: collapse; font-size: 0.92em; border: none !important; }
#rag-documents table.rag-docs th, #rag-documents table.rag-docs td { text-align: left; padding: 0.45em 0.5em;
  vertical-align: top; border: none !important; border-bottom: 1px solid var(--border-color-primary) !important; }
#rag-documents table.rag-docs th { font-weight: 600; font-size: 0.85em; color: var(--body-text-color-subdued); }
#rag-documents table.rag-docs td:nth-child(n+2) { white-space: nowrap; color: var(--body-text-color-subdued); }
a.rag-doc { color: var(--body-text-color) !important; text-decoration: none; font-weight: 600; cursor: pointer; }
a.rag-doc:hover { color: var(--color-accent) !important; text-decoration: underline; }
.rag-upload-ok { color: #15803d; }

/* Timeline: one line per event, opening to its citations */
.rag-timeline-head, .rag-timeline-empty { font-size: 0.88em; color: var(--body-text-color-subdued); margin: 0.2em 0 0.6em; }
ol.rag-timeline { list-style: none; margin: 0 !important; padding: 0 !important; max-height: 66vh; overflow-y: auto; }
li.rag-event { margin: 0 !important; border-bottom: 1px solid var(--border-color-primary); }
li.rag-event summary { display: grid; grid-template-columns: 9.5em 1fr; column-gap: 0.7em; padding: 0.5em 0.3em;
  cursor: pointer; list-style: none; line-height: 1.45; }
li.rag-event summary::-webkit-details-marker { display: none; }
li.rag-event summary:hover { background: var(--background-fill-secondary); }
.rag-event-date { font-weight: 700; font-size: 0.9em; color: var(--color-accent); white-space: nowrap; }
.rag-event-text { font-size: 0.93em; }
.rag-event-count { grid-column: 2; font-size: 0.8em; color: var(--body-text-color-subdued); }
li.rag-event details[open] summary .rag-event-text { font-weight: 600; }
.rag-event-body { padding: 0.2em 0.3em 0.6em 0.3em; }
.rag-event-facts { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 0.3em; }
.rag-event-label { font-weight: 700; }
"""
