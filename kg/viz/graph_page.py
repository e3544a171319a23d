"""One self-contained graph page (the overview or a focused view), drawn with pyvis.

pyvis assembles the vis-network nodes and edges; the page itself comes from our own template, because
pyvis 0.3.2's template fetches Bootstrap from a CDN even with `cdn_resources="in_line"`. vis-network
(from pyvis's bundled copy) and our script and style are loaded from the site's assets/ folder by a
relative path (or inlined, for a page served on its own), so the page works from file:// with no
network.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter

import networkx as nx
import pyvis

from kg import __version__
from kg.graphs import CLASSES, bulletin_nodes, is_full_date
from kg.viz import paths
from kg.viz.resources import VIS_VERSION, environment, script_json, script_tag, style_tag
from kg.viz.style import CLASS_STYLE, EDGE_COLOUR, TYPE_LABEL
from kg.viz.views import View

WRAP_CHARS = 22  # canvas labels wrap at this width, over up to WRAP_LINES lines
WRAP_LINES = 4
CLUSTER_WRAP_CHARS = 26
CLUSTER_COLOUR = {"background": "#e9ecf2", "border": "#6b7385", "highlight": {"background": "#dde2ec", "border": "#1d2330"},
                  "hover": {"background": "#dde2ec", "border": "#1d2330"}}
BULLETIN_LABEL_CHARS = 24  # a headline, shown when zoomed in
BULLETINS_PER_NODE = 40  # bulletin links carried by the centre (and bulletins); the tooltip says how many more
BULLETINS_PER_NEIGHBOUR = 12  # ... by every other node: each costs a row in the page's table of bulletins
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


def network_options(n: int, *, clusters: bool = False) -> dict:
    physics = physics_options(n)
    if clusters:  # a few large bubbles with long labels: push them further apart
        physics["forceAtlas2Based"].update(gravitationalConstant=-320, springLength=230, avoidOverlap=1.0)
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
        "physics": physics,
    }


def render(G: nx.DiGraph, view: View, page: str, *, bulletin_pages: bool = True, home: bool = True,
           inline: bool = False) -> str:
    """The HTML of `view`, to be written at `page` (a path relative to the output folder).

    `bulletin_pages`: link the bulletins behind each node to their pages; `home`: link the index
    (both False for a page served on its own, which also sets `inline`: scripts and styles in the page)."""
    prefix = paths.up(page)
    refs = BulletinRefs(G, prefix if bulletin_pages else None)
    nodes = node_entries(G, view, refs, prefix)
    edges = edge_entries(G, view)
    members: dict = {"nodes": [], "edges": []}
    if view.clusters:
        # Members join the network when their cluster opens: hidden nodes would still take part
        # in the layout simulation, and the overview must settle at once.
        members = {"nodes": nodes, "edges": edges}
        nodes, edges = cluster_entries(G, view), cluster_edges(view)
    config = page_config(G, view, refs, prefix if home else None)
    heading = "Overview of the graph" if view.kind == "overview" else f"Around {G.nodes[view.centre]['label']}"
    drawn = len(view.clusters) or len(view.nodes)
    return environment().get_template("graph.html").render(
        title=view.title, heading=heading, version=__version__, pyvis_version=pyvis.__version__,
        vis_version=VIS_VERSION, css=style_tag("graph.css", prefix, inline=inline),
        vis_js=script_tag("vis-network.min.js", prefix, inline=inline),
        graph_js=script_tag("graph.js", prefix, inline=inline),
        index_href=prefix + paths.INDEX if home else None, scope_html=scope_html(G, view),
        config_json=script_json(config), nodes_json=script_json(nodes), edges_json=script_json(edges),
        members_json=script_json(members),
        options_json=script_json(network_options(drawn, clusters=bool(view.clusters))),
    )


def page_config(G: nx.DiGraph, view: View, refs: BulletinRefs, prefix: str | None) -> dict:
    """What the page script reads besides the nodes: the legend, the bulletins named, the dates."""
    counts = Counter(G.nodes[n]["cls"] for n in view.nodes)
    classes = [{"name": c, "label": CLASS_STYLE[c].label, "colour": CLASS_STYLE[c].colour,
                "shape": CLASS_STYLE[c].shape, "count": counts[c]} for c in CLASSES if counts[c]]
    firsts = [G.nodes[n]["first"] for n in view.nodes if G.nodes[n]["first"]]
    lasts = [G.nodes[n]["last"] for n in view.nodes if G.nodes[n]["last"]]
    b = CLASS_STYLE["Bulletin"]
    return {"kind": view.kind, "classes": classes, "bulletins": refs.table,
            "bulletinClass": {"name": "Bulletin", "label": b.label, "colour": b.colour, "shape": b.shape, "count": 0},
            "dateMin": min(firsts) if firsts else None, "dateMax": max(lasts) if lasts else None,
            "centre": view.centre, "total": view.total, "leftOut": view.left_out,
            "clusters": len(view.clusters), "profile": prefix + paths.PROFILE if prefix is not None else ""}


class BulletinRefs:
    """[title, date, href] of every bulletin a page names, collected as the nodes are written."""

    def __init__(self, G: nx.DiGraph, prefix: str | None):
        self.G, self.prefix = G, prefix
        self.table: dict[str, list[str]] = {}
        self.nodes = bulletin_nodes(G)

    def add(self, bid: str) -> None:
        if bid not in self.table:
            node = self.G.nodes[self.nodes[bid]] if bid in self.nodes else {}
            self.table[bid] = [node.get("label", bid), node.get("first") or "",
                               self.prefix + paths.bulletin_page(bid) if self.prefix is not None else ""]


def wrap_label(label: str, width: int = WRAP_CHARS, lines: int = WRAP_LINES) -> str:
    """The label over a few lines of whole words (vis-network draws each line), so a long name reads
    on the canvas instead of being cut at a fixed length; beyond `lines` lines it ends with '…'."""
    out, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:width - 1].rstrip() + "…"
    return "\n".join(out)


def node_entries(G: nx.DiGraph, view: View, refs: BulletinRefs, prefix: str) -> list[dict]:
    """The vis-network node of each entity (or bulletin) the view draws, with its facts in `kg`."""
    weights = {n: node_weight(G, n) for n in view.nodes}
    # The heaviest nodes keep their labels at any zoom; the others show theirs as the reader zooms in.
    # Bulletins are left out: their labels are whole headlines, which would cover the entities.
    labelled = set(sorted((n for n in view.nodes if G.nodes[n]["cls"] != "Bulletin"),
                          key=lambda n: -weights[n])[:LABELLED])
    top = max(weights.values(), default=1.0)
    label_base = _label_base(view)
    member_of = {n: c.id for c in view.clusters for n in c.members}
    out = []
    for n in view.nodes:
        d = G.nodes[n]
        kg = _node_kg(G, view, n, refs, prefix)
        if n in member_of:
            kg["cluster"] = member_of[n]
        entry = {"id": n, "shape": CLASS_STYLE[d["cls"]].shape, "value": weights[n]}
        colour = node_colour(CLASS_STYLE[d["cls"]].colour, centre=n == view.centre)
        font = {"color": INK, "strokeWidth": 3, "strokeColor": "#ffffff", "multi": False}
        if n in labelled or n == view.centre:
            entry["scaling"] = {"label": {"enabled": False}}
            font.update(size=round(label_base + 8 * weights[n] / top), strokeWidth=4)
        if n == view.centre:
            entry["borderWidth"] = 4
            font.update(size=label_base + 12, strokeWidth=5)
        chars = BULLETIN_LABEL_CHARS if d["cls"] == "Bulletin" and n != view.centre else WRAP_CHARS
        kg["style"] = {"color": colour, "font": font}  # what the page restores after dimming
        entry.update(label=wrap_label(d["label"], chars), color=colour, font=font, kg=kg)
        out.append(entry)
    return out


def _label_base(view: View) -> int:
    """A large view is drawn zoomed out: its fixed labels need a larger font to stay readable."""
    shown = len(view.clusters) * 4 or len(view.nodes)
    return 14 if shown <= 60 else 16 if shown <= 150 else 20


def _node_kg(G: nx.DiGraph, view: View, n: str, refs: BulletinRefs, prefix: str) -> dict:
    """A node's facts for the page script, with the links to its pages; registers its bulletins."""
    d = G.nodes[n]
    kg = node_facts(G, n, BULLETINS_PER_NODE if n == view.centre or d["cls"] == "Bulletin"
                    else BULLETINS_PER_NEIGHBOUR)
    for bid in kg["bulletins"]:
        refs.add(bid)
    for e in kg["evidence"]:
        refs.add(e[0])
    if d["cls"] == "Bulletin":
        if refs.prefix is not None:
            kg["page"] = prefix + paths.bulletin_page(d["bulletin_id"])
    else:
        kg["profile"] = prefix + paths.profile_page(n)
    if n in view.together:
        kg["together"] = view.together[n]
    return kg


