"""Corpus-scale ingestion: the bulk write path, worker processes and bounded streaming give the same
store as the one-bulletin-at-a-time path, each bulletin whole or not at all."""

from __future__ import annotations

import importlib.util
import json
from concurrent.futures import Future
from itertools import count
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ingest import bulletin_graph, extract_chunk, in_order, ingest, prepare
from kg.rdf.posts import refresh_post_intervals
from kg.reading.sources import Skipped, read_sources
from kg.resolution import resolve_store
from kg.store import GraphStore, SerializedGraph

REPO = Path(__file__).resolve().parents[1]


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """200 varied bulletins, plus a bad line, an empty article and a duplicate id."""
    path = tmp_path_factory.mktemp("scale") / "articles.jsonl"
    _synthetic().write_jsonl(path, 200, seed=7)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("not json\n")
        fh.write(json.dumps({"id": "only-furniture", "text": "Các tin khác"}) + "\n")
        fh.write(json.dumps({"id": "synthetic-7-000003", "text": "Một bài khác trùng mã."}) + "\n")
    return path


@pytest.fixture(scope="module")
def one_by_one(articles, tmp_path_factory) -> set:
    """The reference: each bulletin extracted and written on its own, through the SPARQL Update path."""
    store = GraphStore(tmp_path_factory.mktemp("ref") / "store")
    seen = set()
    for item in read_sources([str(articles)]):
        if isinstance(item, Skipped) or item.id in seen:
            continue
        seen.add(item.id)
        prepared = prepare(item)
        if not isinstance(prepared, Skipped):
            store.write_bulletins([bulletin_graph(prepared)])
    resolve_store(store)  # what ingest does after writing
    refresh_post_intervals(store)
    quads = set(store.quads())
    store.close()
    return quads


def test_bulk_path_in_one_process_equals_one_by_one(articles, one_by_one, tmp_path):
    store = GraphStore(tmp_path / "store")
    summary = ingest([str(articles)], store, processes=1, batch_size=64)
    assert summary.read == 203 and summary.ingested == 200
    reasons = sorted(s.reason for s in summary.skipped)
    assert reasons[0].startswith("duplicate bulletin id 'synthetic-7-000003'")
    assert reasons[1] == "no article text left after removing captions and page furniture"
    assert reasons[2].startswith("not JSON")
    assert set(store.quads()) == one_by_one
    assert store.named_graph_count() == 200 + 1  # the bulletins, and the resolution stage's reasons


def test_worker_processes_give_the_same_store(articles, one_by_one, tmp_path):
    store = GraphStore(tmp_path / "store")
    summary = ingest([str(articles)], store, processes=2, chunk_size=16, batch_size=50)
    assert summary.ingested == 200 and len(summary.skipped) == 3
    assert set(store.quads()) == one_by_one


def test_rerun_is_idempotent_and_force_replaces_whole_graphs(articles, one_by_one, tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(articles)], store, processes=1)
    again = ingest([str(articles)], store, processes=1)
    assert again.unchanged == 200 and again.ingested == again.replaced == 0 and again.triples_added == 0
    forced = ingest([str(articles)], store, processes=1, force=True)
    assert forced.replaced == 200 and forced.triples_added == 0
    assert set(store.quads()) == one_by_one


def test_progress_reports_every_article_once(articles, tmp_path):
    seen = []
    ingest([str(articles)], GraphStore(tmp_path / "store"), processes=1, chunk_size=8, batch_size=20,
           on_progress=lambda origin, outcome: seen.append((origin, outcome)))
    assert len(seen) == 203 and len({o for o, _ in seen}) == 203
    assert {outcome for _, outcome in seen} == {"ingested", "skipped"}


def _serialized(seed_path) -> SerializedGraph:
    (outcome,) = extract_chunk([next(read_sources([str(seed_path)]))])
    assert isinstance(outcome, SerializedGraph)
    return outcome


def test_write_nquads_replaces_a_graph_whole(seed_path, store):
    g = _serialized(seed_path)
    store.write_nquads([g])
    n = store.count_triples()
    store.write_nquads([g])
    assert store.count_triples() == n
    lines = g.nquads.splitlines(keepends=True)
    store.write_nquads([SerializedGraph(g.bulletin_id, b"".join(lines[:10]))])
    assert store.count_triples() == 10


