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
OVERVIEW_ENTITIES = 1500  # the most stated entities the overview's communities are found among
MAX_CLUSTERS = 30  # clusters drawn in the overview; a few dozen bubbles read at a glance
PAIRED = 20  # entities of one bulletin linked pairwise in the overview's network (the most stated)
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
    folded: int = 0  # bulletins folded into counts rather than drawn (focused views)
    together: dict = field(default_factory=dict)  # node -> bulletins naming it beside the centre, no relation
    clusters: list = field(default_factory=list)  # communities drawn as one node each (the overview)
    cluster_links: dict = field(default_factory=dict)  # (cluster id, cluster id) -> weight
    member_links: list = field(default_factory=list)  # (member, member, weight) drawn when clusters open
    other_bulletins: int = 0  # bulletins left out as neither Party nor government news
    communities: int = 0  # communities found, drawn or not

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


def overview(G: nx.DiGraph, cap: int = DEFAULT_CAP, *, other_bulletins: bool = False, seed: int = 42) -> View:
    """The graph at a glance: communities of entities drawn as labelled clusters that open into
    their most stated members, at most `cap` members in all.

    The entities the most bulletins state (OVERVIEW_ENTITIES of them) are linked by the relations
    between them and by the bulletins that name two of them; Louvain communities of that network
    (seed fixed, so the page is the same every run) become the clusters, labelled with their most
    stated members. Bulletins classified as neither Party nor government news are left out unless
    `other_bulletins`: the page says how many.
    """
    if cap < 1:
        raise ValueError(f"the cap must be at least 1 node (got {cap})")
    by_class = Counter(d["cls"] for _, d in G.nodes(data=True))
    statistics, drawable_total = by_class["Statistic"], len(G) - by_class["Statistic"]
    kept, others = party_bulletins(G, include_other=other_bulletins)
    stated = _stated_by(G, kept)
    top = sorted(stated, key=lambda n: (-stated[n], *rank_key(G, n)))[:OVERVIEW_ENTITIES]
    W = _overview_network(G, top, kept)
    found = nx.community.louvain_communities(W, weight="weight", seed=seed) if W.number_of_edges() else [set(top)]
    groups = _largest_groups(G, found, stated)
    per = max(3, cap // max(1, len(groups)))
    clusters = _clusters(G, groups, stated, per, cap)
    nodes = [n for c in clusters for n in c.members]
    member_of = {n: c.id for c in clusters for n in c.members}
    links = _cluster_links(W, {n: c.id for c, members in zip(clusters, groups) for n in members})
    left_out = _by_class(G, (n for n, d in G.nodes(data=True) if n not in member_of and d["cls"] != "Statistic"))
    hint = (f"Each cluster opens into its {per} most stated members; to draw more raise the cap "
            f"(kg viz --cap {cap * 2}) or focus on one entity (kg viz --focus \"LABEL\"), or open its profile "
            "page.") if left_out else ""
    view = View("overview", "Overview", nodes, drawable_total, cap, left_out=left_out, hint=hint,
                statistics=statistics)
    view.clusters = clusters
    view.cluster_links = links
    view.member_links = _member_links(W, member_of)
    view.other_bulletins = others
    view.communities = len(found)
    return view


def _largest_groups(G: nx.DiGraph, found: list[set[str]], stated: dict[str, int]) -> list[list[str]]:
    """Communities as member lists, most stated first, the most stated communities first; an
    entity linked to nothing is a community of one, not worth a bubble while others exist."""
    key = lambda n: (-stated[n], *rank_key(G, n))
    groups = sorted((sorted(c, key=key) for c in found if c),
                    key=lambda c: (-sum(stated[n] for n in c), G.nodes[c[0]]["label"]))
    if len(groups) > 1:
        groups = [g for g in groups if len(g) > 1] or groups
    return groups[:MAX_CLUSTERS]


def _clusters(G: nx.DiGraph, groups: list[list[str]], stated: dict[str, int], per: int, cap: int) -> list:
    """One Cluster per group, each opening into its `per` most stated members, `cap` members in all."""
    clusters, drawn_total = [], 0
    for i, members in enumerate(groups):
        drawn = members[:min(per, cap - drawn_total)]
        if not drawn:
            break
        clusters.append(Cluster(f"cluster-{i}", _cluster_label(G, members), len(members), drawn,
                                dict(Counter(G.nodes[n]["cls"] for n in members).most_common()),
                                sum(stated[n] for n in members)))
        drawn_total += len(drawn)
    return clusters


def _cluster_links(W: nx.Graph, group_of: dict[str, str], per_cluster: int = 3) -> dict[tuple[str, str], int]:
    """(cluster, cluster) -> the weight of the links between their members, keeping each cluster's
    `per_cluster` strongest: every pair of communities shares some bulletin, and drawing them all
    made the overview a mesh again."""
    links: Counter = Counter()
    for u, v, w in W.edges(data="weight"):
        cu, cv = group_of.get(u), group_of.get(v)
        if cu and cv and cu != cv:
            links[tuple(sorted((cu, cv)))] += w
    keep: set[tuple[str, str]] = set()
    for c in set(group_of.values()):
        mine = sorted((w, pair) for pair, w in links.items() if c in pair)
        keep.update(pair for _, pair in mine[-per_cluster:])
    return {pair: links[pair] for pair in sorted(keep)}


def party_bulletins(G: nx.DiGraph, *, include_other: bool = False) -> tuple[set[str], int]:
    """The bulletin ids views draw from, and how many others were left out: bulletins classified
    as Party or government news (bkg:partyGovernment true) or not classified at all."""
    kept, others = set(), 0
    for _, d in G.nodes(data=True):
        if d["cls"] == "Bulletin":
            if include_other or d.get("party") is not False:
                kept.add(d["bulletin_id"])
            else:
                others += 1
    return kept, others


def _stated_by(G: nx.DiGraph, kept: set[str]) -> dict[str, int]:
    """Entity -> the number of kept bulletins that state it (entities no kept bulletin states left out)."""
    out = {}
    for n, d in G.nodes(data=True):
        if d["cls"] in ENTITY_CLASSES:
            k = sum(1 for b in d["bulletins"] if b in kept)
            if k:
                out[n] = k
    return out


def _overview_network(G: nx.DiGraph, top: list[str], kept: set[str]) -> nx.Graph:
    """`top` linked by relations (weighted by the bulletins stating them) and by the bulletins that
    name two of them (each bulletin pairs its PAIRED most stated entities, to stay linear)."""
    rank = {n: i for i, n in enumerate(top)}
    W = nx.Graph()
    W.add_nodes_from(top)
    E = entity_graph(G)
    for u, v, e in E.subgraph(top).edges(data=True):
        W.add_edge(u, v, weight=len(e["bulletins"] & kept) or 1)
    index = bulletin_entities(G)
    for b in kept:
        named = sorted((n for n in index.get(b, ()) if n in rank), key=rank.__getitem__)[:PAIRED]
        for i, u in enumerate(named):
            for v in named[i + 1:]:
                if W.has_edge(u, v):
                    W.edges[u, v]["weight"] += 1
                else:
                    W.add_edge(u, v, weight=1)
    return W


def _cluster_label(G: nx.DiGraph, members: list[str]) -> str:
    """The names of its three most stated members."""
    return " · ".join(G.nodes[n]["label"] for n in members[:3])


def _member_links(W: nx.Graph, member_of: dict[str, str], per_member: int = 3) -> list[tuple[str, str, int]]:
    """For each drawn member, its strongest links to other drawn members (so an opened cluster is
    not a cloud of loose dots), each pair once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for n in member_of:
        best = sorted(((W.edges[n, m]["weight"], m) for m in W.neighbors(n) if m in member_of), reverse=True)
        for w, m in best[:per_member]:
            key = tuple(sorted((n, m)))
            if key not in seen:
                seen.add(key)
                out.append((key[0], key[1], w))
    return out


@dataclass
class Cluster:
    id: str
    label: str
    size: int  # entities in the community
    members: list[str]  # the most stated, drawn when the cluster is opened
    classes: dict[str, int]
    bulletins: int  # statements of its members by the bulletins drawn from


def entity_graph(G: nx.DiGraph) -> nx.Graph:
    """Documents, events, officials and organizations, linked where a bulletin relates two of them
    (issued by, organized by, implements, reviews, chaired, a position in...). Each link keeps its
    relations and the bulletins that state them, so a page can fold the bulletins into a count.

    Bulletins are left out: every bulletin links to all it states, so through them a national
    leader is two hops from everything, and a hub's focus page was a starburst of bulletin squares."""
    if "_entities" not in G.graph:
        E = nx.Graph()
        E.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d["cls"] in ENTITY_CLASSES)
        for u, v, e in G.edges(data=True):
            if u in E and v in E and u != v:
                if E.has_edge(u, v):  # both directions: one link with both sets of relations
                    old = E.edges[u, v]
                    e = {"relations": old["relations"] | e["relations"], "bulletins": old["bulletins"] | e["bulletins"]}
                E.add_edge(u, v, relations=e["relations"], bulletins=e["bulletins"])
        G.graph["_entities"] = E
    return G.graph["_entities"]


