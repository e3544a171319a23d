"""The pages of `kg viz`, checked as files: they load everything they need from the folder itself
(no CDN, no network), their links resolve inside the output folder, views respect their caps and say
what they left out, re-runs write only what changed, and bulletin pages highlight exactly the quoted
evidence. The browser tests are in test_viz_browser.py."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graphs import GraphError, project
from kg.ingest import ingest
from kg.store import GraphStore
from kg.viz import paths
from kg.viz.bulletin_page import Fact, segments
from kg.viz.graph_page import edge_label, render, wrap_label
from kg.viz.site import write_focus, write_site
from kg.viz.views import entity_graph, find_node, focus, fold, overview, party_bulletins

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "bulletin-2018-06-01.txt"
PROVINCE_BULLETINS = sorted((FIXTURES / "viz").glob("*.txt"))
# Anything that would make a page fetch a resource from elsewhere: a script, stylesheet, image, frame
# or font by an absolute URL (a scheme or //), a CSS import or url() of one. Relative paths into the
# site folder (assets/graph.js) are what pages use; test_every_relative_link_resolves checks them.
EXTERNAL = re.compile(r"""<(?:script|img|iframe|source|audio|video|embed|link)\b[^>]*\b(?:src|href)\s*=\s*["']?"""
                      r"""(?:[a-z][a-z0-9+.-]*:|//)|@import|url\(\s*['"]?(?:[a-z]+:|//)""", re.I)
SOURCES = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"#:]+)"')


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GraphStore:
    s = GraphStore(tmp_path_factory.mktemp("viz") / "store")
    ingest([str(SEED)], s)
    ingest([str(p) for p in PROVINCE_BULLETINS], s, province="Yên Bái")
    yield s
    s.close()


@pytest.fixture(scope="module")
def G(store):
    return project(store)


@pytest.fixture(scope="module")
def site(store, G, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    summary = write_site(store, out, G=G)
    return out, summary


def test_the_site_has_an_index_an_overview_focused_views_and_a_page_per_bulletin(site, store):
    out, summary = site
    assert (out / "index.html").is_file() and (out / "overview.html").is_file()
    assert (out / "bulletins.html").is_file()
    # The index leads to the faceted index, which leads to every profile.
    assert 'href="browse.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "browse.html").is_file() and (out / "profile.html").is_file()
    for bid in store.bulletin_ids():
        assert (out / paths.bulletin_page(bid)).is_file()
    assert summary.pages["bulletin"] == 3
    assert summary.pages["focus"] >= 3  # the most cited document, official and organization at least
    assert all(f.startswith("focus/") for f in summary.files if "focus" in f)
    manifest = json.loads((out / "views.json").read_text())
    assert {e["file"] for e in manifest["focus"]} == {f for f in summary.files if f.startswith("focus/")}


def test_no_page_loads_anything_from_the_network(site):
    out, _ = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f"{page.name} loads an external resource: {EXTERNAL.search(text)[0]}"
        assert "cdn" not in text.lower().replace("cdn_resources", ""), page.name


def test_pages_share_their_scripts_and_styles_from_the_assets_folder(site, store, G):
    out, summary = site
    overview_page = (out / "overview.html").read_text(encoding="utf-8")
    assert '<script src="assets/vis-network.min.js"></script>' in overview_page
    assert '<script src="assets/graph.js"></script>' in overview_page
    assert "vis-network" in (out / "assets/vis-network.min.js").read_text(encoding="utf-8")
    assert "function kgSetup(network, nodes, edges)" in (out / "assets/graph.js").read_text(encoding="utf-8")
    assert len(overview_page) < 200_000  # the 500 kB library is no longer copied into every page
    bulletin = (out / paths.bulletin_page("bulletin-2018-06-01")).read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/pages.css">' in bulletin
    assert '<script src="../assets/bulletin.js"></script>' in bulletin
    for page in out.rglob("*.html"):
        for src in SOURCES.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / src).resolve().is_file(), f"{page.name} loads missing {src}"
    assert summary.pages["asset"] == 5


