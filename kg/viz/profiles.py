"""What each entity profile shows, read from the store with a few large queries (no networkx projection).

Profile pages and the faceted index need, for every merged official, organization, document and
event, the rows an archivist follows: an official's posts and the events by role, a document's
reviewing and implementing events and citing bulletins, an organization's events, members and
documents, every report of an event, each row with its bulletin, its date and the start offset of
its evidence span (the anchor on the bulletin page). This module reads them into plain data:

>>> catalog = read_catalog(store)                       # doctest: +SKIP
>>> catalog.entities["https://w3id.org/bulletin-kg/id/person/nguyen-van-binh-89a3c1"].sections[0].title
'Posts'

Queries return only the columns they need and joins happen in Python on dictionaries: reading a term
out of the on-disk store costs far more than joining inside it (see kg.graphs).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.rdf.vocab import BKG_IRI, ID_BASE
from kg.store import GraphStore

PROFILE_CLASSES = ("Official", "Organization", "Document", "Event")
ROLE_TITLES = (("chaired", "Chaired"), ("spoke", "Spoke at"), ("reported", "Reported at"), ("attended", "Attended"))
NATIONAL = "Việt Nam (national)"


@dataclass
class Bulletin:
    id: str
    date: str | None  # as stored: '2017-05-13', or partial: '2017', '2017-05', '--05-13'
    title: str
    political: bool | None  # bkg:partyGovernment; None when no classifier has judged it


@dataclass
class Row:
    """One line of a profile: what it says, where it is evidenced, when."""
    text: str
    bulletin: str
    start: int | None  # evidence span start in the bulletin's text (the anchor on its page)
    date: str | None
    target: str | None = None  # IRI of the entity the row names, linked to its profile
    quote: str = ""


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)
    target: str | None = None


@dataclass
class Section:
    title: str
    groups: list[Group]
    note: str = ""


@dataclass
class Entity:
    iri: str
    cls: str
    type: str
    label: str
    bulletins: set[str] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)
    provinces: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    issuer: str | None = None
    sections: list[Section] = field(default_factory=list)


@dataclass
class Statistic:
    label: str
    bulletin: str
    start: int | None


@dataclass
class Catalog:
    bulletins: dict[str, Bulletin]
    entities: dict[str, Entity]
    statistics: list[Statistic]
    place_province: dict[str, str]  # place IRI -> province label (NATIONAL for the country)
    bulletin_provinces: dict[str, set[str]] = field(default_factory=dict)


def local_id(iri: str) -> str:
    """The part of an IRI a profile fragment carries (see kg.viz.paths.profile_page)."""
    return iri[len(ID_BASE):] if iri.startswith(ID_BASE) else "iri=" + iri


def _rows(store: GraphStore, sparql: str):
    for solution in store.query(sparql):
        yield [None if term is None else term.value for term in solution]


# -- reading ---------------------------------------------------------------------------------------

def read_catalog(store: GraphStore) -> Catalog:
    """Everything profiles and the index show, in 24 queries."""
    bulletins, graph_bulletin = _read_bulletins(store)
    evidence: list[tuple[str, str, str]] = []  # (subject, evidence IRI, graph)
    entities = _read_entities(store, graph_bulletin, evidence)
    places = _read_places(store)
    catalog = Catalog(bulletins, entities, [], places)
    for cls in ("Position", "Participation"):
        evidence.extend(_rows(store, _EVIDENCE_QUERY.replace("CLASS", cls)))
    first_span = _first_spans(store, graph_bulletin, evidence)
    _read_scopes(store, catalog, graph_bulletin)
    _read_attributes(store, entities)
    facts = Facts(catalog, graph_bulletin, first_span)
    facts.read(store)
    _inherit_provinces(catalog, facts)
    catalog.statistics = _read_statistics(store, graph_bulletin, first_span)
    from kg.viz.profile_sections import sections  # the cut per class, which needs the types above

    for e in entities.values():
        e.sections = sections(facts, e)
    return catalog


def _read_bulletins(store: GraphStore) -> tuple[dict[str, Bulletin], dict[str, str]]:
    """Bulletins and the named graph of each. Separate queries, not OPTIONALs: an OPTIONAL over
    35,000 graphs costs several times the rows it adds."""
    bulletins: dict[str, Bulletin] = {}
    graph_bulletin: dict[str, str] = {}
    for g, b, bid in _rows(store, _BULLETINS_QUERY):
        graph_bulletin[g] = bid
        graph_bulletin[b] = bid  # bulletin IRIs too, so scopes read with everything else find theirs
        bulletins[bid] = Bulletin(bid, None, bid, None)
    for g, title in _rows(store, _HEADLINES_QUERY):
        if g in graph_bulletin:
            bulletins[graph_bulletin[g]].title = title
    for g, date in _rows(store, _DATES_QUERY):
        if g in graph_bulletin:
            b = bulletins[graph_bulletin[g]]
            b.date = min(filter(None, (b.date, date)))
    for g, flag in _rows(store, _POLITICAL_QUERY):
        if g in graph_bulletin:
            # One graph per bulletin; were two values ever written, "not political" would hide it, so
            # "political" wins: hiding a bulletin by mistake costs an archivist more than showing one.
            b = bulletins[graph_bulletin[g]]
            b.political = bool(b.political) or flag in ("true", "1")
    return bulletins, graph_bulletin


def _read_entities(store: GraphStore, graph_bulletin: dict[str, str], evidence: list) -> dict[str, Entity]:
    """Entities and the bulletins holding each; their evidence rows are appended to `evidence`
    (one query for both costs 40 % less than two on the corpus)."""
    entities: dict[str, Entity] = {}
    for cls in PROFILE_CLASSES:
        for s, e_iri, g in _rows(store, _ENTITIES_QUERY.replace("CLASS", cls)):
            e = entities.get(s)
            if e is None:
                e = entities[s] = Entity(s, cls, cls, "")
            if g in graph_bulletin:
                e.bulletins.add(graph_bulletin[g])
            if e_iri is not None:
                evidence.append((s, e_iri, g))
    for s, t in _rows(store, _SUBTYPES_QUERY):
        local = t[len(BKG_IRI):]
        if s in entities and local not in PROFILE_CLASSES:
            entities[s].type = local
    labels: dict[str, list[str]] = defaultdict(list)
    for cls in PROFILE_CLASSES:
        for s, label in _rows(store, _LABELS_QUERY.replace("CLASS", cls)):
            if s in entities:
                labels[s].append(label)
    for s, e in entities.items():
        # Bulletins word a label differently: the shortest (a document's with its number), then the first.
        found = labels.get(s)
        e.label = min(found, key=lambda lab: (len(lab), lab)) if found else s.rsplit("/", 1)[-1]
    return entities


def _read_places(store: GraphStore) -> dict[str, str]:
    """Place -> the province it lies in (a district reports its province; the country is national)."""
    label: dict[str, str] = {}
    parent: dict[str, str] = {}
    for p, lab in _rows(store, _PLACES_QUERY):
        label.setdefault(p, lab)
    for p, up in _rows(store, _PLACE_PARENTS_QUERY):
        parent.setdefault(p, up)
    out: dict[str, str] = {}
    for p in label:
        q = p
        for _ in range(4):  # commune -> district -> province -> country
            if "/province" in q or "/country/" in q or q not in parent:
                break
            q = parent[q]
        if "/province" in q:
            out[p] = label.get(q, q)
        elif "/country/VN" in q:
            out[p] = NATIONAL
    return out


def _read_scopes(store: GraphStore, catalog: Catalog, bulletin_of: dict[str, str]) -> None:
    for s, area in _rows(store, _SCOPES_QUERY):
        province = catalog.place_province.get(area)
        if province is None:
            continue
        if s in catalog.entities:
            catalog.entities[s].provinces.add(province)
        elif s in bulletin_of:
            catalog.bulletin_provinces.setdefault(bulletin_of[s], set()).add(province)


def _inherit_provinces(catalog: Catalog, facts: Facts) -> None:
    """An event or document with no place of its own is placed where its organizers or issuer are,
    else where its bulletins are: archivists ask for "events in Yên Bái" whoever wrote the report."""
    for e in catalog.entities.values():
        if e.provinces or e.cls not in ("Event", "Document"):
            continue
        agents = [link.object for rel, link in facts.out.get(e.iri, ()) if rel in ("organizer", "issuer")]
        e.provinces = set().union(*(catalog.entities[a].provinces for a in agents))
        if not e.provinces and e.cls == "Event":
            e.provinces = set().union(*(catalog.bulletin_provinces.get(b, set()) for b in e.bulletins))


def _read_attributes(store: GraphStore, entities: dict[str, Entity]) -> None:
    for s, p, v in _rows(store, _ATTRIBUTES_QUERY):
        if s in entities:
            key = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            old = entities[s].attrs.get(key)
            entities[s].attrs[key] = v if old is None else min(old, v)


# Evidence and statistics are minted as id:evidence/<bulletin>/<start>-<end> (kg.rdf.iri.local_iri),
# so their offsets are read from the IRI: joining bkg:startOffset over 325,000 spans of the corpus
# took 24 s, the IRIs alone 7 s. An IRI minted otherwise has its offsets asked for instead.
_OFFSETS = re.compile(r"""
    /(?P<kind>evidence|statistic)/[^/]+/     # kind and bulletin
    (?P<start>\d+)-(?P<end>\d+)$            # offsets into the bulletin's text
