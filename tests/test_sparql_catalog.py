"""Every catalog query returns its expected answer on the sample graph (the user's bulletin plus three
small bulletins that cite the same documents), with exact row counts. The queries read the merged
default graph (each statement once), so they need neither GRAPH nor DISTINCT; a join that multiplies
rows shows up here as extra rows. Parameters default to any value, so every query answers on any store."""

from __future__ import annotations

import re

import pytest
from sparql_servers import build_sample_store

from kg.cli import main
from kg.sparql.binding import BindingError
from kg.sparql.catalog import catalog_query, load_catalog
from kg.store import GraphStore


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    folder = build_sample_store(tmp_path_factory.mktemp("catalog") / "store")
    # Read-only: nothing to flush or close (GraphStore.close flushes, which a read-only store refuses).
    return GraphStore(folder, read_only=True)


def run(store: GraphStore, query_name: str, **values) -> list[dict]:
    return store.select(catalog_query(query_name).bind(values))


def cols(rows: list[dict], *names: str) -> list[tuple]:
    return [tuple(r.get(n) for n in names) for r in rows]


def test_catalog_has_at_least_twelve_questions_each_stated_and_runnable_as_plain_sparql():
    catalog = load_catalog()
    assert len(catalog) >= 12
    for q in catalog:
        assert q.text.startswith("# ") and q.question.endswith("?"), q.name
        assert "PREFIX bkg:" in q.text, f"{q.name} must declare its prefixes to run in any store"
        assert "SELECT DISTINCT" not in q.text, f"{q.name}: the merged default graph holds each statement once"
        if "GRAPH" in q.text:  # only where a count or a join is of bulletins' graphs, and said so
            assert re.search(r"#.*(graph|GRAPH)", q.text), f"{q.name} uses GRAPH without saying why"
        for p in q.parameters:
            assert p.description and p.default == "UNDEF", (q.name, p)


def test_every_question_answers_with_its_defaults(sample_store):
    for q in load_catalog():
        assert sample_store.select(q.bind()), f"{q.name} returns no rows with its defaults"


def test_events_per_organizer_per_year(sample_store):
    rows = run(sample_store, "events-per-organizer-per-year")
    assert cols(rows, "organizerLabel", "year", "events") == [
        ("Ban Thường vụ Tỉnh ủy", 2017, 1),
        ("Ban Thường vụ Đảng ủy khối các cơ quan tỉnh", 2018, 1),
        ("Ban Tuyên giáo Tỉnh ủy", 2019, 1),
        ("Đảng ủy Khối các cơ quan tỉnh", 2019, 1),
    ]


def test_documents_most_reviewed(sample_store):
    # The 2019 bulletin's "Hội nghị quán triệt Nghị quyết số 22-NQ/TW" carries it out (README "Roles, one
    # convention": "quán triệt" implements), so only the 2017 and 2018 reviews count.
    rows = run(sample_store, "documents-most-reviewed")
    assert cols(rows, "number", "reviews", "first", "last") == [("22-NQ/TW", 2, "2017-11-20", "2018-06-01")]


def test_resolutions_reviewed_in_a_year(sample_store):
    assert cols(run(sample_store, "resolutions-reviewed-in-year", year=2017), "number", "reviews") == [("22-NQ/TW", 1)]
    assert cols(run(sample_store, "resolutions-reviewed-in-year"), "number", "reviews") == [("22-NQ/TW", 2)]
    assert run(sample_store, "resolutions-reviewed-in-year", year=2019) == []
    assert run(sample_store, "resolutions-reviewed-in-year", year="2016") == []


def test_documents_most_cited(sample_store):
    rows = run(sample_store, "documents-most-cited")
    assert len(rows) == 6
    # Labels, not IRIs: how document IRIs are minted belongs to entity resolution.
    by_label = {r["label"]: r["bulletins"] for r in rows}
    assert by_label["Kế hoạch số 67-KH/TU"] == 3
    assert next(v for k, v in by_label.items() if k.endswith("22-NQ/TW")) == 3
    assert by_label["Chỉ thị số 05-CT/TW"] == 2
    assert by_label["Chỉ thị số 03-CT/TW"] == 1
    assert [r["bulletins"] for r in rows] == sorted((r["bulletins"] for r in rows), reverse=True)


def test_bulletins_citing_a_document(sample_store):
    rows = run(sample_store, "bulletins-citing-document", number="22-NQ/TW")
    assert cols(rows, "published") == [("2017-11-20",), ("2018-06-01",), ("2019-03-15",)]
    rows = run(sample_store, "bulletins-citing-document", number="05-CT/TW")
    assert cols(rows, "published") == [("2018-06-01",), ("2019-03-15",)]


def test_officials_by_position_and_date(sample_store):
    rows = run(sample_store, "officials-by-position")
    assert len(rows) == 15
    assert ("Phạm Sỹ Lợi", "Phó Bí thư Thường trực Tỉnh ủy", "2017-11-20") in cols(rows, "name", "position", "statedOn")
    assert sorted(r["statedOn"] for r in rows if r["position"] == "Trưởng Ban Tuyên giáo Tỉnh ủy") == [
        "2019-03-15", "2019-09-05"]


def test_positions_of_one_official_in_order(sample_store):
    rows = run(sample_store, "positions-of-official", name="Phạm Sỹ Lợi")
    assert cols(rows, "position", "firstStated", "lastStated", "bulletins") == [
        ("Phó Bí thư Thường trực Tỉnh ủy", "2017-11-20", "2019-09-05", 4),
        ("Chủ tịch Hội đồng nhân dân tỉnh", "2018-06-01", "2019-09-05", 3),
    ]
    rows = run(sample_store, "positions-of-official", name="Hoàng Thị Mai")
    assert cols(rows, "position", "bulletins") == [("Trưởng Ban Tuyên giáo Tỉnh ủy", 2)]


