"""kg.terms: the values of pyoxigraph terms, narrowed from their unions."""

import pyoxigraph as ox
import pytest

from kg.terms import graph_name_of, value_of

BULLETIN = "https://bulletin-kg.example/id/bulletin/21471733"


def test_value_of_an_iri_a_blank_node_and_a_literal():
    assert value_of(ox.NamedNode(BULLETIN)) == BULLETIN
    assert value_of(ox.BlankNode("b0")) == "b0"
    assert value_of(ox.Literal("Hội nghị Ban Chấp hành Đảng bộ tỉnh", language="vi")) == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"


def test_value_of_a_quoted_triple_or_nothing_is_refused():
    quoted = ox.Triple(ox.NamedNode(BULLETIN), ox.NamedNode("http://schema.org/headline"), ox.Literal("Tin"))
    with pytest.raises(TypeError, match="quoted|Triple"):
        value_of(quoted)
    with pytest.raises(TypeError):
        value_of(None)


def test_graph_name_of_a_named_graph_and_the_default_graph():
    assert graph_name_of(ox.NamedNode(BULLETIN)) == BULLETIN
    with pytest.raises(TypeError, match="default graph"):
        graph_name_of(ox.DefaultGraph())


def test_serialized_quads_are_the_n_quads_bytes():
    from kg.terms import serialized

    quad = ox.Quad(ox.NamedNode(BULLETIN), ox.NamedNode("http://schema.org/headline"), ox.Literal("Tin"),
                   ox.NamedNode(BULLETIN + "/graph"))
    assert serialized([quad], ox.RdfFormat.N_QUADS) == (
        f'<{BULLETIN}> <http://schema.org/headline> "Tin" <{BULLETIN}/graph> .\n'.encode())
    assert serialized([], ox.RdfFormat.N_QUADS) == b""
