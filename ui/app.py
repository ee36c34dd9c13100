"""Placeholder: the chat page is built in ui/app.py (issue: the chat page)."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from rag import Pipeline, Settings


def build_ui(get_pipeline: Callable[[], Pipeline], settings: Settings) -> gr.Blocks:
    with gr.Blocks(title="Negotiations Q&A") as blocks:
        gr.Markdown("# Negotiations Q&A")
    return blocks
