"""`kg serve`'s front: a WSGI application that speaks the SPARQL 1.1 Protocol to clients and
forwards every query to the Oxigraph server process behind it.

What the front adds to Oxigraph's own server: the query page at `/`, the catalog, the predeclared
prefixes of `kg query`, a row limit, a clear answer when the time limit stops a query, a limit on
the queries the engine runs at once, SERVICE clauses refused (unless allowed), and updates only for
a same-origin client holding the token. The store itself is opened by exactly one process, the
Oxigraph server, as a store folder allows.
"""

from __future__ import annotations

import hmac
import json
import queue
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import requests

from kg.sparql.binding import BindingError
from kg.sparql.catalog import CatalogQuery, load_catalog
from kg.sparql.dereference import route as linked_data_route
from kg.sparql.guard import find_service
from kg.sparql.results import (
    CONTENT_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    NotAcceptable,
    negotiate,
    read_solutions,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)
from kg.sparql.terms import unknown_terms
from kg.store import FILE_PREFIXES, SPARQL_PREFIXES, user_position

# Names clients give the default graph: rdflib's Dataset sends `default-graph-uri=urn:x-rdflib:default`.
CLIENT_DEFAULT_GRAPHS = frozenset({"urn:x-rdflib:default"})
STATUS = {200: "200 OK", 204: "204 No Content", 400: "400 Bad Request", 401: "401 Unauthorized",
          403: "403 Forbidden", 404: "404 Not Found", 405: "405 Method Not Allowed",
          406: "406 Not Acceptable", 408: "408 Request Timeout", 413: "413 Content Too Large",
          415: "415 Unsupported Media Type",
          500: "500 Internal Server Error", 501: "501 Not Implemented", 502: "502 Bad Gateway",
          503: "503 Service Unavailable"}


@dataclass
class EndpointConfig:
    backend_url: str  # the Oxigraph server, e.g. http://127.0.0.1:7878
    time_limit_s: int = 30
    max_rows: int = 10_000
    allow_updates: bool = False
    token: str | None = None
    viz_url: str = "/viz?focus={iri}"  # where the page links an IRI; {iri} is URL-encoded
    cors: bool = False
    predeclare_prefixes: bool = True
    max_request_bytes: int = 1_000_000
    allow_service: bool = False  # SERVICE clauses make the engine send requests wherever a query says
    max_queries: int = 4  # queries the engine runs at once; the others wait, up to the time limit
    memory_limit_mb: int | None = None  # the engine's, for the message when a query exceeds it
    search_index: str | None = None  # the full-text index of the store (kg.search), for /search
    pages_url: str = "/viz/"  # where search results link the bulletin pages of `kg viz`
    pages_dir: str | None = None  # the folder `kg viz` wrote, served under /viz/ (kg.sparql.pages)


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]]


@dataclass
class _Result:
    """A query's answer serialized for the client: the body, its type, the rows (or triples) it holds,
    and whether it was cut at max_rows."""
    body: bytes
    content_type: str
    rows: int
    truncated: bool


class TailReader:
    """A file-like view of the upstream body that remembers its last bytes: Oxigraph reports a
    cancelled query by writing a message after the results it had already begun to send."""

    def __init__(self, raw, keep: int = 512):
        self.raw = raw
        self.keep = keep
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.tail = (self.tail + data)[-self.keep:]
        return data

    def readable(self) -> bool:
        return True


