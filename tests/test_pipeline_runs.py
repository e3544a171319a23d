"""Incremental runs on a real Oxigraph store, with feeds and pages served on 127.0.0.1: only new
items are ingested, an edited item replaces its graph and nothing else changes, a bad item is
quarantined while the others go in, and every run is recorded as a PROV-O activity."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace

import pytest
from click.testing import CliRunner
from test_pipeline_helpers import ARTICLES, atom, bulletin_quads, graphs_of, rss, site, toml_list, write_pipeline

from kg.cli import main
from kg.pipelines import StoreLocked, execute, load_pipeline
from kg.pipelines.provenance import is_record_graph, recent_runs
from kg.pipelines.target import resolve_target, store_lock
from kg.rdf.iri import bulletin_iri, graph_iri
from kg.store import GraphStore

PROV_GENERATED = "http://www.w3.org/ns/prov#wasGeneratedBy"


def feed_pipeline(tmp_path, feed_url: str, **extra) -> object:
    body = f'''name = "lao-cai"
publisher = "Báo Lào Cai"
province = "Lào Cai"
[[sources]]
feed = "{feed_url}"
[store]
path = "store"
[run]
batch_size = 2
'''
    return load_pipeline(write_pipeline(tmp_path, "lao-cai", body))


def generated_by(store_path) -> dict[str, str]:
    store = GraphStore(store_path, read_only=True)
    rows = store.select(f"SELECT ?b ?run WHERE {{ GRAPH ?g {{ ?b <{PROV_GENERATED}> ?run }} }}")
    del store
    out = {}
    for r in rows:
        assert r["b"] not in out, f"{r['b']} has two generating runs"
        out[r["b"]] = r["run"]
    return out


def test_feed_three_then_two_more_then_one_edited(tmp_path, site):
    url = site.publish_feed(ARTICLES[:3])
    pipeline = feed_pipeline(tmp_path, url)
    store_path = tmp_path / "store"

    first = execute(pipeline)
    assert first.record.status == "completed"
    assert (first.record.counts["added"], first.record.counts["unchanged"]) == (3, 0)
    after_first = graphs_of(bulletin_quads(store_path))
    ids = [f"{site.base}/bai/{a.slug}.html" for a in ARTICLES[:5]]
    assert set(after_first) == {graph_iri(i) for i in ids[:3]}

    # Two more items at the top of the feed, as publishers add them.
    site.publish_feed([ARTICLES[4], ARTICLES[3], *ARTICLES[:3]])
    second = execute(pipeline)
    c = second.record.counts
    assert (c["read"], c["added"], c["replaced"], c["unchanged"]) == (5, 2, 0, 3)
    after_second = graphs_of(bulletin_quads(store_path))
    assert set(after_second) == {graph_iri(i) for i in ids}
    for g in after_first:  # the three earlier bulletins are untouched, triple for triple
        assert after_second[g] == after_first[g]

    # The publisher corrects a figure in one article.
    edited = replace(ARTICLES[1], paragraphs=(*ARTICLES[1].paragraphs[:2],
                                              ARTICLES[1].paragraphs[2].replace("10,5%", "10,8%")))
    site.publish_feed([ARTICLES[4], ARTICLES[3], ARTICLES[0], edited, ARTICLES[2]])
    third = execute(pipeline)
    c = third.record.counts
    assert (c["added"], c["replaced"], c["unchanged"], c["quarantined"]) == (0, 1, 4, 0)
    after_third = graphs_of(bulletin_quads(store_path))
    changed = graph_iri(ids[1])
    assert set(after_third) == set(after_second)
    for g in after_third:
        if g != changed:
            assert after_third[g] == after_second[g], g
    assert after_third[changed] != after_second[changed]
    texts = [o for s, p, o in after_third[changed] if p.endswith("ontology#text>")]
    assert len(texts) == 1 and "10,8%" in texts[0] and "10,5%" not in texts[0]

    # Each bulletin points to the run that wrote its current version.
    links = generated_by(store_path)
    assert links == {bulletin_iri(ids[0]): first.record.iri, bulletin_iri(ids[2]): first.record.iri,
                     bulletin_iri(ids[3]): second.record.iri, bulletin_iri(ids[4]): second.record.iri,
                     bulletin_iri(ids[1]): third.record.iri}

    # Publisher and province scope the bulletins; the feed's date is the article's.
    store = GraphStore(store_path, read_only=True)
    row = store.select(f"""SELECT ?pub ?prov ?date WHERE {{ GRAPH ?g {{ <{bulletin_iri(ids[0])}>
        schema:publisher ?pub ; schema:spatialCoverage ?prov ; schema:datePublished ?date }} }}""")
    assert row == [{"pub": "Báo Lào Cai", "prov": "Lào Cai", "date": "2018-06-01"}]
    runs = recent_runs(store)
    del store
    assert [r["run"] for r in runs] == [third.record.iri, second.record.iri, first.record.iri]
    assert all(r["status"] == "completed" and r["version"] for r in runs)
    assert [(r["read"], r["added"], r["replaced"], r["unchanged"]) for r in runs] == [(5, 0, 1, 4), (5, 2, 0, 3), (3, 3, 0, 0)]
    # As instants, not strings: the store writes xsd:dateTime in canonical form, trailing zeros of the
    # fraction dropped, so "…:53.7Z" and "…:53.738Z" do not compare as text.
    assert all(dt.datetime.fromisoformat(str(r["end"])) >= dt.datetime.fromisoformat(str(r["start"])) for r in runs)


def test_run_record_is_a_prov_activity_in_its_own_graph(tmp_path, site):
    pipeline = feed_pipeline(tmp_path, site.publish_feed(ARTICLES[:2]))
    result = execute(pipeline)
    store = GraphStore(tmp_path / "store", read_only=True)
    rows = store.select(f"""SELECT ?g ?plan ?name ?agent ?version ?start ?end ?status ?added WHERE {{ GRAPH ?g {{
        <{result.record.iri}> a prov:Activity, bkg:PipelineRun ; prov:used ?plan ; prov:wasAssociatedWith ?agent ;
            prov:startedAtTime ?start ; prov:endedAtTime ?end ; bkg:runStatus ?status ; bkg:bulletinsAdded ?added .
        ?plan a prov:Plan ; schema:name ?name .
        ?agent a prov:SoftwareAgent ; schema:softwareVersion ?version . }} }}""")
    del store
    from kg import __version__

    assert len(rows) == 1
    r = rows[0]
    assert r["g"] == graph_iri("run/" + result.record.run_id)
    assert (r["name"], r["version"], r["status"], r["added"]) == ("lao-cai", __version__, "completed", 2)
    assert r["start"] <= r["end"]


def test_malformed_items_are_quarantined_and_the_others_ingested(tmp_path, site):
    good = ARTICLES[5:8]
    no_id = "<item><title>Tin không có liên kết</title><description>Nội dung ngắn.</description></item>"
    no_text = (f"<item><title>Chỉ có tiêu đề</title><guid>{site.base}/bai/chi-co-tieu-de</guid>"
               "<pubDate>Mon, 16 Jul 2018 08:00:00 +0700</pubDate></item>")
    feed_file = tmp_path / "feed.xml"
    feed_file.write_text(rss([good[0], no_id, good[1], no_text], base=site.base), encoding="utf-8")
    atom_file = tmp_path / "feed.atom"
    atom_file.write_text(atom([ARTICLES[8]], base=site.base), encoding="utf-8")
    pages = site.publish_pages([good[2]]) + [f"{site.base}/bai/da-go-bo.html"]  # the second one is gone: 404
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text(json.dumps({"id": "jsonl-1", "title": ARTICLES[9].title, "text": "\n\n".join(ARTICLES[9].paragraphs),
                                 "source": "Báo Lào Cai"}, ensure_ascii=False) + "\n{\"id\": \"jsonl-2\", \"text\": \n",
                     encoding="utf-8")
    body = f'''name = "mixed"
publisher = "Báo Lào Cai"
province = "Lào Cai"
[[sources]]
feed = "feed.xml"
[[sources]]
feed = "feed.atom"
[[sources]]
pages = {toml_list(pages)}
[[sources]]
jsonl = "dump.jsonl"
[store]
path = "store"
'''
    pipeline = load_pipeline(write_pipeline(tmp_path, "mixed", body))
    result = execute(pipeline)
    c = result.record.counts
    assert (c["read"], c["added"], c["quarantined"]) == (9, 5, 4)

    quarantine = tmp_path / "quarantine" / "mixed.jsonl"  # next to the store by default
    records = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    by_reason = {r["reason"].split(" (")[0].split(":")[0]: r for r in records}
    assert all(set(r) >= {"source", "id", "reason"} for r in records)
    assert by_reason["feed item has neither a guid/id nor a link, so it cannot be tracked between runs"]["id"] is None
    no_text_rec = next(r for r in records if "no text" in r["reason"])
    assert no_text_rec["id"] == f"{site.base}/bai/chi-co-tieu-de" and no_text_rec["source"].endswith("feed.xml#item4")
    gone = next(r for r in records if r["source"].endswith("da-go-bo.html"))
    assert gone["reason"] == "HTTP 404 Not Found"
    bad_line = next(r for r in records if r["source"].endswith("dump.jsonl:2"))
    assert bad_line["reason"].startswith("not JSON")
    assert all(r["pipeline"] == "mixed" and r["run"] == result.record.iri for r in records)

    store = GraphStore(tmp_path / "store", read_only=True)
    ids = set(store.bulletin_ids())
    del store
    assert ids == {f"{site.base}/bai/{good[0].slug}.html", f"{site.base}/bai/{good[1].slug}.html",
                   f"{site.base}/bai/{good[2].slug}.html", f"tag:baolaocai.example.vn,2018:{ARTICLES[8].slug}",
                   "jsonl-1"}

    # The same broken items on the next run: counted again, but written to the file only once.
    again = execute(pipeline)
    assert (again.record.counts["quarantined"], again.record.counts["unchanged"]) == (4, 5)
    assert len(quarantine.read_text(encoding="utf-8").splitlines()) == 4


def test_pages_are_extracted_with_trafilatura_not_tag_stripping(tmp_path, site):
    a = ARTICLES[10]
    urls = site.publish_pages([a])
    body = f'''[[sources]]
pages = {toml_list(urls)}
publisher = "Báo Lào Cai"
[store]
path = "store"
'''
    result = execute(load_pipeline(write_pipeline(tmp_path, "pages", body)))
    assert result.record.counts["added"] == 1
    store = GraphStore(tmp_path / "store", read_only=True)
    (row,) = store.select(f"""SELECT ?text ?title ?date ?author WHERE {{ GRAPH ?g {{ <{bulletin_iri(urls[0])}>
        bkg:text ?text ; schema:headline ?title ; schema:datePublished ?date ; schema:author ?author }} }}""")
    del store
    assert row["title"] == a.title and row["date"] == "2018-07-13" and row["author"] == "Văn phòng Đảng ủy khối"
    assert "Hội nghị lần thứ 15" in row["text"]
    for furniture in ("Trang chủ", "Tin khác 1", "Giấy phép"):  # menus, related links and footer are dropped
        assert furniture not in row["text"]


def test_fetch_pages_reads_the_linked_article_for_summary_only_feeds(tmp_path, site):
    articles = ARTICLES[:2]
    site.publish_pages(articles)
    url = site.publish_feed(articles, full_text=False)
    body = f'''[[sources]]
feed = "{url}"
fetch_pages = true
[store]
path = "store"
'''
    result = execute(load_pipeline(write_pipeline(tmp_path, "summaries", body)))
    assert result.record.counts["added"] == 2
    assert {f"/bai/{a.slug}.html" for a in articles} <= set(site.requests)
    store = GraphStore(tmp_path / "store", read_only=True)
    texts = [r["t"] for r in store.select("SELECT ?t WHERE { GRAPH ?g { ?b bkg:text ?t } }")]
    del store
    assert any("Nghị quyết số 22-NQ/TW" in t and "78,40%" in t for t in texts)  # the page's full text


def test_a_second_run_waits_for_the_lock_then_gives_up_with_a_clear_error(tmp_path, site):
    pipeline = feed_pipeline(tmp_path, site.publish_feed(ARTICLES[:1]))
    target = resolve_target(pipeline)
    held, release = threading.Event(), threading.Event()

    def hold():
        with store_lock(target, timeout=5, pipeline="other"):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(StoreLocked, match=r"locked by pipeline 'other', pid \d+.*gave up after 0.3 s"):
            execute(pipeline, lock_timeout=0.3)
    finally:
        release.set()
        t.join()
    assert not (tmp_path / "store").exists()  # nothing was opened or written
    assert execute(pipeline, lock_timeout=1).record.counts["added"] == 1


def test_cli_run_and_runs(tmp_path, site):
    pipeline_file = write_pipeline(tmp_path, "cli", f'[[sources]]\nfeed = "{site.publish_feed(ARTICLES[:2])}"\n')
    runner = CliRunner()
    store = tmp_path / "cli-store"
    result = runner.invoke(main, ["--store", str(store), "pipeline", "run", str(pipeline_file), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["added"], summary["store"]) == ("completed", 2, str(store.absolute()))
    # Not a terminal: the log is one JSON object per line.
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["event"] for e in events if e["event"] in ("run.start", "run.end")] == ["run.start", "run.end"]
    assert sum(e["event"] == "bulletin" for e in events) == 2

    result = runner.invoke(main, ["--store", str(store), "pipeline", "run", str(pipeline_file)])
    assert result.exit_code == 0
    assert "read 2: 0 added, 0 replaced, 2 unchanged" in result.stdout

    result = runner.invoke(main, ["--store", str(store), "runs", "--json"])
    runs = json.loads(result.stdout)
    assert [(r["pipeline"], r["added"], r["unchanged"], r["status"]) for r in runs] == [
        ("cli", 0, 2, "completed"), ("cli", 2, 0, "completed")]
    result = runner.invoke(main, ["--store", str(store), "runs"])
    assert result.exit_code == 0 and result.stdout.count("completed") == 2


def test_cli_reports_definition_errors_with_file_and_key(tmp_path):
    bad = write_pipeline(tmp_path, "bad", '[[sources]]\nfolder = "x"\n[schedule]\ninterval = "often"\n')
    result = CliRunner().invoke(main, ["pipeline", "run", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: schedule.interval: 'often' is not a duration" in result.stderr


def test_sample_pipeline_ingests_the_fixture_folder(tmp_path):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    runner = CliRunner()
    store = tmp_path / "store"
    result = runner.invoke(main, ["--store", str(store), "pipeline", "run", "sample",
                                  "--pipelines", str(repo / "pipelines"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and summary["quarantined"] == 0
    s = GraphStore(store, read_only=True)
    assert s.bulletin_ids() == ["bulletin-2018-06-01"]
    (row,) = s.select("SELECT ?scope WHERE { GRAPH ?g { ?b a bkg:Bulletin ; bkg:scope ?scope } }")
    assert row["scope"] == "p-lao-cai"


# -- a remote store ---------------------------------------------------------------------------------

@pytest.fixture()
def oxigraph_server(tmp_path):
    """`oxigraph serve` on a free port, as every remote-store test starts it (tests/sparql_servers.py)."""
    from sparql_servers import oxigraph_server as serve

    with serve(tmp_path / "server-data") as server:
        yield server.url


def test_remote_store_endpoint(tmp_path, site, oxigraph_server, monkeypatch):
    pytest.importorskip("kg.sparql.remote", reason="kg.sparql.remote (the remote store) is not in this tree")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    body = f'''name = "tu-xa"
publisher = "Báo Lào Cai"
province = "Lào Cai"
[[sources]]
feed = "{site.publish_feed(ARTICLES[:3])}"
[store]
endpoint = "{oxigraph_server}"
'''
    pipeline = load_pipeline(write_pipeline(tmp_path, "tu-xa", body))
    first = execute(pipeline)
    assert first.record.counts["added"] == 3
    assert first.target.lock_path.is_relative_to(tmp_path / "state" / "bulletin-kg" / "locks")
    second = execute(pipeline)
    assert (second.record.counts["added"], second.record.counts["unchanged"]) == (0, 3)

    # Same bulletin graphs as an embedded run, and the runs can be listed from the endpoint.
    execute(pipeline, store_override=tmp_path / "embedded")
    from kg.sparql.remote import open_store

    remote = open_store(oxigraph_server)
    remote_quads = {(str(q.subject), str(q.predicate), str(q.object), q.graph_name.value) for q in remote.quads()
                    if not is_record_graph(q.graph_name.value) and not q.graph_name.value.endswith("/graph/resolution")}
    assert remote_quads == bulletin_quads(tmp_path / "embedded")
    result = CliRunner().invoke(main, ["runs", "--pipeline", "tu-xa", "--pipelines", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [(r["added"], r["unchanged"]) for r in json.loads(result.stdout)] == [(0, 3), (3, 0)]


def test_only_party_government_leaves_other_news_out_of_the_run(tmp_path):
    """A definition with only_party_government = true stores the Party/government bulletins of its
    source and counts the other news apart from the quarantined (dev.tsv titles and leads)."""
    records = [
        {"id": "22602426", "title": "Khai mạc Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11",
         "text": "Sáng 24/6, Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 (Khóa X) đã khai mạc tại Thành phố "
                 "Hồ Chí Minh. Các đồng chí Lê Quốc Phong, Bí thư thứ nhất Trung ương Đoàn, chủ trì hội nghị."},
        {"id": "22532801", "title": "Giá vàng hôm nay 15/6: Diễn biến bất ngờ, vàng tăng vọt",
         "text": "Giá vàng hôm nay 15/6 quay đầu tăng vọt sau 5 phiên giảm liên tiếp. Giá vàng thế giới giao ngay "
                 "đứng ở mức 1.277,6 USD/ounce."},
    ]
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                             encoding="utf-8")
    body = 'name = "bulletins"\nonly_party_government = true\n[[sources]]\njsonl = "articles.jsonl"\n' \
           '[store]\npath = "store"\n'
    result = execute(load_pipeline(write_pipeline(tmp_path, "bulletins", body)))
    assert result.record.status == "completed"
    counts = result.record.counts
    assert (counts["read"], counts["added"], counts["quarantined"], result.not_party_government) == (2, 1, 0, 1)
    assert result.to_json()["not_party_government"] == 1
    store = GraphStore(tmp_path / "store", read_only=True)
    try:
        assert [i for i in store.bulletin_ids() if not is_record_graph(graph_iri(i))] == ["22602426"]
    finally:
        store.close()
