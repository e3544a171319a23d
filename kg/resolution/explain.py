"""`kg explain`: an entity's mentions, their evidence and the scores that made them one node."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.nlp.lexicon import strip_accents
from kg.resolution.clusters import cluster_officials, fold_name, spelling
from kg.resolution.store_pass import RESOLUTION_GRAPH, official_mentions
from kg.store import GraphStore

CLASSES = {"bkg:Official": "official", "bkg:Organization": "organization", "bkg:Document": "document",
           "bkg:Event": "event"}


@dataclass
class Explanation:
    iri: str
    kind: str
    name: str
    reason: str | None
    mentions: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return self.__dict__.copy()


def explain_entity(store: GraphStore, entity: str) -> list[Explanation]:
    iris = [entity] if entity.startswith(("http://", "https://", "urn:")) else _by_name(store, entity)
    out = []
    for iri in iris:
        kinds = [CLASSES[c] for c in CLASSES if store.query(f"ASK {{ GRAPH ?g {{ <{iri}> a {c} }} }}")]
        if not kinds:
            continue
        rows = store.select(f"""
            SELECT ?g ?b ?name ?home ?quote WHERE {{ GRAPH ?g {{
                <{iri}> rdfs:label ?name . ?b a bkg:Bulletin .
                OPTIONAL {{ <{iri}> bkg:scope ?home }}
                OPTIONAL {{ <{iri}> bkg:evidence/bkg:quote ?quote }} }} }} ORDER BY ?b""")
        reason = store.select(f"SELECT ?r WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ <{iri}> bkg:identityReason ?r }} }}")
        by_graph: dict[str, dict] = {}
        for r in rows:
            m = by_graph.setdefault(r["g"], {"bulletin": r["b"].rsplit("/", 1)[-1], "name": r["name"],
                                             "home": r.get("home"), "evidence": [], "score": None})
            if r.get("quote") and r["quote"] not in m["evidence"]:
                m["evidence"].append(r["quote"])
        if kinds[0] == "official":
            _scores(store, iri, next(iter(by_graph.values()))["name"] if by_graph else "", by_graph)
        name = next(iter(by_graph.values()))["name"] if by_graph else iri
        out.append(Explanation(iri, kinds[0], name, reason[0]["r"] if reason else None, list(by_graph.values())))
    return out


def _scores(store: GraphStore, iri: str, name: str, by_graph: dict[str, dict]) -> None:
    """Re-run the clustering of the name's block to show each mention's score."""
    block = fold_name(name)
    mentions = [m for m in official_mentions(store) if fold_name(m.name) == block]
    for cluster in cluster_officials(mentions):
        if cluster.iri == iri:
            for graph, score in cluster.scores.items():
                if graph in by_graph:
                    by_graph[graph]["score"] = score


def _by_name(store: GraphStore, name: str) -> list[str]:
    """The entities named `name` as written; else, as with kg viz --focus, the entities whose name is
    the same without accents ("lai van hanh" finds "Lại Văn Hanh")."""
    rows = store.select("""SELECT DISTINCT ?e ?label WHERE { GRAPH ?g {
        { ?e a bkg:Official } UNION { ?e a bkg:Organization } UNION { ?e a bkg:Document } UNION { ?e a bkg:Event }
        ?e rdfs:label ?label } }""")
    wanted = spelling(name)
    found = {r["e"] for r in rows if spelling(r["label"]) == wanted}
    if not found:
        bare = _unaccented(name)
        found = {r["e"] for r in rows if _unaccented(r["label"]) == bare}
    return sorted(found)


def _unaccented(text: str) -> str:
    return " ".join(strip_accents(text).replace("đ", "d").replace("Đ", "D").casefold().split())
