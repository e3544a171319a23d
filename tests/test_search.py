"""The full-text index beside a real store: built at ingest, kept in step on replace and remove,
idempotent, repaired after an interrupted write; Vietnamese diacritic folding; facets, the
Party/government default and date ranges; query syntax and its errors; CSV and citation export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ingest import ingest
from kg.rdf.iri import bulletin_iri, graph_iri
from kg.search import index_path
from kg.search.export import to_csl_json, to_csv, to_ris
from kg.search.http import answer
from kg.search.index import build_index, check_index, connect
from kg.search.maintain import begin_write
from kg.search.query import SearchQueryError, SearchRequest, fts_query, search
from kg.search.records import PARTY_GOVERNMENT, parse_date
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = [FIXTURES / "bulletin-2018-06-01.txt", FIXTURES / "sparql", FIXTURES / "viz"]
UNDATED = """Hội nghị triển khai Nghị quyết về công tác dân vận

Ban Dân vận Tỉnh ủy tổ chức Hội nghị triển khai Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương.
Đồng chí Lò Văn Muôn, Phó Bí thư Tỉnh ủy chủ trì Hội nghị.
"""


def _store(folder: Path) -> GraphStore:
    store = GraphStore(folder / "store")
    ingest([str(p) for p in INPUTS], store, province="Lào Cai")
    return store


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A store of six dated bulletins and one undated, indexed by ingest itself."""
    folder = tmp_path_factory.mktemp("search")
    store = _store(folder)
    (folder / "undated").mkdir()
    (folder / "undated" / "dan-van.txt").write_text(UNDATED, encoding="utf-8")
    ingest([str(folder / "undated")], store, province="Lào Cai")
    yield store
    store.close()


def _run(store, **kw):
    conn = connect(index_path(store.path), read_only=True)
    try:
        return search(conn, SearchRequest(**kw))
    finally:
        conn.close()


def _ids(result) -> set[str]:
    return {h.id for h in result.hits}


def _dump(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, title, text, date, political, content_hash, spans FROM bulletins "
                            "JOIN texts USING (rowid) ORDER BY id").fetchall()
        facets = conn.execute("SELECT b.id, f.facet, f.value, f.iri FROM facets f JOIN bulletins b ON b.rowid = f.bulletin "
                              "ORDER BY 1, 2, 3, 4").fetchall()
        return rows + facets
    finally:
        conn.close()


# -- building and keeping the index ------------------------------------------------------------------

def test_ingest_builds_the_index_beside_the_store_and_it_agrees(indexed):
    assert index_path(indexed.path).exists()
    check = check_index(indexed, index_path(indexed.path))
    assert not check.stale and check.indexed == check.stored == 7


def test_a_full_build_is_idempotent_and_equals_the_incremental_index(indexed, tmp_path):
    incremental = _dump(index_path(indexed.path))
    build_index(indexed, tmp_path / "a.sqlite")
    build_index(indexed, tmp_path / "a.sqlite")
    assert _dump(tmp_path / "a.sqlite") == incremental
    assert not (tmp_path / "a.sqlite.building").exists()


def test_replace_and_remove_keep_the_index_in_step(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (FIXTURES / "viz" / "bulletin-2019-01-15.txt").read_text(encoding="utf-8")
    (folder / "b1.txt").write_text(text, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    ingest([str(folder)], store)
    assert _run(store, text="Quỳnh Nhai").total == 0
    (folder / "b1.txt").write_text(text + "\nĐoàn công tác đến huyện Quỳnh Nhai.\n", encoding="utf-8")
    summary = ingest([str(folder)], store)
    assert summary.replaced == 1 and summary.search_index.indexed == 1 and summary.search_index.error is None
    assert _ids(_run(store, text="quynh nhai")) == {"b1"}
    before = _dump(index_path(store.path))
    ingest([str(folder)], store)  # unchanged: nothing to do, and nothing changes
    assert _dump(index_path(store.path)) == before
    store.close()
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "remove", "b1"])
    assert result.exit_code == 0, result.output
    store = GraphStore(tmp_path / "store", read_only=True)
    assert _run(store, text="quynh nhai").total == 0
    assert not check_index(store, index_path(store.path)).stale
    conn = sqlite3.connect(index_path(store.path))
    for table in ("fts", "fts_exact"):  # FTS5's own check that the index matches its content
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert conn.execute("SELECT count(*) FROM facets").fetchone()[0] == 0
    conn.close()


