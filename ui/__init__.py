"""The Gradio chat page, mounted on the API app at /ui."""
