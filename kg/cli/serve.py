"""`kg serve` (a SPARQL endpoint and query page over the store), `kg push` (copy the store's
bulletin graphs into a remote triple store) and `kg catalog` (the researchers' query catalog)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import click

from kg.cli import main


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store to the network.")
@click.option("--port", type=int, default=7878, show_default=True, help="Port of the endpoint and query page.")
@click.option("--timeout", "time_limit_s", type=click.IntRange(min=1), default=30, show_default=True,
              help="Time limit of one query, in whole seconds; the store stops the query when it is reached.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) returned at most; longer results are cut and flagged "
                   "with the header X-SPARQL-Truncated: true and in the body (see docs/sparql.md).")
@click.option("--allow-updates", is_flag=True, help="Accept SPARQL updates from clients holding --token.")
@click.option("--token", envvar="KG_SERVE_TOKEN", help="Bearer token required for updates [env KG_SERVE_TOKEN].")
@click.option("--union-default-graph", is_flag=True,
              help="Use Oxigraph's union of the named graphs as the default graph instead of the store's merged "
                   "graph (each statement once). Not needed; Oxigraph 0.5 then returns a triple once per graph "
                   "holding it.")
@click.option("--cors", is_flag=True, help="Allow pages from other origins (e.g. a YASGUI page) to query.")
@click.option("--viz-url", default="/viz?focus={iri}", show_default=True,
              help="Where the query page links an IRI; {iri} is replaced by the URL-encoded IRI.")
@click.option("--allow-service", is_flag=True,
              help="Execute SERVICE clauses (federated queries): the engine then sends requests wherever a query "
                   "says, and runs on this machine's network. Refused by default, with a 400.")
@click.option("--memory-limit", "memory_limit_mb", type=click.IntRange(min=64), default=2048, show_default=True,
              metavar="MB", help="Resident memory of the SPARQL engine at most; a query needing more is stopped "
                                 "(503) and the engine restarted.")
@click.option("--max-queries", type=click.IntRange(min=1), default=4, show_default=True,
              help="Queries run at once; others wait for a slot, up to the time limit (then 503).")
@click.option("--read-timeout", "read_timeout_s", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              metavar="S", help="Seconds a client may pause while sending its request before it is dropped.")
@click.option("--access-log", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="Where to write one line per request in the Common Log Format: a file (appended), "
                   "'-' for standard error.")
@click.option("--pages", "pages_dir", type=click.Path(file_okay=False), default=None,
              help="The folder `kg viz` wrote, served under /viz/ (default: exports/viz when it exists), so "
                   "that search results and the query page open the bulletin pages and profiles.")
@click.option("--pages-url", default="/viz/", show_default=True,
              help="Where /search links the bulletin pages of `kg viz` (a URL prefix ending in '/'), e.g. the "
                   "address of a copy of the pages on another server.")
@click.pass_context
def serve(ctx, host, port, time_limit_s, max_rows, allow_updates, token, union_default_graph, cors, viz_url,
          allow_service, memory_limit_mb, max_queries, read_timeout_s, access_log, pages_dir, pages_url):
    """Serve the store as a SPARQL 1.1 endpoint at /sparql, with a query page at /, full-text
    search of the bulletins at /search (from the index `kg index` builds beside the store), and the
    pages `kg viz` wrote under /viz/ (--pages).

    \b
    Results come as JSON, XML, CSV or TSV (SELECT, ASK) and Turtle, N-Triples, RDF/XML or JSON-LD
    (CONSTRUCT, DESCRIBE), by the Accept header or ?format=. The prefixes of `kg query` are
    predeclared, and the default graph is the merged graph of all bulletins (no GRAPH needed).
    Entity IRIs answer at /id/..., the ontology at /ontology, the dataset's VoID description at
    /.well-known/void. While it runs it holds the store folder: `kg query` still reads it,
    `kg ingest` is refused until it stops.

    \b
    Examples:
      kg serve                                  then open http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a bkg:Event }' \\
           http://127.0.0.1:7878/sparql
    """
    from kg.search import index_path
    from kg.sparql.backend import BackendError
    from kg.sparql.server import serve as run

    store = ctx.obj["store_path"]
    _check_serve_options(store, host, allow_updates=allow_updates, token=token)
    isolate = _engine_isolation(allow_service=allow_service, allow_updates=allow_updates)

    def ready(url: str) -> None:
        mode = "read-write (token required)" if allow_updates else "read-only"
        click.echo(f"serving {store} ({mode}) at {url}  ·  SPARQL endpoint {url}sparql  ·  search {url}search  ·  "
                   "Ctrl+C to stop",
                   err=True)

    log_stream = _open_access_log(access_log)
    try:
        run(store, host=host, port=port, time_limit_s=time_limit_s, max_rows=max_rows,
            allow_updates=allow_updates, token=token, union_default_graph=union_default_graph, cors=cors,
            viz_url=viz_url, allow_service=allow_service, isolate=isolate, memory_limit_mb=memory_limit_mb,
            max_queries=max_queries, read_timeout_s=read_timeout_s, access_log=log_stream,
            viz=_viz_renderer(store), on_ready=ready, search_index=str(index_path(store)),
            pages_url=pages_url if pages_url.endswith("/") else pages_url + "/", pages_dir=_pages_dir(pages_dir))
    except BackendError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    finally:
        if access_log != "-":
            log_stream.close()


def _check_serve_options(store: str, host: str, *, allow_updates: bool, token: str | None) -> None:
    """Refuse what `kg serve` cannot serve; warn when it listens beyond loopback."""
    if "://" in store:
        raise click.UsageError(f"kg serve serves a store folder, not {store}: that server has its own endpoint")
    if allow_updates and not token:
        raise click.UsageError("--allow-updates needs --token TOKEN (or KG_SERVE_TOKEN): clients send it as "
                               "'Authorization: Bearer TOKEN'")
    if not allow_updates and not Path(store).exists():
        raise click.ClickException(f"no store at {store}: run `kg ingest` first, or name one with --store")
    if not _loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the store", err=True)


def _engine_isolation(*, allow_service: bool, allow_updates: bool) -> bool:
    """Whether the SPARQL engine runs in a private network namespace: never with --allow-service (it needs
    the network), else whenever the machine allows it; refuses the combinations that would let local
    processes write without the token."""
    from kg.sparql.server import isolation_available

    if allow_service:
        if allow_updates:
            raise click.UsageError("--allow-service and --allow-updates cannot be combined: a federated engine runs "
                                   "on this machine's network, where its port would accept writes without the token")
        click.echo("warning: --allow-service: queries can make the endpoint send requests to any address, and "
                   "local processes can query the engine's port directly", err=True)
        return False
    isolate = isolation_available()
    if not isolate and allow_updates:
        raise click.ClickException("--allow-updates needs the engine in a private network namespace "
                                   "(`unshare --user --net`, util-linux), which this machine refuses: without "
                                   "it, any local process could write to the engine's port without the token")
    if not isolate:
        click.echo("warning: `unshare --user --net` is not available: the SPARQL engine listens on a loopback "
                   "port that other local processes can query (SERVICE is still refused by the front)", err=True)
    return isolate


def _open_access_log(access_log: str) -> TextIO:
    """The access log's stream: standard error for '-', else the file, appended."""
    if access_log == "-":
        return click.get_text_stream("stderr")
    try:
        return open(access_log, "a", encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"cannot write the access log {access_log}: {err.strerror or err}") from None