""", re.VERBOSE)


def span_start(iri: str) -> int | None:
    m = _OFFSETS.search(iri)
    return int(m["start"]) if m else None


def _first_spans(store: GraphStore, graph_bulletin: dict[str, str], evidence) -> dict[tuple[str, str], int]:
    """(subject, bulletin) -> the first offset at which the bulletin evidences the subject.

    Evidence is asked for per class that has rows, not over every bkg:evidence: statistics (half the
    spans of the corpus) carry their offsets in their own IRIs."""
    out: dict[tuple[str, str], int] = {}
    unparsed: list[tuple[str, str, str]] = []
    for s, e, g in evidence:
        bid = graph_bulletin.get(g)
        if bid is None:
            continue
        start = span_start(e)
        if start is None:
            unparsed.append((s, e, bid))
        elif (s, bid) not in out or start < out[(s, bid)]:
            out[(s, bid)] = start
    for i in range(0, len(unparsed), 500):
        chunk = unparsed[i:i + 500]
        values = " ".join(f"<{e}>" for _, e, _ in chunk)
        found = dict(_rows(store, f"SELECT ?e ?start WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e bkg:startOffset ?start }} }}"))
        for s, e, bid in chunk:
            if e in found and ((s, bid) not in out or int(found[e]) < out[(s, bid)]):
                out[(s, bid)] = int(found[e])
    return out


def _read_statistics(store: GraphStore, graph_bulletin: dict[str, str], first_span) -> list[Statistic]:
    """Every statistic with its wording; one row per bulletin (the labels joined inside the store),
    which halves the time of one row per statistic on the corpus."""
    out = []
    for g, packed in _rows(store, _STATISTICS_QUERY):
        bid = graph_bulletin.get(g)
        if bid is None:
            continue
        for line in sorted(set(packed.split("\n"))):
            s, _, label = line.partition("\t")
            start = span_start(s)
            out.append(Statistic(label, bid, start if start is not None else first_span.get((s, bid))))
    out.sort(key=lambda st: (st.bulletin, st.start or 0))
    return out


# -- relations -------------------------------------------------------------------------------------

@dataclass
class Link:
    subject: str
    object: str
    bulletin: str
    start: int | None  # where the bulletin evidences the link (the fact's own span, else its subject's)
    quote: str = ""
    role: str = ""


class Facts:
    """The relations between entities, gathered once, then cut into each entity's sections."""

    def __init__(self, catalog: Catalog, graph_bulletin: dict[str, str], first_span):
        self.catalog = catalog
        self.graph_bulletin = graph_bulletin
        self.first_span = first_span
        self.out: dict[str, list[tuple[str, Link]]] = defaultdict(list)  # subject -> (relation, link)
        self.into: dict[str, list[tuple[str, Link]]] = defaultdict(list)  # object -> (relation, link)
        # person -> (person->org link, post label, stated on)
        self.positions: dict[str, list[tuple[Link, str, str | None]]] = defaultdict(list)
        self.members: dict[str, list[tuple[Link, str, str | None]]] = defaultdict(list)  # org -> positions

    def _bulletin(self, g: str) -> str | None:
        return self.graph_bulletin.get(g)

    def add(self, relation: str, link: Link) -> None:
        self.out[link.subject].append((relation, link))
        self.into[link.object].append((relation, link))

    def read(self, store: GraphStore) -> None:
        self._read_links(store)
        self._read_participations(store)
        self._read_citations(store)
        self._read_positions(store)
        entities = self.catalog.entities
        for e in entities.values():
            if e.cls == "Document":
                issuers = [entities[link.object].label for rel, link in self.out.get(e.iri, ()) if rel == "issuer"]
                e.issuer = min(issuers, key=lambda x: (len(x), x)) if issuers else None

    def _read_links(self, store: GraphStore) -> None:
        entities = self.catalog.entities
        for s, p, o, g in _rows(store, _LINKS_QUERY):
            bid = self._bulletin(g)
            if bid and s in entities and o in entities:
                self.add(p[len(BKG_IRI):], Link(s, o, bid, self.first_span.get((s, bid))))

    def _read_participations(self, store: GraphStore) -> None:
        entities = self.catalog.entities
        for part, person, event, role, g in _rows(store, _PARTICIPATION_QUERY):
            bid = self._bulletin(g)
            if bid and person in entities and event in entities:
                role = role[len(BKG_IRI):]
                start = self.first_span.get((part, bid), self.first_span.get((person, bid)))
                self.add("participant", Link(person, event, bid, start, role=role))
                entities[person].roles.add(role)
                entities[event].roles.add(role)

    def _read_citations(self, store: GraphStore) -> None:
        for doc, g, start, quote in _rows(store, _CITATIONS_QUERY):
            bid = self._bulletin(g)
            if bid and doc in self.catalog.entities:
                self.add("cited", Link(bid, doc, bid, int(start), quote=quote))

    def _read_positions(self, store: GraphStore) -> None:
        for pos, person, label, org, date, role, g in _rows(store, _POSITIONS_QUERY):
            bid = self._bulletin(g)
            if bid and person in self.catalog.entities:
                start = self.first_span.get((pos, bid), self.first_span.get((person, bid)))
                link = Link(person, org or "", bid, start, role=role or label)
                self.positions[person].append((link, label, date))
                self.members[org or ""].append((link, label, date))

    # -- dates of rows --

    def date_of(self, bulletin: str, entity: str | None = None) -> str | None:
        """A row's date: its event's start date when it has one, else its bulletin's."""
        if entity is not None:
            e = self.catalog.entities.get(entity)
            if e is not None and e.cls == "Event" and e.attrs.get("startDate"):
                return e.attrs["startDate"]
        return self.catalog.bulletins[bulletin].date if bulletin in self.catalog.bulletins else None

    def label(self, iri: str) -> str:
        e = self.catalog.entities.get(iri)
        return e.label if e is not None else iri

    def mentions(self, e: Entity) -> Section:
        rows = [Row(self.catalog.bulletins[b].title if b in self.catalog.bulletins else b, b,
                    self.first_span.get((e.iri, b)), self.date_of(b)) for b in sorted(e.bulletins)]
        return Section("Bulletins", [Group("", rows)], note="every bulletin that names it, at its first mention")

    def event_rows(self, links: list[Link], *, side: str = "object") -> list[Row]:
        rows = []
        for link in links:
            other = link.object if side == "object" else link.subject
            start = self.first_span.get((other, link.bulletin), link.start) if side == "object" else link.start
            rows.append(Row(self.label(other), link.bulletin, start, self.date_of(link.bulletin, other), other,
                            link.quote))
        return rows



