"""The kinds registry is read from the ontology, and every table that names kinds follows it."""

from pathlib import Path

import pytest

from kg.kinds import TOP_CLASSES, build_registry, registry
from kg.nlp.pipeline import extract
from kg.rdf.mapping import DOCUMENT_CLASSES, EVENT_CLASSES, ROLE_TERMS
from kg.reading.clean import clean_bulletin
from kg.reading.sources import read_sources

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_top_class_and_family_member_is_read_with_labels():
    r = registry()
    assert [k.name for k in r.kinds if k.family == k.name] == list(TOP_CLASSES)
    events = r.by_notation("Event")
    assert events["conference"].name == "Conference" and events["conference"].label == "Conference · Hội nghị"
    assert r.by_notation("Document")["official_letter"].name == "OfficialLetter"
    # The catch-all comes last, so lists and legends end with it.
    assert r.family("Event")[-1].name == "OtherEvent" and r.family("Document")[-1].name == "OtherDocument"
    assert [k.notation for k in r.roles] == ["chaired", "attended", "spoke", "reported"]


def test_tables_elsewhere_are_the_registry():
    r = registry()
    assert {n: str(c.value) for n, c in EVENT_CLASSES.items()} == {n: k.iri for n, k in r.by_notation("Event").items()}
    assert set(DOCUMENT_CLASSES) == set(r.by_notation("Document"))
    assert set(ROLE_TERMS) == {k.notation for k in r.roles}
    from kg.graphs import TYPE_CLASS
    from kg.viz.style import CLASS_STYLE, TYPE_LABEL
    assert TYPE_CLASS["Inspection"] == "Event" and TYPE_CLASS["Decree"] == "Document"
    assert set(CLASS_STYLE) == set(TOP_CLASSES) and set(TYPE_LABEL) == set(TYPE_CLASS)


def test_a_kind_added_to_the_ontology_is_a_kind_everywhere_that_reads_the_registry():
    from importlib import resources
    ttl = resources.files("kg.ontology").joinpath("bulletin-kg.ttl").read_text(encoding="utf-8")
    ttl += ('\nbkg:Hearing a owl:Class ; rdfs:subClassOf bkg:Event ; skos:notation "hearing" ;\n'
            '    rdfs:label "Hearing"@en , "Phiên giải trình"@vi .\n')
    r = build_registry(ttl)
    assert r.by_notation("Event")["hearing"].label == "Hearing · Phiên giải trình"
    assert r.family("Event")[-1].name == "OtherEvent"


def test_an_ontology_without_a_top_class_is_refused_by_name():
    with pytest.raises(ValueError, match="bkg:Organization"):
        build_registry("@prefix bkg: <https://w3id.org/bulletin-kg/ontology#> .\n"
                       "@prefix owl: <http://www.w3.org/2002/07/owl#> .\nbkg:Official a owl:Class .\n")


def test_the_extractor_writes_only_kinds_the_ontology_defines():
    r = registry()
    bulletins = [b for b, _ in zip(read_sources([FIXTURES]), range(40)) if hasattr(b, "text")]
    assert len(bulletins) >= 5
    kinds = set()
    for bulletin in bulletins:
        x = extract(clean_bulletin(bulletin))
        kinds |= {e.kind for e in x.events}
        assert {e.kind for e in x.events} <= set(r.by_notation("Event"))
        assert {d.type for d in x.documents} <= set(r.by_notation("Document"))
        assert {p.role for e in x.events for p in e.participations} <= set(ROLE_TERMS) | {None}
    assert len(kinds) >= 2  # the fixtures do report events of several kinds
