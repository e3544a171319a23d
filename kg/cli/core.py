"""Core commands: ingest, extract, query, export, validate."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from contextlib import AbstractContextManager, nullcontext
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg.cli import main
from kg.reading.sources import DEFAULT_MAX_BYTES
from kg.store import PREFIXES, GraphStore, StoreError, StoreWriteError, to_python, write_fault
from kg.terms import graph_name_of

if TYPE_CHECKING:
    from kg.ingest import IngestSummary

XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
err_console = Console(stderr=True)
# `kg ingest` exit status when some inputs were skipped (the others were written): 0 means every input
# was ingested or unchanged, 1 an error that stopped the run, 2 a usage error.
EXIT_SKIPPED = 3


def open_store(ctx: click.Context, *, read_only: bool = False) -> GraphStore:
    from kg.sparql.remote import is_remote
    from kg.sparql.remote import open_store as open_location

    path = ctx.obj["store_path"]
    if read_only and not is_remote(path) and not Path(path).exists():
        raise click.ClickException(f"no store at {path}: run `kg ingest` first, or name one with --store")
    try:
        return open_location(path, read_only=read_only)  # a folder, or an http(s) URL of a remote store
    except StoreError as err:
        raise click.ClickException(str(err)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--source", help="Publisher of these articles when the files do not say (used to scope local names).")
@click.option("--province", help="Province of these articles when the files do not say (e.g. 'Lào Cai').")
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest article accepted; larger ones are reported and skipped.")
@click.option("--force", is_flag=True,
              help="Re-extract bulletins even when unchanged (graphs made by other rules are re-extracted without it).")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Extraction processes on this machine [default: one per core for inputs of a few hundred "
                   "bulletins or more, else 1].")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on a Dask cluster: its scheduler address (tcp://host:8786), or 'local' for a cluster "
                   "of --workers processes on this machine.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes of the cluster started by --dask local.")
@click.option("--curation", "curation_path", type=click.Path(dir_okay=False), default="pipelines/curation.toml",
              show_default=True, help="Reviewed merge decisions applied after ingesting (skipped when the file is absent).")
@click.option("--assume-year", type=click.IntRange(1900, 2100), metavar="YEAR",
              help="Year of bulletins that give no date of their own (no metadata, date line or page date): "
                   "completes dates written without a year, such as 'sáng 21-12'. Never stored as a bulletin's "
                   "date; use --force to re-date bulletins already ingested.")
@click.option("--political-only", is_flag=True,
              help="Store only Party/government bulletins (kg.nlp.genre): other news (sport, crime, markets...) "
                   "is read, counted as 'not political' and left out; it is not an error.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest(ctx, paths, source, province, max_bytes, force, processes, dask_address, workers, curation_path,
           assume_year, political_only, as_json):
    """Read bulletins from PATHS (text or HTML files, folders, JSONL or JSONL.gz) into the store.

    Each bulletin becomes one named graph, written whole or not at all. Unchanged bulletins are
    skipped, changed ones (or ones extracted by other rules) replaced; bad inputs are reported with
    their file, line and reason and skipped, and the run goes on. Extraction runs in several
    processes, or on a Dask cluster with --dask; this process reads and writes the store.

    Exit status: 0 when every input was ingested or unchanged; 3 when some were skipped (the
    others are stored); 1 when an error (a full disk, a read-only store) stopped the run; 2 for a
    usage error.
    """
    if dask_address and processes:
        raise click.UsageError("--processes and --dask exclude each other: with --dask the cluster's workers extract")
    runner_context = _extraction_runner(ctx, dask_address, workers)
    store = open_store(ctx)
    summary = _ingest_with_progress(ctx, store, runner_context, paths, source=source, province=province,
                                    max_bytes=max_bytes, force=force, processes=processes,
                                    curation_path=curation_path, assume_year=assume_year,
                                    political_only=political_only)
    store.close()
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_ingest_summary(summary, ctx.obj["store_path"], political_only=political_only,
                              curation_path=curation_path)
    if summary.search_index is not None and summary.search_index.error:
        click.echo(f"warning: {summary.search_index.error}", err=True)
    if summary.skipped:  # a typo'd path beside good ones must not pass unnoticed in a script
        sys.exit(EXIT_SKIPPED)


def _extraction_runner(ctx: click.Context, dask_address: str | None, workers: int) -> AbstractContextManager[Any]:
    """The context that yields `kg ingest`'s extraction runner: a Dask cluster with --dask, else None
    (the ingest's own processes)."""
    from kg.distributed import DaskRunner

    if not dask_address:
        return nullcontext(None)
    from kg.sparql.remote import is_remote

    # A remote store is written by the workers themselves; an embedded one by this process.
    push_to = ctx.obj["store_path"] if is_remote(ctx.obj["store_path"]) else None
    return DaskRunner(dask_address, workers=workers, push_to=push_to)


def _ingest_with_progress(ctx: click.Context, store: GraphStore, runner_context: AbstractContextManager[Any],
                          paths, **options) -> IngestSummary:
    """Run the ingest under a progress line, turning the errors that stop it into click errors that say
    what was written and what to do."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg.curation import CurationError
    from kg.distributed import DaskUnavailable
    from kg.ingest import ingest as run_ingest

    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "skipped": 0, "not_political": 0}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                  TextColumn("{task.completed} read"), TimeElapsedColumn(), console=err_console,
                  transient=True, disable=not err_console.is_terminal) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_progress(origin: str, outcome: str) -> None:
            counts[outcome] += 1
            progress.update(task, advance=1, description=" · ".join(f"{k} {v}" for k, v in counts.items()))

        try:
            with runner_context as runner:
                return run_ingest(paths, store, on_progress=on_progress, runner=runner, **options)
        except DaskUnavailable as err:
            store.close()
            raise click.ClickException(str(err)) from None
        except CurationError as err:
            store.close()
            raise click.ClickException(f"bulletins were ingested, but the curation file was not applied: {err}") from None
        except (StoreWriteError, OSError) as err:
            _close_quietly(store)
            cause = str(err) if isinstance(err, StoreWriteError) else write_fault(ctx.obj["store_path"], err)
            written = counts["ingested"] + counts["replaced"]
            raise click.ClickException(
                f"{cause}. {written} bulletin(s) were written, each whole, before the store failed; the others were "
                "not written. Run the same command again when it is fixed: what was written is skipped as unchanged. "
                "Then run `kg resolve` so that the written bulletins' entities are resolved."
            ) from None


def _print_ingest_summary(summary: IngestSummary, store_path: str, *, political_only: bool, curation_path: str) -> None:
    resolution, decisions = summary.resolution, summary.curation_decisions
    click.echo(f"store: {store_path}")
    click.echo(f"bulletins read: {summary.read}, ingested: {summary.ingested}, replaced: {summary.replaced}, "
               f"unchanged: {summary.unchanged}, skipped: {len(summary.skipped)}")
    if political_only:
        click.echo(f"not political (left out by --political-only): {summary.not_political}")
    if summary.refreshed:
        click.echo(f"refreshed: {summary.refreshed} unchanged bulletin(s) whose stored graph came from other "
                   "extraction rules were extracted again")
    click.echo(f"triples added: {summary.triples_added} (total {summary.triples_after})")
    for s in summary.skipped:
        click.echo(f"  skipped {s.origin}: {s.reason}")
    if resolution is not None and resolution.renamed:
        click.echo(f"resolution: {resolution.renamed} mention(s) joined to or split from other bulletins' "
                   f"entities in {resolution.seconds:.1f} s")
    if decisions:
        click.echo(f"curation: {decisions} decision(s) from {curation_path} applied")


def _close_quietly(store) -> None:
    try:
        store.close()
    except (StoreError, OSError):  # the store already failed; its earlier writes are whole
        pass




@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON (the default).")
@click.option("--source", help="Publisher, when the file does not say.")
@click.option("--province", help="Province, when the file does not say.")
def extract(file, as_json, source, province):
    """Print the records extracted from one bulletin FILE (text, HTML, or the first article of a JSONL file)."""
    from kg.ingest import prepare
    from kg.nlp.pipeline import extract as run_extract
    from kg.reading.sources import Skipped, read_sources

    for item in read_sources([file], source=source, province=province):
        if isinstance(item, Skipped):
            raise click.ClickException(f"{item.origin}: {item.reason}")
        prepared = prepare(item)
        if isinstance(prepared, Skipped):
            raise click.ClickException(f"{prepared.origin}: {prepared.reason}")
        click.echo(json.dumps(run_extract(prepared).to_json(), ensure_ascii=False, indent=2))
        return
    raise click.ClickException(f"{file}: no article found")


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--full-iris", is_flag=True,
              help="In the table, print IRIs whole instead of as prefixed names (bkg:Resolution). CSV and JSON always do.")
@click.pass_context
def query(ctx, sparql, query_file, fmt, full_iris):
    """Run a SPARQL query over the store. Prefixes bkg:, schema:, org:, rdf:, prov:, rdfs:, xsd:, qb:,
    skos: and id: are predeclared, and the table shows IRIs with them where the result is a valid prefixed
    name, so that it can be pasted back into a query.

    \b
    The default graph is the merged graph of all bulletins (each statement once): no GRAPH and no
    DISTINCT are needed to count. GRAPH ?g { } still reaches each bulletin's own graph. A term of
    bkg: that the ontology does not define is named on standard error, with its line and column;
    syntax errors are reported at the query's own lines. Decimals print exactly as stored.

    \b
    Example:
      kg query "SELECT (COUNT(*) AS ?n) WHERE { ?d a bkg:Resolution }"
    """
    from kg.sparql.terms import unknown_terms

    if query_file:
        sparql = Path(query_file).read_text(encoding="utf-8")
    if not sparql:
        raise click.UsageError("give a SPARQL query or -f FILE")
    for term in unknown_terms(sparql):
        click.echo(f"warning: {term.message()}", err=True)
    store = open_store(ctx, read_only=True)
    try:
        result = store.query(sparql)
    except (StoreError, OSError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        result = bool(result)
        click.echo(json.dumps({"boolean": result}) if fmt == "json" else str(result).lower())
        return
    if not hasattr(result, "variables"):
        for triple in result:
            click.echo(f"{triple.subject} {triple.predicate} {triple.object} .")
        return
    names = [v.value for v in result.variables]
    raw = [[row[n] for n in names] for row in result]
    _print_rows(names, raw, fmt, full_iris)
    if not raw and getattr(store, "has_merged_default_graph", lambda: True)() is False:
        click.echo("warning: this store was written before the merged default graph: a query without GRAPH "
                   "sees nothing until the store is opened for writing once (e.g. `kg ingest` of any file)", err=True)


def _print_rows(names: list[str], raw: list[list], fmt: str, full_iris: bool) -> None:
    rows = [[exact_value(t) for t in terms] for terms in raw]
    if fmt == "json":
        click.echo(json_with_decimals([dict(zip(names, r)) for r in rows]))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(names)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(show_lines=False)
        for name in names:  # a long IRI wraps onto more lines; cut short, it could not be used
            table.add_column(name, overflow="fold")
        for r, terms in zip(rows, raw):
            table.add_row(*["" if v is None else compact_iri(t.value) if isinstance(t, ox.NamedNode) and not full_iris
                            else str(v) for v, t in zip(r, terms)])
        Console().print(table)
        click.echo(f"{len(rows)} row(s)")


def exact_value(term):
    """A term as a Python value; an xsd:decimal as the Decimal of its lexical form (not a float, which
    would print 4100000.0 as 4099999.9999999995 once arithmetic touched it)."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_DECIMAL:
        try:
            return Decimal(term.value)
        except ArithmeticError:
            return term.value
    return to_python(term)


def json_with_decimals(value) -> str:
    """JSON in which each Decimal is a number written exactly as stored (json writes floats only)."""
    marks: dict[str, str] = {}

    def mark(d):
        if isinstance(d, Decimal):
            key = f"\u0000{len(marks)}\u0000"
            marks[key] = str(d)
            return key
        return str(d)

    text = json.dumps(value, ensure_ascii=False, indent=2, default=mark)
    return re.sub(r'"\\u0000(\d+)\\u0000"', lambda m: marks[f"\u0000{m.group(1)}\u0000"], text)


# A prefixed name's local part as SPARQL accepts it unescaped (a subset of PN_LOCAL: no "/", no "%").
_LOCAL_NAME = re.compile(r"[\w\-]([\w\-.]*[\w\-])?")
_LONGEST_NAMESPACE_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact_iri(iri: str) -> str:
    """The IRI as a prefixed name (bkg:Resolution) when its rest is a valid local name; otherwise, as
    for an entity's IRI (.../id/person/p-ha-tinh/...), whole."""
    for prefix, namespace in _LONGEST_NAMESPACE_FIRST:
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@main.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "jsonld", "ntriples"]),
              default="trig", show_default=True,
              help="trig/nquads/jsonld keep one named graph per bulletin; turtle/ntriples write their union.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write ('-' for stdout).")