def test_events_implementing_a_plan(sample_store):
    rows = run(sample_store, "events-implementing-plan", number="67-KH/TU")
    assert cols(rows, "date", "organizers") == [
        ("2018-06-01", "Ban Thường vụ Đảng ủy khối các cơ quan tỉnh"),
        ("2019-03-15", "Đảng ủy Khối các cơ quan tỉnh"),
        ("2019-09-05", "Ban Tuyên giáo Tỉnh ủy"),
    ]
    # reviewed in 2017 and 2018 ("sơ kết", "tổng kết ... thực hiện"), carried out in 2019 ("quán triệt")
    rows = run(sample_store, "events-implementing-plan", number="22-NQ/TW")
    assert cols(rows, "date", "name") == [("2019-03-15", "Hội nghị quán triệt Nghị quyết số 22-NQ/TW")]


def test_chairs_of_events_implementing_a_plan(sample_store):
    rows = run(sample_store, "chairs-of-events-implementing", number="67-KH/TU")
    assert cols(rows, "name", "eventsChaired") == [("Lại Văn Hanh", 2), ("Hoàng Thị Mai", 1)]


def test_statistic_of_one_kind_over_time(sample_store):
    rows = run(sample_store, "statistic-over-time", unit="đảng viên")
    assert cols(rows, "published", "value") == [
        ("2017-11-20", 1105.0), ("2018-06-01", 92.0), ("2018-06-01", 1206.0),
        ("2019-03-15", 1302.0), ("2019-09-05", 1350.0)]
    assert cols(run(sample_store, "statistic-over-time", unit="quần chúng ưu tú"), "value") == [(1372.0,)]


def test_co_attendance_of_officials(sample_store):
    rows = run(sample_store, "co-attendance")
    assert cols(rows, "nameA", "nameB", "sharedEvents") == [
        ("Lại Văn Hanh", "Phạm Sỹ Lợi", 3),
        ("Hoàng Thị Mai", "Phạm Sỹ Lợi", 2),
        ("Hoàng Thị Mai", "Lại Văn Hanh", 1),
    ]


def test_events_of_an_official(sample_store):
    rows = run(sample_store, "events-of-official", name="Lại Văn Hanh")
    assert cols(rows, "date", "role") == [
        ("2017-11-20", "https://w3id.org/bulletin-kg/ontology#chaired"),
        ("2018-06-01", "https://w3id.org/bulletin-kg/ontology#chaired"),
        ("2019-03-15", "https://w3id.org/bulletin-kg/ontology#chaired"),
    ]
    rows = run(sample_store, "events-of-official", name="Phạm Sỹ Lợi")
    assert {r["date"] for r in rows} == {"2017-11-20", "2018-06-01", "2019-03-15", "2019-09-05"}


def test_bulletins_per_year(sample_store):
    assert cols(run(sample_store, "bulletins-per-year"), "year", "bulletins") == [(2017, 1), (2018, 1), (2019, 2)]


def test_documents_by_issuer(sample_store):
    rows = run(sample_store, "documents-by-issuer")
    pairs = set(cols(rows, "issuerLabel", "number"))
    assert {("Bộ Chính trị", "03-CT/TW"), ("Bộ Chính trị", "05-CT/TW"), ("Ban Thường vụ Tỉnh ủy", "67-KH/TU"),
            ("Ban Chấp hành Trung ương khóa X", "22-NQ/TW")} <= pairs
    assert len(rows) == len(pairs)


def test_evidence_for_chairing(sample_store):
    rows = run(sample_store, "evidence-for-chairing", name="Lại Văn Hanh")
    assert len(rows) == 3
    for r in rows:
        assert "Lại Văn Hanh" in r["quote"] and "chủ trì" in r["quote"]
        assert r["start"] < r["end"]


def test_nodes_per_class(sample_store):
    counts = {r["class"].rsplit("#", 1)[1]: r["nodes"] for r in run(sample_store, "nodes-per-class")}
    assert counts["Bulletin"] == 4 and counts["Official"] == 3 and counts["Event"] == 4
    assert counts["Plan"] == 1 and counts["Document"] == 6


def test_binding_refuses_unknown_parameters_and_wrong_kinds():
    with pytest.raises(BindingError, match="no parameter"):
        catalog_query("bulletins-citing-document").bind({"numbr": "22-NQ/TW"})
    with pytest.raises(BindingError, match="not a valid integer"):
        catalog_query("resolutions-reviewed-in-year").bind({"year": "2017 } DROP ALL"})


def test_kg_catalog_commands(tmp_path, sample_store):
    from click.testing import CliRunner

    runner = CliRunner()
    listed = runner.invoke(main, ["catalog", "list"])
    assert listed.exit_code == 0 and "events-implementing-plan" in listed.output
    shown = runner.invoke(main, ["catalog", "show", "events-implementing-plan", "-p", "number=22-NQ/TW"])
    assert 'VALUES ?number { "22-NQ/TW" }' in shown.output
    ran = runner.invoke(main, ["--store", str(sample_store.path), "catalog", "run", "chairs-of-events-implementing",
                               "-p", "number=67-KH/TU", "--format", "csv"])
    assert ran.exit_code == 0, ran.output
    assert [line.split(",", 1)[1] for line in ran.output.splitlines()[1:]] == ["Lại Văn Hanh,2", "Hoàng Thị Mai,1"]
    bad = runner.invoke(main, ["catalog", "run", "no-such-question"])
    assert bad.exit_code != 0 and "no catalog query named" in bad.output
