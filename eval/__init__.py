"""The eval suite behind `rag eval` and `rag train-reader`: question sets, metrics, report, gate.

It drives the same public `rag.Pipeline` the API uses and scores what comes back; it never
reaches into a step. See eval/README.md.
"""
