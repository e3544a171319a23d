"""The resolution stage over the store: merge and split mentions across bulletins.

Each bulletin's graph arrives with the IRIs its own evidence gives (kg.resolution.mentions). This
pass reads the mentions of the blocks that matter (all of them for `kg resolve`, the blocks the new
bulletins touch after `kg ingest`), clusters them (kg.resolution.clusters), applies the reviewed
decisions of the curation file (which always win), and renames nodes inside the bulletins' graphs
where the canonical IRI differs, in one transaction. Why each multi-bulletin entity is what it is
goes to the graph `id/graph/resolution` (`bkg:identityReason`), which `kg explain` reads.

Re-running it on an unchanged store changes nothing: canonical IRIs are computed from the mentions
(a name and its home, a document's number and date, the first report of an event), never from the
order in which bulletins arrived.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kg.curation import Curation, split_iri
from kg.rdf.iri import graph_iri
from kg.rdf.vocab import BKG, ID_BASE
from kg.resolution.clusters import (
    Cluster,
    DocumentMention,
    EventMention,
    OfficialMention,
    cluster_documents,
    cluster_events,
    cluster_officials,
    document_base,
    spelling,
)
from kg.store import GraphStore

RESOLUTION_GRAPH = f"{ID_BASE}graph/resolution"
_SKIP_GRAPHS = f"FILTER(?g != <{RESOLUTION_GRAPH}> && ?g != <{ID_BASE}graph/curation>)"


@dataclass
class ResolutionReport:
    officials: int = 0  # canonical officials in the blocks resolved
    official_mentions: int = 0
    events_merged: int = 0  # clusters of two or more reports
    documents_split: int = 0
    documents_linked: int = 0  # named documents joined to their numbered form
    renamed: int = 0  # (graph, node) pairs given a new IRI
    statements: int = 0  # statements rewritten
    seconds: float = 0.0

    def to_json(self) -> dict:
        return dict(self.__dict__)


# -- reading mentions ----------------------------------------------------------------------------

def official_mentions(store: GraphStore, keys: set[str] | None = None) -> list[OfficialMention]:
    """Every official mention, or those whose blocking key is in `keys` (read through the store's
    index on the key, so resolving a few new bulletins reads only their blocks)."""
    if keys is not None and hasattr(store, "match"):
        return _official_mentions_by_key(store, keys)
    values = "" if keys is None else "VALUES ?k { " + " ".join(_literal(k) for k in sorted(keys)) + " }"
    rows = store.select(f"""
        SELECT ?g ?p ?name ?home WHERE {{ {values} GRAPH ?g {{
            ?p bkg:blockingKey ?k ; schema:name ?name .
            OPTIONAL {{ ?p bkg:scope ?home }} }} {_SKIP_GRAPHS} }}""")
    graphs = sorted({r["g"] for r in rows})
    contexts = _bulletin_scopes(store, None if keys is None else graphs)
    return [OfficialMention(r["g"], r["p"], r["name"], r.get("home"), contexts.get(r["g"])) for r in rows]



def _value(term: Any) -> str:
    """A matched quad's IRI or literal as text (pyoxigraph types a term as a union that also
    holds triples and the default graph, which these patterns never match)."""
    return term.value


def _official_mentions_by_key(store: GraphStore, keys: set[str]) -> list[OfficialMention]:
    """The same, by index lookups: a SPARQL join over every bulletin graph costs seconds at corpus
    scale where the lookups of a few blocks cost milliseconds."""
    import pyoxigraph as ox

    key_p, name_p, scope_p = (ox.NamedNode(str(BKG.blockingKey)), ox.NamedNode("https://schema.org/name"),
                              ox.NamedNode(str(BKG.scope)))
    found = []
    for key in sorted(keys):
        for q in store.match(None, key_p, ox.Literal(key), None):
            names = [_value(n.object) for n in store.match(q.subject, name_p, None, q.graph_name)]
            homes = [_value(h.object) for h in store.match(q.subject, scope_p, None, q.graph_name)]
            for name in names[:1]:
                found.append((_value(q.graph_name), _value(q.subject), name, homes[0] if homes else None))
    contexts: dict[str, str] = {}
    for graph in {g for g, *_ in found}:
        bulletin = ox.NamedNode(graph.replace("/graph/", "/bulletin/", 1))  # kg.rdf.iri: graph_iri, bulletin_iri
        for q in store.match(bulletin, scope_p, None, ox.NamedNode(graph)):
            if _value(q.object).startswith("p-"):
                contexts[graph] = _value(q.object)
    return [OfficialMention(g, p, name, home, contexts.get(g)) for g, p, name, home in found]


def _bulletin_scopes(store: GraphStore, graphs: list[str] | None) -> dict[str, str]:
    """The province scope ("p-...") of each bulletin that has one."""
    if graphs is not None and not graphs:
        return {}
    values = "" if graphs is None else "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }"
    rows = store.select(f"""SELECT ?g ?ctx WHERE {{ {values} GRAPH ?g {{ ?b a bkg:Bulletin ; bkg:scope ?ctx }}
        FILTER(STRSTARTS(?ctx, "p-")) }}""")
    return {r["g"]: r["ctx"] for r in rows}


def _literal(text: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(text))


def _touched_keys(store: GraphStore, graphs: set[str]) -> set[str]:
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    return {r["k"] for r in store.select(f"SELECT DISTINCT ?k WHERE {{ VALUES ?g {{ {values} }} "
                                         f"GRAPH ?g {{ ?p bkg:blockingKey ?k }} }}")}


def event_mentions(store: GraphStore, days: set[str] | None = None) -> list[EventMention]:
    """Every dated event, or those dated on one of `days` (ISO dates)."""
    values = "" if days is None else "VALUES ?date { " + " ".join(f'"{d}"^^xsd:date' for d in sorted(days)) + " }"
    rows = store.select(f"""
        SELECT ?g ?e ?type ?date ?label ?org ?place WHERE {{ {values} GRAPH ?g {{
            ?e schema:startDate ?date ; a bkg:Event ; a ?type ; rdfs:label ?label .
            # a day-month of an unknown year ("--06-21"^^xsd:gMonthDay) is no day to match reports on
            FILTER(?type != bkg:Event && STRSTARTS(STR(?type), STR(bkg:)) && DATATYPE(?date) = xsd:date)
            OPTIONAL {{ ?e bkg:organizer ?org }} OPTIONAL {{ ?e bkg:place ?place }} }} {_SKIP_GRAPHS} }}""")
    grouped: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["g"], r["e"])
        item = grouped.setdefault(key, {"type": r["type"], "date": str(r["date"]), "label": r["label"],
                                        "orgs": set(), "place": r.get("place")})
        if r.get("org"):
            item["orgs"].add(r["org"])
    return [EventMention(g, e, v["type"].rsplit("#", 1)[-1].lower(), v["date"], v["label"], frozenset(v["orgs"]),
                         v["place"]) for (g, e), v in grouped.items()]


def _touched_days(store: GraphStore, graphs: set[str]) -> set[str]:
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    rows = store.select(f"SELECT DISTINCT ?date WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e a bkg:Event ; "
                        f"schema:startDate ?date FILTER(DATATYPE(?date) = xsd:date) }} }}")
    days = set()
    for r in rows:
        day = str(r["date"])[:10]
        days.add(day)
    return days - {""}


def document_mentions(store: GraphStore, graphs: set[str] | None = None) -> list[DocumentMention]:
    """Every coded document mention, or those in the blocks of the documents the given graphs cite
    (a block is a base IRI and the parts split off it, "IRI~date"). Coded documents are few (one
    statement each per citing bulletin), so they are read whole and filtered here."""
    rows = store.select(f"""
        SELECT ?g ?d ?date ?scope WHERE {{ GRAPH ?g {{
            ?d bkg:documentCode ?code .
            OPTIONAL {{ ?d bkg:documentDate ?date }} OPTIONAL {{ ?d bkg:scope ?scope }} }} {_SKIP_GRAPHS} }}""")
    seen: dict[tuple[str, str], DocumentMention] = {}
    for r in rows:
        seen.setdefault((r["g"], r["d"]), DocumentMention(r["g"], r["d"], str(r["date"]) if r.get("date") else None,
                                                          r.get("scope")))
    mentions = list(seen.values())
    if graphs is not None:
        bases = {document_base(m.iri) for m in mentions if m.graph in graphs}
        mentions = [m for m in mentions if document_base(m.iri) in bases]
    return mentions


def named_document_links(store: GraphStore) -> dict[tuple[str, str], str]:
    """Documents cited by name whose name some bulletin gives to a numbered document
    ("Nghị quyết Trung ương 4 khóa XII (Nghị quyết số 04-NQ/TW)"): (graph, name IRI) -> numbered IRI,
    for every graph that cites the named one."""
    numbered = store.select(f"""
        SELECT DISTINCT ?d ?label WHERE {{ GRAPH ?g {{ ?d a bkg:Document ; bkg:documentNumber ?n ; rdfs:label ?label }}
        {_SKIP_GRAPHS} }}""")
    by_label: dict[str, set[str]] = defaultdict(set)
    for r in numbered:
        by_label[spelling(r["label"])].add(r["d"])
    named = store.select(f"""
        SELECT DISTINCT ?g ?d ?label WHERE {{ GRAPH ?g {{ ?d a bkg:Document ; rdfs:label ?label
        FILTER NOT EXISTS {{ ?d bkg:documentNumber ?n }} }} {_SKIP_GRAPHS} }}""")
    links = {}
    for r in named:
        targets = by_label.get(spelling(r["label"]), set())
        if len(targets) == 1:
            links[(r["g"], r["d"])] = next(iter(targets))
    return links


# -- the pass ------------------------------------------------------------------------------------

def resolve_store(store: GraphStore, *, bulletins: list[str] | None = None,
                  curation: Curation | None = None) -> ResolutionReport:
    """Resolve every block (`bulletins` None) or the blocks those bulletins' mentions fall in."""
    started = time.perf_counter()
    report = ResolutionReport()
    touched = {graph_iri(b) for b in bulletins} if bulletins is not None else None
    renames, reasons = _renames(store, touched, report)
    if curation is not None:
        _apply_curation(renames, curation)
    renames = {g: {old: new for old, new in m.items() if old != new} for g, m in renames.items()}
    renames = {g: m for g, m in renames.items() if m}
    report.renamed = sum(len(m) for m in renames.values())
    report.statements = store.rename_nodes(renames, then=_reason_update(reasons, replace_all=touched is None))
    # After the renames, so that the nodes just merged are compared under their new IRIs.
    fixes = single_value_update(store, touched)
    if fixes:
        store.update(fixes)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _renames(store: GraphStore, touched: set[str] | None, report: ResolutionReport
             ) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """What each graph's mentions are renamed to (graph -> old IRI -> new IRI), and why each new
    node exists: officials, events and documents clustered, then documents cited by name and number."""
    renames: dict[str, dict[str, str]] = defaultdict(dict)
    reasons: dict[str, str] = {}

    officials = official_mentions(store, None if touched is None else _touched_keys(store, touched))
    clusters = cluster_officials(officials)
    report.officials, report.official_mentions = len(clusters), len(officials)
    _assign(clusters, renames, reasons)

    events = event_mentions(store, None if touched is None else _touched_days(store, touched))
    event_clusters = cluster_events(events)
    report.events_merged = len(event_clusters)
    _assign(event_clusters, renames, reasons)

    documents = document_mentions(store, touched)
    doc_clusters = cluster_documents(documents)
    report.documents_split = len({document_base(c.iri) for c in doc_clusters})
    _assign(doc_clusters, renames, reasons)

    links = named_document_links(store)
    for (graph, named), numbered in links.items():
        renames[graph][named] = numbered
        reasons.setdefault(numbered, "cited by name and by number as one document")
    report.documents_linked = len({named for _, named in links})
    return renames, reasons


