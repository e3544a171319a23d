"""Extraction on a Dask cluster (a LocalCluster on 127.0.0.1) gives the same store, triple for triple,
as extraction in one process."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import os
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("KG_CORPUS", REPO.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz"))


def _need_dask():
    try:
        import dask.distributed
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("dask[distributed] is not installed, and CI must not skip: pip install -e '.[test]'")
        pytest.skip("dask[distributed] is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def dask_runner():
    _need_dask()
    from kg.distributed import DaskRunner

    with DaskRunner("local", workers=2) as runner:
        yield runner


@pytest.fixture(scope="module")
def thousand_articles(tmp_path_factory) -> Path:
    """1,000 articles: the first thousand of the corpus when it is here, else 1,000 synthetic ones; plus a
    line that is not JSON and a repeated id, which both paths must report the same way."""
    path = tmp_path_factory.mktemp("dask") / "articles.jsonl"
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") if CORPUS.name.endswith(".gz") else open(CORPUS) as src:
            lines = list(itertools.islice((line for line in src if line.strip()), 1000))
        path.write_text("".join(lines), encoding="utf-8")
    else:
        spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
        synthetic = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(synthetic)
        synthetic.write_jsonl(path, 1000, seed=11)
    first_id = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["id"]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
        fh.write(json.dumps({"id": first_id, "text": "Cùng mã với bài đầu tiên."}, ensure_ascii=False) + "\n")
    return path


def test_dask_store_equals_single_process_store(thousand_articles, dask_runner, tmp_path):
    single = GraphStore(tmp_path / "single")
    expected = ingest([str(thousand_articles)], single, processes=1)
    distributed = GraphStore(tmp_path / "dask")
    got = ingest([str(thousand_articles)], distributed, runner=dask_runner)

    def untimed(summary):
        out = summary.to_json()
        out["resolution"].pop("seconds")
        return out

    assert untimed(got) == untimed(expected)
    assert got.read == 1002 and got.ingested >= 990
    assert distributed.count_triples() == single.count_triples() > 50_000
    assert set(distributed.quads()) == set(single.quads())

    # Re-running over the cluster changes nothing: every bulletin is found unchanged in the ledger.
    again = ingest([str(thousand_articles)], distributed, runner=dask_runner)
    assert again.unchanged == got.ingested and again.triples_added == 0


def test_cli_ingests_through_a_local_cluster(run_kg, seed_path, tmp_path):
    _need_dask()
    first = run_kg("ingest", str(seed_path), "--dask", "local", "--workers", "1", "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)  # stdout only: under load Dask logs slow-event-loop warnings to stderr
    assert summary["ingested"] == 1 and summary["triples_added"] > 100
    rows = json.loads(run_kg("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a bkg:Bulletin } }",
                             "--format", "json").output)
    assert rows == [{"n": 1}]


def test_cli_refuses_processes_with_dask(run_kg, seed_path):
    result = run_kg("ingest", str(seed_path), "--dask", "local", "--processes", "2")
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_unreachable_scheduler_is_a_clear_error():
    _need_dask()
    from kg.distributed import DaskRunner, DaskUnavailable
    from kg.sparql.backend import free_port

    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(DaskUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:") as err:
        with DaskRunner(address, connect_timeout=2):
            pass
    assert "dask scheduler" in str(err.value) and "--dask local" in str(err.value)


def test_workers_push_to_a_remote_store(dask_runner, tmp_path):
    from sparql_servers import oxigraph_server

    from kg.sparql.remote import RemoteStore

    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    articles = synthetic.write_jsonl(tmp_path / "articles.jsonl", 60, seed=3)
    embedded = GraphStore(tmp_path / "embedded")
    ingest([str(articles)], embedded, processes=1)

    with oxigraph_server(tmp_path / "remote-store") as server:
        remote = RemoteStore(server.url)
        dask_runner.push_to = server.url
        try:
            summary = ingest([str(articles)], remote, runner=dask_runner)
        finally:
            dask_runner.push_to = None
        assert summary.ingested == 60 and not summary.skipped
        assert set(remote.quads()) == set(embedded.quads())
        # The remote ledger sees them all: a second run over the cluster writes nothing.
        dask_runner.push_to = server.url
        try:
            again = ingest([str(articles)], remote, runner=dask_runner)
        finally:
            dask_runner.push_to = None
        assert again.unchanged == 60
