"""`kg query`: errors at the user's own lines, unknown ontology terms named, exact decimals, and
counts over the merged default graph without GRAPH or DISTINCT."""

import json

import pyoxigraph as ox

from kg.store import GraphStore

X = "https://w3id.org/bulletin-kg/id/test/"


def _store_with(run_kg, *quads):
    s = GraphStore(run_kg.store_dir)
    s.write_bulletins([])
    from kg.store import BulletinGraph

    s.write_bulletins([BulletinGraph(bid, [ox.Quad(*q, ox.NamedNode(f"https://w3id.org/bulletin-kg/id/graph/{bid}"))
                                           for q in qs]) for bid, qs in quads])
    s.close()


def test_a_syntax_error_is_reported_at_the_users_line_and_column(run_kg):
    _store_with(run_kg)
    text = "SELECT ?x WHERE {\n  ?x a <https://w3id.org/bulletin-kg/ontology#Event> .\n  FILTER( }"
    result = run_kg("query", text)
    assert result.exit_code != 0
    try:  # the position the engine gives for the query alone, without the predeclared prefixes
        ox.Store().query(text)
    except SyntaxError as err:
        line, column = str(err).split("error at ")[1].split(":")[:2]
    assert line == "3" and f"error at line 3, column {column}:" in result.output


def test_an_unknown_ontology_term_is_named_with_its_position(run_kg):
    _store_with(run_kg)
    result = run_kg("query", "SELECT * WHERE {\n  ?d a bkg:Documnet }")
    assert result.exit_code == 0
    assert "line 2, column 8: bkg:Documnet is not a term" in result.output
    assert "bkg:Document is not" not in run_kg("query", "SELECT * WHERE { ?d a bkg:Document }").output


def test_decimals_print_exactly_and_counts_need_no_graph(run_kg):
    value = ox.Literal("4100000.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    doc = (ox.NamedNode(X + "d"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
           ox.NamedNode("https://w3id.org/bulletin-kg/ontology#Document"))
    stat = (ox.NamedNode(X + "s"), ox.NamedNode("https://w3id.org/bulletin-kg/ontology#value"), value)
    _store_with(run_kg, ("a", [doc, stat]), ("b", [doc]))
    out = run_kg("query", "--format", "json", "SELECT (COUNT(*) AS ?n) WHERE { ?d a bkg:Document }").output
    assert json.loads(out) == [{"n": 1}]
    out = run_kg("query", "--format", "json", "SELECT ?v WHERE { ?s bkg:value ?v FILTER (?v = 4100000) }").output
    assert json.loads(out) == [{"v": 4100000}] and "4099999" not in out
    out = run_kg("query", "--format", "csv", "SELECT ?v WHERE { ?s bkg:value ?v }").output
    assert out.splitlines()[1] == "4100000"
