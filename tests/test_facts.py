"""Facts of the kinds the ontology declares beside the built-in ones (kg.nlp.facts): the kinds are
read from the ontology, the component is configured by them, and mapping writes every kind from
what the ontology says of its fields."""

import pytest
from pyoxigraph import Quad

from kg.kinds import registry
from kg.nlp.facts import FACTS, load_rules
from kg.nlp.pipeline import extract, make_nlp
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.reading.sources import finish
from kg.records import Bulletin

BKG = "https://w3id.org/bulletin-kg/ontology#"
TEXT = ("Ủy ban Kiểm tra Trung ương quyết định thi hành kỷ luật bà Phan Thị Mỹ Thanh bằng hình thức cảnh cáo "
        "vì đã vi phạm quy chế làm việc.")


def _extraction(text=TEXT):
    b = Bulletin(id="f1", raw_text="Tin\n\n" + text, date="2017-06-10")
    finish(b)
    clean_bulletin(b)
    return extract(b)


def test_fact_kinds_and_their_fields_come_from_the_ontology():
    kind = registry().fact("disciplinary_measure")
    assert kind.extractor == "kg.nlp.discipline"
    assert [f.name for f in kind.fields] == ["person", "measure", "body", "reason", "date"]
    assert kind.field("measure").values["expulsion"] == BKG + "expulsion"
    assert kind.field("person").range == BKG + "Official"


def test_the_component_declares_what_it_reads_and_writes_and_refuses_an_unknown_kind():
    nlp = make_nlp()
    assert nlp.pipe_names[-1] == FACTS
    assert not any(nlp.analyze_pipes(pretty=False)["problems"].values())
    with pytest.raises(ValueError, match="unknown kind of fact 'promotion'"):
        load_rules(["promotion"])
    only = make_nlp(components=["bkg_dates", "bkg_officials", "bkg_organizations"])
    only.add_pipe(FACTS, config={"kinds": []})
    assert only.get_pipe(FACTS).rules == []


def _objects(quads: list[Quad], subject: str, prop: str) -> list[str]:
    return [q.object.value for q in quads if q.subject.value == subject and q.predicate.value == BKG + prop]


def test_a_fact_is_mapped_by_its_fields_ranges():
    x = _extraction()
    assert [f.kind for f in x.facts] == ["disciplinary_measure"]
    quads = map_extraction(x)
    (fact,) = {q.subject.value for q in quads if q.object.value == BKG + "DisciplinaryMeasure"}
    assert _objects(quads, fact, "measure") == [BKG + "warning"]
    (person,) = _objects(quads, fact, "disciplined")
    # A person with no post is an official node all the same, with the key resolution blocks on.
    assert BKG + "Official" in [q.object.value for q in quads if q.subject.value == person]
    assert _objects(quads, person, "blockingKey") == ["phan thi mi thanh"]  # y folded to i, as resolution spells names
    assert _objects(quads, person, "evidence")  # the name's own span, which the shapes require
    (body,) = _objects(quads, fact, "decidedBy")
    assert "/org/" in body
    assert _objects(quads, fact, "reason") == ["đã vi phạm quy chế làm việc"]
    assert _objects(quads, fact, "evidence")


def test_facts_are_in_the_json_records():
    out = _extraction().to_json()["facts"]
    assert out[0]["person"] == "Phan Thị Mỹ Thanh" and out[0]["measure"] == "warning"
    assert out[0]["evidence"]["quote"].startswith("Ủy ban Kiểm tra Trung ương")
