"""The embedded store: all-or-nothing bulletin writes, replacement, removal, idempotency."""

from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from kg.ingest import bulletin_graph, prepare
from kg.reading.sources import read_sources
from kg.store import BulletinGraph, GraphStore


def _graph(seed_path):
    return bulletin_graph(prepare(next(read_sources([str(seed_path)]))))


def test_write_is_idempotent_and_replaces_the_graph(store, seed_path):
    g = _graph(seed_path)
    store.write_bulletins([g])
    n = store.count_triples()
    store.write_bulletins([g])
    assert store.count_triples() == n
    smaller = BulletinGraph(g.bulletin_id, g.quads[:10])
    store.write_bulletins([smaller])
    assert store.count_triples() == 10
    assert store.bulletin_ids() == ["bulletin-2018-06-01"]


def test_a_failing_batch_writes_nothing(store, seed_path):
    g = _graph(seed_path)
    store.write_bulletins([g])
    before = set(store.quads())
    bad = BulletinGraph("other", [ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x"),
                                          ox.NamedNode("http://g"))])
    # A quad whose object is not an RDF term: the batch's update fails to parse after "other" was queued.
    broken = BulletinGraph("broken", [SimpleNamespace(subject="<http://s>", predicate="<http://p>", object="oops")])
    with pytest.raises(Exception):  # noqa: B017  (whatever the engine raises; the point is what is left)
        store.write_bulletins([bad, broken])
    assert set(store.quads()) == before


def test_remove_and_ledger(store, seed_path):
    g = _graph(seed_path)
    store.write_bulletins([g])
    entry = store.ledger_entry("bulletin-2018-06-01")
    assert entry and len(entry[0]) == 64
    assert store.remove_bulletin("bulletin-2018-06-01")
    assert store.count_triples() == 0
    assert store.ledger_entry("bulletin-2018-06-01") is None
    assert not store.remove_bulletin("bulletin-2018-06-01")


def test_store_on_disk_survives_reopening(tmp_path, seed_path):
    s = GraphStore(tmp_path / "s")
    s.write_bulletins([_graph(seed_path)])
    n = s.count_triples()
    s.close()
    assert GraphStore(tmp_path / "s", read_only=True).count_triples() == n


def test_a_read_only_store_closes_cleanly_and_refuses_writes(tmp_path, seed_path):
    s = GraphStore(tmp_path / "s")
    s.write_bulletins([_graph(seed_path)])
    s.close()
    ro = GraphStore(tmp_path / "s", read_only=True)
    with pytest.raises((OSError, RuntimeError)):
        ro.write_bulletins([_graph(seed_path)])
    ro.close()
