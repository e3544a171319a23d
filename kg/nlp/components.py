"""The extractors as spaCy pipeline components, registered by name.

Each component reads the Doc's text, writes its mentions to a span group (`doc.spans["bkg_..."]`)
and the parsed details of each span, in the same order, to `doc._.bkg[group]`. They hold no global
state and work on any tokenisation, so they can be added to someone else's `nlp`:

    nlp = spacy.blank("vi")
    nlp.add_pipe("bkg_documents")
    doc = nlp("Thực hiện Kế hoạch số 67-KH/TU ...")
    doc.spans["bkg_documents"], doc._.bkg["bkg_documents"]

The bulletin's date, used to complete dates written without a year, is read from
`doc._.bkg_reference_date` (ISO 8601) when it is set.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.dates import find_dates, is_event_date
from kg.nlp.documents import find_documents
from kg.nlp.decisions import DECISION_KINDS, decision_frames, is_inspection
from kg.nlp.roles import delegation_heads, delegation_in, on_behalf_of, participations_in, session_leaders
from kg.nlp.events import (chaired, event_date, find_event_mentions, find_place, group_events, implements_before, is_history,
                           organizers_in, sentences)
from kg.nlp.officials import find_officials
from kg.nlp.organizations import GENERIC_HEADS, find_organizations
from kg.nlp.statistics import find_statistics

for _name, _default in (("bkg", None), ("bkg_reference_date", None), ("bkg_title_end", 0), ("bkg_text", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

COMPONENT_ORDER = ["bkg_dates", "bkg_documents", "bkg_officials", "bkg_organizations", "bkg_statistics", "bkg_events"]


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once: spaCy rebuilds it from the tokens on every access, which cost more
    than all the extractors together."""
    if doc._.bkg_text is None:
        doc._.bkg_text = doc.text
    return doc._.bkg_text


def payloads(doc: Doc, group: str) -> list:
    store = doc._.bkg
    return [] if store is None else store.get(group, [])


def _write(doc: Doc, group: str, items: list, label: str) -> None:
    if doc._.bkg is None:
        doc._.bkg = {}
    spans, kept = [], []
    for item in items:
        span = doc.char_span(item.start, item.end, label=label, alignment_mode="expand")
        if span is None:
            continue
        spans.append(span)
        kept.append(item)
    doc.spans[group] = spans
    doc._.bkg[group] = kept


def _span_list(doc: Doc, group: str) -> list[tuple[int, int]]:
    return [(x.start, x.end) for x in payloads(doc, group)]


@Language.component("bkg_dates")
def dates_component(doc: Doc) -> Doc:
    _write(doc, "bkg_dates", find_dates(doc_text(doc), doc._.bkg_reference_date), "DATE")
    return doc


@Language.component("bkg_documents")
def documents_component(doc: Doc) -> Doc:
    _write(doc, "bkg_documents", find_documents(doc_text(doc)), "DOCUMENT")
    return doc


@Language.component("bkg_officials")
def officials_component(doc: Doc) -> Doc:
    _write(doc, "bkg_officials", find_officials(doc_text(doc)), "OFFICIAL")
    return doc


@Language.component("bkg_organizations")
def organizations_component(doc: Doc) -> Doc:
    _write(doc, "bkg_organizations", find_organizations(doc_text(doc)), "ORG")
    return doc


@Language.component("bkg_statistics")
def statistics_component(doc: Doc) -> Doc:
    excluded = _span_list(doc, "bkg_dates") + _span_list(doc, "bkg_documents")
    _write(doc, "bkg_statistics", find_statistics(doc_text(doc), excluded), "STATISTIC")
    return doc


