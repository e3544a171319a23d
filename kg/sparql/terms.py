"""Terms of the bulletin-kg vocabulary that a query names but the ontology does not define.

A pattern with a misspelt term (`bkg:Documnet`) matches nothing, and an empty answer says nothing
of why: `kg query` and the endpoint name such terms, with their line and column, beside the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.rdf.vocab import BKG, BKG_IRI

KNOWN = frozenset(BKG.__annotations__)

# Scanned left to right, an IRI, a literal or a comment is consumed whole, so that a "bkg:" inside a
# string or a comment, or a "#" inside an IRI, is not taken for what it is not.
_TOKEN = re.compile(r"""
    < (?P<iri> [^<>\s]* ) >                        # an IRI, perhaps one of the ontology
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'       # a string literal
  | \#[^\n]*                                       # a comment
  | (?<![\w:.-]) bkg: (?P<local> [A-Za-z_][\w-]* )  # a prefixed name of the ontology
""", re.VERBOSE)


@dataclass(frozen=True)
class UnknownTerm:
    term: str
    line: int
    column: int

    def message(self) -> str:
        return (f"line {self.line}, column {self.column}: bkg:{self.term} is not a term of the bulletin-kg "
                f"ontology ({BKG_IRI}), so a pattern using it matches nothing")


def unknown_terms(query: str) -> list[UnknownTerm]:
    """The undefined bkg: terms of a query, each where it first occurs (1-based line and column)."""
    found: dict[str, UnknownTerm] = {}
    for m in _TOKEN.finditer(query):
        if m["local"]:
            name = m["local"]
        elif m["iri"] and m["iri"].startswith(BKG_IRI):
            name = m["iri"][len(BKG_IRI):]
        else:
            continue
        if name and name not in KNOWN and name not in found:  # "" is the namespace, as in PREFIX bkg: <...#>
            line = query.count("\n", 0, m.start()) + 1
            column = m.start() - (query.rfind("\n", 0, m.start()) + 1) + 1
            found[name] = UnknownTerm(name, line, column)
    return list(found.values())
