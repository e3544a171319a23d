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

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.dates import find_dates, is_partial
from kg.nlp.decisions import DECISION_KINDS, decision_frames, is_inspection
from kg.nlp.documents import find_documents
from kg.nlp.events import (
    chaired,
    event_date,
    find_event_mentions,
    find_place,
    group_events,
    implements_before,
    is_history,
    organizers_in,
    sentences,
    usable_dates,
)
from kg.nlp.links import reports_speech, sentence_links
from kg.nlp.officials import find_officials
from kg.nlp.organizations import GENERIC_HEADS, find_organizations
from kg.nlp.roles import delegation_heads, delegation_in, on_behalf_of, participations_in, session_leaders
from kg.nlp.statistics import find_statistics

for _name, _default in (("bkg", None), ("bkg_reference_date", None), ("bkg_title_end", 0), ("bkg_text", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

# "bkg_facts" (kg.nlp.facts) reads the kinds of fact the ontology declares beside these, after them.
COMPONENT_ORDER = ["bkg_dates", "bkg_documents", "bkg_officials", "bkg_organizations", "bkg_statistics", "bkg_events",
                   "bkg_facts"]


# What each component writes and reads, so that `nlp.analyze_pipes()` can check their order: each
# writes its span group and its payloads in doc._.bkg; statistics and events read what came before.
_ASSIGNS = ["doc._.bkg", "doc.spans"]


def _requires(name: str) -> list[str]:
    return [] if name in ("bkg_dates", "bkg_documents", "bkg_officials", "bkg_organizations") else ["doc._.bkg"]


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


@Language.component("bkg_dates", assigns=_ASSIGNS, requires=_requires("bkg_dates"))
def dates_component(doc: Doc) -> Doc:
    _write(doc, "bkg_dates", find_dates(doc_text(doc), doc._.bkg_reference_date), "DATE")
    return doc


@Language.component("bkg_documents", assigns=_ASSIGNS, requires=_requires("bkg_documents"))
def documents_component(doc: Doc) -> Doc:
    _write(doc, "bkg_documents", find_documents(doc_text(doc)), "DOCUMENT")
    return doc


@Language.component("bkg_officials", assigns=_ASSIGNS, requires=_requires("bkg_officials"))
def officials_component(doc: Doc) -> Doc:
    _write(doc, "bkg_officials", find_officials(doc_text(doc)), "OFFICIAL")
    return doc


@Language.component("bkg_organizations", assigns=_ASSIGNS, requires=_requires("bkg_organizations"))
def organizations_component(doc: Doc) -> Doc:
    _write(doc, "bkg_organizations", find_organizations(doc_text(doc)), "ORG")
    return doc


@Language.component("bkg_statistics", assigns=_ASSIGNS, requires=_requires("bkg_statistics"))
def statistics_component(doc: Doc) -> Doc:
    excluded = _span_list(doc, "bkg_dates") + _span_list(doc, "bkg_documents")
    _write(doc, "bkg_statistics", find_statistics(doc_text(doc), excluded), "STATISTIC")
    return doc


@Language.component("bkg_events", assigns=_ASSIGNS, requires=_requires("bkg_events"))
def events_component(doc: Doc) -> Doc:
    """Needs the other components' groups; without them it finds events with fewer relations.

    Passes, each over the frames the one before gives: mentions grouped into frames; what each
    mention's sentence says (organizers, date, place, documents); frames only mentioned in passing
    or recalled dropped; the lead's dateline; decisions; session roles; participations."""
    inputs = _EventInputs.of(doc)
    mentions = find_event_mentions(inputs.text, blocked=_doc_tails(inputs.citations), title_end=inputs.title_end,
                                   dates=inputs.dates)
    frames = group_events(mentions, title_end=inputs.title_end)
    for frame in frames:
        _read_sentences(inputs, frame)
    frames = _reported_frames(inputs, frames)
    frames = _with_decisions(inputs.text, inputs.sents, frames, inputs.dates, inputs.cited_spans, inputs.reference,
                             inputs.sentence_of)
    _session_roles(inputs.text, frames, inputs.officials, inputs.sentence_of)
    _drop_titles_bodies(frames, inputs.officials)
    _participations(inputs, frames)
    _links_told_on(inputs, frames)
    _write_frames(doc, frames)
    return doc


@dataclass
class _EventInputs:
    """What the event pass reads: the text and the other components' mentions."""
    text: str
    citations: list
    officials: list
    dates: list
    title_end: int
    reference: str | None
    sents: list[tuple[int, int]]

    @classmethod
    def of(cls, doc: Doc) -> _EventInputs:
        text = doc_text(doc)
        return cls(text, payloads(doc, "bkg_documents"), payloads(doc, "bkg_officials"), payloads(doc, "bkg_dates"),
                   doc._.bkg_title_end or 0, doc._.bkg_reference_date, sentences(text))

    @property
    def cited_spans(self) -> list[tuple[int, int]]:
        return [(c.start, c.end) for c in self.citations]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sents, (pos, float("inf"))) - 1
        if i >= 0 and self.sents[i][0] <= pos < self.sents[i][1]:
            return self.sents[i]
        return (0, len(self.text))


def _read_sentences(inputs: _EventInputs, frame) -> None:
    """Organizers, date, place and documents from the sentence of each of the frame's mentions."""
    text, seen = inputs.text, set()
    for mention in frame.mentions:
        sent = inputs.sentence_of(mention.start)
        if sent in seen:
            continue
        seen.add(sent)
        if mention.reported:
            for org in organizers_in(text, sent, mention):
                if org[0] not in [o[0] for o in frame.organizers] and _cap(org[0]) not in GENERIC_HEADS:
                    frame.organizers.append(org)
            frame.place = frame.place or find_place(text, mention.start, sent[1])
        if frame.date is None:
            d = event_date(text, sent, mention.start, inputs.dates, inputs.cited_spans)
            if d is not None:
                frame.date, frame.date_span = d.iso, (d.start, d.end)
        _link_documents(inputs, frame, mention, sent)


def _link_documents(inputs: _EventInputs, frame, mention, sent) -> None:
    """The documents the sentence says the event carries out or reviews (`kg.nlp.links`); one cited
    in the event's name with no cue is what it reviews; the plan a clause-initial "Thực hiện",
    "Căn cứ" puts it under, what it implements."""
    text, citations = inputs.text, inputs.citations
    linked = dict(sentence_links(text, sent, citations))
    for i, c in enumerate(citations):
        if not sent[0] <= c.start < sent[1]:
            continue
        link = linked.get(i)
        # A document inside the event's name keeps its cue ("Hội nghị quán triệt Nghị quyết 22" carries
        # it out, README "Roles, one convention"); with no cue it is what the event is about, and so
        # what it reviews ("Hội nghị về Nghị quyết 22").
        if link is None and mention.trigger_end <= c.start < mention.end:
            link = "reviews"
        elif link is None and c.start < mention.start and implements_before(text, sent, c.start):
            link = "implements"
        # a document any sentence says the event reviews is reviewed, though others speak of carrying it out
        if link == "reviews" and i not in frame.reviews:
            frame.reviews.append(i)
            if i in frame.implements:
                frame.implements.remove(i)
        elif link == "implements" and i not in frame.reviews + frame.implements:
            frame.implements.append(i)


def _reported_frames(inputs: _EventInputs, frames):
    """An event first met deep in the text, with no date of its own, is most often one referred to
    in passing (an earlier or a planned meeting), not one the bulletin reports; one dated years
    back is recalled. Without a date in its own sentences, an event the lead reports takes the
    lead's dateline ("Chiều 6/2, ...")."""
    text = inputs.text
    lead_end = _lead_end(text, inputs.title_end)

    def in_lead(frame) -> bool:
        return any(m.start < lead_end or chaired(text, m) for m in frame.mentions)

    # a day-month of an unknown year ("--06-21") vouches for no event deep in the text: an undated
    # sports or court report is full of them
    frames = [f for f in frames if (f.date is not None and not is_partial(f.date) or in_lead(f))
              and not is_history(f.date, inputs.reference)]
    # the lead's dateline, never one end of an anniversary's span ("(20/5/1947-20/5/2017)")
    lead_dates = [d for d in usable_dates(text, inputs.dates, inputs.cited_spans) if d.start < lead_end]
    for frame in (f for f in frames if f.date is None and lead_dates and in_lead(f)):
        frame.date, frame.date_span = lead_dates[0].iso, (lead_dates[0].start, lead_dates[0].end)
    return frames


def _participations(inputs: _EventInputs, frames) -> None:
    """Each sentence's officials join the event mentioned in it, else the latest event mentioned
    before it, else the bulletin's first event."""
    if not frames:
        return
    by_sentence: dict[tuple[int, int], list] = {}
    known = set(inputs.sents)
    for i, o in enumerate(inputs.officials):
        sent = inputs.sentence_of(o.start)
        if sent in known:
            by_sentence.setdefault(sent, []).append((i, o.start, o.end))
    for sent, inside in sorted(by_sentence.items()):
        frame = _frame_for(frames, sent)
        for part in participations_in(inputs.text, sent, inside):
            if part not in frame.participations:
                frame.participations.append(part)


def _links_told_on(inputs: _EventInputs, frames) -> None:
    """A sentence that goes on about an event without naming it ("Buổi sáng, Trung ương thảo luận ...
    gắn với thực hiện Nghị quyết Trung ương 4") links its documents to the event told of last, as it
    gives it its participants."""
    if not frames:
        return
    named = {inputs.sentence_of(m.start) for f in frames for m in f.mentions}
    cited = {inputs.sentence_of(c.start) for c in inputs.citations}
    for sent in inputs.sents:
        if sent not in cited or sent in named or reports_speech(inputs.text, sent):
            continue
        links = sentence_links(inputs.text, sent, inputs.citations)
        if links:
            frame = _frame_for(frames, sent)
            for i, link in links:
                target = frame.reviews if link == "reviews" else frame.implements
                if i not in target:
                    target.append(i)


def _write_frames(doc: Doc, frames) -> None:
    if doc._.bkg is None:
        doc._.bkg = {}
    spans, kept = [], []
    for frame in frames:
        first = frame.mentions[0]
        span = doc.char_span(first.start, first.end, label="EVENT", alignment_mode="expand")
        if span is not None:
            spans.append(span)
            kept.append(frame)
    doc.spans["bkg_events"] = spans
    doc._.bkg["bkg_events"] = kept


def _cap(name: str) -> str:
    return name[:1].upper() + name[1:]


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
    _mark_inspections(text, frames, sentence_of)
    taken = {(f.kind, sentence_of(m.start)) for f in frames for m in f.mentions}
    decided = set()
    for f in decision_frames(text, sents, dates, cited_spans, reference):
        if not any((f.kind, sentence_of(m.start)) in taken for m in f.mentions):
            frames.append(f)
            decided.update(sentence_of(m.start) for m in f.mentions)
    # "Đảng ủy xã A đã họp và quyết định khai trừ ...": the meeting is told for its decision, one event.
    return [f for f in frames if not (f.kind in ("meeting", "session") and f.name.startswith("Họp")
                                      and all(sentence_of(m.start) in decided for m in f.mentions))]


def _mark_inspections(text, frames, sentence_of) -> None:
    """A working session whose sentence names a delegation or a visit is an inspection, and so are
    the sessions the same delegation goes on to hold ("Chiều cùng ngày, đoàn ...")."""
    visiting = False
    for f in frames:
        # a reception is a meeting with guests, whatever visit brought them ("đang ở thăm và làm việc")
        if f.kind != "meeting" or _RECEPTION_NAME.match(f.mentions[0].name):
            continue
        sent = sentence_of(f.mentions[0].start)
        if is_inspection(text, sent) or visiting and _DELEGATION_GOES_ON.search(text, sent[0], sent[1]):
            f.kind = "inspection"
            visiting = True


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