_BULLETINS_QUERY = "SELECT ?g ?b ?id WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:identifier ?id } }"
_HEADLINES_QUERY = "SELECT ?g ?title WHERE { GRAPH ?g { ?b a bkg:Bulletin ; schema:headline ?title } }"
_DATES_QUERY = """
SELECT ?g ?date WHERE { GRAPH ?g { ?b a bkg:Bulletin . { ?b schema:datePublished ?date } UNION { ?b <http://purl.org/dc/terms/date> ?date } } }"""
_POLITICAL_QUERY = "SELECT ?g ?flag WHERE { GRAPH ?g { ?b a bkg:Bulletin ; bkg:partyGovernment ?flag } }"
_SUBTYPES_QUERY = """
SELECT DISTINCT ?s ?t WHERE { GRAPH ?g { { ?s a bkg:Event, ?t } UNION { ?s a bkg:Document, ?t } }
  FILTER(STRSTARTS(STR(?t), STR(bkg:))) }"""
_LABELS_QUERY = "SELECT DISTINCT ?s ?label WHERE { GRAPH ?g { ?s a bkg:CLASS ; rdfs:label ?label } }"
_PLACES_QUERY = "SELECT DISTINCT ?p ?label WHERE { GRAPH ?g { ?p a bkg:Place ; rdfs:label ?label } }"
_PLACE_PARENTS_QUERY = "SELECT DISTINCT ?p ?up WHERE { GRAPH ?g { ?p schema:containedInPlace ?up } }"
_SCOPES_QUERY = """
SELECT DISTINCT ?s ?area WHERE { GRAPH ?g { { ?s bkg:scopeArea ?area } UNION { ?s prov:atLocation ?area } } }"""
_ATTRIBUTES_QUERY = """
SELECT DISTINCT ?s ?p ?v WHERE { GRAPH ?g { ?s ?p ?v }
  VALUES ?p { bkg:documentNumber bkg:documentDate schema:startDate bkg:place bkg:issuingSession } }"""
