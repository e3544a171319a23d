"""The graph as a networkx network: one node per bulletin, document, event, official, organization
and statistic; one edge per related pair, aggregated over every bulletin that states the relation.

This projection is what `kg viz` draws and what `kg graph stats|export` measure. It is read from the
store with `GRAPH ?g { ... }` patterns and DISTINCT, so a fact stated by three bulletins is counted
once per bulletin, never once per copy of a triple.

>>> G = project(store)                    # doctest: +SKIP
>>> G.nodes["https://w3id.org/bulletin-kg/id/document/vn/resolution/22-nq-tw-..."]["cls"]
'Document'
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.kinds import TOP_CLASSES, registry
from kg.rdf.iri import graph_iri
from kg.rdf.vocab import BKG_IRI
from kg.store import GraphStore, to_python

# Top-level classes in legend order, and each subclass's top class, from the ontology (kg.kinds).
CLASSES = TOP_CLASSES
DOCUMENT_TYPES = tuple(k.name for k in registry().family("Document"))
EVENT_TYPES = tuple(k.name for k in registry().family("Event"))
TYPE_CLASS = registry().type_class()
# What a bulletin does with each kind of node it holds.
BULLETIN_RELATION = {"Document": "cites", "Event": "reports", "Official": "mentions",
                     "Organization": "mentions", "Statistic": "states"}
LINK_RELATIONS = {"issuer": "issued by", "organizer": "organized by", "implements": "implements",
                  "reviews": "reviews", "about": "about"}
ROLE_RELATIONS = {"chaired": "chaired", "attended": "attended", "spoke": "spoke at", "reported": "reported at"}


class GraphError(LookupError):
    """A node asked for by label or IRI is not in the graph, or the store is empty."""


@dataclass
class Evidence:
    bulletin: str
    start: int
    end: int
    quote: str


# -- building ---------------------------------------------------------------------------------------
# Reading a term out of the on-disk store costs far more than joining inside it (about 20 µs a row
# here), so each query below returns only the columns it needs, joins that multiply rows are done in
# Python on dictionaries, and evidence offsets come back as one concatenated string per bulletin.

def project(store: GraphStore, *, statistics: bool = True, evidence: bool = True) -> nx.DiGraph:
    """Build the networkx projection of everything in `store`.

    `evidence=False` skips the spans of text (the slowest part to read); graph pages then read the
    quotes of the nodes they show with `attach_quotes`. Bulletin pages need the spans. The
    projection of a few bulletins is `project(subset(store, graphs_holding(store, iri)))`.
    """
    t0 = time.perf_counter()
    p = _Projection(store)
    p.bulletins()
    holders = p.nodes(statistics)
    p.labels()
    p.attributes(statistics)
    p.bulletin_links(holders)
    p.links()
    spans = _spans(store, p.graph_bulletin) if evidence else {}
    p.positions(spans)
    p.participations(spans)
    p.evidence(spans)
    G = p.G
    for _, node in G.nodes(data=True):
        _finish_node(node, p.bulletin_date)
    G.graph["built_seconds"] = round(time.perf_counter() - t0, 3)
    G.graph["bulletin_count"] = len(p.graph_bulletin)
    G.graph["evidence"] = evidence
    G.graph["statistics"] = statistics
    return G


class _Projection:
    """The passes that build the projection, each reading the store with one or two queries, and
    what they share: the graph, and each bulletin's graph, node and date."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.G = nx.DiGraph(name="bulletin-kg")
        self.graph_bulletin: dict[str, str] = {}  # named graph -> bulletin id
        self.bulletin_iri: dict[str, str] = {}  # bulletin id -> node
        self.bulletin_date: dict[str, str] = {}  # bulletin id -> its earliest date

    def bulletins(self) -> None:
        G, store = self.G, self.store
        for g, b, bid in _rows(store, _BULLETINS_QUERY):
            self.graph_bulletin[g] = bid
            self.bulletin_iri[bid] = b
            G.add_node(b, cls="Bulletin", type="Bulletin", label=bid, bulletin_id=bid, bulletins={bid}, dates=set(),
                       positions=[], evidence=[], attrs={})
        for b, title in _rows(store, _HEADLINES_QUERY):
            if b in G:
                G.nodes[b]["label"] = title
        for b, party in _rows(store, _PARTY_QUERY, typed=True):
            if b in G:  # classified Party or government news (True) or not (False); absent: unclassified
                G.nodes[b]["party"] = bool(party)
        for b, date in _rows(store, _DATES_QUERY):
            if b in G:
                G.nodes[b]["dates"].add(date)
                bid = G.nodes[b]["bulletin_id"]
                self.bulletin_date[bid] = min(date, self.bulletin_date.get(bid, date))

    def nodes(self, statistics: bool) -> dict[str, set[str]]:
        """Nodes, typed by their most specific class; returns the bulletins that hold each."""
        G = self.G
        holders: dict[str, set[str]] = defaultdict(set)
        for s, t, g in _rows(self.store, _NODES_QUERY):
            local = t[len(BKG_IRI):]
            cls = TYPE_CLASS[local]
            if cls == "Statistic" and not statistics:
                continue
            if s not in G:
                G.add_node(s, cls=cls, type=local, label="", bulletins=set(), dates=set(), positions=[], evidence=[],
                           attrs={})
            if g in self.graph_bulletin:
                holders[s].add(self.graph_bulletin[g])
        return holders

    def labels(self) -> None:
        G = self.G
        labels: dict[str, list[str]] = defaultdict(list)
        for s, label in _rows(self.store, _LABELS_QUERY):
            if s in G and G.nodes[s]["cls"] != "Bulletin":
                labels[s].append(label)
        for s, found in labels.items():
            # Several bulletins may word a document's label differently: keep the shortest (the one with
            # its number, usually), then the first in order, so the choice is stable.
            G.nodes[s]["label"] = min(found, key=lambda lab: (len(lab), lab))

    def attributes(self, statistics: bool) -> None:
        G = self.G
        for s, p, v in _rows(self.store, _ATTRIBUTES_QUERY if statistics else _ENTITY_ATTRIBUTES_QUERY, typed=True):
            if s in G:
                key = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                if key in ("documentDate", "startDate"):
                    G.nodes[s]["dates"].add(str(v))
                G.nodes[s]["attrs"][key] = v

    def bulletin_links(self, holders: dict[str, set[str]]) -> None:
        """Each bulletin is linked to what it states."""
        G = self.G
        for s, bulletin_ids in holders.items():
            relation = BULLETIN_RELATION[G.nodes[s]["cls"]]
            G.nodes[s]["bulletins"].update(bulletin_ids)
            for bid in bulletin_ids:
                _relate(G, self.bulletin_iri[bid], s, relation, bid, self.bulletin_date.get(bid))

    def links(self) -> None:
        G = self.G
        for s, p, o, g in _rows(self.store, _LINKS_QUERY):
            if s in G and o in G and g in self.graph_bulletin:
                bid = self.graph_bulletin[g]
                _relate(G, s, o, LINK_RELATIONS[p[len(BKG_IRI):]], bid, self.bulletin_date.get(bid))

    def positions(self, spans: dict) -> None:
        G, store = self.G, self.store
        position_org = dict(_rows(store, _POSITION_ORGS_QUERY))
        position_date = dict(_rows(store, _POSITION_DATES_QUERY))
        for pos, person, label, g in _rows(store, _POSITIONS_QUERY):
            if person not in G or g not in self.graph_bulletin:
                continue
            bid = self.graph_bulletin[g]
            date = position_date.get(pos) or self.bulletin_date.get(bid)
            org = position_org.get(pos)
            ev = next((e for e in spans.get(pos, ()) if e.bulletin == bid), None)
            G.nodes[person]["positions"].append((label, date, bid, org, ev))
            if date:
                G.nodes[person]["dates"].add(date)
            if org is not None and org in G:
                _relate(G, person, org, label, bid, date, ev)

    def participations(self, spans: dict) -> None:
        G = self.G
        for part, person, event, role, g in _rows(self.store, _PARTICIPATION_QUERY):
            if person in G and event in G and g in self.graph_bulletin:
                bid = self.graph_bulletin[g]
                role = ROLE_RELATIONS.get(role[len(BKG_IRI):], role[len(BKG_IRI):])
                for ev in [e for e in spans.get(part, ()) if e.bulletin == bid] or [None]:
                    _relate(G, person, event, role, bid, self.bulletin_date.get(bid), ev)

    def evidence(self, spans: dict) -> None:
        for s, found in spans.items():
            if s in self.G:
                self.G.nodes[s]["evidence"].extend(found)


