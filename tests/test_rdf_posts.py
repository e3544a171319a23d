"""Dates of positions, the assumed year of undated bulletins, and each post's interval over the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.rdf.posts import POST_INTERVALS_GRAPH, refresh_post_intervals
from kg.sparql.catalog import catalog_query
from kg.store import GraphStore

MERGE = Path(__file__).parent / "fixtures" / "merge" / "bulletins.jsonl"


def _records():
    return [json.loads(line) for line in MERGE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(tmp_path, records, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _stated(store, name):
    return sorted((r["statedOn"], r["dt"]) for r in store.select(f"""
        SELECT DISTINCT ?statedOn (DATATYPE(?s) AS ?dt) WHERE {{ GRAPH ?g {{
          ?p a bkg:Position ; org:member/schema:name "{name}"@vi ; bkg:statedOn ?s . BIND(STR(?s) AS ?statedOn) }} }}"""))


@pytest.fixture()
def merged_store(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(MERGE)], store, processes=1)
    yield store
    store.close()


def test_each_post_gets_an_interval_from_its_first_to_its_last_statement(merged_store):
    rows = merged_store.select(f"""
        SELECT DISTINCT ?begin ?end WHERE {{ GRAPH <{POST_INTERVALS_GRAPH}> {{
          ?post a org:Membership ; org:member ?person ;
                org:memberDuring [ a time:ProperInterval ;
                                   time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end ] }}
          GRAPH ?g {{ ?person schema:name "Nguyễn Văn Vịnh"@vi }} }}""".replace(
        "SELECT", "PREFIX time: <http://www.w3.org/2006/time#>\nSELECT", 1))
    assert [(r["begin"], r["end"]) for r in rows] == [("2018-03-05", "2018-07-10")]
    # Rebuilding is idempotent: the graph is derived from the positions, whole.
    before = merged_store.count_triples()
    assert refresh_post_intervals(merged_store) > 0
    assert merged_store.count_triples() == before


def test_who_held_a_post_in_a_year(merged_store):
    query = catalog_query("who-held-post-in-year")
    rows = merged_store.select(query.bind({"role": "Bí thư", "year": 2018}))
    assert "Nguyễn Văn Vịnh" in {r["name"] for r in rows}
    assert merged_store.select(query.bind({"role": "Bí thư", "year": 2016})) == []


def test_posts_of_an_official_in_order(merged_store):
    rows = merged_store.select(catalog_query("posts-of-official-in-order").bind({"name": "Nguyễn Văn Vịnh"}))
    assert rows and all(r["from"] <= r["to"] for r in rows)
    assert [r["from"] for r in rows] == sorted(r["from"] for r in rows)


def test_undated_bulletins_complete_their_dates_from_the_assumed_year(tmp_path):
    first = {k: v for k, v in _records()[0].items() if k != "date"}  # "Sáng 5/3, ... tổ chức Hội nghị"
    store = GraphStore(tmp_path / "store")
    ingest([str(_write(tmp_path, [first]))], store, processes=1, assume_year=2017)
    events = store.select("SELECT DISTINCT ?d WHERE { GRAPH ?g { ?e a bkg:Event ; schema:startDate ?d } }")
    assert [r["d"] for r in events] == ["2017-03-05"]
    # The assumed year is never the bulletin's own date...
    assert store.select("SELECT ?d WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:datePublished ?d } }") == []
    # ...and the positions are dated by the event the official took part in.
    assert _stated(store, "Nguyễn Văn Vịnh") == [("2017-03-05", "http://www.w3.org/2001/XMLSchema#date")]
    store.close()


def test_without_an_event_date_a_position_keeps_the_assumed_year_partial(tmp_path):
    record = {"id": "undated-1", "title": "Tin", "source": "Báo Lào Cai", "province": "Lào Cai",
              "text": "Đồng chí Nguyễn Văn Vịnh, Bí thư Tỉnh ủy, đã gửi thư chúc mừng các thầy cô giáo."}
    store = GraphStore(tmp_path / "store")
    ingest([str(_write(tmp_path, [record]))], store, processes=1, assume_year=2017)
    assert _stated(store, "Nguyễn Văn Vịnh") == [("2017", "http://www.w3.org/2001/XMLSchema#gYear")]
    store.close()
    plain = GraphStore(tmp_path / "plain")
    ingest([str(_write(tmp_path, [record], "plain.jsonl"))], plain, processes=1)
    assert _stated(plain, "Nguyễn Văn Vịnh") == []
    plain.close()


def test_a_dated_bulletin_ignores_the_assumed_year(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([str(_write(tmp_path, _records()[:1]))], store, processes=1, assume_year=2016)
    assert _stated(store, "Nguyễn Văn Vịnh") == [("2018-03-05", "http://www.w3.org/2001/XMLSchema#date")]
    store.close()


def test_kg_ingest_assume_year(run_kg, tmp_path):
    first = {k: v for k, v in _records()[0].items() if k != "date"}
    result = run_kg("ingest", str(_write(tmp_path, [first])), "--assume-year", "2017")
    assert result.exit_code == 0, result.output
    result = run_kg("query", "SELECT DISTINCT ?d WHERE { GRAPH ?g { ?e a bkg:Event ; schema:startDate ?d } }",
                    "--format", "csv")
    assert "2017-03-05" in result.output
    assert run_kg("ingest", str(MERGE), "--assume-year", "17").exit_code != 0


def test_a_pipeline_states_its_year(tmp_path):
    from kg.pipelines.definition import PipelineError, load_pipeline

    path = tmp_path / "p.toml"
    path.write_text(f'name = "p"\nyear = 2017\n[[sources]]\njsonl = "{MERGE}"\n', encoding="utf-8")
    assert load_pipeline(path).year == 2017
    path.write_text(f'name = "p"\nyear = "2017"\n[[sources]]\njsonl = "{MERGE}"\n', encoding="utf-8")
    with pytest.raises(PipelineError, match="year"):
        load_pipeline(path)
