"""Events a bulletin reports, and how the other mentions relate to them.

An event is introduced by a trigger noun (Hội nghị, Đại hội, Lễ, Hội thảo, Tọa đàm, Kỳ họp, Phiên
họp, buổi làm việc ...) that the text reports as happening: "X tổ chức Hội nghị ...", "Dự Hội nghị
có ...", "Hội nghị ... đã diễn ra", or a title that opens with it. A trigger inside a document
citation ("Nghị quyết số 22-NQ/TW, ngày 02/02/2008 Hội nghị lần thứ 6") or after "Nghị quyết" is a
document's provenance, not an event. Later bare mentions ("Hội nghị", "buổi lễ") refer back to the
event of their kind.

Relations are read sentence by sentence: the organizer is the subject of "tổ chức" (or follows
"do"); the plan implemented follows a clause-initial "Thực hiện"/"Triển khai"/"Căn cứ"; documents
inside the event's name are what it reviews; chairs stand next to "chủ trì"; attendees follow
"Dự ... có"; speakers stand next to "phát biểu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.dates import is_event_date
from kg.nlp.lexicon import CAP_SYL, alternation, lexicon_rows, word_starts_of
from kg.nlp.organizations import org_at

# The trigger words are data: `ontology/lexicon/event-triggers.tsv` (nouns, and the verbal nouns that
# name an event only after a verb that reports it: "Tỉnh ủy tổ chức gặp mặt ...").
_TRIGGER_ROWS = lexicon_rows("event-triggers.tsv", columns=3)
TRIGGERS = {p: kind for p, kind, form in _TRIGGER_ROWS if form == "noun"}
VERBAL_TRIGGERS = {p: kind for p, kind, form in _TRIGGER_ROWS if form == "verbal"}
_KIND_OF = {p.casefold(): kind for p, kind in TRIGGERS.items()}
_TRIGGER = re.compile(rf"(?<![\wĐđ])({alternation(TRIGGERS)})(?![\wĐđ])")
_TRIGGER_START = word_starts_of({k.split()[0] for k in TRIGGERS}, after=r"(?![\wĐđ])")
_ORGANIZING = (r"(?:đã\s+|vừa\s+|long trọng\s+|chính thức\s+|phối hợp\s+|cùng\s+|chủ trì,?\s+)*"
               r"(?:tổ chức|tiến hành|khai mạc|bế mạc|triệu tập)"
               r"(?:\s+(?:trọng thể|long trọng|trang trọng|thành công|trang nghiêm))?\s+(?:các\s+|buổi\s+|cuộc\s+)?")
_VERBAL_TRIGGER = re.compile(rf"(?<=[\s,])(?:tổ chức|tiến hành|đã có buổi)\s+(?:buổi\s+|cuộc\s+)?"
                             rf"({'|'.join(VERBAL_TRIGGERS)})(?![\wĐđ])"
                             r"|(?<=\s)(?:đã|vừa)\s+(họp\s+(?:kỳ|phiên|lần)\s+(?:thứ\s+)?[\wĐđ]+)")
# A working visit is mostly written with the verb alone: "Sáng 7-2, Thứ trưởng ... đến thăm và làm việc
# với Công an tỉnh", "Chiều cùng ngày, đồng chí A, làm việc với ...". Taken as an event only in a
# sentence that dates it (see _DATED).
_WORKING_VISIT = re.compile(
    r"(?<![\wĐđ])(?<!đang )(?<!từng )(?<!vẫn )(?<!còn )(?<!để )(?<!sẽ )(?<!buổi )(?<!cuộc )(?<!ngày )(?<!đi )(?<!đang ở )"
    r"(thăm(?:,|\s+và)\s+làm việc\s+(?:với|tại)|làm việc\s+với"
    # "làm việc tại" is where someone works ("công nhân làm việc tại công ty") unless a visit verb leads
    r"|(?:(?<=đã )|(?<=vừa )|(?<=đến )|(?<=tục ))làm việc\s+tại|(?:(?<=đã )|(?<=vừa ))gặp mặt)\s")
# A reception: "Chiều 29/5, Chủ tịch Quốc hội A đã thân mật tiếp Đoàn", "B đã tiếp ông C, Đại sứ ...".
# Only with its guest after it: "đã tiếp tục", "đã tiếp nhận", "đã tiếp thu" are other verbs.
_RECEPTION = re.compile(
    # the verb first, so that the engine jumps from one "tiếp" to the next; what leads it is checked after
    r"""(tiếp) (?: (?<=đã\stiếp) | (?<=vừa\stiếp) | (?<=mật\stiếp) | (?<=thể\stiếp) ) \s+
        (?= (?:xã\s+giao\s+|thân\s+mật\s+)? (?: ông | bà | ngài | Ngài | [Đđ]oàn | các | Đại\s+sứ | Chủ\s+tịch | Phó
            | Bộ\s+trưởng | Thủ\s+tướng | Tổng | Bí\s+thư | [A-ZĐ] ) )""",
    re.VERBOSE,
)
# A body meets: "Ban Thường vụ Tỉnh ủy họp", "Ban Bí thư đã họp", "Thường trực HĐND tỉnh họp phiên
# thường kỳ"; the body before the verb is checked where the trigger is read (`_body_meets`).
_BODY_MEETS = re.compile(r"""(?<=\s) (?P<verb>họp) (?=[\s,.;]) (?!\s+(?:báo|mặt)(?![\wĐđ]))""", re.VERBOSE)
# A decision handed over or announced, with or without "Lễ": "Chiều 6/2, Bộ trưởng A đã trao Quyết định
# số ...", "sáng cùng ngày, tỉnh đã công bố quyết định của Ban Bí thư ...".
_HANDOVER = re.compile(r"(?:(?<=đã )|(?<=vừa ))((?:tổ chức\s+)?(?:trao|công bố)\s+(?:các\s+)?[Qq]uyết định)\s")
_DATED = re.compile(r"(?i:(?:sáng|chiều|tối|trưa|đêm|ngày)\s+(?:ngày\s+)?\(?\d{1,2}\s*(?:[/\-.]|và|–|đến)\s*\d{1,2}"
                    r"|(?:sáng|chiều|tối|trưa|hôm)\s+(?:nay|qua)|cùng ngày)(?![\wĐđ])")
# Words that make what follows a plan or a demand, not a report: "... phải được gửi tới đại biểu trước
# ngày khai mạc Kỳ họp", "báo cáo ... tại cuộc họp vào chiều 18/5" after "đề nghị".
# Triggers that are verbs as well as nouns: "Đoàn ĐBQH tỉnh đã tiếp xúc cử tri tại xã ..."
# Verbs that report the event they name: "Ban Bí thư đã họp", "A đã tiếp Đoàn".
_VERBS_ALONE = {"họp", "tiếp"}
_VERB_NOUNS = {"tiếp xúc cử tri", "tiếp xúc với cử tri", "hội đàm"}
_DID = re.compile(r"(?<![\wĐđ])(?:đã|vừa)\s+$")
_GOES_ON = re.compile(r"\s+(?:tại|ở|để|này|trong|từ|không|kéo dài|cho thấy|cũng|đã|là|sẽ)(?![\wĐđ])")
_HAD = re.compile(r"(?<![\wĐđ])có\s+$")
_PLANNED = re.compile(r"(?<![\wĐđ])(?<!heo )(?:sẽ|phải|đề nghị|yêu cầu|dự kiến)(?![\wĐđ])")
_REPORTING_BEFORE = re.compile(
    r"(?i:(?:long trọng |chính thức |đã |vừa |sẽ không )?(?:tổ chức|khai mạc|bế mạc|diễn ra|tiến hành|tham dự|"
    r"dự|chủ trì|phát biểu(?: chỉ đạo| khai mạc| bế mạc| kết luận)?(?: tại)?|tại|họp|mở|kết thúc|"
    r"triệu tập|phối hợp tổ chức|có buổi|đã có|đến dự|về dự|tới dự|trong khuôn khổ))"
    r"(?:\s+(?:trọng thể|long trọng|trang trọng|thành công|trang nghiêm))?\s+(?:các\s+|buổi\s+|cuộc\s+)?$"
)
_REPORTING_AFTER = re.compile(
    r"^[^.;]{0,200}?\s(?:đã|được|chính thức|vừa)?\s*(?:diễn ra|khai mạc|bế mạc|tổ chức|được tổ chức|kết thúc|"
    r"đã thành công|họp)(?![\wĐđ])"
)
_NOT_EVENT_BEFORE = re.compile(
    r"(?i:(?:nghị quyết|văn kiện|nhiệm kỳ|các nhiệm kỳ|chuẩn bị|tiến tới|hướng tới|dự kiến|sẽ|chuẩn bị cho|"
    r"kế hoạch tổ chức|chào mừng|kết luận của|thông báo|tinh thần|sau|trước|nhân dịp(?: đang)?(?: diễn ra)?|"
    r"đại biểu(?: chính thức)?(?: đi)? dự)\s+(?:\S+\s+){0,1})$"
    # Conclusions given at a conference and announced by a notice: "thông báo kết luận của ông A -
    # Phó Chủ tịch UBND tỉnh tại Hội nghị ...".
    r"|(?i:kết luận của\s[^.;:]{0,100}\stại\s+)$"
)
_NAME_STOP = re.compile(
    r"[,.;:“\"(\n]|\s(?:do|diễn ra|được|đã|vào|với sự|có sự|dưới sự|nhằm|sáng|chiều|tối|ngày|năm 20\d\d,|"
    r"là|và các|tới|cho biết|cùng|có|của các|đã được|cũng|sẽ|vẫn|còn|cho thấy|nhằm|theo|này|đó|trên|qua)\s"
)
_IMPLEMENTS = re.compile(r"(?:^|[,;:]\s*|\.\s*)(?i:thực hiện|triển khai|căn cứ|theo|thi hành)\s+(?:\S+\s+){0,3}?$")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_PLACE = re.compile(rf"\s(?:tại|ở)\s+((?:{CAP_SYL}|trụ sở|hội trường|nhà văn hóa|nhà khách|trung tâm|"
                    rf"khách sạn|thủ đô|thành phố|tỉnh|huyện|xã|phường|Nhà)(?:[\s-]+(?:{CAP_SYL}|[A-ZĐ0-9.]+|"
                    rf"trụ sở|hội trường|nhà văn hóa|tỉnh|huyện|xã|phường|thành phố|thủ đô|quận|thị xã|"
                    rf"khách sạn|trung tâm|hội nghị|cơ quan|nhân dân|ủy ban))*)")
_PHOI_HOP = re.compile(r"\s*(?:,|và|phối hợp với|cùng với|cùng)\s*$")


class _Group:
    """A match seen through one of its groups."""

    def __init__(self, m, group: int):
        self._m, self._g = m, group

    def start(self, _=None) -> int:
        return self._m.start(self._g)

    def end(self, _=None) -> int:
        return self._m.end(self._g)


@dataclass(frozen=True)
class _Span:
    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


@dataclass
class EventMention:
    start: int
    end: int
    kind: str
    name: str
    trigger_end: int
    descriptive: bool
    reported: bool
    day: str | None = None  # the date its sentence gives before it, if any


@dataclass
class EventFrame:
    kind: str
    name: str
    mentions: list[EventMention] = field(default_factory=list)
    date: str | None = None
    date_span: tuple[int, int] | None = None
    place: str | None = None
    organizers: list[tuple[str, int, int]] = field(default_factory=list)
    implements: list[int] = field(default_factory=list)  # indexes into the citation list
    reviews: list[int] = field(default_factory=list)
    participations: list[tuple[int, str, int, int]] = field(default_factory=list)  # official idx, role, span


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a run of ".", "!", "?" or "…" before a blank or the end, or a line break,
    ends a sentence ("TP.HCM" does not)."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _triggers(text: str):
    """(match, trigger, kind) of every word that may name an event, each position once: nouns first,
    then verbal nouns after a reporting verb, a body's "họp", and the verbs of dated visits,
    receptions and handovers."""
    taken: list[int] = []
    spans: list[tuple[int, int]] = []
    yield from _noun_triggers(text, taken, spans)
    yield from _verbal_triggers(text, taken, spans)
    yield from _body_meetings(text, taken, spans)
    yield from _dated_verb_triggers(text, taken)


def _noun_triggers(text: str, taken: list[int], spans: list[tuple[int, int]]):
    for m in (_TRIGGER.match(text, x.start()) for x in _TRIGGER_START.finditer(text)):
        if m is not None:
            taken.append(m.start(1))
            spans.append((m.start(1), m.end(1)))
            yield m, m.group(1), _kind(m.group(1))


def _verbal_triggers(text: str, taken: list[int], spans: list[tuple[int, int]]):
    for m in _VERBAL_TRIGGER.finditer(text):
        group = 1 if m.group(1) else 2
        # "đã có buổi làm việc với": the verb's "làm việc" lies inside the noun "buổi làm việc"
        if m.start(group) not in taken and not any(s <= m.start(group) < e for s, e in spans):
            taken.append(m.start(group))
            kind = VERBAL_TRIGGERS.get(m.group(1)) if group == 1 else "session"
            if kind == "meeting" and text.startswith(" phiên", m.end(1)):  # "tổ chức họp phiên ..."
                kind = "session"
            yield _Group(m, group), m.group(group), kind


def _body_meetings(text: str, taken: list[int], spans: list[tuple[int, int]]):
    for m in _BODY_MEETS.finditer(text):
        verb = m.start("verb")
        if verb not in taken and not any(s <= verb < e for s, e in spans) and _body_meets(text, verb):
            taken.append(verb)
            kind = "session" if _SITTING_AFTER.match(text, m.end("verb")) else "meeting"
            yield _Group(m, 1), m.group("verb"), kind


def _dated_verb_triggers(text: str, taken: list[int]):
    """Visits, receptions and handovers written with their verb alone: events only in a sentence that
    dates them and does not plan them."""
    for rx, kind in ((_WORKING_VISIT, "meeting"), (_RECEPTION, "meeting"), (_HANDOVER, "ceremony")):
        for m in rx.finditer(text):
            if m.start(1) not in taken:
                head = _sentence_head(text, m.start(1))
                if _DATED.search(head) and not _PLANNED.search(head):
                    yield _Group(m, 1), m.group(1), kind


def _sentence_head(text: str, pos: int) -> str:
    """The part of pos's sentence before pos."""
    window = text[max(0, pos - 400):pos]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end():] if ends else window


