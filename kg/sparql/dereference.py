"""Dereferenceable IRIs: `kg serve` answers every entity IRI (`/id/...`), the ontology IRI
(`/ontology`) and a description of the dataset (`/.well-known/void`, VoID and DCAT).

Content negotiation: a browser (Accept text/html) gets an HTML page; a client gets Turtle, JSON-LD,
N-Triples or RDF/XML. An entity is described by its own statements, the statements pointing at it,
and the evidence records its statements cite (quote, offsets, bulletin), read from the merged
default graph. The IRIs in the data are the project's persistent ones (https://w3id.org/bulletin-kg/);
a request for /id/X on this server describes https://w3id.org/bulletin-kg/id/X, and the w3id
redirect rules (docs/w3id/.htaccess, made by `w3id_rules`) send those IRIs here.

The routes live here, away from the endpoint's own: `route` answers the paths it knows and returns
None for the others.
"""

from __future__ import annotations

import html
import io
import json
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.rdf.vocab import BKG_IRI, ID_BASE
from kg.sparql.results import NotAcceptable, negotiate, serialize_triples
from kg.store import FILE_PREFIXES

ONTOLOGY_IRI = BKG_IRI.rstrip("#")
VOID_PATH = "/.well-known/void"
RDF_TYPES = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
PAGE_TYPES = ["text/html", "application/xhtml+xml"]
DESCRIBE_LIMIT = 2_000  # statements on one page: a node cited by every bulletin is summarised
VOID_CACHE_S = 300.0


def route(endpoint, environ, path: str, params: dict[str, list[str]]):
    """The Response for a linked-data path, or None when the path is not one."""
    from kg.sparql.endpoint import HttpError

    if path.startswith("/id/") and len(path) > 4:
        iri = ID_BASE + path[len("/id/"):]
        return describe_route(endpoint, environ, iri, params)
    if path in ("/ontology", "/ontology/"):
        return ontology_route(environ, params)
    if path in (VOID_PATH, VOID_PATH + "/"):
        return void_route(endpoint, environ, params)
    if path.startswith("/id"):
        raise HttpError(404, "give an entity's path: /id/KIND/NAME, as in its IRI " + ID_BASE + "KIND/NAME")
    return None


def _wants(environ, params) -> str:
    """text/html or one of RDF_TYPES: `format=` first (html, turtle, jsonld, ntriples, rdfxml), then Accept."""
    from kg.sparql.endpoint import HttpError

    names = params.get("format")
    if names and names[-1].lower() == "html":
        return "text/html"
    try:
        media = negotiate(environ.get("HTTP_ACCEPT") or "text/html", RDF_TYPES + PAGE_TYPES, names)
    except NotAcceptable as err:
        raise HttpError(406, str(err)) from None
    return "text/html" if media in PAGE_TYPES else media


