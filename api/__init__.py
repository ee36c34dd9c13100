"""The HTTP API: thin routes over `rag.Pipeline`."""