def test_every_relative_link_resolves_inside_the_output_folder(site):
    out, _ = site
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', text)
        for href in hrefs:
            target = (page.parent / html.unescape(href)).resolve()
            if target.name == paths.PROFILE and target.parent == out.resolve():
                continue  # the profile page is written by the profile builder, beside these pages
            assert target.is_file(), f"{page.relative_to(out)} links to missing {href}"
            assert out.resolve() in target.parents
    # Links built by the page script (bulletins behind a node) are in its data.
    for name in ("overview.html", *(f for f in _focus_files(out))):
        config = _script_json(out / name, "kg-config")
        for _title, _date, href in config["bulletins"].values():
            assert (out / Path(name).parent / href).resolve().is_file()


def _focus_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "focus").glob("*.html"))


def _script_json(page: Path, element_id: str):
    text = page.read_text(encoding="utf-8")
    m = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))


def test_the_overview_draws_communities_that_open_into_their_most_stated_members(G, tmp_path, store):
    view = overview(G, cap=1000)
    assert view.clusters and view.communities >= len(view.clusters)
    members = [n for c in view.clusters for n in c.members]
    assert members == view.nodes and len(set(members)) == len(members)  # each member in one cluster
    assert all(G.nodes[n]["cls"] in ("Official", "Organization", "Document", "Event") for n in members)
    labels = {G.nodes[n]["label"] for n in members}
    assert "Nguyễn Văn Bình" in labels and "Nghị quyết số 22-NQ/TW" in labels
    for c in view.clusters:
        # Labelled by its most stated members; those come first.
        assert c.label.startswith(G.nodes[c.members[0]]["label"])
        counts = [len(G.nodes[n]["bulletins"]) for n in c.members]
        assert counts == sorted(counts, reverse=True)
        assert c.size >= len(c.members)
    assert overview(G, cap=1000).nodes == view.nodes  # the seed is fixed: the same page every run


def test_the_overview_is_capped_and_says_what_it_left_out(G, tmp_path, store):
    view = overview(G, cap=6)
    assert 0 < len(view.nodes) <= 6
    drawable = sum(1 for _, d in G.nodes(data=True) if d["cls"] != "Statistic")
    assert view.total == drawable and view.left_out_total == drawable - len(view.nodes)
    assert "--cap" in view.hint and "--focus" in view.hint
    assert all(G.nodes[n]["cls"] != "Statistic" for n in overview(G, cap=1000).nodes)
    summary = write_site(store, tmp_path, cap=6, focus_top=0, bulletin_pages=False, G=G)
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert f"Left out: {drawable - len(view.nodes)} nodes" in page
    assert "statistics are highlighted on the bulletin pages" in page
    drawn = _script_json(tmp_path / "overview.html", "kg-nodes")
    assert [n["id"] for n in drawn] == [c.id for c in view.clusters]  # clusters first, members on demand
    assert [n["id"] for n in _script_json(tmp_path / "overview.html", "kg-members")["nodes"]] == view.nodes
    assert "bulletin" not in summary.pages
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "bulletins.html" not in index and "bulletins/" not in index  # no link to pages not written
    config = _script_json(tmp_path / "overview.html", "kg-config")
    assert all(href == "" for _, _, href in config["bulletins"].values())  # no bulletin pages, no links


def test_opened_clusters_are_not_loose_dots(G):
    view = overview(G, cap=40)
    linked = {n for u, v, _ in view.member_links for n in (u, v)}
    for c in view.clusters:
        if len(c.members) > 1:
            assert set(c.members) <= linked


