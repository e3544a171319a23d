"""Decisions about people reported as events: discipline and appointment, and inspection visits.

Bulletins report these with a verb, rarely with an event noun: "Ủy ban Kiểm tra Trung ương quyết
định thi hành kỷ luật cảnh cáo đồng chí A", "HĐND tỉnh đã bầu ông B giữ chức Phó Chủ tịch", "Ban
Thường vụ Thành ủy đã điều động ông C". The trigger phrases are data
(`ontology/lexicon/decision-triggers.tsv`). Each sentence that reports a decision as taken gives
one event of its kind, unless it only goes on about the decision of the sentence before; its
organizer is the body that takes it (the subject before the verb), its date the sentence's own
date, else none: these decisions are often reported without a date, and the lead's dateline is
the date of the announcement, not of the decision.

A working session whose sentence names a delegation or a visit ("Đoàn công tác của Bộ Chính trị
làm việc với ...", "đến thăm và làm việc", `ontology/lexicon/inspection-cues.tsv`) is an
`inspection`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.dates import is_event_date
from kg.nlp.events import EventFrame, EventMention, _orgs_ending_at
from kg.nlp.lexicon import U, alternation, lexicon_rows, matches_at
from kg.nlp.organizations import org_at

DECISION_KINDS = ("discipline", "appointment")


@lru_cache(maxsize=1)
def _triggers() -> tuple[re.Pattern, tuple[str, ...], dict[str, tuple[str, bool]]]:
    rows = lexicon_rows("decision-triggers.tsv", columns=3)
    kinds = {phrase.casefold(): (kind, obj == "person") for phrase, kind, obj in rows}
    rx = re.compile(rf"(?P<trigger>{alternation(p for p, _, _ in rows)})(?![\wĐđ])")
    # The phrases are rare: finding each with str.find in the lower-cased text, then matching the
    # longest there, costs a tenth of a regex scan over every position.
    return rx, tuple(sorted({p.casefold() for p, _, _ in rows})), kinds


def _trigger_hits(text: str) -> list[re.Match]:
    rx, phrases, _ = _triggers()
    low = text.lower()
    starts = set()
    for phrase in phrases:
        i = low.find(phrase)
        while i >= 0:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                starts.add(i)
            i = low.find(phrase, i + 1)
    return matches_at(rx, text, sorted(starts))


@lru_cache(maxsize=1)
def _inspection_cue() -> re.Pattern:
    return re.compile(rf"(?<![\wĐđ]){alternation(p for p, _ in lexicon_rows('inspection-cues.tsv'))}(?![\wĐđ])",
                      re.IGNORECASE)


# What makes a decision not (yet) taken: planned, proposed, asked for, denied, or a general statement.
NOT_TAKEN_WORDS = ["sẽ", "dự kiến", "đề nghị", "kiến nghị", "đề xuất", "xem xét", "yêu cầu", "chưa", "không",
                   "chờ", "nếu", "trường hợp", "phải", "cần", "có thể", "quy định", "tiêu chuẩn", "chuẩn bị",
                   "từng", "trước khi"]
# The verbs between the deciding body and the decision: "Ban Thường vụ Tỉnh ủy đã họp và quyết định".
AUX_WORDS = ["đã", "vừa", "mới", "chính thức", "quyết định", "ra quyết định", "có quyết định",
             "ban hành quyết định", "thống nhất", "biểu quyết", "thông qua", "đồng ý", "tiến hành", "họp và",
             "họp", "trao", "công bố", "tổ chức", "xét", "các hình thức", "với hình thức", "mới đây", "vừa qua",
             # "HĐND TP Đà Nẵng vừa biểu quyết thông qua việc miễn nhiệm ..." ("việc" alone follows any
             # clause: "Theo UBND tỉnh, việc bổ nhiệm ông A là chưa đúng")
             "thông qua việc", "biểu quyết thông qua"]
_NOT_TAKEN = re.compile(rf"""(?<![\wĐđ]) {alternation(NOT_TAKEN_WORDS)} (?![\wĐđ])""", re.VERBOSE)
_AUX = re.compile(rf"""(?: \s* (?:,\s*)? (?<![\wĐđ]){alternation(AUX_WORDS)} )* \s*$""", re.VERBOSE)
# What follows a personnel verb that takes a person: the person, or the post ("bổ nhiệm ông A",
# "điều động về làm", "được bầu giữ chức Chủ tịch", "cách chức Phó Giám đốc", "bổ nhiệm lại 3 cán bộ").
_PERSON_OR_POST = re.compile(
    rf"""\s*,?\s+ (?: (?:đối\s+với|cho)\s+ )?
        (?: {U}
          | (?: ông | bà | đồng\s+chí | đ/c | anh | chị | làm | giữ | vào | về | lên | là | thay | lại
              | \d+\s+(?:cán\s+bộ|đồng\s+chí|người|cá\s+nhân) | cán\s+bộ | thẩm\s+phán | tân | phó | trưởng
              | giám\s+đốc | chủ\s+tịch | bí\s+thư | hiệu\s+trưởng | chức | nhân\s+sự | đại\s+biểu ) (?![\wĐđ]) )""",
    re.VERBOSE,
)


def _key(trigger: str) -> str:
    return re.sub(r"\s+", " ", trigger).casefold()


_NAME_END = re.compile(r"[,.;:(\n]|\s(?:vì|do|theo|từ ngày|kể từ|sau khi|với lý do|nhiệm kỳ)\s")


def decision_frames(text: str, sents: list[tuple[int, int]], dates, blocked: list[tuple[int, int]],
                    reference: str | None = None) -> list[EventFrame]:
    """One frame per sentence reporting a decision; `blocked` spans (document citations) are skipped."""
    frames: list[EventFrame] = []
    hits = _trigger_hits(text)
    last: tuple[int, EventFrame] | None = None  # (sentence index, frame)
    for si, (s, e) in enumerate(sents):
        found = _taken_decision(text, [h for h in hits if s <= h.start() < e], s, blocked)
        if found is None:
            continue
        day = _own_date(text, dates, s, found.start(), blocked)
        if _years_ago(day or _year_told(text, s, found.start(), e), reference):
            continue  # a decision of years ago, recalled
        mention, organizers = _decision_mention(text, found, (s, e), day)
        if last and last[1].kind == mention.kind and si - last[0] <= 1 and not organizers and not day:
            last[1].mentions.append(mention)  # the same decision, told on
            last = (si, last[1])
            continue
        frame = EventFrame(mention.kind, mention.name, mentions=[mention], date=day)
        frame.organizers.extend(organizers or _deciding_body(text, s, e))
        frames.append(frame)
        last = (si, frame)
    return merge_same_subject(frames)


def _taken_decision(text: str, hits: list[re.Match], s: int, blocked) -> re.Match | None:
    """The sentence's first trigger that reports a decision as taken: outside a citation, not
    planned or proposed, with its person or post when the verb needs one."""
    _, _, kinds = _triggers()
    for m in hits:
        if any(bs <= m.start() < be for bs, be in blocked):
            continue
        if _NOT_TAKEN.search(text[s:m.start()][-80:]):
            continue
        if kinds[_key(m.group("trigger"))][1] and not _PERSON_OR_POST.match(text, m.end()):
            continue
        return m
    return None


def _decision_mention(text: str, found: re.Match, sent: tuple[int, int], day: str | None):
    """The decision's mention (its name: the trigger and what follows, up to 14 words) and the
    bodies that are the subject of its verb."""
    s, e = sent
    kind = _triggers()[2][_key(found.group("trigger"))][0]
    aux = _AUX.search(text, s, found.start())
    clause_end = aux.start() if aux else found.start()
    organizers = [o for o in _orgs_ending_at(text, s, clause_end) if o[2] >= clause_end - 1]
    stop = _NAME_END.search(text, found.end(), e)
    name_end = stop.start() if stop else e
    name = " ".join(text[found.start():name_end].split()[:14])
    mention = EventMention(found.start(), found.start() + len(name), kind, name, found.end(),
                           descriptive=True, reported=True, day=day)
    return mention, organizers


# "theo quyết định của Ban Thường vụ Thành ủy", "trao Quyết định của Ban Bí thư chỉ định ...": the body
# whose decision it is takes it.
_DECISION_OF = re.compile(r"(?<![\wĐđ])[Qq]uyết\s+định\s+(?:số\s+\S+\s+)?(?:của|do)\s+")


def _deciding_body(text: str, s: int, e: int) -> list[tuple[str, int, int]]:
    for m in _DECISION_OF.finditer(text, s, e):
        org = org_at(text, m.end())
        if org and org.name[:1].isupper():
            return [(org.name, org.start, org.end)]
    return []


# The person a decision is about, as its name writes them: "bổ nhiệm ông Phạm Trung Hiếu ...".
_SUBJECT = re.compile(rf"(?:ông|bà|đồng\s+chí|đ/c)\s+(?P<who>{U}[\wÀ-ỹ]*(?:\s+{U}[\wÀ-ỹ]*){{1,3}})")


def _subject_of(frame: EventFrame) -> str | None:
    m = _SUBJECT.search(frame.name)
    return m.group("who") if m else None


def merge_same_subject(frames: list[EventFrame]) -> list[EventFrame]:
    """A decision about one person told in the title and again in the body ("Miễn nhiệm ... ông Đặng
    Việt Dũng", "HĐND TP đã biểu quyết thông qua việc miễn nhiệm ... đối với ông Đặng Việt Dũng") is
    one decision; a name cut short by the name's length limit still matches its beginning."""
    out: list[EventFrame] = []
    for f in frames:
        who = _subject_of(f)
        same = next((g for g in out if who and g.kind == f.kind and _same_person(_subject_of(g), who)
                     and (g.date is None or f.date is None or g.date == f.date)
                     and _same_body(g, f)), None)
        if same is None:
            out.append(f)
            continue
        # a title tells the decision undated, the body dates it
        same.mentions.extend(f.mentions)
        same.date = same.date or f.date
        same.organizers.extend(o for o in f.organizers if o[0] not in [x[0] for x in same.organizers])
    return out


def _same_body(a: EventFrame, b: EventFrame) -> bool:
    """Two measures about one person taken by two bodies (the Party cell, the department) are two
    decisions; a telling that names no body is either."""
    names_a, names_b = {o[0] for o in a.organizers}, {o[0] for o in b.organizers}
    return not names_a or not names_b or bool(names_a & names_b)


def _same_person(a: str | None, b: str) -> bool:
    return a is not None and a != "" and (a.startswith(b) or b.startswith(a))


# A year the sentence puts the decision in: "Năm 2008, bà A được bầu giữ chức ...", "hồi tháng 1/2016".
_YEAR = re.compile(r"(?<![\wĐđ])(?:[Nn]ăm|tháng\s+\d{1,2}\s*/)\s*(?P<year>(?:19|20)\d\d)(?!\d)")


# After the verb only when told as a time: "được bầu ... hồi tháng 1/2016" (not "vì sai phạm năm 2015").
_YEAR_AFTER = re.compile(r"(?<![\wĐđ])(?:hồi|vào)\s+(?:năm|tháng\s+\d{1,2}\s*/)\s*(?P<year>(?:19|20)\d\d)(?!\d)")


def _year_told(text: str, s: int, pos: int, e: int) -> str | None:
    m = _YEAR.search(text, s, pos) or _YEAR_AFTER.search(text, pos, e)
    return m.group("year") if m else None


def _years_ago(when: str | None, reference: str | None) -> bool:
    return when is not None and reference is not None and when != "" and reference != "" and int(when[:4]) < int(reference[:4]) - 1


def _own_date(text: str, dates, s: int, pos: int, blocked) -> str | None:
    for d in dates:
        if s <= d.start < pos and not any(bs <= d.start < be for bs, be in blocked) and is_event_date(text, d):
            return d.iso
    return None


def is_inspection(text: str, sent: tuple[int, int]) -> bool:
    """Whether the sentence reporting a working session names a delegation or a visit."""
    return _inspection_cue().search(text, sent[0], sent[1]) is not None


__all__ = ["DECISION_KINDS", "decision_frames", "is_inspection"]
