"""One page per bulletin: its text, every fact read from it, and each fact's evidence highlighted.

The facts come from the graph projection (which knows, for every node, the spans of text that
evidence it in each bulletin); the text comes from the store (`bkg:text`, the cleaned text the
offsets point into). Clicking a fact lights up its spans; clicking a span lights up its facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.graphs import CLASSES, bulletin_nodes
from kg.store import GraphStore
from kg.viz import paths
from kg.viz.style import TYPE_LABEL

INVERSE = {"issued by": "issued", "organized by": "organized", "implements": "implemented by",
           "reviews": "reviewed by", "about": "statistic about it"}


@dataclass
class Fact:
    key: str  # id within the page, e.g. "f3" or "f3-1"
    cls: str
    label: str
    type_label: str
    details: list[tuple[str, str]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    profile: str = ""  # href of the entity's profile page, which lists every bulletin stating it
    shared: bool = False  # other bulletins state it too
    parts: list[Fact] = field(default_factory=list)  # positions of an official, participants of an event


@dataclass
class BulletinText:
    id: str
    text: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None


def bulletin_texts(store: GraphStore):
    """Every bulletin with its text, streamed (the texts of a large corpus need not all sit in memory)."""
    result = store.query("""
        SELECT ?id ?text ?title ?date ?url ?source WHERE { GRAPH ?g {
          ?b a bkg:Bulletin ; schema:identifier ?id ; bkg:text ?text .
          OPTIONAL { ?b schema:headline ?title } OPTIONAL { ?b schema:datePublished ?date }
          OPTIONAL { ?b schema:url ?url } OPTIONAL { ?b schema:publisher ?source } } }""")
    seen = set()
    for row in result:
        bid = row["id"].value
        if bid in seen:
            continue
        seen.add(bid)
        yield BulletinText(bid, row["text"].value, *(row[k].value if row[k] is not None else None
                                                      for k in ("title", "date", "url", "source")))


@dataclass
class BulletinIndex:
    """What each bulletin states, gathered in one pass over the graph: its nodes, the spans that
    evidence each of them in it, and the links it states. Asking the graph bulletin by bulletin
    scanned every link and span of a hub (Chính phủ, in thousands of bulletins) for each bulletin."""
    nodes: dict[str, list[str]]
    spans: dict[tuple[str, str], list[tuple[int, int]]]  # (node, bulletin) -> spans
    links: dict[str, list[tuple[str, str, dict]]]  # bulletin -> (u, v, edge) between non-bulletin nodes


def bulletin_index(G: nx.DiGraph) -> BulletinIndex:
    nodes: dict[str, list[str]] = defaultdict(list)
    spans: dict[tuple[str, str], set] = defaultdict(set)
    for n, d in G.nodes(data=True):
        if d["cls"] != "Bulletin":
            for b in d["bulletins"]:
                nodes[b].append(n)
            for e in d["evidence"]:
                spans[(n, e.bulletin)].add((e.start, e.end))
    links: dict[str, list] = defaultdict(list)
    for u, v, e in G.edges(data=True):
        if G.nodes[u]["cls"] != "Bulletin" and G.nodes[v]["cls"] != "Bulletin":
            for b in e["bulletins"]:
                links[b].append((u, v, e))
    return BulletinIndex(dict(nodes), {k: sorted(v) for k, v in spans.items()}, dict(links))


def nodes_by_bulletin(G: nx.DiGraph) -> dict[str, list[str]]:
    return bulletin_index(G).nodes


def bulletin_facts(G: nx.DiGraph, bulletin_id: str, nodes: list[str] | None = None,
                   index: BulletinIndex | None = None) -> list[Fact]:
    """The facts one bulletin states, grouped by class in legend order, each with its spans."""
    index = index or bulletin_index(G)
    nodes = index.nodes.get(bulletin_id, []) if nodes is None else nodes
    page = paths.bulletin_page(bulletin_id)
    prefix = paths.up(page)
    order = {c: i for i, c in enumerate(CLASSES)}
    links = index.links.get(bulletin_id, [])
    spans_of = lambda n: index.spans.get((n, bulletin_id), [])
    nodes = sorted(nodes, key=lambda n: (order[G.nodes[n]["cls"]], spans_of(n)[0][0] if spans_of(n) else 10**9,
                                         G.nodes[n]["label"]))
    facts = []
    for i, n in enumerate(nodes):
        d = G.nodes[n]
        f = Fact(f"f{i}", d["cls"], d["label"], TYPE_LABEL.get(d["type"], d["type"]))
        f.spans = spans_of(n)
        f.details = _details(G, n, links)
        # The other bulletins are on the profile page, not listed here: a page that named them (or
        # counted them) would change whenever any bulletin naming a hub such as "Chính phủ" arrives,
        # and a re-run would rewrite thousands of pages for one new bulletin.
        f.profile = prefix + paths.profile_page(n)
        f.shared = len(d["bulletins"]) > 1
        if d["cls"] == "Official":
            f.parts += _position_parts(G, n, f.key, bulletin_id)
        f.parts += _participation_parts(G, n, f.key, bulletin_id, links)
        facts.append(f)
    return facts


def _position_parts(G: nx.DiGraph, n: str, key: str, bulletin_id: str) -> list[Fact]:
    """The positions this bulletin gives an official, each a part of the official's fact."""
    parts = []
    for j, (label, _, _, org, ev) in enumerate(p for p in G.nodes[n]["position_facts"] if p[2] == bulletin_id):
        part = Fact(f"{key}-{j}", "Official", label, "Position · Chức vụ")
        if org and org in G:
            part.details.append(("in", G.nodes[org]["label"]))
        if ev is not None:
            part.spans = [(ev.start, ev.end)]
        parts.append(part)
    return parts


