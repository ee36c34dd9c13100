"""`rag bench` / `python -m eval.bench`: speed, scale and a plain llama-index baseline, measured in one run.

Writes eval/bench/RESULTS.md (every table generated) and eval/bench/results.json. See eval/bench/runner.py for
the sections and eval/bench/notes.py for what the profile showed.
"""
