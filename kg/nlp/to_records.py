"""Turn the components' spans into the plain records of `kg.records`: one entry per document,
official, organization, event and statistic, however often the bulletin mentions it, each with the
evidence of every mention."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.nlp.about import about_in
from kg.nlp.components import doc_text, payloads
from kg.nlp.events import sentences
from kg.nlp.genre import is_party_government
from kg.records import (
    Bulletin,
    DocumentCitation,
    Event,
    Evidence,
    Extraction,
    Official,
    Organization,
    Participation,
    Position,
    Statistic,
)

# A span longer than this (a list of 4,000 document numbers that each citation shares) is quoted by
# its head and tail joined by " … ": quoted whole, once per record, it made output grow with the
# square of the input. The offsets still give the whole span. Real spans are under 130 characters.
QUOTE_LIMIT = 300


def evidence(text: str, start: int, end: int) -> Evidence:
    quote = text[start:end]
    if len(quote) > QUOTE_LIMIT:
        half = QUOTE_LIMIT // 2
        quote = f"{quote[:half].rstrip()} … {quote[-half:].lstrip()}"
    return Evidence(start, end, quote)


def extraction_from_doc(doc: Doc, bulletin: Bulletin) -> Extraction:
    """The records of one Doc, in passes: documents, officials, organizations, events (which name
    documents, officials and organizations), statistics."""
    text = doc_text(doc)
    out = Extraction(bulletin=bulletin, party_government=is_party_government(bulletin.title, text))
    citations = payloads(doc, "bkg_documents")
    officials = payloads(doc, "bkg_officials")
    out.documents, citation_key = _documents(text, citations)
    out.officials = _officials(text, officials)
    orgs = _Organizations(text)
    _standalone_organizations(doc, orgs, citations, officials)
    doc_label = {_doc_key(d.type, d.number, d.name): d.number or d.name for d in out.documents}
    out.events = [_event(text, frame, bulletin, orgs, officials, [doc_label.get(k) for k in citation_key])
                  for frame in payloads(doc, "bkg_events")]
    out.organizations = orgs.records
    out.statistics = _statistics(doc, text)
    return out


def _documents(text: str, citations) -> tuple[list[DocumentCitation], list[tuple]]:
    """One record per canonical key, and each citation's key; a bare "Chỉ thị 05" joins "Chỉ thị số
    05-CT/TW" when cited in the same bulletin, before or after it."""
    by_key: dict[tuple, DocumentCitation] = {}
    records: list[DocumentCitation] = []
    citation_key: list[tuple] = []
    for c in citations:
        key = _citation_key(c, by_key)
        record = by_key.get(key)
        if record is None:
            record = by_key[key] = DocumentCitation(type=c.type, number=c.number, code=c.code, name=c.name)
            records.append(record)
        record.date = record.date or c.date
        record.issuer = record.issuer or c.issuer
        record.session = record.session or c.session
        record.title = record.title or c.title
        ev = evidence(text, c.start, c.end)
        if ev not in record.evidence:
            record.evidence.append(ev)
        citation_key.append(key)
    _absorb_bare_citations(records, citation_key)
    return records, citation_key


def _citation_key(c, by_key: dict) -> tuple:
    key = _doc_key(c.type, c.number, c.name)
    if c.number and not c.code:
        coded = [k for k, d in by_key.items() if d.type == c.type and d.code and _bare(d.number) == _bare(c.number)]
        if coded:
            key = coded[0]
    return key


def _absorb_bare_citations(records: list[DocumentCitation], citation_key: list[tuple]) -> None:
    """A coded citation seen after bare ones absorbs them."""
    for record in list(records):
        if not (record.number and not record.code):
            continue
        coded = next((d for d in records if d is not record and d.type == record.type and d.code
                      and _bare(d.number) == _bare(record.number)), None)
        if coded:
            coded.evidence.extend(e for e in record.evidence if e not in coded.evidence)
            records.remove(record)
            old = _doc_key(record.type, record.number, record.name)
            citation_key[:] = [_doc_key(coded.type, coded.number, coded.name) if k == old else k for k in citation_key]


def _officials(text: str, officials) -> list[Official]:
    """One record per name, positions united."""
    by_name: dict[str, Official] = {}
    for o in officials:
        record = by_name.get(o.name)
        if record is None:
            record = by_name[o.name] = Official(name=o.name)
        record.evidence.append(evidence(text, o.name_start, o.name_end))
        for p in o.positions:
            label = _without_new(p.label)
            if label.casefold() not in {x.label.casefold() for x in record.positions}:
                record.positions.append(Position(label=label, role=_cap(_without_new(p.role)),
                                                 organization=p.organization, evidence=evidence(text, p.start, p.end)))
    for record in by_name.values():
        record.positions = _without_shorter_mentions(record.positions)
    return list(by_name.values())