def focus(G: nx.DiGraph, centre: str, depth: int = DEFAULT_DEPTH, cap: int = DEFAULT_FOCUS_CAP) -> View:
    """The entities within `depth` relations of `centre`, nearest and most stated first, up to `cap`.

    Depth counts hops between entities, so depth 2 around a hub reaches what its neighbours relate
    to. The bulletins behind each link are folded into its count (the page can unfold them). A
    bulletin as the centre starts from the entities it states."""
    if depth < 0:
        raise ValueError(f"the depth must be 0 or more (got {depth})")
    E = entity_graph(G)
    if centre in E:
        distance = nx.single_source_shortest_path_length(E, centre, cutoff=depth)
    else:  # a bulletin: what it states is one hop away
        distance = {centre: 0}
        if depth >= 1:
            for start in (n for n in G.successors(centre) if n in E):
                for n, k in nx.single_source_shortest_path_length(E, start, cutoff=depth - 1).items():
                    distance[n] = min(distance.get(n, k + 1), k + 1)
    strength = _link_strength(E, centre, distance)
    ranked = sorted(distance, key=lambda n: (distance[n], -strength.get(n, 0), *rank_key(G, n)))
    together: dict[str, int] = {}
    if depth >= 1 and centre in E and len(ranked) < cap:
        # Entities only named beside the centre (no relation extracted) still say where it stands:
        # those sharing the most bulletins with it fill the page, drawn with a dashed link.
        together = dict(co_mentioned(G, centre, cap - len(ranked), exclude=distance))
        ranked += list(together)
    chosen = ranked[:cap]
    left_out = _by_class(G, ranked[cap:])
    label = G.nodes[centre]["label"]
    hint = _focus_hint(label, depth, cap, bool(left_out))
    view = View("focus", f"{label} (depth {depth})", chosen, E.number_of_nodes(), cap, centre=centre, depth=depth,
                left_out=left_out, hint=hint)
    view.folded = len(G.nodes[centre]["bulletins"]) if centre in E else 0
    view.together = {n: k for n, k in together.items() if n in set(chosen)}
    return view


