"""Turn the components' spans into the plain records of `kg.records`: one entry per document,
official, organization, event and statistic, however often the bulletin mentions it, each with the
evidence of every mention."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.nlp.about import about_in
from kg.nlp.components import doc_text, payloads
from kg.nlp.events import sentences
from kg.records import (Bulletin, DocumentCitation, Event, Evidence, Extraction, Official, Organization,
                        Participation, Position, Statistic)


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
    text = doc_text(doc)
    out = Extraction(bulletin=bulletin)

    # Documents: one per canonical key; a bare "Chỉ thị 05" joins "Chỉ thị số 05-CT/TW" when cited in
    # the same bulletin.
    citations = payloads(doc, "bkg_documents")
    by_key: dict[tuple, DocumentCitation] = {}
    citation_key: list[tuple] = []
    for c in citations:
        key = _doc_key(c.type, c.number, c.name)
        if c.number and not c.code:
            coded = [k for k, d in by_key.items() if d.type == c.type and d.code and _bare(d.number) == _bare(c.number)]
            if coded:
                key = coded[0]
        record = by_key.get(key)
        if record is None:
            record = DocumentCitation(type=c.type, number=c.number, code=c.code, name=c.name)
            by_key[key] = record
            out.documents.append(record)
        record.date = record.date or c.date
        record.issuer = record.issuer or c.issuer
        record.session = record.session or c.session
        record.title = record.title or c.title
        ev = evidence(text, c.start, c.end)
        if ev not in record.evidence:
            record.evidence.append(ev)
        citation_key.append(key)
    # A coded citation seen after bare ones absorbs them.
    for record in list(out.documents):
        if record.number and not record.code:
            coded = next((d for d in out.documents if d is not record and d.type == record.type and d.code
                          and _bare(d.number) == _bare(record.number)), None)
            if coded:
                coded.evidence.extend(e for e in record.evidence if e not in coded.evidence)
                out.documents.remove(record)
                old = _doc_key(record.type, record.number, record.name)
                citation_key[:] = [_doc_key(coded.type, coded.number, coded.name) if k == old else k
                                   for k in citation_key]
    doc_label = {_doc_key(d.type, d.number, d.name): d.number or d.name for d in out.documents}

    # Officials: one per name, positions united.
    officials = payloads(doc, "bkg_officials")
    by_name: dict[str, Official] = {}
    for o in officials:
        record = by_name.get(o.name)
        if record is None:
            record = by_name[o.name] = Official(name=o.name)
            out.officials.append(record)
        record.evidence.append(evidence(text, o.name_start, o.name_end))
        for p in o.positions:
            label = _without_new(p.label)
            if label.casefold() not in {x.label.casefold() for x in record.positions}:
                record.positions.append(Position(label=label, role=_cap(_without_new(p.role)),
                                                 organization=p.organization, evidence=evidence(text, p.start, p.end)))

    # Organizations: named on their own, as organizers, issuers, or inside positions.
    orgs: dict[str, Organization] = {}

    def add_org(name: str | None, start: int, end: int) -> None:
        if not name or len(name) < 3:
            return
        key = name.casefold()
        record = orgs.get(key)
        if record is None:
            record = orgs[key] = Organization(name=name)
            out.organizations.append(record)
        ev = evidence(text, start, end)
        if ev not in record.evidence:
            record.evidence.append(ev)

    # Standalone mentions inside a citation or a position are added below with their role.
    occupied = [(c.start, c.end) for c in citations] + [(p.start, p.end) for o in officials for p in o.positions]
    for m in payloads(doc, "bkg_organizations"):
        if not any(s <= m.start < e for s, e in occupied):
            add_org(m.name, m.start, m.end)
    for c in citations:
        if c.issuer:
            at = text.find(c.issuer, c.start, c.end + 1)
            add_org(c.issuer, at if at >= 0 else c.start, (at if at >= 0 else c.start) + len(c.issuer))
    for o in officials:
        for p in o.positions:
            if p.organization:
                add_org(p.organization, p.end - len(p.organization), p.end)

    # Events.
    for frame in payloads(doc, "bkg_events"):
        event = Event(kind=frame.kind, name=frame.name, date=frame.date or bulletin.date, place=frame.place)
        for name, s, e in frame.organizers:
            if name not in event.organizers:
                event.organizers.append(name)
            add_org(name, s, e)
        # A document the event reviews is reviewed, though other sentences speak of carrying it out.
        for i in frame.reviews:
            label = doc_label.get(citation_key[i])
            if label and label not in event.reviews:
                event.reviews.append(label)
        for i in frame.implements:
            label = doc_label.get(citation_key[i])
            if label and label not in event.implements and label not in event.reviews:
                event.implements.append(label)
        for idx, role, s, e in frame.participations:
            name = officials[idx].name
            if not any(p.official == name and p.role == role for p in event.participations):
                event.participations.append(Participation(official=name, role=role, evidence=evidence(text, s, e)))
        seen = set()
        for m in frame.mentions:
            if (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                event.evidence.append(evidence(text, m.start, m.end))
        out.events.append(event)

    # Statistics: a figure stated twice is one fact.
    seen_stats = set()
    sents = sentences(text)
    bodies = [(o.name, o.start, o.end) for o in payloads(doc, "bkg_organizations")]
    for s in payloads(doc, "bkg_statistics"):
        key = (s.value, s.unit.casefold(), s.qualifier, s.value_max)
        if key in seen_stats:
            continue
        seen_stats.add(key)
        sent_start = next((a for a, b in sents if a <= s.start < b), 0)
        out.statistics.append(Statistic(value=s.value, unit=s.unit, qualifier=s.qualifier, value_max=s.value_max,
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