def _pages_dir(given: str | None) -> str | None:
    """The pages folder to serve: the one given, else kg viz's default folder when it exists."""
    from kg.viz.site import DEFAULT_OUT

    if given is not None:
        return given
    return str(DEFAULT_OUT) if (DEFAULT_OUT / "index.html").is_file() else None


NEIGHBOURHOOD_GRAPHS = 40  # a node in this many bulletins or fewer is drawn from them alone while /viz is built


def _viz_renderer(store: str):
    """The focused view of a node (`kg viz`'s page), drawn on demand for the query page's links.

    The projection /viz draws from is built once, at start, in a background thread (about a minute
    on the whole corpus), so the first /viz request does not pay for it (83 s before) and no other
    request waits for it. A request that arrives before it is ready, for a node stated by at most
    NEIGHBOURHOOD_GRAPHS bulletins, is drawn from copies of those bulletins alone; others wait for
    the projection. The store is opened read-only, which kg serve's lock does not prevent. None when
    the visualization package is absent.
    """
    try:
        from kg.graphs import GraphError, project
        from kg.viz import focus_html
    except ImportError:
        return None
    import threading

    from kg.store import GraphStore

    state: dict = {}
    ready, opened = threading.Event(), threading.Event()

    def build() -> None:
        try:
            state["store"] = GraphStore(store, read_only=True)
            opened.set()
            G = state["graph"] = project(state["store"], statistics=False, evidence=False)
            click.echo(f"/viz ready: {G.number_of_nodes():,} nodes in {G.graph['built_seconds']} s", err=True)
        except Exception as err:  # reported to the requests that need it, not lost in a thread
            state["error"] = err
            click.echo(f"/viz unavailable: {err}", err=True)
        finally:
            opened.set()
            ready.set()

    threading.Thread(target=build, name="viz-projection", daemon=True).start()

    def render_focus(query: str) -> bytes:
        try:
            if not ready.is_set() and opened.wait() and "store" in state:
                small = _neighbourhood(state["store"], query)
                if small is not None:
                    return focus_html(small[0], small[1], query).encode("utf-8")
                ready.wait()
            if "error" in state:
                raise LookupError(f"the visualization graph could not be built: {state['error']}")
            return focus_html(state["store"], state["graph"], query).encode("utf-8")
        except GraphError as err:  # nothing matches: the error lists near candidates
            raise LookupError(f"no node {query} in the visualization graph: {err}") from None

    return render_focus


