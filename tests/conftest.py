"""Shared fixtures: real Chroma in temp dirs, the real e5 model loaded once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from rag import Pipeline, Settings, build_pipeline  # noqa: E402
from rag.index.embedder import Embedder, build_embedder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    return Settings(_env_file=None, data_dir=data_dir, seeds_dir=SEEDS, **overrides)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    # The shipped engine, as `rag eval` uses: the answers the tests and gates check do not move with
    # the CPU (tests/rag/index/test_engine.py checks the builds compiled for it).
    return build_embedder(make_settings(Path("unused"), embed_native=False))


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("seeded")


@pytest.fixture(scope="session")
def pipeline(embedder, seeded_dir) -> Pipeline:
    """The seeds, indexed once for the whole session. Tests must not write to it."""
    pipe = build_pipeline(make_settings(seeded_dir), embedder=embedder)
    pipe.ingest([SEEDS])
    return pipe


@pytest.fixture
def fresh(embedder, tmp_path) -> Pipeline:
    """An empty index of its own, for tests that write."""
    return build_pipeline(make_settings(tmp_path / "data"), embedder=embedder)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def source_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def live_server(pipeline) -> str:
    """A real uvicorn serving the app (API and /ui) over the seeded index; yields its base URL."""
    from api.app import create_app
    from tests.server import running

    with running(create_app(pipeline=pipeline)) as base:
        yield base
