"""Dates as bulletins write them, resolved to ISO 8601.

Forms: "01/6/2018", "13-4-2018", "ngày 2 tháng 2 năm 2008", and day-month without a year after a
time-of-day or "ngày" ("sáng 21-12", "ngày 13/4"), whose year comes from the bulletin's date, else
from the year the caller assumes, else stays partial ("--12-21", XSD's gMonthDay); a span
of days ("ngày 14-15/5") stands for its first day; "sáng nay", "chiều qua" count from the bulletin's
date when it is known to the day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_SEP = r"\s*[/\-.]\s*"
# The day's first digit comes before the look-back (no digit, "/", "-" or "." before the day) so that
# the engine skips from digit to digit instead of trying the look-back at every position.
_FULL = re.compile(rf"(\d(?<![\d/\-.]\d)\d?){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})(?![\d/\-])")
_WORDS = re.compile(r"(?i:ngày)\s+(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})\s+(?i:năm)\s+(\d{4})")
# The look-ahead on the first two letters of the words below rejects most positions before the
# case-insensitive words are tried one by one.
_SHORT = re.compile(
    r"(?=(?i:[sctđnhrv][áhốrêgôạừếà]))"
    r"(?i:(?:sáng|chiều|tối|trưa|đêm|ngày|hôm|rạng sáng|từ|đến|vào)\s+(?:(?:ngày|hôm nay|qua|nay)\s+)?\(?)"
    r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?![\d/\-]|\.\d|\s*[/\-.]\s*\d)"
)

# A span of days in one month, "Trong 2 ngày 14-15/5", "từ ngày 9 đến 11-2-2017", "hai ngày 9 và 10-2":
# an event is dated by its first day.
_RANGE = re.compile(
    r"(?=[nNtT])(?i:ngày|từ)\s+(?:ngày\s+)?(\d{1,2})\s*(?:-|–|và|đến)\s*(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*(\d{1,2})"
    r"(?:\s*[/\-.]\s*(\d{4}))?(?![\d/\-]|\.\d)"
)

# "sáng nay", "chiều qua", "hôm nay": days counted from the bulletin's own date, so only when that
# date is known to the day. One followed by its day-month ("Chiều nay 25-5") is read as that date.
_RELATIVE = re.compile(r"(?=[sctđhSCTĐH])(?i:sáng|chiều|tối|trưa|đêm|hôm)\s+(?i:(nay|qua))(?![\wĐđ])(?!\s*\(?\s*\d)")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    has_year: bool


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def month_day(month: int, day: int) -> str | None:
    """A day-month whose year no one knows, as ISO 8601 and XSD write it ("--06-21", xsd:gMonthDay);
    29 February is a day of some year, 31 April of none."""
    return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None


def is_partial(iso: str | None) -> bool:
    """Whether `iso` is a day-month without its year ("--06-21")."""
    return (iso or "").startswith("--")


def infer_year(day: int, month: int, reference: str | None) -> int | None:
    """The year of a day-month in a bulletin dated `reference`: a bulletin reports the recent past
    or announces the near future, so a day-month more than ~2 months ahead belongs to last year."""
    if not reference:
        return None
    if len(reference) == 4 and reference.isdigit():  # only the year is known
        return int(reference)
    try:
        ref = dt.date.fromisoformat(reference)
        candidate = dt.date(ref.year, month, day)
    except ValueError:
        return None
    if (candidate - ref).days > 62:
        return ref.year - 1
    if (ref - candidate).days > 300:
        return ref.year + 1
    return ref.year


def _date_or_none(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def find_dates(text: str, reference: str | None = None) -> list[DateMention]:
    """Every date of the text, in text order; where two forms overlap, the one tried first (spans of
    days, dates in words, full dates, day-months, "sáng nay") wins."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    forms = (_ranges(text, reference), _in_words(text), _full_dates(text), _day_months(text, reference),
             _relative_days(text, reference))
    for form in forms:
        for start, end, iso, has_year in form:
            if iso and not any(s < end and start < e for s, e in taken):
                found.append(DateMention(start, end, iso, has_year))
                taken.append((start, end))
    found.sort(key=lambda x: x.start)
    return found


