"""Who holds a working session, and the delegation or body behind it: the role convention of
README "Roles, one convention", for the frames the trigger rules leave without them.

- The leader who holds a working session is its chair: the official who is the subject of the verb
  ("Bộ trưởng Phùng Xuân Nhạ có buổi làm việc với ...", "đồng chí A đến thăm và làm việc với ..."),
  and the head of the delegation ("Đoàn công tác ... do đồng chí Lương Cường làm Trưởng đoàn", "do A
  dẫn đầu").
- The delegation that holds it is its organizer ("Đoàn công tác của Ban Bí thư ... làm việc với ...").
- The body on whose behalf a decision is announced organizes it ("thay mặt Ban Thường vụ Thành ủy
  Đà Nẵng công bố ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.lexicon import alternation, lexicon_rows
from kg.nlp.organizations import org_at

# Between the leader's name (or the apposition after it) and the verb of the session.
_LEADER_GAP = re.compile(
    r"""^ [\s,]* (?: (?: đã | vừa | cùng | cùng\s+đoàn\s+công\s+tác | đến | tới | về | đi | sang | có | tiếp\s+tục
                      | đến\s+thăm\s+và | thăm\s+và | thăm, | thân\s+mật | trọng\s+thể
                      # "A dẫn đầu Đoàn đại biểu cấp cao Quốc hội Cu Ba thăm và làm việc tại ..."
                      | dẫn\s+đầu\s+[Đđ]oàn (?:\s+[^\s,.;]+){0,14}? ) [\s,]* )* $""",
    re.VERBOSE,
)
# "Đoàn ... do (đồng chí) A, title, title làm Trưởng đoàn / dẫn đầu": the first official after "do".
_HEAD_OF_DELEGATION = re.compile(
    r"""(?<![\wĐđ]) do \s+ (?P<who> (?: (?!\sdo\s) [^.;] ){3,300}? ) \s*,?\s*
        (?: làm\s+[Tt]rưởng\s+[Đđ]oàn | [Tt]rưởng\s+[Đđ]oàn | dẫn\s+đầu ) (?![\wĐđ])""",
    re.VERBOSE,
)
_DELEGATION = re.compile(
    r"""(?<![\wĐđ]) (?P<name> [Đđ]oàn \s+ (?:công\s+tác|kiểm\s+tra|giám\s+sát|đại\s+biểu|lãnh\s+đạo)
        (?: \s+ (?!do\s|đã\s|vừa\s|có\s|đến\s|tới\s|làm\s|thăm|tiếp\s|cùng\s)(?:[^\s,.;:]|\.(?=\S))+ ){0,10}? )
        (?= \s+ (?:do|đã|vừa|có|đến|tới|làm\s+việc|thăm|tiếp\s+tục|cùng) (?![\wĐđ]) )""",
    re.VERBOSE,
)
_ON_BEHALF = re.compile(r"(?<![\wĐđ])thay mặt\s+")


def session_leaders(text: str, sent: tuple[int, int], mention_start: int, officials) -> list[tuple[int, int, int]]:
    """(official index, start, end) of the official holding the session mentioned at `mention_start`:
    the subject right before its verb."""
    before = [(i, o) for i, o in enumerate(officials) if sent[0] <= o.start and o.end <= mention_start]
    if before:
        i, o = before[-1]
        if _LEADER_GAP.match(text[o.end:mention_start]):
            return [(i, o.start, mention_start)]
    return _titled_leader(text, sent, mention_start, officials)


def _titled_leader(text: str, sent: tuple[int, int], mention_start: int, officials) -> list[tuple[int, int, int]]:
    """ "Ngày 7/2, Bí thư Thành ủy Hà Nội đã làm việc với ...": a post written without its holder's
    name is the official of the bulletin who holds it (a full post, with its organization)."""
    head = text[sent[0]:mention_start]
    for size in range(min(len(head), 160), 0, -1):
        if _LEADER_GAP.match(head[len(head) - size:]) is None:
            continue
        subject = head[:len(head) - size].rstrip(" ,").casefold()
        for i, o in enumerate(officials):
            for p in o.positions:
                if p.organization and len(p.label.split()) >= 3 and subject.endswith(p.label.casefold()):
                    start = sent[0] + len(subject) - len(p.label)
                    if start == sent[0] or not text[start - 1].isalnum():
                        return [(i, start, mention_start)]
        return []
    return []


def delegation_heads(text: str, sent: tuple[int, int], officials) -> list[tuple[int, int, int]]:
    """(official index, start, end) of the head of each delegation the sentence names ("Đoàn ... do
    A làm Trưởng đoàn"): the first official after "do"; those after the first are its titles' people
    or members."""
    out = []
    for m in _HEAD_OF_DELEGATION.finditer(text, sent[0], sent[1]):
        head = next((i for i, o in enumerate(officials) if m.start("who") <= o.name_start < m.end("who") + 1), None)
        if head is None:  # "do ông Hoàng Trung Hải dẫn đầu": a name written without its post here
            head = named_in(text[m.start("who"):m.end("who")], officials)
        if head is not None:
            out.append((head, officials[head].start, m.end()))
    return out


def named_in(phrase: str, officials) -> int | None:
    """The official (index) whose full name `phrase` contains first, if any."""
    hits = [(phrase.find(o.name), i) for i, o in enumerate(officials) if len(o.name.split()) >= 2 and o.name in phrase]
    return min(hits)[1] if hits else None


def delegation_in(text: str, sent: tuple[int, int], mention_start: int) -> tuple[str, int, int] | None:
    """The delegation that is the subject of the session's sentence, as written."""
    for m in _DELEGATION.finditer(text, sent[0], mention_start):
        name = re.sub(r"\s+", " ", m.group("name")).strip()
        return name, m.start("name"), m.end("name")
    return None


def on_behalf_of(text: str, sent: tuple[int, int], mention_start: int) -> tuple[str, int, int] | None:
    """ "thay mặt Ban Thường vụ Thành ủy Đà Nẵng công bố ...": the body a decision is announced for."""
    for m in _ON_BEHALF.finditer(text, sent[0], mention_start):
        org = org_at(text, m.end())
        if org:
            return org.name, org.start, org.end
    return None


# Officials' roles at the event of their sentence: chair, speaker, reporter (README "Roles, one
# convention"). The cue words are data (`ontology/lexicon/role-cues.tsv`), and so are the words that
# make a role one not held at a reported event (`role-blockers.tsv`).

@lru_cache(maxsize=1)
def _role_cues() -> tuple[re.Pattern, dict[str, str]]:
    rows = lexicon_rows("role-cues.tsv")
    rx = re.compile(rf"(?<![\wĐđ])(?P<cue>{alternation(p for p, _ in rows)})(?![\wĐđ])")
    return rx, {_key(p): role for p, role in rows}


@lru_cache(maxsize=1)
def _role_blockers() -> re.Pattern:
    rows = lexicon_rows("role-blockers.tsv")
    return re.compile(rf"(?<![\wĐđ]){alternation(p for p, _ in rows)}(?![\wĐđ])")


def _key(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


# The run of officials before a role word: "A, B và C đồng chủ trì"; "A và anh B chủ trì".
_CONTIGUOUS = re.compile(
    r"""^ [\s,;]* (?: (?: và | cùng | cùng\s+với | đã | đồng | , | ; | ông | bà | anh | chị | đồng\s+chí
                         # "A, Thủ tướng Chính phủ, thay mặt Bộ Chính trị điều hành phiên họp"
                         | thay\s+mặt\s+[^,.;]{1,80}?
                         # the end of a title the official's mention leaves out: "..., Chủ nhiệm Ủy ban
                         # Quốc phòng và An ninh của Quốc hội đồng chủ trì"
                         | của\s+[^,.;]{1,40}? ) \s* )* $""",
    re.VERBOSE | re.IGNORECASE,
)
# A role word whose official comes after it: "Chủ trì hội nghị có đồng chí A", "dưới sự chủ trì của A".
_AFTER_ROLE = re.compile(
    r"""\s* (?: hội\s+nghị | buổi\s+lễ | lễ | đại\s+hội | hội\s+thảo | tọa\s+đàm | kỳ\s+họp | phiên\s+họp
              | phiên\s+thảo\s+luận | phiên | buổi\s+làm\s+việc )? \s*
        (?: là | có | của ) \s""",
    re.VERBOSE | re.IGNORECASE,
)
_ATTEND = re.compile(
    r"(?i:(?<![\wĐđ])(?:tham dự|đến dự|tới dự|về dự|cùng dự|dự)(?:\s+(?:hội nghị|buổi lễ|lễ|đại hội|hội thảo|"
    r"tọa đàm|kỳ họp|phiên họp|buổi làm việc|buổi gặp mặt|chương trình|sự kiện|buổi|lễ kỷ niệm)[^,;:]{0,80}?)?"
    r"\s*,?\s*(?:còn\s+)?có)|(?i:cùng đi với[^,;]{0,60}?có)"
)
_BLOCKER_REACH = 80  # characters before a role word where a blocker still governs it


def role_cues(text: str, sent: tuple[int, int]) -> list[tuple[str, re.Match]]:
    """(role, match) for each role word of the sentence that a blocker does not govern."""
    rx, roles = _role_cues()
    out = []
    for m in rx.finditer(text, sent[0], sent[1]):
        role = roles[_key(m.group("cue"))]
        if role == "none" or _role_blockers().search(text, max(sent[0], m.start() - _BLOCKER_REACH), m.start()):
            continue
        out.append((role, m))
    return out


def participations_in(text: str, sent: tuple[int, int], officials: list[tuple[int, int, int]]):
    """(official index, role, evidence start, evidence end) for the officials in one sentence.
    `officials` holds (index, start, end) of official mentions inside the sentence, in order."""
    out: list[tuple[int, str, int, int]] = []
    for role, m in role_cues(text, sent):
        if _AFTER_ROLE.match(text, m.end(), sent[1]) or (role == "spoke" and m.start() - sent[0] < 3):
            later = [o for o in officials if o[1] >= m.end()]
            later = later[:1] if role == "spoke" else _run_after(text, later)
            out.extend((o[0], role, min(o[1], m.start()), max(o[2], m.end())) for o in later)
        else:
            out.extend((o[0], role, o[1], m.end()) for o in _run_before(text, officials, m.start()))
    for m in _ATTEND.finditer(text, sent[0], sent[1]):
        out.extend((o[0], "attended", o[1], o[2]) for o in officials if m.end() <= o[1] < sent[1])
    return out


def _run_before(text: str, officials, pos: int) -> list:
    """The officials that end right before `pos`, each separated from the next by a conjunction."""
    run = []
    for o in reversed([o for o in officials if o[2] <= pos]):
        if not _CONTIGUOUS.match(text[o[2]:pos]):
            break
        run.append(o)
        pos = o[1]
    return run


def _run_after(text: str, later) -> list:
    run, prev_end = [], None
    for o in later:
        if prev_end is not None and not re.match(r"^[\s,;]*(?:và\s*)?$", text[prev_end:o[1]]):
            break
        run.append(o)
        prev_end = o[2]
    return run