def subset(store: GraphStore, graphs: list[str]) -> GraphStore:
    """An in-memory store holding copies of the named `graphs` of `store`: each graph is serialised
    and parsed by the engine, with no Python object per quad."""
    parts = []
    for g in graphs:
        data = store._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(g))
        if data is None:  # the stub's `bytes | None` is for a dump into a file; none is given here
            raise TypeError("pyoxigraph's dump returned no bytes without an output")
        parts.append(data.replace(b" .\n", f" <{g}> .\n".encode()))  # triples of the graph, as quads
    copy = GraphStore()
    copy._store.bulk_load(b"".join(parts), format=ox.RdfFormat.N_QUADS)
    return copy


def graphs_holding(store: GraphStore, iri: str) -> list[str]:
    """The named graphs (bulletins) that state something of `iri`, as subject or object."""
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} UNION "
                       f"{{ GRAPH ?g {{ ?s ?p <{iri}> }} }} }}")
    return sorted(row[0].value for row in rows)


def _rows(store: GraphStore, sparql: str, *, typed: bool = False):
    """Each solution as a tuple of lexical values (numbers and dates converted when `typed`).

    Untyped rows come through the engine's CSV serialisation, parsed by the csv module: about
    twice as fast as asking pyoxigraph for each term of a million rows."""
    if typed:
        for solution in store.query(sparql):
            yield [to_python(term) for term in solution]
        return
    data = store.query(sparql).serialize(format=ox.QueryResultsFormat.CSV)
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(rows, None)  # the header
    yield from rows


