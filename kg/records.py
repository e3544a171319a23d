"""The records: the plain-data contract between extraction and the graph.

Extraction produces an `Extraction` of these dataclasses; the RDF mapping consumes them. Nothing here
knows about spaCy or RDF. Every record carries the `Evidence` (character offsets into the bulletin's
cleaned text, and the quoted text) it was read from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    quote: str


@dataclass
class Bulletin:
    """One article as read from a source, before cleaning.

    >>> Bulletin(id="demo", raw_text="Hội nghị ...").id
    'demo'
    """

    id: str
    raw_text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO 8601, from metadata or the text's date line
    source: str | None = None  # publisher
    province: str | None = None
    author: str | None = None
    origin: str = ""  # where it was read from: "path" or "path:line"
    text: str = ""  # cleaned text, filled by the cleaning stage
    # Completes dates written without a year when the bulletin itself is undated (e.g. a corpus
    # known to be from one year); never stored as the bulletin's date.
    reference_date: str | None = None
    content_hash: str = ""


@dataclass
class DocumentCitation:
    type: str  # resolution, plan, directive, ... (see ontology skos:notation)
    number: str | None  # canonical "22-NQ/TW"; None for a document cited by name only
    code: str | None = None  # "NQ/TW"
    date: str | None = None
    issuer: str | None = None
    session: str | None = None  # "Hội nghị lần thứ 6"
    title: str | None = None
    name: str | None = None  # "Nghị quyết Trung ương 4 khóa XII" when cited by name
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        if self.number:
            return (self.type, self.number.casefold())
        return (self.type, (self.name or "").casefold())


@dataclass
class Position:
    label: str  # as written: "Phó Bí thư Thường trực Tỉnh ủy"
    role: str  # the title: "Phó Bí thư Thường trực"
    organization: str | None  # the body: "Tỉnh ủy"
    evidence: Evidence | None = None


@dataclass
class Official:
    name: str
    positions: list[Position] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Organization:
    name: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Participation:
    official: str  # the official's name
    role: str  # chaired | attended | spoke | reported
    evidence: Evidence


@dataclass
class Event:
    kind: str  # the skos:notation of a bkg:Event subclass (kg.kinds): conference, meeting, inspection ...
    name: str
    date: str | None = None
    place: str | None = None
    organizers: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)  # document keys (canonical numbers or names)
    reviews: list[str] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def names_with_role(self, role: str) -> list[str]:
        seen: list[str] = []
        for p in self.participations:
            if p.role == role and p.official not in seen:
                seen.append(p.official)
        return seen


@dataclass
class Statistic:
    value: Decimal  # exact (kg.nlp.numbers)
    unit: str
    qualifier: str | None = None
    value_max: Decimal | None = None
    period: str | None = None
    about: str | None = None
    evidence: Evidence | None = None


@dataclass
class Fact:
    """A fact of a kind the ontology declares (a subclass of bkg:Fact, kg.kinds) and a rule module
    extracts: its kind's notation, its fields by the names the ontology gives them ("person",
    "measure", "body", "reason", "date"), and the span it was read from."""
    kind: str
    fields: dict[str, str]
    evidence: Evidence


@dataclass
class Extraction:
    bulletin: Bulletin
    events: list[Event] = field(default_factory=list)
    documents: list[DocumentCitation] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # The ledger's extractor version for a graph made by a non-default pipeline (kg.fingerprint);
    # None: the default one.
    extractor_version: str | None = None
    # Whether the bulletin is a Party/government bulletin rather than other news (kg.nlp.genre);
    # None: not classified.
    party_government: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of `kg extract --json`."""
        return {
            "bulletin": _bulletin_json(self.bulletin, self.party_government),
            "events": [_event_json(e) for e in self.events],
            "documents": [_document_json(d) for d in self.documents],
            "officials": [_official_json(o) for o in self.officials],
            "organizations": [
                {"name": o.name, "evidence": [_evidence_json(x) for x in o.evidence]}
                for o in self.organizations
            ],
            "statistics": [_statistic_json(s) for s in self.statistics],
            "facts": [
                {"kind": f.kind, **f.fields, "evidence": _evidence_json(f.evidence)}
                for f in self.facts
            ],
        }


def _bulletin_json(b: Bulletin, party_government: bool | None) -> dict[str, Any]:
    return {
        "id": b.id,
        "title": b.title,
        "date": b.date,
        "url": b.url,
        "source": b.source,
        "province": b.province,
        "author": b.author,
        "content_hash": b.content_hash,
        "party_government": party_government,
    }


def _event_json(e: Event) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "name": e.name,
        "date": e.date,
        "place": e.place,
        "organizers": list(e.organizers),
        "chaired_by": e.names_with_role("chaired"),
        "attended_by": e.names_with_role("attended"),
        "speakers": e.names_with_role("spoke"),
        "reporters": e.names_with_role("reported"),
        "implements": list(e.implements),
        "reviews": list(e.reviews),
        "evidence": [_evidence_json(x) for x in e.evidence],
    }


def _document_json(d: DocumentCitation) -> dict[str, Any]:
    return {
        "type": d.type,
        "number": d.number,
        "code": d.code,
        "date": d.date,
        "issuer": d.issuer,
        "session": d.session,
        "title": d.title,
        "name": d.name,
        "evidence": [_evidence_json(x) for x in d.evidence],
    }


def _official_json(o: Official) -> dict[str, Any]:
    return {
        "name": o.name,
        "positions": [p.label for p in o.positions],
        "position_details": [
            {"label": p.label, "role": p.role, "organization": p.organization}
            for p in o.positions
        ],
        "evidence": [_evidence_json(x) for x in o.evidence],
    }


def _statistic_json(s: Statistic) -> dict[str, Any]:
    return {
        "value": _plain_number(s.value),
        "value_max": _plain_number(s.value_max),
        "unit": s.unit,
        "qualifier": s.qualifier,
        "period": s.period,
        "about": s.about,
        "evidence": s.evidence.quote if s.evidence else None,
        "offsets": [s.evidence.start, s.evidence.end] if s.evidence else None,
    }


def _evidence_json(e: Evidence) -> dict[str, Any]:
    return dataclasses.asdict(e)


def _plain_number(x) -> int | float | None:
    """A JSON number: an integer when whole, else the nearest float (its shortest repr is the
    decimal written, for the 15 significant digits a bulletin's figure never exceeds)."""
    if x is None:
        return None
    if x == int(x):
        return int(x)
    return float(x)
