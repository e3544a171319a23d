"""The merged default graph: each triple of the named graphs once, kept through every kind of write."""

import pyoxigraph as ox
import pytest

from kg.rdf.iri import graph_iri
from kg.store import BulletinGraph, GraphStore, SerializedGraph

EX = "https://w3id.org/bulletin-kg/id/test/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOC = ox.NamedNode("https://w3id.org/bulletin-kg/ontology#Document")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _quads(bid: str, *extra: tuple) -> list[ox.Quad]:
    g = ox.NamedNode(graph_iri(bid))
    shared = ox.Quad(ox.NamedNode(EX + "doc"), TYPE, DOC, g)  # every bulletin cites the same document
    own = ox.Quad(ox.NamedNode(EX + bid), LABEL, ox.Literal(bid), g)
    return [shared, own] + [ox.Quad(ox.NamedNode(EX + s), LABEL, ox.Literal(o), g) for s, o in extra]


def _serialized(bid: str, *extra) -> SerializedGraph:
    return SerializedGraph(bid, ox.serialize(_quads(bid, *extra), format=ox.RdfFormat.N_QUADS))


def _default(store: GraphStore) -> set[ox.Triple]:
    return {q.triple for q in store.match(None, None, None, ox.DefaultGraph())}


def _union(store: GraphStore) -> set[ox.Triple]:
    return {q.triple for q in store.quads() if "/graph/" in q.graph_name.value}


def _documents(store: GraphStore) -> int:
    return store.select("SELECT (COUNT(*) AS ?n) WHERE { ?d a bkg:Document }")[0]["n"]


@pytest.mark.parametrize("write", ["bulk", "update"])
def test_a_triple_held_by_two_bulletins_is_counted_once_and_outlives_one_of_them(store, write):
    if write == "bulk":
        store.write_nquads([_serialized("a"), _serialized("b")])
    else:
        store.write_bulletins([BulletinGraph("a", _quads("a")), BulletinGraph("b", _quads("b"))])
    assert _documents(store) == 1  # no GRAPH, no DISTINCT
    assert _default(store) == _union(store)
    assert store.remove_bulletin("a")
    assert _documents(store) == 1  # "b" still cites it
    assert _default(store) == _union(store)
    assert store.remove_bulletin("b")
    assert _documents(store) == 0 and _default(store) == set()


def test_replacing_a_bulletin_moves_the_default_graph_with_it(store):
    store.write_nquads([_serialized("a", ("x", "old")), _serialized("b", ("x", "old"))])
    store.write_nquads([_serialized("a", ("x", "new"))])  # stored already: the replacement path
    labels = {r["l"] for r in store.select(f"SELECT ?l WHERE {{ <{EX}x> rdfs:label ?l }}")}
    assert labels == {"old", "new"}  # "b" still says old
    store.write_bulletins([BulletinGraph("b", _quads("b"))])
    labels = {r["l"] for r in store.select(f"SELECT ?l WHERE {{ <{EX}x> rdfs:label ?l }}")}
    assert labels == {"new"}
    assert _default(store) == _union(store)


def test_renames_and_updates_of_other_stages_keep_the_default_graph_in_line(store):
    store.write_nquads([_serialized("a", ("p1", "Lò Văn A")), _serialized("b", ("p2", "Lò Văn A"))])
    store.rename_nodes({graph_iri("a"): {EX + "p1": EX + "p"}, graph_iri("b"): {EX + "p2": EX + "p"}},
                       then=f"INSERT DATA {{ GRAPH <{EX}graph/reasons> {{ <{EX}p> rdfs:comment \"same name\" }} }}")
    assert _default(store) == _union(store)
    assert store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}p> rdfs:label ?l }}")[0]["n"] == 1
    assert not store.select(f"SELECT ?l WHERE {{ <{EX}p1> ?p ?l }}")
    # A curation-style rewrite across graphs, and a derived graph replaced whole.
    store.update(f"DELETE {{ GRAPH ?g {{ <{EX}p> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{EX}q> ?p ?o }} }} "
                 f"WHERE {{ GRAPH ?g {{ <{EX}p> ?p ?o }} }}")
    store.update(f"DELETE WHERE {{ GRAPH <{EX}graph/reasons> {{ ?s ?p ?o }} }} ; "
                 f"INSERT DATA {{ GRAPH <{EX}graph/reasons> {{ <{EX}q> rdfs:comment \"curated\" }} }}")
    assert _default(store) == _union(store)
    # Data-only fixes (one value per merged node) read exactly: a value another graph states stays.
    store.write_nquads([_serialized("c", ("q", "Lò Văn A"))])
    store.update(f"DELETE DATA {{ GRAPH <{graph_iri('c')}> {{ <{EX}q> rdfs:label \"Lò Văn A\" }} }} ;\n"
                 f"INSERT DATA {{ GRAPH <{graph_iri('c')}> {{ <{EX}q> rdfs:label \"Lò Văn Á\" }} }}")
    assert _default(store) == _union(store)
    assert {r["l"] for r in store.select(f"SELECT ?l WHERE {{ <{EX}q> rdfs:label ?l }}")} == {"Lò Văn A", "Lò Văn Á"}


def test_a_store_written_before_the_default_graph_is_merged_once_when_opened_for_writing(tmp_path):
    raw = ox.Store(str(tmp_path / "old"))  # as an older version wrote it: named graphs only
    raw.extend(_quads("a") + _quads("b"))
    raw.flush()
    del raw
    store = GraphStore(tmp_path / "old")
    assert _documents(store) == 1 and _default(store) == _union(store)
    assert store.merge_default_graph() == 0  # marked: nothing to do again
    assert store.count_triples() == 4 and store.named_graph_count() == 2
    store.close()