def _neighbourhood(store, query: str):
    """(a store, its projection) holding copies of the bulletins that state the node `query` names
    by IRI, or None when it is not an IRI of a stored node or too many bulletins state it."""
    import re

    from kg.graphs import graphs_holding, project, subset

    if not re.fullmatch(r"""https?://[^\s<>"{}|\\^`]+""", query):
        return None
    graphs = graphs_holding(store, query)
    if not graphs or len(graphs) > NEIGHBOURHOOD_GRAPHS:
        return None
    small = subset(store, graphs)
    return small, project(small, statistics=False, evidence=False)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The remote store: its base URL or any of its SPARQL URLs (Oxigraph, Virtuoso and Fuseki "
                   "are recognised; others need --update-url/--gsp-url).")
@click.option("--auth", envvar="KG_PUSH_AUTH", metavar="USER:PASSWORD", help="Credentials [env KG_PUSH_AUTH].")
@click.option("--auth-type", type=click.Choice(["auto", "basic", "digest"]), default="auto", show_default=True,
              help="HTTP authentication scheme; auto follows the server's challenge.")
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="gsp: one Graph Store Protocol PUT per bulletin; update: SPARQL Update; auto: gsp where known.")
@click.option("--update-url", help="SPARQL Update endpoint, when it cannot be guessed.")
@click.option("--gsp-url", help="Graph Store Protocol endpoint, when it cannot be guessed.")
@click.option("--force", is_flag=True, help="Push every bulletin, even those the remote store already holds unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def push(ctx, endpoint, auth, auth_type, protocol, update_url, gsp_url, force, as_json):
    """Copy each bulletin's named graph from the local store into a remote triple store.

    Each graph replaces the remote graph of the same name, so pushing twice changes nothing;
    bulletins the remote store already holds with the same content hash are skipped.

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7879/
      kg push --endpoint http://127.0.0.1:8890/sparql --auth dba:dba --auth-type digest
    """
    from kg.sparql.push import push_store
    from kg.sparql.remote import RemoteStore
    from kg.store import GraphStore, StoreError

    credentials = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep:
            raise click.UsageError("--auth takes USER:PASSWORD")
        credentials = (user, password)
    local_path = ctx.obj["store_path"]
    if not Path(local_path).exists():
        raise click.ClickException(f"no store at {local_path}: run `kg ingest` first, or name one with --store")
    try:
        local = GraphStore(local_path, read_only=True)
        remote = RemoteStore(endpoint, auth=credentials, auth_type=auth_type, protocol=protocol,
                             update_url=update_url, gsp_url=gsp_url)
        summary = push_store(local, remote, force=force)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(summary.to_json(), indent=2))
    else:
        click.echo(f"pushed {summary.pushed} bulletin graph(s) ({summary.triples} triples) to {endpoint} "
                   f"by {summary.protocol} in {summary.seconds:.1f} s; {summary.unchanged} unchanged")


@main.group()
def catalog():
    """The catalog of researchers' questions (ontology/queries/*.rq)."""


@catalog.command("list")
def catalog_list():
    """List the questions with their parameters."""
    from kg.sparql.catalog import load_catalog

    for q in load_catalog():
        params = " ".join(f"{p.name}={p.value!r}" if p.value else f"{p.name}=(any)" for p in q.parameters)
        click.echo(f"{q.name}\n    {q.question}" + (f"\n    parameters: {params}" if params else ""))


@catalog.command("show")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter.")
def catalog_show(name, params):
    """Print query NAME with its parameters bound (pipe it to `kg query -f -` or a remote store)."""
    click.echo(_bound(name, params), nl=False)


@catalog.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
def catalog_run(ctx, name, params, fmt):
    """Run query NAME over the store, e.g. kg catalog run events-implementing-plan -p number=67-KH/TU"""
    from kg.cli.core import query

    ctx.invoke(query, sparql=_bound(name, params), query_file=None, fmt=fmt)


def _bound(name: str, params: tuple[str, ...]) -> str:
    from kg.sparql.binding import BindingError
    from kg.sparql.catalog import catalog_query

    values = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes NAME=VALUE, not {p!r}")
        values[key.strip()] = value
    try:
        return catalog_query(name).bind(values)
    except (KeyError, BindingError) as err:
        raise click.ClickException(str(err).strip('"')) from None

