"""The sentence an evidence node quotes its span in, as a bounded window of the cleaned text.

Each evidence stores the sentence around its span (`bkg:sentence`) so that a reader sees the context
without the bulletin. Text with no sentence end (a list of 3,000 attendees joined by ";", a list of
document numbers) would make that sentence the whole text, stored once per evidence: output grew
with the square of the input (a 94 kB list gave 426 MB of N-Quads). The window is therefore capped
at SENTENCE_LIMIT characters: a longer sentence is cut around the span at clause boundaries
(",", ";", ":", " - "), else at a space.

>>> evidence_sentence("Sáng 5/6, Tỉnh ủy họp. Đồng chí A chủ trì.", 23, 34)
'Đồng chí A chủ trì.'
"""

from __future__ import annotations

import re

SENTENCE_LIMIT = 400  # characters; 90% of the corpus's evidence sentences are shorter
_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s[-–]\s")


def evidence_sentence(text: str, start: int, end: int, limit: int = SENTENCE_LIMIT) -> str:
    """The sentence holding text[start:end] (ended by ". " or a line break), at most `limit` long."""
    lo, hi = max(0, start - limit), min(len(text), end + limit)  # never look further than the cap
    left = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start))
    left = lo if left < 0 else left + 1
    ends = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i >= 0]
    right = min(ends) + 1 if ends else hi
    if right - left <= limit:
        return text[left:right].strip()
    if end - start >= limit:  # the span alone fills the window
        return text[start:start + limit].strip()
    budget = limit - (end - start)
    give_left = min(start - left, max(budget // 2, budget - (right - end)))
    a = _clause_start(text, start - give_left, start)
    b = _clause_end(text, end, min(right, a + limit))
    return text[a:b].strip()


def _clause_start(text: str, lo: int, start: int) -> int:
    m = _CLAUSE_END.search(text, lo, start)
    if m:
        return m.end()
    space = text.find(" ", lo, start)
    return space + 1 if space >= 0 else lo


def _clause_end(text: str, end: int, hi: int) -> int:
    last = None
    for last in _CLAUSE_END.finditer(text, end, hi):  # noqa: B007  (the last match is the one wanted)
        pass
    if last is not None:
        return last.start() + 1 if text[last.start()] in ",;:" else last.start()
    space = text.rfind(" ", end, hi)
    return space if space >= 0 else hi
