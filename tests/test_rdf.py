"""IRIs, the vocabulary and the mapping from records to quads."""

import re
from importlib import resources

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.nlp.pipeline import extract
from kg.rdf.iri import mint_document_iri, mint_official_iri, scope_key, slug
from kg.rdf.mapping import map_extraction
from kg.rdf.vocab import BKG
from kg.reading.clean import clean_bulletin
from kg.reading.sources import read_sources


def _ontology():
    g = rdflib.Graph()
    with resources.as_file(resources.files("kg.ontology").joinpath("bulletin-kg.ttl")) as p:
        g.parse(p)
    return g


def test_vocabulary_matches_the_ontology_file_and_every_term_is_documented():
    g = _ontology()
    in_file = {str(s) for s in g.subjects() if str(s).startswith(str(BKG))}
    # The code's namespace is generated from the ontology; a term it does not define is refused.
    assert all(getattr(BKG, str(t)[len(str(BKG)):]) == rdflib.URIRef(t) for t in in_file)
    with pytest.raises(AttributeError):
        _ = BKG.chairdBy
    for term in in_file:
        labels = {lit.language for lit in g.objects(rdflib.URIRef(term), RDFS.label)}
        assert {"vi", "en"} <= labels, term
        assert list(g.objects(rdflib.URIRef(term), RDFS.comment)), term


def test_ontology_aligns_with_public_vocabularies():
    g = _ontology()
    supers = {str(o) for o in g.objects(None, RDFS.subClassOf)} | {str(o) for o in g.objects(None, RDFS.subPropertyOf)}
    for iri in ["https://schema.org/Event", "https://schema.org/Legislation", "http://www.w3.org/ns/org#Membership",
                "http://www.w3.org/ns/org#Organization", "http://purl.org/linked-data/cube#Observation",
                "http://www.w3.org/ns/prov#Entity", "http://data.europa.eu/eli/ontology#LegalResource"]:
        assert iri in supers, iri
    assert (None, RDF.type, OWL.Ontology) in g


def test_iris_are_deterministic_and_keep_diacritics_apart():
    assert mint_official_iri("Lê Văn An", scope="p-lao-cai") == mint_official_iri("Lê Văn An", scope="p-lao-cai")
    assert mint_official_iri("Lê Văn An", scope="x") != mint_official_iri("Lệ Văn An", scope="x")
    central = mint_document_iri("resolution", "22-NQ/TW", code="NQ/TW", scope="p-lao-cai")
    assert central == mint_document_iri("resolution", "22-NQ/TW", code="NQ/TW", scope="p-yen-bai")
    assert "/document/vn/" in central
    local = mint_document_iri("plan", "67-KH/TU", code="KH/TU", scope="p-lao-cai")
    assert local != mint_document_iri("plan", "67-KH/TU", code="KH/TU", scope="p-yen-bai")
    assert scope_key("Lào Cai", "Báo Lào Cai", "x") == "p-lao-cai"
    assert scope_key(None, "Báo Lào Cai", "x") == "s-bao-lao-cai"
    assert re.fullmatch(r"pham-sy-loi-[0-9a-f]{6}", slug("Phạm Sỹ Lợi"))


def test_mapping_puts_everything_in_the_bulletins_graph_with_evidence(seed_path):
    b = clean_bulletin(next(read_sources([str(seed_path)])))
    quads = map_extraction(extract(b))
    assert {q.graph_name.value for q in quads} == {"https://w3id.org/bulletin-kg/id/graph/bulletin-2018-06-01"}
    again = map_extraction(extract(clean_bulletin(next(read_sources([str(seed_path)])))))
    assert set(quads) == set(again)
    typed = {q.subject.value for q in quads if q.predicate.value == str(RDF.type)
             and q.object.value in {str(BKG.Event), str(BKG.Document), str(BKG.Official), str(BKG.Statistic),
                                    str(BKG.Position), str(BKG.Participation), str(BKG.Citation)}}
    with_evidence = {q.subject.value for q in quads if q.predicate.value == str(BKG.evidence)}
    # Documents carry the evidence of their citations; everything else its own.
    assert typed <= with_evidence
