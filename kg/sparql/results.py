"""Content negotiation and serialisation of SPARQL results (W3C JSON, XML, CSV, TSV; Turtle,
N-Triples, RDF/XML, JSON-LD for graphs).

The endpoint re-serialises what the store returns so that it can cut a result at the row limit and
still answer in the client's format. Serialising a list of solutions ourselves is a few lines per
format; every term is written by pyoxigraph (`str(term)` is its N-Triples form), so escaping is not
ours to get wrong.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Media types offered, best first when the client does not care.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# `format=` shortcuts for links and for clients that cannot set Accept.
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
}


class NotAcceptable(ValueError):
    pass


@dataclass
class Solutions:
    variables: list[str]
    rows: list[dict[str, object]]  # variable name -> pyoxigraph term (absent when unbound)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges from an Accept header, highest quality first (order kept among equals)."""
    ranges = []
    for i, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0]


def negotiate(accept: str | None, offered: Sequence[str], format_name: str | None = None) -> str:
    """The offered media type the client prefers; NotAcceptable when it accepts none of them."""
    if format_name:
        wanted = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        if wanted in offered:
            return wanted
        raise NotAcceptable(f"format={format_name!r} is not offered for this query; use one of "
                            + ", ".join(sorted({k for k, v in FORMAT_NAMES.items() if v in offered})))
    for media, _ in parse_accept(accept):
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0] + "/"
            for o in offered:
                if media == "*/*" or o.startswith(prefix):
                    return o
        elif media in offered:
            return media
    raise NotAcceptable(f"none of the accepted types ({accept}) is offered for this query; "
                        f"ask for one of: {', '.join(offered)}")


# -- solutions ---------------------------------------------------------------------------------
def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                             "predicate": _json_term(term.predicate),
                                             "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return ("<triple>" + "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                                     for k in ("subject", "predicate", "object")) + "</triple>")
    raise TypeError(f"unexpected term {term!r}")


def _csv_value(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def serialize_solutions(sol: Solutions, kind: str) -> bytes:
    if kind == "json":
        return json.dumps({"head": {"vars": sol.variables},
                           "results": {"bindings": [{v: _json_term(t) for v, t in row.items()}
                                                    for row in sol.rows]}},
                          ensure_ascii=False).encode("utf-8")
    if kind == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in sol.variables]
        out.append("</head>\n<results>")
        for row in sol.rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in row.items()) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(sol.variables)
        for row in sol.rows:
            w.writerow([_csv_value(row[v]) if v in row else "" for v in sol.variables])
        return buf.getvalue().encode("utf-8")
    if kind == "tsv":
        lines = ["\t".join(f"?{v}" for v in sol.variables)]
        lines += ["\t".join(str(row[v]) if v in row else "" for v in sol.variables) for row in sol.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {kind!r}")


def serialize_boolean(value: bool, kind: str) -> bytes:
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if kind == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    # CSV and TSV have no boolean form in the W3C note; a bare word is what common stores send.
    return (str(value).lower() + "\n").encode()


def serialize_triples(triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None) -> bytes:
    fmt = GRAPH_TYPES[media_type]
    out = io.BytesIO()
    ox.serialize(list(triples), out, fmt, prefixes=prefixes if fmt is ox.RdfFormat.TURTLE else None)
    return out.getvalue()


def read_solutions(results: Iterable, limit: int) -> tuple[Solutions, bool]:
    """Up to `limit` rows of pyoxigraph QuerySolutions, and whether there were more."""
    variables = [v.value for v in results.variables]
    rows: list[dict[str, object]] = []
    for solution in results:
        if len(rows) >= limit:
            return Solutions(variables, rows), True
        rows.append({v: solution[v] for v in variables if solution[v] is not None})
    return Solutions(variables, rows), False