@Language.component("bkg_events")
def events_component(doc: Doc) -> Doc:
    """Needs the other components' groups; without them it finds events with fewer relations."""
    text = doc_text(doc)
    citations = payloads(doc, "bkg_documents")
    officials = payloads(doc, "bkg_officials")
    dates = payloads(doc, "bkg_dates")
    cited_spans = [(c.start, c.end) for c in citations]
    mentions = find_event_mentions(text, blocked=[(c.end - 1, c.end) for c in []] + _doc_tails(citations),
                                   title_end=doc._.bkg_title_end or 0, dates=dates)
    frames = group_events(mentions, title_end=doc._.bkg_title_end or 0)
    sents = sentences(text)

    def sentence_of(pos: int) -> tuple[int, int]:
        for s in sents:
            if s[0] <= pos < s[1]:
                return s
        return (0, len(text))

    for frame in frames:
        seen_sentences = []
        for mention in frame.mentions:
            sent = sentence_of(mention.start)
            if sent in seen_sentences:
                continue
            seen_sentences.append(sent)
            if mention.reported:
                for org in organizers_in(text, sent, mention):
                    if org[0] not in [o[0] for o in frame.organizers] and org[0][:1].upper() + org[0][1:] not in GENERIC_HEADS:
                        frame.organizers.append(org)
            if frame.date is None:
                d = event_date(text, sent, mention.start, dates, cited_spans)
                if d is not None:
                    frame.date, frame.date_span = d.iso, (d.start, d.end)
            if frame.place is None and mention.reported:
                frame.place = find_place(text, mention.start, sent[1])
            for i, c in enumerate(citations):
                if mention.trigger_end <= c.start < mention.end and i not in frame.reviews:
                    frame.reviews.append(i)
                elif sent[0] <= c.start < mention.start and implements_before(text, sent, c.start) \
                        and i not in frame.implements:
                    frame.implements.append(i)
    # An event first met deep in the text, with no date of its own, is most often one referred to in
    # passing (an earlier or a planned meeting), not one the bulletin reports.
    lead_end = _lead_end(text, doc._.bkg_title_end or 0)
    frames = [f for f in frames if f.date is not None or any(m.start < lead_end or chaired(text, m) for m in f.mentions)]
    frames = [f for f in frames if not is_history(f.date, doc._.bkg_reference_date)]
    # Without a date in its own sentences, an event takes the dateline of the lead ("Chiều 6/2, ...")
    # when the lead reports it.
    lead_dates = [d for d in dates if d.start < lead_end and not any(s <= d.start < e for s, e in cited_spans)
                  and is_event_date(text, d)]
    for frame in frames:
        if frame.date is None and lead_dates and any(m.start < lead_end or chaired(text, m) for m in frame.mentions):
            frame.date, frame.date_span = lead_dates[0].iso, (lead_dates[0].start, lead_dates[0].end)
    frames = _with_decisions(text, sents, frames, dates, cited_spans, doc._.bkg_reference_date, sentence_of)
    _session_roles(text, frames, officials, sentence_of)
    _drop_titles_bodies(frames, officials)
    # Participation: each sentence's officials join the event mentioned in it, else the latest
    # event mentioned before it, else the bulletin's first event.
    if frames:
        for sent in sents:
            inside = [(i, o.start, o.end) for i, o in enumerate(officials) if sent[0] <= o.start < sent[1]]
            if not inside:
                continue
            frame = _frame_for(frames, sent)
            for part in participations_in(text, sent, inside):
                if part not in frame.participations:
                    frame.participations.append(part)
    if doc._.bkg is None:
        doc._.bkg = {}
    spans = []
    kept = []
    for frame in frames:
        first = frame.mentions[0]
        span = doc.char_span(first.start, first.end, label="EVENT", alignment_mode="expand")
        if span is not None:
            spans.append(span)
            kept.append(frame)
    doc.spans["bkg_events"] = spans
    doc._.bkg["bkg_events"] = kept
    return doc


def _drop_titles_bodies(frames, officials) -> None:
    """An organization inside an official's title ("Bí thư Thành ủy TP Hồ Chí Minh có buổi làm việc
    với ...") is where the official works, not the body that holds the event: the official does."""
    spans = [(o.start, o.end) for o in officials]
    for f in frames:
        f.organizers = [o for o in f.organizers if not any(s <= o[1] < e for s, e in spans)]


# "Chiều cùng ngày, đoàn công tác tiếp tục làm việc với ...": the delegation of the visit before.
_DELEGATION_GOES_ON = re.compile(
    r"""(?<![\wĐđ]) [Đđ]oàn (?:\s+công\s+tác)? \s+ (?:đã\s+|cũng\s+|sau\s+đó\s+)?
        (?:tiếp\s+tục|đến|đi|làm\s+việc|thăm|kiểm\s+tra|khảo\s+sát|có\s+buổi)(?![\wĐđ])""",
    re.VERBOSE,
)


def _session_roles(text, frames, officials, sentence_of):
    """The leader and the delegation of a working session or visit, and the body a decision is
    announced for (see `kg.nlp.roles`)."""
    for f in frames:
        if f.kind in ("meeting", "inspection"):
            _session_chairs(text, f, officials, sentence_of)
        elif f.kind in DECISION_KINDS and not f.organizers:
            mention = f.mentions[0]
            body = on_behalf_of(text, sentence_of(mention.start), mention.start)
            if body:
                f.organizers.append(body)


