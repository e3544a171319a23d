"""Browsable pages of the graph (`kg viz`): self-contained HTML that works from file:// with no network.

    site.write_site(store, out)            index, overview, focused views, a page per bulletin
    site.write_focus(store, out, "22-NQ/TW", depth=2)
    focus_html(store, G, IRI)              one focused view as a string, for a server to send
"""

from __future__ import annotations

SERVED_QUOTES = 40  # nodes of a served focus page whose quoted evidence is read


def focus_html(store, G, query: str, *, depth: int = 1, cap: int | None = None) -> str:
    """The focused view of the node `query` names (IRI, label, number or bulletin id), with quotes.

    `G` is a projection, ideally built once with `kg.graphs.project(store, statistics=False,
    evidence=False)` (fast); the quotes of the nodes shown are read from `store`. Links to bulletin
    pages and to the index are left out, as a server has neither. Raises kg.graphs.GraphError when nothing matches.
    """
    from kg.graphs import attach_quotes
    from kg.viz.graph_page import render
    from kg.viz.views import DEFAULT_FOCUS_CAP, find_node, focus

    view = focus(G, find_node(G, query).node, depth, cap or DEFAULT_FOCUS_CAP)
    # Quotes for the centre and its nearest neighbours only: reading every quote of 400 nodes, hubs
    # among them, took most of a served page's time; the bulletin pages have all of them.
    attach_quotes(store, G, view.nodes[:SERVED_QUOTES])
    return render(G, view, "focus.html", bulletin_pages=False, home=False, inline=True)