# "Chính phủ họp phiên thường kỳ", "họp trực tuyến phiên họp thường kỳ tháng 6": a sitting.
_SITTING_AFTER = re.compile(r"(?:\s+trực\s+tuyến)?\s+(?:phiên|kỳ|kì)(?![\wĐđ])")


def _body_meets(text: str, verb_start: int) -> bool:
    """Whether an organization is the subject right before `verb_start` ("Ban Thường vụ Tỉnh ủy (đã) họp")."""
    head = _sentence_head(text, verb_start)
    start = verb_start - len(head)
    aux = _MEETING_AUX.search(head)
    clause_end = start + aux.start() if aux else verb_start
    return any(o[2] >= clause_end - 1 for o in _orgs_ending_at(text, start, clause_end))


_MEETING_AUX = re.compile(r"(?<![\wĐđ])(?:đã|vừa|đã\s+tiến\s+hành)\s+$")


def find_event_mentions(text: str, blocked: list[tuple[int, int]], title_end: int, dates=()) -> list[EventMention]:
    """`dates` (DateMention, in text order) let each mention carry the day its sentence opens with."""
    out = []
    for m, trig, kind in sorted(_triggers(text), key=lambda x: x[0].start(1)):
        span = _Span(m.start(1), m.end(1))
        if any(s <= span.start() < e for s, e in blocked):
            continue
        kind = _kind_in_context(text, span, trig, kind)
        if kind is None:
            continue
        name_end, name = _name_at(text, span)
        # "Hội thảo tại Sơn La để ...", "Hội nghị không những ...": the trigger alone names the event and
        # the rest is the sentence going on, so it refers back like a bare "Hội thảo".
        # Meetings differ by where and with whom ("tiếp xúc cử tri tại xã A"), so they keep the place.
        descriptive = len(name.split()) > len(trig.split()) + 1 and (kind == "meeting" or not _GOES_ON.match(text, span.end()))
        reported = _is_reported(text, span, trig, name_end, title_end, descriptive)
        day = _mention_day(text, span.start(), dates, blocked) if dates else None
        out.append(EventMention(span.start(), name_end, kind, _clean_name(name), span.end(), descriptive, reported, day))
    return out


