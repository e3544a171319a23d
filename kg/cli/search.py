"""`kg index` (build, check and repair the full-text index beside the store) and `kg search` (search it
from the command line, with the facets and exports of kg serve's /search)."""

from __future__ import annotations

import json
import sys

import click

from kg.cli import main


def _store_folder(ctx) -> str:
    from kg.sparql.remote import is_remote

    path = ctx.obj["store_path"]
    if is_remote(path):
        raise click.UsageError(f"the search index lives beside a store folder, not {path}")
    return path


@main.command("index")
@click.option("--check", is_flag=True, help="Only say whether the index agrees with the store; exit 1 when it does not.")
@click.option("--changed", is_flag=True,
              help="Re-read only the bulletins the check finds missing, outdated or gone, instead of rebuilding.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def index_command(ctx, check, changed, as_json):
    """Build the full-text search index of the store from scratch (STORE/search.sqlite).

    \b
    kg ingest and kg remove keep the index up to date; run this after a crash, after copying a
    store without its index, or when --check says the index is stale. The store is only read,
    so this works while kg serve runs.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.cli.core import err_console, open_store
    from kg.search import index_path
    from kg.search.index import build_index, check_index, repair_index

    path = index_path(_store_folder(ctx))
    store = open_store(ctx, read_only=True)
    if check:
        outcome = check_index(store, path)
        _report_check(outcome, as_json)
        sys.exit(1 if outcome.stale else 0)
    with Progress(TextColumn("indexing"), BarColumn(bar_width=None), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as progress:
        task = progress.add_task("indexing", total=None)
        on_progress = lambda done, total: progress.update(task, completed=done, total=total)
        summary = (repair_index if changed else build_index)(store, path, on_progress=on_progress)
    if as_json:
        click.echo(json.dumps({"index": str(path), "indexed": summary.indexed, "removed": summary.removed,
                               "seconds": round(summary.seconds, 2), "bytes": summary.bytes}))
    else:
        click.echo(f"indexed {summary.indexed} bulletin(s)" + (f", dropped {summary.removed}" if summary.removed else "")
                   + f" into {path} ({summary.bytes / 1e6:.1f} MB) in {summary.seconds:.1f} s")


def _report_check(outcome, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome.to_json(), ensure_ascii=False, indent=1))
        return
    if not outcome.exists:
        click.echo(f"no search index at {outcome.path}: run `kg index` to build it ({outcome.stored} bulletins stored)")
    elif not outcome.schema_ok:
        click.echo(f"the search index at {outcome.path} is unreadable or of another version: run `kg index`")
    elif outcome.interrupted and not (outcome.missing or outcome.outdated or outcome.extra):
        click.echo(f"the search index at {outcome.path} is marked as being updated: a write of the store is "
                   "running, or was interrupted; the next `kg ingest`, or `kg index --changed`, repairs it")
    elif not outcome.stale:
        click.echo(f"the search index at {outcome.path} agrees with the store: {outcome.indexed} bulletins")
    else:
        click.echo(f"the search index at {outcome.path} is stale: {len(outcome.missing)} bulletin(s) missing, "
                   f"{len(outcome.outdated)} outdated, {len(outcome.extra)} no longer in the store. "
                   "Run `kg index` (or `kg index --changed` to re-read only those).")
        for name, ids in (("missing", outcome.missing), ("outdated", outcome.outdated), ("gone", outcome.extra)):
            if ids:
                click.echo(f"  {name}: {', '.join(ids[:10])}" + (f" … and {len(ids) - 10} more" if len(ids) > 10 else ""))


@main.command("search")
@click.argument("words", nargs=-1)
@click.option("--facet", "-f", "facets", multiple=True, metavar="FACET=VALUE",
              help="A facet value every result must have (repeatable), e.g. -f province='Tỉnh Lào Cai' -f role=chaired.")
@click.option("--from", "date_from", metavar="DATE", help="Dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Dated on or before DATE.")
@click.option("--exact", is_flag=True, help="Match the diacritics as written ('Lại' but not 'Lai').")
@click.option("--fts5", is_flag=True, help="Read WORDS as an FTS5 query (NEAR, column filters) instead of the simple syntax.")
@click.option("--all", "include_other", is_flag=True, help="Include bulletins classified as not Party or government news.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "ris", "csl"]), default="table", show_default=True)
@click.pass_context
def search_command(ctx, words, facets, date_from, date_to, exact, fts5, include_other, sort, limit, fmt):
    """Search the bulletins' text, e.g. kg search nghi quyet 22 -f province='Tỉnh Lào Cai'

    Words match with or without accents; "quotes" keep a phrase together, -word leaves a word out,
    word* matches its beginning, OR joins alternatives."""
    from kg.search import index_path
    from kg.search.export import plain, to_csl_json, to_csv, to_ris
    from kg.search.http import page_link, result_json
    from kg.search.index import SearchIndexError, connect
    from kg.search.query import SearchQueryError, SearchRequest, search
    from kg.viz import paths

    filters: dict[str, list[str]] = {}
    for item in facets:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--facet takes FACET=VALUE, not {item!r}")
        filters.setdefault(key.strip(), []).append(value)
    request = SearchRequest(" ".join(words), exact=exact, syntax="fts5" if fts5 else "simple", filters=filters,
                            date_from=date_from, date_to=date_to, include_other=include_other, sort=sort,
                            per_page=limit)
    try:
        conn = connect(index_path(_store_folder(ctx)), read_only=True)
        result = search(conn, request)
    except (SearchIndexError, SearchQueryError) as err:
        raise click.ClickException(str(err)) from None
    link = lambda h: page_link("", h)
    if fmt != "table":
        writers = {"csv": to_csv, "ris": to_ris, "csl": to_csl_json}
        click.echo(json.dumps(result_json(result, link), ensure_ascii=False, indent=1) if fmt == "json"
                   else writers[fmt](result.hits, link), nl=fmt == "json")
        return
    click.echo(f"{result.total} of {result.indexed} bulletins match"
               + (f"; {result.others} other news left out (--all)" if result.others else "")
               + (f"; {result.imprecise} not dated precisely enough, left out" if result.imprecise else ""))
    for h in result.hits:
        click.echo(f"\n{h.id}  {h.date or ''}  {plain(h.title_html)}\n  {plain(h.snippet_html)}\n  {paths.bulletin_page(h.id)}"
                   + (f"#ev-{h.anchor}" if h.anchor is not None else ""))