def test_a_failing_bulk_write_leaves_no_half_bulletin(seed_path, store):
    g = _serialized(seed_path)
    other = SerializedGraph("other", b'<http://a> <http://p> "x" <https://w3id.org/bulletin-kg/id/graph/other> .\n')
    broken = SerializedGraph("broken", b'<http://s> <http://p> oops <https://w3id.org/bulletin-kg/id/graph/broken> .\n')
    store.write_nquads([g])
    with pytest.raises(SyntaxError):
        store.write_nquads([other, g, broken])
    # Nothing of the failed bulk load was loaded; the stored bulletin in the batch was replaced in its
    # own transaction, so it is there, whole, and never absent.
    assert store.count_triples() == len(g.nquads.splitlines())
    assert store.ledger_entry(g.bulletin_id) is not None
    assert store.ledger_entry("other") is None and store.ledger_entry("broken") is None
    assert store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?s IN (<http://a>, <http://s>)) }") == []


def test_ledger_entries_answers_for_a_whole_group(seed_path, store):
    g = _serialized(seed_path)
    store.write_nquads([g])
    entries = store.ledger_entries([g.bulletin_id, "absent"])
    assert list(entries) == [g.bulletin_id] and entries[g.bulletin_id] == store.ledger_entry(g.bulletin_id)


def test_a_bulletin_that_breaks_a_worker_is_skipped_alone(seed_path):
    good, unmappable, uncleanable = (next(read_sources([str(seed_path)])) for _ in range(3))
    unmappable.id, unmappable.origin, unmappable.content_hash = "m", "m.txt", None  # no literal for None
    uncleanable.id, uncleanable.origin, uncleanable.date = "c", "c.txt", object()  # not a date string
    outcomes = extract_chunk([good, unmappable, uncleanable])
    assert isinstance(outcomes[0], SerializedGraph)
    assert isinstance(outcomes[1], Skipped) and outcomes[1].origin == "m.txt"
    assert outcomes[1].reason.startswith("mapping failed: ValueError")
    assert isinstance(outcomes[2], Skipped) and outcomes[2].reason.startswith("cleaning failed: AttributeError")


def test_in_order_keeps_a_bounded_number_of_chunks_in_flight():
    pulled = count()
    submitted: list[Future] = []

    def chunks():
        while True:
            next(pulled)
            yield [object()]

    def submit(chunk):
        f = Future()
        f.set_result([len(submitted)])
        submitted.append(f)
        return f

    results = in_order(submit, chunks(), in_flight=3)
    got = [next(results)[0] for _ in range(100)]
    assert got == list(range(100))  # input order
    assert len(submitted) <= 100 + 3  # never more than in_flight ahead of what was consumed


def test_empty_input_writes_nothing(tmp_path, store):
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    summary = ingest([str(empty)], store, processes=2)
    assert summary.read == 0 and store.count_triples() == 0


def test_quads_round_trip_through_nquads(seed_path):
    b = prepare(next(read_sources([str(seed_path)])))
    quads = bulletin_graph(b).quads
    g = _serialized(seed_path)
    assert set(ox.parse(g.nquads, ox.RdfFormat.N_QUADS)) == set(quads)


class _FailingStore(GraphStore):
    def write_nquads(self, graphs):
        raise OSError("disk full")


def test_a_store_error_stops_the_run_and_names_its_cause(articles, tmp_path):
    store = _FailingStore(tmp_path / "store")
    with pytest.raises(OSError, match="disk full"):
        ingest([str(articles)], store, processes=1, batch_size=16)
    assert store.count_triples() == 0


def test_recycled_workers_give_the_same_store(articles, one_by_one, tmp_path):
    from kg.ingest import ProcessPoolRunner

    store = GraphStore(tmp_path / "store")
    with ProcessPoolRunner(2, recycle_after=3) as runner:  # a fresh pair of workers every 3 chunks
        summary = ingest([str(articles)], store, runner=runner, chunk_size=16)
    assert summary.ingested == 200
    assert set(store.quads()) == one_by_one
