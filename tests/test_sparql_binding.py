"""Values from users (labels, numbers, dates, IRIs) are bound as RDF terms, never spliced: hostile
strings find exactly the literal that equals them and change nothing in the store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql.binding import BindingError, bind_values, literal, to_term
from kg.sparql.catalog import catalog_query

HOSTILE = [
    'x" } ; DROP ALL ; #',
    '" } } INSERT DATA { GRAPH <urn:evil> { <urn:a> <urn:b> <urn:c> } } #',
    "\\u0022 } DELETE WHERE { ?s ?p ?o } #",
    "a\\",
    '\\"',
    "line\nbreak\r\ttab",
    "triple ''' and \"\"\" quotes",
    "} } }",
    "# a comment ending the line\n} DROP ALL",
    "\x00nul and \U0001F600",
    "Lê\u0300 (decomposed)",
]
P = ox.NamedNode("urn:p")
G = ox.NamedNode("urn:g")
TEMPLATE = "SELECT ?s WHERE {\n  VALUES ?v { \"default\" }\n  GRAPH ?g { ?s <urn:p> ?v }\n}"


@pytest.fixture()
def hostile_store() -> ox.Store:
    store = ox.Store()
    for i, text in enumerate(HOSTILE):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), P, literal(text), G))
    store.add(ox.Quad(ox.NamedNode("urn:default"), P, ox.Literal("default"), G))
    return store


def subjects(store: ox.Store, query: str) -> list[str]:
    return [row["s"].value for row in store.query(query)]


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_hostile_strings_find_exactly_their_own_literal(hostile_store, i):
    size = len(hostile_store)
    query = bind_values(TEMPLATE, {"v": to_term(HOSTILE[i])})
    assert query.count("\n") == TEMPLATE.count("\n"), "a bound value never adds a line"
    assert subjects(hostile_store, query) == [f"urn:s{i}"]
    # Same answer as the engine's own substitution, which never touches the text.
    direct = hostile_store.query("SELECT ?s ?v WHERE { GRAPH ?g { ?s <urn:p> ?v } }",
                                 substitutions={ox.Variable("v"): literal(HOSTILE[i])})
    assert [r["s"].value for r in direct] == [f"urn:s{i}"]
    hostile_store.update("DELETE DATA { GRAPH <urn:nothing> { <urn:x> <urn:y> <urn:z> } }")  # the store is writable
    assert len(hostile_store) == size


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_round_trips_through_binding(text):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), P, literal(text), G))
    assert subjects(store, bind_values(TEMPLATE, {"v": to_term(text)})) == ["urn:s"]
    assert len(store) == 1


def test_kinds_are_checked_before_anything_reaches_the_query():
    assert str(to_term("2017", "integer")) == '"2017"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert str(to_term(" 2018-06-01 ", "date")) == '"2018-06-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert str(to_term("https://w3id.org/bulletin-kg/id/x", "iri")) == "<https://w3id.org/bulletin-kg/id/x>"
    for value, kind in [("2017 } DROP ALL", "integer"), ("1e3; DROP", "decimal"), ("2018-13-45", "date"),
                        ("http://x> } DROP ALL { <y", "iri"), ("not an iri", "iri"), ("urn:a b", "iri")]:
        with pytest.raises(BindingError):
            to_term(value, kind)
    with pytest.raises(BindingError, match="variable name"):
        bind_values(TEMPLATE, {"v } DROP ALL #": to_term("x")})
    with pytest.raises(BindingError, match="no line"):
        bind_values(TEMPLATE, {"w": to_term("x")})
    with pytest.raises(BindingError, match="RDF term"):
        bind_values(TEMPLATE, {"v": 'raw" } DROP ALL #'})


def test_catalog_binding_keeps_the_rest_of_the_query(hostile_store):
    q = catalog_query("events-implementing-plan")
    for text in HOSTILE:
        bound = q.bind({"number": text})
        assert bound.replace(str(to_term(text)), q.parameters[0].default) == q.text
