"""What a statistic is about: the body or place its sentence names before the figure.

"Toàn tỉnh có 1.372 quần chúng ưu tú" (toàn tỉnh), "trên địa bàn huyện Phúc Thọ có 374 chi bộ"
(huyện Phúc Thọ), "Lực lượng Công an đã phát hiện 34 vụ" (the body that is the subject). Only what
the sentence itself says, as written; else nothing. The place words are data
(`ontology/lexicon/about-cues.tsv`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.lexicon import CAP_SYL, alternation, lexicon_rows
from kg.nlp.organizations import PROVINCE_SET


@lru_cache(maxsize=1)
def _about_rx() -> re.Pattern:
    rows = lexicon_rows("about-cues.tsv")
    wholes = [p for p, kind in rows if kind == "whole"]
    admins = [p for p, kind in rows if kind == "admin"]
    return re.compile(
        rf"""(?<![\wĐđ]) (?P<about>
              {alternation(wholes)} (?![\wĐđ])
            | {alternation(admins)} \s+ {CAP_SYL}(?:[ \t]+{CAP_SYL}){{0,3}}
            | (?:TP\.?|Tp\.?)\s?{CAP_SYL}(?:[ \t]+{CAP_SYL}){{0,3}}
            | TP\.HCM | TPHCM
        )""",
        re.VERBOSE,
    )


def about_in(text: str, sent_start: int, stat_start: int, bodies: list[tuple[str, int, int]]) -> str | None:
    """The last place phrase of the sentence before the figure, else the body the sentence opens
    with (its subject)."""
    head = text[sent_start:stat_start]
    found = None
    for m in _about_rx().finditer(head):
        found = m
    if found:
        return _cut_at_place(re.sub(r"\s+", " ", found.group("about")).strip())
    for name, s, e in bodies:
        if sent_start <= s and e <= stat_start and _opens_clause(text[sent_start:s]):
            return name
    lone = _LONE_PLACE.match(text, sent_start)
    if lone and lone.end() <= stat_start:
        return lone.group("place")  # "Thành phố đã chuyển 18 vụ": the city the bulletin is about
    return None


# What may stand before the subject that opens a sentence: nothing, or a short time or frame phrase
# closed by a comma ("6 tháng đầu năm 2017, Bộ Tư pháp ...", "Hiện nay ACV quản lý 22 sân bay").
_LEAD = re.compile(r"""[\s“"(]*
    (?: (?: [^,.;:!?\n]{1,40} , )          # "6 tháng đầu năm 2017,", "Trong năm qua,"
      | (?: [Hh]iện\s+nay | [Hh]iện | [Đđ]ến\s+nay | [Nn]ăm\s+nay ) )?
    [\s,:\-–]*$""", re.VERBOSE)
# A capitalised administrative word opening the sentence with no name after it: the unit itself.
_LONE_PLACE = re.compile(r"""[\s“"(]*(?P<place>Thành\s+phố|Tỉnh|Huyện|Quận|Thị\s+xã)
    (?=[ \t]+[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ])""", re.VERBOSE)


def _opens_clause(before: str) -> bool:
    """Whether a body after `before` (the sentence so far) is the subject the sentence opens with."""
    return _LEAD.match(before) is not None


def _cut_at_place(phrase: str) -> str:
    """ "tỉnh Bình Định Hồ Quốc Dũng" -> "tỉnh Bình Định": a known place closes the phrase, and what
    follows it is the next person or sentence."""
    words = phrase.split()
    for i in range(1, len(words)):
        for n in (3, 2, 1):
            name = " ".join(words[i:i + n])
            if len(words) > i + n and (name in PROVINCE_SET or name in {"Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ"}):
                return " ".join(words[:i + n])
    return phrase
