"""The data itself carries the public vocabularies' types and PROV's own patterns, not only the
ontology's subclass axioms, so a client that knows schema.org, ORG, PROV or Data Cube but not
bkg: finds the nodes."""

from __future__ import annotations

import pytest

from kg.nlp.pipeline import extract
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.reading.sources import read_sources

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BKG = "https://w3id.org/bulletin-kg/ontology#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def seed_quads(seed_path):
    return map_extraction(extract(clean_bulletin(next(read_sources([str(seed_path)])))))


def types(quads) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == RDF_TYPE:
            out.setdefault(q.subject.value, set()).add(q.object.value)
    return out


@pytest.mark.parametrize("bkg_class, aligned", [
    ("Event", {SDO + "Event", PROV + "Activity"}),
    ("Bulletin", {SDO + "NewsArticle", PROV + "Entity"}),
    ("Document", {SDO + "Legislation", "http://data.europa.eu/eli/ontology#LegalResource"}),
    ("Official", {SDO + "Person", PROV + "Agent"}),
    ("Organization", {"http://www.w3.org/ns/org#Organization"}),
    ("Statistic", {"http://purl.org/linked-data/cube#Observation", PROV + "Entity"}),
    ("Evidence", {PROV + "Entity"}),
    ("Citation", {PROV + "Entity"}),
])
def test_every_node_of_a_class_carries_the_aligned_types(seed_quads, bkg_class, aligned):
    nodes = {s: t for s, t in types(seed_quads).items() if BKG + bkg_class in t}
    assert nodes, bkg_class
    for node, node_types in nodes.items():
        assert aligned <= node_types, node


def test_the_plan_an_event_implements_is_a_prov_plan_of_a_qualified_association(seed_quads):
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in seed_quads}
    implements = {(s, o) for s, p, o in triples if p == BKG + "implements"}
    assert implements
    for event, plan in implements:
        assocs = {o for s, p, o in triples if s == event and p == PROV + "qualifiedAssociation"}
        assert any((a, PROV + "hadPlan", plan) in triples for a in assocs)
        assert (plan, RDF_TYPE, PROV + "Plan") in triples
        assert all((a, RDF_TYPE, PROV + "Association") in triples for a in assocs)
    # Activities are never derived from an entity in PROV: events point to their bulletin as schema:subjectOf.
    events = {s for s, t in types(seed_quads).items() if BKG + "Event" in t}
    assert not {s for s, p, o in triples if s in events and p == PROV + "wasDerivedFrom"}
    assert all(any(s == e and p == SDO + "subjectOf" for s, p, o in triples) for e in events)
