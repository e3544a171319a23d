"""The notebook API: the store read-only as an rdflib Dataset (Oxigraph behind oxrdflib), query
results as records or a DataFrame, and the networkx projection of the entities."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
import rdflib
from sparql_servers import build_sample_store

from kg.sparql.api import entity_multidigraph, open_dataset, query_to_dataframe, query_to_records
from kg.store import StoreError

DOCS = "SELECT DISTINCT ?number ?date WHERE { GRAPH ?g { ?d bkg:documentNumber ?number ; bkg:documentDate ?date } } ORDER BY ?number"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> rdflib.Dataset:
    return open_dataset(build_sample_store(tmp_path_factory.mktemp("api") / "store"))


def test_dataset_is_rdflib_over_the_read_only_store(dataset):
    assert isinstance(dataset, rdflib.Dataset)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    assert len(graphs) == 4 + 1 and all(g.startswith("https://w3id.org/bulletin-kg/id/graph/") for g in graphs)
    # The default graph is the merged graph: every statement of the named graphs, once.
    union = {t for g in dataset.graphs() if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID for t in g}
    assert set(dataset.default_graph) == union
    with pytest.raises(Exception):  # noqa: B017  (read-only: whatever rdflib raises for it)
        dataset.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")


def test_records_with_python_values(dataset):
    rows = query_to_records(DOCS, dataset)
    assert rows == [
        {"number": "03-CT/TW", "date": dt.date(2011, 5, 14)},
        {"number": "05-CT/TW", "date": dt.date(2016, 5, 15)},
        {"number": "22-NQ/TW", "date": dt.date(2008, 2, 2)},
        {"number": "67-KH/TU", "date": dt.date(2018, 4, 13)},
    ]


def test_bindings_are_values_not_text(dataset):
    query = "SELECT DISTINCT ?d ?number WHERE { GRAPH ?g { ?d bkg:documentNumber ?number } }"
    assert len(query_to_records(query, dataset, bindings={"number": "22-NQ/TW"})) == 1
    assert query_to_records(query, dataset, bindings={"number": '22-NQ/TW" } } ; DROP ALL #'}) == []
    assert len(query_to_records(DOCS, dataset)) == 4
    with pytest.raises(ValueError, match="selects"):
        query_to_records("SELECT ?d WHERE { GRAPH ?g { ?d bkg:documentNumber ?number } }", dataset,
                         bindings={"number": "22-NQ/TW"})


def test_dataframe(dataset):
    # pandas is optional for users but in the test extra, so this path is always tested.
    import pandas as pd

    frame = query_to_dataframe(DOCS, dataset)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["number", "date"] and frame["number"].tolist()[0] == "03-CT/TW"


def test_entity_projection(dataset):
    graph = entity_multidigraph(dataset)
    assert isinstance(graph, nx.MultiDiGraph)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sorted(k for k in kinds.values() if k in ("Official", "Bulletin", "Event")).count("Official") == 3
    hanh = next(n for n, d in graph.nodes(data=True) if d["label"] == "Lại Văn Hanh")
    chaired = [u for u, v, k in graph.in_edges(hanh, keys=True) if k == "chairedBy"]
    assert len(chaired) == 3 and all(kinds[e] == "Event" for e in chaired)
    resolution = next(n for n, d in graph.nodes(data=True) if d["kind"] == "Document" and d["label"].endswith("22-NQ/TW"))
    assert len([u for u, v, k in graph.in_edges(resolution, keys=True) if k == "cites"]) == 3
    assert not any(d["kind"] in ("Evidence", "Citation") for _, d in graph.nodes(data=True))


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_dataset(tmp_path / "nowhere")
