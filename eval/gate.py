"""The gate: compare measured metrics with the floors (and ceilings) in eval/thresholds.toml.

    [floors.overall]            higher-is-better metrics: fail when below
    hit_at_1 = 0.80
    [floors.lang.en]            a group: lang.<id|en> or kind.<kind>
    answer_accuracy = 0.60
    [ceilings.overall]          lower-is-better metrics: fail when above
    false_abstention_rate = 0.20
"""

from __future__ import annotations

import tomllib
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


def load_thresholds(path: Path = THRESHOLDS) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _scopes(table: dict) -> list[tuple[str, dict]]:
    """("overall", {metric: bound}), ("lang=en", {...}), ("kind=why", {...}) from a floors/ceilings table."""
    out = []
    for key, value in table.items():
        if key == "overall":
            out.append(("overall", value))
        else:
            out += [(f"{key}={group}", bounds) for group, bounds in value.items()]
    return out


def check(metrics: dict, thresholds: dict) -> list[str]:
    """One line per metric that misses its bound (or was not measured); empty when the gate passes."""
    failures = []
    for bound, fails in (("floors", lambda v, t: v < t), ("ceilings", lambda v, t: v > t)):
        for scope, bounds in _scopes(thresholds.get(bound, {})):
            axis, _, group = scope.partition("=")
            values = metrics["overall"] if scope == "overall" else metrics.get(axis, {}).get(group)
            for name, limit in bounds.items():
                value = None if values is None else values.get(name)
                word = "floor" if bound == "floors" else "ceiling"
                if value is None:
                    failures.append(f"{name} ({scope}) was not measured; its {word} is {limit}")
                elif fails(value, limit):
                    failures.append(f"{name} ({scope}) = {value:.3f} {'<' if bound == 'floors' else '>'} {word} {limit}")
    return failures
