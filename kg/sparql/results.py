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
    # Turtle is N3 without N3's extensions: a client asking for N3 (SPARQLWrapper's N3) reads it.
    "text/n3": ox.RdfFormat.TURTLE,
    "text/rdf+n3": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
}
# `format=` shortcuts for links and for clients that cannot set Accept: each names the media types
# it may mean, for results and for graphs ("xml" is SPARQL XML for a SELECT, RDF/XML for a DESCRIBE).
# SPARQLWrapper sends its own names ("rdf+xml", "json-ld", "n3") and then the media type again.
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",), "ttl": ("text/turtle",), "n3": ("text/n3",),
    "ntriples": ("application/n-triples",), "nt": ("application/n-triples",),
    "rdfxml": ("application/rdf+xml",), "rdf+xml": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",), "json-ld": ("application/ld+json",),
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


def negotiate(accept: str | None, offered: Sequence[str], format_names: Sequence[str] | str | None = None) -> str:
    """The offered media type the client prefers; NotAcceptable when it accepts none of them.
    `format_names` (the `format` parameters, a name or a media type each) win over Accept: the first
    that names an offered type is used."""
    if format_names:
        return _by_format_name([format_names] if isinstance(format_names, str) else format_names, offered)
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


def _by_format_name(format_names: Sequence[str], offered: Sequence[str]) -> str:
    for name in format_names:
        for wanted in FORMAT_NAMES.get(name.lower().strip(), (name.lower().strip(),)):
            if wanted in offered:
                return wanted
    names = sorted({k for k, v in FORMAT_NAMES.items() if any(m in offered for m in v)})
    raise NotAcceptable(f"format={'/'.join(format_names)!r} is not offered for this query; use one of "
                        + ", ".join(names))


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


def cut_note(limit: int) -> str:
    return (f"result cut at {limit} rows (the endpoint's row limit, kg serve's max-rows option): "
            "add LIMIT/OFFSET to page through the rest")


def serialize_solutions(sol: Solutions, kind: str, cut_at: int | None = None) -> bytes:
    """The solutions in a W3C results format. `cut_at`: the result was cut at that many rows, which
    the body says too, in the format's own way: a `truncated` member in JSON, a comment in XML, and
    a last line beginning with "#" in CSV and TSV (see docs/sparql.md)."""
    body = _solutions_body(sol, kind)
    if cut_at is None:
        return body
    note = cut_note(cut_at)
    if kind == "json":
        data = json.loads(body)
        data["truncated"] = {"maxRows": cut_at, "message": note}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if kind == "xml":
        return body.replace(b"</sparql>", f"<!-- {escape(note)} -->\n</sparql>".encode())
    return body + f"# {note}\n".encode()


def _solutions_body(sol: Solutions, kind: str) -> bytes:
    writer = {"json": _json_body, "xml": _xml_body, "csv": _csv_body, "tsv": _tsv_body}.get(kind)
    if writer is None:
        raise ValueError(f"unknown results format {kind!r}")
    return writer(sol)


def _json_body(sol: Solutions) -> bytes:
    return json.dumps({"head": {"vars": sol.variables},
                       "results": {"bindings": [{v: _json_term(t) for v, t in row.items()} for row in sol.rows]}},
                      ensure_ascii=False).encode("utf-8")


def _xml_body(sol: Solutions) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in sol.variables]
    out.append("</head>\n<results>")
    for row in sol.rows:
        out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                        for v, t in row.items()) + "</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _csv_body(sol: Solutions) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(sol.variables)
    for row in sol.rows:
        w.writerow([_csv_value(row[v]) if v in row else "" for v in sol.variables])
    return buf.getvalue().encode("utf-8")


def _tsv_body(sol: Solutions) -> bytes:
    lines = ["\t".join(f"?{v}" for v in sol.variables)]
    lines += ["\t".join(str(row[v]) if v in row else "" for v in sol.variables) for row in sol.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_boolean(value: bool, kind: str) -> bytes:
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if kind == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    # CSV and TSV have no boolean form in the W3C note; a bare word is what common stores send.
    return (str(value).lower() + "\n").encode()


def serialize_triples(triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None,
                      cut_at: int | None = None) -> bytes:
    """The triples in a graph format. `cut_at`: the result was cut at that many triples, which the
    body says too: a "#" comment in Turtle and N-Triples, an XML comment in RDF/XML, and for JSON-LD a
    `truncated` member beside `@graph` (a key no context maps, which JSON-LD processors ignore)."""
    fmt = GRAPH_TYPES[media_type]
    out = io.BytesIO()
    ox.serialize(list(triples), out, fmt, prefixes=prefixes if fmt is ox.RdfFormat.TURTLE else None)
    body = out.getvalue()
    if cut_at is None:
        return body
    note = cut_note(cut_at).replace("rows", "triples")
    if fmt is ox.RdfFormat.JSON_LD:
        data = json.loads(body or b"[]")
        if not isinstance(data, dict) or "@graph" not in data:
            data = {"@graph": data if isinstance(data, list) else [data]}
        data["truncated"] = {"maxTriples": cut_at, "message": note}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt is ox.RdfFormat.RDF_XML:
        return body.rstrip() + f"\n<!-- {escape(note)} -->\n".encode()
    return body + f"# {note}\n".encode()


def read_solutions(results: ox.QuerySolutions, limit: int) -> tuple[Solutions, bool]:
    """Up to `limit` rows of pyoxigraph QuerySolutions, and whether there were more."""
    variables = [v.value for v in results.variables]
    rows: list[dict[str, object]] = []
    for solution in results:
        if len(rows) >= limit:
            return Solutions(variables, rows), True
        rows.append({v: solution[v] for v in variables if solution[v] is not None})
    return Solutions(variables, rows), False
