"""Map one bulletin's records to RDF quads in the bulletin's own named graph.

Pure: records in, quads out (pyoxigraph terms, which the store writes without conversion). Every
extracted node carries `bkg:evidence` pointing at the span of cleaned text it was read from, and every
evidence node points back to the bulletin with `prov:wasDerivedFrom`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import namespace as ns

from kg.fingerprint import extractor_version
from kg.kinds import registry
from kg.nlp.numbers import decimal_lexical
from kg.rdf import cube, places, vocab
from kg.rdf.evidence import evidence_sentence
from kg.rdf.iri import bulletin_iri, graph_iri, local_iri, mint_role_iri, slug
from kg.rdf.resolve import province_in
from kg.records import Evidence, Extraction
from kg.resolution.mentions import ResolvedBulletin, resolve_mentions


class _Terms:
    """A vocabulary's terms as pyoxigraph NamedNodes, each built on first use and kept: an rdflib
    `DefinedNamespace` looks a term up on every attribute access, and a bulletin uses ~150 of them.
    A misspelt term still fails, with the namespace's AttributeError."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        node = NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node


BKG, ORG, PROV, QB, RDF, RDFS, SDO, SKOS, TIME, XSD = (
    _Terms(n) for n in (vocab.BKG, ns.ORG, ns.PROV, ns.QB, ns.RDF, ns.RDFS, ns.SDO, ns.SKOS, ns.TIME, ns.XSD))
ELI = _Terms(vocab.ELI)
DCTERMS = _Terms(ns.DCTERMS)
PLACE_TYPES = {"country": SDO.Country, "province": SDO.AdministrativeArea, "district": SDO.AdministrativeArea}

# Kinds come from the ontology (kg.kinds): the notation the extractor writes -> the class.
EVENT_CLASSES = {n: NamedNode(k.iri) for n, k in registry().by_notation("Event").items()}
DOCUMENT_CLASSES = {n: NamedNode(k.iri) for n, k in registry().by_notation("Document").items()}
ROLE_TERMS = {k.notation: NamedNode(k.iri) for k in registry().roles if k.notation}
ROLE_SHORTCUTS = {"chaired": BKG.chairedBy, "attended": BKG.attendedBy, "spoke": BKG.speaker}