def _kind_in_context(text: str, span, trig: str, kind: str) -> str | None:
    """The trigger's kind where it stands, or None where the word names no event: "lễ tân", "lễ
    phục", a citation's provenance ("Nghị quyết ... Hội nghị lần thứ 6"), "Quốc hội thảo luận"."""
    if trig in {"Lễ", "lễ"} and re.match(r"\s+(?:hội|tân|phục|nghi|tết|phép|bái|vật|đường)\b", text[span.end():]):
        return "ceremony" if text[span.end():].startswith((" hội",)) else None
    # "Trong cuộc tiếp, ..." is a reception; "cuộc tiếp đón Watford" a football match at home
    if trig.casefold() == "cuộc tiếp" and re.match(r"\s+[a-zđà-ỹ]", text[span.end():]):
        return None
    before = text[max(0, span.start() - 60):span.start()]
    if _NOT_EVENT_BEFORE.search(before):
        return None
    # "Quốc hội thảo luận": "hội" closes "Quốc hội" and "thảo" opens "thảo luận"; no seminar.
    if trig.casefold() == "hội thảo" and (text.startswith(" luận", span.end()) or before.endswith(("Quốc ", "quốc "))):
        return None
    return kind


_MAX_NAME_WORDS = 28


def _name_at(text: str, span) -> tuple[int, str]:
    """Where the event's name ends and the name: up to the first word that goes on with the
    sentence (`_NAME_STOP`), at most 160 characters and 28 words."""
    stop = _NAME_STOP.search(text, span.end())
    name_end = stop.start() if stop else min(len(text), span.end() + 120)
    name_end = min(name_end, span.end() + 160)
    name = re.sub(r"\s+", " ", text[span.start():name_end]).strip()
    words = name.split()
    if len(words) > _MAX_NAME_WORDS:
        name = " ".join(words[:_MAX_NAME_WORDS])
        head = re.match(r"\S+(?:\s+\S+){%d}" % (_MAX_NAME_WORDS - 1), text[span.start():])  # noqa: UP031
        assert head is not None  # the text holds more than _MAX_NAME_WORDS words from here
        name_end = span.start() + len(head.group(0))
    return name_end, name


