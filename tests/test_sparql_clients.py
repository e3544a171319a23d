"""Clients that just work against a real `kg serve`: SPARQLWrapper, rdflib's SPARQLStore and Dataset,
a YASGUI-style form POST and curl, in every format, over the merged default graph (no GRAPH, no
FROM, no DISTINCT); a cut result says so in its body."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
import rdflib
import requests
from sparql_servers import build_sample_store, log_text, oxigraph_server, start_kg_serve, stop

from kg.store import GraphStore

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
MAX_ROWS = 50
EVENTS = ("PREFIX bkg: <https://w3id.org/bulletin-kg/ontology#> PREFIX schema: <https://schema.org/> "
          "SELECT ?e ?name WHERE { ?e a bkg:Event ; schema:name ?name } ORDER BY ?e")
COUNT_DOCUMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a bkg:Document }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    with oxigraph_server(None):  # skips (or fails under CI) when the Oxigraph server is not installed
        pass
    return build_sample_store(tmp_path_factory.mktemp("clients") / "store")


@pytest.fixture(scope="module")
def expected(store_dir):
    store = GraphStore(store_dir, read_only=True)
    events = [(r["e"], r["name"]) for r in store.select(EVENTS)]
    documents = store.select("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a bkg:Document } }")[0]["n"]
    document = store.select("SELECT ?d WHERE { ?b bkg:cites ?d } ORDER BY ?d LIMIT 1")[0]["d"]
    store.close()
    return {"events": events, "documents": documents, "document": document}


@pytest.fixture(scope="module")
def endpoint(store_dir):
    proc, url = start_kg_serve(store_dir, "--max-rows", str(MAX_ROWS))
    yield url + "sparql"
    stop(proc)
    assert proc.returncode == 0, log_text(proc)


def test_counts_need_neither_graph_nor_distinct(endpoint, expected):
    r = requests.get(endpoint, params={"query": COUNT_DOCUMENTS}, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == expected["documents"] > 1


def test_describe_answers_over_the_merged_graph_without_from(endpoint, expected):
    r = requests.get(endpoint, params={"query": f"DESCRIBE <{expected['document']}>"},
                     headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(expected["document"]), None, None) in g


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_format(endpoint, expected, fmt):
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    w = Wrapper(endpoint)
    w.setQuery(EVENTS)
    w.setReturnFormat(fmt)
    result = w.query().convert()
    if fmt == "json":
        rows = [(b["e"]["value"], b["name"]["value"]) for b in result["results"]["bindings"]]
    elif fmt == "xml":
        rows = [tuple(str(v) for v in row) for row in rdflib.query.Result.parse(
            io.BytesIO(result.toxml().encode()), format="xml")]
    else:
        text = result.decode("utf-8") if isinstance(result, bytes) else result
        if fmt == "csv":
            rows = [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]
        else:
            rows = [tuple(rdflib.util.from_n3(v).toPython() if v.startswith(("<", '"')) else v
                          for v in line.split("\t")) for line in text.splitlines()[1:]]
            rows = [tuple(str(v) for v in r) for r in rows]
    assert rows == [(str(e), str(n)) for e, n in expected["events"]] and rows


@pytest.mark.parametrize("fmt", ["turtle", "n3", "xml", "rdf+xml", "json-ld"])
def test_sparqlwrapper_construct_and_describe_in_every_format(endpoint, expected, fmt):
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    for query in (f"DESCRIBE <{expected['document']}>",
                  f"CONSTRUCT {{ <{expected['document']}> ?p ?o }} WHERE {{ <{expected['document']}> ?p ?o }}"):
        w = Wrapper(endpoint)
        w.setQuery(query)
        w.setReturnFormat(fmt)
        result = w.query().convert()
        g = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(
            data=result, format={"turtle": "turtle", "n3": "n3", "json-ld": "json-ld"}[fmt])
        assert (rdflib.URIRef(expected["document"]), None, None) in g, (fmt, query)


def test_rdflib_sparqlstore_and_dataset(endpoint, expected):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint)
    for graph in (rdflib.Graph(store), rdflib.Dataset(store)):
        rows = [tuple(str(v) for v in row) for row in graph.query(EVENTS)]
        assert rows == [(str(e), str(n)) for e, n in expected["events"]]
        [(n,)] = list(graph.query("PREFIX bkg: <https://w3id.org/bulletin-kg/ontology#> " + COUNT_DOCUMENTS))
        assert int(n) == expected["documents"]


def test_a_yasgui_style_form_post(endpoint, expected):
    # What YASGUI sends: a form-encoded POST, its own Accept lists for SELECT and for CONSTRUCT.
    r = requests.post(endpoint, data={"query": EVENTS},
                      headers={"Accept": "application/sparql-results+json,*/*;q=0.9",
                               "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == len(expected["events"])
    r = requests.post(endpoint, data={"query": f"DESCRIBE <{expected['document']}>"},
                      headers={"Accept": "text/turtle,*/*;q=0.9"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values", "application/sparql-results+xml",
                                    "application/sparql-results+json"])
def test_curl(endpoint, expected, accept):
    out = subprocess.run(["curl", "-sf", "-H", f"Accept: {accept}", "--data-urlencode", f"query={EVENTS}", endpoint],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert all(str(n) in out.stdout for _, n in expected["events"])


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_a_cut_result_says_so_in_its_body(endpoint, accept):
    r = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["X-SPARQL-Truncated"] == "true"
    if "json" in accept:
        data = r.json()
        assert data["truncated"]["maxRows"] == MAX_ROWS and len(data["results"]["bindings"]) == MAX_ROWS
    elif "xml" in accept:
        assert f"<!-- result cut at {MAX_ROWS} rows" in r.text
        assert len(list(rdflib.query.Result.parse(io.BytesIO(r.content), format="xml"))) == MAX_ROWS
    else:
        lines = r.text.splitlines()
        assert lines[-1].startswith(f"# result cut at {MAX_ROWS} rows") and len(lines) == MAX_ROWS + 2


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml",
                                    "application/ld+json"])
def test_a_cut_graph_says_so_in_its_body(endpoint, accept):
    r = requests.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["X-SPARQL-Truncated"] == "true"
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}[accept]
    assert len(rdflib.Graph().parse(data=r.content, format=fmt)) == MAX_ROWS
    if fmt == "json-ld":
        assert json.loads(r.content)["truncated"]["maxTriples"] == MAX_ROWS
    else:
        assert f"cut at {MAX_ROWS} triples" in r.text


def test_an_unknown_ontology_term_is_named_in_a_header(endpoint):
    r = requests.get(endpoint, params={"query": "SELECT * WHERE {\n ?d a bkg:Documnet }"})
    assert r.status_code == 200 and not r.json()["results"]["bindings"]
    assert r.headers["X-SPARQL-Warning"].startswith("line 2, column 7: bkg:Documnet is not a term")
    assert "X-SPARQL-Warning" not in requests.get(endpoint, params={"query": COUNT_DOCUMENTS}).headers