@lru_cache(maxsize=4096)
def N(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def vi(text: str) -> Literal:
    return Literal(text, language="vi")


def s(text: str) -> Literal:
    return Literal(text)


def date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def decimal(x) -> Literal:
    """An exact xsd:decimal (kg.nlp.numbers gives Decimal values; no float on the way)."""
    return Literal(decimal_lexical(x), datatype=XSD.decimal)


class _Graph:
    def __init__(self, graph: str):
        self.g = N(graph)
        self.quads: list[Quad] = []
        self._seen: set[Quad] = set()

    def add(self, subj: str, pred: NamedNode, obj) -> None:
        quad = Quad(N(subj), pred, obj if isinstance(obj, (Literal, NamedNode)) else N(obj), self.g)
        if quad not in self._seen:
            self._seen.add(quad)
            self.quads.append(quad)


def map_extraction(x: Extraction, resolved: ResolvedBulletin | None = None) -> list[Quad]:
    """All quads of one bulletin, in its named graph, with the entity IRIs that the resolution stage
    (kg.resolution) gives its mentions. Each kind of fact is written by its own pass, in an order
    that lets later passes link to what earlier ones wrote (events to documents and officials)."""
    w = _BulletinWriter(x, resolved if resolved is not None else resolve_mentions(x))
    w.bulletin()
    for o in x.organizations:
        w.org(o.name, o.evidence)
    doc_iris = w.documents()
    person_iris = w.officials()
    for n, event in enumerate(x.events, start=1):
        w.event(n, event, doc_iris, person_iris)
    w.statistics()
    w.facts(person_iris)
    return w.g.quads


class _BulletinWriter:
    """What one bulletin's passes share: its graph, the resolution of its mentions, and the nodes
    already described in it (places, evidence spans, organizations), each written once."""

    def __init__(self, x: Extraction, resolved: ResolvedBulletin):
        self.x, self.resolved = x, resolved
        self.bid = x.bulletin.id
        self.g = _Graph(graph_iri(self.bid))
        self.bul = bulletin_iri(self.bid)
        self.on = x.bulletin.date or x.bulletin.reference_date
        self._places: set[str] = set()
        self._evidence: dict[tuple[int, int], str] = {}
        self._orgs: set[str] = set()

    def bulletin(self) -> None:
        b, g, bul = self.x.bulletin, self.g, self.bul
        for cls in (BKG.Bulletin, SDO.NewsArticle, PROV.Entity):
            g.add(bul, RDF.type, cls)
        g.add(bul, SDO.identifier, s(b.id))
        g.add(bul, BKG.text, s(b.text))
        g.add(bul, BKG.contentHash, s(b.content_hash))
        g.add(bul, BKG.extractorVersion, s(self.x.extractor_version or extractor_version()))
        if self.x.party_government is not None:
            g.add(bul, BKG.partyGovernment, Literal("true" if self.x.party_government else "false", datatype=XSD.boolean))
        if b.title:
            g.add(bul, SDO.headline, vi(b.title))
            g.add(bul, RDFS.label, vi(b.title))
        if b.date:
            g.add(bul, SDO.datePublished, date(b.date))
        if b.url:
            g.add(bul, SDO.url, N(b.url) if re.match(r"^https?://\S+$", b.url) else s(b.url))
        for value, pred, literal in ((b.source, SDO.publisher, s), (b.province, SDO.spatialCoverage, vi),
                                     (b.author, SDO.author, s)):
            if value:
                g.add(bul, pred, literal(value))
        g.add(bul, BKG.scope, s(self.resolved.scope))
        self.scope_area(bul, self.resolved.scope)

    # -- nodes shared by the passes ---------------------------------------------------------------

    def place(self, p: places.Place | None) -> str | None:
        """The place's IRI, described in this graph (with the places that contain or replace it)."""
        if p is None:
            return None
        if p.iri not in self._places:
            self._places.add(p.iri)
            _describe_place(self.g, p)
            if p.parent:
                self.place(places.by_iri(p.parent))
            if p.replaced_by:  # the province that took it over in 2025, so either name finds both
                self.g.add(p.iri, DCTERMS.isReplacedBy, self.place(places.by_iri(p.replaced_by)))
        return p.iri

    def place_named(self, name: str) -> str | None:
        return self.place(places.place_in(name, province_hint=self.resolved.province, on=self.on))

    def scope_area(self, node: str, key: str | None) -> None:
        area = self.place(places.scope_place(key, on=self.on))
        if area:
            self.g.add(node, BKG.scopeArea, area)

    def ev(self, e: Evidence) -> str:
        iri = self._evidence.get((e.start, e.end))
        if iri is not None:  # a span that evidences two things (a document and its citation) is one node
            return iri
        iri = self._evidence[(e.start, e.end)] = local_iri("evidence", self.bid, e.start, e.end)
        g = self.g
        g.add(iri, RDF.type, BKG.Evidence)
        g.add(iri, RDF.type, PROV.Entity)
        g.add(iri, BKG.startOffset, integer(e.start))
        g.add(iri, BKG.endOffset, integer(e.end))
        g.add(iri, BKG.quote, s(e.quote))
        g.add(iri, BKG.sentence, s(evidence_sentence(self.x.bulletin.text, e.start, e.end)))
        g.add(iri, PROV.wasDerivedFrom, self.bul)
        return iri

    def org(self, name: str, evidence: list[Evidence]) -> str | None:
        """The organization's IRI, or None for a mention the resolution stage dropped (a place)."""
        found = self.resolved.organization(name)
        if found is None:
            return None
        iri, g = found.iri, self.g
        if iri not in self._orgs:
            self._orgs.add(iri)
            g.add(iri, RDF.type, BKG.Organization)
            g.add(iri, RDF.type, ORG.Organization)
            g.add(iri, SKOS.prefLabel, vi(found.label))
            self.scope_area(iri, _org_scope(iri))
        g.add(iri, RDFS.label, vi(name))  # every surface form is kept as an alias
        for e in evidence:
            g.add(iri, BKG.evidence, self.ev(e))
        return iri

    # -- documents ----------------------------------------------------------------------------------

    def documents(self) -> dict[str, str]:
        """Documents and the bulletin's citations of them; returns the IRI of each document key."""
        doc_iris: dict[str, str] = {}
        for d, rd in zip(self.x.documents, self.resolved.documents):
            doc_iris[d.number or d.name or ""] = rd.iri
            self.document(d, rd)
            for e in d.evidence:
                self.citation(d, rd.iri, e)
        return doc_iris

    def document(self, d, rd) -> None:
        g, iri = self.g, rd.iri
        if rd.scope:
            g.add(iri, BKG.scope, s(rd.scope))
            self.scope_area(iri, rd.scope)
        for cls in (BKG.Document, DOCUMENT_CLASSES.get(d.type, BKG.OtherDocument), SDO.Legislation, ELI.LegalResource):
            g.add(iri, RDF.type, cls)
        g.add(iri, RDFS.label, vi(_document_label(d, rd.number)))
        if rd.number:
            g.add(iri, BKG.documentNumber, s(rd.number))
        if rd.code:
            g.add(iri, BKG.documentCode, s(rd.code))
        if d.date:
            g.add(iri, BKG.documentDate, date(d.date))
        issuer = self.org(d.issuer, []) if d.issuer else None
        if issuer:
            g.add(iri, BKG.issuer, issuer)
        if d.session:
            g.add(iri, BKG.issuingSession, vi(d.session))
        if d.title:
            g.add(iri, BKG.title, vi(d.title))
        g.add(self.bul, BKG.cites, iri)

    def citation(self, d, iri: str, e: Evidence) -> None:
        g = self.g
        cit = local_iri("citation", self.bid, e.start, e.end, slug(d.number or d.name or ""))
        g.add(cit, RDF.type, BKG.Citation)
        g.add(cit, RDF.type, PROV.Entity)
        g.add(cit, BKG.citesDocument, iri)
        g.add(cit, BKG.evidence, self.ev(e))
        g.add(cit, PROV.wasDerivedFrom, self.bul)
        g.add(iri, BKG.evidence, self.ev(e))

    # -- officials ----------------------------------------------------------------------------------

    def officials(self) -> dict[str, str]:
        """Officials and their positions, dated by the bulletin; returns each official's IRI."""
        person_iris: dict[str, str] = {}
        stated_on = _statement_dates(self.x)
        for o in self.x.officials:
            person_iris[o.name] = iri = self.official(o)
            for p in o.positions:
                self.position(o.name, iri, p, stated_on.get(o.name))
        return person_iris

    def official(self, o) -> str:
        g, resolved = self.g, self.resolved
        iri = resolved.officials[o.name]
        if o.name in resolved.homes:
            g.add(iri, BKG.scope, s(resolved.homes[o.name]))
            self.scope_area(iri, resolved.homes[o.name])
        self.person_node(iri, o.name)
        for e in o.evidence:
            g.add(iri, BKG.evidence, self.ev(e))
        return iri

    def person_node(self, iri: str, name: str) -> None:
        """What every official's node states in a bulletin: its types, its name, and the key the
        resolution stage blocks on."""
        g = self.g
        g.add(iri, BKG.blockingKey, s(self.resolved.blocking_keys[name]))
        for cls in (BKG.Official, SDO.Person, PROV.Agent):
            g.add(iri, RDF.type, cls)
        g.add(iri, SDO.name, vi(name))
        g.add(iri, RDFS.label, vi(name))

    def position(self, name: str, person: str, p, stated: str | None) -> None:
        g = self.g
        pos = local_iri("position", self.bid, slug(name), slug(p.label))
        role = mint_role_iri(p.role)
        g.add(pos, RDF.type, BKG.Position)
        g.add(pos, RDF.type, ORG.Membership)
        g.add(pos, ORG.member, person)
        g.add(pos, ORG.role, role)
        g.add(pos, BKG.positionLabel, s(p.label))
        g.add(pos, RDFS.label, vi(f"{name} – {p.label}"))
        body = self.org(p.organization, []) if p.organization else None
        if body:
            g.add(pos, ORG.organization, body)
        if stated:
            g.add(pos, BKG.statedOn, partial_date(stated))
        if p.evidence:
            g.add(pos, BKG.evidence, self.ev(p.evidence))
        g.add(role, RDF.type, BKG.Role)
        g.add(role, RDF.type, ORG.Role)
        g.add(role, RDFS.label, vi(p.role))

    # -- events -------------------------------------------------------------------------------------

    def event(self, n: int, event, doc_iris: dict[str, str], person_iris: dict[str, str]) -> None:
        g = self.g
        iri = local_iri("event", self.bid, n)
        for cls in (BKG.Event, EVENT_CLASSES.get(event.kind, BKG.OtherEvent), SDO.Event, PROV.Activity):
            g.add(iri, RDF.type, cls)
        g.add(iri, RDFS.label, vi(event.name))
        g.add(iri, SDO.name, vi(event.name))
        if event.date:  # a day-month of an unknown year stays partial: "--06-21"^^xsd:gMonthDay
            g.add(iri, SDO.startDate, partial_date(event.date))
        if event.place:
            self.event_place(iri, event.place)
        for e in event.evidence:
            g.add(iri, BKG.evidence, self.ev(e))
        # An event is a prov:Activity, which PROV keeps apart from entities: it is the subject of
        # the bulletin, not derived from it.
        g.add(iri, SDO.subjectOf, self.bul)
        self.event_links(n, iri, event, doc_iris, person_iris)

    def event_links(self, n: int, iri: str, event, doc_iris: dict[str, str], person_iris: dict[str, str]) -> None:
        """The event's organizers, the documents it implements and reviews, and its participants."""
        g = self.g
        organizers = [body for body in (self.org(name, []) for name in event.organizers) if body]
        for body in organizers:
            g.add(iri, BKG.organizer, body)
            g.add(iri, PROV.wasAssociatedWith, body)
            g.add(body, RDF.type, PROV.Agent)
        self.plans(n, iri, [doc_iris[k] for k in event.implements if k in doc_iris], organizers)
        for key in event.reviews:
            if key in doc_iris:
                g.add(iri, BKG.reviews, doc_iris[key])
        for p in event.participations:
            if p.official in person_iris:
                self.participation(n, iri, p, person_iris[p.official])

    def event_place(self, iri: str, place: str) -> None:
        self.g.add(iri, BKG.place, vi(place))
        at = self.place_named(place)
        if at:
            self.g.add(iri, PROV.atLocation, at)

    def plans(self, n: int, event: str, plans: list[str], organizers: list[str]) -> None:
        """bkg:implements, and PROV's own pattern for "carried out following a plan": a qualified
        association of the activity with its agents (the organizers) and prov:hadPlan."""
        if not plans:
            return
        g = self.g
        for plan in plans:
            g.add(event, BKG.implements, plan)
        assoc = local_iri("association", self.bid, n)
        g.add(event, PROV.qualifiedAssociation, assoc)
        g.add(assoc, RDF.type, PROV.Association)
        for body in organizers:
            g.add(assoc, PROV.agent, body)
        for plan in plans:
            g.add(assoc, PROV.hadPlan, plan)
            g.add(plan, RDF.type, PROV.Plan)

    def participation(self, n: int, event: str, p, person: str) -> None:
        g = self.g
        part = local_iri("participation", self.bid, n, slug(p.official), p.role)
        g.add(part, RDF.type, BKG.Participation)
        g.add(part, BKG.participant, person)
        g.add(part, BKG.inEvent, event)
        g.add(part, BKG.participationRole, ROLE_TERMS[p.role])
        # The role individuals are typed in every graph that uses them, so that each bulletin's
        # graph validates on its own.
        g.add(ROLE_TERMS[p.role].value, RDF.type, BKG.ParticipationRole)
        g.add(part, BKG.evidence, self.ev(p.evidence))
        if p.role in ROLE_SHORTCUTS:
            g.add(event, ROLE_SHORTCUTS[p.role], person)

    # -- statistics ---------------------------------------------------------------------------------

    def statistics(self) -> None:
        """Statistics: observations of the one statistics cube (kg.rdf.cube)."""
        if not self.x.statistics:
            return
        g = self.g
        g.add(cube.DATASET, RDF.type, QB.DataSet)
        g.add(cube.DATASET, QB.structure, BKG.statisticsStructure)
        g.add(cube.DATASET, RDFS.label, vi("Số liệu nêu trong các bản tin"))
        g.add(BKG.notStated.value, RDF.type, BKG.NotStated)
        year = _year(self.on)
        for st in self.x.statistics:
            self.statistic(st, year)

    def statistic(self, st, year: int | None) -> None:
        g, e = self.g, st.evidence
        iri = local_iri("statistic", self.bid, e.start if e else 0, e.end if e else 0)
        for cls in (BKG.Statistic, QB.Observation, PROV.Entity):
            g.add(iri, RDF.type, cls)
        g.add(iri, QB.dataSet, cube.DATASET)
        g.add(iri, BKG.sourceBulletin, self.bul)
        g.add(iri, BKG.statement, self.ev(e) if e else BKG.notStated)
        self.measure(iri, st)
        self.period(iri, st.period, year)
        g.add(iri, RDFS.label, vi(e.quote if e else f"{st.value} {st.unit}"))
        if st.qualifier:
            g.add(iri, BKG.qualifier, vi(st.qualifier))
        if st.period:
            g.add(iri, BKG.period, vi(st.period))
        g.add(iri, BKG.about, self.statistic_subject(st.about) or BKG.notStated)
        if e:
            g.add(iri, BKG.evidence, self.ev(e))
        g.add(iri, PROV.wasDerivedFrom, self.bul)

    def measure(self, iri: str, st) -> None:
        """A statistic's value (and upper bound of a range), its unit as written and the unit's IRI."""
        g = self.g
        g.add(iri, BKG.value, decimal(st.value))
        if st.value_max is not None:
            g.add(iri, BKG.maxValue, decimal(st.value_max))
        g.add(iri, BKG.unit, s(st.unit))
        unit = cube.unit_iri(st.unit)
        if unit:
            g.add(iri, BKG.unitOfMeasure, unit)

    def statistic_subject(self, about: str | None) -> str | None:
        """What a statistic is about: an organization, else a place (which the resolution stage does
        not make an organization); None when the text does not say."""
        if not about:
            return None
        return self.org(about, []) or self.place_named(about)

    # -- facts of other kinds (kg.nlp.facts), written from what the ontology declares of them -----------

    def facts(self, person_iris: dict[str, str]) -> None:
        for n, fact in enumerate(self.x.facts, start=1):
            kind = registry().fact(fact.kind)
            if kind is None:
                continue
            g = self.g
            iri = local_iri("fact", self.bid, fact.kind, n)
            for cls in (BKG.Fact, N(kind.kind.iri), PROV.Entity):
                g.add(iri, RDF.type, cls)
            g.add(iri, RDFS.label, vi(f"{kind.kind.label_vi}: " + ", ".join(fact.fields.values())))
            for name, value in fact.fields.items():
                f = kind.field(name)
                obj = self.field_value(f, value, person_iris, fact.evidence) if f is not None else None
                if f is not None and obj is not None:
                    g.add(iri, N(f.prop), obj)
            g.add(iri, BKG.evidence, self.ev(fact.evidence))
            g.add(iri, PROV.wasDerivedFrom, self.bul)

    def field_value(self, f, value: str, person_iris: dict[str, str], evidence: Evidence):
        """A fact field's value as its property's range says: an official or organization of this
        bulletin, a concept of the ontology (by notation), a date, or text."""
        if f.range == BKG.Official.value:
            return N(person_iris[value]) if value in person_iris else self.fact_person(value, evidence)
        if f.range == BKG.Organization.value:
            body = self.org(value, [])
            return N(body) if body else None
        if f.values:
            concept = f.values.get(value)
            if concept:
                self.g.add(concept, RDF.type, N(f.range))
            return N(concept) if concept else None
        if f.range == XSD.date.value:
            return partial_date(value)
        return vi(value)

    def fact_person(self, name: str, evidence: Evidence) -> NamedNode | None:
        """A person only a fact names (no post, so not among the officials): an official node all
        the same, which resolution merges with the person's other mentions, with the name's span
        inside the fact's evidence as its own."""
        iri = self.resolved.officials.get(name)
        if iri is None:
            return None
        g = self.g
        at = self.x.bulletin.text.find(name, evidence.start, evidence.end + len(name))
        if at < 0:
            at = self.x.bulletin.text.find(name)
        if at >= 0:
            g.add(iri, BKG.evidence, self.ev(Evidence(at, at + len(name), name)))
        self.person_node(iri, name)
        return N(iri)

    def period(self, iri: str, period: str | None, year: int | None) -> None:
        key = cube.period_key(period, year)
        if key:
            node = cube.period_iri(key)
            self.g.add(iri, BKG.refPeriod, node)
            _interval(self.g, node, *cube.period_bounds(key), label=key)
        else:
            self.g.add(iri, BKG.refPeriod, BKG.notStated)


def _describe_place(g: _Graph, p: places.Place) -> None:
    g.add(p.iri, RDF.type, BKG.Place)
    g.add(p.iri, RDF.type, PROV.Location)
    g.add(p.iri, RDF.type, PLACE_TYPES[p.level])
    g.add(p.iri, RDFS.label, vi(p.name))
    g.add(p.iri, SKOS.prefLabel, vi(p.name))
    if p.short != p.name:
        g.add(p.iri, SKOS.altLabel, vi(p.short))
    g.add(p.iri, SKOS.notation, s(p.code))
    if p.parent:
        g.add(p.iri, SDO.containedInPlace, p.parent)


def _org_scope(iri: str) -> str | None:
    """The scope key an organization's IRI was minted in (".../org/p-lao-cai/tinh-uy-..")."""
    m = re.search(r"/org/((?:p|c)-[a-z0-9-]+|vn)/", iri)
    return m.group(1) if m else None


def partial_date(iso: str) -> Literal:
    """A date as precise as it is known: xsd:date, xsd:gYearMonth, xsd:gYear or, for a day-month of an
    unknown year ("--06-21"), xsd:gMonthDay."""
    if iso.startswith("--"):
        return Literal(iso, datatype=XSD.gMonthDay)
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(iso), XSD.date)
    return Literal(iso, datatype=kind)


