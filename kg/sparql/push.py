"""Copy the bulletins' named graphs from the embedded store into a remote one.

One graph per request (Graph Store Protocol PUT replaces it whole) or one SPARQL Update per batch:
either way pushing twice leaves the remote store as after the first push. The remote store gets the
same merged default graph as the local one (each statement of its graphs once), kept by updates
the server runs before and after each batch; not Virtuoso, whose default graph is already the union
of all its graphs (a statement once per graph: count there with DISTINCT). The remote ledger (each
bulletin's content hash and extractor version) is read in one query, so unchanged bulletins cost
nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import groupby
from typing import Iterator

import pyoxigraph as ox

from kg.rdf.iri import graph_iri
from kg.sparql.remote import RemoteStore
from kg.store import BulletinGraph, GraphStore


@dataclass
class PushSummary:
    pushed: int = 0
    unchanged: int = 0
    triples: int = 0
    seconds: float = 0.0
    protocol: str = ""

    def to_json(self) -> dict:
        return self.__dict__.copy()


def bulletin_graphs(store: GraphStore, ids: list[str]) -> Iterator[BulletinGraph]:
    for bid in ids:
        g = ox.NamedNode(graph_iri(bid))
        triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", with_prefixes=False)
        yield BulletinGraph(bid, [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples])


def push_store(local: GraphStore, remote: RemoteStore, *, force: bool = False, batch_size: int = 32) -> PushSummary:
    started = time.monotonic()
    summary = PushSummary(protocol="Graph Store Protocol" if remote.endpoints.gsp else "SPARQL Update")
    remote.check_write_access()  # before the ledger decides what to skip: a wrong password must fail
    remote_ledger = {} if force else remote.ledger()
    todo = []
    for bid in local.bulletin_ids():
        if not force and remote_ledger.get(bid) == local.ledger_entry(bid):
            summary.unchanged += 1
        else:
            todo.append(bid)
    for _, batch in groupby(enumerate(todo), key=lambda item: item[0] // batch_size):
        graphs = list(bulletin_graphs(local, [bid for _, bid in batch]))
        # The merged default graph follows, as in the local store: the old versions' own statements
        # leave it, the new versions' enter it (RemoteStore.write_bulletins: merge_before, merge_after).
        remote.write_bulletins(graphs)
        summary.pushed += len(graphs)
        summary.triples += sum(len(g.quads) for g in graphs)
    summary.triples += push_resolution_graph(local, remote)
    summary.seconds = time.monotonic() - started
    return summary


def push_resolution_graph(local: GraphStore, remote: RemoteStore) -> int:
    """The resolution stage's reasons (kg.resolution) are small and derived from all bulletins at
    once: they are replaced whole on every push."""
    from kg.resolution import RESOLUTION_GRAPH

    g = ox.NamedNode(RESOLUTION_GRAPH)
    triples = list(local.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", with_prefixes=False))
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    remote.merge_before([g.value])
    remote.update(f"DROP SILENT GRAPH {g}" + (f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}" if triples else ""))
    remote.merge_after([g.value])
    return len(triples)
