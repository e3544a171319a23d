"""The statistics as a W3C Data Cube: the dataset, units, periods and the 21 integrity constraints."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf import cube
from kg.rdf.integrity import check_integrity
from kg.rdf.mapping import EVENT_CLASSES
from kg.validate import load_ontology

QB = "http://purl.org/linked-data/cube#"
BKG = "https://w3id.org/bulletin-kg/ontology#"


def test_all_21_integrity_constraints_hold_on_the_seed(seed_store):
    results = check_integrity(seed_store.quads())
    assert len(results) == 21
    assert all(results.values()), [name for name, ok in results.items() if not ok]
    # ... and they are not vacuous: the seed's statistics are observations of the dataset.
    rows = seed_store.select(f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH ?g {{
        ?o a bkg:Statistic , qb:Observation ; qb:dataSet <{cube.DATASET}> ;
           bkg:about ?a ; bkg:refPeriod ?p ; bkg:sourceBulletin ?b ; bkg:statement ?s ; bkg:value ?v }} }}""")
    assert int(rows[0]["n"]) >= 3


def _triples(store):
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}


def _one_statistic(triples):
    return next(t.subject for t in triples if t.predicate.value == BKG + "value")


@pytest.mark.parametrize("breakage, constraint", [
    ("second dataset", "IC-1 Unique DataSet"),
    ("no period", "IC-11 All dimensions required"),
    ("duplicate", "IC-12 No duplicate observations"),
    ("no unit", "IC-13 Required attributes"),
    ("no value", "IC-14 All measures present"),
])
def test_a_broken_cube_fails_its_constraint(seed_store, breakage, constraint):
    triples = _triples(seed_store)
    stat = _one_statistic(triples)
    mine = {t for t in triples if t.subject == stat}
    if breakage == "second dataset":
        triples.add(ox.Triple(stat, ox.NamedNode(QB + "dataSet"), ox.NamedNode(cube.DATASET + "-2")))
    elif breakage == "no period":
        triples -= {t for t in mine if t.predicate.value == BKG + "refPeriod"}
    elif breakage == "duplicate":
        twin = ox.NamedNode(stat.value + "-twin")
        triples |= {ox.Triple(twin, t.predicate, t.object) for t in mine}
    elif breakage == "no unit":
        triples -= {t for t in mine if t.predicate.value == BKG + "unit"}
    elif breakage == "no value":
        triples -= {t for t in mine if t.predicate.value == BKG + "value"}
    results = check_integrity(triples)
    assert not results[constraint]
    assert sum(not ok for ok in results.values()) == 1, results


@pytest.mark.parametrize("written, unit", [
    ("đồng", "VND"), ("%", "percent"), ("USD", "USD"), ("người", "person"), ("đảng viên", "party-member"),
    ("ha", "hectare"), ("tấn", "tonne"), ("km", "kilometre"), ("Quần chúng ưu tú", "person"),
])
def test_written_units_map_to_the_unit_vocabulary(written, unit):
    assert cube.unit_iri(written) == cube.UNIT_BASE + unit


def test_a_unit_outside_the_vocabulary_keeps_only_its_written_form():
    assert cube.unit_iri("giàn") is None and cube.unit_iri("") is None


@pytest.mark.parametrize("written, year, key", [
    ("năm 2016", None, "2016"), ("Trong năm 2017", None, "2017"), ("tháng 1/2017", None, "2017-01"),
    ("quý I", 2017, "2017-Q1"), ("quý IV năm 2016", 2017, "2016-Q4"), ("quý I", None, None),
    ("giai đoạn 2014-2016", None, "2014-2016"), ("Từ năm 2008 đến nay", 2018, "2008-2018"),
    ("năm nay", 2017, "2017"), ("năm nay", None, None), ("năm qua", 2017, None),
])
def test_periods_as_written_become_reference_periods(written, year, key):
    assert cube.period_key(written, year) == key


def test_period_bounds():
    assert cube.period_bounds("2016") == ("2016-01-01", "2016-12-31")
    assert cube.period_bounds("2016-02") == ("2016-02-01", "2016-02-29")
    assert cube.period_bounds("2017-Q2") == ("2017-04-01", "2017-06-30")
    assert cube.period_bounds("2014-2016") == ("2014-01-01", "2016-12-31")


def test_new_event_kinds_have_classes_with_notations():
    import rdflib

    g = load_ontology()
    skos_notation = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#notation")
    for kind in ("inspection", "discipline", "appointment"):
        cls = rdflib.URIRef(EVENT_CLASSES[kind].value)
        assert (cls, rdflib.RDFS.subClassOf, rdflib.URIRef(BKG + "Event")) in g
        assert str(g.value(cls, skos_notation)) == kind
        assert {lit.language for lit in g.objects(cls, rdflib.RDFS.label)} >= {"vi", "en"}


def test_the_one_pass_duplicate_check_agrees_with_the_specifications_ic12(seed_store, monkeypatch):
    from kg.rdf import integrity

    triples = _triples(seed_store)
    stat = _one_statistic(triples)
    twin = ox.NamedNode(stat.value + "-twin")
    broken = triples | {ox.Triple(twin, t.predicate, t.object) for t in triples if t.subject == stat}
    monkeypatch.setattr(integrity, "QUADRATIC_IC12_LIMIT", 0)
    assert check_integrity(triples)["IC-12 No duplicate observations"]
    assert not check_integrity(broken)["IC-12 No duplicate observations"]