# Properties a merged node has once: each bulletin's graph states its own value ("Bộ Công Thương" /
# "Bộ Công thương", "58/2016/QĐ-TTg" / "58/2016/QĐ-Ttg"). An event's reports agree on its day already
# (clusters.event_agreement), and the values the clustering reads are never rewritten here.
SINGLE_VALUED = [("bkg:Organization", "http://www.w3.org/2004/02/skos/core#prefLabel"),
                 ("bkg:Document", f"{BKG}documentNumber"), ("bkg:Document", f"{BKG}documentCode")]


def single_value_update(store: GraphStore, touched: set[str] | None) -> str:
    """One value per merged node for each SINGLE_VALUED property: the value most bulletins give
    (then the first in order) replaces the others in every graph. Returns the SPARQL update."""
    if touched is not None and not touched:
        return ""
    deletes, inserts = [], []
    for cls, prop in SINGLE_VALUED:
        values = "" if touched is None else "VALUES ?t { " + " ".join(f"<{g}>" for g in sorted(touched)) + " }"
        scope = f"{{ SELECT DISTINCT ?o WHERE {{ {values} GRAPH ?t {{ ?o a {cls} }} }} }}" if values else ""
        rows = store.query(f"""SELECT ?g ?o ?v WHERE {{ {scope} GRAPH ?g {{ ?o a {cls} ; <{prop}> ?v }}
            {_SKIP_GRAPHS} }}""")
        by_node: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            by_node[row["o"].value][str(row["v"])].append(row["g"].value)
        for node, found in by_node.items():
            if len(found) < 2:
                continue
            ordered = sorted(found)
            best = max(ordered, key=lambda v: (len(set(found[v])), -ordered.index(v)))
            for value, graphs in found.items():
                if value == best:
                    continue
                for g in sorted(set(graphs)):
                    deletes.append(f"GRAPH <{g}> {{ <{node}> <{prop}> {value} }}")
                    inserts.append(f"GRAPH <{g}> {{ <{node}> <{prop}> {best} }}")
    if not deletes:
        return ""
    return "DELETE DATA {\n" + "\n".join(deletes) + "\n} ;\nINSERT DATA {\n" + "\n".join(inserts) + "\n}"


