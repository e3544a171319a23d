"""The search routes of a real `kg serve` (a subprocess on a free 127.0.0.1 port, waited for by its
answers, never by a delay): the page, JSON, exports, links to the bulletin pages at the matching
sentence, facets as links, the Party/government default, and clear errors instead of a 500."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
import requests
from sparql_servers import build_sample_store, log_text, start_kg_serve, stop

from kg.cli import main


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_sample_store(tmp_path_factory.mktemp("search-http") / "store")
    proc, url = start_kg_serve(store, "--pages-url", "/pages/")
    yield url, store
    stop(proc)


def _get(url: str, path: str, **params) -> requests.Response:
    return requests.get(url.rstrip("/") + path, params=params, timeout=30)


def test_the_search_page_finds_a_phrase_without_accents_and_highlights_it(server):
    url, _ = server
    r = _get(url, "/search", q="hoi nghi so ket")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    page = r.text
    assert "<mark>Hội nghị sơ kết</mark>" in page  # the words side by side match as a phrase
    assert re.search(r'<strong>\d+</strong> of 4 bulletins match', page)
    assert "<script" not in page and "http://" not in page.split("<body>")[1].replace(url, "")  # no outside request


def test_results_link_the_bulletin_page_at_the_sentence_and_entities_to_profiles(server):
    url, _ = server
    page = _get(url, "/search", q='"chủ trì Hội nghị"').text
    links = [unescape(h) for h in re.findall(r'class="kg-hit" href="([^"]+)"', page)]
    assert links and all(re.fullmatch(r"/pages/bulletins/[\w.-]+\.html#ev-\d+:~:text=.+", h) for h in links)
    assert "/pages/profile.html#person/" in page


def test_facets_are_links_that_narrow_the_results(server):
    url, _ = server
    data = _get(url, "/search.json", q="nghị quyết").json()
    roles = {f["value"]: f["count"] for f in data["facets"]["role"]}
    assert roles["chaired"] >= 1
    narrowed = _get(url, "/search.json", q="nghị quyết", role="spoke").json()
    assert narrowed["total"] == roles.get("spoke", 0) < data["total"]
    page = _get(url, "/search", q="nghị quyết").text
    assert 'href="/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt&amp;role=spoke"' in page


def test_a_facet_cut_to_its_most_frequent_values_links_to_the_rest(server):
    url, _ = server
    page = _get(url, "/search", q="").text
    section = page.split('data-facet="organization"')[1].split("</section>")[0]
    assert section.count("<li>") == 12 and 'href="/search?more=organization"' in section
    more = _get(url, "/search", q="", more="organization").text.split('data-facet="organization"')[1]
    everything = _get(url, "/search.json", q="", more="organization").json()["facets"]["organization"]
    assert more.split("</section>")[0].count("<li>") == len(everything) > 12


def test_json_results_carry_snippets_links_and_counts(server):
    url, _ = server
    data = _get(url, "/search.json", q="22-NQ/TW", sort="newest").json()
    assert data["total"] >= 3 and data["other_news"] == 0 and data["dated_imprecisely"] == 0
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)
    first = data["results"][0]
    assert "<mark>22-NQ/TW</mark>" in first["snippet_html"] and first["link"].startswith("/pages/bulletins/")


def test_exports_hold_the_whole_result_list(server):
    url, _ = server
    total = _get(url, "/search.json", q="đồng chí").json()["total"]
    r = _get(url, "/search.csv", q="đồng chí")
    assert r.headers["Content-Type"].startswith("text/csv") and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total == int(r.headers["X-Search-Total"])
    assert all(row["page"].startswith(url.rstrip("/") + "/pages/bulletins/") for row in rows)
    ris = _get(url, "/search.ris", q="đồng chí").text
    assert ris.count("TY  - NEWS") == total
    items = _get(url, "/search.csl.json", q="đồng chí").json()
    assert len(items) == total and all(i["type"] == "article-newspaper" for i in items)


def test_bad_queries_get_a_clear_400_never_a_500(server):
    url, _ = server
    r = _get(url, "/search.json", q="a AND (", syntax="fts5")
    assert r.status_code == 400 and "could not be read" in r.json()["error"]
    r = _get(url, "/search", q="a AND (", syntax="fts5")
    assert r.status_code == 400 and 'id="kg-error"' in r.text and 'value="a AND ("' in r.text
    assert _get(url, "/search.json", q="x", **{"from": "soon"}).status_code == 400
    assert _get(url, "/search.csv", q="-only").status_code == 400
    assert _get(url, "/search.json", q="x", page="two").status_code == 400
    assert _get(url, "/search.xml").status_code == 404


def test_a_store_without_an_index_says_how_to_build_one(server, tmp_path):
    url, store = server
    index = Path(store) / "search.sqlite"
    moved = tmp_path / "kept.sqlite"
    index.rename(moved)
    try:
        r = _get(url, "/search.json", q="x")
        assert r.status_code == 503 and "kg index" in r.json()["error"]
    finally:
        moved.rename(index)
    assert _get(url, "/search.json", q="x").status_code == 200
