"""`rag bench` / `python -m bench`: speed, scale and a plain llama-index baseline, measured in one run.

Writes bench/RESULTS.md (every table generated) and bench/results.json. See bench/runner.py for
the sections and bench/notes.py for what the profile showed.
"""
