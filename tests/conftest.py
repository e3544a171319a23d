"""Shared fixtures: the user's sample bulletin, a real Oxigraph store holding it, and the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ingest import ingest
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "bulletin-2018-06-01.txt"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture()
def store(tmp_path) -> GraphStore:
    s = GraphStore(tmp_path / "store")
    yield s
    s.close()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> GraphStore:
    """A store holding only the seed bulletin (read-only use)."""
    s = GraphStore(tmp_path_factory.mktemp("seed") / "store")
    ingest([str(SEED)], s)
    return s


@pytest.fixture()
def run_kg(tmp_path):
    """Run the real `kg` command (click's runner) against a store in tmp_path."""
    runner = CliRunner()
    store_dir = tmp_path / "cli-store"

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, ["--store", str(store_dir), *args], input=input, catch_exceptions=False)

    run.store_dir = store_dir
    return run


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    path = Path(os.environ.get("KG_CORPUS", CORPUS))
    if not path.exists():
        pytest.skip(f"corpus not found at {path} (it lives in ../shared/corpus beside the repo)")
    return path
