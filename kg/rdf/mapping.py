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
from kg.nlp.numbers import decimal_lexical
from kg.rdf import vocab
from kg.rdf.evidence import evidence_sentence
from kg.rdf import cube, places
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

EVENT_CLASSES = {"conference": BKG.Conference, "congress": BKG.Congress, "ceremony": BKG.Ceremony,
                 "seminar": BKG.Seminar, "session": BKG.Session, "meeting": BKG.Meeting,
                 "inspection": BKG.Inspection, "discipline": BKG.Discipline, "appointment": BKG.Appointment,
                 "other": BKG.OtherEvent}
DOCUMENT_CLASSES = {"resolution": BKG.Resolution, "directive": BKG.Directive, "plan": BKG.Plan,
                    "decision": BKG.Decision, "conclusion": BKG.Conclusion, "regulation": BKG.Regulation,
                    "rules": BKG.Rules, "notice": BKG.Notice, "guideline": BKG.Guideline,
                    "programme": BKG.Programme, "project": BKG.Project, "official_letter": BKG.OfficialLetter,
                    "law": BKG.Law, "decree": BKG.Decree, "circular": BKG.Circular,
                    "constitution": BKG.Constitution, "other": BKG.OtherDocument}
ROLE_TERMS = {"chaired": BKG.chaired, "attended": BKG.attended, "spoke": BKG.spoke, "reported": BKG.reported}
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
    (kg.resolution) gives its mentions."""
    if resolved is None:
        resolved = resolve_mentions(x)
    b = x.bulletin
    bid = b.id
    g = _Graph(graph_iri(bid))
    scope = resolved.scope
    bul = bulletin_iri(bid)
    text = b.text

    g.add(bul, RDF.type, BKG.Bulletin)
    g.add(bul, RDF.type, SDO.NewsArticle)
    g.add(bul, RDF.type, PROV.Entity)
    g.add(bul, SDO.identifier, s(bid))
    g.add(bul, BKG.text, s(text))
    g.add(bul, BKG.contentHash, s(b.content_hash))
    g.add(bul, BKG.extractorVersion, s(x.extractor_version or extractor_version()))
    if b.title:
        g.add(bul, SDO.headline, vi(b.title))
        g.add(bul, RDFS.label, vi(b.title))
    if b.date:
        g.add(bul, SDO.datePublished, date(b.date))
    if b.url:
        g.add(bul, SDO.url, N(b.url) if re.match(r"^https?://\S+$", b.url) else s(b.url))
    if b.source:
        g.add(bul, SDO.publisher, s(b.source))
    if b.province:
        g.add(bul, SDO.spatialCoverage, vi(b.province))
    if b.author:
        g.add(bul, SDO.author, s(b.author))
    g.add(bul, BKG.scope, s(scope))
    on = b.date or b.reference_date
    described: set[str] = set()

    def place(p: places.Place | None) -> str | None:
        """The place's IRI, described in this graph (with the places that contain or replace it)."""
        if p is None:
            return None
        if p.iri not in described:
            described.add(p.iri)
            _describe_place(g, p)
            if p.parent:
                place(places.by_iri(p.parent))
            if p.replaced_by:  # the province that took it over in 2025, so either name finds both
                g.add(p.iri, DCTERMS.isReplacedBy, place(places.by_iri(p.replaced_by)))
        return p.iri

    def scope_area(node: str, key: str | None) -> None:
        area = place(places.scope_place(key, on=on))
        if area:
            g.add(node, BKG.scopeArea, area)

    scope_area(bul, scope)

    evidence_iris: dict[tuple[int, int], str] = {}

    def ev(e: Evidence) -> str:
        iri = evidence_iris.get((e.start, e.end))
        if iri is not None:  # a span that evidences two things (a document and its citation) is one node
            return iri
        iri = evidence_iris[(e.start, e.end)] = local_iri("evidence", bid, e.start, e.end)
        g.add(iri, RDF.type, BKG.Evidence)
        g.add(iri, RDF.type, PROV.Entity)
        g.add(iri, BKG.startOffset, integer(e.start))
        g.add(iri, BKG.endOffset, integer(e.end))
        g.add(iri, BKG.quote, s(e.quote))
        g.add(iri, BKG.sentence, s(evidence_sentence(text, e.start, e.end)))
        g.add(iri, PROV.wasDerivedFrom, bul)
        return iri

    typed: set[str] = set()

    def org(name: str, evidence: list[Evidence]) -> str | None:
        """The organization's IRI, or None for a mention the resolution stage dropped (a place)."""
        found = resolved.organization(name)
        if found is None:
            return None
        iri = found.iri
        if iri not in typed:
            typed.add(iri)
            g.add(iri, RDF.type, BKG.Organization)
            g.add(iri, RDF.type, ORG.Organization)
            g.add(iri, SKOS.prefLabel, vi(found.label))
            scope_area(iri, _org_scope(iri))
        g.add(iri, RDFS.label, vi(name))  # every surface form is kept as an alias
        for e in evidence:
            g.add(iri, BKG.evidence, ev(e))
        return iri

    for o in x.organizations:
        org(o.name, o.evidence)

    # Documents and the bulletin's citations of them.
    doc_iris: dict[str, str] = {}
    for d, rd in zip(x.documents, resolved.documents):
        iri, number, code = rd.iri, rd.number, rd.code
        doc_iris[d.number or d.name] = iri
        if rd.scope:
            g.add(iri, BKG.scope, s(rd.scope))
            scope_area(iri, rd.scope)
        g.add(iri, RDF.type, BKG.Document)
        g.add(iri, RDF.type, DOCUMENT_CLASSES.get(d.type, BKG.OtherDocument))
        g.add(iri, RDF.type, SDO.Legislation)
        g.add(iri, RDF.type, ELI.LegalResource)
        g.add(iri, RDFS.label, vi(_document_label(d, number)))
        if number:
            g.add(iri, BKG.documentNumber, s(number))
        if code:
            g.add(iri, BKG.documentCode, s(code))
        if d.date:
            g.add(iri, BKG.documentDate, date(d.date))
        issuer = org(d.issuer, []) if d.issuer else None
        if issuer:
            g.add(iri, BKG.issuer, issuer)
        if d.session:
            g.add(iri, BKG.issuingSession, vi(d.session))
        if d.title:
            g.add(iri, BKG.title, vi(d.title))
        g.add(bul, BKG.cites, iri)
        for e in d.evidence:
            cit = local_iri("citation", bid, e.start, e.end, slug(d.number or d.name or ""))
            g.add(cit, RDF.type, BKG.Citation)
            g.add(cit, RDF.type, PROV.Entity)
            g.add(cit, BKG.citesDocument, iri)
            g.add(cit, BKG.evidence, ev(e))
            g.add(cit, PROV.wasDerivedFrom, bul)
            g.add(iri, BKG.evidence, ev(e))

    # Officials and their positions, dated by the bulletin.
    person_iris: dict[str, str] = {}
    stated_on = _statement_dates(x)
    for o in x.officials:
        iri = resolved.officials[o.name]
        person_iris[o.name] = iri
        if o.name in resolved.homes:
            g.add(iri, BKG.scope, s(resolved.homes[o.name]))
            scope_area(iri, resolved.homes[o.name])
        g.add(iri, BKG.blockingKey, s(resolved.blocking_keys[o.name]))
        g.add(iri, RDF.type, BKG.Official)
        g.add(iri, RDF.type, SDO.Person)
        g.add(iri, RDF.type, PROV.Agent)
        g.add(iri, SDO.name, vi(o.name))
        g.add(iri, RDFS.label, vi(o.name))
        for e in o.evidence:
            g.add(iri, BKG.evidence, ev(e))
        for p in o.positions:
            pos = local_iri("position", bid, slug(o.name), slug(p.label))
            role = mint_role_iri(p.role)
            g.add(pos, RDF.type, BKG.Position)
            g.add(pos, RDF.type, ORG.Membership)
            g.add(pos, ORG.member, iri)
            g.add(pos, ORG.role, role)
            g.add(pos, BKG.positionLabel, s(p.label))
            g.add(pos, RDFS.label, vi(f"{o.name} – {p.label}"))
            body = org(p.organization, []) if p.organization else None
            if body:
                g.add(pos, ORG.organization, body)
            stated = stated_on.get(o.name)
            if stated:
                g.add(pos, BKG.statedOn, partial_date(stated))
            if p.evidence:
                g.add(pos, BKG.evidence, ev(p.evidence))
            g.add(role, RDF.type, BKG.Role)
            g.add(role, RDF.type, ORG.Role)
            g.add(role, RDFS.label, vi(p.role))

    # Events.
    for n, event in enumerate(x.events, start=1):
        iri = local_iri("event", bid, n)
        g.add(iri, RDF.type, BKG.Event)
        g.add(iri, RDF.type, EVENT_CLASSES.get(event.kind, BKG.OtherEvent))
        g.add(iri, RDF.type, SDO.Event)
        g.add(iri, RDF.type, PROV.Activity)
        g.add(iri, RDFS.label, vi(event.name))
        g.add(iri, SDO.name, vi(event.name))
        if event.date:
            g.add(iri, SDO.startDate, date(event.date))
        if event.place:
            g.add(iri, BKG.place, vi(event.place))
            at = place(places.place_in(event.place, province_hint=resolved.province, on=on))
            if at:
                g.add(iri, PROV.atLocation, at)
        for e in event.evidence:
            g.add(iri, BKG.evidence, ev(e))
        # An event is a prov:Activity, which PROV keeps apart from entities: it is the subject of
        # the bulletin, not derived from it.
        g.add(iri, SDO.subjectOf, bul)
        organizers = [body for body in (org(name, []) for name in event.organizers) if body]
        for body in organizers:
            g.add(iri, BKG.organizer, body)
            g.add(iri, PROV.wasAssociatedWith, body)
            g.add(body, RDF.type, PROV.Agent)
        plans = [doc_iris[key] for key in event.implements if key in doc_iris]
        for plan in plans:
            g.add(iri, BKG.implements, plan)
        if plans:
            # PROV's own pattern for "carried out following a plan": a qualified association of the
            # activity with its agents (the organizers) and prov:hadPlan.
            assoc = local_iri("association", bid, n)
            g.add(iri, PROV.qualifiedAssociation, assoc)
            g.add(assoc, RDF.type, PROV.Association)
            for body in organizers:
                g.add(assoc, PROV.agent, body)
            for plan in plans:
                g.add(assoc, PROV.hadPlan, plan)
                g.add(plan, RDF.type, PROV.Plan)
        for key in event.reviews:
            if key in doc_iris:
                g.add(iri, BKG.reviews, doc_iris[key])
        for p in event.participations:
            person = person_iris.get(p.official)
            if person is None:
                continue
            part = local_iri("participation", bid, n, slug(p.official), p.role)
            g.add(part, RDF.type, BKG.Participation)
            g.add(part, BKG.participant, person)
            g.add(part, BKG.inEvent, iri)
            g.add(part, BKG.participationRole, ROLE_TERMS[p.role])
            # The role individuals are typed in every graph that uses them, so that each bulletin's
            # graph validates on its own.
            g.add(ROLE_TERMS[p.role].value, RDF.type, BKG.ParticipationRole)
            g.add(part, BKG.evidence, ev(p.evidence))
            if p.role in ROLE_SHORTCUTS:
                g.add(iri, ROLE_SHORTCUTS[p.role], person)

    # Statistics: observations of the one statistics cube (kg.rdf.cube).
    if x.statistics:
        g.add(cube.DATASET, RDF.type, QB.DataSet)
        g.add(cube.DATASET, QB.structure, BKG.statisticsStructure)
        g.add(cube.DATASET, RDFS.label, vi("Số liệu nêu trong các bản tin"))
        g.add(BKG.notStated.value, RDF.type, BKG.NotStated)
    year = _year(b.date or b.reference_date)
    for st in x.statistics:
        e = st.evidence
        iri = local_iri("statistic", bid, e.start if e else 0, e.end if e else 0)
        g.add(iri, RDF.type, BKG.Statistic)
        g.add(iri, RDF.type, QB.Observation)
        g.add(iri, RDF.type, PROV.Entity)
        g.add(iri, QB.dataSet, cube.DATASET)
        g.add(iri, BKG.sourceBulletin, bul)
        g.add(iri, BKG.statement, ev(e) if e else BKG.notStated)
        g.add(iri, BKG.value, decimal(st.value))
        if st.value_max is not None:
            g.add(iri, BKG.maxValue, decimal(st.value_max))
        g.add(iri, BKG.unit, s(st.unit))
        unit = cube.unit_iri(st.unit)
        if unit:
            g.add(iri, BKG.unitOfMeasure, unit)
        key = cube.period_key(st.period, year)
        if key:
            period = cube.period_iri(key)
            g.add(iri, BKG.refPeriod, period)
            _interval(g, period, *cube.period_bounds(key), label=key)
        else:
            g.add(iri, BKG.refPeriod, BKG.notStated)
        g.add(iri, RDFS.label, vi(e.quote if e else f"{st.value} {st.unit}"))
        if st.qualifier:
            g.add(iri, BKG.qualifier, vi(st.qualifier))
        if st.period:
            g.add(iri, BKG.period, vi(st.period))
        about = org(st.about, []) if st.about else None
        if st.about and not about:  # a place, which the resolution stage does not make an organization
            about = place(places.place_in(st.about, province_hint=resolved.province, on=on))
        g.add(iri, BKG.about, about or BKG.notStated)
        if e:
            g.add(iri, BKG.evidence, ev(e))
        g.add(iri, PROV.wasDerivedFrom, bul)
    return g.quads


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
    """A date as precise as it is known: xsd:date, xsd:gYearMonth or xsd:gYear."""
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
    dated = [e for e in x.events if e.date]
    fallback = dated[0].date if dated else (b.reference_date or None)
    out = {}
    for name in names:
        own = next((e.date for e in dated if any(p.official == name for p in e.participations)), None)
        if own or fallback:
            out[name] = own or fallback
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