def test_an_interrupted_write_is_found_stale_and_repaired(tmp_path):
    store = _store(tmp_path)
    path = index_path(store.path)
    # A run killed after writing the store and before updating the index: the store gained a bulletin
    # the index never saw, and the index's pending mark stayed.
    begin_write(store)
    extra = GraphStore()  # extract the new bulletin elsewhere and copy its graph in, as the writer would
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "new.txt").write_text(UNDATED, encoding="utf-8")
    ingest([str(tmp_path / "new")], extra)
    store.write_bulletins([_graph(extra, "new")])
    check = check_index(store, path)
    assert check.stale and check.interrupted and check.missing == ["new"]
    store.close()
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "index", "--check"])
    assert result.exit_code == 1 and "stale" in result.output and "new" in result.output
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "index", "--changed"])
    assert result.exit_code == 0, result.output
    store = GraphStore(tmp_path / "store", read_only=True)
    check = check_index(store, path)
    assert not check.stale and check.indexed == 7
    assert _ids(_run(store, text="Lò Văn Muôn")) == {"new"}
    store.close()


def test_the_next_ingest_repairs_an_index_left_pending(tmp_path):
    store = _store(tmp_path)
    path = index_path(store.path)
    conn = sqlite3.connect(path)
    with conn:  # the index lost a bulletin and the write that would restore it was interrupted
        conn.execute("DELETE FROM bulletins WHERE id = 'bulletin-2019-03-20'")
        conn.execute("INSERT INTO meta VALUES ('pending', '1')")
    conn.close()
    assert check_index(store, path).missing == ["bulletin-2019-03-20"]
    summary = ingest([str(FIXTURES / "bulletin-2018-06-01.txt")], store)  # unchanged input
    assert summary.search_index.repaired and not check_index(store, path).stale
    store.close()


def test_a_build_that_fails_half_way_leaves_the_previous_index(indexed, tmp_path, monkeypatch):
    import kg.search.index as index_module

    target = tmp_path / "i.sqlite"
    build_index(indexed, target)
    before = _dump(target)

    def broken(store, ids):
        raise OSError("disk full")
        yield  # pragma: no cover

    monkeypatch.setattr(index_module, "read_records", broken)
    with pytest.raises(OSError):
        build_index(indexed, target)
    assert _dump(target) == before and not (tmp_path / "i.sqlite.building").exists()


def test_an_index_of_another_version_or_a_damaged_file_is_refused_with_advice(tmp_path, indexed):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    check = check_index(indexed, bad)
    assert check.stale and not check.schema_ok
    with pytest.raises(Exception, match="kg index"):
        connect(bad, read_only=True)


# -- Vietnamese text --------------------------------------------------------------------------------

def test_words_match_without_their_diacritics_including_d_for_đ(indexed):
    assert _run(indexed, text="nghi quyet").total == _run(indexed, text="Nghị quyết").total >= 5
    assert _run(indexed, text="dang uy khoi").total == _run(indexed, text="Đảng ủy khối").total > 0
    assert _ids(_run(indexed, text="lo van muon")) == {"dan-van"}


def test_exact_matching_keeps_the_diacritics_as_written(indexed):
    assert _run(indexed, text="Lại Văn Hanh", exact=True).total > 0
    assert _run(indexed, text="Lai Van Hanh", exact=True).total == 0
    assert _run(indexed, text="LẠI văn hanh").total == _run(indexed, text="Lại Văn Hanh", exact=True).total


def test_the_simple_syntax_reads_phrases_numbers_exclusions_prefixes_and_or():
    assert fts_query(SearchRequest('"Hội nghị tổng kết" 22-NQ/TW')) == '"Hội nghị tổng kết" AND "22-NQ/TW"'
    assert fts_query(SearchRequest("Đảng -xổ")) == '"Dảng" NOT "xổ"'  # the tokenizer folds the rest
    assert fts_query(SearchRequest("quyết* chỉ OR thị")) == '"quyết"* AND ("chỉ" OR "thị")'
    assert fts_query(SearchRequest('say "unclosed')) == '"say" AND "unclosed"'
    assert fts_query(SearchRequest("hội nghị tổng kết")) == ('"hội nghị tổng kết" OR '
                                                             '("hội" AND "nghị" AND "tổng" AND "kết")')
    assert fts_query(SearchRequest("( ) : ^")) == ""
    assert fts_query(SearchRequest("1.372 2017")) == '("1.372" OR "1372") AND ("2017" OR "2.017")'
    assert fts_query(SearchRequest('"1.372" 22')) == '"1.372" AND "22"'
    with pytest.raises(SearchQueryError, match="at least one word"):
        fts_query(SearchRequest("-xổ"))