def _store_with_other_news(tmp_path: Path) -> GraphStore:
    """The fixture bulletins, one of them classified as neither Party nor government news."""
    s = GraphStore(tmp_path / "store")
    ingest([str(SEED)], s)
    ingest([str(p) for p in PROVINCE_BULLETINS], s, province="Yên Bái")
    from kg.rdf.iri import bulletin_iri, graph_iri

    s.update(f"INSERT DATA {{ GRAPH <{graph_iri('bulletin-2019-03-20')}> {{ <{bulletin_iri('bulletin-2019-03-20')}> "
             "bkg:partyGovernment false } }")
    s.update(f"INSERT DATA {{ GRAPH <{graph_iri('bulletin-2019-01-15')}> {{ <{bulletin_iri('bulletin-2019-01-15')}> "
             "bkg:partyGovernment true } }")
    return s


def test_views_default_to_party_and_government_bulletins_and_say_how_many_others(tmp_path):
    s = _store_with_other_news(tmp_path)
    G = project(s)
    kept, others = party_bulletins(G)
    assert kept == {"bulletin-2018-06-01", "bulletin-2019-01-15"} and others == 1  # absent counts as kept
    only_other = {n for n, d in G.nodes(data=True) if d["cls"] in ("Official", "Organization", "Document", "Event")
                  and d["bulletins"] == ["bulletin-2019-03-20"]}
    assert only_other
    view = overview(G, cap=1000)
    assert view.other_bulletins == 1 and not only_other & set(view.nodes)
    everything = overview(G, cap=1000, other_bulletins=True)
    assert everything.other_bulletins == 0 and only_other & set(everything.nodes)
    write_site(s, tmp_path / "site", G=G, focus_top=0)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    latest = index[index.index("Latest bulletins"):]
    assert "1 other bulletin" in latest and "--other-bulletins" in latest
    assert "bulletin-2019-03-20.html" not in latest.split("All 3 bulletins")[0]
    assert "bulletin-2019-01-15.html" in latest
    s.close()


def test_find_node_by_label_without_accents_by_number_by_bulletin_id_and_by_iri(G):
    binh = find_node(G, "nguyen van binh").node
    assert G.nodes[binh]["label"] == "Nguyễn Văn Bình"
    assert find_node(G, binh).node == binh
    doc = find_node(G, "22-NQ/TW").node
    assert G.nodes[doc]["attrs"]["documentNumber"] == "22-NQ/TW"
    bulletin = find_node(G, "bulletin-2019-03-20").node
    assert G.nodes[bulletin]["cls"] == "Bulletin"
    # A label several nodes share: the most connected wins, the others are reported.
    match = find_node(G, "Tỉnh ủy")
    assert G.nodes[match.node]["label"] == "Tỉnh ủy" and match.others
    assert fold("Đảng ủy Khối") == "dang uy khoi"
    with pytest.raises(GraphError, match="kg query"):
        find_node(G, "Không có ai tên này")


def test_focus_draws_entities_first_with_depth_counted_in_entity_hops(G):
    binh = find_node(G, "Nguyễn Văn Bình").node
    assert focus(G, binh, depth=0).nodes == [binh]
    one = focus(G, binh, depth=1)
    E = entity_graph(G)
    related = set(E.neighbors(binh))
    assert related and related <= set(one.nodes)
    assert all(G.nodes[n]["cls"] in ("Official", "Organization", "Document", "Event") for n in one.nodes)
    assert one.folded == len(G.nodes[binh]["bulletins"])  # his bulletins are counted, not drawn
    # Entities only named beside him fill the page, marked with the bulletins they share.
    assert set(one.nodes) == {binh} | related | set(one.together)
    assert all(k >= 1 for k in one.together.values()) and not related & set(one.together)
    two = focus(G, binh, depth=2)
    two_hops = set(nx.single_source_shortest_path_length(E, binh, cutoff=2))
    assert two_hops - related - {binh}  # depth 2 reaches what his neighbours relate to
    assert two_hops <= set(two.nodes)
    capped = focus(G, binh, depth=2, cap=3)
    assert capped.nodes[0] == binh and len(capped.nodes) == 3
    assert set(capped.nodes[1:]) <= related  # nearest first
    assert capped.left_out and "--focus-cap" in capped.hint and "--cap " not in capped.hint