class SparqlEndpoint:
    def __init__(self, config: EndpointConfig, *, catalog: list[CatalogQuery] | None = None,
                 viz: Callable[[str], bytes] | None = None, engine=None):
        """`engine`: the OxigraphServer behind (its `session()` reaches it, `recover()` restarts it
        after a crash); without one, plain HTTP to `config.backend_url`."""
        self.config = config
        self.catalog = {q.name: q for q in (catalog if catalog is not None else load_catalog())}
        self.viz = viz
        self.engine = engine
        self._slots = threading.BoundedSemaphore(max(1, config.max_queries))
        # Sessions to the engine, each used by one request at a time (Session is not thread-safe) and
        # kept for the next: the engine sees a few kept-alive connections, not one per client.
        self._idle_sessions: queue.LifoQueue[requests.Session] = queue.LifoQueue()

    @contextmanager
    def _engine_session(self) -> Iterator[requests.Session]:
        try:
            session = self._idle_sessions.get_nowait()
        except queue.Empty:
            session = self.engine.session() if self.engine else requests.Session()
        try:
            yield session
        finally:
            if self._idle_sessions.qsize() < 2 * self.config.max_queries + 4:
                self._idle_sessions.put(session)
            else:
                session.close()

    def _engine_failed(self) -> HttpError:
        """The engine dropped the connection: if it stopped, it is started again, and the client is
        told why (a query over the memory limit is stopped that way); otherwise it is a plain 502."""
        stopped = self.engine.recover() if self.engine is not None else None
        if stopped == "memory":
            limit = f" of {self.config.memory_limit_mb} MB" if self.config.memory_limit_mb else ""
            return HttpError(503, f"the query was stopped: it needed more memory than the engine's limit{limit} "
                                  "(kg serve --memory-limit). Narrow it (more specific patterns, no ORDER BY over "
                                  "a large product, a LIMIT); the engine has been restarted.")
        if stopped:
            return HttpError(503, f"the SPARQL engine stopped ({stopped}) during the query and has been restarted: "
                                  "try again")
        return HttpError(502, "the Oxigraph server behind this endpoint dropped the connection")

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ, start_response) -> Iterable[bytes]:
        try:
            self._check_headers(environ)
            response = self.route(environ)
        except HttpError as err:
            response = Response(err.status, (err.message.rstrip() + "\n").encode("utf-8"),
                                "text/plain; charset=utf-8", err.headers)
        headers = [("Content-Type", response.content_type), ("Content-Length", str(len(response.body)))]
        headers += response.headers
        if self.config.cors:
            headers += [("Access-Control-Allow-Origin", "*"),
                        ("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"),
                        ("Access-Control-Expose-Headers", "X-SPARQL-Truncated, X-SPARQL-Elapsed-Ms, X-SPARQL-Warning")]
        start_response(STATUS.get(response.status, f"{response.status} Error"), headers)
        return [response.body]

    def route(self, environ) -> Response:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method == "OPTIONS":
            return Response(204, b"", "text/plain", [("Allow", "GET, POST, OPTIONS")])
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if path in ("/sparql", "/query") or (path == "/" and (method == "POST" or "query" in params)):
            return self.protocol(environ, method, params)
        if method != "GET":
            raise HttpError(405, f"{path} answers GET only", [("Allow", "GET")])
        return self.page_route(environ, path, params)

    def page_route(self, environ, path: str, params: dict[str, list[str]]) -> Response:
        """The GET pages beside the protocol: linked data, the query page, the catalog, /viz, /search."""
        linked = linked_data_route(self, environ, path, params)  # /id/..., /ontology, /.well-known/void
        if linked is not None:
            return linked
        if path == "/":
            from kg.sparql.page import render_page

            return Response(200, render_page(list(self.catalog.values()), self.config), "text/html; charset=utf-8", [])
        if path == "/catalog.json":
            body = json.dumps([q.to_json() for q in self.catalog.values()], ensure_ascii=False).encode()
            return Response(200, body, "application/json", [])
        m = re.fullmatch(r"/catalog/([\w.-]+?)(\.rq)?", path)
        if m:
            return self.catalog_route(environ, m.group(1), bool(m.group(2)), params)
        if path == "/viz":
            return self.viz_route(params)
        if path.startswith("/viz/"):
            return self.pages_route(path)
        if path.startswith("/search"):
            return self.search_route(environ, path)
        raise HttpError(404, f"no page at {path}: the endpoint is /sparql, the query page is /, search is /search, "
                             "the pages of kg viz are under /viz/")

    def pages_route(self, path: str) -> Response:
        from kg.sparql.pages import PageNotFound, page_at

        try:
            page = page_at(self.config.pages_dir, path)
        except PageNotFound as err:
            raise HttpError(404, str(err)) from None
        return Response(200, page.body, page.content_type, [])

    # -- SPARQL 1.1 Protocol ------------------------------------------------------------------------
    def protocol(self, environ, method: str, params: dict[str, list[str]]) -> Response:
        query = update = None
        if method == "GET":
            if "update" in params:
                raise HttpError(400, "an update must be sent with POST, not GET")
            query = self._one(params, "query")
            if query is None:
                raise HttpError(400, "give the query in a `query` parameter (GET), or POST it")
        elif method == "POST":
            query, update = self._posted(environ, params)
        else:
            raise HttpError(405, "the SPARQL endpoint answers GET and POST", [("Allow", "GET, POST")])
        if update is not None:
            return self.run_update(environ, update)
        if query is None:  # _posted returns one of the two
            raise HttpError(400, "the POST carries neither a `query` nor an `update`")
        return self.run_query(query, params, environ.get("HTTP_ACCEPT"), params.get("format"))

    def _posted(self, environ, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
        """The query or the update a POST carries (exactly one), by its content type; a form's graph and
        format parameters join `params`."""
        query = update = None
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        body = self._body(environ)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            query, update = self._one(form, "query"), self._one(form, "update")
            for key in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri",
                        "format"):
                params.setdefault(key, []).extend(form.get(key, []))
        elif ctype == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif ctype == "application/sparql-update":
            update = body.decode("utf-8", "replace")
        else:
            raise HttpError(415, f"cannot read a POST of type {ctype or '(none)'}: send "
                                 "application/x-www-form-urlencoded, application/sparql-query or "
                                 "application/sparql-update")
        if query is None and update is None:
            raise HttpError(400, "the POST carries neither a `query` nor an `update`")
        if query is not None and update is not None:
            raise HttpError(400, "send either a query or an update, not both")
        return query, update

    def run_query(self, query: str, params: dict[str, list[str]], accept: str | None,
                  format_name: list[str] | str | None) -> Response:
        cfg = self.config
        self._refuse_service(query, "query")
        text = SPARQL_PREFIXES + query if cfg.predeclare_prefixes else query
        form = [("query", text)]
        for key in ("default-graph-uri", "named-graph-uri"):
            # rdflib's Dataset over SPARQLStore names its own default graph: that is the store's default.
            form += [(key, v) for v in params.get(key, []) if v not in CLIENT_DEFAULT_GRAPHS]
        started = time.monotonic()
        # At most max_queries run in the engine at once: each may grow to the memory limit.
        if not self._slots.acquire(timeout=cfg.time_limit_s):
            raise HttpError(503, f"the endpoint is busy: {cfg.max_queries} queries were running for the whole "
                                 f"time limit of {cfg.time_limit_s} s. Try again shortly.", [("Retry-After", "5")])
        try:
            with self._engine_session() as http:
                response = self._forward_query(http, form, accept, format_name, started)
        finally:
            self._slots.release()
        # A misspelt ontology term matches nothing: say which, beside the (likely empty) answer.
        response.headers += [("X-SPARQL-Warning", t.message().encode("ascii", "backslashreplace").decode())
                             for t in unknown_terms(query)[:5]]
        return response

    def _forward_query(self, http: requests.Session, form: list[tuple[str, str]], accept: str | None,
                       format_name: list[str] | str | None, started: float) -> Response:
        cfg = self.config
        try:
            upstream = http.post(
                cfg.backend_url + "/query", data=form, stream=True,
                headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
                # The store stops the query at the limit; this is only a backstop if it ever does not.
                timeout=(5, cfg.time_limit_s + 10))
        except requests.Timeout:
            raise self._stopped() from None
        except requests.ConnectionError:
            raise self._engine_failed() from None
        try:
            if upstream.status_code != 200:
                raise self._refusal(upstream)
            reader = TailReader(upstream.raw)
            upstream_type = upstream.headers.get("Content-Type", "").split(";")[0].strip()
            try:
                result = self._serialize_result(reader, upstream_type, accept, format_name)
            except NotAcceptable as err:
                raise HttpError(406, str(err)) from None
            except (SyntaxError, ValueError, OSError, requests.RequestException) as err:
                raise self._unreadable(err, reader) from None
        finally:
            upstream.close()
        elapsed_ms = (time.monotonic() - started) * 1000
        headers = [("Vary", "Accept"), ("X-SPARQL-Elapsed-Ms", f"{elapsed_ms:.1f}"), ("X-SPARQL-Rows", str(result.rows))]
        if result.truncated:
            headers += [("X-SPARQL-Truncated", "true"), ("X-SPARQL-Max-Rows", str(cfg.max_rows))]
        return Response(200, result.body, result.content_type, headers)

    def _refusal(self, upstream: requests.Response) -> HttpError:
        """The error to answer for an engine that refused a query (status other than 200)."""
        message = upstream.text.strip()
        if "cancel" in message.lower():
            return self._stopped()
        if upstream.status_code == 400:
            return HttpError(400, "malformed SPARQL query: " + self._user_position(message))
        return HttpError(502, f"the store answered {upstream.status_code}: {message}")

    def _serialize_result(self, reader: TailReader, upstream_type: str, accept: str | None,
                          format_name: list[str] | str | None) -> _Result:
        """The engine's answer (N-Triples for a graph, SPARQL JSON for solutions or a boolean) in the
        negotiated format, cut at max_rows."""
        max_rows = self.config.max_rows
        if upstream_type == "application/n-triples":
            triples, truncated = self._read_triples(reader)
            kind = negotiate(accept, list(GRAPH_TYPES), format_name)
            body = serialize_triples(triples, kind, FILE_PREFIXES, max_rows if truncated else None)
            content_type = kind + ("; charset=utf-8" if kind.startswith("text/") else "")
            return _Result(body, content_type, len(triples), truncated)
        # pyoxigraph reads any object with read(); its stub asks for typing.IO.
        results = ox.parse_query_results(reader, ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]
        media = negotiate(accept, list(SOLUTION_TYPES), format_name)
        kind = SOLUTION_TYPES[media]
        if isinstance(results, ox.QueryBoolean):
            return _Result(serialize_boolean(bool(results), kind), CONTENT_TYPES[kind], 1, False)
        solutions, truncated = read_solutions(results, max_rows)
        body = serialize_solutions(solutions, kind, max_rows if truncated else None)
        return _Result(body, CONTENT_TYPES[kind], len(solutions.rows), truncated)

    def _unreadable(self, err: Exception, reader: TailReader) -> HttpError:
        """The error to answer when the engine's result could not be read: the query was stopped at the
        limit, the engine failed, or it sent something malformed."""
        if b"cancel" in reader.tail.lower():
            return self._stopped()
        if isinstance(err, (OSError, requests.RequestException)) and "timed out" in str(err).lower():
            return self._stopped()
        if isinstance(err, (OSError, requests.RequestException)):
            return self._engine_failed()
        return HttpError(502, f"the store sent a result that cannot be read: {err}")

    def _read_triples(self, reader) -> tuple[list[ox.Triple], bool]:
        triples: list[ox.Triple] = []
        for quad in ox.parse(reader, ox.RdfFormat.N_TRIPLES):
            if len(triples) >= self.config.max_rows:
                return triples, True
            triples.append(quad.triple)
        return triples, False

    def _stopped(self) -> HttpError:
        return HttpError(503, f"query stopped at the time limit of {self.config.time_limit_s} s: narrow it "
                              "(more specific patterns, a LIMIT) or start kg serve with a larger --timeout")

    def _user_position(self, message: str) -> str:
        """Error positions in the user's own lines, not counting the predeclared prefixes."""
        return user_position(message) if self.config.predeclare_prefixes else message

    def run_update(self, environ, update: str) -> Response:
        cfg = self.config
        self._authorize_update(environ)
        self._refuse_service(update, "update")
        text = SPARQL_PREFIXES + update if cfg.predeclare_prefixes else update
        try:
            with self._engine_session() as http:
                upstream = http.post(cfg.backend_url + "/update", data=text.encode("utf-8"),
                                     headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                                     timeout=(5, cfg.time_limit_s + 10))
        except requests.Timeout:
            raise self._stopped() from None
        except requests.RequestException:
            raise self._engine_failed() from None
        if upstream.status_code == 400:
            raise HttpError(400, "malformed SPARQL update: " + self._user_position(upstream.text.strip()))
        if upstream.status_code >= 300:
            raise HttpError(502, f"the store answered {upstream.status_code}: {upstream.text.strip()}")
        return Response(204, b"", "text/plain", [])

    def _authorize_update(self, environ) -> None:
        """Refuse an update unless updates are allowed, it carries the token and it comes from a tool or
        from this endpoint's own page."""
        cfg = self.config
        if not cfg.allow_updates:
            raise HttpError(403, "this endpoint is read-only: updates are refused. Start it with "
                                 "`kg serve --allow-updates --token TOKEN` to accept them.")
        auth = environ.get("HTTP_AUTHORIZATION", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not cfg.token or not hmac.compare_digest(given.encode(), cfg.token.encode()):
            raise HttpError(401, "an update needs the header `Authorization: Bearer TOKEN` with the token "
                                 "kg serve was started with", [("WWW-Authenticate", 'Bearer realm="kg serve"')])
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin != "null" and urlsplit(origin).netloc.lower() != (environ.get("HTTP_HOST") or "").lower():
            # A page on another site may not write, token or not: updates come from tools, or this page.
            raise HttpError(403, f"an update from a page of another origin ({origin}) is refused")
        if origin == "null":
            raise HttpError(403, "an update from a page without an origin (a file or sandboxed page) is refused")

    # -- catalog and visualization ---------------------------------------------------------------
    def catalog_route(self, environ, name: str, text_only: bool, params: dict[str, list[str]]) -> Response:
        q = self.catalog.get(name)
        if q is None:
            raise HttpError(404, f"no catalog query named {name!r}; see /catalog.json")
        reserved = {"format"}
        values = {k: v[-1] for k, v in params.items() if k not in reserved}
        try:
            text = q.bind(values)
        except BindingError as err:
            raise HttpError(400, str(err)) from None
        if text_only:
            return Response(200, text.encode("utf-8"), "application/sparql-query; charset=utf-8", [])
        return self.run_query(text, {}, environ.get("HTTP_ACCEPT"), params.get("format"))

    def viz_route(self, params: dict[str, list[str]]) -> Response:
        iri = self._one(params, "focus")
        if not iri:
            raise HttpError(400, "give the node to show: /viz?focus=IRI")
        if self.viz is None:
            raise HttpError(501, f"this endpoint has no visualization of {iri}: install the `kg viz` command "
                                 "and restart kg serve, or run `kg viz --focus IRI` yourself")
        try:
            return Response(200, self.viz(iri), "text/html; charset=utf-8", [])
        except LookupError as err:
            raise HttpError(404, str(err)) from None
        except Exception as err:  # a fault in the drawing must not look like a fault of the endpoint
            raise HttpError(500, f"the visualization of {iri} failed: {type(err).__name__}: {err}") from None

    def search_route(self, environ, path: str) -> Response:
        """Full-text search with facets and export (kg.search.http), from the index beside the store."""
        from kg.search.http import ROUTES, answer

        if path not in ROUTES:
            raise HttpError(404, f"no page at {path}: search answers {', '.join(ROUTES)}")
        if not self.config.search_index:
            raise HttpError(501, "this endpoint has no search index: serve a store folder with `kg serve`")
        a = answer(self.config.search_index, path, environ.get("QUERY_STRING", ""),
                   pages_url=self.config.pages_url, host=environ.get("HTTP_HOST", ""))
        return Response(a.status, a.body, a.content_type, a.headers)

    # -- helpers -----------------------------------------------------------------------------------
    def _refuse_service(self, text: str, what: str) -> None:
        if self.config.allow_service:
            return
        found = find_service(text)
        if found:
            raise HttpError(400, f"SERVICE is refused by this endpoint (the {what}, line {found[0]}, column "
                                 f"{found[1]}): it sends no request to other servers. Query them yourself, or start "
                                 "kg serve with --allow-service.")

    @staticmethod
    def _check_headers(environ) -> None:
        length = environ.get("CONTENT_LENGTH")
        if length and not re.fullmatch(r"[0-9]{1,15}", length.strip()):
            raise HttpError(400, f"Content-Length must be a whole number of bytes, not {length[:40]!r}")

    def _body(self, environ) -> bytes:
        length = int((environ.get("CONTENT_LENGTH") or "0").strip() or 0)
        if length > self.config.max_request_bytes:
            raise HttpError(413, f"the request is {length:,} bytes; the limit is {self.config.max_request_bytes:,}")
        try:
            body = environ["wsgi.input"].read(length) if length else b""
        except TimeoutError:
            raise HttpError(408, "the request body did not arrive in time") from None
        if len(body) < length:
            raise HttpError(400, f"the request body ended after {len(body):,} of {length:,} bytes")
        return body

    @staticmethod
    def _one(params: dict[str, list[str]], key: str) -> str | None:
        values = params.get(key)
        if not values:
            return None
        if len(values) > 1:
            raise HttpError(400, f"give exactly one `{key}` parameter, not {len(values)}")
        return values[0]
