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

from kg.nlp.organizations import org_at

# Between the leader's name (or the apposition after it) and the verb of the session.
_LEADER_GAP = re.compile(
    r"""^ [\s,]* (?: (?: đã | vừa | cùng | cùng\s+đoàn\s+công\s+tác | dẫn\s+đầu\s+đoàn(?:\s+công\s+tác)?
                      | đến | tới | về | đi | có | tiếp\s+tục | đến\s+thăm\s+và | thăm\s+và | thăm, ) [\s,]* )* $""",
    re.VERBOSE,
)
_HEAD_OF_DELEGATION = re.compile(
    r"""(?<![\wĐđ]) do \s+ (?:đồng\s+chí\s+|ông\s+|bà\s+)? (?P<who>[^,.;]{3,120}?) (?:\s*,[^,.;]{3,100}?)? \s*,?\s*
        (?:làm\s+[Tt]rưởng\s+đoàn | [Tt]rưởng\s+đoàn | dẫn\s+đầu)(?![\wĐđ])""",
    re.VERBOSE,
)
_DELEGATION = re.compile(
    r"""(?<![\wĐđ]) (?P<name> [Đđ]oàn \s+ (?:công\s+tác|kiểm\s+tra|giám\s+sát|đại\s+biểu|lãnh\s+đạo)
        (?: \s+ (?!do\s|đã\s|vừa\s|có\s|đến\s|tới\s|làm\s|thăm|tiếp\s|cùng\s)(?:[^\s,.;:]|\.(?=\S))+ ){0,10}? )
        (?= \s+ (?:do|đã|vừa|có|đến|tới|làm\s+việc|thăm|tiếp\s+tục|cùng) (?![\wĐđ]) )""",
    re.VERBOSE,
)
_ON_BEHALF = re.compile(r"(?<![\wĐđ])thay mặt\s+")
_SESSION_VERB = re.compile(r"(?i:(?:buổi|cuộc)\s+làm\s+việc|làm\s+việc|thăm)")


def session_leaders(text: str, sent: tuple[int, int], mention_start: int, officials) -> list[tuple[int, int, int]]:
    """(official index, start, end) of the officials holding the session mentioned at `mention_start`:
    the subject right before its verb, or the head of its delegation."""
    out = []
    before = [(i, o) for i, o in enumerate(officials) if sent[0] <= o.start and o.end <= mention_start]
    if before:
        i, o = before[-1]
        if _LEADER_GAP.match(text[o.end:mention_start]):
            out.append((i, o.start, mention_start))
    for m in _HEAD_OF_DELEGATION.finditer(text, sent[0], sent[1]):
        for i, o in enumerate(officials):
            if m.start("who") <= o.name_start < m.end("who") + 1 and (i, o.start, m.end()) not in out:
                out.append((i, o.start, m.end()))
    return out


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
