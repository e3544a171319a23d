"""What the search index keeps of one bulletin, read from its named graph: the text and metadata,
where its evidence spans start, and its facet values (the classes of the facts it states, roles,
provinces, event kinds, document types, issuers, the officials, organizations and documents it
names, its month).

`search_record` is pure: it takes the quads of one bulletin's graph, so that indexing reads each
bulletin once, straight from the store's indexes, whatever the size of the corpus.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from kg.rdf.iri import bulletin_iri
from kg.rdf.vocab import BKG, ID_BASE

BKG_NS = str(BKG)
SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
PROV_LOCATION = "http://www.w3.org/ns/prov#atLocation"
DCTERMS_DATE = "http://purl.org/dc/terms/date"
# Written by the Party/government classifier into the bulletin's graph (absent: not classified).
PARTY_GOVERNMENT = BKG_NS + "partyGovernment"

# The classes of facts a bulletin can state, as the facet names them.
FACT_CLASSES = ("Official", "Organization", "Document", "Event", "Statistic")
# Base classes that are not a kind: an event's kind is its other bkg: class (Conference, Session …).
_NOT_KINDS = {"Event", "Document", "Bulletin", "Citation", "Evidence", "Official", "Organization", "Statistic"}
# Facets whose values are entities: their rows keep the entity's IRI, for links to its profile.
ENTITY_FACETS = {"official": "Official", "organization": "Organization", "document": "Document"}
FACETS = ("class", "role", "province", "event_kind", "document_type", "issuer", "official", "organization",
          "document", "month")

_DATE = re.compile(r"""
    ^(?: (?P<year>\d{4}) (?: -(?P<month>\d{2}) (?: -(?P<day>\d{2}) )? )?   # 2017, 2017-03, 2017-03-21
       | --(?P<md_month>\d{2})-(?P<md_day>\d{2})                           # --03-21: month and day, no year
    )$""", re.VERBOSE)


@dataclass(frozen=True)
class DateSpan:
    """A date as precise as it is known: `start`/`end` the first and last days it may be (ISO), both
    None when no year is known (a month and day only)."""

    text: str
    start: str | None
    end: str | None


@dataclass
class SearchRecord:
    id: str
    title: str
    text: str
    date: DateSpan | None = None
    date_source: str | None = None  # "bulletin" (its own date) or "event" (the first dated event it reports)
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    political: bool | None = None  # bkg:partyGovernment, None when the bulletin is not classified
    content_hash: str = ""
    extractor_version: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)  # evidence (start, end), sorted
    facets: set[tuple[str, str, str]] = field(default_factory=set)  # (facet, value, entity IRI or "")


def parse_date(text: str) -> DateSpan | None:
    """'2017-03' -> 2017-03-01 … 2017-03-31; '--03-21' -> a day of no known year; junk -> None."""
    m = _DATE.match(text.strip().split("T")[0])  # a dateTime counts as its day
    if not m:
        return None
    if m["md_month"]:
        return DateSpan(text, None, None) if 1 <= int(m["md_month"]) <= 12 else None
    year = int(m["year"])
    if not m["month"]:
        return DateSpan(text, f"{year:04d}-01-01", f"{year:04d}-12-31")
    month = int(m["month"])
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if not m["day"]:
        return DateSpan(text, f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}")
    if not 1 <= int(m["day"]) <= last:
        return None
    day = f"{year:04d}-{month:02d}-{int(m['day']):02d}"
    return DateSpan(text, day, day)


class _Graph:
    """The quads of one bulletin's graph, by subject."""

    def __init__(self, quads: Iterable[ox.Quad]):
        self.props: dict[str, dict[str, list[str]]] = {}  # subject -> predicate -> IRIs and lexical forms
        for q in quads:
            if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple):
                self.props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object.value)

    def values(self, subject: str, predicate: str) -> list[str]:
        return self.props.get(subject, {}).get(predicate, [])

    def first(self, subject: str, *predicates: str) -> str | None:
        for p in predicates:
            for v in self.values(subject, p):
                return v
        return None

    def types(self, subject: str) -> set[str]:
        return {t[len(BKG_NS):] for t in self.values(subject, RDF_TYPE) if t.startswith(BKG_NS)}

    def label(self, subject: str) -> str | None:
        return self.first(subject, SKOS_PREF, SDO + "name", RDFS_LABEL)