def _is_reported(text: str, span, trig: str, name_end: int, title_end: int, descriptive: bool) -> bool:
    """Whether the text reports the event as happening (not planned): a verb that is the event ("họp",
    "làm việc với"), a verb noun after "đã" or in a dated sentence, "có buổi ...", a reporting verb
    before or after the name, or the title."""
    before = text[max(0, span.start() - 60):span.start()]
    reported = (
        trig.startswith(_REPORTING_TRIGGERS) or trig in _VERBS_ALONE
        or trig.casefold() in _VERB_NOUNS and (_DID.search(before) is not None or _DATED.search(before) is not None)
        # "X có buổi làm việc với Y", "A đã có cuộc hội kiến với B"
        or _HAD.search(before) is not None and trig.startswith(("buổi", "cuộc"))
        or _REPORTING_BEFORE.search(before) is not None
        or _reported_after(text, name_end)
        or span.start() < title_end and (span.start() < 3 or descriptive)
    )
    if reported and span.start() >= title_end and _PLANNED.search(_sentence_head(text, span.start())):
        return False
    return reported


def _reported_after(text: str, name_end: int) -> bool:
    """ "Hội nghị ... đã diễn ra", not "Diễn đàn ... sẽ diễn ra tại Bắc Kinh"."""
    m = _REPORTING_AFTER.match(text[name_end:name_end + 220])
    return m is not None and not _PLANNED.search(m.group())


