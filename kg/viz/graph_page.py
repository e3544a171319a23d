"""One self-contained graph page (the overview or a focused view), drawn with pyvis.

pyvis assembles the vis-network nodes and edges; the page itself comes from our own template, because
pyvis 0.3.2's template fetches Bootstrap from a CDN even with `cdn_resources="in_line"`. vis-network
(from pyvis's bundled copy) and our script and style are inlined, so the page works from file:// with
no network.
"""

from __future__ import annotations

import html
import math
import re

import networkx as nx
import pyvis
from pyvis.network import Network

from kg import __version__
from kg.graphs import CLASSES, bulletin_nodes
from kg.viz import paths
from kg.viz.resources import VIS_VERSION, asset, environment, script_json, vis_network_js
from kg.viz.style import CLASS_STYLE, EDGE_COLOUR, TYPE_LABEL
from kg.viz.views import View

LABEL_CHARS = 32  # canvas labels are cut here; the tooltip has the full label
BULLETIN_LABEL_CHARS = 24  # a headline, shown when zoomed in
BULLETINS_PER_NODE = 40  # bulletin links carried per node; the tooltip says how many more
EVIDENCE_PER_NODE = 6
LABELLED = 30  # nodes whose labels show at every zoom
INK = "#1d2330"


def physics_options(n: int) -> dict:
    """ForceAtlas2 settles hub-and-spoke graphs (a resolution cited by many bulletins) faster and
    tidier than Barnes-Hut. The iteration budget shrinks as the graph grows, to keep the time to a
    frozen layout bounded; the layout is frozen afterwards either way."""
    iterations = 300 if n <= 150 else 220 if n <= 400 else 160 if n <= 800 else 120
    return {
        "enabled": True, "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.02, "springLength": 90,
                             "springConstant": 0.05, "damping": 0.55, "avoidOverlap": 0.6},
        "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        "minVelocity": 1.5, "maxVelocity": 60, "timestep": 0.45,
    }


def network_options(n: int) -> dict:
    return {
        "nodes": {
            "borderWidth": 1, "borderWidthSelected": 3,
            "font": {"size": 13, "face": "system-ui, Roboto, 'Noto Sans', Arial, sans-serif", "color": "#1d2330",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 7, "max": 38, "label": {"enabled": True, "min": 11, "max": 24, "drawThreshold": 7,
                                                       "maxVisible": 28}},
        },
        "edges": {
            "color": {"color": EDGE_COLOUR, "highlight": "#4a5160", "hover": "#7d8492", "opacity": 0.75},
            "smooth": False, "width": 1, "selectionWidth": 1.5, "hoverWidth": 0.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 400, "hideEdgesOnZoom": n > 800,
                        "keyboard": False, "navigationButtons": False},
        "layout": {"randomSeed": 7, "improvedLayout": n <= 120},
        "physics": physics_options(n),
    }


