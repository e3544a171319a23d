"""The store's merged default graph: every triple of every named graph, once.

Each bulletin keeps its own named graph (the provenance of every statement); the default graph is
their union, maintained by the store on every write, so that a query without `GRAPH` and without
`DISTINCT` counts each fact once. Oxigraph 0.5's own union default graph returns a triple once per
graph holding it, which is why the store keeps this one itself.

The same triple may live in several graphs (a document cited by two bulletins). A triple leaves the
default graph only when no named graph holds it any more: for each triple a write removes from a
graph, `still_held` looks the triple up in the store's indexes and stops at the first other graph
holding it, so the cost is linear in what the write changes, not in the store. The operations
returned here are appended to the write's own SPARQL Update, which Oxigraph runs as one
transaction: a crash leaves the named graphs and the default graph of the same version.

Updates written by other stages (resolution reasons, curation, derived post intervals) are plain
SPARQL: `reconcile_terms` brings the default graph back in line for every named graph they name
(and, when they write into a graph given by a variable, for every IRI they name), inside the same
transaction.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox

from kg.terms import graph_name_of

# A store folder holding this file keeps the merged default graph: it is written once the graph is
# complete, so a store written before (or by another tool, `oxigraph load`) is merged when next opened
# for writing. A file, not a statement: the marker would otherwise show in every query and listing.
MARKER_FILE = "MERGED_DEFAULT_GRAPH"
DEFAULT = ox.DefaultGraph()

Match = Callable[..., Iterable[ox.Quad]]

_VARIABLE_GRAPH = re.compile(r"""
    \bGRAPH \s+ [?$] \w+          # a graph named by a variable: the update may write into any graph