def _spans(store: GraphStore, graph_bulletin: dict[str, str]) -> dict[str, list[Evidence]]:
    """Subject -> the spans of text that evidence it, over every bulletin (quotes left empty)."""
    out: dict[str, list[Evidence]] = defaultdict(list)
    for g, packed in _rows(store, _SPANS_QUERY):
        bid = graph_bulletin.get(g)
        if bid is None:
            continue
        for line in packed.split("\n"):
            s, start, end = line.rsplit(" ", 2)
            out[s].append(Evidence(bid, int(start), int(end), ""))
    return out


def attach_quotes(store: GraphStore, G: nx.DiGraph, nodes, *, batch: int = 200) -> None:
    """Fill in the evidence (spans and quotes) of `nodes`, for a graph built with `evidence=False`,
    or the quotes of one built with spans only."""
    bulletin_of = {graph_iri(bid): bid for bid in bulletin_nodes(G)}
    nodes = [n for n in nodes if G.nodes[n]["cls"] != "Bulletin"]
    for i in range(0, len(nodes), batch):
        chunk = nodes[i:i + batch]
        values = " ".join(f"<{n}>" for n in chunk)
        found: dict[str, list[Evidence]] = defaultdict(list)
        for s, g, start, end, quote in _rows(store, _QUOTES_QUERY.replace("NODES", values)):
            if g in bulletin_of:
                found[s].append(Evidence(bulletin_of[g], int(start), int(end), quote))
        for n in chunk:
            G.nodes[n]["evidence"] = sorted(found.get(n, []), key=lambda e: (e.bulletin, e.start))


def _relate(G: nx.DiGraph, s: str, o: str, relation: str, bulletin: str, date: str | None,
            evidence: Evidence | None = None) -> None:
    if G.has_edge(s, o):
        e = G.edges[s, o]
    else:
        G.add_edge(s, o, relations=set(), bulletins=set(), dates=set(), evidence=[])
        e = G.edges[s, o]
    e["relations"].add(relation)
    e["bulletins"].add(bulletin)
    if date:
        e["dates"].add(date)
    if evidence is not None:
        e["evidence"].append(evidence)


