"""Statistics: quantities written in digits with what they count.

"1372 quần chúng ưu tú", "78,40%", "trên 800 chuyên đề", "1,5 tỷ đồng", "từ 5 đến 7 tỷ đồng".
Numbers that are not statistics are left alone: dates and years, document numbers, ordinals ("lần
thứ 6"), durations and anniversaries ("10 năm"), totalities ("cả 5 mặt"), fractions ("57/57 đại
biểu", "8 trên 9 xã": neither number), and numbers inside names ("Quận 1", "Quốc lộ 14").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from kg.nlp.lexicon import FUNCTION_WORDS, alternation, lexicon_rows
from kg.nlp.numbers import NUMBER, SCALE, parse_number
from kg.nlp.organizations import looks_like_name_at

_NUM = re.compile(rf"(?<![\w./,\-–])({NUMBER})(?:\s*(?:/|trên)\s*(\d+(?:[.,]\d+)?))?(?![\w/]|[.,]\d)")
_SCALE = re.compile(rf"\s*({SCALE})(?![\wĐđ])")
_PERCENT = re.compile(r"\s*%")
_RANGE_TAIL = re.compile(rf"\s*(?:-|–|đến|tới)\s*({NUMBER})(?![\w/])")
# A unit never runs across a line break ("18 cán bộ" ending a paragraph).
_WORD = re.compile(r"[ \t]+([\wĐđ]+(?:[-'’][\wĐđ]+)?)")
_UNIT_WORD = re.compile(r"[\wĐđ]+")
# Capitalised units and measures, which also close a unit: ontology/lexicon/statistic-unit-words.tsv.
_CURRENCY_CAPS = {w for w, _ in lexicon_rows("statistic-unit-words.tsv")}
# Compound words whose second syllable is also a function word or which start with a currency word.
_COMPOUNDS = {w for w, _ in lexicon_rows("statistic-unit-compounds.tsv")}
# First words of a unit that make a number a duration or an age: statistic-time-units.tsv.
TIME_UNITS = {w for w, _ in lexicon_rows("statistic-time-units.tsv")}
# Words that, right before a number, make it part of a name, an ordinal or a date: statistic-blockers.tsv.
_BLOCKING_BEFORE = {w for w, _ in lexicon_rows("statistic-blockers.tsv")}
# ontology/lexicon/statistic-qualifiers.tsv
QUALIFIERS = [w for w, _ in lexicon_rows("statistic-qualifiers.tsv")]
_QUALIFIER_SET = set(QUALIFIERS)
_QUAL = re.compile(r"(?:^|\s)(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*$", re.IGNORECASE)
# The look-ahead on a digit or the first two letters of the words below rejects most positions
# before the case-insensitive words are tried one by one.
_PERIOD = re.compile(
    r"(?=(?i:[tgnqchm][ừihuủrăằàỗ])|\d)"
    r"(?i:từ\s+(?:năm\s+)?\d{4}\s+(?:đến|tới)\s+(?:nay|năm\s+\d{4}|\d{4})"
    r"|(?:giai đoạn|nhiệm kỳ)\s+\d{4}\s*[-–]\s*\d{4}"
    r"|\d+\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|quý\s+(?:I{1,3}|IV|\d)(?:\s*(?:năm|/)\s*\d{4})?"
    r"|(?:trong\s+|của\s+)?năm\s+(?:\d{4}|nay|qua)"
    r"|hằng năm|hàng năm|mỗi năm|từ đầu năm(?:\s+(?:đến nay|\d{4}))?"
    r"|tháng\s+\d{1,2}(?:[/-]\d{4})?)"
)
_SENTENCE_START = re.compile(r"[.!?;:\n]\s*$|^\s*$")
_WORDS_BEFORE = re.compile(r"[\wĐđ.]+")
_ACRONYM = re.compile(r"[A-ZĐ]{2,}")
_GLUED = re.compile(r"[\wĐđ][-/]$")
_ORDINAL = re.compile(r"thứ\s*$|lần\s+thứ\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19[4-9]\d|20\d\d)")
_BLANKS = re.compile(r"\s+")


@dataclass
class StatisticMention:
    start: int
    end: int
    value: Decimal  # exact: kg.nlp.numbers
    unit: str
    qualifier: str | None = None
    value_max: Decimal | None = None
    period: str | None = None


def find_statistics(text: str, excluded: Sequence[tuple[int, int]] = ()) -> list[StatisticMention]:
    """`excluded` spans (dates, document citations) hold no statistics."""
    found: list[StatisticMention] = []
    excluded = sorted(excluded)
    consumed = 0  # the upper bound of a range is not a statistic of its own
    for m in _NUM.finditer(text):
        if m.group(2):  # "57/57 đại biểu", "8/9 khu dân cư": a fraction is a share, no count of its own
            continue
        if m.start() < consumed or _inside(excluded, m.start()) or not _number_may_count(text, m.start(), m.group(1)):
            continue
        stat = _statistic_at(text, m, excluded)
        if stat:
            found.append(stat)
            consumed = stat.end
    return found


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _statistic_at(text: str, m: re.Match, excluded: list[tuple[int, int]]) -> StatisticMention | None:
    """The statistic whose number is `m`: its range, scale, unit, qualifier and period."""
    ranged = _range(text, m, excluded)
    if ranged is None:
        return None
    value_max, pos = ranged
    value, value_max, scale, pos = _scaled(text, pos, parse_number(m.group(1)), value_max)
    pm = _PERCENT.match(text, pos)
    if pm:
        unit, end = "%", pm.end()
    else:
        unit, end = _unit(text, pos)
        if not unit or (unit.split()[0].lower() in TIME_UNITS and not scale) or _is_quote(unit):
            return None  # no unit, or a duration or an anniversary, not a count
    if not scale and not pm and _is_year(m.group(1)) and value_max is None:
        return None  # "từ năm 2015 đối với ...", "2020 thôi giữ chức": a year, not a count
    qualifier = _qualifier(text, m.start())
    written = qualifier is not None and qualifier != "" and text[m.start() - len(qualifier) - 1:m.start() - 1].lower() == qualifier
    return StatisticMention(
        start=m.start() - (len(qualifier or "") + 1 if written else 0), end=end, value=value, unit=unit,
        qualifier=qualifier, value_max=value_max, period=_period(text, m.start()))


def _range(text: str, m: re.Match, excluded: list[tuple[int, int]]):
    """The upper bound of "từ 5 đến 7", "5-7" and where the quantity goes on, or None for a span of
    years ("2015-2020"), which is a period."""
    pos, value_max = m.end(), None
    rng = _RANGE_TAIL.match(text, pos) if not m.group(2) else None
    if rng and not _inside(excluded, rng.start(1)):
        hi = parse_number(rng.group(1))
        if hi > parse_number(m.group(1)) and not (_is_year(m.group(1)) and _is_year(rng.group(1))):
            value_max, pos = hi, rng.end()
    elif rng and _is_year(m.group(1)):
        return None
    return value_max, pos


def _scaled(text: str, pos: int, value, value_max):
    """A scale word after the number folded into the value: "1,5 tỷ đồng"."""
    sm = _SCALE.match(text, pos)
    if not sm:
        return value, value_max, None, pos
    factor = parse_number("1", sm.group(1))
    return value * factor, (value_max * factor if value_max is not None else None), sm.group(1), sm.end()


def _number_may_count(text: str, start: int, digits: str) -> bool:
    before = text[max(0, start - 40):start]
    words = _WORDS_BEFORE.findall(before)
    if words:
        prev = words[-1].lower().rstrip(".")
        if prev in _BLOCKING_BEFORE:
            # "trên 800" is a qualifier; "lúc 8 giờ" and "năm 2017" are not counts.
            return False
        # "Quận 1", "SEA Games 31", "APEC 2017": a capitalised word glued to the number names a thing.
        raw_prev = words[-1]
        if raw_prev[0].isupper() and not _SENTENCE_START.search(before[: before.rfind(raw_prev)]) \
                and raw_prev.lower() not in _QUALIFIER_SET and not _ACRONYM.fullmatch(raw_prev):
            return False
    if _GLUED.search(before):  # "Covid-19", "A/2"
        return False
    if _ORDINAL.search(before):
        return False
    return True


def _unit(text: str, pos: int) -> tuple[str, int]:
    """The counted noun phrase after a number, up to the first function word or stop word."""
    words: list[str] = []
    end = pos
    for _ in range(8):
        m = _WORD.match(text, end)
        if not m or m.group(1).isdigit() or not _may_extend_unit(text, m, words):
            break
        w = m.group(1)
        words.append(w)
        end = m.end()
        if _closes_unit(text, w, end):
            rate = _RATE.match(text, end)  # "26 triệu đồng/người/năm": the rate is part of the unit
            if rate:
                words[-1] += rate.group(0)
                end = rate.end()
            break
    return " ".join(words), end


# "/người/năm", "/tháng", "/cổ phiếu": what a currency amount is counted per, written glued to it.
_RATE = re.compile(r"""
    (?: / (?P<per> [^\W\d_]+ (?: [ ] (?=phiếu) [^\W\d_]+ )? ) )+    # "/cổ phiếu" is one word of two syllables
