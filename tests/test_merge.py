"""One graph from many bulletins: the same resolution, official and organization in different
surface forms are one node; namesakes in two provinces are two; curation changes the result as
declared; removing a bulletin removes what only it evidenced."""

import json
from pathlib import Path

import pytest

from kg.curation import apply_curation, load_curation
from kg.entities import find_candidates, list_entities
from kg.ingest import ingest
from kg.store import GraphStore

BULLETINS = Path(__file__).parent / "fixtures" / "merge" / "bulletins.jsonl"


@pytest.fixture()
def merged(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(BULLETINS)], store)
    yield store
    store.close()


def _by_name(store, entity_type):
    out = {}
    for e in list_entities(store, entity_type):
        out.setdefault(e.name, []).append(e)
    return out


def test_same_resolution_official_and_organization_are_one_node_each(merged):
    docs = _by_name(merged, "document")
    (res,) = docs["Nghị quyết số 22-NQ/TW"]
    assert res.bulletins == 3  # "22-NQ/TW", "22 - NQ/TW" in three bulletins
    (directive,) = docs["Chỉ thị số 05-CT/TW"]
    assert directive.bulletins == 2  # "Chỉ thị số 05-CT/TW" and "Chỉ thị 05 của Bộ Chính trị"
    people = _by_name(merged, "official")
    (vinh,) = people["Nguyễn Văn Vịnh"]  # "Đồng chí ..., Bí thư Tỉnh ủy" and "Bí thư Tỉnh ủy Lào Cai ..."
    assert vinh.bulletins == 2
    orgs = _by_name(merged, "organization")
    (ubnd,) = orgs["Ủy ban nhân dân tỉnh Lào Cai"]
    assert {"UBND tỉnh", "Ủy ban nhân dân tỉnh Lào Cai"} <= set(ubnd.aliases)
    (central,) = orgs["Ban Chấp hành Trung ương Đảng"]
    assert {"BCH TW", "Ban Chấp hành Trung ương khóa X"} <= set(central.aliases) and central.bulletins == 3


def test_namesakes_in_two_provinces_are_two_nodes_and_a_candidate(merged):
    hung = _by_name(merged, "official")["Nguyễn Văn Hùng"]
    assert len(hung) == 2
    # The Lào Cai person (two bulletins) keeps the plain IRI; the Yên Bái namesake is named by its home.
    assert sorted((e.iri.split("/")[-2], e.bulletins) for e in hung) == [("p-yen-bai", 1), ("person", 2)]
    cands = find_candidates(merged, "official")
    assert [(c.kind, {c.a.iri, c.b.iri}) for c in cands] == [("same-name", {e.iri for e in hung})]


def test_positions_over_time_are_single_queries(merged):
    rows = merged.select("""
        SELECT DISTINCT ?name ?date WHERE { GRAPH ?g {
          ?p a bkg:Position ; org:member ?who ; org:role/rdfs:label "Phó Chủ tịch"@vi ;
             org:organization/skos:prefLabel "Ủy ban nhân dân tỉnh Lào Cai"@vi ; bkg:statedOn ?date .
          ?who schema:name ?name . FILTER(YEAR(?date) = 2018) } } ORDER BY ?date""")
    assert [(r["name"], r["date"]) for r in rows] == [("Nguyễn Văn Hùng", "2018-03-05"), ("Nguyễn Văn Hùng", "2018-07-10")]
    posts = merged.select("""
        SELECT DISTINCT ?label ?date WHERE { GRAPH ?g {
          ?p org:member ?who ; bkg:positionLabel ?label ; bkg:statedOn ?date . ?who schema:name "Nguyễn Văn Vịnh"@vi } }
        ORDER BY ?date ?label""")
    assert [(r["label"], r["date"]) for r in posts] == [("Bí thư Tỉnh ủy", "2018-03-05"),
                                                       ("Bí thư Tỉnh ủy Lào Cai", "2018-07-10")]