def bulletin_entities(G: nx.DiGraph) -> dict[str, list[str]]:
    """Bulletin id -> the entities it states, computed once per graph."""
    if "_bulletin_entities" not in G.graph:
        index: dict[str, list[str]] = {}
        for n, d in G.nodes(data=True):
            if d["cls"] in ENTITY_CLASSES:
                for b in d["bulletins"]:
                    index.setdefault(b, []).append(n)
        G.graph["_bulletin_entities"] = index
    return G.graph["_bulletin_entities"]


def co_mentioned(G: nx.DiGraph, centre: str, k: int, *, exclude=()) -> list[tuple[str, int]]:
    """The `k` entities named in the most bulletins beside `centre`, with the number of bulletins."""
    index = bulletin_entities(G)
    shared: Counter = Counter()
    for b in G.nodes[centre]["bulletins"]:
        shared.update(index.get(b, ()))
    ranked = sorted((n for n in shared if n != centre and n not in exclude),
                    key=lambda n: (-shared[n], *rank_key(G, n)))
    return [(n, shared[n]) for n in ranked[:max(0, k)]]


def _focus_hint(label: str, depth: int, cap: int, capped: bool) -> str:
    if capped:
        return (f"The {cap} nearest entities linked by the most bulletins are shown; raise the cap "
                f"(kg viz --focus \"{label}\" --focus-cap {cap * 2}) or lower the depth, or open the profile page "
                "for every link.")
    return f"Go further (kg viz --focus \"{label}\" --depth {depth + 1})." if depth >= 1 else ""


def _link_strength(E: nx.Graph, centre: str, distance: dict[str, int]) -> dict[str, int]:
    """For each node, the bulletins behind its strongest link towards the centre (one hop nearer)."""
    out: dict[str, int] = {}
    for n, k in distance.items():
        if k == 0 or n not in E:
            continue
        nearer = [len(E.edges[n, m]["bulletins"]) for m in E.neighbors(n) if distance.get(m) == k - 1]
        out[n] = max(nearer, default=len(E.nodes[n]["bulletins"]) if k == 1 else 0)
    return out


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