def _assign(clusters: list[Cluster], renames: dict[str, dict[str, str]], reasons: dict[str, str]) -> None:
    for c in clusters:
        for m in c.members:
            renames[m.graph][m.iri] = c.iri
        if c.bulletins > 1 or "namesake" in c.reason or "apart" in c.reason:
            reasons[c.iri] = c.reason


def _apply_curation(renames: dict[str, dict[str, str]], curation: Curation) -> None:
    """The reviewed decisions win over the computed ones: same_as, then split (kg.curation)."""
    same = {merge: keep for keep, merge, _ in curation.same_as}
    splits = [(node, {graph_iri(b) for b in bulletins}, split_iri(node, bulletins))
              for node, bulletins, _ in curation.split]
    for graph, mapping in renames.items():
        for old, new in list(mapping.items()):
            target = same.get(new, new)
            for node, graphs, split in splits:
                if target == node and graph in graphs:
                    target = split
            mapping[old] = target


def _reason_update(reasons: dict[str, str], *, replace_all: bool = False) -> str:
    """The reasons of the clusters just computed replace theirs; a full pass replaces the graph, so
    that entities gone with removed bulletins keep no reason."""
    import pyoxigraph as ox

    lines = "\n".join(f"<{iri}> <{BKG.identityReason}> {ox.Literal(reason)} ." for iri, reason in reasons.items())
    insert = f"INSERT DATA {{ GRAPH <{RESOLUTION_GRAPH}> {{\n{lines}\n}} }}" if reasons else ""
    if replace_all:  # the reasons only: the graph also holds the posts' intervals (kg.rdf.posts)
        drop = f"DELETE WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?s <{BKG.identityReason}> ?o }} }}"
        return drop + (f" ;\n{insert}" if insert else "")
    if not reasons:
        return ""
    subjects = " ".join(f"<{iri}>" for iri in reasons)
    return (f"DELETE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {subjects} }} "
            f"GRAPH <{RESOLUTION_GRAPH}> {{ ?s ?p ?o }} }} ;\n{insert}")
