"""Which documents an event carries out or reviews, wherever its sentences say so.

"Hội nghị quán triệt Luật Đấu giá tài sản" implements the law; "Hội nghị sơ kết 5 năm thực hiện Chỉ
thị 05" and "kiểm tra việc lãnh đạo, chỉ đạo, tổ chức thực hiện Kết luận số 24-KL/TW" review the
document; "kiểm điểm ... gắn với thực hiện Nghị quyết Trung ương 4" implements it. The cue words are
data (`ontology/lexicon/link-cues.tsv`). A cue links a document cited at most a few words after it,
in a sentence that mentions the event; a document coordinated with a linked one ("Nghị quyết Trung
ương 4 gắn với Chỉ thị 05") shares its link. Inside the event's name the cue decides as well; a
document there with no cue is what the event is about, and so what it reviews.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.lexicon import alternation, lexicon_rows


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, str]]:
    rows = lexicon_rows("link-cues.tsv")
    rx = re.compile(rf"(?<![\wĐđ])(?P<cue>{alternation(p for p, _ in rows)})(?![\wĐđ])")
    return rx, {" ".join(p.split()).casefold(): link for p, link in rows}


# Between a cue and its document: a few words, no clause break ("thực hiện có hiệu quả Nghị quyết",
# "triển khai thi hành Luật", "thực hiện tốt các").
_CUE_GAP = re.compile(r"^(?:[\s,]+[^\s.;:!?“”\"()]+){0,4}?\s+$|^\s+$")
# Between a review word and the implementing cue it governs: "tổng kết 15 năm thực hiện", "kiểm tra
# việc lãnh đạo, chỉ đạo, tổ chức thực hiện".
_REVIEW_REACH = 50
# Between two documents that share one link.
_COORDINATED = re.compile(r"^\s*(?:,|;|và|cùng|gắn\s+với)\s*(?:(?:việc|thực\s+hiện|các)\s+)*$")
_WINDOW = 90


def link_of(text: str, sent_start: int, citation_start: int) -> str | None:
    """ "implements", "reviews" or None for a document cited at `citation_start`."""
    rx, links = _cues()
    start = max(sent_start, citation_start - _WINDOW)
    cues = [m for m in rx.finditer(text, start, citation_start) if _CUE_GAP.match(text[m.end():citation_start])]
    if not cues:
        return None
    nearest = cues[-1]
    link = links[" ".join(nearest.group("cue").split()).casefold()]
    if link == "implements" and _reviewed_before(text, max(sent_start, nearest.start() - _REVIEW_REACH), nearest.start()):
        return "reviews"
    return link


def _reviewed_before(text: str, start: int, end: int) -> bool:
    rx, links = _cues()
    head = text[start:end]
    # "kiểm điểm năm 2016 gắn với thực hiện Nghị quyết": what is tied to a review is carried out
    cut = max(head.rfind("."), head.rfind(";"), head.rfind(":"), head.rfind("gắn với"))
    return any(links[" ".join(m.group("cue").split()).casefold()] == "reviews"
               for m in rx.finditer(text, start + cut + 1, end))


@lru_cache(maxsize=1)
def _speech() -> re.Pattern:
    rows = lexicon_rows("speech-verbs.tsv")
    return re.compile(rf"(?<![\wĐđ]){alternation(p for p, _ in rows)}(?![\wĐđ])")


def reports_speech(text: str, sent: tuple[int, int]) -> bool:
    """Whether the sentence reports what someone said or asked for (`speech-verbs.tsv`)."""
    return _speech().search(text, sent[0], sent[1]) is not None


def sentence_links(text: str, sent: tuple[int, int], citations) -> list[tuple[int, str]]:
    """(citation index, link) for the citations of one sentence, in order; `citations` are spans
    with `start` and `end`, in text order."""
    out: list[tuple[int, str]] = []
    prev: tuple[int, str | None] | None = None  # (end of the previous citation, its link)
    for i, c in enumerate(citations):
        if not sent[0] <= c.start < sent[1]:
            continue
        link = link_of(text, max(sent[0], prev[0] if prev else sent[0]), c.start)
        if link is None and prev and prev[1] and _COORDINATED.match(text[prev[0]:c.start]):
            link = prev[1]
        if link:
            out.append((i, link))
        prev = (c.end, link)
    return out
