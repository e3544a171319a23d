"""Clean a bulletin's raw text into the text that extraction reads and evidence offsets point into.

Bulletins copied from news sites carry a date line, a title, the same lead paragraph twice, photo
captions ("Toàn cảnh hội nghị"), a byline ("Văn phòng Đảng ủy khối") and page furniture ("Các tin
khác"). Cleaning keeps the date, title and byline as metadata, and keeps each paragraph of article
text once, in order, separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from kg.records import Bulletin

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn)"
# A page's own date, alone on a line: "Thứ 6 Ngày 01/06/2018", "Cập nhật ngày 14/9/2017 08:30",
# "Ngày đăng: 14/09/2017".
_DATE_LINE = re.compile(
    r"^\s*(?:(?:cập\s+nhật|đăng|ngày\s+đăng|thời\s+gian\s+đăng)(?:\s+lúc)?\s*:?\s*)?"
    rf"(?:{_WEEKDAY}\s*[,\-–]?\s*)?(?:ngày\s*)?(\d{{1,2}})\s*[/\-.]\s*(\d{{1,2}})\s*[/\-.]\s*(\d{{4}})"
    r"(?:\s*[,\-–|]?\s*\d{1,2}[:h]\d{2}(?:\s*(?:GMT|\(GMT)[^\n]*)?)?\s*$",
    re.IGNORECASE,
)
# Lines that are page furniture: everything from the first of them to the end is dropped.
_FURNITURE = re.compile(
    r"^\s*(các tin khác|tin liên quan|tin khác|bài liên quan|xem thêm|tin cùng chuyên mục|bình luận|"
    r"ý kiến bạn đọc|chia sẻ|in bài|gửi bài|tags?:|từ khóa:)\b",
    re.IGNORECASE,
)
_CAPTION_CUE = re.compile(
    r"^\s*(toàn cảnh|quang cảnh|ảnh:|\(ảnh|ảnh minh họa|các đại biểu|đại biểu|lãnh đạo|"
    r"đồng chí|đ/c|ông|bà)\b",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"\((?:ảnh|ảnh:|nguồn)[^)]*\)\s*$|\bảnh\s*:\s*[^.]{0,40}$", re.IGNORECASE)
_TRAILING_CREDIT = re.compile(r"\s*(?:\((?:ảnh|nguồn)[^)]*\)|(?:tin,?\s*)?ảnh\s*:\s*[^.]{0,40})\s*$", re.IGNORECASE)
_SENTENCE_END_CHARS = frozenset(".!?…:;”\"')]")
# Spaces other than " " (tab, no-break, typographic and ideographic spaces) become " ", and runs of
# spaces one. A character class with non-ASCII ranges is tested at every character of Vietnamese text,
# so the rare characters are looked for first and replaced only in the paragraphs that have them.
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u3000]")
_TO_SPACE = {ord(c): " " for c in "\t\u00a0\u202f\u3000"} | {c: " " for c in range(0x2000, 0x200C)}
_SPACE_RUN = re.compile(r"  +")


def parse_date_line(line: str) -> str | None:
    """ "Thứ 6 Ngày 01/06/2018" -> "2018-06-01"; None when the line is not just a date, or names a
    day that does not exist ("Ngày 31/02/2018")."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    return _valid_iso(year, month, day)


def _valid_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # 29/02 of a common year, 31/04, month 13 ...
        return None


