"""Commands for looking at the graph: `kg viz` (browsable HTML pages) and `kg graph stats|export`
(the networkx projection, measured or handed to Gephi)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from kg.cli import main
from kg.cli.core import open_store


@main.command()
@click.option("-o", "--out", type=click.Path(file_okay=False), default=None,
              help="Folder to write the pages into [default: exports/viz].")
@click.option("--cap", type=click.IntRange(min=1), default=None,
              help="Most entities the overview's clusters open into (each cluster its most stated members); "
                   "the page says what was left out. [default: 300]")
@click.option("--focus", "focus_on", multiple=True, metavar="LABEL_OR_IRI",
              help="Draw the neighbourhood of one resolution, official, organization, event or bulletin, named by "
                   "its label (accents optional), document number, bulletin id or IRI. Repeat for several.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="How many relations away from the focused node to draw (hops between entities; bulletins "
                   "are counts on the links).")
@click.option("--focus-cap", type=click.IntRange(min=1), default=None,
              help="Most entities drawn in a focused view, nearest and most stated first [default: 400].")
@click.option("--focus-top", type=click.IntRange(min=0), default=None,
              help="Also write focused views of the N most cited documents, officials and organizations, "
                   "linked from the index [default: 3].")
@click.option("--no-bulletin-pages", is_flag=True,
              help="Skip the page per bulletin (faster on a large store; graph pages then link to no bulletin).")
@click.option("--other-bulletins", is_flag=True,
              help="Draw the overview and list the latest bulletins from every bulletin, not only those classified "
                   "as Party or government news (bkg:partyGovernment true) or not classified.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def viz(ctx, out, cap, focus_on, depth, focus_cap, focus_top, no_bulletin_pages, other_bulletins, as_json):
    """Write browsable HTML pages of the graph: an index, an overview, focused views, one page per
    bulletin with its evidence highlighted, a profile of every merged entity and a faceted index of
    every entity and statistic (browse.html). The pages load their scripts from OUT/assets and work
    from file:// with no network: open OUT/index.html in a browser. A re-run writes only the pages
    whose text changed.

    \b
    Examples:
      kg viz                                   index, overview and bulletin pages in exports/viz
      kg viz --cap 600                         a larger overview
      kg viz --focus "22-NQ/TW" --depth 2      the neighbourhood of a resolution
      kg viz --focus "Phạm Sỹ Lợi"             ... of an official (accents optional: "pham sy loi")
    """
    from kg.viz.site import DEFAULT_FOCUS_TOP, DEFAULT_OUT, write_site
    from kg.viz.views import DEFAULT_CAP

    out = Path(out) if out else DEFAULT_OUT
    store = open_store(ctx, read_only=True)
    t0 = time.perf_counter()
    if focus_on:
        if cap is not None or focus_top is not None or no_bulletin_pages or other_bulletins:
            raise click.UsageError("--cap, --focus-top, --no-bulletin-pages and --other-bulletins apply to the whole "
                                   "site, not to --focus")
        _write_focus_views(store, out, focus_on, depth, focus_cap, as_json)
        return
    try:
        summary = write_site(store, out, cap=cap or DEFAULT_CAP,
                             focus_top=DEFAULT_FOCUS_TOP if focus_top is None else focus_top,
                             bulletin_pages=not no_bulletin_pages, other_bulletins=other_bulletins)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        _report_site(summary, out, time.perf_counter() - t0)


def _write_focus_views(store, out: Path, queries, depth, focus_cap, as_json: bool) -> None:
    from kg.graphs import GraphError
    from kg.viz.site import write_focus
    from kg.viz.views import DEFAULT_FOCUS_CAP

    G = None
    summaries = []
    for query in queries:
        try:
            summary, others = write_focus(store, out, query, depth=depth, cap=focus_cap or DEFAULT_FOCUS_CAP, G=G)
        except GraphError as err:
            raise click.ClickException(str(err)) from None
        G = summary.graph  # the projection drawn from, built by the first view and reused by the others
        summaries.append(summary)
        view = summary.views[0]
        if not as_json:
            click.echo(f"{query!r}: {view.title}, {len(view.nodes):,} nodes -> {out / summary.view_files[0]}")
            if others and G is not None:
                shown = ", ".join(f"{G.nodes[n]['label']} <{n}>" for n in others[:5])
                click.echo(f"  also matched {len(others)} other node(s), pass one of their IRIs to draw it "
                           f"instead: {shown}" + (" ..." if len(others) > 5 else ""), err=True)
    if as_json:
        click.echo(json.dumps([s.to_json() for s in summaries], ensure_ascii=False, indent=2))


def _report_site(summary, out: Path, seconds: float) -> None:
    view = summary.views[0]
    written = sum(summary.written.values())
    click.echo(f"{sum(summary.pages.values()):,} files ({_mb(sum(summary.bytes.values()))}) in {out}: wrote {written:,} "
               f"({_mb(summary.written_bytes)}), {sum(summary.pages.values()) - written:,} unchanged, "
               f"{summary.removed:,} removed, in {seconds:.1f} s")
    for kind in ("index", "overview", "focus", "list", "bulletin", "profile", "asset"):
        if kind in summary.pages:
            click.echo(f"  {kind:9} {summary.pages[kind]:>7,} file(s) {_mb(summary.bytes[kind]):>10}, "
                       f"{summary.written.get(kind, 0):,} written")
    if view.clusters:
        click.echo(f"overview: {len(view.clusters):,} clusters opening into {len(view.nodes):,} of {view.total:,} nodes "
                   "(raise --cap to draw more)")
    if view.other_bulletins:
        click.echo(f"{view.other_bulletins:,} bulletins not classified as Party or government news are left out of the "
                   "overview and the latest bulletins (--other-bulletins includes them)")
    click.echo(f"open {out / 'index.html'} in a browser, or {out / 'browse.html'} to browse every entity and statistic")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


@main.group()
def graph():
    """Measure the graph as a network, or export it for Gephi."""


@graph.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many central nodes and communities to list.")
@click.option("--no-communities", is_flag=True, help="Skip community detection (the slowest step on a large graph).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx, top, no_communities, as_json):
    """Counts per class, the most central officials, documents, organizations and events (PageRank over
    the network of bulletins and what they state), and communities (Louvain)."""
    from rich.console import Console
    from rich.table import Table

    from kg.graphs import graph_stats, project, store_class_counts

    store = open_store(ctx, read_only=True)
    t0 = time.perf_counter()
    counts = store_class_counts(store)
    # Statistics are leaves (one bulletin, at most one organization): centrality and communities
    # ignore them, so the projection is built without them.
    G = project(store, statistics=False, evidence=False)
    result = graph_stats(G, top=top, with_communities=not no_communities)
    result["classes"] = counts
    result["nodes_without_statistics"] = result.pop("nodes")
    result["seconds"] = round(time.perf_counter() - t0, 2)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console = Console()
    table = Table("class", "nodes", title="Nodes per class")
    for cls, n in counts.items():
        table.add_row(cls, f"{n:,}")
    console.print(table)
    click.echo(f"{result['nodes_without_statistics']:,} nodes without statistics, {result['edges']:,} links, "
               f"{result['components']:,} connected components")
    for cls, rows in result["central"].items():
        if not rows:
            continue
        t = Table("#", "label", "type", "bulletins", "links", "PageRank", title=f"Most central: {cls}")
        for i, r in enumerate(rows, 1):
            t.add_row(str(i), r["label"], r["type"], f"{r['bulletins']:,}", f"{r['degree']:,}", f"{r['score']:.5f}")
        console.print(t)
    if "communities" in result:
        click.echo(f"{result['community_count']:,} communities (Louvain, modularity {result['modularity']})")
        t = Table("#", "size", "classes", "most connected members", title="Largest communities")
        for i, c in enumerate(result["communities"], 1):
            t.add_row(str(i), f"{c['size']:,}", ", ".join(f"{k} {v}" for k, v in c["classes"].items()),
                      "; ".join(m["label"] for m in c["members"]))
        console.print(t)
    click.echo(f"({result['seconds']} s)")


@graph.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), default="graphml", show_default=True,
              help="GraphML (Gephi, Cytoscape, yEd) or GEXF (Gephi, with each class's colour).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--no-statistics", is_flag=True, help="Leave statistics out (they are over half the nodes).")
@click.pass_context
def export(ctx, fmt, output, no_statistics):
    """Export the network of bulletins, documents, events, officials, organizations and statistics,
    with their labels, classes, dates and the bulletins behind each node and link."""
    from kg.graphs import export_graph, project

    store = open_store(ctx, read_only=True)
    G = project(store, statistics=not no_statistics, evidence=False)
    try:
        export_graph(G, output, fmt)
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err}") from None
    click.echo(f"wrote {output} ({fmt}, {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links)", err=True)