_REPORTING_TRIGGERS = ("họp ", "làm việc ", "thăm", "gặp mặt", "trao ", "công bố ", "tổ chức ")


def _mention_day(text: str, start: int, dates, blocked) -> str | None:
    head_start = start - len(_sentence_head(text, start))
    d = event_date(text, (head_start, start), start, dates, blocked)
    return d.iso if d else None


def group_events(mentions: list[EventMention], title_end: int = 0) -> list[EventFrame]:
    """One frame per event: a descriptive reported mention opens a frame unless it restates one;
    bare mentions join the latest frame of their kind. The title names the event the body first
    reports, often in other words ("Đại hội chi đoàn Trung tâm X" for "Đại hội Chi đoàn nhiệm kỳ
    2017-2019"), so a title's frame takes the body's first mention of its kind."""
    frames: list[EventFrame] = []
    for mention in mentions:
        same_kind = _same_kind_frames(frames, mention, title_end)
        target = _frame_it_refers_to(same_kind, mention, title_end) or _referred_back(frames, mention)
        if target is None:
            if not mention.reported or not mention.descriptive and any(f.kind == mention.kind for f in frames):
                continue
            target = EventFrame(mention.kind, mention.name)
            frames.append(target)
        elif mention.descriptive and len(mention.name) > len(target.name) and mention.reported:
            target.name = mention.name
        target.mentions.append(mention)
    # An event only heard of in passing (one unreported mention) is dropped above; a frame needs one
    # reported mention.
    return [f for f in frames if any(m.reported for m in f.mentions)]


# How far back a bare event noun of another kind still refers to the event just reported: "Bộ Quốc
# phòng đã có cuộc làm việc với Ủy ban Quốc phòng và An ninh ... A và B chủ trì hội nghị."
_REFER_BACK_CHARS = 300


def _referred_back(frames: list[EventFrame], mention: EventMention) -> EventFrame | None:
    """A bare mention ("hội nghị", "buổi lễ") of a kind no frame has, with no date of its own, right
    after a reported event, names that event in other words, not a second one."""
    if mention.descriptive or mention.day or not frames or any(f.kind == mention.kind for f in frames):
        return None
    last = max(frames, key=lambda f: f.mentions[-1].end)
    gap = mention.start - last.mentions[-1].end
    return last if 0 <= gap <= _REFER_BACK_CHARS and any(m.reported for m in last.mentions) else None


