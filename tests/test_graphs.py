"""The networkx projection (kg.graphs): built from a real Oxigraph store holding the seed bulletin and
two bulletins of one province that share a resolution, a directive and an official with it or each
other; measured (`kg graph stats`) and exported for Gephi (`kg graph export`)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graphs import CLASSES, GraphError, attach_quotes, class_counts, export_graph, graph_stats, project, store_class_counts
from kg.ingest import ingest
from kg.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "bulletin-2018-06-01.txt"
PROVINCE_BULLETINS = sorted((FIXTURES / "viz").glob("*.txt"))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GraphStore:
    s = GraphStore(tmp_path_factory.mktemp("graphs") / "store")
    ingest([str(SEED)], s)
    ingest([str(p) for p in PROVINCE_BULLETINS], s, province="Yên Bái")
    yield s
    s.close()


@pytest.fixture(scope="module")
def G(store) -> nx.DiGraph:
    return project(store)


def by_label(G: nx.DiGraph, label: str, cls: str | None = None) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d["label"] == label and (cls is None or d["cls"] == cls)]


def texts(store: GraphStore) -> dict[str, str]:
    rows = store.select("SELECT ?id ?text WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id ; "
                        "bkg:text ?text } }")
    return {r["id"]: r["text"] for r in rows}


def test_every_class_is_counted_once_per_node_as_in_the_store(store, G):
    assert class_counts(G) == store_class_counts(store)
    assert G.graph["bulletin_count"] == 3
    # Cross-check one class against a plain DISTINCT count.
    officials = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a bkg:Official } }")[0]["n"]
    assert class_counts(G)["Official"] == officials


def test_a_document_cited_by_several_bulletins_is_one_node_linked_to_each(G):
    [directive] = [n for n, d in G.nodes(data=True) if d["attrs"].get("documentNumber") == "05-CT/TW"]
    d = G.nodes[directive]
    assert d["cls"] == "Document" and d["type"] == "Directive"
    assert d["bulletins"] == ["bulletin-2018-06-01", "bulletin-2019-01-15", "bulletin-2019-03-20"]
    citing = [u for u, _ in G.in_edges(directive) if G.nodes[u]["cls"] == "Bulletin"]
    assert len(citing) == 3
    assert all("cites" in G.edges[u, directive]["relations"] for u in citing)
    issuers = [v for _, v in G.out_edges(directive) if "issued by" in G.edges[directive, v]["relations"]]
    assert [G.nodes[v]["label"] for v in issuers] == ["Bộ Chính trị"]


def test_an_official_of_one_province_is_one_node_with_positions_and_participations(G):
    [binh] = by_label(G, "Nguyễn Văn Bình", "Official")
    d = G.nodes[binh]
    assert d["bulletins"] == ["bulletin-2019-01-15", "bulletin-2019-03-20"]
    assert ("Bí thư Tỉnh ủy", "2019-01-15") in d["positions"]
    assert d["first"] == "2019-01-15" and d["last"] == "2019-03-20"
    # The position is an edge to the organization, labelled as written and dated by the bulletin.
    orgs = {G.nodes[v]["label"]: e for _, v, e in G.out_edges(binh, data=True) if G.nodes[v]["cls"] == "Organization"}
    assert "Bí thư Tỉnh ủy" in orgs["Tỉnh ủy"]["relations"]
    assert orgs["Tỉnh ủy"]["bulletins"] == {"bulletin-2019-01-15", "bulletin-2019-03-20"}
    events = {G.nodes[v]["label"]: e for _, v, e in G.out_edges(binh, data=True) if G.nodes[v]["cls"] == "Event"}
    assert any("chaired" in e["relations"] for e in events.values())


def test_evidence_spans_point_at_the_quoted_text(store, G):
    bulletin_text = texts(store)
    nodes = [n for n, d in G.nodes(data=True) if d["cls"] != "Bulletin"]
    attach_quotes(store, G, nodes)
    checked = 0
    for n in nodes:
        for e in G.nodes[n]["evidence"]:
            assert bulletin_text[e.bulletin][e.start:e.end] == e.quote, (n, e)
            checked += 1
    assert checked > 50


def test_a_graph_built_without_evidence_gets_the_same_spans_when_asked(store, G):
    light = project(store, evidence=False)
    assert sorted(light.nodes) == sorted(G.nodes)
    [binh] = by_label(light, "Nguyễn Văn Bình", "Official")
    assert light.nodes[binh]["evidence"] == []
    attach_quotes(store, light, [binh])
    spans = [(e.bulletin, e.start, e.end) for e in light.nodes[binh]["evidence"]]
    assert spans == [(e.bulletin, e.start, e.end) for e in G.nodes[binh]["evidence"]]
    assert len(spans) >= 4


def test_statistics_can_be_left_out(store, G):
    light = project(store, statistics=False, evidence=False)
    assert class_counts(light)["Statistic"] == 0
    assert class_counts(G)["Statistic"] > 10
    assert light.number_of_nodes() == G.number_of_nodes() - class_counts(G)["Statistic"]


def test_stats_rank_the_shared_official_first_and_find_communities(G):
    stats = graph_stats(G, top=5)
    assert stats["classes"] == class_counts(G)
    assert stats["central"]["Official"][0]["label"] == "Nguyễn Văn Bình"
    # The resolution two conferences review and the directive all three bulletins cite lead the documents.
    top_documents = {r["label"].split()[-1] for r in stats["central"]["Document"][:2]}
    assert top_documents == {"22-NQ/TW", "05-CT/TW"}
    assert stats["community_count"] >= 2
    assert 0 < stats["modularity"] < 1
    sizes = [c["size"] for c in stats["communities"]]
    assert sizes == sorted(sizes, reverse=True)
    assert stats["components"] == nx.number_connected_components(G.to_undirected())


def test_graphml_export_reads_back_with_every_node_and_link(G, tmp_path):
    path = tmp_path / "kg.graphml"
    export_graph(G, path, "graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    [binh] = by_label(G, "Nguyễn Văn Bình", "Official")
    assert back.nodes[binh]["class"] == "Official"
    assert back.nodes[binh]["bulletin_count"] == 2
    assert "Bí thư Tỉnh ủy" in back.nodes[binh]["positions"]


def test_gexf_export_carries_class_colours_for_gephi(G, tmp_path):
    path = tmp_path / "kg.gexf"
    export_graph(G, path, "gexf")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    colours = [e for e in ET.parse(path).getroot().iter() if e.tag.endswith("}color")]
    assert {(c.get("r"), c.get("g"), c.get("b")) for c in colours} >= {("225", "87", "89"), ("78", "121", "167")}
    with pytest.raises(ValueError, match="graphml, gexf"):
        export_graph(G, tmp_path / "x.dot", "dot")


def test_cli_graph_stats_and_export(store, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(store.path), "graph", "stats", "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert list(stats["classes"]) == list(CLASSES)
    assert stats["classes"]["Statistic"] > 0  # counted in the store, though left out of the network
    assert stats["central"]["Official"][0]["label"] == "Nguyễn Văn Bình"
    result = runner.invoke(main, ["--store", str(store.path), "graph", "stats"])
    assert result.exit_code == 0 and "Most central: Official" in result.output and "communities" in result.output

    out = tmp_path / "g.gexf"
    result = runner.invoke(main, ["--store", str(store.path), "graph", "export", "--format", "gexf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_nodes() == stats["nodes_without_statistics"] + stats["classes"]["Statistic"]


def test_cli_graph_refuses_a_missing_store(tmp_path):
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "nothing"), "graph", "stats"])
    assert result.exit_code != 0 and "kg ingest" in result.output


def test_graph_error_is_a_lookup_error():
    assert issubclass(GraphError, LookupError)
