"""Citations of numbered and named Party and state documents.

Handles "Nghị quyết số 22-NQ/TW, ngày 02/02/2008 Hội nghị lần thứ 6, Ban Chấp hành Trung ương khóa X
“Về ...”", government numbers ("Quyết định số 46/2017/QĐ-TTg"), bare numbers ("Chỉ thị 05 của Bộ
Chính trị"), lists sharing one code ("các Nghị quyết số 18, 19-NQ/TW") and documents cited by name
("Nghị quyết Trung ương 4 khóa XII", "Luật Đất đai"), which are recorded without a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.nlp.dates import _FULL, _WORDS, _iso
from kg.nlp.lexicon import CAP_SYL, FUNCTION_WORDS, alternation, matches_at, word_starts_of
from kg.nlp.organizations import org_at

DOCUMENT_TYPES = {
    "Nghị quyết liên tịch": "resolution", "Nghị quyết": "resolution", "Chỉ thị": "directive",
    "Kế hoạch": "plan", "Quyết định": "decision", "Kết luận": "conclusion", "Quy định": "regulation",
    "Quy chế": "rules", "Thông báo kết luận": "notice", "Thông báo": "notice", "Hướng dẫn": "guideline",
    "Chương trình hành động": "programme", "Chương trình": "programme", "Đề án": "project",
    "Công văn": "official_letter", "Công điện": "official_letter", "Bộ luật": "law", "Luật": "law",
    "Nghị định": "decree", "Thông tư liên tịch": "circular", "Thông tư": "circular",
    "Hiến pháp": "constitution", "Pháp lệnh": "law", "Tờ trình": "other", "Báo cáo": "other",
}
# The code's first letters name the type when a citation is written with a code only.
CODE_TYPES = {"NQ": "resolution", "CT": "directive", "KH": "plan", "QĐ": "decision", "KL": "conclusion",
              "QC": "rules", "TB": "notice", "HD": "guideline", "CTr": "programme", "CTHĐ": "programme",
              "ĐA": "project", "CV": "official_letter", "NĐ": "decree", "TT": "circular",
              "QH": "law", "L": "law"}

_TYPE = alternation(DOCUMENT_TYPES)
_CODE = r"[A-ZĐ][A-ZĐa-zđ&0-9]*(?:[-/.][A-ZĐ0-9][A-ZĐa-zđ0-9&]*)*"
_ID = rf"\d+[a-z]?(?:/\d{{4}})?(?:\s?[-/–]\s?{_CODE})?"
_NUM_START = re.compile(
    rf"(?<![\wĐđ])({_TYPE})(\s+(?:số|Số|sô)\s*:?\s*|\s+)(?=\d)",
)
# number, year (as in "46/2017/QĐ-TTg", or alone: "Nghị định 01/2017"), separator, code
# Where a type word may start: a cheap scan on first syllables before the full alternation.
_TYPE_START = word_starts_of({k.split()[0] for k in DOCUMENT_TYPES}, after=r"\s")
_ONE_ID = re.compile(rf"(\d+[a-z]?)([/-]\d{{4}}(?=/)|/(?:19|20)\d\d(?![\d/]))?(?:\s?([-/–])\s?({_CODE}))?")
_NUMBER_AFTER_NAME = re.compile(rf"\s+số\s+(\d+)([/-]\d{{4}}(?=/))(?:\s?([-/])\s?({_CODE}))")
_DATE_NEXT = re.compile(r"\s*,?\s*ngày\s+\d")  # "Kết luận số 166 ngày 29/3/2017": a date, not a duration
_BARE_END = re.compile(r"\s*(?:[,.;:)]|$|(?:của|về|ngày|đã|được|và|của|năm)(?![\wĐđ]))")
_LIST_SEP = re.compile(r"\s*(?:,|;|và|, và)\s*(?:(?:số|Số)\s+)?(?=\d)")
_TIME_UNIT_AFTER = re.compile(r"\s*(?:năm|tháng|ngày|tuần|quý|giờ|phút|%|người|đồng|lần|tỷ|triệu|ha|km)\b", re.I)
_DATE_AFTER = re.compile(r"\s*,?\s*(?:(?:ban hành|ký|được ban hành)\s+)?(?i:ngày)\s+")
_SESSION = re.compile(
    r"\s*,?\s*(?:của\s+|tại\s+)?((?:Hội nghị|hội nghị)\s+(?:lần thứ\s+\w+|Trung ương\s+\d+|TW\s+\d+))"
)
_ISSUER_LEAD = re.compile(r"\s*,?\s*(của\s+|do\s+)?")
_QUOTED_TITLE = re.compile(r"\s*,?\s*(?:về\s+)?[“\"«]([^”\"»\n]{3,300})[”\"»]")

# Documents cited by name only.
_TERM = r"[Kk]hóa\s+(?:[IVXL]+|\d{1,2})"
_TERMS = rf"(?:\s*,?\s*\(?\s*{_TERM}(?:\s*,\s*(?:[Kk]hóa\s+)?(?:[IVXL]+|\d{{1,2}}))*\s*\)?)"
# A Central Committee plenum is written "Trung ương 4", "TW4", "T.Ư 4", "Hội nghị Trung ương 4" or in full,
# "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng": all name one resolution.
_PLENUM_ORDINAL = r"(?:lần thứ\s+[\wĐđ]+|0?\d{1,2}(?!\d))"
_LOCAL_BODY = r"(?:\s+(?:của\s+)?Đảng bộ(?:\s+(?:tỉnh|thành phố|TP|huyện|quận|thị xã))?)"
# Words that end a law's name; "tham" is a function word elsewhere ("tham gia") but part of "tham nhũng",
# and "ở" of "Luật Nhà ở".
_LAW_STOP = "|".join(sorted(FUNCTION_WORDS - {"tham"}))
_LAW_NAME = (r"(?:Bộ\s+[Ll]uật|Luật)\s+(?!số\b)" + CAP_SYL + r"(?:(?:\s+|,\s+(?=chống\b))(?:(?<=Nhà )ở|(?!(?:" + _LAW_STOP +
             r")\b)[\wĐđ]+)){0,6}?")
_LAW_END = (r"(?=\s*(?:\(\s*[A-ZĐ]{2,}\s*\)\s*)?(?:năm\s+)?(?:19|20)\d\d(?!\d)|\s*\(|\s+(?:số\s+\d|sửa đổi\b)|(?!,\s+chống\b)[,.;:)\n]|\s+(?:"
            + _LAW_STOP + r")\b(?<!Nhà ở))")
_NAMED = re.compile(
    r"(?P<nq>(?:Nghị quyết|nghị quyết)\s+(?:(?:Hội nghị\s+)?(?:Trung ương|TW|T\.Ư|TƯ)\s*" + _PLENUM_ORDINAL +
    r"|Hội nghị\s+lần thứ\s+[\wĐđ]+\s*,?\s+(?:của\s+)?Ban Chấp hành Trung ương(?:\s+Đảng)?)" + _TERMS + "?)"
    r"|(?P<dh>(?:Nghị quyết|nghị quyết)\s+Đại hội\s+(?:[\wĐđ]+\s+){0,7}?lần thứ\s+[\wĐđ]+(?:\s+của Đảng)?"
    + _LOCAL_BODY + r"?|(?:Nghị quyết|nghị quyết)\s+Đại hội\s+[IVXL]+(?:\s+của Đảng|" + _LOCAL_BODY + r")?)"
    r"|(?P<amend>(?<![Kk]ỷ )Luật\s+sửa đổi,?\s+bổ sung\s+(?:một số điều\s+(?:của\s+)?)?" + _LAW_NAME + _LAW_END + ")"
    r"|(?P<law>(?<![Kk]ỷ )(?<!ty )(?<![Pp]hòng )(?<![Hh]ãng )" + _LAW_NAME + _LAW_END + ")"
    r"|(?P<hp>Hiến pháp)"
    r"|(?P<ct>[Cc]hương trình\s+(?:[Mm]ục tiêu [Qq]uốc gia|MTQG)\s+(?:về\s+)?(?:(?:xây dựng\s+)?(?:[Nn]ông thôn mới|NTM)"
    r"|[Gg]iảm nghèo bền vững))"
)
# Where a name can start: the engine finds these letters fast, while the full pattern above, which
# it would try at every position, is rare.
_NAMED_START = re.compile(r"N(?=ghị quyết)|n(?=ghị quyết)|B(?=ộ)|L(?=uật)|H(?=iến pháp)|[Cc](?=hương trình)")
# The edition of a law or constitution, which tells "Luật Đất đai năm 2003" from the one of 2013.
_EDITION = re.compile(r"\s*(?:\(\s*[A-ZĐ]{2,}\s*\)\s*)?(?:năm\s+)?((?:19|20)\d\d)(?![\d/])")
_ORDINAL_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                  "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


# Documents cited by their title: "Nghị quyết về xử lý nợ xấu của các tổ chức tín dụng", "Quy chế làm việc
# của Tỉnh ủy", "Kết luận của Bộ Chính trị về ...". A capitalised type word mid-sentence marks a particular
# document; a lower-case one ("các nghị quyết về ...") is generic, and so is a plural or demonstrative.
_TITLED_TYPES = {"Nghị quyết": "resolution", "Nghị định": "decree", "Quy định": "regulation",
                 "Kết luận": "conclusion", "Chỉ thị": "directive", "Quyết định": "decision", "Đề án": "project",
                 "Quy chế": "rules", "Thông tư": "circular", "Chương trình hành động": "programme",
                 "Chương trình công tác": "programme", "Quy chế làm việc": "rules", "Điều lệ": "other"}
# Where a title can start; that a word starts there is checked after, as a look-behind here would keep the
# engine from scanning for the first letters fast.
_TITLED_START = re.compile(r"(?:N(?=ghị (?:quyết|định) )|Q(?=uy (?:định|chế) )|K(?=ết luận )"
                           r"|C(?=hỉ thị |hương trình (?:hành động|công tác))|Đ(?=ề án |iều lệ )|T(?=hông tư ))")
_TITLED_HEAD = re.compile(r"(Nghị quyết|Nghị định|Quy định|Kết luận|Chỉ thị|Quyết định|Đề án|Quy chế làm việc|Quy chế"
                          r"|Điều lệ|Thông tư|Chương trình hành động|Chương trình công tác(?:\s+năm\s+\d{4})?)(?:\s+|(?=[,;.:)]))")
_GENERIC_BEFORE = re.compile(r"(?:các|những|nhiều|một số|mọi|Các|Những)\s+$")
# Heads that name a document with their issuer alone ("Quy chế làm việc của Tỉnh ủy").
_SELF_NAMED = ("Quy chế làm việc", "Chương trình hành động", "Chương trình công tác")
# A project is named by its aim right after the head ("Đề án sắp xếp lại ..."); rules and regulations are
# not, as often as not the head is the subject of a clause ("Quy chế cho phép ...", "Quy tắc rất cần thiết").
_NAMED_BY_AIM = ("Đề án",)
_TITLE_LEAD = re.compile(r"(?:quy định\s+)?về(?:\s+việc)?\s+")
_TITLE_WORD = re.compile(r"(\s*,\s*|\s+)([^\s,;.:!?()\[\]“”\"…]+)")
# Words that end a title: a clause goes on after them.
_TITLE_STOP = set("""đã đang sẽ được là với do nhằm thì mà khi tại vừa cũng còn bị không này đó ấy nên nhưng hay
hoặc vì bởi để ngày theo có trình phải chưa diễn bắt""".split())
_AFTER_COMMA_STOP = _TITLE_STOP | FUNCTION_WORDS | set("""trong đồng nhất đặc góp đề yêu giao tạo cần phải nêu
khẳng nhấn qua bảo chỉ làm hướng phù dẫn trọng""".split())
# Stop words that go on inside a compound: "đối với", "gắn liền với", "chương trình", "công trình".
_STOP_COMPOUNDS = {"với": {"đối", "liền", "gắn"}, "trình": {"chương", "quy", "công", "lộ"}}
_TITLE_MAX_WORDS = 45
_GENERIC_TITLES = {"vấn đề", "vấn đề này", "đề án", "nội dung", "nội dung này", "việc này", "các vấn đề"}


@dataclass
class CitationMention:
    start: int
    end: int
    type: str
    number: str | None
    code: str | None = None
    date: str | None = None
    issuer: str | None = None
    session: str | None = None
    title: str | None = None
    name: str | None = None
    date_spans: list[tuple[int, int]] = field(default_factory=list)


def canonical_number(number: str, year: str | None, code: str | None) -> str:
    """ "22" + "-NQ/TW" -> "22-NQ/TW"; "46" + "/2017" + "/QĐ-TTg" -> "46/2017/QĐ-TTg"."""
    return number + (year or "") + (code or "")


def find_documents(text: str) -> list[CitationMention]:
    mentions: list[CitationMention] = []
    for start in (x.start() for x in _TYPE_START.finditer(text)):
        m = _NUM_START.match(text, start)
        if not m:
            continue
        type_word = re.sub(r"\s+", " ", m.group(1))
        doc_type = _type_of(type_word)
        pos = m.end()
        ids: list[tuple[int, int, str, str | None, str | None]] = []  # start, end, number, year, code
        while True:
            im = _ONE_ID.match(text, pos)
            if not im:
                break
            number, year, sep_char, code = im.group(1), im.group(2), im.group(3), im.group(4)
            if code:
                code = ("/" if sep_char == "/" else "-") + code
            # "Kế hoạch 5 năm", "Chương trình 135 xã" are not numbers of documents.
            if code is None and year is None and _TIME_UNIT_AFTER.match(text, im.end()) \
                    and not _DATE_NEXT.match(text, im.end()):
                break
            if code is None and year is None and not m.group(2).strip() and len(number) > 4:
                break
            # "Hiến pháp 2013", "Bộ luật 2015": an edition's year, not a number
            if code is None and year is None and not m.group(2).strip() and doc_type in ("law", "constitution") \
                    and re.fullmatch(r"(?:19|20)\d\d", number):
                break
            ids.append((im.start(), im.end(), number, year, code))
            sep = _LIST_SEP.match(text, im.end())
            if not sep or (code and not _ONE_ID.match(text, sep.end())):
                break
            nxt = _ONE_ID.match(text, sep.end())
            if nxt is None or (code and nxt.group(4) is None and nxt.group(2) is None):
                # "Nghị quyết 22-NQ/TW và 15 ..." : what follows a coded id is not part of the list
                break
            pos = sep.end()
        if not ids:
            continue
        # A lower-case type word cites a document without "số" or a code only when a function word or
        # punctuation follows the number ("chỉ thị 42 đã đề ra"), never before a noun ("kỷ luật 92
        # đảng viên", "quyết định 3 nội dung").
        if m.group(1)[0].islower() and not m.group(2).strip() and ids[-1][4] is None and ids[-1][3] is None:
            if doc_type == "law" or not _BARE_END.match(text, ids[-1][1]):
                continue
        # A code given only on the last id is shared by the list: "18, 19-NQ/TW".
        last_code = ids[-1][4]
        end = ids[-1][1]
        parsed = []
        for s, e, number, year, code in ids:
            code = code or (last_code if len(ids) > 1 else None)
            parsed.append((number, year, code))
        date, issuer, session, title, date_spans, end = _tail(text, end)
        for number, year, code in parsed:
            code = _clean_code(code)
            mentions.append(CitationMention(
                start=m.start(), end=end,
                type=doc_type if doc_type != "other" or not code else _code_type(_bare_code(code)),
                number=canonical_number(number, year, code), code=_bare_code(code),
                date=date, issuer=issuer, session=session, title=title, date_spans=date_spans,
            ))
    taken = [(c.start, c.end) for c in mentions]
    for m in matches_at(_NAMED, text, (x.start() for x in _NAMED_START.finditer(text))):
        if any(s <= m.start() < e for s, e in taken):
            continue
        kind = m.lastgroup
        doc_type = {"nq": "resolution", "dh": "resolution", "law": "law", "amend": "law", "hp": "constitution",
                    "ct": "programme"}[kind]
        end = m.start() + len(m.group(0).rstrip(" ,"))
        if kind == "law" and len(m.group(0).split()) < 2:
            continue
        numbered = _NUMBER_AFTER_NAME.match(text, m.end()) if kind in ("law", "amend") else None
        if numbered:  # "Bộ luật Hình sự số 100/2015/QH13": a named law with its number after
            number = canonical_number(numbered.group(1), numbered.group(2), (
                ("/" if numbered.group(3) == "/" else "-") + numbered.group(4)) if numbered.group(4) else None)
            mentions.append(CitationMention(start=m.start(), end=numbered.end(), type="law", number=number,
                                            code=numbered.group(4), name=None))
            if kind == "law":
                continue
        if kind == "nq":
            names = _plenum_names(m.group(0))
        elif kind == "ct":
            names = [_programme_name(m.group(0))]
        else:
            name = _normalise_name(m.group(0).strip(" ,"))
            edition = _EDITION.match(text, m.end()) if kind in ("law", "amend", "hp") else None
            if edition:
                name += " năm " + edition.group(1)
                end = edition.end()
            names = _split_terms(name)
        if names is None:
            continue
        for one in names:
            mentions.append(CitationMention(start=m.start(), end=end, type=doc_type, number=None, name=one))
    taken = [(c.start, c.end) for c in mentions]
    for start in (x.start() for x in _TITLED_START.finditer(text)):
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or any(s <= start < e for s, e in taken):
            continue
        titled = _titled_at(text, start)
        if titled:
            mentions.append(titled)
            taken.append((titled.start, titled.end))
    mentions.sort(key=lambda c: c.start)
    _share_issuers(text, mentions)
    return mentions


def _titled_at(text: str, start: int) -> CitationMention | None:
    """A document cited by its title at `start`, named by its type, issuer and subject as written."""
    head = _TITLED_HEAD.match(text, start)
    if not head or _GENERIC_BEFORE.search(text, max(0, start - 12), start):
        return None
    head_words = re.sub(r"\s+", " ", head.group(1))
    base = "Quy chế làm việc" if head_words.startswith("Quy chế làm việc") else re.sub(r"\s+năm.*", "", head_words)
    doc_type = _TITLED_TYPES[base]
    parts, pos = [head_words], head.end()
    if text.startswith("của ", pos):
        org = org_at(text, pos + 4)
        if not org:
            return None
        parts.append("của " + org.name)
        pos = org.end
    lead = _TITLE_LEAD.match(text, pos + 1 if text.startswith(" ", pos) else pos)
    if lead:
        title_start = lead.end()
    elif base in _NAMED_BY_AIM and len(parts) == 1 and text[pos:pos + 1].islower():
        title_start = pos  # "Đề án kiện toàn tổ chức bộ máy ...": a project is named by its aim
    elif base == "Điều lệ" and len(parts) == 1:
        # "Điều lệ Đảng", "Điều lệ Công đoàn Việt Nam"; a lower-case body is any one ("Điều lệ trường")
        org = org_at(text, pos) if text[pos:pos + 1].isupper() else None
        party = re.compile(r"Đảng(?![\wĐđ])").match(text, pos)
        if not org and not party:
            return None
        return CitationMention(start=start, end=org.end if org else party.end(), type=doc_type, number=None,
                               name=f"Điều lệ {org.name if org else 'Đảng'}")
    elif head_words.startswith("Chương trình công tác năm") and len(parts) == 1:
        return CitationMention(start=start, end=head.end(1), type=doc_type, number=None, name=head_words)
    elif base in _SELF_NAMED and len(parts) == 2:
        return CitationMention(start=start, end=pos, type=doc_type, number=None, name=" ".join(parts))
    else:
        return None
    words, end = _title_words(text, title_start)
    if len(words) < (2 if lead else 3) or words[0].casefold() in _TITLE_STOP \
            or " ".join(words).casefold() in _GENERIC_TITLES:
        return None
    lead_words = re.sub(r"\s+", " ", lead.group(0)).strip() if lead else ""
    title = "".join((", " + w[1:]) if w.startswith(",") else (" " + w) for w in words).strip()
    name = " ".join(parts + ([lead_words] if lead_words else []) + [title])
    return CitationMention(start=start, end=end, type=doc_type, number=None, name=name)


def _title_words(text: str, pos: int) -> tuple[list[str], int]:
    """The words of a title up to the end of its noun phrase: punctuation, a word that starts a clause,
    or the next citation in a list ("... và Nghị quyết về ...")."""
    words: list[str] = []
    end = pos
    m = re.compile(r"([^\s,;.:!?()\[\]“”\"…]+)").match(text, pos)
    if not m:
        return words, end
    words.append(m.group(1))
    end = m.end()
    while len(words) < _TITLE_MAX_WORDS:
        m = _TITLE_WORD.match(text, end)
        if not m or "\n" in m.group(1):
            break
        word, comma = m.group(2), "," in m.group(1)
        low = word.casefold()
        if comma and (not word[0].islower() or low in _AFTER_COMMA_STOP):
            break
        if not comma and low in _TITLE_STOP and words[-1].casefold() not in _STOP_COMPOUNDS.get(low, ()):
            break
        if word[0].isupper() and low in _TITLE_STOP | FUNCTION_WORDS:
            break  # the next sentence, run on without a full stop
        if words[-1] == "và" and word[0].isupper() and _TITLED_HEAD.match(text, m.start(2)):
            words.pop()
            break
        words.append(("," if comma else "") + word)
        end = m.end()
    while words and words[-1].casefold().lstrip(",") in FUNCTION_WORDS | _TITLE_STOP:
        words.pop()
    return words, end


def _plenum_names(text: str) -> list[str] | None:
    """One canonical name per term for a Central Committee plenum's resolution: "Nghị quyết TW4 (khóa
    XII)", "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII" and "Nghị quyết Trung
    ương 4, khóa 12" all become "Nghị quyết Trung ương 4 khóa XII"."""
    m = re.search(r"lần thứ\s+([\wĐđ]+)|(?:Trung ương|TW|T\.Ư|TƯ)\s*(\d+)", text)
    ordinal = _ordinal(m.group(1) or m.group(2)) if m else None
    if ordinal is None:
        return None
    base = f"Nghị quyết Trung ương {ordinal}"
    tail = re.search(r"[Kk]hóa\s+(.*)$", text)
    if not tail:
        return [base]
    return [f"{base} khóa {_roman(t)}" for t in re.findall(r"[IVXL]+|\d+", tail.group(1))]