def search_record(bulletin_id: str, quads: Iterable[ox.Quad]) -> SearchRecord | None:
    """The record of one bulletin from the quads of its graph; None when the graph holds no bulletin."""
    g = _Graph(quads)
    b = bulletin_iri(bulletin_id)
    if b not in g.props:
        return None
    text = g.first(b, BKG_NS + "text") or ""
    political = g.first(b, PARTY_GOVERNMENT)
    record = SearchRecord(
        bulletin_id, g.first(b, SDO + "headline") or "", text, publisher=g.first(b, SDO + "publisher"),
        author=g.first(b, SDO + "author"), url=g.first(b, SDO + "url"),
        political=None if political is None else political in ("true", "1"),
        content_hash=g.first(b, BKG_NS + "contentHash") or "", extractor_version=g.first(b, BKG_NS + "extractorVersion") or "")
    spans = set()
    for subject in g.props:
        spans |= _subject_facets(g, subject, record)
    record.spans = sorted(spans)
    for place in g.values(b, BKG_NS + "scopeArea"):
        _add_province(g, place, record)
    record.date, record.date_source = _bulletin_date(g, b)
    if record.date and record.date.start and record.date.end and record.date.start[:7] == record.date.end[:7]:
        record.facets.add(("month", record.date.start[:7], ""))
    return record


def _bulletin_date(g: _Graph, bulletin: str) -> tuple[DateSpan | None, str | None]:
    """The bulletin's own date; else, for an undated bulletin (the corpus's articles carry none), the
    first date of the events it reports, which `--assume-year` completes."""
    own = g.first(bulletin, SDO + "datePublished", DCTERMS_DATE)
    date = parse_date(own) if own else None
    if date is not None and date.start is not None:
        return date, "bulletin"
    event_dates = sorted((d for d in (parse_date(x) for x in _event_dates(g)) if d and d.start),
                         key=lambda d: (d.start, d.end))
    if event_dates:
        return event_dates[0], "event"
    return date, "bulletin" if date else None


def _event_dates(g: _Graph) -> list[str]:
    return [v for s in g.props if "Event" in g.types(s) for v in g.values(s, SDO + "startDate")]


def _subject_facets(g: _Graph, subject: str, record: SearchRecord) -> set[tuple[int, int]]:
    """Add the facet values one node of the graph gives; returns its evidence span, if it is one."""
    types = g.types(subject)
    if "Evidence" in types:
        start, end = g.first(subject, BKG_NS + "startOffset"), g.first(subject, BKG_NS + "endOffset")
        return {(int(start), int(end))} if start is not None and end is not None else set()
    record.facets.update(("class", cls, "") for cls in FACT_CLASSES if cls in types)
    for facet, cls in ENTITY_FACETS.items():
        if cls in types and (label := g.label(subject)):
            record.facets.add((facet, label, subject))
    _kind_facets(g, subject, types, record)
    record.facets.update(("role", r[len(BKG_NS):], "") for r in g.values(subject, BKG_NS + "participationRole")
                         if r.startswith(BKG_NS))
    return set()


def _kind_facets(g: _Graph, subject: str, types: set[str], record: SearchRecord) -> None:
    """An event's kind and province, a document's type and issuer."""
    kinds = types - _NOT_KINDS
    if "Event" in types:
        record.facets.update(("event_kind", k, "") for k in kinds)
        for place in g.values(subject, PROV_LOCATION):
            _add_province(g, place, record)
    if "Document" in types:
        record.facets.update(("document_type", k, "") for k in kinds)
        for issuer in g.values(subject, BKG_NS + "issuer"):
            if label := g.label(issuer):
                record.facets.add(("issuer", label, issuer))


def _add_province(g: _Graph, place: str, record: SearchRecord, depth: int = 0) -> None:
    """A province, or the province a district lies in (its schema:containedInPlace)."""
    local = place[len(ID_BASE):] if place.startswith(ID_BASE) else ""
    if local.startswith("place/vn/province"):
        if label := g.label(place):
            record.facets.add(("province", label, place))
    elif local.startswith("place/vn/") and depth < 3:
        for up in g.values(place, SDO + "containedInPlace"):
            _add_province(g, up, record, depth + 1)