def test_focus_on_a_bulletin_starts_from_what_it_states(G):
    bulletin = find_node(G, "bulletin-2019-03-20").node
    view = focus(G, bulletin, depth=1)
    stated = {n for n in G.successors(bulletin) if G.nodes[n]["cls"] != "Statistic"}
    assert set(view.nodes) == {bulletin} | stated


def test_focused_page_labels_links_with_their_bulletin_counts(store, G, tmp_path):
    binh = find_node(G, "Nguyễn Văn Bình").node
    page = "focus/binh.html"
    (tmp_path / "focus").mkdir()
    (tmp_path / page).write_text(render(G, focus(G, binh, depth=1), page), encoding="utf-8")
    edges = _script_json(tmp_path / page, "kg-edges")
    nodes = _script_json(tmp_path / page, "kg-nodes")
    assert not [n for n in nodes if n["kg"]["cls"] == "Bulletin"]
    related = [e for e in edges if "kg" in e]
    assert related and all(e["label"].endswith(f"({e['kg']['bulletins']})") for e in related)
    assert edge_label({"attended", "chaired", "spoke at"}, 12) == "chaired +2 (12)"
    assert edge_label({"reviews"}, 3) == "reviews (3)"
    assert any(e.get("dashes") for e in edges)  # named together, no relation
    [centre] = [n for n in nodes if n["id"] == binh]
    assert centre["kg"]["profile"] == "../" + paths.profile_page(binh)
    assert len(centre["kg"]["bulletins"]) == len(G.nodes[binh]["bulletins"])  # ready to unfold


def test_long_labels_wrap_on_whole_words_instead_of_being_cut():
    label = "Ban Chấp hành Đảng bộ tỉnh Yên Bái khóa XIX nhiệm kỳ 2015-2020"
    wrapped = wrap_label(label, 22, 4)
    assert wrapped.replace("\n", " ") == label
    assert all(len(line) <= 22 for line in wrapped.split("\n"))
    assert wrap_label("Tỉnh ủy") == "Tỉnh ủy"
    long = wrap_label(" ".join(["Nghị quyết"] * 20), 22, 2)
    assert long.count("\n") == 1 and long.endswith("…")


def test_focused_page_marks_its_centre_and_refreshes_the_index(store, G, site):
    out, _ = site
    summary, others = write_focus(store, out, "lê quang huy", depth=1)
    page = out / summary.view_files[0]
    nodes = _script_json(page, "kg-nodes")
    [centre] = [n for n in nodes if n["kg"]["label"] == "Lê Quang Huy"]
    assert centre["borderWidth"] == 4
    assert len(nodes) == len(summary.views[0].nodes)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert summary.view_files[0] in index and "Lê Quang Huy" in index


def test_bulletin_page_highlights_each_fact_s_evidence(site, store, G):
    out, _ = site
    text = {r["id"]: r["text"] for r in store.select(
        "SELECT ?id ?text WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id ; bkg:text ?text } }")}
    page = (out / paths.bulletin_page("bulletin-2018-06-01")).read_text(encoding="utf-8")
    body = re.search(r'<div class="kg-text" lang="vi" id="kg-text">(.*?)</div>', page, re.S).group(1)
    # Removing the marks gives back the bulletin text, character for character.
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text["bulletin-2018-06-01"]
    # Every span of evidence in the graph for this bulletin starts a mark, with an anchor to link to.
    spans = {(e.start, e.end) for n, d in G.nodes(data=True) for e in d["evidence"] if e.bulletin == "bulletin-2018-06-01"}
    assert len(spans) > 30
    for start, _ in spans:
        assert f'id="ev-{start}"' in page
    # Each fact in the list names marks that exist.
    keys = set(re.findall(r'<li class="kg-fact" data-f="([^"]+)"', page))
    marked = {k for m in re.findall(r'<mark class="kg-ev k-\w+" data-f="([^"]+)"', page) for k in m.split()}
    assert marked <= keys and len(marked) > 20
    assert "Phạm Sỹ Lợi" in page and "Phó Bí thư Thường trực Tỉnh ủy" in page
    # A fact links to its profile page, which lists the other bulletins stating it.
    other = (out / paths.bulletin_page("bulletin-2019-01-15")).read_text(encoding="utf-8")
    binh = find_node(G, "Nguyễn Văn Bình").node
    assert f'href="../{paths.profile_page(binh)}" class="kg-profile-link">profile</a> · in other bulletins too' in other
    # Each mark is coloured by the class of the span that colours it, named, not repeated as a colour.
    assert 'style="--c' not in page and re.search(r"<mark class=\"kg-ev k-Official\" data-f=", page)


