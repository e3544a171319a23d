"""Which nodes a page shows: the overview (the most connected nodes, up to a cap) or a focused view
(the neighbourhood of one node), and what each leaves out.

A browser lays out a few hundred nodes in a second or two; thousands never settle into anything
readable. So every view is capped, and says what it left out and how to see it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg.graphs import CLASSES, GraphError

DEFAULT_CAP = 300  # nodes in the overview; stabilises in about a second in headless chromium
DEFAULT_FOCUS_CAP = 400
DEFAULT_DEPTH = 1
ENTITY_CLASSES = ("Official", "Organization", "Document", "Event")


@dataclass
class View:
    kind: str  # "overview" or "focus"
    title: str
    nodes: list[str]
    total: int  # nodes in the whole graph
    cap: int
    centre: str | None = None
    depth: int | None = None
    left_out: dict[str, int] = field(default_factory=dict)  # by class
    statistics: int = 0  # statistics in the graph, which graph pages leave to the bulletin pages
    hint: str = ""  # how to see what was left out

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


def drawable(G: nx.DiGraph) -> nx.DiGraph:
    """The graph without its statistics. A figure such as "1.372 quần chúng ưu tú" is a fact of one
    bulletin, not something archivists follow from bulletin to bulletin: graph pages leave statistics
    to the bulletin pages, where they are highlighted in the text."""
    if "_drawable" not in G.graph:
        # A copy rather than a filtered view: the overview asks for millions of neighbours, and a view
        # runs its filter on every one. Attribute dicts are shallow copies: read them here, change G.
        keep = [n for n, d in G.nodes(data=True) if d["cls"] != "Statistic"]
        D = nx.DiGraph()
        D.add_nodes_from((n, G.nodes[n]) for n in keep)
        D.add_edges_from((u, v, e) for u, v, e in G.edges(data=True) if u in D and v in D)
        G.graph["_drawable"] = D
    return G.graph["_drawable"]


def rank_key(G: nx.DiGraph, n: str):
    """Most connected first; among equals, the node more bulletins state, then by label for stability."""
    d = G.nodes[n]
    return (-G.degree(n), -len(d["bulletins"]), d["label"], n)


def overview(G: nx.DiGraph, cap: int = DEFAULT_CAP) -> View:
    """The most connected part of the graph, at most `cap` nodes.

    Raw degree would fill the page with bulletins (each links to every fact it states, statistics
    included) and leave the documents, officials and organizations they share out. So the page is
    filled in passes: the entities most bulletins state (up to 60% of the cap, each class with a
    share), a bulletin stating each of them, the bulletins that link most of them, then whatever else
    links to what is already there.
    Nodes with no link to the rest are shown only when nothing linked is left to show.
    """
    if cap < 1:
        raise ValueError(f"the cap must be at least 1 node (got {cap})")
    statistics = sum(1 for _, d in G.nodes(data=True) if d["cls"] == "Statistic")
    G = drawable(G)
    H = G.to_undirected(as_view=True)
    # Degrees through a filtered view are slow to ask for one by one: rank everything once.
    degree = dict(H.degree())
    rank = {n: (-degree[n], -len(d["bulletins"]), d["label"], n) for n, d in G.nodes(data=True)}
    entities = sorted((n for n, d in G.nodes(data=True) if d["cls"] != "Bulletin"),
                      key=lambda n: (-len(G.nodes[n]["bulletins"]), *rank[n]))
    budget = max(1, int(cap * 0.6))
    # Each class gets a share first, so that officials named in one bulletin each still appear next
    # to organizations that hundreds of bulletins name.
    share = max(1, budget // 8)
    chosen: dict[str, None] = {}
    for cls in ENTITY_CLASSES:
        chosen.update(dict.fromkeys([n for n in entities if G.nodes[n]["cls"] == cls][:share]))
    for n in entities:
        if len(chosen) >= budget:
            break
        chosen.setdefault(n, None)
    linking = Counter(b for n in chosen for b in H.neighbors(n) if G.nodes[b]["cls"] == "Bulletin")
    best_first = lambda b: (-linking[b], *rank[b])  # noqa: E731
    # Every entity first gets one bulletin that states it (the one stating most of the others),
    # so nothing on the page floats unexplained; then the bulletins that link the most entities.
    for n in list(chosen):
        if len(chosen) >= cap:
            break
        if not any(m in chosen for m in H.neighbors(n)):
            sources = [b for b in H.neighbors(n) if G.nodes[b]["cls"] == "Bulletin"]
            if sources:
                chosen[min(sources, key=best_first)] = None
    for b, _ in sorted(linking.items(), key=lambda kv: best_first(kv[0])):
        if len(chosen) >= cap:
            break
        chosen.setdefault(b, None)
    if len(chosen) < cap:
        # Grow from what is there: the best-ranked node linked to the page, until the cap.
        rest = sorted((n for n in G if n not in chosen), key=rank.__getitem__)
        for n in rest:
            if len(chosen) >= cap:
                break
            if any(m in chosen for m in H.neighbors(n)):
                chosen[n] = None
    isolated = [n for n in chosen if not any(m in chosen for m in H.neighbors(n))]
    if len(chosen) > 1 and isolated and len(isolated) < len(chosen):
        for n in isolated:
            del chosen[n]
    if len(chosen) < cap:  # a small or fragmented graph: show the rest too, best first
        for n in sorted((n for n in G if n not in chosen), key=rank.__getitem__):
            if len(chosen) >= cap:
                break
            chosen[n] = None
    nodes = list(chosen)
    left_out = _by_class(G, (n for n in G if n not in chosen))
    hint = ""
    if left_out:
        hint = (f"To see more, raise the cap (kg viz --cap {min(len(G), cap * 2)}) or focus on one node "
                f"(kg viz --focus \"LABEL\" --depth 1); every bulletin also has its own page.")
    return View("overview", "Overview", nodes, len(G), cap, left_out=left_out, hint=hint, statistics=statistics)


def focus(G: nx.DiGraph, centre: str, depth: int = DEFAULT_DEPTH, cap: int = DEFAULT_FOCUS_CAP) -> View:
    """The nodes within `depth` links of `centre` (either direction), nearest first, up to `cap`."""
    if depth < 0:
        raise ValueError(f"the depth must be 0 or more (got {depth})")
    G = drawable(G)
    H = G.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(H, centre, cutoff=depth)
    ranked = sorted(distance, key=lambda n: (distance[n], *rank_key(G, n)))
    chosen = ranked[:cap]
    left_out = _by_class(G, ranked[cap:])
    label = G.nodes[centre]["label"]
    hint = ""
    if left_out:
        hint = (f"The {cap} nearest and most connected neighbours are shown; raise --cap or lower --depth "
                "to change that.")
    elif depth >= 1:
        hint = f"Go further with --depth {depth + 1}."
    return View("focus", f"{label} (depth {depth})", chosen, len(G), cap, centre=centre, depth=depth,
                left_out=left_out, hint=hint)


def _by_class(G: nx.DiGraph, nodes) -> dict[str, int]:
    counts = Counter(G.nodes[n]["cls"] for n in nodes)
    return {c: counts[c] for c in CLASSES if counts.get(c)}


# -- finding the node to focus on --------------------------------------------------------------------

def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching what an archivist types ('dang uy' finds 'Đảng ủy')."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


@dataclass
class Match:
    node: str
    others: list[str]  # other nodes that matched as well, best first


def find_node(G: nx.DiGraph, query: str) -> Match:
    """The node an IRI, a bulletin id, a document number or a label names.

    Exact matches win over accent-insensitive ones, which win over partial ones; among several, the
    most connected. Raises GraphError, listing near candidates, when nothing matches.
    """
    q = unicodedata.normalize("NFC", query.strip())
    if not q:
        raise GraphError("give a label, a document number, a bulletin id or an IRI to focus on")
    if q in G:
        return Match(q, [])
    tiers: list[list[str]] = [[], [], [], []]
    fq = fold(q)
    for n, d in G.nodes(data=True):
        if d["cls"] == "Statistic":
            continue
        label = d["label"]
        keys = [label, str(d["attrs"].get("documentNumber", "")), d.get("bulletin_id") or ""]
        if q in keys or q.casefold() == label.casefold():
            tiers[0].append(n)
        elif fq in (fold(k) for k in keys if k):
            tiers[1].append(n)
        elif fold(label).startswith(fq):
            tiers[2].append(n)
        elif fq in fold(label):
            tiers[3].append(n)
    for tier in tiers:
        if tier:
            ranked = sorted(tier, key=lambda n: rank_key(G, n))
            return Match(ranked[0], ranked[1:])
    raise GraphError(f"no node is labelled or numbered {query!r}: check the spelling, or search the overview "
                     "page, or list candidates with: kg query \"SELECT ?s ?l WHERE { GRAPH ?g { ?s rdfs:label ?l "
                     f"FILTER(CONTAINS(LCASE(?l), LCASE('{query[:20]}'))) }} }} LIMIT 20\"")
