"""The shapes catch what the mapping could get wrong: each check on a broken copy of the seed's graph."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import PROV, RDF, SKOS

from kg.validate import _term, validate_graph

BKG = rdflib.Namespace("https://w3id.org/bulletin-kg/ontology#")


@pytest.fixture(scope="module")
def seed_graph(seed_store) -> rdflib.Graph:
    g = rdflib.Graph()
    for q in seed_store.quads():
        g.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return g


def _copy(g: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for t in g:
        out.add(t)
    return out


def test_the_seed_conforms(seed_graph):
    ok, violations = validate_graph(seed_graph)
    assert ok, violations


def _break(g, how):
    first = lambda cls: next(g.subjects(RDF.type, cls))
    if how == "dangling cites":
        g.add((first(BKG.Bulletin), BKG.cites, rdflib.URIRef("https://w3id.org/bulletin-kg/id/document/vn/x/none")))
    elif how == "dangling speaker":
        g.add((first(BKG.Event), BKG.speaker, rdflib.URIRef("https://w3id.org/bulletin-kg/id/person/nobody")))
    elif how == "end offset past the text":
        ev = first(BKG.Evidence)
        g.set((ev, BKG.endOffset, rdflib.Literal(10 ** 6)))
    elif how == "unknown predicate":
        g.add((first(BKG.Event), BKG.chairman, rdflib.Literal("x")))
    elif how == "statistic without its bulletin":
        g.remove((first(BKG.Statistic), PROV.wasDerivedFrom, None))
    elif how == "language tag on a plain string":
        pos = first(BKG.Position)
        label = g.value(pos, BKG.positionLabel)
        g.set((pos, BKG.positionLabel, rdflib.Literal(str(label), lang="vi")))
    elif how == "two preferred names":
        g.add((first(BKG.Organization), SKOS.prefLabel, rdflib.Literal("Tên khác", lang="vi")))
    return g


@pytest.mark.parametrize("how, expected", [
    ("dangling cites", "dangling citation"),
    ("dangling speaker", "dangling speaker"),
    ("end offset past the text", "past the end of its bulletin's text"),
    ("unknown predicate", "unknown predicate https://w3id.org/bulletin-kg/ontology#chairman"),
    ("statistic without its bulletin", "which bulletin it comes from"),
    ("language tag on a plain string", "datatype xsd:string"),
    ("two preferred names", "two skos:prefLabel in one language"),
])
def test_a_broken_copy_is_caught(seed_graph, how, expected):
    ok, violations = validate_graph(_break(_copy(seed_graph), how))
    assert not ok
    messages = [v.message for v in violations]
    assert any(expected in m for m in messages), messages
    if how == "language tag on a plain string":
        assert any(v.path == str(BKG.positionLabel) for v in violations)