def render(G: nx.DiGraph, view: View, page: str, *, bulletin_pages: bool = True, home: bool = True) -> str:
    """The HTML of `view`, to be written at `page` (a path relative to the output folder).

    `bulletin_pages`: link the bulletins behind each node to their pages; `home`: link the index
    (both False for a page served on its own)."""
    prefix = paths.up(page)
    net = Network(directed=True, cdn_resources="in_line")
    bulletins: dict[str, list] = {}  # id -> [title, date, href] for every bulletin the page names
    bulletin_node = bulletin_nodes(G)

    def bulletin_ref(bid: str) -> None:
        if bid not in bulletins:
            node = G.nodes[bulletin_node[bid]] if bid in bulletin_node else {}
            bulletins[bid] = [node.get("label", bid), node.get("first") or "",
                              prefix + paths.bulletin_page(bid) if bulletin_pages else ""]

    weights = {n: node_weight(G, n) for n in view.nodes}
    # The heaviest nodes keep their labels at any zoom; the others show theirs as the reader zooms in.
    # Bulletins are left out: their labels are whole headlines, which would cover the entities.
    labelled = set(sorted((n for n in view.nodes if G.nodes[n]["cls"] != "Bulletin"),
                          key=lambda n: -weights[n])[:LABELLED])
    top = max(weights.values(), default=1.0)
    # A large view is drawn zoomed out: its fixed labels need a larger font to stay readable.
    label_base = 14 if len(view.nodes) <= 60 else 18 if len(view.nodes) <= 150 else 24
    for n in view.nodes:
        d = G.nodes[n]
        style = CLASS_STYLE[d["cls"]]
        label = d["label"]
        chars = LABEL_CHARS if d["cls"] != "Bulletin" or n == view.centre else BULLETIN_LABEL_CHARS
        short = label if len(label) <= chars else label[:chars - 1].rstrip() + "…"
        kg = node_facts(G, n)
        for bid in kg["bulletins"]:
            bulletin_ref(bid)
        for e in kg["evidence"]:
            bulletin_ref(e[0])
        if d["cls"] == "Bulletin" and bulletin_pages:
            kg["page"] = prefix + paths.bulletin_page(d["bulletin_id"])
        extra = {}
        colour = node_colour(style.colour, centre=n == view.centre)
        font = {"color": INK, "strokeWidth": 3, "strokeColor": "#ffffff"}
        if n in labelled:
            extra = {"scaling": {"label": {"enabled": False}}}
            font.update(size=round(label_base + 12 * weights[n] / top), strokeWidth=4)
        if n == view.centre:
            extra = {"borderWidth": 4, "scaling": {"label": {"enabled": False}}}
            font.update(size=label_base + 16, strokeWidth=5)
        kg["style"] = {"color": colour, "font": font}  # what the page restores after dimming
        net.add_node(n, label=short, shape=style.shape, color=colour, font=font, value=weights[n], kg=kg, **extra)

    for u, v, e in G.subgraph(view.nodes).edges(data=True):
        count = len(e["bulletins"])
        title = " · ".join(sorted(e["relations"])) + f"\n{count} bulletin" + ("s" if count != 1 else "")
        net.add_edge(u, v, title=title, width=round(1 + math.log(count), 2))

    classes = [{"name": c, "label": CLASS_STYLE[c].label, "colour": CLASS_STYLE[c].colour,
                "shape": CLASS_STYLE[c].shape, "count": sum(1 for n in view.nodes if G.nodes[n]["cls"] == c)}
               for c in CLASSES]
    classes = [c for c in classes if c["count"]]
    firsts = [G.nodes[n]["first"] for n in view.nodes if G.nodes[n]["first"]]
    lasts = [G.nodes[n]["last"] for n in view.nodes if G.nodes[n]["last"]]
    config = {"kind": view.kind, "classes": classes, "bulletins": bulletins,
              "dateMin": min(firsts) if firsts else None, "dateMax": max(lasts) if lasts else None,
              "centre": view.centre, "total": view.total, "leftOut": view.left_out}
    heading = "Overview of the graph" if view.kind == "overview" else f"Around {G.nodes[view.centre]['label']}"
    return environment().get_template("graph.html").render(
        title=view.title, heading=heading, version=__version__, pyvis_version=pyvis.__version__,
        vis_version=VIS_VERSION, css=asset("graph.css"), vis_js=vis_network_js(), graph_js=asset("graph.js"),
        index_href=prefix + paths.INDEX if home else None, scope_html=scope_html(G, view),
        config_json=script_json(config), nodes_json=script_json(net.nodes), edges_json=script_json(net.edges),
        options_json=script_json(network_options(len(view.nodes))),
    )


def node_colour(colour: str, *, centre: bool = False) -> dict:
    """The class colour, kept when a node is selected or hovered (vis-network would turn it blue)."""
    border = INK if centre else "rgba(0,0,0,0.35)"
    return {"background": colour, "border": border, "highlight": {"background": colour, "border": INK},
            "hover": {"background": colour, "border": INK}}