def _ranges(text: str, reference: str | None):
    for m in _RANGE.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        y = int(m.group(3)) if m.group(3) else infer_year(d, mo, reference) if 1 <= mo <= 12 else None
        if y is not None and 1900 <= y <= 2100:
            yield m.start(1), m.end(), _iso(y, mo, d), bool(m.group(3))
        elif not m.group(3) and not reference:
            yield m.start(1), m.end(), month_day(mo, d), False


def _in_words(text: str):
    for m in _WORDS.finditer(text):
        d, mo, y = (int(g) for g in m.groups())
        yield m.start(), m.end(), _iso(y, mo, d), True


def _full_dates(text: str):
    for m in _FULL.finditer(text):
        d, mo, y = (int(g) for g in m.groups())
        if 1900 <= y <= 2100:
            yield m.start(), m.end(), _iso(y, mo, d), True


def _day_months(text: str, reference: str | None):
    for m in _SHORT.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            y = infer_year(d, mo, reference)
            if y is not None:
                yield m.start(1), m.end(2), _iso(y, mo, d), False
            elif not reference and not _RANGE_WORD.match(m.group(0)):
                # neither the bulletin's date nor an assumed year: kept partial, but only after a time
                # of day or "ngày": "từ 3-5 giờ", "từ 5 - 10%" are ranges, not dates
                yield m.start(1), m.end(2), month_day(mo, d), False


_RANGE_WORD = re.compile(r"(?i:từ|đến|vào)\s")


def _relative_days(text: str, reference: str | None):
    ref = _date_or_none(reference) if reference and len(reference) == 10 else None
    if ref is None:
        return
    for m in _RELATIVE.finditer(text):
        day = ref if m.group(1).casefold() == "nay" else ref - dt.timedelta(days=1)
        yield m.start(), m.end(), day.isoformat(), False


# What makes a date no event's date: a birthday, a deadline, the day something takes effect, a day
# commemorated, and page furniture ("Cập nhật ngày 14/9/2017", "Print", a URL).
_NOT_EVENT_CUE = re.compile(
    r"""(?i: sinh \s+ (?:ngày|năm)? | trước \s+ ngày | chậm \s+ nhất | hạn \s+ chót | thời \s+ hạn | hạn
        # a deadline told with what is due: "hạn chót nộp hồ sơ là ngày 10/5"
        | (?:hạn \s+ chót | thời \s+ hạn | chậm \s+ nhất) (?:\s+ [^\s,.;\d]+){1,6}? \s+ (?:là|vào|trước)
        | kể \s+ từ \s+ ngày | có \s+ hiệu \s+ lực (?:\s+ từ)? | đến \s+ hết \s+ ngày
        # the words of what is commemorated, never across another date: in "Nhân kỷ niệm ngày sinh
        # Chủ tịch Hồ Chí Minh 19/5, ngày 17/5, ..." the 17/5 dates the event
        | kỷ \s+ niệm (?:\s+ (?!sáng|chiều|tối|trưa|đêm)(?!\d{1,2}\s*[/\-.]\s*\d)[^\s,.;]+){0,10}
        | ngày \s+ thành \s+ lập | ngày \s+ truyền \s+ thống | ngày \s+ giải \s+ phóng | ngày \s+ mất | qua \s+ đời
        | từ \s+ trần | hy \s+ sinh | cập \s+ nhật (?:\s+lúc)? (?:\s+ngày)? | đăng \s+ ngày | ngày \s+ đăng
    ) [\s:,(]* (?:ngày \s+)? \(? \s* $""",
    re.VERBOSE,
)
_FURNITURE_LINE = re.compile(r"(?i:^\s*(?:cập nhật|print|in bài|đăng lúc|ngày đăng)\b|https?://|www\.)")


def is_event_date(text: str, date: DateMention) -> bool:
    """Whether `date` can date an event of its sentence: not a birthday, deadline, effective or
    commemorated date, nor a date on a page-furniture or URL line."""
    line_start = text.rfind("\n", 0, date.start) + 1
    # the cue is read in the date's own sentence: a title's "kỷ niệm ..." does not reach the lead
    sentence_start = max(line_start, text.rfind(". ", 0, date.start) + 1, date.start - 60)
    if _NOT_EVENT_CUE.search(text, sentence_start, date.start):
        return False
    return not _FURNITURE_LINE.search(text, line_start, date.start)
