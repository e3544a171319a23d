"""Bind user-supplied values (labels, numbers, dates, IRIs) into SPARQL without splicing raw text.

A value becomes an RDF term first (a pyoxigraph `Literal` or `NamedNode`), and only the term's own
N-Triples serialisation, which escapes quotes, backslashes and line breaks, reaches the query text.
A catalog query marks each parameter with a line of its own, `VALUES ?name { default }`; binding
replaces the default term on that line and nothing else.

>>> bind_values('SELECT * WHERE {\\n  VALUES ?n { "x" }\\n}', {"n": literal("a\\" } DROP ALL #")})
'SELECT * WHERE {\\n  VALUES ?n { "a\\\\" } DROP ALL #" }\\n}'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import partial
from typing import Mapping

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("string", "label", "integer", "decimal", "date", "iri")


class BindingError(ValueError):
    """A value cannot be bound: wrong kind, or the query has no slot for it."""


def literal(text: str, *, language: str | None = None) -> ox.Literal:
    # Stored text is NFC (normalised at the door); user input may come decomposed from some keyboards.
    return ox.Literal(unicodedata.normalize("NFC", str(text)), language=language)


def to_term(value: object, kind: str = "string", *, name: str = "value") -> ox.Literal | ox.NamedNode:
    """A user value as an RDF term of the given kind; a clear BindingError when it is not one."""
    if isinstance(value, (ox.Literal, ox.NamedNode)):
        return value
    text = str(value).strip() if kind != "string" else str(value)
    try:
        if kind == "string":
            return literal(text)
        if kind == "label":  # names and labels are stored in Vietnamese, tagged "vi"
            return literal(text, language="vi")
        if kind == "integer":
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            return ox.Literal(str(float(text)), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(text).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "iri":
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
                raise ValueError("not an absolute IRI")
            return ox.NamedNode(text)
    except ValueError as err:
        raise BindingError(f"{name}={value!r} is not a valid {kind}: {err}") from None
    raise BindingError(f"unknown parameter kind {kind!r} for {name}; use one of {', '.join(KINDS)}")


def values_line(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(?P<indent>[ \t]*)VALUES[ \t]+\?{re.escape(name)}[ \t]*\{{[^\n}}]*\}}[ \t]*$", re.M)


def bind_values(sparql: str, terms: Mapping[str, ox.Literal | ox.NamedNode]) -> str:
    """Replace the default of each `VALUES ?name { ... }` line with the given term."""
    for name, term in terms.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BindingError(f"{name!r} is not a SPARQL variable name")
        if not isinstance(term, (ox.Literal, ox.NamedNode)):
            raise BindingError(f"?{name}: bind an RDF term (use to_term), not {type(term).__name__}")
        pattern = values_line(name)
        if not pattern.search(sparql):
            raise BindingError(f"the query has no line `VALUES ?{name} {{ ... }}` to bind ?{name} into")
        # A function replacement: the term's text is never read as a regex template.
        sparql = pattern.sub(partial(_indented, f"VALUES ?{name} {{ {term} }}"), sparql, count=1)
    return sparql


def _indented(line: str, found: re.Match[str]) -> str:
    """`line` at the indentation of the VALUES line it replaces."""
    return found["indent"] + line