def _same_kind_frames(frames: list[EventFrame], mention: EventMention, title_end: int) -> list[EventFrame]:
    """The frames `mention` may belong to: of its kind, and of its day when it has one."""
    same_kind = [f for f in frames if f.kind == mention.kind]
    if mention.descriptive and mention.day:
        # Another day, another event: "Ngày 10-2, ... có buổi làm việc với Thành đoàn" after a
        # visit of 9-2; "Chiều cùng ngày, ... làm việc với Liên đoàn" after the morning's meeting.
        same_kind = [f for f in same_kind if _day(f) in (None, mention.day)]
        if mention.start >= title_end and trig_is_verb(mention):
            # "Chính phủ họp trực tuyến phiên họp thường kỳ tháng 6" is the "Phiên họp trực tuyến
            # thường kỳ tháng 6" of the same day; each "làm việc với" of a visit is its own session.
            same = _same_event if mention.name.casefold().startswith("họp") else _restates
            same_kind = [f for f in same_kind if _day(f) is None or same(f.name, mention.name)]
    return same_kind


def _frame_it_refers_to(same_kind: list[EventFrame], mention: EventMention, title_end: int) -> EventFrame | None:
    """The frame a mention restates or refers back to, renamed when the mention names it better."""
    target = _restated_or_latest(same_kind, mention)
    if target is None and mention.start >= title_end and mention.reported:
        target = next((f for f in same_kind if all(m.start < title_end for m in f.mentions)
                       and _same_trigger(f.name, mention.name)), None)
        if target is not None and mention.descriptive:
            target.name = mention.name
    if target is None and mention.descriptive and same_kind and not _is_descriptive(same_kind[-1].name):
        target = same_kind[-1]  # "Buổi lễ ... " then "Lễ kỷ niệm 110 năm ...": the same ceremony, now named
        target.name = mention.name
    return target


def _restated_or_latest(same_kind: list[EventFrame], mention: EventMention) -> EventFrame | None:
    """A named mention joins the latest frame it restates; a bare one ("Hội nghị") the latest of its kind."""
    if mention.descriptive:
        return next((f for f in reversed(same_kind) if _same_event(f.name, mention.name)), None)
    return same_kind[-1] if same_kind else None


def _day(frame: EventFrame) -> str | None:
    return next((m.day for m in frame.mentions if m.day), None)


def trig_is_verb(mention: EventMention) -> bool:
    """A mention written with a verb ("làm việc với ...", "đã gặp mặt ...") reports an event of its own;
    only nouns refer back to one ("Tại buổi làm việc, ...")."""
    return _VERB_MENTION.match(mention.name) is not None


_VERB_MENTION = re.compile(r"(?i:làm việc|thăm|gặp mặt|trao |công bố |tổ chức |họp|tiếp (?!xúc))")


_CHAIRED = re.compile(r"(?<![\wĐđ])chủ trì\s+$")


def chaired(text: str, mention: EventMention) -> bool:
    """ "Thứ trưởng A đã chủ trì buổi lễ trao quyết định ...": someone led it, so it took place, even
    when the text first names it deep in the body."""
    return mention.reported and _CHAIRED.search(text, max(0, mention.start - 12), mention.start) is not None


def is_history(date: str | None, reference: str | None) -> bool:
    """An event dated years before the bulletin ("Ngày 15/6/1957, Người đã về thăm, làm việc ...") is
    recalled, not reported."""
    return date is not None and reference is not None and date != "" and reference != "" and date[:4].isdigit() and int(date[:4]) < int(reference[:4]) - 1


def _same_trigger(a: str, b: str) -> bool:
    return a.split()[:1] == b.split()[:1] or a.casefold().startswith("buổi") or b.casefold().startswith("buổi")


def _is_descriptive(name: str) -> bool:
    return len(name.split()) > 2


def _restates(a: str, b: str) -> bool:
    a_words, b_words = a.casefold().split(), b.casefold().split()
    return a_words[: len(b_words)] == b_words or b_words[: len(a_words)] == a_words


def _same_event(a: str, b: str) -> bool:
    if _restates(a, b):
        return True
    a_words, b_words = a.casefold().split(), b.casefold().split()
    # Words every meeting's name shares ("buổi làm việc với ...") say nothing about which meeting it is.
    sa, sb = set(a_words) - _GENERIC_WORDS, set(b_words) - _GENERIC_WORDS
    if not sa or not sb:
        sa, sb = set(a_words), set(b_words)
    return len(sa & sb) / max(1, min(len(sa), len(sb))) >= 0.75


