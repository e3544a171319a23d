"""Statistics: quantities written in digits with what they count.

"1372 quần chúng ưu tú", "78,40%", "trên 800 chuyên đề", "1,5 tỷ đồng", "từ 5 đến 7 tỷ đồng",
"57/57 đại biểu". Numbers that are not statistics are left alone: dates and years, document numbers,
ordinals ("lần thứ 6"), durations and anniversaries ("10 năm"), totalities ("cả 5 mặt"), and
numbers inside names ("Quận 1", "Quốc lộ 14").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from functools import lru_cache

from kg.nlp.lexicon import FUNCTION_WORDS, alternation, lexicon_rows
from kg.nlp.numbers import NUMBER, SCALE, parse_number

_NUM = re.compile(rf"(?<![\w./,\-–])({NUMBER})(?:\s*(?:/|trên)\s*(\d+(?:[.,]\d+)?))?(?![\w/]|[.,]\d)")
_SCALE = re.compile(rf"\s*({SCALE})(?![\wĐđ])")
_PERCENT = re.compile(r"\s*%")
_RANGE_TAIL = re.compile(rf"\s*(?:-|–|đến|tới)\s*({NUMBER})(?![\w/])")
_WORD = re.compile(r"\s+([\wĐđ]+(?:[-'’][\wĐđ]+)?)")
_UNIT_WORD = re.compile(r"[\wĐđ]+")
_CURRENCY_CAPS = {"USD", "VNĐ", "VND", "EUR", "Euro", "ha", "km", "m2", "m3", "kg", "MW", "kWh", "GB", "CNY", "Yên"}
# Compound words whose second syllable is also a function word or which start with a currency word.
_COMPOUNDS = {"dự bị", "đồng chí", "đồng bào", "đồng hương", "đồng nghiệp", "đồng bằng", "đồng ruộng",
              "có công", "hộ nghèo", "cận nghèo"}
TIME_UNITS = {"tuổi", "năm", "tháng", "ngày", "giờ", "phút", "giây", "tuần", "quý", "thế", "tiếng", "đêm", "buổi", "kỳ",
              "khóa", "nhiệm", "lần thứ", "h", "g", "thập"}
# Words that, right before a number, make it part of a name, an ordinal or a date.
_BLOCKING_BEFORE = set("""
ngày tháng năm số thứ khóa điều khoản điểm quận khu phường tổ lộ ql đường phố sư trung quân lữ tiểu
sn lúc giai đoạn kỳ phiên covid top hạng vòng phòng ấp xóm thôn km cả hiệu kênh tầng căn
lô block mục chương kèm chiều sáng tối trưa đêm hôm ương tw t.ư đội đợt lớp
khu vực tuyến quốc xe biển buồng cửa cổng bến bước mã
""".split())
QUALIFIERS = ["gần như", "lên tới", "lên đến", "ước đạt", "ước tính", "xấp xỉ", "trên", "hơn", "gần", "khoảng",
              "đạt", "tới", "chỉ", "tăng", "giảm", "còn", "gấp", "hàng", "ít nhất", "tối thiểu", "tối đa", "dưới"]
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


def find_statistics(text: str, excluded: list[tuple[int, int]] = ()) -> list[StatisticMention]:
    """`excluded` spans (dates, document citations) hold no statistics."""
    found: list[StatisticMention] = []
    excluded = sorted(excluded)
    consumed = 0  # the upper bound of a range is not a statistic of its own
    for m in _NUM.finditer(text):
        if m.start() < consumed or any(s <= m.start() < e for s, e in excluded):
            continue
        if not _number_may_count(text, m.start(), m.group(1)):
            continue
        value = parse_number(m.group(1))
        pos = m.end()
        value_max = None
        scale = None
        rng = _RANGE_TAIL.match(text, pos) if not m.group(2) else None
        if rng and not any(s <= rng.start(1) < e for s, e in excluded):
            hi = parse_number(rng.group(1))
            if hi > value and not (_is_year(m.group(1)) and _is_year(rng.group(1))):
                value_max, pos = hi, rng.end()
        elif rng and _is_year(m.group(1)):
            continue
        sm = _SCALE.match(text, pos)
        if sm:
            scale = sm.group(1)
            factor = parse_number("1", scale)
            value *= factor
            if value_max is not None:
                value_max *= factor
            pos = sm.end()
        pm = _PERCENT.match(text, pos)
        if pm:
            unit, end = "%", pm.end()
        else:
            unit, end = _unit(text, pos)
            if not unit:
                continue
            if unit.split()[0].lower() in TIME_UNITS and not scale:
                continue  # a duration or an anniversary, not a count
        if not scale and not pm and _is_year(m.group(1)) and value_max is None:
            continue  # "từ năm 2015 đối với ...", "2020 thôi giữ chức": a year, not a count
        consumed = end
        qualifier = _qualifier(text, m.start())
        found.append(StatisticMention(
            start=m.start() - (len(qualifier) + 1 if qualifier and text[m.start() - len(qualifier) - 1:m.start() - 1].lower() == qualifier else 0),
            end=end, value=value, unit=unit, qualifier=qualifier, value_max=value_max,
            period=_period(text, m.start()),
        ))
    return found


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
    words: list[str] = []
    end = pos
    for _ in range(8):
        m = _WORD.match(text, end)
        if not m:
            break
        w = m.group(1)
        if w.isdigit():
            break
        lw = w.lower()
        if words and lw in FUNCTION_WORDS and f"{words[-1].lower()} {lw}" not in _COMPOUNDS:
            break
        if words and _stops_unit(text, m.start(1)):
            break
        if not words:
            if lw in FUNCTION_WORDS and lw not in {"lần", "người"}:
                break
            if w[0].isupper() and w not in _CURRENCY_CAPS and not w.isupper():
                # "5 Ban xây dựng Đảng" still counts things, but "2 Nghị định" is a count of documents:
                # keep capitalised units only when a lower-case word follows.
                nxt = _WORD.match(text, m.end())
                if not nxt or nxt.group(1)[0].isupper():
                    break
        words.append(w)
        end = m.end()
        if w in _CURRENCY_CAPS or lw in {"usd", "%"}:
            break
        if lw == "đồng":
            nxt = _WORD.match(text, end)
            if not nxt or f"đồng {nxt.group(1).lower()}" not in _COMPOUNDS:
                break
    # "1206 đảng viên,chất lượng": a glued comma ends the unit even without a space.
    return " ".join(words), end


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