def _participation_parts(G: nx.DiGraph, n: str, key: str, bulletin_id: str, links) -> list[Fact]:
    """Who chaired, attended or spoke at an event (or what an official did at events), as parts."""
    parts = []
    for j, (u, v, e) in enumerate(_participations(G, n, links)):
        ev = [x for x in e["evidence"] if x.bulletin == bulletin_id]
        relations = " · ".join(sorted(e["relations"]))
        label = f"{relations} {G.nodes[v]['label']}" if G.nodes[n]["cls"] == "Official" else f"{G.nodes[u]['label']} {relations}"
        part = Fact(f"{key}-p{j}", "Event", label, "Participation · Tham gia")
        part.spans = sorted({(x.start, x.end) for x in ev})
        parts.append(part)
    return parts


def _participations(G: nx.DiGraph, n: str, links: list[tuple[str, str, dict]]):
    """An official's links to events (or an event's to officials) this bulletin states with evidence."""
    cls = G.nodes[n]["cls"]
    if cls == "Official":
        return [(u, v, e) for u, v, e in links if u == n and G.nodes[v]["cls"] == "Event" and e["evidence"]]
    if cls == "Event":
        return [(u, v, e) for u, v, e in links if v == n and G.nodes[u]["cls"] == "Official" and e["evidence"]]
    return []


def _details(G: nx.DiGraph, n: str, links: list[tuple[str, str, dict]]) -> list[tuple[str, str]]:
    d = G.nodes[n]
    out = []
    for key, name in (("documentNumber", "number"), ("documentDate", "issued"), ("issuingSession", "session"),
                      ("startDate", "date"), ("place", "place"), ("value", "value"), ("maxValue", "up to"),
                      ("unit", "unit"), ("qualifier", "qualifier"), ("period", "period")):
        if key in d["attrs"]:
            out.append((name, str(d["attrs"][key])))
    for u, v, e in links:
        # An official's positions and participations are listed as parts of the official instead.
        if u == n and d["cls"] != "Official":
            out += [(rel, G.nodes[v]["label"]) for rel in sorted(e["relations"])]
        elif v == n:
            if G.nodes[u]["cls"] == "Official":
                if d["cls"] == "Organization":
                    out += [("member", f"{G.nodes[u]['label']} – {rel}") for rel in sorted(e["relations"])]
                continue
            out += [(INVERSE.get(rel, rel), G.nodes[u]["label"]) for rel in sorted(e["relations"])]
    return out


def bulletin_title(G: nx.DiGraph, bulletin_id: str) -> str:
    """'2018-06-01 · Hội nghị tổng kết ...' (or the id of a bulletin not in the graph)."""
    n = bulletin_nodes(G).get(bulletin_id)
    if n is None:
        return bulletin_id
    d = G.nodes[n]
    return f"{d['first']} · {d['label']}" if d["first"] else d["label"]


# -- text with highlighted evidence ------------------------------------------------------------------

@dataclass
class Segment:
    text: str
    facts: list[str]  # keys of the facts whose evidence covers this segment
    cls: str | None  # class of the innermost covering span, which gives the colour
    anchor: int | None  # start offset, when a span starts here (target of links from graph pages)


def colour_span(covering: list[tuple]) -> tuple:
    """The span whose class colours a piece of text several spans cover: the innermost, when one
    lies inside all the others; when spans cross (neither inside the other), the one that began
    first, so a document's span keeps its colour up to its end instead of turning into the colour
    of an organization whose evidence starts inside it and ends after it."""
    nested = [c for c in covering if all(o[0] <= c[0] and c[1] <= o[1] for o in covering)]
    if nested:
        return min(nested, key=lambda sp: sp[1] - sp[0])
    return min(covering, key=lambda sp: (sp[0], -(sp[1] - sp[0])))


def segments(text: str, facts: list[Fact]) -> list[Segment]:
    """Cut `text` at every span boundary, so overlapping and nested evidence all shows."""
    spans = []  # (start, end, fact key, class)
    for f in facts:
        for part in [f, *f.parts]:
            for s, e in part.spans:
                if 0 <= s < e <= len(text):
                    spans.append((s, e, part.key, f.cls))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starts = {s for s, _, _, _ in spans}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [sp for sp in spans if sp[0] <= a and sp[1] >= b]
        if covering:
            keys = sorted({sp[2] for sp in covering}, key=lambda k: (len(k), k))
            out.append(Segment(text[a:b], keys, colour_span(covering)[3], a if a in starts else None))
        else:
            out.append(Segment(text[a:b], [], None, None))
    return out
