"""How long each official held each post, as far as the bulletins tell: an interval from the first
to the last statement of the post.

A post is (official, role, organization): the bulletins' `bkg:Position` nodes with the same
`org:member`, `org:role` and `org:organization` (or none) state the same post. Each post becomes one
`org:Membership` in the store's graph of derived, cross-bulletin facts (`POST_INTERVALS_GRAPH`, the
resolution stage's graph, where only the nodes under id:post/ and id:instant/ are this module's), with `org:memberDuring` a `time:ProperInterval`
whose `time:hasBeginning` and `time:hasEnd` are `time:Instant`s carrying the first and last
`bkg:statedOn` (`time:inXSDDate` for a full date, `time:inXSDgYear` always). They are derived
data: `refresh_post_intervals` rebuilds them whole from the bulletins' graphs, so run it after every
change to them (`kg.resolution.settle` does, after renaming merged nodes). Being in that graph, they
travel with it (`kg push`) and count as no bulletin.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox

from kg.rdf.vocab import BKG_IRI, ID_BASE
from kg.resolution.store_pass import RESOLUTION_GRAPH
from kg.terms import serialized, value_of

POST_INTERVALS_GRAPH = RESOLUTION_GRAPH
_OWN = (f"{ID_BASE}post/", f"{ID_BASE}instant/")
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"

_STATEMENTS = f"""
SELECT DISTINCT ?position ?member ?role ?organization ?statedOn WHERE {{
  GRAPH ?g {{
    ?position a <{BKG_IRI}Position> ; <{ORG}member> ?member ; <{ORG}role> ?role ; <{BKG_IRI}statedOn> ?statedOn .
    OPTIONAL {{ ?position <{ORG}organization> ?organization }}
  }}
  FILTER(?g != <{POST_INTERVALS_GRAPH}>)
}}"""


def post_iri(member: str, role: str, organization: str | None) -> str:
    key = "\n".join((member, role, organization or ""))
    return f"{ID_BASE}post/{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def post_interval_quads(rows) -> list[ox.Quad]:
    """The interval graph's quads from rows of (position, member, role, organization, statedOn)."""
    g = ox.NamedNode(POST_INTERVALS_GRAPH)
    dates: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    positions: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    for position, member, role, organization, stated in rows:
        key = (member, role, organization)
        dates[key].add(stated)
        positions[key].add(position)
    quads: list[ox.Quad] = []

    def add(s, p, o):
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o if isinstance(o, ox.Literal) else ox.NamedNode(o), g))

    instants: set[str] = set()
    for (member, role, organization), stated in dates.items():
        post = post_iri(member, role, organization)
        # ISO dates and bare years order as strings; a year ("2017") sorts before its dates.
        first, last = min(stated), max(stated)
        interval = f"{post}/interval"
        add(post, RDF_TYPE.value, ORG + "Membership")
        add(post, ORG + "member", member)
        add(post, ORG + "role", role)
        if organization:
            add(post, ORG + "organization", organization)
        add(post, ORG + "memberDuring", interval)
        for position in sorted(positions[(member, role, organization)]):
            add(post, "http://www.w3.org/ns/prov#wasDerivedFrom", position)
        add(interval, RDF_TYPE.value, TIME + "ProperInterval")
        add(interval, TIME + "hasBeginning", _instant_iri(first))
        add(interval, TIME + "hasEnd", _instant_iri(last))
        for value in (first, last):
            if value not in instants:
                instants.add(value)
                iri = _instant_iri(value)
                add(iri, RDF_TYPE.value, TIME + "Instant")
                add(iri, TIME + "inXSDgYear", ox.Literal(value[:4], datatype=ox.NamedNode(XSD + "gYear")))
                if len(value) == 10:
                    add(iri, TIME + "inXSDDate", ox.Literal(value, datatype=ox.NamedNode(XSD + "date")))
    return quads


def refresh_post_intervals(store) -> int:
    """Rebuild the interval graph from the bulletins' positions; returns the number of posts.
    A store without SPARQL Update (a read-only one) is left alone."""
    rows = [(r["position"].value, r["member"].value, r["role"].value,
             r["organization"].value if r["organization"] is not None else None, r["statedOn"].value)
            for r in store.query(_STATEMENTS)]
    quads = post_interval_quads(rows)
    triples = serialized([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                         ox.RdfFormat.N_TRIPLES).decode() if quads else ""
    update = (f"DELETE {{ GRAPH <{POST_INTERVALS_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{POST_INTERVALS_GRAPH}> {{ ?s ?p ?o "
              f"FILTER (STRSTARTS(STR(?s), \"{_OWN[0]}\") || STRSTARTS(STR(?s), \"{_OWN[1]}\")) }} }}")
    if triples:
        update += f" ;\nINSERT DATA {{ GRAPH <{POST_INTERVALS_GRAPH}> {{\n{triples}\n}} }}"
    store.update(update)
    return len({value_of(q.subject) for q in quads if q.predicate == RDF_TYPE and value_of(q.object) == ORG + "Membership"})


def _instant_iri(value: str) -> str:
    return f"{ID_BASE}instant/{value}"