def test_curation_merges_splits_and_is_recorded(merged, tmp_path):
    hung = sorted(e.iri for e in _by_name(merged, "official")["Nguyễn Văn Hùng"])
    (vinh,) = _by_name(merged, "official")["Nguyễn Văn Vịnh"]
    path = tmp_path / "curation.toml"
    path.write_text(f'''
[[same_as]]
keep = "{hung[0]}"
merge = "{hung[1]}"
reason = "one person, transferred"

[[split]]
node = "{vinh.iri}"
bulletins = ["lc-2018-07-10"]
reason = "a namesake"
''', encoding="utf-8")
    cur = load_curation(path)
    assert apply_curation(merged, cur) == 2
    before = merged.count_triples()
    apply_curation(merged, cur)  # idempotent
    assert merged.count_triples() == before
    people = _by_name(merged, "official")
    assert [e.iri for e in people["Nguyễn Văn Hùng"]] == [hung[0]]
    assert len(people["Nguyễn Văn Vịnh"]) == 2
    recorded = merged.select("SELECT ?why WHERE { GRAPH ?g { ?d a bkg:Curation ; rdfs:comment ?why } } ORDER BY ?why")
    assert [r["why"] for r in recorded] == ["a namesake", "one person, transferred"]
    assert find_candidates(merged, "official", cur) == []


def test_conflicting_curation_is_refused(tmp_path):
    from kg.curation import CurationError

    path = tmp_path / "c.toml"
    path.write_text('[[same_as]]\nkeep = "urn:a"\nmerge = "urn:b"\n[[not_same_as]]\na = "urn:b"\nb = "urn:a"\n')
    with pytest.raises(CurationError, match="declared different"):
        load_curation(path)
    path.write_text('[[same_as]]\nkeep = "Nguyễn Văn A"\nmerge = "urn:b"\n')
    with pytest.raises(CurationError, match="must be a node IRI"):
        load_curation(path)


def test_remove_keeps_shared_facts_and_drops_the_rest(merged):
    merged.remove_bulletin("yb-2018-04-02")
    people = _by_name(merged, "official")
    assert len(people["Nguyễn Văn Hùng"]) == 1
    assert "Tỉnh ủy Yên Bái" not in _by_name(merged, "organization")
    (res,) = _by_name(merged, "document")["Nghị quyết số 22-NQ/TW"]
    assert res.bulletins == 2


def test_cli_entities_candidates_remove(run_kg):
    assert run_kg("ingest", str(BULLETINS)).exit_code == 0
    out = json.loads(run_kg("entities", "--type", "document", "--json").output)
    assert out[0]["name"] == "Nghị quyết số 22-NQ/TW" and out[0]["bulletins"] == 3
    cands = json.loads(run_kg("candidates", "--type", "official", "--json", "--curation", "none.toml").output)
    assert len(cands) == 1 and cands[0]["kind"] == "same-name"
    assert "removed yb-2018-04-02" in run_kg("remove", "yb-2018-04-02").output
    missing = run_kg("remove", "nope")
    assert missing.exit_code != 0 and "not in the store" in missing.output


def test_ingest_applies_the_curation_file(run_kg, tmp_path):
    first = run_kg("ingest", str(BULLETINS), "--curation", str(tmp_path / "absent.toml"))
    assert first.exit_code == 0 and "curation" not in first.output
    cands = json.loads(run_kg("candidates", "--type", "official", "--json", "--curation", "x.toml").output)
    keep, merge = sorted([cands[0]["a"], cands[0]["b"]])
    cur = tmp_path / "curation.toml"
    cur.write_text(f'[[same_as]]\nkeep = "{keep}"\nmerge = "{merge}"\nreason = "reviewed"\n', encoding="utf-8")
    again = run_kg("ingest", str(BULLETINS), "--curation", str(cur), "--force")
    assert "curation: 1 decision(s)" in again.output
    names = [e["name"] for e in json.loads(run_kg("entities", "--type", "official", "--json").output)]
    assert names.count("Nguyễn Văn Hùng") == 1