""", re.VERBOSE | re.IGNORECASE)
_DATA_OPERATION = re.compile(r"""
    \s* (?: ; \s* )?                  # the separator after the previous operation
    (?P<verb> DELETE | INSERT ) \s+ DATA \s* \{
""", re.VERBOSE | re.IGNORECASE)
_BLOCK_TOKEN = re.compile(r"""
    <[^<>"{}|^`\\\s]*>                 # an IRI
  | "(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*'   # a string literal
  | [{}]                              # a brace of the block
""", re.VERBOSE)
_IRI = re.compile(r"""
    < (?P<iri> [A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\s]* ) >   # an absolute IRI in angle brackets
""", re.VERBOSE)


def triple_line(t) -> str:
    return f"{t.subject} {t.predicate} {t.object} ."


def has_blank(t) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def still_held(match: Match, triple: ox.Triple, leaving: Mapping[ox.Triple, set[str]]) -> bool:
    """Whether a named graph other than those the triple is leaving (`leaving[triple]`, graph IRIs)
    still holds it after the write."""
    gone = leaving.get(triple, set())
    for quad in match(triple.subject, triple.predicate, triple.object, None):
        g = quad.graph_name
        if isinstance(g, ox.NamedNode) and g.value not in gone:
            return True
    return False


def default_delta(match: Match, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> tuple[list, list]:
    """The default graph's (deletions, insertions) for a write that removes and adds these quads of
    named graphs. Triples with blank nodes are left to `blank_cleanup` (DELETE DATA cannot name them)."""
    leaving: dict[ox.Triple, set[str]] = {}
    for q in removed:
        leaving.setdefault(q.triple, set()).add(graph_name_of(q.graph_name))
    arriving = {q.triple for q in added}
    deletes = [t for t in leaving if t not in arriving and not has_blank(t) and not still_held(match, t, leaving)]
    return deletes, sorted(arriving, key=str)


def delta_operations(deletes: Iterable[ox.Triple], inserts: Iterable[ox.Triple]) -> list[str]:
    """The SPARQL Update operations that apply a default-graph delta."""
    ops = []
    deletes, inserts = list(deletes), list(inserts)
    if deletes:
        ops.append("DELETE DATA {\n" + "\n".join(triple_line(t) for t in deletes) + "\n}")
    if inserts:
        ops.append("INSERT DATA {\n" + "\n".join(triple_line(t) for t in inserts) + "\n}")
    return ops


def blank_cleanup(graph: str) -> str:
    """Before a graph is dropped or replaced whole: its triples with blank nodes leave the default
    graph (a blank node belongs to one graph's document, so no other graph holds them)."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
            "FILTER (isBlank(?s) || isBlank(?o)) }")


def named_iris(update: str) -> list[str]:
    """The IRIs an update names, in order, each once."""
    return list(dict.fromkeys(m["iri"] for m in _IRI.finditer(update)))


def data_operations(update: str) -> tuple[list[ox.Quad], list[ox.Quad]] | None:
    """(deleted, inserted) quads of an update made only of DELETE DATA and INSERT DATA operations
    (the single-value fixes of the resolution stage), read exactly; None for any other update.
    Deletions come first: an update that deletes after inserting is not read here."""
    deleted: list[ox.Quad] = []
    inserted: list[ox.Quad] = []
    pos = 0
    while True:
        m = _DATA_OPERATION.match(update, pos)
        if m is None:
            return (deleted, inserted) if update[pos:].strip() == "" else None
        end = _closing_brace(update, m.end())
        if end is None:
            return None
        try:
            quads = list(ox.parse(update[m.end():end].encode("utf-8"), ox.RdfFormat.TRIG))
        except SyntaxError:
            return None
        if (m["verb"].upper() == "DELETE" and inserted) or any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            return None  # not the shape read here: the caller reconciles by graph
        (deleted if m["verb"].upper() == "DELETE" else inserted).extend(quads)
        pos = end + 1


def _closing_brace(text: str, start: int) -> int | None:
    """The position of the brace closing the block opened just before `start`, skipping IRIs and
    string literals (which may hold braces)."""
    depth = 1
    for m in _BLOCK_TOKEN.finditer(text, start):
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def reconcile_terms(match: Match, update: str, graphs: set[str]) -> tuple[list[str], list[str]]:
    """For an update written by another stage: (operations to run before it, operations to run
    after it, in the same transaction) that keep the default graph the union of the named graphs.

    Every named graph the update names is reconciled whole: before the update, its statements that
    no other graph holds leave the default graph (`leaving_operations`); after it, its statements
    enter it, copied by the engine (blank nodes keep their identity). An update that writes
    into a graph given by a variable (`GRAPH ?g`, a curation rewrite) may touch any graph: then every
    statement about or pointing at an IRI it names is reconciled too. `graphs` are the store's named
    graphs before the update."""
    data = data_operations(update)
    if data is not None:  # exactly the statements it changes
        return [], delta_operations(*default_delta(match, *data))
    iris = named_iris(update)
    scoped = [g for g in iris if g in graphs or _looks_like_graph(g)]
    before = [op for g in scoped for op in leaving_operations(match, g)]
    after = [f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}" for g in scoped]
    terms = [i for i in iris if i not in scoped] if _VARIABLE_GRAPH.search(update) else []
    if terms:
        values = "VALUES ?t { " + " ".join(f"<{t}>" for t in terms) + " }"
        about = "{ ?t ?p ?o BIND (?t AS ?s) } UNION { ?s ?p ?t BIND (?t AS ?o) }"
        held = "{ GRAPH ?g { ?t ?p ?o } BIND (?t AS ?s) } UNION { GRAPH ?g { ?s ?p ?t } BIND (?t AS ?o) }"
        after.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ {values} {about} FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} }} }}")
        after.append(f"INSERT {{ ?s ?p ?o }} WHERE {{ {values} {held} }}")
    return before, after


def leaving_operations(match: Match, g: str) -> list[str]:
    """The statements of graph `g` that no other graph holds leave the default graph (run before `g`
    is rewritten; those the rewrite keeps come back after it). Looked up in the indexes, each
    stopping at the first other graph that holds it: a server-side NOT EXISTS over every graph
    took 70 ms per bulletin graph on 2,000 bulletins."""
    own = [q.triple for q in match(None, None, None, ox.NamedNode(g))]
    leaving = {t: {g} for t in own}
    alone = [t for t in own if not has_blank(t) and not still_held(match, t, leaving)]
    ops = delta_operations(alone, [])
    if any(has_blank(t) for t in own):
        ops.append(blank_cleanup(g))
    return ops


def _looks_like_graph(iri: str) -> bool:
    return "/graph/" in iri