def test_a_figure_is_found_however_its_thousands_are_written(indexed):
    assert _ids(_run(indexed, text="1.372 quần chúng")) == _ids(_run(indexed, text="1372")) == {"bulletin-2018-06-01"}


def test_a_phrase_matches_words_in_order_only(indexed):
    assert _ids(_run(indexed, text='"hội nghị tổng kết"')) == {"bulletin-2018-06-01"}
    assert _run(indexed, text='"kết tổng nghị hội"').total == 0
    assert _ids(_run(indexed, text="22-NQ/TW")) >= {"bulletin-2019-01-15", "bulletin-2018-06-01"}


def test_an_fts5_syntax_error_is_a_clear_message(indexed):
    with pytest.raises(SearchQueryError, match="could not be read.*double quotes"):
        _run(indexed, text="a AND (", syntax="fts5")
    assert _run(indexed, text="NEAR(hội kết, 3)", syntax="fts5").total >= 1


# -- hits, anchors, facets ----------------------------------------------------------------------------

def test_a_hit_points_at_the_matching_sentence_and_an_evidence_span_in_it(indexed):
    result = _run(indexed, text="phát biểu", filters={"official": ["Nguyễn Văn Bình"]})
    hit = next(h for h in result.hits if h.id == "bulletin-2019-01-15")
    assert "<mark>Phát biểu</mark>" in hit.snippet_html and hit.sentence.startswith("Phát biểu tại Hội nghị")
    conn = connect(index_path(indexed.path), read_only=True)
    text, spans = conn.execute("SELECT text, spans FROM bulletins JOIN texts USING (rowid) WHERE id = ?",
                               (hit.id,)).fetchone()
    conn.close()
    assert text[hit.sentence_start:].lstrip().startswith(hit.sentence)
    assert hit.anchor in {s for s, _ in json.loads(spans)}
    assert hit.sentence_start <= hit.anchor < hit.sentence_start + len(text[hit.sentence_start:].split("\n")[0]) + 1


def test_facets_count_the_results_and_narrow_them(indexed):
    everything = _run(indexed, text="")
    assert everything.total == 7
    facets = {f: dict(v) for f, v in everything.facets.items()}
    assert facets["class"]["Document"] == 7 and facets["role"]["chaired"] >= 5
    assert facets["province"]["Tỉnh Lào Cai"] == 7
    assert {"Resolution", "Plan", "Directive"} <= set(facets["document_type"])
    assert "Bộ Chính trị" in facets["issuer"] and "Conference" in facets["event_kind"]
    spoke = _run(indexed, text="", filters={"role": ["spoke"]})
    assert 0 < spoke.total < 7 and all(dict(spoke.facets["role"])["spoke"] == spoke.total for _ in [0])
    both = _run(indexed, text="", filters={"role": ["spoke"], "document": ["Kế hoạch số 67-KH/TU"]})
    assert _ids(both) <= _ids(spoke) and both.total >= 1
    with pytest.raises(SearchQueryError, match="no facet named"):
        _run(indexed, text="", filters={"colour": ["red"]})


def test_hits_name_their_entities_for_links_to_profiles(indexed):
    hit = _run(indexed, text="", filters={"official": ["Lò Văn Muôn"]}).hits[0]
    assert ("official", "Lò Văn Muôn") in {(f, v) for f, v, _ in hit.entities}
    assert all(iri.startswith("https://w3id.org/bulletin-kg/id/") for _, _, iri in hit.entities)