@click.pass_context
def export(ctx, fmt, output):
    """Export the whole store as an RDF file."""
    store = open_store(ctx, read_only=True)
    if fmt == "jsonld":
        data = _jsonld(store)
        if output == "-":
            click.echo(data)
        else:
            Path(output).write_text(data, encoding="utf-8")
    elif output == "-":
        buf = io.BytesIO()
        store.dump(buf, fmt)
        click.echo(buf.getvalue().decode("utf-8"), nl=False)
    else:
        with open(output, "wb") as fh:
            store.dump(fh, fmt)
    if output != "-":
        click.echo(f"wrote {output} ({fmt}, {store.count_triples()} quads in {store.named_graph_count()} graphs)", err=True)


def _jsonld(store: GraphStore) -> str:
    import rdflib

    from kg.store import PREFIXES
    from kg.validate import _term

    ds = rdflib.Dataset()
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    graphs: dict[str, rdflib.Graph] = {}
    for q in store.quads():
        name = graph_name_of(q.graph_name)
        if name not in graphs:
            graphs[name] = ds.graph(rdflib.URIRef(name))
        graphs[name].add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return ds.serialize(format="json-ld", context=dict(PREFIXES), indent=2)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
@click.option("--max", "max_shown", type=int, default=50, show_default=True, help="Violations to print at most.")
@click.pass_context
def validate(ctx, as_json, max_shown):
    """Check the store against the SHACL shapes in ontology/shapes.ttl; exit 1 when it does not conform."""
    from kg.validate import validate_store

    store = open_store(ctx, read_only=True)
    conforms, violations = validate_store(store)
    if as_json:
        click.echo(json.dumps({"conforms": conforms, "violations": [v.__dict__ for v in violations]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"{'conforms' if conforms else 'does NOT conform'}: {store.count_triples()} quads, "
                   f"{len(violations)} violation(s)")
        for v in violations[:max_shown]:
            click.echo(f"  [{v.severity}] {v.focus}" + (f" {v.path}" if v.path else "") + f": {v.message}")
        if len(violations) > max_shown:
            click.echo(f"  ... and {len(violations) - max_shown} more (use --json for all)")
    if not conforms:
        sys.exit(1)