def _without_shorter_mentions(positions: list[Position]) -> list[Position]:
    """A post named again in short ("Bộ trưởng" after "Bộ trưởng Bộ Y tế", "Bí thư Tỉnh ủy" after "Bí thư
    Tỉnh ủy Yên Bái") is the same post, not a second one: a label that another of the person's labels
    continues word for word is left out."""
    labels = [p.label.casefold() for p in positions]
    return [p for p, label in zip(positions, labels)
            if not any(other.startswith(label + " ") for other in labels)]


class _Organizations:
    """Organizations named on their own, as organizers, issuers, or inside positions: one record per
    name (case-folded), with the evidence of each mention."""

    def __init__(self, text: str):
        self.text = text
        self.records: list[Organization] = []
        self._by_key: dict[str, Organization] = {}

    def add(self, name: str | None, start: int, end: int) -> None:
        if not name or len(name) < 3:
            return
        record = self._by_key.get(name.casefold())
        if record is None:
            record = self._by_key[name.casefold()] = Organization(name=name)
            self.records.append(record)
        ev = evidence(self.text, start, end)
        if ev not in record.evidence:
            record.evidence.append(ev)


def _standalone_organizations(doc: Doc, orgs: _Organizations, citations, officials) -> None:
    text = orgs.text
    # Standalone mentions inside a citation or a position are added below with their role.
    occupied = [(c.start, c.end) for c in citations] + [(p.start, p.end) for o in officials for p in o.positions]
    for m in payloads(doc, "bkg_organizations"):
        if not any(s <= m.start < e for s, e in occupied):
            orgs.add(m.name, m.start, m.end)
    for c in citations:
        if c.issuer:
            at = text.find(c.issuer, c.start, c.end + 1)
            orgs.add(c.issuer, at if at >= 0 else c.start, (at if at >= 0 else c.start) + len(c.issuer))
    for o in officials:
        for p in o.positions:
            if p.organization:
                orgs.add(p.organization, p.end - len(p.organization), p.end)


def _event(text: str, frame, bulletin: Bulletin, orgs: _Organizations, officials, labels: list) -> Event:
    """`labels` gives each citation's document label (its number, else its name)."""
    event = Event(kind=frame.kind, name=frame.name, date=frame.date or bulletin.date, place=frame.place)
    for name, s, e in frame.organizers:
        if name not in event.organizers:
            event.organizers.append(name)
        orgs.add(name, s, e)
    # A document the event reviews is reviewed, though other sentences speak of carrying it out.
    event.reviews = _unique(labels[i] for i in frame.reviews)
    event.implements = [x for x in _unique(labels[i] for i in frame.implements) if x not in event.reviews]
    for idx, role, s, e in frame.participations:
        name = officials[idx].name
        if not any(p.official == name and p.role == role for p in event.participations):
            event.participations.append(Participation(official=name, role=role, evidence=evidence(text, s, e)))
    seen = set()
    for m in frame.mentions:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            event.evidence.append(evidence(text, m.start, m.end))
    return event


def _unique(labels) -> list[str]:
    out: list[str] = []
    for label in labels:
        if label and label not in out:
            out.append(label)
    return out


def _statistics(doc: Doc, text: str) -> list[Statistic]:
    """A figure stated twice is one fact."""
    out, seen = [], set()
    sents = sentences(text)
    bodies = [(o.name, o.start, o.end) for o in payloads(doc, "bkg_organizations")]
    for s in payloads(doc, "bkg_statistics"):
        key = (s.value, s.unit.casefold(), s.qualifier, s.value_max)
        if key in seen:
            continue
        seen.add(key)
        sent_start = next((a for a, b in sents if a <= s.start < b), 0)
        out.append(Statistic(value=s.value, unit=s.unit, qualifier=s.qualifier, value_max=s.value_max,
                             period=s.period, about=about_in(text, sent_start, s.start, bodies),
                             evidence=evidence(text, s.start, s.end)))
    return out


def _doc_key(doc_type: str, number: str | None, name: str | None) -> tuple:
    return (doc_type, (number or name or "").casefold())


def _bare(number: str | None) -> str:
    return re.split(r"[-/]", number or "", maxsplit=1)[0].lstrip("0")


_NEW = re.compile(r"^[Tt]ân\s+(?=\S)")


def _without_new(label: str) -> str:
    """ "Tân Bí thư Thành ủy" is the post "Bí thư Thành ủy", newly held ("nguyên", a former post, stays)."""
    return _NEW.sub("", label)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s
