"""The acceptance of the core pipeline on the user's own sample bulletin, through the CLI's JSON and
through SPARQL on a real store."""

import json

import pytest

from kg.store import GraphStore


@pytest.fixture(scope="module")
def records(seed_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["extract", str(seed_path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_one_event_with_organizer_date_plan_and_reviewed_resolution(records):
    (event,) = records["events"]
    assert event["kind"] == "conference"
    assert event["name"].startswith("Hội nghị tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW")
    assert event["date"] == "2018-06-01"
    assert event["organizers"] == ["Ban Thường vụ Đảng ủy khối các cơ quan tỉnh"]
    assert event["implements"] == ["67-KH/TU"]
    assert event["reviews"] == ["22-NQ/TW"]
    assert event["chaired_by"] == ["Lại Văn Hanh"]
    assert "Phạm Sỹ Lợi" in event["attended_by"] and "Phạm Sỹ Lợi" in event["speakers"]


def test_documents(records):
    docs = {d["number"]: d for d in records["documents"] if d["number"]}
    assert set(docs) == {"22-NQ/TW", "67-KH/TU", "03-CT/TW", "05-CT/TW"}
    plan = docs["67-KH/TU"]
    assert (plan["type"], plan["date"], plan["issuer"]) == ("plan", "2018-04-13", "Ban Thường vụ Tỉnh ủy")
    res = docs["22-NQ/TW"]
    assert (res["type"], res["date"]) == ("resolution", "2008-02-02")
    assert res["issuer"] == "Ban Chấp hành Trung ương khóa X"
    assert res["session"] == "Hội nghị lần thứ 6"
    assert res["title"].startswith("Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng")
    assert (docs["03-CT/TW"]["type"], docs["03-CT/TW"]["date"], docs["03-CT/TW"]["issuer"]) == \
        ("directive", "2011-05-14", "Bộ Chính trị")
    assert (docs["05-CT/TW"]["type"], docs["05-CT/TW"]["date"], docs["05-CT/TW"]["issuer"]) == \
        ("directive", "2016-05-15", "Bộ Chính trị")
    named = {d["name"] for d in records["documents"] if not d["number"]}
    assert named == {"Nghị quyết Trung ương 4 khóa XI", "Nghị quyết Trung ương 4 khóa XII"}


def test_officials_each_once_with_positions(records):
    officials = {o["name"]: o["positions"] for o in records["officials"]}
    assert officials == {
        "Phạm Sỹ Lợi": ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"],
        "Lại Văn Hanh": ["Tỉnh ủy viên", "Bí thư Đảng ủy Khối"],
    }


EXPECTED_STATISTICS = {
    (21, "lớp"), (1372, "quần chúng ưu tú"), (20, "lớp"), (1235, "đảng viên dự bị"), (10, "lớp"),
    (1206, "đảng viên"), (945, "đồng chí"), (78.4, "%"), (800, "chuyên đề"), (356, "lượt tổ chức đảng"),
    (193, "lượt đảng viên"), (306, "lượt tổ chức đảng"), (213, "lượt đảng viên"), (92, "đảng viên"),
}


def test_the_fourteen_statistics_and_nothing_else(records):
    stats = records["statistics"]
    got = {(s["value"], s["unit"] if s["unit"] in {u for _, u in EXPECTED_STATISTICS} else s["unit"].split()[0])
           for s in stats}
    assert len(stats) == 14
    assert got == EXPECTED_STATISTICS
    over = [s for s in stats if s["value"] == 800]
    assert over[0]["qualifier"] == "trên"
    # No statistic is made from a date, a document number, "lần thứ 6", "10 năm" or "cả 5 mặt".
    values = {s["value"] for s in stats}
    assert not values & {2008, 2018, 22, 67, 6, 5, 2, 13, 4, 1, 3}


def test_store_answers_the_same_through_sparql(seed_store: GraphStore):
    rows = seed_store.select("""
        SELECT DISTINCT ?kind ?date ?org ?plan ?res ?chair WHERE { GRAPH ?g {
          ?e a bkg:Event, ?kind ; schema:startDate ?date ; bkg:organizer/rdfs:label ?org ;
             bkg:implements/bkg:documentNumber ?plan ; bkg:reviews/bkg:documentNumber ?res ;
             bkg:chairedBy/schema:name ?chair .
          FILTER(?kind != bkg:Event && STRSTARTS(STR(?kind), STR(bkg:))) } }""")
    assert rows == [{"kind": "https://w3id.org/bulletin-kg/ontology#Conference", "date": "2018-06-01",
                     "org": "Ban Thường vụ Đảng ủy khối các cơ quan tỉnh", "plan": "67-KH/TU",
                     "res": "22-NQ/TW", "chair": "Lại Văn Hanh"}]
    res = seed_store.select("""
        SELECT DISTINCT ?date ?issuer ?title WHERE { GRAPH ?g {
          ?d bkg:documentNumber "22-NQ/TW" ; bkg:documentDate ?date ; bkg:issuer/rdfs:label ?issuer ;
             bkg:title ?title } }""")
    assert len(res) == 1 and res[0]["date"] == "2008-02-02"
    assert res[0]["issuer"] == "Ban Chấp hành Trung ương khóa X"
    positions = seed_store.select("""
        SELECT DISTINCT ?name ?label WHERE { GRAPH ?g {
          ?p a bkg:Position ; org:member/schema:name ?name ; bkg:positionLabel ?label } } ORDER BY ?name ?label""")
    assert [(r["name"], r["label"]) for r in positions] == [
        ("Lại Văn Hanh", "Bí thư Đảng ủy Khối"), ("Lại Văn Hanh", "Tỉnh ủy viên"),
        ("Phạm Sỹ Lợi", "Chủ tịch Hội đồng nhân dân tỉnh"), ("Phạm Sỹ Lợi", "Phó Bí thư Thường trực Tỉnh ủy")]
    n_stats = seed_store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a bkg:Statistic } }")
    assert n_stats == [{"n": 14}]
    people = seed_store.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a bkg:Official } }")
    assert len(people) == 2


def test_every_fact_is_traceable_to_its_sentence(seed_store: GraphStore, seed_path):
    rows = seed_store.select("""
        SELECT DISTINCT ?quote ?start ?end ?text WHERE { GRAPH ?g {
          ?s a bkg:Statistic ; bkg:value 1372.0 ; bkg:evidence ?ev .
          ?ev bkg:quote ?quote ; bkg:startOffset ?start ; bkg:endOffset ?end ; prov:wasDerivedFrom ?b .
          ?b bkg:text ?text } }""")
    (row,) = rows
    assert row["quote"] == "1372 quần chúng ưu tú"
    assert row["text"][row["start"]:row["end"]] == row["quote"]


def test_graph_conforms_and_reingest_changes_nothing(run_kg, seed_path):
    first = run_kg("ingest", str(seed_path), "--json")
    assert first.exit_code == 0
    added = json.loads(first.output)["triples_added"]
    assert added > 0
    second = run_kg("ingest", str(seed_path), "--json")
    summary = json.loads(second.output)
    assert summary["unchanged"] == 1 and summary["triples_added"] == 0
    forced = run_kg("ingest", str(seed_path), "--json", "--force")
    assert json.loads(forced.output)["triples_total"] == summary["triples_total"]
    check = run_kg("validate")
    assert check.exit_code == 0, check.output
    assert check.output.startswith("conforms")
