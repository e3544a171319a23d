"""`kg push` and `kg --store URL ingest` against real triple-store servers started on 127.0.0.1:
the Oxigraph server (PyPI `oxigraph`) and Virtuoso Open Source (Debian's virtuoso-opensource).
Each round trip must give back exactly the triples of every bulletin's named graph."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from sparql_servers import SAMPLE_INPUTS, SAMPLE_PROVINCE, build_sample_store, oxigraph_server, virtuoso_server

from kg.cli import main
from kg.rdf.iri import graph_iri
from kg.sparql.remote import RemoteStore, is_remote, open_store, split_credentials
from kg.store import GraphStore


@pytest.fixture(scope="module")
def local_dir(tmp_path_factory):
    return build_sample_store(tmp_path_factory.mktemp("remote") / "store")


@pytest.fixture(scope="module")
def local_graphs(local_dir) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = {}
    for q in GraphStore(local_dir, read_only=True).quads():
        graphs.setdefault(q.graph_name.value, set()).add(q.triple)
    assert len(graphs) == 4 + 1  # the sample bulletins and the resolution stage's reasons
    return graphs


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture()
def oxigraph(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph", writable=True) as server:
        yield server


def push(local_dir, *args: str) -> dict:
    result = CliRunner().invoke(main, ["--store", str(local_dir), "push", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_same_graphs(remote: RemoteStore, expected: dict[str, set[ox.Triple]]) -> None:
    for graph, triples in expected.items():
        back = remote.get_graph(graph)
        assert back == triples, (graph, sorted(map(str, triples - back))[:3], sorted(map(str, back - triples))[:3])
    assert remote.named_graph_count() == len(expected)
    assert remote.count_triples() == sum(len(t) for t in expected.values())


def test_push_to_oxigraph_server_round_trips_and_is_idempotent(local_dir, local_graphs, oxigraph):
    first = push(local_dir, "--endpoint", oxigraph.url)
    assert first["pushed"] == 4 and first["protocol"] == "Graph Store Protocol"
    remote = RemoteStore(oxigraph.url)
    assert_same_graphs(remote, local_graphs)
    again = push(local_dir, "--endpoint", oxigraph.url + "/query")
    assert again["pushed"] == 0 and again["unchanged"] == 4
    forced = push(local_dir, "--endpoint", oxigraph.url, "--force")
    assert forced["pushed"] == 4
    assert_same_graphs(remote, local_graphs)


def test_push_with_sparql_update_where_there_is_no_graph_store(local_dir, local_graphs, oxigraph):
    assert push(local_dir, "--endpoint", oxigraph.url, "--protocol", "update")["protocol"] == "SPARQL Update"
    assert push(local_dir, "--endpoint", oxigraph.url, "--protocol", "update", "--force")["pushed"] == 4
    assert_same_graphs(RemoteStore(oxigraph.url), local_graphs)


def test_push_to_virtuoso_round_trips_with_digest_auth(local_dir, local_graphs, virtuoso):
    refused = CliRunner().invoke(main, ["--store", str(local_dir), "push", "--endpoint", virtuoso + "/sparql",
                                        "--auth", "dba:wrong"])
    assert refused.exit_code != 0 and "refused the credentials" in refused.output
    first = push(local_dir, "--endpoint", virtuoso + "/sparql", "--auth", "dba:dba", "--auth-type", "digest")
    assert first["pushed"] == 4
    remote = RemoteStore(virtuoso, auth=("dba", "dba"))
    assert remote.endpoints.gsp.endswith("/sparql-graph-crud-auth")
    assert_same_graphs(remote, local_graphs)
    again = push(local_dir, "--endpoint", virtuoso, "--auth", "dba:dba")  # auth type follows the challenge
    assert again["pushed"] == 0 and again["unchanged"] == 4
    # Everything is unchanged now, so nothing would be written: a wrong password must still fail.
    for credentials in (["--auth", "dba:wrong"], ["--auth", "dba:wrong", "--auth-type", "digest"],
                        ["--auth", "dba:wrong", "--protocol", "update"], []):
        refused = CliRunner().invoke(main, ["--store", str(local_dir), "push", "--endpoint", virtuoso, *credentials])
        assert refused.exit_code != 0, (credentials, refused.output)
        assert "refused the credentials" in refused.output and "pushed" not in refused.output
    assert "none were given" in refused.output
    assert push(local_dir, "--endpoint", virtuoso, "--auth", "dba:dba", "--protocol", "update", "--force")["pushed"] == 4
    assert_same_graphs(remote, local_graphs)


def test_ingest_straight_into_a_remote_store(local_graphs, oxigraph, virtuoso):
    runner = CliRunner()
    inputs = [str(p) for p in SAMPLE_INPUTS]
    for url in (oxigraph.url, virtuoso.replace("http://", "http://dba:dba@") + "/sparql"):
        emptied = open_store(url)  # the Virtuoso database is shared with the push tests
        for bulletin_id in emptied.bulletin_ids():
            assert emptied.remove_bulletin(bulletin_id)
        emptied.update("DROP SILENT GRAPH <https://w3id.org/bulletin-kg/id/graph/resolution>")
        assert emptied.count_triples() == 0
        result = runner.invoke(main, ["--store", url, "ingest", "--province", SAMPLE_PROVINCE, "--json", *inputs])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.output)
        assert summary["ingested"] == 4 and summary["triples_total"] == sum(map(len, local_graphs.values()))
        again = json.loads(runner.invoke(main, ["--store", url, "ingest", "--province", SAMPLE_PROVINCE, "--json",
                                                *inputs]).output)
        assert again["unchanged"] == 4 and again["triples_added"] == 0
        remote = open_store(url)
        assert_same_graphs(remote, local_graphs)
        assert sorted(remote.bulletin_ids()) == sorted(g.rsplit("/", 1)[1] for g in local_graphs
                                                       if not g.endswith("/resolution"))
        query = runner.invoke(main, ["--store", url, "query", "--format", "csv",
                                     "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?d bkg:documentNumber ?n } } ORDER BY ?n"])
        assert query.output.split() == ["n", "03-CT/TW", "05-CT/TW", "22-NQ/TW", "67-KH/TU"]


def test_remote_lookups_with_hostile_ids_stay_inside_their_iri(oxigraph):
    remote = RemoteStore(oxigraph.url)
    for hostile in ['x> } ; DROP ALL ; #', 'a"b', "line\nbreak", "<>{}|^`\\"]:
        assert remote.ledger_entry(hostile) is None
        assert remote.remove_bulletin(hostile) is False
        assert graph_iri(hostile).startswith("https://w3id.org/bulletin-kg/id/graph/")


def test_locations_and_credentials():
    assert is_remote("http://127.0.0.1:7878/") and is_remote("HTTPS://x/sparql") and not is_remote("exports/store")
    assert split_credentials("http://dba:p%40ss@127.0.0.1:8890/sparql") == (
        "http://127.0.0.1:8890/sparql", ("dba", "p@ss"))
    assert split_credentials("http://127.0.0.1:8890/") == ("http://127.0.0.1:8890/", None)


def _merged(remote: RemoteStore) -> set[ox.Triple]:
    return set(remote.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", with_prefixes=False))


def test_a_push_gives_the_remote_store_the_same_merged_default_graph(local_dir, local_graphs, oxigraph):
    remote = RemoteStore(oxigraph.url)
    union = set().union(*local_graphs.values())
    for args in ([], ["--force"], ["--force", "--protocol", "update"]):  # replaced whole: nothing doubles or is lost
        push(local_dir, "--endpoint", oxigraph.url, *args)
        assert _merged(remote) == union
    assert len(union) == GraphStore(local_dir, read_only=True).default_graph_size()
    # Removing a bulletin keeps the statements another bulletin also makes.
    gone = sorted(remote.bulletin_ids())[0]
    assert remote.remove_bulletin(gone)
    assert _merged(remote) == set().union(*(t for g, t in local_graphs.items() if not g.endswith(gone)))


def test_virtuoso_keeps_no_merged_copy(local_dir, virtuoso):
    push(local_dir, "--endpoint", virtuoso, "--auth", "dba:dba", "--force")
    remote = RemoteStore(virtuoso, auth=("dba", "dba"))
    assert not remote.endpoints.merged_default
    assert remote.named_graph_count() == 5  # no graph beside the bulletins' and the reasons'