_GENERIC_WORDS = {"buổi", "cuộc", "làm", "việc", "với", "tại", "thăm", "và", "của", "về", "các", "lễ"}


def _kind(trigger: str) -> str:
    return _KIND_OF.get(" ".join(trigger.split()).casefold(), "other")


def _clean_name(name: str) -> str:
    name = name.strip(" -–")
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return name


_SAME_DAY = re.compile(r"(?i:cùng ngày)(?![\wĐđ])")
_SPAN_NEXT = re.compile(r"\s*[-–/]\s*\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{4}")
_SPAN_PREV = re.compile(r"\d{4}\s*[-–/]\s*$")


def event_date(text: str, sent: tuple[int, int], mention_start: int, dates, excluded: list[tuple[int, int]]):
    """The date of an event mentioned at `mention_start`: the first date of its sentence that is not
    part of a citation nor one end of an anniversary's span ("(14/6/1957 - 14/6/2017)"); else, after
    "cùng ngày" ("Chiều cùng ngày, đoàn làm việc với ..."), the latest date before the sentence."""
    usable = usable_dates(text, dates, excluded)
    own = [d for d in usable if sent[0] <= d.start < sent[1]]
    if own:
        return own[0]
    if _SAME_DAY.search(text, sent[0], mention_start):
        earlier = [d for d in usable if d.start < sent[0]]
        if earlier:
            return earlier[-1]
    return None


def usable_dates(text: str, dates, excluded: list[tuple[int, int]]) -> list:
    """The dates that can date an event: not inside a citation, not one end of an anniversary's span
    ("(20/5/1947-20/5/2017)"), not a birthday, deadline or page date (`is_event_date`)."""
    return [d for i, d in enumerate(dates) if not any(s <= d.start < e for s, e in excluded)
            and not _spans_years(text, dates, i) and is_event_date(text, d)]


def _spans_years(text: str, dates, i: int) -> bool:
    d = dates[i]
    return d.has_year and bool(_SPAN_NEXT.match(text, d.end) or _SPAN_PREV.search(text[max(0, d.start - 12):d.start]))


def find_place(text: str, start: int, end: int) -> str | None:
    m = _PLACE.search(text, start, end)
    if not m:
        return None
    place = re.sub(r"\s+", " ", m.group(1)).strip()
    if re.match(r"(?i)(hội nghị|lễ|đại hội|kỳ họp|buổi)", place):
        return None
    return place


def organizers_in(text: str, sent: tuple[int, int], mention: EventMention) -> list[tuple[str, int, int]]:
    """ "X (phối hợp với Y) tổ chức <event>", "X (đã) họp", "X tiếp xúc cử tri", and "<event> do/được
    X (phối hợp với Y) tổ chức"."""
    return _subject_organizers(text, sent, mention) + _agent_organizers(text, sent, mention) + \
        _body_in_name(text, mention)


# A body that holds the event it names with a verb: "Ủy ban Kiểm tra Trung ương đã họp kỳ thứ 15",
# "Đoàn ĐBQH TP.HCM tiếp xúc cử tri tại huyện Củ Chi".
# "Bộ Quốc phòng đã có cuộc làm việc với ...": the body that has the working session holds it.
_HELD_BY_SUBJECT = re.compile(r"(?i:họp|tiếp xúc(?: với)? cử tri|(?<=có )(?:buổi|cuộc) làm việc)(?![\wĐđ])")
_SUBJECT_AUX = re.compile(r"(?:(?<![\wĐđ])(?:đã|vừa|đã tiến hành|tiếp tục|cũng|có)\s+)*$")
_AGENT = re.compile(r"\s(?:do|được)\s+")
_AGENT_SEP = re.compile(r"\s*(?:,|và|phối hợp với|cùng)\s*")


# The body whose meeting or sitting the name says: "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng",
# "kỳ họp thứ 4 Hội đồng nhân dân TP Đà Nẵng", "Phiên họp thứ 11 của Ủy ban Thường vụ Quốc hội",
# "phiên họp Ban Thường vụ Huyện ủy".
_BODY_MEETING_NOUNS = {"hội nghị", "kỳ họp", "kì họp", "phiên họp", "cuộc họp", "buổi họp"}
_BODY_AFTER_NOUN = re.compile(
    r"""(?: (?: \s+ (?: (?:lần|kỳ|kì) \s+ )? thứ \s+ [\wĐđ]+ | \s+ \d+ ) \s* ,? | \s+ (?:thường\s+kỳ|bất\s+thường|thường\s+lệ) )?
        \s+ (?: của \s+ )? (?! báo (?![\wĐđ]) )""",
    re.VERBOSE,
)
# The term is no part of the body: "Quốc hội khóa XIV" holds the sitting as "Quốc hội".
_TERM = re.compile(r"\s*,?\s+(?:khóa|khoá|nhiệm kỳ)\s+[\wĐđ\-–]+(?:\s*[-–]\s*\d{4})?\s*$")
# "Hội nghị Trung ương 5" is the Central Committee's plenum, and the gold convention names no body for it.
_NOT_A_HOLDER = {"trung ương", "tw", "t.ư", "tư"}


