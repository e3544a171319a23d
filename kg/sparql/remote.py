"""A triple store on another server, behind the same interface as the embedded `GraphStore`, so that
`kg ingest` and `kg push` write into it bulletin by bulletin.

Writes use the SPARQL 1.1 Graph Store Protocol: one PUT per bulletin's named graph, which replaces
the graph whole, so pushing twice changes nothing. Where a server has no Graph Store Protocol, one
SPARQL Update per batch does the same (`DROP SILENT GRAPH` then `INSERT DATA`).

Servers differ in where they keep their endpoints; `discover` reads the `Server` header and knows
Oxigraph, Virtuoso and Fuseki. Any other SPARQL 1.1 server works with explicit URLs.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from kg.rdf.iri import bulletin_iri, graph_iri
from kg.rdf.vocab import BKG, ID_BASE
from kg.store import SPARQL_PREFIXES, BulletinGraph, GraphStore, StoreError, to_python

GRAPH_PREFIX = ID_BASE + "graph/"
ACCESS_CHECK_GRAPH = "urn:x-bulletin-kg:access-check"  # never written: only asked for, to test credentials
# Endpoint paths that name a service rather than the server: stripped to find the server's base.
SERVICE_SUFFIXES = ("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql", "/query",
                    "/update", "/store", "/data")


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None
    gsp: str | None  # Graph Store Protocol, or None when the server has none
    graph_param: str = "graph"
    server: str = "SPARQL 1.1"
    # Whether writes keep a merged default graph (each statement of the named graphs once), as the
    # local store does. Not on Virtuoso: its default graph is already the union of all its graphs
    # (a statement once per graph holding it), and a merged copy in a named graph of its own would
    # be read as one more bulletin by every GRAPH ?g pattern.
    merged_default: bool = True


def is_remote(location: str | os.PathLike) -> bool:
    return bool(re.match(r"^https?://", str(location), re.I))


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """`http://user:pass@host/...` -> (`http://host/...`, (user, pass))."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return (urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)),
            (unquote(parts.username), unquote(parts.password or "")))