_FULL_DATE = re.compile(r"""(?P<year>\d{4}) - (?P<month>\d{2})""", re.VERBOSE)


def is_full_date(text: str) -> bool:
    """'2017-06-01' or '2017-06' (not '--06-01', a month and day whose year no one stated)."""
    return _FULL_DATE.match(text) is not None


def _finish_node(node: dict, bulletin_date: dict[str, str]) -> None:
    """Sort what was gathered and derive the span of dates the node is seen in. Dates without a
    year are kept in `dates` but left out of the span: sorted as text they would come first."""
    spans = {d for d in node["dates"] if is_full_date(d)}
    spans |= {d for b in node["bulletins"] if (d := bulletin_date.get(b)) and is_full_date(d)}
    node["first"] = min(spans) if spans else None
    node["last"] = max(spans) if spans else None
    node["dates"] = sorted(node["dates"])
    node["bulletins"] = sorted(node["bulletins"])
    node["evidence"].sort(key=lambda e: (e.bulletin, e.start))
    # Every statement of a position (label, date, bulletin, organization, evidence) for bulletin pages;
    # each position once, with the date it was first stated, for tooltips.
    node["position_facts"] = sorted(node.pop("positions"), key=lambda p: (p[1] or "", p[0], p[2]))
    first_stated: dict[str, tuple[str, str | None]] = {}
    for label, date, *_ in node["position_facts"]:
        first_stated.setdefault(label, (label, date))
    node["positions"] = list(first_stated.values())
    if not node["label"]:
        node["label"] = str(node["attrs"].get("documentNumber") or node.get("bulletin_id") or "(unnamed)")


# Generic bkg:Document and bkg:Event are left out: every document and event also has its subclass.
_BKG_TYPES = " ".join(f"bkg:{t}" for t in TYPE_CLASS if t not in ("Bulletin", "Document", "Event"))
_NODES_QUERY = f"SELECT DISTINCT ?s ?t ?g WHERE {{ GRAPH ?g {{ ?s a ?t }} VALUES ?t {{ {_BKG_TYPES} }} }}"
_BULLETINS_QUERY = "SELECT DISTINCT ?g ?b ?id WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id } }"
_HEADLINES_QUERY = "SELECT DISTINCT ?b ?title WHERE { GRAPH ?g { ?b schema:headline ?title } }"
_PARTY_QUERY = "SELECT DISTINCT ?b ?v WHERE { GRAPH ?g { ?b a bkg:Bulletin ; bkg:partyGovernment ?v } }"
_DATES_QUERY = "SELECT DISTINCT ?b ?date WHERE { GRAPH ?g { ?b schema:datePublished ?date } }"
_LABELS_QUERY = "SELECT DISTINCT ?s ?label WHERE { GRAPH ?g { ?s rdfs:label ?label } }"
_ENTITY_ATTRIBUTES = ("bkg:documentNumber bkg:documentDate bkg:title bkg:issuingSession schema:startDate "
                      "bkg:place")
_ENTITY_ATTRIBUTES_QUERY = f"""
SELECT DISTINCT ?s ?p ?v WHERE {{ GRAPH ?g {{ ?s ?p ?v }} VALUES ?p {{ {_ENTITY_ATTRIBUTES} }} }}"""
_ATTRIBUTES_QUERY = f"""
SELECT DISTINCT ?s ?p ?v WHERE {{ GRAPH ?g {{ ?s ?p ?v }}
  VALUES ?p {{ {_ENTITY_ATTRIBUTES} bkg:value bkg:maxValue bkg:unit bkg:qualifier bkg:period }} }}"""
_LINKS_QUERY = """
SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o }
  VALUES ?p { bkg:issuer bkg:organizer bkg:implements bkg:reviews bkg:about } }"""
_POSITIONS_QUERY = """
SELECT DISTINCT ?pos ?person ?label ?g WHERE { GRAPH ?g {
  ?pos a bkg:Position ; org:member ?person ; bkg:positionLabel ?label } }"""