def _body_in_name(text: str, mention: EventMention) -> list[tuple[str, int, int]]:
    trigger = " ".join(text[mention.start:mention.trigger_end].split()).casefold()
    if trigger not in _BODY_MEETING_NOUNS:
        return []
    gap = _BODY_AFTER_NOUN.match(text, mention.trigger_end)
    org = org_at(text, gap.end()) if gap else None
    name = _TERM.sub("", org.name) if org else ""
    if org is None or not name or re.sub(r"\s+[\dIVX]+$", "", name).casefold() in _NOT_A_HOLDER:
        return []
    return [(name, org.start, org.start + len(name))]


def _subject_organizers(text: str, sent: tuple[int, int], mention: EventMention) -> list[tuple[str, int, int]]:
    s = sent[0]
    before = text[s:mention.start]
    m = re.search(_ORGANIZING + "$", before)
    if m:
        return _orgs_ending_at(text, s, s + m.start())
    aux = _SUBJECT_AUX.search(before)
    if aux is not None and _HELD_BY_SUBJECT.match(text, mention.start):
        clause_end = s + aux.start()
        return [o for o in _orgs_ending_at(text, s, clause_end) if o[2] >= clause_end - 1]
    return []


def _agent_organizers(text: str, sent: tuple[int, int], mention: EventMention) -> list[tuple[str, int, int]]:
    """ "<event> do X (phối hợp với Y) tổ chức", "<event> được X tổ chức trang trọng"."""
    found: list[tuple[str, int, int]] = []
    dm = _AGENT.search(text, mention.start, sent[1])
    if not dm or not re.search(r"tổ chức", text[dm.end():sent[1]]):
        return found
    pos = dm.end()
    while (org := org_at(text, pos)) is not None:
        found.append((org.name, org.start, org.end))
        sep = _AGENT_SEP.match(text, org.end)
        if not sep:
            break
        pos = sep.end()
    return found


def _orgs_ending_at(text: str, s: int, clause_end: int) -> list[tuple[str, int, int]]:
    """Organizations forming the subject that ends at `clause_end`, across "," and "phối hợp với"."""
    seg = text[s:clause_end]
    cut = max(seg.rfind(","), seg.rfind(";"), seg.rfind(":"))
    # "Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam tỉnh Lào Cai tổ chức ...": step back over commas
    # as long as each segment is itself an organization.
    while cut >= 0:
        prev_cut = max(seg.rfind(",", 0, cut), seg.rfind(";", 0, cut), seg.rfind(":", 0, cut))
        piece_start = s + prev_cut + 1
        while piece_start < clause_end and text[piece_start] == " ":
            piece_start += 1
        org = org_at(text, piece_start)
        if not org or org.end < s + cut - 1:
            break
        cut = prev_cut
    out = []
    start = s + cut + 1 if cut >= 0 else s
    while start < clause_end and text[start] == " ":
        start += 1
    # walk over "X phối hợp với Y" / "X và Y" inside the clause
    pos = start
    while pos < clause_end:
        org = org_at(text, pos)
        if not org:
            # the clause may start with a time phrase: skip a word and retry, a few times
            nxt = re.match(r"\S+\s+", text[pos:clause_end])
            if not nxt or pos - start > 60:
                break
            pos += nxt.end()
            continue
        end = min(org.end, clause_end)
        name = re.sub(r"\s+", " ", text[org.start:end]).strip(" ,")
        out.append((name, org.start, end))
        sep = re.match(r"\s*(?:,|và|[-–]|phối hợp với|phối hợp cùng|cùng với|cùng)\s*", text[end:clause_end])
        if not sep:
            break
        pos = end + sep.end()
    return out


def implements_before(text: str, sent: tuple[int, int], citation_start: int) -> bool:
    return bool(_IMPLEMENTS.search(text[max(sent[0], citation_start - 60):citation_start])) or \
        bool(re.search(r"(?i)(?:^|[,;]\s*)(?:thực hiện|triển khai|căn cứ|thi hành)\s+$", text[sent[0]:citation_start]))
