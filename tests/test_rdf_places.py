"""Places as resources: provinces and districts with their official codes (before and after the 2025
reform), countries with ISO codes, and the links from events, scopes and statistics to them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.nlp.pipeline import extract
from kg.rdf import places
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.reading.sources import read_sources

ID = "https://w3id.org/bulletin-kg/id/place/"
BKG = "https://w3id.org/bulletin-kg/ontology#"
MERGE = Path(__file__).parent / "fixtures" / "merge" / "bulletins.jsonl"


def test_provinces_have_their_official_codes_and_the_2025_successor():
    lao_cai, yen_bai = places.province("Lào Cai"), places.province("tỉnh Yên Bái")
    assert (lao_cai.code, lao_cai.iri) == ("10", ID + "vn/province/10")
    assert yen_bai.code == "15"
    merged = places.province("Lào Cai", on="2025-08-01")
    assert merged.iri == ID + "vn/province-2025/15"
    assert lao_cai.replaced_by == yen_bai.replaced_by == merged.iri
    # An old name that the reform retired still resolves, and leads to its successor.
    assert places.province("Yên Bái", on="2025-08-01").iri == merged.iri
    assert places.province("Hà Nội").replaced_by == ID + "vn/province-2025/01"


@pytest.mark.parametrize("written", ["Thanh Hoá", "Thanh Hóa", "Bà Rịa-Vũng Tàu", "TP.HCM", "Thừa Thiên Huế", "thành phố Hà Nội"])
def test_spellings_of_a_province_resolve(written):
    assert places.province(written) is not None


def test_every_province_of_the_lexicon_and_its_scope_key_resolve():
    from kg.nlp.lexicon import PROVINCES
    from kg.rdf.resolve import scope_of

    assert [p for p in PROVINCES if places.province(p) is None] == []
    assert [p for p in PROVINCES if places.scope_place(scope_of(p, None, "x")) is None] == []


def test_districts_resolve_within_their_province_and_countries_by_iso_code():
    d = places.place_in("tại huyện Bảo Thắng", province_hint="Lào Cai")
    assert (d.level, d.name, d.parent) == ("district", "Huyện Bảo Thắng", ID + "vn/province/10")
    assert places.place_in("tại Hội trường Tỉnh ủy Lào Cai").iri == ID + "vn/province/10"
    assert places.place_in("tại Thủ đô Washington, Mỹ").iri == ID + "country/US"
    assert places.place_in("tại Hội trường lớn") is None
    assert places.scope_place("c-us").code == "US" and places.scope_place("vn").code == "VN"


@pytest.fixture(scope="module")
def lao_cai_triples():
    record = json.loads(MERGE.read_text(encoding="utf-8").splitlines()[0])  # Báo Lào Cai, 2018-03-05
    path = Path(__file__).parent / "fixtures" / "merge" / "bulletins.jsonl"
    b = clean_bulletin(next(item for item in read_sources([str(path)]) if item.id == record["id"]))
    x = extract(b)
    x.events[0].place = "huyện Bảo Thắng"
    x.statistics[0].about = "tỉnh Lào Cai"
    return {(q.subject.value, q.predicate.value, q.object.value) for q in map_extraction(x)}


def test_event_places_statistic_areas_and_scopes_link_to_place_resources(lao_cai_triples):
    t = lao_cai_triples
    prov = "http://www.w3.org/ns/prov#atLocation"
    assert {o for s, p, o in t if p == prov} == {ID + "vn/district/086"}
    assert {o for s, p, o in t if p == BKG + "about"} == {ID + "vn/province/10"}
    bulletins = {s for s, p, o in t if o == BKG + "Bulletin"}
    assert {o for s, p, o in t if p == BKG + "scopeArea" and s in bulletins} == {ID + "vn/province/10"}
    orgs = {s for s, p, o in t if s.endswith("tinh-uy-0e55b9")}
    assert {o for s, p, o in t if p == BKG + "scopeArea" and s in orgs} == {ID + "vn/province/10"}
    # The places are described in the graph: code, name, what contains them, what replaced them.
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (ID + "vn/district/086", skos + "notation", "086") in t
    assert (ID + "vn/district/086", "https://schema.org/containedInPlace", ID + "vn/province/10") in t
    assert (ID + "vn/province/10", "http://purl.org/dc/terms/isReplacedBy", ID + "vn/province-2025/15") in t
    assert (ID + "vn/province-2025/15", skos + "notation", "15") in t
