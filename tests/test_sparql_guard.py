"""The SERVICE check of kg serve's front (kg.sparql.guard): the keyword is found wherever the engine
would read it, and only there."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql.guard import find_service, unescape_codepoints

TARGET = "<http://127.0.0.1:9/sparql>"


@pytest.mark.parametrize("query", [
    f"SELECT * WHERE {{ SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"select * where {{ service silent {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ BIND({TARGET} AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\u0053ERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\U00000053ervice {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p true.SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o.SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f'SELECT * WHERE {{ ?s ?p "a\\"" SERVICE {TARGET} {{ ?s ?p ?o }} }}',
    f"SELECT * WHERE {{ ?s ?p <http://x/#> SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{\n# a comment\nSERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p 'unterminated SERVICE {TARGET} {{ }} }}",  # errs towards refusing
])
def test_service_is_found(query):
    assert find_service(query) is not None


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ex:service "SERVICE" }',
    "SELECT * WHERE { ?s <http://ex.org/SERVICE> '''SERVICE\n<x> {}''' } # SERVICE <x> {}",
    "SELECT * WHERE { ?s ex:a.SERVICE ?o . ?s :SERVICE ?o . _:SERVICE ?p ?o . ?s ?p $SERVICE }",
    "SELECT ?x WHERE { ?x ?p ?y FILTER(?x<?y) }",
])
def test_the_word_elsewhere_is_not_the_keyword(query):
    assert find_service(query) is None


def test_position_is_line_and_column():
    assert find_service("SELECT *\nWHERE {\n  SERVICE <x> { } }") == (3, 3)


def test_unescaping_matches_sparql():
    assert unescape_codepoints("\\u0041\\U0001F600x") == "A\U0001F600x"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_text_inside_a_string_literal_is_never_a_clause(text):
    literal = ox.Literal(text)  # pyoxigraph's serialisation escapes quotes and line breaks
    assert find_service(f"SELECT * WHERE {{ ?s ?p {literal} }}") is None or "\\u" in text.lower()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([" ", "\n", ".", ";", "}", "{", ")", "\t"]),
       st.sampled_from(["SERVICE", "service", "Service", "\\u0053ERVICE"]))
def test_the_keyword_after_any_separator_is_found(before, keyword):
    assert find_service(f"SELECT * WHERE {{ ?s ?p ?o{before}{keyword} {TARGET} {{ ?s ?p ?o }} }}") is not None