def description_query(iri: str) -> str:
    node = f"<{iri}>"
    return f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ {node} ?p ?o BIND ({node} AS ?s) }}
  UNION {{ ?s ?p {node} BIND ({node} AS ?o) FILTER (?p != <{BKG_IRI}evidence>) }}
  UNION {{ {node} <{BKG_IRI}evidence> ?s . ?s ?p ?o }}
}} LIMIT {DESCRIBE_LIMIT}"""


def describe_route(endpoint, environ, iri: str, params):
    from kg.sparql.endpoint import HttpError, Response

    media = _wants(environ, params)
    triples = _construct(endpoint, description_query(iri))
    if not triples:
        raise HttpError(404, f"nothing is known of {iri} in this store; search the catalog at /, or query /sparql")
    headers = [("Vary", "Accept"), ("Link", f'<{iri}>; rel="canonical"')]
    if media == "text/html":
        return Response(200, entity_page(iri, triples, _local_base(environ)), "text/html; charset=utf-8", headers)
    return Response(200, serialize_triples(triples, media, FILE_PREFIXES), _content_type(media), headers)


def ontology_route(environ, params):
    from kg.sparql.endpoint import Response

    media = _wants(environ, params)
    source = Path(str(_ontology_file()))
    triples = [q.triple for q in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)]
    if media == "text/html":
        return Response(200, entity_page(ONTOLOGY_IRI, triples, _local_base(environ)), "text/html; charset=utf-8",
                        [("Vary", "Accept")])
    return Response(200, serialize_triples(triples, media, FILE_PREFIXES), _content_type(media), [("Vary", "Accept")])


def _ontology_file():
    from importlib.resources import files

    return files("kg.ontology") / "bulletin-kg.ttl"


def void_route(endpoint, environ, params):
    from kg.sparql.endpoint import Response

    media = _wants(environ, params)
    base = _local_base(environ)
    cache = endpoint.__dict__.setdefault("_void_cache", {})
    if cache.get("base") != base or time.monotonic() - cache.get("at", -1e9) > VOID_CACHE_S:
        cache.update(base=base, at=time.monotonic(), triples=void_description(endpoint, base))
    triples = cache["triples"]
    if media == "text/html":
        iri = base + VOID_PATH
        return Response(200, entity_page(iri, triples, base), "text/html; charset=utf-8", [("Vary", "Accept")])
    return Response(200, serialize_triples(triples, media, FILE_PREFIXES), _content_type(media), [("Vary", "Accept")])


def void_description(endpoint, base: str) -> list[ox.Triple]:
    """VoID and DCAT statements about the served dataset: its endpoint, its IRI space, its
    vocabulary, and counts read from the merged default graph."""
    V, DCAT, DCT = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
    RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ds = ox.NamedNode(base + VOID_PATH + "#dataset")
    service = ox.NamedNode(base + "/sparql")
    n = ox.NamedNode
    out = [ox.Triple(ds, RDF_TYPE, n(V + "Dataset")), ox.Triple(ds, RDF_TYPE, n(DCAT + "Dataset")),
           ox.Triple(ds, n(DCT + "title"), ox.Literal("bulletin-kg: bản tin Đảng và chính quyền", language="vi")),
           ox.Triple(ds, n(DCT + "title"), ox.Literal("bulletin-kg: Party and government bulletins", language="en")),
           ox.Triple(ds, n(V + "sparqlEndpoint"), service), ox.Triple(ds, n(V + "uriSpace"), ox.Literal(ID_BASE)),
           ox.Triple(ds, n(V + "vocabulary"), n(ONTOLOGY_IRI)),
           ox.Triple(ds, n(V + "rootResource"), n(ONTOLOGY_IRI))]
    dist = ox.NamedNode(base + VOID_PATH + "#sparql")
    out += [ox.Triple(ds, n(DCAT + "distribution"), dist), ox.Triple(dist, RDF_TYPE, n(DCAT + "Distribution")),
            ox.Triple(dist, n(DCAT + "accessURL"), service),
            ox.Triple(dist, n(DCT + "conformsTo"), n("https://www.w3.org/TR/sparql11-protocol/"))]
    counts = _select(endpoint, "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s ?p ?o }")
    if counts:
        out += [ox.Triple(ds, n(V + "triples"), integer(counts[0]["triples"])),
                ox.Triple(ds, n(V + "entities"), integer(counts[0]["entities"]))]
    for i, row in enumerate(_select(endpoint, "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
                                              "ORDER BY ?class")):
        part = ox.NamedNode(base + VOID_PATH + f"#class-{i}")
        out += [ox.Triple(ds, n(V + "classPartition"), part), ox.Triple(part, n(V + "class"), n(row["class"])),
                ox.Triple(part, n(V + "entities"), integer(row["n"]))]
    return out


def integer(value) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _select(endpoint, query: str) -> list[dict[str, str]]:
    response = endpoint.run_query(query, {}, "application/sparql-results+json", None)
    data = json.loads(response.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _construct(endpoint, query: str) -> list[ox.Triple]:
    response = endpoint.run_query(query, {}, "application/n-triples", None)
    return [q.triple for q in ox.parse(io.BytesIO(response.body), ox.RdfFormat.N_TRIPLES)]


def _content_type(media: str) -> str:
    return media + ("; charset=utf-8" if media.startswith("text/") else "")


def _local_base(environ) -> str:
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"


def local_link(term, base: str) -> str:
    """Where a term's IRI is answered on this server: /id/... and /ontology here, others as they are."""
    iri = term.value
    if iri.startswith(ID_BASE):
        return base + "/id/" + quote(iri[len(ID_BASE):], safe="/:@-._~!$&'()*+,;=")
    if iri.startswith(ONTOLOGY_IRI):
        return base + "/ontology" + iri[len(ONTOLOGY_IRI):]
    return iri