def test_segments_cut_overlapping_spans_and_colour_by_the_innermost():
    text = "Bí thư Tỉnh ủy Nguyễn Văn Bình chủ trì"
    official = Fact("f0", "Official", "Nguyễn Văn Bình", "Official", spans=[(15, 30)])
    official.parts = [Fact("f0-0", "Official", "Bí thư Tỉnh ủy", "Position", spans=[(0, 14)])]
    org = Fact("f1", "Organization", "Tỉnh ủy", "Organization", spans=[(7, 14)])
    segs = segments(text, [official, org])
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s for s in segs}
    assert by_text["Bí thư "].facts == ["f0-0"] and by_text["Bí thư "].anchor == 0
    assert by_text["Tỉnh ủy"].facts == ["f1", "f0-0"] and by_text["Tỉnh ủy"].cls == "Organization"
    assert by_text["Nguyễn Văn Bình"].facts == ["f0"] and by_text["Nguyễn Văn Bình"].anchor == 15
    assert by_text[" chủ trì"].facts == []
    # Crossing spans: the one that began first keeps its colour to its end; the other takes over after.
    doc = Fact("f2", "Document", "Chỉ thị số 05-CT/TW", "Directive", spans=[(0, 14)])
    crossing = Fact("f3", "Organization", "Tỉnh ủy Nguyễn", "Organization", spans=[(7, 22)])
    segs = segments(text, [crossing, doc])
    assert [s.cls for s in segs if "f2" in s.facts] == ["Document", "Document"]  # "Bí thư ", "Tỉnh ủy"
    assert [s.cls for s in segs if "f3" in s.facts and "f2" not in s.facts] == ["Organization"]
    # A span outside the text is ignored rather than cutting nonsense.
    assert "".join(s.text for s in segments(text, [Fact("f2", "Event", "x", "x", spans=[(30, 99)])])) == text


def test_cli_writes_the_site_and_focused_views(store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "pages"
    result = runner.invoke(main, ["--store", str(store.path), "viz", "-o", str(out), "--cap", "20"])
    assert result.exit_code == 0, result.output
    assert "open " in result.output and (out / "index.html").is_file()
    assert len(_script_json(out / "overview.html", "kg-members")["nodes"]) <= 20
    result = runner.invoke(main, ["--store", str(store.path), "viz", "-o", str(out), "--focus", "nguyen van binh",
                                  "--focus", "05-CT/TW", "--depth", "2"])
    assert result.exit_code == 0, result.output
    assert "Nguyễn Văn Bình (depth 2)" in result.output and "05-CT/TW (depth 2)" in result.output
    result = runner.invoke(main, ["--store", str(store.path), "viz", "-o", str(out), "--focus", "nobody at all"])
    assert result.exit_code == 1 and "no node is labelled" in result.output
    result = runner.invoke(main, ["--store", str(store.path), "viz", "-o", str(out), "--focus", "x", "--cap", "3"])
    assert result.exit_code == 2 and "whole site" in result.output


def test_cli_viz_on_an_empty_store_says_to_ingest(tmp_path):
    GraphStore(tmp_path / "empty").close()
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "empty"), "viz", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "kg ingest" in result.output