_POSITION_ORGS_QUERY = "SELECT DISTINCT ?pos ?org WHERE { GRAPH ?g { ?pos a bkg:Position ; org:organization ?org } }"
_POSITION_DATES_QUERY = "SELECT DISTINCT ?pos ?date WHERE { GRAPH ?g { ?pos a bkg:Position ; bkg:statedOn ?date } }"
_PARTICIPATION_QUERY = """
SELECT DISTINCT ?p ?person ?event ?role ?g WHERE { GRAPH ?g {
  ?p a bkg:Participation ; bkg:participant ?person ; bkg:inEvent ?event ; bkg:participationRole ?role } }"""
_SPANS_QUERY = """
SELECT ?g (GROUP_CONCAT(?span; SEPARATOR="\\n") AS ?spans) WHERE {
  { SELECT DISTINCT ?g ?s ?start ?end WHERE { GRAPH ?g {
      ?s bkg:evidence ?e . ?e bkg:startOffset ?start ; bkg:endOffset ?end } } }
  BIND(CONCAT(STR(?s), " ", STR(?start), " ", STR(?end)) AS ?span) } GROUP BY ?g"""
_QUOTES_QUERY = """
SELECT DISTINCT ?s ?g ?start ?end ?quote WHERE { VALUES ?s { NODES } GRAPH ?g {
  ?s bkg:evidence ?e . ?e bkg:startOffset ?start ; bkg:endOffset ?end ; bkg:quote ?quote } }"""


def bulletin_nodes(G: nx.DiGraph) -> dict[str, str]:
    """Bulletin id -> node, computed once per graph."""
    if "_bulletin_nodes" not in G.graph:
        G.graph["_bulletin_nodes"] = {d["bulletin_id"]: n for n, d in G.nodes(data=True) if d["cls"] == "Bulletin"}
    return G.graph["_bulletin_nodes"]


# -- measuring --------------------------------------------------------------------------------------

def store_class_counts(store: GraphStore) -> dict[str, int]:
    """Distinct nodes per class, counted inside the store (fast, and exact even when the projection
    was built without statistics)."""
    counts: Counter = Counter()
    for row in store.select("SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?t"):
        local = str(row["t"])[len(BKG_IRI):] if str(row["t"]).startswith(BKG_IRI) else None
        if local in TYPE_CLASS and local not in DOCUMENT_TYPES + EVENT_TYPES:
            counts[TYPE_CLASS[local]] += int(row["n"])
    return {c: counts.get(c, 0) for c in CLASSES}


def class_counts(G: nx.DiGraph) -> dict[str, int]:
    counts = Counter(d["cls"] for _, d in G.nodes(data=True))
    return {c: counts.get(c, 0) for c in CLASSES}


def type_counts(G: nx.DiGraph) -> dict[str, int]:
    return dict(Counter(d["type"] for _, d in G.nodes(data=True)).most_common())


def undirected(G: nx.DiGraph, *, without: tuple[str, ...] = ()) -> nx.Graph:
    H = G.to_undirected(as_view=True)
    if without:
        H = nx.subgraph_view(H, filter_node=lambda n: G.nodes[n]["cls"] not in without)
    return H