def discover(url: str, session: requests.Session) -> Endpoints:
    """Where this server keeps its query, update and graph-store endpoints."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    for suffix in SERVICE_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    try:
        server = session.get(base + "/", timeout=10).headers.get("Server", "")
    except requests.RequestException as err:
        raise StoreError(f"cannot reach the store at {url}: {err}") from None
    if server.startswith("Oxigraph"):
        return Endpoints(base + "/query", base + "/update", base + "/store", "graph", server)
    if "virtuoso" in server.lower():
        # Writes go to the authenticated services; the anonymous ones refuse them.
        return Endpoints(base + "/sparql", base + "/sparql-auth", base + "/sparql-graph-crud-auth", "graph-uri", server,
                         merged_default=False)
    if "fuseki" in server.lower():
        return Endpoints(base + "/query", base + "/update", base + "/data", "graph", server)
    return Endpoints(url, url, None, "graph", server or "unknown server")


class RemoteStore:
    """A remote SPARQL 1.1 store with the interface of `GraphStore`.

    >>> store = RemoteStore("http://127.0.0.1:8890/", auth=("dba", "dba"))  # doctest: +SKIP
    >>> store.write_bulletins([BulletinGraph("b1", quads)])                 # doctest: +SKIP
    """

    def __init__(self, url: str, *, auth: tuple[str, str] | None = None, auth_type: str = "auto",
                 protocol: str = "auto", query_url: str | None = None, update_url: str | None = None,
                 gsp_url: str | None = None, timeout_s: float = 120.0):
        url, url_auth = split_credentials(url)
        self.url = url
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "bulletin-kg"
        self._credentials = auth or url_auth
        if auth_type not in ("auto", "basic", "digest"):
            raise StoreError(f"unknown auth type {auth_type!r}: use basic, digest or auto")
        self.auth_type = auth_type
        self._auth = self._make_auth(auth_type if auth_type != "auto" else "basic")
        endpoints = discover(url, self.session)
        endpoints = replace(endpoints, query=query_url or endpoints.query, update=update_url or endpoints.update,
                            gsp=gsp_url or endpoints.gsp)
        if protocol == "update":
            endpoints = replace(endpoints, gsp=None)
        elif protocol == "gsp" and endpoints.gsp is None:
            raise StoreError(f"{url} ({endpoints.server}) has no known Graph Store Protocol endpoint: "
                             "give its URL with --gsp-url, or use --protocol update")
        elif protocol not in ("auto", "gsp", "update"):
            raise StoreError(f"unknown protocol {protocol!r}: use gsp, update or auto")
        self.endpoints = endpoints

    # -- HTTP ------------------------------------------------------------------------------------
    def _make_auth(self, kind: str):
        if self._credentials is None:
            return None
        return HTTPDigestAuth(*self._credentials) if kind == "digest" else HTTPBasicAuth(*self._credentials)

    def _request(self, method: str, url: str, *, write: bool = False, **kwargs) -> requests.Response:
        """One request; with auth "auto", a Digest challenge switches the session to Digest auth."""
        auth = self._auth if write or self.auth_type != "auto" else None
        try:
            r = self.session.request(method, url, auth=auth, timeout=self.timeout_s, **kwargs)
            if r.status_code == 401 and self._credentials and self.auth_type == "auto":
                # Follow the server's challenge; Virtuoso sends none after refusing Basic: try Digest.
                challenge = r.headers.get("WWW-Authenticate", "").lower()
                tried = "digest" if isinstance(auth, HTTPDigestAuth) else "basic" if auth else None
                kind = ("digest" if challenge.startswith("digest") else "basic" if challenge.startswith("basic")
                        else "digest" if tried == "basic" else "basic")
                if kind != tried:
                    self._auth = self._make_auth(kind)
                    r = self.session.request(method, url, auth=self._auth, timeout=self.timeout_s, **kwargs)
        except requests.RequestException as err:
            raise StoreError(f"the store at {self.url} does not answer: {err}") from None
        if r.status_code == 401:
            raise StoreError(f"{url} refused the credentials (401): give --auth user:password"
                             + ("" if self._credentials else " (none were given)"))
        return r

    @staticmethod
    def _fail(r: requests.Response, what: str) -> StoreError:
        return StoreError(f"{what}: the store answered {r.status_code}: {r.text.strip()[:500]}")

    # -- writing -----------------------------------------------------------------------------
    def check_write_access(self) -> None:
        """Prove the credentials on the endpoint that writes go to, before anything is decided from
        what the remote store holds: reads need no credentials on most servers, so without this a
        push whose every bulletin is unchanged would report success with a wrong password.

        Graph Store Protocol: an authenticated GET of a graph no one writes (404 is an answer).
        SPARQL Update only: an update that changes nothing (`DROP SILENT` of that graph).
        """
        if self.endpoints.gsp:
            r = self._request("GET", self.endpoints.gsp, write=True,
                              params={self.endpoints.graph_param: ACCESS_CHECK_GRAPH},
                              headers={"Accept": "application/n-triples, text/turtle;q=0.9"})
            if r.status_code == 403:
                raise StoreError(f"{self.endpoints.gsp} refuses writes with these credentials (403): give --auth "
                                 "for a user allowed to write")
            if r.status_code >= 500:
                raise self._fail(r, "checking write access")
            return
        self.update(f"DROP SILENT GRAPH <{ACCESS_CHECK_GRAPH}>")

    def write_bulletins(self, graphs: Iterable[BulletinGraph]) -> None:
        graphs = list(graphs)
        if not graphs:
            return
        names = [graph_iri(bg.bulletin_id) for bg in graphs]
        self.merge_before(names)
        if self.endpoints.gsp:
            for bg in graphs:
                self.put_graph(graph_iri(bg.bulletin_id), (q.triple for q in bg.quads))
        else:
            parts = []
            for bg in graphs:
                g = ox.NamedNode(graph_iri(bg.bulletin_id))
                parts.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{_ntriples(q.triple for q in bg.quads)}}} }}")
            self.update(" ;\n".join(parts))
        self.merge_after(names)

    def put_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Replace one named graph with the Graph Store Protocol (PUT)."""
        if self.endpoints.gsp is None:
            raise StoreError("this store has no Graph Store Protocol endpoint: write with SPARQL Update "
                             "(write_bulletins), or give its URL with --gsp-url")
        body = _ntriples(triples).encode("utf-8")
        r = self._request("PUT", self.endpoints.gsp, write=True, params={self.endpoints.graph_param: graph},
                          data=body, headers={"Content-Type": "text/turtle; charset=utf-8"})
        if r.status_code not in (200, 201, 204):
            raise self._fail(r, f"writing graph <{graph}>")

    def get_graph(self, graph: str) -> set[ox.Triple]:
        """One named graph's triples, read back with the Graph Store Protocol (GET) or a CONSTRUCT."""
        if self.endpoints.gsp:
            r = self._request("GET", self.endpoints.gsp, write=True, params={self.endpoints.graph_param: graph},
                              headers={"Accept": "application/n-triples, text/turtle;q=0.9"})
            if r.status_code == 404:
                return set()
            if r.status_code != 200:
                raise self._fail(r, f"reading graph <{graph}>")
            fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in r.headers.get("Content-Type", "") else ox.RdfFormat.TURTLE
            return {q.triple for q in ox.parse(r.content, fmt)}
        g = ox.NamedNode(graph)
        return set(self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", with_prefixes=False))

    def update(self, sparql: str) -> None:
        if not self.endpoints.update:
            raise StoreError(f"{self.url} has no update endpoint: give it with --update-url")
        # A form-encoded POST: some servers (Virtuoso) hang on an application/sparql-update body.
        r = self._request("POST", self.endpoints.update, write=True, data={"update": SPARQL_PREFIXES + sparql},
                          headers={"Accept": "*/*"})
        if r.status_code >= 300:
            raise self._fail(r, "SPARQL update")

    def merge_before(self, graphs: Iterable[str]) -> None:
        """Before `graphs` are replaced: their statements that no other graph holds leave the merged
        default graph. Run by the server, so blank nodes keep their identity."""
        ops = [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
               f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{g}>) }} }}" for g in graphs]
        if ops and self.endpoints.merged_default:
            self.update(" ;\n".join(ops))

    def merge_after(self, graphs: Iterable[str]) -> None:
        """After `graphs` were written: their statements enter the merged default graph."""
        ops = [f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}" for g in graphs]
        if ops and self.endpoints.merged_default:
            self.update(" ;\n".join(ops))

    def rename_nodes(self, renames: dict[str, dict[str, str]], *, then: str = "") -> int:
        """Like GraphStore.rename_nodes, as SPARQL updates (one request per graph, then `then`).
        Renames run one after the other, each over both ends of every statement, so a statement
        between two renamed nodes ends with both new. Returns the number of nodes renamed."""
        renamed = 0
        self.merge_before(renames)
        for graph, mapping in renames.items():
            ops = []
            for old, new in mapping.items():
                ops.append(f"DELETE {{ GRAPH <{graph}> {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH <{graph}> {{ <{new}> ?p ?o }} }} "
                           f"WHERE {{ GRAPH <{graph}> {{ <{old}> ?p ?o }} }}")
                ops.append(f"DELETE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH <{graph}> {{ ?s ?p <{new}> }} }} "
                           f"WHERE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }}")
                renamed += 1
            if ops:
                self.update(" ;\n".join(ops))
        self.merge_after(renames)
        if then:
            self.update(then)
        return renamed

    def remove_bulletin(self, bulletin_id: str) -> bool:
        g = ox.NamedNode(graph_iri(bulletin_id))
        if not self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
            return False
        self.merge_before([g.value])
        self.update(f"DROP SILENT GRAPH {g}")
        return True

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, *, with_prefixes: bool = True):
        """Like GraphStore.query: QuerySolutions, a QueryBoolean, or a list of Triples."""
        text = SPARQL_PREFIXES + sparql if with_prefixes else sparql
        # Ask for one format per query form: servers negotiate mixed Accept lists in odd ways
        # (Virtuoso refuses a CONSTRUCT asked for with results first and N-Triples second).
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+xml"
        # Form-encoded POST, not application/sparql-query, which Virtuoso never answers.
        r = self._request("POST", self.endpoints.query, data={"query": text}, headers={"Accept": accept})
        if r.status_code == 400:
            raise StoreError(f"SPARQL syntax error: {r.text.strip()[:500]}")
        if r.status_code != 200:
            raise self._fail(r, "query")
        ctype = r.headers.get("Content-Type", "").split(";")[0].strip()
        if ctype in ("application/n-triples", "text/plain"):
            return [q.triple for q in ox.parse(r.content, ox.RdfFormat.N_TRIPLES)]
        if ctype in ("text/turtle", "application/x-turtle", "application/rdf+xml"):
            fmt = ox.RdfFormat.RDF_XML if "xml" in ctype else ox.RdfFormat.TURTLE
            return [q.triple for q in ox.parse(r.content, fmt)]
        results_format = ox.QueryResultsFormat.JSON if "json" in ctype else ox.QueryResultsFormat.XML
        return ox.parse_query_results(r.content, results_format)

    def select(self, sparql: str) -> list[dict[str, Any]]:
        result = self.query(sparql)
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names if row[n] is not None} for row in result]

    def ledger_entry(self, bulletin_id: str) -> tuple[str, str] | None:
        g, b = ox.NamedNode(graph_iri(bulletin_id)), ox.NamedNode(bulletin_iri(bulletin_id))
        rows = self.select(f"SELECT ?hash ?version WHERE {{ GRAPH {g} {{ {b} <{BKG.contentHash}> ?hash . "
                           f"OPTIONAL {{ {b} <{BKG.extractorVersion}> ?version }} }} }} LIMIT 1")
        if not rows:
            return None
        return str(rows[0]["hash"]), str(rows[0].get("version", ""))

    def ledger(self) -> dict[str, tuple[str, str]]:
        """Every bulletin's (content hash, extractor version), in one query."""
        rows = self.select(f"SELECT ?id ?hash ?version WHERE {{ GRAPH ?g {{ ?b <{BKG.contentHash}> ?hash ; "
                           f"schema:identifier ?id . "
                           f"OPTIONAL {{ ?b <{BKG.extractorVersion}> ?version }} }} "
                           f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
        return {str(r["id"]): (str(r["hash"]), str(r.get("version", ""))) for r in rows}

    def bulletin_ids(self) -> list[str]:
        return sorted(self.ledger())

    def count_triples(self) -> int:
        # Only this tool's graphs: a server keeps its own system graphs beside them.
        rows = self.select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                           f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
        return int(rows[0]["n"]) if rows else 0

    def named_graph_count(self) -> int:
        rows = self.select(f'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                           f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
        return int(rows[0]["n"]) if rows else 0

    def quads(self) -> Iterator[ox.Quad]:
        result = self.query(f'SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
        for row in result:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def dump(self, output, fmt: str) -> None:
        from kg.store import FORMATS

        ox.serialize(self.quads(), output, FORMATS[fmt])

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.session.close()


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue."""
    text = re.sub(r"<[^<>\s]*>", "<>", sparql)  # IRIs first: a '#' inside one is not a comment
    text = re.sub(r"#[^\n]*", " ", text)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I)
    return m.group(1).upper() if m else "SELECT"


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    buf = io.BytesIO()
    ox.serialize(list(triples), buf, ox.RdfFormat.N_TRIPLES)
    return buf.getvalue().decode("utf-8")


def open_store(location: str | os.PathLike, *, read_only: bool = False, **remote_options):
    """The store at `location`: a folder (embedded Oxigraph) or an http(s) URL (a remote server).

    Remote credentials come from the URL (`http://user:pass@host/`), from `remote_options`, or from
    the environment: KG_STORE_AUTH="user:password", KG_STORE_AUTH_TYPE=basic|digest|auto.
    """
    if not is_remote(location):
        return GraphStore(location, read_only=read_only)
    options = dict(remote_options)
    if "auth" not in options and os.environ.get("KG_STORE_AUTH"):
        user, _, password = os.environ["KG_STORE_AUTH"].partition(":")
        options["auth"] = (user, password)
    options.setdefault("auth_type", os.environ.get("KG_STORE_AUTH_TYPE", "auto"))
    return RemoteStore(str(location), **options)