def edge_entries(G: nx.DiGraph, view: View) -> list[dict]:
    """Links between the nodes drawn, each labelled with the number of bulletins behind it."""
    shown = set(view.nodes)
    out = []
    if view.kind == "overview":
        for u, v, w in view.member_links:
            out.append({"from": u, "to": v, "width": round(1 + math.log(w), 2), "arrows": {"to": {"enabled": False}},
                        "title": f"named together or related in {w} bulletin{'s' if w != 1 else ''}"})
        return out
    for u, v, e in G.subgraph(view.nodes).edges(data=True):
        if u == v:
            continue
        count = len(e["bulletins"])
        relations = " · ".join(sorted(e["relations"]))
        entry = {"from": u, "to": v, "title": f"{relations}\n{count} bulletin" + ("s" if count != 1 else ""),
                 "width": round(1 + math.log(count), 2), "kg": {"relations": relations, "bulletins": count}}
        if G.nodes[u]["cls"] != "Bulletin" and G.nodes[v]["cls"] != "Bulletin":
            entry["label"] = edge_label(e["relations"], count)
        out.append(entry)
    for n, count in view.together.items():
        if n in shown and view.centre in shown:
            out.append({"from": view.centre, "to": n, "dashes": True, "arrows": {"to": {"enabled": False}},
                        "label": str(count), "width": round(1 + math.log(count), 2),
                        "title": f"named together in {count} bulletin{'s' if count != 1 else ''} (no relation stated)"})
    return out