def test_focus_html_for_a_server_carries_quotes_and_no_bulletin_links(store, tmp_path):
    from kg.viz import focus_html

    light = project(store, statistics=False, evidence=False)
    page = tmp_path / "focus.html"
    page.write_text(focus_html(store, light, "nguyen van binh", depth=1), encoding="utf-8")
    nodes = _script_json(page, "kg-nodes")
    [binh] = [n for n in nodes if n["kg"]["label"] == "Nguyễn Văn Bình"]
    assert [q for _, q, _ in binh["kg"]["evidence"]][:1] == ["Nguyễn Văn Bình"]
    assert all(href == "" for _, _, href in _script_json(page, "kg-config")["bulletins"].values())
    assert 'href="index.html"' not in page.read_text(encoding="utf-8")
    with pytest.raises(GraphError):
        focus_html(store, light, "nobody at all")


def test_a_node_s_neighbourhood_is_drawn_from_the_bulletins_stating_it_alone(store, G):
    # What kg serve's /viz does for an IRI while the whole projection is being built.
    from kg.graphs import graphs_holding, subset

    binh = find_node(G, "Nguyễn Văn Bình").node
    from kg.rdf.iri import graph_iri

    graphs = graphs_holding(store, binh)
    assert {graph_iri(b) for b in G.nodes[binh]["bulletins"]} <= set(graphs)  # and the posts' resolution graph
    local = project(subset(store, graphs), statistics=False, evidence=False)
    assert local.graph["bulletin_count"] == 2 < G.graph["bulletin_count"]
    near, whole = focus(local, binh, depth=1), focus(G, binh, depth=1)
    assert set(near.nodes) == set(whole.nodes)
    assert local.nodes[binh]["bulletins"] == G.nodes[binh]["bulletins"]


def test_a_rerun_writes_only_the_pages_that_changed_and_removes_those_of_bulletins_gone(tmp_path):
    s = GraphStore(tmp_path / "store")
    ingest([str(SEED)], s)
    ingest([str(p) for p in PROVINCE_BULLETINS], s, province="Yên Bái")
    out = tmp_path / "site"
    first = write_site(s, out, focus_top=1)
    assert first.written["bulletin"] == 3 and first.written["asset"] == 5
    again = write_site(s, out, focus_top=1)
    assert again.pages == first.pages and again.bytes == first.bytes
    assert set(again.written) <= {"index"}  # the index says when it was written; nothing else changed
    # One more bulletin: its page, its older neighbour's "newer" link and the pages that list or
    # draw it change; the seed bulletin's page does not.
    more = tmp_path / "bulletin-2019-04-02.txt"
    more.write_text("Thứ 3 Ngày 02/04/2019\n\nHội nghị sơ kết Chỉ thị số 05-CT/TW\n\nSáng ngày 2/4/2019, "
                    "Ban Thường vụ Tỉnh ủy tổ chức Hội nghị sơ kết Chỉ thị số 05-CT/TW. Đồng chí Nguyễn Văn Bình - "
                    "Bí thư Tỉnh ủy chủ trì Hội nghị.\n", encoding="utf-8")
    ingest([str(more)], s, province="Yên Bái")
    third = write_site(s, out, focus_top=1)
    assert "bulletins/bulletin-2019-04-02.html" in third.files and third.pages["bulletin"] == 4
    assert "bulletins/bulletin-2018-06-01.html" not in third.files
    assert third.written["bulletin"] < 4
    manifest = json.loads((out / "views.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"views.json"}
    # A bulletin removed from the store loses its page.
    s.remove_bulletin("bulletin-2019-04-02")
    fourth = write_site(s, out, focus_top=1)
    assert fourth.removed == 1 and not (out / "bulletins/bulletin-2019-04-02.html").exists()
    s.close()