def test_a_date_range_keeps_only_bulletins_known_to_be_in_it_and_counts_the_undated(indexed):
    result = _run(indexed, text="hội nghị", date_from="2019-01", date_to="2019-03")
    assert _ids(result) == {"bulletin-2019-01-15", "bulletin-2019-03-15", "bulletin-2019-03-20"}
    assert result.imprecise == 1  # the undated bulletin matches the words, but not known to be in the range
    page = answer(index_path(indexed.path), "/search", "q=h%E1%BB%99i+ngh%E1%BB%8B&from=2019-01&to=2019-03").body
    assert "1 undated or not dated precisely enough for 2019-01 – 2019-03" in page.decode()
    assert b'data-id="dan-van"' not in page
    assert dict(_run(indexed, text="").facets["month"])["2019-03"] == 2
    assert _run(indexed, text="hội nghị", date_from="2030").total == 0
    with pytest.raises(SearchQueryError, match="YYYY-MM"):
        _run(indexed, text="", date_from="March")


def test_partial_dates_cover_their_whole_span():
    assert parse_date("2017") .start == "2017-01-01" and parse_date("2017").end == "2017-12-31"
    assert parse_date("2016-02").end == "2016-02-29"
    assert parse_date("--12-21").start is None and parse_date("--12-21") is not None
    assert parse_date("2017-02-30") is None and parse_date("soon") is None
    assert parse_date("2017-05-04T08:00:00").start == "2017-05-04"


def test_other_news_is_left_out_by_default_counted_and_included_on_request(tmp_path):
    store = _store(tmp_path)
    # The classifier marks every fixture a bulletin: one becomes other news, one loses its flag.
    for bid, flag in (("bulletin-2019-03-20", "false"), ("bulletin-2019-01-15", None)):
        g, b = graph_iri(bid), bulletin_iri(bid)
        store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ <{b}> <{PARTY_GOVERNMENT}> ?was }} }}")
        if flag:
            store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{b}> <{PARTY_GOVERNMENT}> '
                         f'"{flag}"^^<http://www.w3.org/2001/XMLSchema#boolean> }} }}')
    check = check_index(store, index_path(store.path))
    assert check.outdated == ["bulletin-2019-01-15", "bulletin-2019-03-20"]  # the classifier's flag is news
    build_index(store, index_path(store.path))
    default = _run(store, text="hội nghị")
    assert "bulletin-2019-03-20" not in _ids(default) and default.others == 1
    assert "bulletin-2019-01-15" in _ids(default)  # absent, like true, counts as Party/government
    everything = _run(store, text="hội nghị", include_other=True)
    assert everything.total == default.total + 1 and everything.others == 0
    page = answer(index_path(store.path), "/search", "q=h%E1%BB%99i+ngh%E1%BB%8B").body.decode()
    assert 'id="kg-others">1 more, classified as not Party or government news' in page
    assert 'href="/search?q=h%E1%BB%99i+ngh%E1%BB%8B&amp;all=1">include them</a>' in page
    page = answer(index_path(store.path), "/search", "q=h%E1%BB%99i+ngh%E1%BB%8B&all=1").body.decode()
    assert 'data-id="bulletin-2019-03-20"' in page and "Party and government news only" in page
    store.close()


# -- export -------------------------------------------------------------------------------------------

def test_csv_ris_and_csl_json_exports_hold_every_hit(indexed):
    hits = _run(indexed, text="nghị quyết", per_page=100).hits
    link = lambda h: f"http://x/viz/bulletins/{h.id}.html"
    rows = list(csv.DictReader(io.StringIO(to_csv(hits, link))))
    assert len(rows) == len(hits) >= 5 and rows[0]["page"].startswith("http://x/")
    assert all(r["sentence"] and "<mark>" not in r["title"] for r in rows)
    ris = to_ris(hits, link)
    assert ris.count("TY  - NEWS") == ris.count("ER  - ") == len(hits)
    assert "DA  - 2019/01/15" in ris and "TI  - Tỉnh ủy sơ kết" in ris
    items = json.loads(to_csl_json(hits, link))
    assert len(items) == len(hits) and {i["type"] for i in items} == {"article-newspaper"}
    dated = next(i for i in items if i["id"] == "bulletin-2019-01-15")
    assert dated["issued"] == {"date-parts": [[2019, 1, 15]]} and dated["URL"].endswith("bulletin-2019-01-15.html")
    undated = next(i for i in items if i["id"] == "dan-van")
    assert "issued" not in undated


def _graph(store: GraphStore, bid: str):
    from kg.store import BulletinGraph

    return BulletinGraph(bid, list(store.match(None, None, None, ox.NamedNode(graph_iri(bid)))))