def node_weight(G: nx.DiGraph, n: str) -> float:
    """Size on the canvas: what many bulletins state is drawn large (and labelled first); bulletins
    and statistics stay small, or a bulletin stating forty facts would outweigh a resolution."""
    d = G.nodes[n]
    links = 0.5 * math.log2(1 + G.degree(n))
    if d["cls"] == "Bulletin":
        return round(1 + links, 3)
    if d["cls"] == "Statistic":
        return 1.0
    return round(1 + 2 * math.log2(1 + len(d["bulletins"])) + links, 3)


def node_facts(G: nx.DiGraph, n: str) -> dict:
    """What the tooltip and the details panel say about a node."""
    d = G.nodes[n]
    attrs = d["attrs"]
    facts = []
    for key, name in (("documentNumber", "Number"), ("documentDate", "Issued"), ("issuingSession", "Session"),
                      ("startDate", "Date"), ("place", "Place"), ("value", "Value"), ("maxValue", "Up to"),
                      ("unit", "Unit"), ("qualifier", "Qualifier"), ("period", "Period"), ("title", "Title")):
        if key in attrs:
            facts.append([name, attrs[key]])
    if d["cls"] == "Bulletin" and d["dates"]:
        facts.append(["Published", d["dates"][0]])
    evidence = d["evidence"]
    return {
        "label": d["label"], "cls": d["cls"], "type": d["type"], "typeLabel": TYPE_LABEL.get(d["type"], d["type"]),
        "iri": n, "degree": G.degree(n), "number": attrs.get("documentNumber", ""),
        "positions": [[p[0], p[1]] for p in d["positions"]], "first": d["first"], "last": d["last"],
        "facts": facts, "bulletins": _recent(d["bulletins"], G)[:BULLETINS_PER_NODE],
        "bulletinCount": len(d["bulletins"]), "bulletinId": d.get("bulletin_id", ""),
        # Quotes are present when the caller attached them (graphs.attach_quotes); spans alone say nothing.
        "evidence": [[e.bulletin, e.quote, e.start] for e in evidence if e.quote][:EVIDENCE_PER_NODE],
    }


def _recent(bulletin_ids: list[str], G: nx.DiGraph) -> list[str]:
    """Bulletins newest first, so a long list starts with what was said last."""
    node = bulletin_nodes(G)
    return sorted(bulletin_ids, key=lambda b: (G.nodes[node[b]]["first"] or "" if b in node else "", b), reverse=True)


def scope_html(G: nx.DiGraph, view: View) -> str:
    """What the page shows and what it leaves out, in words."""
    e = html.escape
    shown = len(view.nodes)
    parts = []
    if view.kind == "overview":
        parts.append(f"<p><strong>{shown:,}</strong> of <strong>{view.total:,}</strong> nodes: "
                     + ("all of them." if not view.left_out else "the most connected.") + "</p>")
    else:
        c = G.nodes[view.centre]
        parts.append(f"<p>The neighbourhood of <strong>{e(c['label'])}</strong> "
                     f"({e(TYPE_LABEL.get(c['type'], c['type']))}) up to {view.depth} "
                     f"link{'s' if view.depth != 1 else ''} away: <strong>{shown:,}</strong> nodes.</p>")
    if view.left_out:
        names = ", ".join(f"{k:,} {_plural(c, k)}" for c, k in view.left_out.items())
        parts.append(f"<p>Left out: {view.left_out_total:,} nodes ({e(names)}).</p>")
    if view.statistics:
        parts.append(f"<p class=\"kg-note\">The {view.statistics:,} statistics are highlighted on the bulletin "
                     "pages rather than drawn here.</p>")
    if view.hint:
        parts.append(f"<p class=\"kg-note\">{_code(view.hint)}</p>")
    return "\n".join(parts)


def _plural(cls: str, k: int) -> str:
    word = {"Official": "official", "Organization": "organization", "Document": "document", "Event": "event",
            "Bulletin": "bulletin", "Statistic": "statistic"}[cls]
    return word if k == 1 else word + "s"


def _code(text: str) -> str:
    """Escape, and set the commands in a hint (the parts in parentheses starting with 'kg ') as code."""
    return re.sub(r"\((kg [^)]*)\)", r"(<code>\1</code>)", html.escape(text))
