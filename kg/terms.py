"""Typed access to the values of pyoxigraph terms.

pyoxigraph types a quad's parts as unions (an object is an IRI, a blank node, a literal or a quoted
triple; a graph name may be the default graph), and only some members carry a `.value`. These helpers
narrow the union once and say what was found instead when the store holds something else.

    >>> value_of(ox.Literal("12"))
    '12'
"""

from __future__ import annotations

import pyoxigraph as ox

# What a quad's object may be (pyoxigraph's stub has no name for it).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def value_of(term: Term | ox.DefaultGraph | None) -> str:
    """The IRI, blank node id or lexical form of `term`; TypeError for a quoted triple, the default graph
    or no term."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    raise TypeError(f"expected an IRI, a blank node or a literal, got {term!r}")


def graph_name_of(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """The name of a named graph; TypeError for the default graph, which has none."""
    if isinstance(name, (ox.NamedNode, ox.BlankNode)):
        return name.value
    raise TypeError("expected a named graph, got the default graph")


def serialized(items, format: ox.RdfFormat) -> bytes:
    """`ox.serialize` of quads or triples into bytes. Its stub returns `bytes | None` because the same
    function writes to a file when given one; without an output it always returns the bytes."""
    data = ox.serialize(items, format=format)
    if data is None:
        raise TypeError("pyoxigraph.serialize returned no bytes without an output")
    return data
