"""The graph in a notebook: the store as an rdflib `Dataset`, query results as records or a pandas
DataFrame, and a networkx projection of the entities.

The Dataset is backed by Oxigraph through the `oxrdflib` store plugin, opened read-only: queries run
at Oxigraph's speed behind rdflib's interface, and a running `kg serve` does not stand in the way.

>>> from kg.sparql.api import open_dataset, query_to_records
>>> ds = open_dataset("exports/store")                                            # doctest: +SKIP
>>> query_to_records('''SELECT ?n WHERE { GRAPH ?g { ?d bkg:documentNumber ?n } }''', ds)  # doctest: +SKIP
[{'n': '22-NQ/TW'}, ...]
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Mapping

import pyoxigraph as ox
import rdflib
from oxrdflib import OxigraphStore

from kg.store import PREFIXES, StoreError, default_store_path

# The node kinds a researcher means by "entities"; evidence, citations and positions are the
# scaffolding that explains them, left out of the projection.
ENTITY_CLASSES = ("Official", "Organization", "Document", "Event", "Bulletin")


def open_dataset(path: str | os.PathLike | None = None) -> rdflib.Dataset:
    """The store at `path` (default: exports/store or $KG_STORE), read-only, as an rdflib Dataset."""
    path = Path(path) if path is not None else default_store_path()
    if not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path}: run `kg ingest` first, or give the store folder")
    ds = rdflib.Dataset(store=OxigraphStore(store=ox.Store.read_only(str(path))))
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    return ds


def _dataset(store) -> rdflib.Graph:
    return store if isinstance(store, rdflib.Graph) else open_dataset(store)


def _to_rdflib(value) -> rdflib.term.Identifier:
    """A Python value as an rdflib term, for `initBindings` (bound by the engine, never spliced)."""
    if isinstance(value, rdflib.term.Identifier):
        return value
    if isinstance(value, bool):
        return rdflib.Literal(value)
    if isinstance(value, (int, float, Decimal, dt.date, dt.datetime)):
        return rdflib.Literal(value)
    return rdflib.Literal(str(value))


def _to_python(term):
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        return str(value) if isinstance(value, rdflib.Literal) else value
    return str(term)


def _run(sparql: str, store, bindings: Mapping[str, object] | None):
    init = {k: _to_rdflib(v) for k, v in (bindings or {}).items()}
    try:
        return _dataset(store).query(sparql, initNs=PREFIXES, initBindings=init)
    except RuntimeError as err:
        if "projection" in str(err):  # Oxigraph binds only variables the query returns
            raise ValueError(f"{err}: bind only variables the query selects (SELECT * or list them)") from None
        raise


def query_to_records(sparql: str, store=None, *, bindings: Mapping[str, object] | None = None) -> list[dict]:
    """A SELECT query as a list of dicts (unbound variables left out); `bindings` sets variables.

    `store` is a Dataset from `open_dataset`, a store folder, or None for the default store. The
    prefixes of `kg query` are predeclared.
    """
    result = _run(sparql, store, bindings)
    if result.type != "SELECT":
        raise ValueError(f"query_to_records needs a SELECT query, not {result.type}")
    names = [str(v) for v in result.vars]
    return [{n: _to_python(row[n]) for n in names if row[n] is not None} for row in result]


def query_to_dataframe(sparql: str, store=None, *, bindings: Mapping[str, object] | None = None):
    """A SELECT query as a pandas DataFrame, one column per variable (needs `pip install pandas`)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("query_to_dataframe needs pandas: pip install pandas "
                          "(query_to_records gives the same rows as dicts)") from None
    result = _run(sparql, store, bindings)
    names = [str(v) for v in result.vars]
    return pd.DataFrame([[_to_python(row[n]) for n in names] for row in result], columns=names)


def entity_multidigraph(store=None):
    """The entities (officials, organizations, documents, events, bulletins) as a networkx
    MultiDiGraph: one node per IRI with `label` and `kind`, one edge per entity-to-entity triple
    keyed by the predicate's local name, with the bulletins (`graphs`) that state it.
    """
    import networkx as nx

    ds = _dataset(store)
    values = " ".join(f"bkg:{c}" for c in ENTITY_CLASSES)
    nodes = ds.query(f"""
        SELECT ?node ?kind (SAMPLE(?name) AS ?label) WHERE {{
          VALUES ?kind {{ {values} }}
          GRAPH ?g {{ ?node a ?kind . OPTIONAL {{ ?node rdfs:label ?name }} }}
        }} GROUP BY ?node ?kind""", initNs=PREFIXES)
    graph = nx.MultiDiGraph()
    for row in nodes:
        graph.add_node(str(row.node), kind=str(row.kind).rsplit("#", 1)[-1],
                       label=str(row.label) if row.label is not None else str(row.node))
    edges = ds.query(f"""
        SELECT ?s ?p ?o ?g WHERE {{
          VALUES ?ks {{ {values} }}
          VALUES ?ko {{ {values} }}
          GRAPH ?g {{ ?s a ?ks . ?s ?p ?o . ?o a ?ko . }}
        }}""", initNs=PREFIXES)
    seen: dict[tuple[str, str, str], set[str]] = {}
    for row in edges:
        key = (str(row.s), str(row.o), str(row.p))
        seen.setdefault(key, set()).add(str(row.g))
    for (s, o, p), graphs in seen.items():
        name = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        graph.add_edge(s, o, key=name, predicate=p, graphs=sorted(graphs))
    return graph


__all__ = ["open_dataset", "query_to_records", "query_to_dataframe", "entity_multidigraph"]
