"""The Gradio chat page, mounted on the API app at /ui."""

import os

# Before any module of this package imports gradio: its usage analytics stay off, however the page is loaded.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