def _cell(term, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        return f'<a href="{html.escape(local_link(term, base))}">{html.escape(term.value)}</a>'
    if isinstance(term, ox.Literal):
        tag = f' <small>@{html.escape(term.language)}</small>' if term.language else ""
        return f"{html.escape(term.value)}{tag}"
    return html.escape(str(term))


def entity_page(iri: str, triples: list[ox.Triple], base: str) -> bytes:
    """An HTML page of the statements about a node, with links that stay on this server."""
    subject = ox.NamedNode(iri)
    own = sorted((t for t in triples if t.subject == subject), key=lambda t: (t.predicate.value, str(t.object)))
    others = sorted((t for t in triples if t.subject != subject), key=lambda t: (str(t.subject), t.predicate.value))
    rows = "".join(f"<tr><td>{_cell(t.predicate, base)}</td><td>{_cell(t.object, base)}</td></tr>" for t in own)
    more = "".join(f"<tr><td>{_cell(t.subject, base)}</td><td>{_cell(t.predicate, base)}</td>"
                   f"<td>{_cell(t.object, base)}</td></tr>" for t in others)
    formats = " · ".join(f'<a href="?format={f}">{f}</a>' for f in ("turtle", "jsonld", "ntriples", "rdfxml"))
    page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(iri)}</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;margin:1.5em;max-width:70em}}td{{vertical-align:top;padding:2px 8px;
border-bottom:1px solid #ddd;word-break:break-all}}h1{{font-size:1.1em;word-break:break-all}}</style></head>
<body><h1>{html.escape(iri)}</h1><p>As data: {formats} · <a href="/">SPARQL query page</a></p>
<table>{rows}</table>
{"<h2>Statements around it (evidence, references)</h2><table>" + more + "</table>" if more else ""}
</body></html>
"""
    return page.encode("utf-8")


def w3id_rules(base: str) -> str:
    """The redirect rules the project registers at w3id.org (a folder `bulletin-kg/` holding this
    .htaccess): every IRI under https://w3id.org/bulletin-kg/ goes to the server at `base`, which
    negotiates the format itself (so the Accept header is kept, and no rule depends on it)."""
    base = base.rstrip("/")
    return f"""# w3id.org/bulletin-kg: persistent IRIs of the bulletin-kg knowledge graph.
# Generated by kg.sparql.dereference.w3id_rules("{base}"); the server at that base runs `kg serve`,
# which answers /id/..., /ontology and /.well-known/void by content negotiation (HTML, Turtle,
# JSON-LD, N-Triples, RDF/XML). To move the data, regenerate this file with another base.
Options +FollowSymLinks
RewriteEngine on
Header set Access-Control-Allow-Origin *

# The ontology: https://w3id.org/bulletin-kg/ontology (terms are fragments of it).
RewriteRule ^ontology/?$ {base}/ontology [R=303,L]

# Entities: https://w3id.org/bulletin-kg/id/KIND/NAME
RewriteRule ^id/(.+)$ {base}/id/$1 [R=303,L,NE]

# The dataset's description (VoID and DCAT).
RewriteRule ^void/?$ {base}/.well-known/void [R=303,L]
RewriteRule ^$ {base}/ [R=302,L]
"""
