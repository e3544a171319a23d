"""The bulletin-kg vocabulary, generated from `ontology/bulletin-kg.ttl`: every `bkg:` term the
ontology defines is a term of the namespace `BKG`, and a misspelt term fails at first use
(AttributeError), not silently in the graph. A term is added to the code by defining it, with its
labels and comment, in the ontology; there is no second list to keep in step."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rdflib
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BKG_IRI = "https://w3id.org/bulletin-kg/ontology#"
ID_BASE = "https://w3id.org/bulletin-kg/id/"
# The European Legislation Identifier ontology, which rdflib does not bundle.
ELI = Namespace("http://data.europa.eu/eli/ontology#")


@lru_cache(maxsize=1)
def ontology_text() -> str:
    from importlib import resources

    return resources.files("kg.ontology").joinpath("bulletin-kg.ttl").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The ontology as an rdflib graph, parsed once per process (~0.1 s)."""
    return rdflib.Graph().parse(data=ontology_text(), format="turtle")


def defined_terms(g: rdflib.Graph) -> list[str]:
    """The local names of the bkg: terms a graph defines (is the subject of)."""
    return sorted({str(s)[len(BKG_IRI):] for s in g.subjects() if str(s).startswith(BKG_IRI)})


# A DefinedNamespace built from the ontology's terms (rdflib's ClosedNamespace is a str, so its
# terms "title" and "split" would be str methods).
BKG: Any = type("BKG", (DefinedNamespace,), {
    "_NS": Namespace(BKG_IRI), "_fail": True,
    "__annotations__": dict.fromkeys(defined_terms(ontology_graph()), URIRef),
})
