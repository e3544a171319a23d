"""`kg serve` run for real (the CLI in a subprocess, the Oxigraph server behind it) and asked by a real
HTTP client; every result is read back by an independent parser (rdflib's)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib.query import Result
from sparql_servers import build_sample_store, log_text, oxigraph_server, start_kg_serve, stop

from kg.sparql.catalog import load_catalog
from kg.store import GraphStore

EVENTS = "SELECT ?e ?name WHERE { GRAPH ?g { ?e a bkg:Event ; schema:name ?name } } ORDER BY ?e"
# A cross product of the whole graph four times over: minutes of work, if nothing stops it.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j . ?k ?l ?m } }"
MAX_ROWS = 100


def children(pid: int) -> list[int]:
    """Child processes of every thread of `pid` (a restarted engine is a child of a worker thread);
    a request thread may end while it is read."""
    found = []
    tasks = Path(f"/proc/{pid}/task")
    for task in (tasks.iterdir() if tasks.exists() else ()):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def engines(pid: int) -> list[int]:
    """The oxigraph processes under `pid` (kg serve runs one, inside its private-network relay)."""
    found, todo = [], children(pid)
    while todo:
        child = todo.pop()
        try:
            name = Path(f"/proc/{child}/comm").read_text().strip()
        except FileNotFoundError:  # exited meanwhile
            continue
        if name == "oxigraph":
            found.append(child)
        todo += children(child)
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with oxigraph_server(None):  # skips (or fails under CI) when the Oxigraph server is not installed
        pass
    return build_sample_store(tmp_path_factory.mktemp("endpoint") / "store")


@pytest.fixture(scope="module")
def served(store_dir):
    proc, url = start_kg_serve(store_dir, "--timeout", "1", "--max-rows", str(MAX_ROWS))
    yield proc, url
    stop(proc)
    assert proc.returncode == 0, log_text(proc)


@pytest.fixture(scope="module")
def endpoint(served) -> str:
    return served[1]


@pytest.fixture(scope="module")
def expected_events(store_dir):
    return [(r["e"], r["name"]) for r in GraphStore(store_dir, read_only=True).select(EVENTS)]


def parse(response: requests.Response, fmt: str) -> list[tuple]:
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    return [tuple(str(v) for v in row) for row in result]


@pytest.mark.parametrize("accept,fmt", [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
])
def test_select_in_every_results_format_by_get_and_post(endpoint, expected_events, accept, fmt):
    assert len(expected_events) == 4
    get = requests.get(endpoint + "sparql", params={"query": EVENTS}, headers={"Accept": accept})
    form = requests.post(endpoint + "sparql", data={"query": EVENTS}, headers={"Accept": accept})
    direct = requests.post(endpoint + "sparql", data=EVENTS.encode(),
                           headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    for r in (get, form, direct):
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith(accept)
        assert parse(r, fmt) == expected_events


def test_ask_and_format_parameter(endpoint):
    r = requests.get(endpoint + "sparql", params={"query": "ASK { GRAPH ?g { ?s a bkg:Official } }", "format": "json"})
    assert r.status_code == 200 and r.json() == {"head": {}, "boolean": True}
    r = requests.get(endpoint + "sparql", params={"query": "ASK { GRAPH ?g { ?s a bkg:Law } }"},
                     headers={"Accept": "application/sparql-results+xml"})
    assert Result.parse(io.BytesIO(r.content), format="xml").askAnswer is False


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt")])
def test_construct_and_describe_as_rdf(endpoint, store_dir, accept, fmt):
    query = "CONSTRUCT { ?e ?p ?o } WHERE { GRAPH ?g { ?e a bkg:Event ; ?p ?o } }"
    r = requests.post(endpoint + "sparql", data={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
    graph = rdflib.Graph().parse(data=r.content, format=fmt)
    direct = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in GraphStore(store_dir, read_only=True).query(query))
    expected = set(rdflib.Graph().parse(data=direct, format="nt"))
    assert set(graph) == expected and len(expected) > 20
    event = next(iter(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/bulletin-kg/ontology#Event"))))
    r = requests.get(endpoint + "sparql", params={"query": f"DESCRIBE <{event}>"}, headers={"Accept": accept})
    assert r.status_code == 200  # the default graph is empty: DESCRIBE answers an empty, well-formed graph
    rdflib.Graph().parse(data=r.content, format=fmt)


def test_unacceptable_type_and_malformed_query_are_clear(endpoint):
    r = requests.get(endpoint + "sparql", params={"query": EVENTS}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = requests.get(endpoint + "sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert r.status_code == 400
    assert r.text.startswith("malformed SPARQL query: error at line 3, column "), r.text
    r = requests.post(endpoint + "sparql", data=b"query=x", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_read_only_refuses_updates_and_the_store_is_unchanged(endpoint, store_dir):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = requests.get(endpoint + "sparql", params={"query": count}).json()
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    for r in (requests.post(endpoint + "sparql", data={"update": update}),
              requests.post(endpoint + "sparql", data=update.encode(),
                            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer x"}),
              requests.get(endpoint + "sparql", params={"update": update})):
        assert r.status_code in (400, 403), r.text
    assert r.status_code == 400 and "POST" in r.text
    assert "read-only" in requests.post(endpoint + "sparql", data={"update": update}).text
    assert requests.get(endpoint + "sparql", params={"query": count}).json() == before


def test_a_slow_query_is_stopped_at_the_time_limit(served):
    proc, endpoint = served
    engine = engines(proc.pid)
    assert len(engine) == 1, "kg serve runs one Oxigraph server"
    started = time.monotonic()
    r = requests.post(endpoint + "sparql", data={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert r.status_code == 503 and "time limit of 1 s" in r.text
    assert elapsed < 4, f"answered after {elapsed:.1f} s with a 1 s limit"
    # Really stopped: the engine burns no more CPU once the limit has passed.
    time.sleep(0.3)
    cpu = cpu_seconds(engine[0])
    time.sleep(1.5)
    assert cpu_seconds(engine[0]) - cpu < 0.3
    assert requests.get(endpoint + "sparql", params={"query": "ASK {}"}).status_code == 200


def test_long_results_are_cut_at_the_row_limit_and_say_so(endpoint):
    r = requests.get(endpoint + "sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"},
                     headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["X-SPARQL-Truncated"] == "true"
    rows = list(csv.reader(io.StringIO(r.text)))
    assert len(rows) == MAX_ROWS + 2 and rows[-1][0].startswith(f"# result cut at {MAX_ROWS} rows")
    r = requests.get(endpoint + "sparql", params={"query": EVENTS})
    assert "X-SPARQL-Truncated" not in r.headers


def test_catalog_queries_answer_the_same_through_the_endpoint(endpoint, store_dir):
    store = GraphStore(store_dir, read_only=True)
    for q in load_catalog():
        r = requests.post(endpoint + "sparql", data={"query": q.text}, headers={"Accept": "text/tab-separated-values"})
        assert r.status_code == 200, (q.name, r.text)
        rows = r.text.splitlines()[1:]
        assert len(rows) == len(store.select(q.text)), q.name


def test_catalog_routes_bind_parameters_and_hostile_values_change_nothing(endpoint):
    r = requests.get(endpoint + "catalog/chairs-of-events-implementing", params={"number": "67-KH/TU", "format": "csv"})
    assert r.status_code == 200 and "Lại Văn Hanh" in r.text
    count = requests.get(endpoint + "sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                      "format": "csv"}).text
    for hostile in ['67-KH/TU" } } ; DROP ALL ; #', '"} UNION { GRAPH ?g { ?event ?p ?o } } #', "\\\"\n}"]:
        r = requests.get(endpoint + "catalog/events-implementing-plan", params={"number": hostile, "format": "json"})
        assert r.status_code == 200 and r.json()["results"]["bindings"] == []
        text = requests.get(endpoint + "catalog/events-implementing-plan.rq", params={"number": hostile}).text
        assert text.count("VALUES ?number {") == 1 and "\nDROP" not in text
    r = requests.get(endpoint + "catalog/resolutions-reviewed-in-year", params={"year": "2017 } DROP ALL"})
    assert r.status_code == 400 and "not a valid integer" in r.text
    assert requests.get(endpoint + "sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                     "format": "csv"}).text == count


def test_query_page_works_offline(endpoint):
    page = requests.get(endpoint).text
    assert "<textarea" in page and "events-implementing-plan" in page and "/viz?focus={iri}" in page
    assert "src=" not in page and "<link" not in page, "the page must not load anything from elsewhere"
    catalog = requests.get(endpoint + "catalog.json").json()
    assert len(catalog) == len(load_catalog())


def test_updates_with_the_flag_need_the_token(tmp_path, store_dir):
    writable = tmp_path / "store"
    shutil.copytree(store_dir, writable)
    proc, url = start_kg_serve(writable, "--allow-updates", "--token", "s3cret")
    try:
        update = "INSERT DATA { GRAPH <urn:g> { <urn:a> rdfs:label \"added\" } }"
        assert requests.post(url + "sparql", data={"update": update}).status_code == 401
        assert requests.post(url + "sparql", data={"update": update},
                             headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = requests.post(url + "sparql", data={"update": update}, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 204, r.text
        r = requests.get(url + "sparql", params={"query": "ASK { GRAPH <urn:g> { <urn:a> rdfs:label \"added\" } }",
                                                 "format": "json"})
        assert r.json()["boolean"] is True
    finally:
        stop(proc)
    refused = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "--store", str(writable),
                              "serve", "--allow-updates"], capture_output=True, text=True)
    assert refused.returncode != 0 and "--token" in refused.stderr


def test_json_results_keep_language_and_datatype(endpoint):
    r = requests.get(endpoint + "sparql", params={
        "query": "SELECT ?name ?date WHERE { GRAPH ?g { ?e a bkg:Event ; schema:name ?name ; schema:startDate ?date } } LIMIT 1"})
    row = r.json()["results"]["bindings"][0]
    assert row["name"]["xml:lang"] == "vi"
    assert row["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    assert json.loads(r.text)  # one valid JSON document


def test_writers_are_refused_while_serving_and_readers_are_not(endpoint, store_dir, tmp_path):
    from kg.store import StoreError

    with pytest.raises(StoreError, match="lock"):
        GraphStore(store_dir)  # what `kg ingest` would open: refused, not left to write under the server
    assert GraphStore(store_dir, read_only=True).count_triples() > 0  # `kg query` still reads
    busy = tmp_path / "busy"
    shutil.copytree(store_dir, busy)
    writer = GraphStore(busy)
    refused = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "--store", str(busy), "serve",
                              "--port", "0"], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "open for writing by another process" in refused.stderr
    writer.close()


def test_iri_links_open_the_focused_view(endpoint, store_dir):
    person = GraphStore(store_dir, read_only=True).select(
        "SELECT ?p WHERE { GRAPH ?g { ?p a bkg:Official ; schema:name \"Lại Văn Hanh\"@vi } } LIMIT 1")[0]["p"]
    r = requests.get(endpoint + "viz", params={"focus": person})
    try:
        import kg.viz
    except ImportError:
        assert r.status_code == 501 and "kg viz" in r.text
        return
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "Lại Văn Hanh" in r.text and "<script src=" not in r.text
    assert requests.get(endpoint + "viz", params={"focus": "urn:no-such-node"}).status_code == 404
    assert requests.get(endpoint + "viz").status_code == 400