# A link states several roles ("attended · chaired · spoke at"): the label names the weightiest.
ROLE_ORDER = ("chaired", "reviews", "implements", "issued by", "organized by", "reported at", "spoke at", "attended")


def edge_label(relations: set[str], count: int) -> str:
    """'chaired (12)', or 'chaired +2 (12)' when the link also states two other relations."""
    if len(" · ".join(relations)) <= 24 and len(relations) <= 2:
        return f"{' · '.join(sorted(relations))} ({count})"
    first = min(relations, key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER), r))
    return f"{first} +{len(relations) - 1} ({count})"


def cluster_entries(G: nx.DiGraph, view: View) -> list[dict]:
    """One node per community: its label names its most stated members; clicking opens it."""
    out = []
    top = max((c.bulletins for c in view.clusters), default=1)
    for c in view.clusters:
        kinds = ", ".join(f"{k:,} {_plural(cls, k)}" for cls, k in c.classes.items())
        label = wrap_label(c.label, CLUSTER_WRAP_CHARS, 4) + f"\n({c.size:,})"
        out.append({"id": c.id, "shape": "dot", "value": round(3 + 12 * math.sqrt(c.bulletins / top), 2),
                    "label": label, "color": CLUSTER_COLOUR, "scaling": {"label": {"enabled": False}},
                    "font": {"size": 15, "color": INK, "strokeWidth": 4, "strokeColor": "#ffffff", "multi": False},
                    "kg": {"isCluster": True, "label": c.label, "cls": "Cluster", "type": "Cluster",
                           "typeLabel": f"Community of {c.size:,} entities: {kinds}", "members": c.members,
                           "size": c.size, "bulletinCount": 0, "bulletins": [], "iri": c.id,
                           "style": {"color": CLUSTER_COLOUR, "font": {"size": 15, "color": INK, "strokeWidth": 4,
                                                                       "strokeColor": "#ffffff"}}}})
    return out


def cluster_edges(view: View) -> list[dict]:
    return [{"from": a, "to": b, "width": round(1 + math.log(w), 2), "arrows": {"to": {"enabled": False}},
             "title": f"{w:,} links between their members"} for (a, b), w in view.cluster_links.items()]


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


def node_facts(G: nx.DiGraph, n: str, bulletins: int = BULLETINS_PER_NODE) -> dict:
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
        "months": node_months(G, n),
        "facts": facts, "bulletins": _recent(d["bulletins"], G)[:bulletins],
        "bulletinCount": len(d["bulletins"]), "bulletinId": d.get("bulletin_id", ""),
        # Quotes are present when the caller attached them (graphs.attach_quotes); spans alone say nothing.
        "evidence": [[e.bulletin, e.quote, e.start] for e in evidence if e.quote][:EVIDENCE_PER_NODE],
    }


def node_months(G: nx.DiGraph, n: str) -> list[str]:
    """The months ('2017-06') a node is seen in: its own dates and those of the bulletins stating it.
    Dates without a year (a month and day only) name no month to match."""
    node = bulletin_nodes(G)
    d = G.nodes[n]
    found = {x[:7] for x in d["dates"] if is_full_date(x)}
    for b in d["bulletins"]:
        if b in node:
            found.update(x[:7] for x in G.nodes[node[b]]["dates"] if is_full_date(x))
    return sorted(found)


def _recent(bulletin_ids: list[str], G: nx.DiGraph) -> list[str]:
    """Bulletins newest first, so a long list starts with what was said last."""
    node = bulletin_nodes(G)
    return sorted(bulletin_ids, key=lambda b: (G.nodes[node[b]]["first"] or "" if b in node else "", b), reverse=True)


def scope_html(G: nx.DiGraph, view: View) -> str:
    """What the page shows and what it leaves out, in words."""
    e = html.escape
    shown = len(view.nodes)
    parts = []
    if view.kind == "overview" and view.clusters:
        parts.append(f"<p><strong>{len(view.clusters):,}</strong> clusters of entities named together "
                     f"(of {view.communities:,} communities found); click one to open it into its most stated "
                     f"members, <strong>{shown:,}</strong> of <strong>{view.total:,}</strong> nodes in all.</p>")
    elif view.kind == "overview":
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
    if view.other_bulletins:
        parts.append(f"<p class=\"kg-note\">Drawn from Party and government news: {view.other_bulletins:,} other "
                     "bulletins are left out (<code>kg viz --other-bulletins</code> includes them).</p>")
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