""", re.VERBOSE)
_QUOTED_PER = {w.casefold() for w, _ in lexicon_rows("statistic-quoted-rates.tsv")}


def _is_quote(unit: str) -> bool:
    """A price per share, which the bulletin quotes rather than reports (statistic-quoted-rates.tsv)."""
    return "/" in unit and unit.split("/")[-1].casefold() in _QUOTED_PER


# A time of day and a date opening the next sentence, run on without a full stop.
_DATELINE = re.compile(r"(?:Sáng|Chiều|Trưa|Tối|Đêm|Ngày)[ \t]+\d{1,2}[-/.]\d{1,2}")


def _may_extend_unit(text: str, m: re.Match, words: list[str]) -> bool:
    """Whether the word `m` belongs to the unit `words` so far."""
    w = m.group(1)
    lw = w.lower()
    if words:
        if lw == "mới":  # "3 sân golf mới": "new", part of the unit; "5 người mới được ...": "just"
            nxt = _WORD.match(text, m.end())
            return not nxt or nxt.group(1).lower() not in FUNCTION_WORDS
        if lw in FUNCTION_WORDS and f"{words[-1].lower()} {lw}" not in _COMPOUNDS:
            return False
        if w[0].isupper() and (looks_like_name_at(text, m.start(1)) or _DATELINE.match(text, m.start(1))):
            return False  # "2 đại biểu Quốc hội Nguyễn Doãn Anh", "2 tân Phó Chủ tịch Sáng 13-7": another phrase
        return not _stops_unit(text, m.start(1))
    if lw in FUNCTION_WORDS and lw not in {"lần", "người"}:
        return False
    if w[0].isupper() and w not in _CURRENCY_CAPS and not w.isupper():
        # "5 Ban xây dựng Đảng" still counts things, but "2 Nghị định" is a count of documents:
        # keep capitalised units only when a lower-case word follows.
        nxt = _WORD.match(text, m.end())
        return nxt is not None and not nxt.group(1)[0].isupper()
    return True


def _closes_unit(text: str, w: str, end: int) -> bool:
    """A currency or measure ends the unit, and so does "đồng" (the currency) unless a compound goes on."""
    if w in _CURRENCY_CAPS or w.lower() in {"usd", "%"}:
        return True
    if w.lower() != "đồng":
        return False
    nxt = _WORD.match(text, end)
    return not nxt or f"đồng {nxt.group(1).lower()}" not in _COMPOUNDS


@lru_cache(maxsize=1)
def _unit_stop_rx() -> re.Pattern:
    return re.compile(rf"(?:{alternation(w for w, _ in lexicon_rows('unit-stops.tsv'))})(?![\wĐđ])")


def _stops_unit(text: str, pos: int) -> bool:
    """Whether a word of `ontology/lexicon/unit-stops.tsv` starts at `pos`, ending the unit before it."""
    return _unit_stop_rx().match(text, pos) is not None


def _qualifier(text: str, start: int) -> str | None:
    m = _QUAL.search(text[max(0, start - 14):start])
    return m.group(1).lower() if m else None


def _period(text: str, start: int) -> str | None:
    sent_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start)) + 1
    best = None
    for m in _PERIOD.finditer(text, sent_start, start):
        best = m
    return _BLANKS.sub(" ", best.group(0)).strip() if best else None


def _is_year(digits: str) -> bool:
    return bool(_YEAR.fullmatch(digits))