def centrality(G: nx.DiGraph) -> dict[str, float]:
    """PageRank over the undirected projection: a node is central when central nodes link to it.

    Degree alone would rank a document cited once by a long bulletin with many facts like one cited
    by many bulletins; PageRank weighs the neighbours too. Statistics are left out (they are leaves).
    """
    H = nx.Graph(undirected(G, without=("Statistic",)))
    if H.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(H, alpha=0.85, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        return {n: d / max(1, 2 * H.number_of_edges()) for n, d in H.degree()}


def most_central(G: nx.DiGraph, cls: str, k: int = 10, scores: dict[str, float] | None = None) -> list[dict]:
    scores = centrality(G) if scores is None else scores
    ranked = sorted((n for n, d in G.nodes(data=True) if d["cls"] == cls),
                    key=lambda n: (-scores.get(n, 0.0), -len(G.nodes[n]["bulletins"]), G.nodes[n]["label"]))
    return [node_summary(G, n, score=scores.get(n, 0.0)) for n in ranked[:k]]


def most_cited(G: nx.DiGraph, cls: str, k: int = 20) -> list[dict]:
    """The nodes of a class stated by the most bulletins."""
    ranked = sorted((n for n, d in G.nodes(data=True) if d["cls"] == cls),
                    key=lambda n: (-len(G.nodes[n]["bulletins"]), -G.degree(n), G.nodes[n]["label"]))
    return [node_summary(G, n) for n in ranked[:k]]


def node_summary(G: nx.DiGraph, n: str, **extra) -> dict:
    d = G.nodes[n]
    return {"iri": n, "label": d["label"], "class": d["cls"], "type": d["type"],
            "bulletins": len(d["bulletins"]), "degree": G.degree(n), **extra}


def communities(G: nx.DiGraph, *, seed: int = 42, k_members: int = 5) -> tuple[list[dict], float | None]:
    """Louvain communities of the entity graph (statistics left out), largest first, and their modularity.

    Each community is reported with its size, its classes and its most connected members.
    """
    H = nx.Graph(undirected(G, without=("Statistic",)))
    if H.number_of_edges() == 0:
        return [], None
    found = nx.community.louvain_communities(H, seed=seed)
    out = []
    for members in sorted(found, key=len, reverse=True):
        top = sorted(members, key=lambda n: (-H.degree(n), G.nodes[n]["label"]))
        top = [n for n in top if G.nodes[n]["cls"] != "Bulletin"][:k_members] or top[:k_members]
        out.append({"size": len(members),
                    "classes": dict(Counter(G.nodes[n]["cls"] for n in members).most_common()),
                    "members": [node_summary(G, n) for n in top]})
    return out, round(nx.community.modularity(H, found), 4)


def graph_stats(G: nx.DiGraph, *, top: int = 10, with_communities: bool = True) -> dict:
    t0 = time.perf_counter()
    scores = centrality(G)
    stats = {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "classes": class_counts(G), "types": type_counts(G),
        "components": nx.number_connected_components(G.to_undirected(as_view=True)) if len(G) else 0,
        "central": {c: most_central(G, c, top, scores) for c in ("Official", "Document", "Organization", "Event")},
    }
    if with_communities:
        found, modularity = communities(G)
        stats["community_count"] = len(found)
        stats["modularity"] = modularity
        stats["communities"] = found[:top]
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    return stats


# -- exporting --------------------------------------------------------------------------------------

EXPORT_FORMATS = ("graphml", "gexf")


def flat(G: nx.DiGraph, *, colours: dict[str, str] | None = None) -> nx.DiGraph:
    """A copy whose attributes are plain strings and numbers, as GraphML and GEXF require."""
    F = nx.DiGraph(name=G.graph.get("name", "bulletin-kg"))
    for n, d in G.nodes(data=True):
        attrs = {"label": d["label"], "class": d["cls"], "type": d["type"],
                 "bulletins": " ".join(d["bulletins"]), "bulletin_count": len(d["bulletins"]),
                 "first_date": d["first"] or "", "last_date": d["last"] or "",
                 "positions": " | ".join(p[0] for p in d["positions"]),
                 "evidence": " | ".join(e.quote for e in d["evidence"][:3])}
        for k, v in d["attrs"].items():
            attrs[k] = v if isinstance(v, (int, float)) else str(v)
        if colours is not None:
            r, g, b = (int(colours[d["cls"]][i:i + 2], 16) for i in (1, 3, 5))
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                            "size": 4.0 + 3.0 * math.log1p(G.degree(n))}
        F.add_node(n, **attrs)
    for u, v, d in G.edges(data=True):
        F.add_edge(u, v, relation=" | ".join(sorted(d["relations"])), bulletins=" ".join(sorted(d["bulletins"])),
                   weight=len(d["bulletins"]), dates=" ".join(sorted(d["dates"])))
    return F


def export_graph(G: nx.DiGraph, path: str | Path, fmt: str) -> None:
    from kg.viz.style import CLASS_STYLE

    if fmt == "graphml":
        nx.write_graphml(flat(G), str(path), encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat(G, colours={c: s.colour for c, s in CLASS_STYLE.items()}), str(path), encoding="utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