_LINKS_QUERY = """
SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o }
  VALUES ?p { bkg:issuer bkg:organizer bkg:implements bkg:reviews } }"""
_PARTICIPATION_QUERY = """
SELECT DISTINCT ?p ?person ?event ?role ?g WHERE { GRAPH ?g {
  ?p a bkg:Participation ; bkg:participant ?person ; bkg:inEvent ?event ; bkg:participationRole ?role } }"""
_CITATIONS_QUERY = """
SELECT DISTINCT ?d ?g ?start ?quote WHERE { GRAPH ?g {
  ?c bkg:citesDocument ?d ; bkg:evidence ?e . ?e bkg:startOffset ?start ; bkg:quote ?quote } }"""
_POSITIONS_QUERY = """
SELECT DISTINCT ?pos ?person ?label ?org ?date ?role ?g WHERE { GRAPH ?g {
  ?pos a bkg:Position ; org:member ?person ; bkg:positionLabel ?label .
  OPTIONAL { ?pos org:organization ?org } OPTIONAL { ?pos bkg:statedOn ?date } OPTIONAL { ?pos org:role ?role } } }"""
_STATISTICS_QUERY = """
SELECT ?g (GROUP_CONCAT(CONCAT(STR(?s), "\\t", REPLACE(?label, "\\\\s", " ")); SEPARATOR="\\n") AS ?packed) WHERE { GRAPH ?g {
  ?s a bkg:Statistic ; rdfs:label ?label } } GROUP BY ?g"""
_EVIDENCE_QUERY = "SELECT ?s ?e ?g WHERE { GRAPH ?g { ?s a bkg:CLASS ; bkg:evidence ?e } }"
_ENTITIES_QUERY = "SELECT ?s ?e ?g WHERE { GRAPH ?g { ?s a bkg:CLASS OPTIONAL { ?s bkg:evidence ?e } } }"

__all__ = ["read_catalog", "Catalog", "Entity", "Section", "Group", "Row", "Bulletin", "Statistic", "Facts", "Link",
           "local_id", "span_start", "ROLE_TITLES", "NATIONAL"]