def clean_bulletin(bulletin: Bulletin) -> Bulletin:
    """Fill `text` (and, where the text gives them, `date`, `title`, `author`), in passes over the
    list of paragraphs: date line, page furniture, byline, title, then the paragraphs kept."""
    raw = unicodedata.normalize("NFC", bulletin.raw_text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _paragraphs(raw)
    line_date = _take_date_line(paragraphs)  # the line leaves the text even when metadata date the bulletin
    bulletin.date = normalise_iso_date(bulletin.date or line_date)
    paragraphs = _before_furniture(paragraphs)
    # The byline is the last short paragraph with no sentence punctuation.
    if len(paragraphs) > 1 and _is_byline(paragraphs[-1]):
        bulletin.author = bulletin.author or paragraphs.pop().strip()
    # Title: the metadata title, else the first paragraph when the text came as a plain file.
    if bulletin.title is None and paragraphs and _is_title_like(paragraphs[0]):
        bulletin.title = paragraphs[0].rstrip(".").strip() if len(paragraphs) > 1 else None
    kept, seen = _kept_paragraphs(paragraphs)
    title_key = _key(bulletin.title) if bulletin.title else None
    if bulletin.title and title_key not in seen and not (kept and title_key and _key(kept[0]).startswith(title_key)):
        kept.insert(0, _collapse(bulletin.title))
    bulletin.text = "\n\n".join(kept)
    return bulletin


def _take_date_line(paragraphs: list[str]) -> str | None:
    """A date line before or right after the title dates the bulletin when its metadata does not; it
    leaves the text (an impossible date is dropped with its line)."""
    at = next((i for i, p in enumerate(paragraphs[:2]) if _DATE_LINE.match(p)), None)
    return parse_date_line(paragraphs.pop(at)) if at is not None else None


def _before_furniture(paragraphs: list[str]) -> list[str]:
    """The paragraphs before the first line of page furniture ("Các tin khác")."""
    for i, p in enumerate(paragraphs):
        if _FURNITURE.match(p) and len(p.split()) <= 8:
            return paragraphs[:i]
    return paragraphs


def _kept_paragraphs(paragraphs: list[str]) -> tuple[list[str], set[str]]:
    """Each paragraph once, without captions, and without the credit a long one ends in."""
    kept: list[str] = []
    seen: set[str] = set()
    for i, p in enumerate(paragraphs):
        k = _key(p)
        if not k or k in seen:
            continue  # a paragraph repeated verbatim (a lead printed twice) counts once
        if i > 0 and _is_caption(p):
            continue
        if len(p.split()) > 40:  # a long paragraph ending in a credit ("Tin, ảnh: ...") keeps its text
            p = _TRAILING_CREDIT.sub("", p).rstrip() if _may_credit(p) else p
        seen.add(k)
        kept.append(_collapse(p))
    return kept, seen


def normalise_iso_date(value: str | None) -> str | None:
    """Accept "2018-06-01", "2018-06-01T08:00:00+07:00" or "01/06/2018"; anything else, and a day that
    does not exist ("2017-02-29", "31/04/2017"), becomes None."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.match(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})", value)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    return _valid_iso(y, mo, d)


# A line that is only an address or a page's URL slug ("http://...", "hoi-nghi-tong-ket-cong-tac-2017"),
# or the "Print" of a printed page: no article text.
_ADDRESS_LINE = re.compile(
    r"""^ (?: (?:https?://|www\.) \S+ | [a-z0-9]+ (?:-[a-z0-9]+){3,} (?:\.html?)? | print | in\s+bài ) $""",
    re.VERBOSE | re.IGNORECASE,
)
# Punctuation with no space after it, as pasted text often has: "... hội nghị.Chiều 14/9,đồng chí A";
# not "TP.HCM", "Q.Gò Vấp" (a capital before the point) nor "1,5" (digits).
# The punctuation comes first, so that only its positions are looked around.
_GLUED = re.compile(r"(?P<stop>[.;!?])(?<=[a-zđà-ỹ]{3}[.;!?])(?=[A-ZĐÀ-Ỹ])|(?P<comma>,)(?<=[^\W_],)(?=[^\W\d_])")


def _unglued(line: str) -> str:
    return _GLUED.sub(lambda m: m.group() + " ", line) if _GLUED.search(line) else line


def _paragraphs(raw: str) -> list[str]:
    """Each line is a paragraph, except that a line starting in lower case continues the one before
    (hard-wrapped text, or a caption broken over two lines). Address lines are dropped."""
    out: list[str] = []
    for line in raw.split("\n"):
        line = line.strip()
        if not line or _ADDRESS_LINE.match(line):
            continue
        line = _unglued(line)
        if out and line[0].islower() and not _ends_sentence(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _is_byline(p: str) -> bool:
    words = p.split()
    return 0 < len(words) <= 8 and not _ends_sentence(p) and not re.search(r"\d{3,}", p)


def _is_title_like(p: str) -> bool:
    return len(p.split()) <= 60


def _is_caption(p: str) -> bool:
    if _may_credit(p) and _PHOTO_CREDIT.search(p) and len(p.split()) <= 40:
        return True
    if _ends_sentence(p):
        return False
    return len(p.split()) <= 40 and bool(_CAPTION_CUE.match(p))


def _ends_sentence(p: str) -> bool:
    return p.rstrip()[-1:] in _SENTENCE_END_CHARS


def _may_credit(p: str) -> bool:
    """Whether `p` can end in a photo credit: "(Ảnh: ...)" or "ảnh: ..." with at most 40 characters
    after the colon. The credit patterns are tried from every position of the paragraph; this test
    rules most paragraphs out at the cost of two string operations."""
    q = p.rstrip()
    if q.endswith(")"):
        return True
    colon = q.rfind(":")
    return colon >= 0 and len(q[colon + 1:].lstrip()) <= 40


def _collapse(p: str) -> str:
    if _ODD_SPACE.search(p):
        p = p.translate(_TO_SPACE)
    if "  " in p:
        p = _SPACE_RUN.sub(" ", p)
    return p.strip()


def _key(p: str | None) -> str:
    return _collapse(p or "").casefold().rstrip(". ")