def _programme_name(text: str) -> str:
    """The national target programmes by their full names, however abbreviated ("MTQG", "NTM")."""
    if "nghèo" in text:
        return "Chương trình mục tiêu quốc gia giảm nghèo bền vững"
    return "Chương trình mục tiêu quốc gia xây dựng nông thôn mới"


def _ordinal(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if re.fullmatch(r"[IVXL]+", word):
        return _roman_value(word)
    return _ORDINAL_WORDS.get(word.casefold())


def _roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _roman(term: str) -> str:
    """Terms are written in Roman numerals ("khóa XII"), now and then in digits ("khóa 12")."""
    if not term.isdigit():
        return term
    n, out = int(term), ""
    for value, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _split_terms(name: str) -> list[str]:
    """ "Nghị quyết Trung ương 4 khóa XI, khóa XII" names two resolutions, one per term."""
    m = re.match(r"^(.*?)\s+[Kk]hóa\s+([IVXL]+(?:\s*,?\s*(?:[Kk]hóa\s+)?[IVXL]+)+)$", name)
    if not m:
        return [name]
    terms = re.findall(r"[IVXL]+", m.group(2))
    return [f"{m.group(1)} khóa {t}" for t in terms]


def _share_issuers(text: str, mentions: list[CitationMention]) -> None:
    """ "Chỉ thị số 03-CT/TW, ngày 14/5/2011 và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị":
    coordinated citations of one code family share the issuer named after the last of them."""
    for prev, nxt in zip(mentions[-2::-1], mentions[:0:-1]):
        if prev.issuer or not nxt.issuer or not prev.code or not nxt.code:
            continue
        between = text[prev.end:nxt.start]
        if re.fullmatch(r"\s*(?:,|và|, và|;)\s*", between) and prev.code.split("/")[-1] == nxt.code.split("/")[-1]:
            prev.issuer = nxt.issuer


def _tail(text: str, pos: int):
    """Date, issuing session, issuer and quoted title that follow a citation's number."""
    date = issuer = session = title = None
    date_spans: list[tuple[int, int]] = []
    end = pos
    dm = _DATE_AFTER.match(text, pos)
    if dm:
        for rx in (_FULL, _WORDS):
            d = rx.match(text, dm.end()) if rx is _FULL else rx.match(text, dm.start() + dm.group(0).lower().rfind("ngày"))
            if d:
                day, month, year = (int(g) for g in d.groups())
                date = _iso(year, month, day)
                date_spans.append((d.start(), d.end()))
                end = pos = d.end()
                break
    sm = _SESSION.match(text, pos)
    if sm:
        session = re.sub(r"\s+", " ", sm.group(1))
        end = pos = sm.end()
    im = _ISSUER_LEAD.match(text, pos)
    if im and (im.group(1) or session or date or "," in im.group(0)):
        org = org_at(text, im.end())
        if org:
            issuer = org.name
            end = pos = org.end
    tm = _QUOTED_TITLE.match(text, pos)
    if tm:
        title = tm.group(1).strip().rstrip(".")
        end = tm.end()
    return date, issuer, session, title, date_spans, end


def _type_of(word: str) -> str:
    for k, v in DOCUMENT_TYPES.items():
        if word.casefold() == k.casefold():
            return v
    return "other"


def _code_type(code: str) -> str:
    head = re.split(r"[-/]", code)[0]
    return CODE_TYPES.get(head, "other")


def _clean_code(code: str | None) -> str | None:
    if not code:
        return None
    return code.replace("–", "-").rstrip(".-/")


def _bare_code(code: str | None) -> str | None:
    return code.lstrip("-/") if code else None


def _normalise_name(name: str) -> str:
    name = re.sub(r"\(\s*", "", name)
    name = re.sub(r"\s*\)", "", name)
    name = re.sub(r"(?<=\d)\s*,\s*(?=[Kk]hóa)", " ", name)
    name = re.sub(r"^nghị quyết", "Nghị quyết", name)
    name = re.sub(r"^luật", "Luật", name)
    name = re.sub(r"^Bộ Luật", "Bộ luật", name)
    return re.sub(r"\s+", " ", name).strip()
