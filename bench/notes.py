"""The hand-written notes at the end of RESULTS.md: what the profile showed and what was changed.
Numbers here are quoted from runs; the tables above are the measurement of record."""

NOTES = """
(to be written after profiling)
"""
