"""SHACL validation of the store against `ontology/shapes.ttl`, with readable violations."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from kg.store import GraphStore

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib.term


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


def ontology_file(name: str):
    return resources.files("kg.ontology").joinpath(name)


def load_ontology():
    import rdflib

    g = rdflib.Graph()
    with resources.as_file(ontology_file("bulletin-kg.ttl")) as p:
        g.parse(p, format="turtle")
    return g


def load_shapes():
    import rdflib

    g = rdflib.Graph()
    with resources.as_file(ontology_file("shapes.ttl")) as p:
        g.parse(p, format="turtle")
    return g


def validate_store(store: GraphStore) -> tuple[bool, list[Violation]]:
    """Validate the union of all bulletin graphs."""
    import rdflib

    data = rdflib.Graph()
    for q in store.quads():
        data.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return validate_graph(data)


def term_declarations():
    """The ontology's `bkg:term rdf:type ...` statements: what the shapes read to tell declared
    bkg: terms from unknown ones."""
    from rdflib.namespace import RDF

    from kg.rdf.vocab import BKG_IRI

    return [t for t in load_ontology().triples((None, RDF.type, None)) if str(t[0]).startswith(BKG_IRI)]


def validate_graph(data) -> tuple[bool, list[Violation]]:
    """Validate an rdflib graph. The ontology's term declarations are added to `data` (a hundred
    triples; cheaper than pyshacl's ont_graph, which copies the whole data graph)."""
    from pyshacl import validate
    from rdflib.namespace import SH

    for t in term_declarations():
        data.add(t)
    conforms, report, _ = validate(data, shacl_graph=load_shapes(), inference="none", allow_warnings=True)
    violations = []
    from rdflib.namespace import RDF

    for r in report.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=str(report.value(r, SH.focusNode)),
            path=str(report.value(r, SH.resultPath)) if report.value(r, SH.resultPath) else None,
            message=str(report.value(r, SH.resultMessage)),
            severity=str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return bool(conforms), violations


def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Identifier:
    import pyoxigraph as ox
    import rdflib

    if isinstance(t, ox.Triple):
        raise TypeError(f"rdflib 7 cannot hold the quoted triple {t}")
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