def _session_chairs(text, frame, officials, sentence_of):
    """Each reported mention's sentence may name who holds the session: the subject of its verb ("A
    đã làm việc với ..."), the head of the delegation ("Đoàn ... do A làm Trưởng đoàn"); and the
    delegation itself, its organizer."""
    for mention in (m for m in frame.mentions if m.reported):
        sent = sentence_of(mention.start)
        leaders = delegation_heads(text, sent, officials)
        if _SESSION_WORDS.match(mention.name):
            leaders += session_leaders(text, sent, mention.start, officials)
        if not frame.organizers:
            d = delegation_in(text, sent, mention.start)
            if d:
                frame.organizers.append(d)
        for idx, s, e in leaders:
            if not any(p[0] == idx and p[1] == "chaired" for p in frame.participations):
                frame.participations.append((idx, "chaired", s, e))


# The verbs of a session its subject holds: "làm việc", "thăm", "gặp mặt", a reception ("tiếp Đoàn").
_SESSION_WORDS = re.compile(r"(?i:(?:buổi\s+|cuộc\s+)?làm\s+việc|thăm|đến\s+thăm|gặp\s+mặt|tiếp(?!\s+xúc))")


_RECEPTION_NAME = re.compile(r"(?i:tiếp|buổi tiếp|cuộc tiếp)(?![\wĐđ])(?!\s+xúc)")


def _with_decisions(text, sents, frames, dates, cited_spans, reference, sentence_of):
    """Working sessions that are inspections, and the decisions reported with a verb (see
    `kg.nlp.decisions`), each once. A decision handed over at a ceremony ("trao Quyết định bổ
    nhiệm") is both: the ceremony, and the appointment it makes known."""
    visiting = False  # a delegation on an inspection visit goes on working: "Chiều cùng ngày, đoàn ..."
    for f in frames:
        # a reception is a meeting with guests, whatever visit brought them ("đang ở thăm và làm việc")
        if f.kind != "meeting" or _RECEPTION_NAME.match(f.mentions[0].name):
            continue
        sent = sentence_of(f.mentions[0].start)
        if is_inspection(text, sent) or visiting and _DELEGATION_GOES_ON.search(text, sent[0], sent[1]):
            f.kind = "inspection"
            visiting = True
    taken = {(f.kind, sentence_of(m.start)) for f in frames for m in f.mentions}
    decided = set()
    for f in decision_frames(text, sents, dates, cited_spans, reference):
        if not any((f.kind, sentence_of(m.start)) in taken for m in f.mentions):
            frames.append(f)
            decided.update(sentence_of(m.start) for m in f.mentions)
    # "Đảng ủy xã A đã họp và quyết định khai trừ ...": the meeting is told for its decision, one event.
    return [f for f in frames if not (f.kind in ("meeting", "session") and f.name.startswith("Họp")
                                      and all(sentence_of(m.start) in decided for m in f.mentions))]


def _lead_end(text: str, title_end: int) -> int:
    """End of the lead: the title and the first paragraph of the body."""
    start = title_end
    while start < len(text) and text[start] in ".\n ":
        start += 1
    nl = text.find("\n", start)
    end = len(text) if nl < 0 else nl
    if end - start > _LONG_LEAD:
        # Paragraphs joined into one line: the lead is its first two sentences, not the whole text.
        ends = [m.end() for m in _LEAD_SENTENCE_END.finditer(text, start, end)]
        if len(ends) >= 2:
            end = ends[1]
    return end


_LONG_LEAD = 700  # characters; a bulletin's lead paragraph is rarely longer
_LEAD_SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZĐÀ-Ỹ])")


def _doc_tails(citations) -> list[tuple[int, int]]:
    """The part of a citation after its number (date, session, issuer) is no place for an event."""
    return [(c.start + 1, c.end) for c in citations]


def _frame_for(frames, sent):
    inside = [f for f in frames if any(sent[0] <= m.start < sent[1] for m in f.mentions)]
    if inside:
        return inside[0]
    before = [(m.start, f) for f in frames for m in f.mentions if m.start < sent[0]]
    if before:
        return max(before, key=lambda x: x[0])[1]
    return frames[0]