def _statement_dates(x: Extraction) -> dict[str, str]:
    """The date on which the bulletin states each official's positions: the bulletin's own date;
    for an undated bulletin, the date of the first dated event the official takes part in, else of
    the bulletin's first dated event, else the year the caller assumed (`reference_date`), kept
    partial. Officials of a bulletin with none of these get no date."""
    b = x.bulletin
    names = [o.name for o in x.officials]
    if b.date:
        return dict.fromkeys(names, b.date)
    dated = [e for e in x.events if e.date and not e.date.startswith("--")]  # a day-month states no year
    fallback = dated[0].date if dated else (b.reference_date or None)
    out: dict[str, str] = {}
    for name in names:
        own = next((e.date for e in dated if any(p.official == name for p in e.participations)), None)
        when = own or fallback
        if when:
            out[name] = when
    return out


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and re.match(r"^\d{4}", iso) else None


def instant_iri(iso: str) -> str:
    return f"{vocab.ID_BASE}instant/{iso}"


def _instant(g: _Graph, iso: str) -> str:
    iri = instant_iri(iso)
    g.add(iri, RDF.type, TIME.Instant)
    g.add(iri, TIME.inXSDDate, date(iso))
    return iri


def _interval(g: _Graph, iri: str, begin: str, end: str, *, label: str) -> None:
    """An OWL-Time interval from its first to its last day."""
    g.add(iri, RDF.type, TIME.ProperInterval)
    g.add(iri, RDFS.label, s(label))
    g.add(iri, TIME.hasBeginning, _instant(g, begin))
    g.add(iri, TIME.hasEnd, _instant(g, end))


_COMPOUND_TYPE_WORDS = {"Nghị quyết liên tịch", "Thông tư liên tịch", "Thông báo kết luận", "Chương trình hành động",
                        "Bộ luật", "Công điện", "Pháp lệnh"}


def _document_label(d, number: str | None) -> str:
    from kg.nlp.documents import DOCUMENT_TYPES

    if d.name:
        return d.name
    word = next((k for k, v in DOCUMENT_TYPES.items() if v == d.type and k not in _COMPOUND_TYPE_WORDS), "Văn bản")
    return f"{word} số {number}"


__all__ = ["map_extraction", "province_in"]
