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
from kg.nlp.lexicon import CAP_SYL, FUNCTION_WORDS, alternation, lexicon_rows, matches_at, word_starts_of
from kg.nlp.organizations import org_at

# ontology/lexicon/document-types.tsv: the type words, their kinds and how each is cited.
_TYPE_ROWS = lexicon_rows("document-types.tsv", columns=3)
DOCUMENT_TYPES = {word: kind for word, kind, cited in _TYPE_ROWS if cited != "titled"}
_TITLED_TYPES = {word: kind for word, kind, cited in _TYPE_ROWS if cited != "numbered"}
# The code's first letters name the type when a citation is written with a code only.
CODE_TYPES: dict[str, str] = {head: kind for head, kind in lexicon_rows("document-codes.tsv")}

_TYPE = alternation(DOCUMENT_TYPES)
# A code's letters: "NQ/TW", "QĐ-UBND", "KH-UBND", and the Party's "TƯ" ("102-QĐ/TƯ", "45-QĐ/T.Ư").
_CODE = r"[A-ZĐƯ][A-ZĐƯa-zđ&0-9]*(?:[-/.][A-ZĐƯ0-9][A-ZĐƯa-zđ0-9&]*)*"
_ID = rf"\d+[a-z]?(?:/\d{{4}})?(?:\s?[-/–]\s?{_CODE})?"
_NUM_START = re.compile(rf"""
    (?<![\wĐđ]) (?P<type> {_TYPE} )
    (?: \s* \( (?P<abbrev> [A-ZĐ]{{2,4}} ) \) )?     # "Chỉ thị (CT) 15": the type's abbreviation
    (?P<so> \s+ (?:số|Số|sô) \s* :? \s* | \s+ )
    (?=\d)
""", re.VERBOSE)
# "Luật tổ chức Tòa án nhân dân số 62/2014/QH13", "Báo cáo thẩm tra số 658/BC-UBTP14", "Kết luận Thanh
# tra số 05/KL-TTr": a few words of the document's name between its type and a coded number.
_NAMED_NUM_START = re.compile(rf"""
    (?<![\wĐđ]) (?P<type> {_TYPE} ) (?P<abbrev>)
    (?P<words> (?: [ \t]+ [\wĐđ]+ ){{1,6}}? )
    (?P<so> [ \t]+ (?:số|Số) [ \t]* :? [ \t]* )
    (?= \d+[a-z]? (?:[/-]\d{{4}})? [ ]?[-/][ ]?{_CODE} )
""", re.VERBOSE)
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
_PLENUM = (r"(?:Nghị quyết|nghị quyết)\s+(?:(?:Hội nghị\s+)?(?:Trung ương|TW|T\.Ư|TƯ)\s*" + _PLENUM_ORDINAL
           + r"|Hội nghị\s+lần thứ\s+[\wĐđ]+\s*,?\s+(?:của\s+)?Ban Chấp hành Trung ương(?:\s+Đảng)?)" + _TERMS + "?")
_CONGRESS = (r"(?:Nghị quyết|nghị quyết)\s+Đại hội\s+(?:[\wĐđ]+\s+){0,7}?lần thứ\s+[\wĐđ]+(?:\s+của Đảng)?"
             + _LOCAL_BODY + r"?|(?:Nghị quyết|nghị quyết)\s+Đại hội\s+[IVXL]+(?:\s+của Đảng|" + _LOCAL_BODY + r")?")
_AMENDMENT = r"(?<![Kk]ỷ )Luật\s+sửa đổi,?\s+bổ sung\s+(?:một số điều\s+(?:của\s+)?)?" + _LAW_NAME + _LAW_END
_LAW = r"(?<![Kk]ỷ )(?<!ty )(?<![Pp]hòng )(?<![Hh]ãng )" + _LAW_NAME + _LAW_END
_PROGRAMME = (r"[Cc]hương trình\s+(?:[Mm]ục tiêu [Qq]uốc gia|MTQG)\s+(?:về\s+)?(?:(?:xây dựng\s+)?(?:[Nn]ông thôn mới|NTM)"
              r"|[Gg]iảm nghèo bền vững)")
# Each part is written with its own spaces, hence (?-x:...) inside the verbose skeleton.
_NAMED = re.compile(rf"""
      (?P<nq>    (?-x:{_PLENUM}) )      # Nghị quyết Trung ương 4 (khóa XII)
    | (?P<dh>    (?-x:{_CONGRESS}) )    # Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX
    | (?P<amend> (?-x:{_AMENDMENT}) )   # Luật sửa đổi, bổ sung một số điều của Luật ...
    | (?P<law>   (?-x:{_LAW}) )         # Luật Đất đai, Bộ luật Hình sự
    | (?P<hp>    Hiến[ ]pháp )
    | (?P<ct>    (?-x:{_PROGRAMME}) )   # Chương trình mục tiêu quốc gia xây dựng nông thôn mới
""", re.VERBOSE)
_NAMED_KINDS = {"nq": "resolution", "dh": "resolution", "law": "law", "amend": "law", "hp": "constitution",
                "ct": "programme"}
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
# The titled types are those of document-types.tsv cited "titled" or "both".
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
    """Citations by number, then by name, then by title; a later form is not read inside an earlier one."""
    mentions = _numbered(text)
    mentions += _named(text, [(c.start, c.end) for c in mentions])
    mentions += _titled(text, [(c.start, c.end) for c in mentions])
    mentions.sort(key=lambda c: c.start)
    _share_issuers(text, mentions)
    return mentions


# (start, end, number, year as "/2017" or "-2017", code with its separator as "-NQ/TW")
_Id = tuple[int, int, str, "str | None", "str | None"]


def _numbered(text: str) -> list[CitationMention]:
    """ "Nghị quyết số 22-NQ/TW, ngày ... của ...", "các Nghị quyết số 18, 19-NQ/TW", "chỉ thị 42 đã"."""
    mentions: list[CitationMention] = []
    for start in (x.start() for x in _TYPE_START.finditer(text)):
        m = _NUM_START.match(text, start) or _NAMED_NUM_START.match(text, start)
        if not m or (mentions and start < mentions[-1].end):
            continue  # "luật" inside "Bộ luật Hình sự số 100/2015/QH13", already read
        if "words" in m.groupdict() and _TYPE_START.search(m.group("words") + " "):
            continue  # the words hold another citation's type: that one is read on its own
        doc_type = _type_of(re.sub(r"\s+", " ", m.group("type")))
        ids = _ids(text, m, doc_type)
        if ids and not _generic_lower(text, m, doc_type, ids[-1]):
            mentions += _numbered_mentions(text, m.start(), doc_type, ids)
    return mentions


def _ids(text: str, m: re.Match, doc_type: str) -> list[_Id]:
    """The numbers after a type word: one, or a list sharing a code ("18, 19-NQ/TW")."""
    ids: list[_Id] = []
    pos = m.end()
    while im := _ONE_ID.match(text, pos):
        number, year, sep_char, code = im.group(1), im.group(2), im.group(3), im.group(4)
        if code is None and year is None and _not_a_number(text, m, doc_type, im):
            break
        ids.append((im.start(), im.end(), number, year, ("/" if sep_char == "/" else "-") + code if code else None))
        sep = _LIST_SEP.match(text, im.end())
        nxt = _ONE_ID.match(text, sep.end()) if sep else None
        # "Nghị quyết 22-NQ/TW và 15 ...": what follows a coded id is no part of the list
        if sep is None or nxt is None or (code and nxt.group(4) is None and nxt.group(2) is None):
            break
        pos = sep.end()
    return ids


def _not_a_number(text: str, m: re.Match, doc_type: str, im: re.Match) -> bool:
    """A bare number after a type word that counts or dates instead: "Kế hoạch 5 năm", "Chương trình
    135 xã", a long number with no "số", "Hiến pháp 2013" (an edition's year)."""
    number, bare = im.group(1), not m.group("so").strip() and not m.group("abbrev")
    if _TIME_UNIT_AFTER.match(text, im.end()) and not _DATE_NEXT.match(text, im.end()):
        return True
    if bare and len(number) > 4:
        return True
    return bare and doc_type in ("law", "constitution") and bool(re.fullmatch(r"(?:19|20)\d\d", number))


def _generic_lower(text: str, m: re.Match, doc_type: str, last: _Id) -> bool:
    """A lower-case type word cites a document without "số" or a code only when a function word or
    punctuation follows the number ("chỉ thị 42 đã đề ra"), never before a noun ("kỷ luật 92 đảng
    viên", "quyết định 3 nội dung")."""
    if not m.group("type")[0].islower() or m.group("so").strip() or last[4] is not None or last[3] is not None:
        return False
    return doc_type == "law" or not _BARE_END.match(text, last[1])


def _numbered_mentions(text: str, start: int, doc_type: str, ids: list[_Id]) -> list[CitationMention]:
    """One citation per number; a code given only on the last one is shared by the list."""
    last_code = ids[-1][4] if len(ids) > 1 else None
    date, issuer, session, title, date_spans, end = _tail(text, ids[-1][1])
    mentions = []
    for _, _, number, year, code in ids:
        code = _clean_code(code or last_code)
        mentions.append(CitationMention(
            start=start, end=end,
            type=doc_type if doc_type != "other" or not code else _code_type(_bare_code(code) or ""),
            number=canonical_number(number, year, code), code=_bare_code(code),
            date=date, issuer=issuer, session=session, title=title, date_spans=date_spans,
        ))
    return mentions


def _named(text: str, taken: list[tuple[int, int]]) -> list[CitationMention]:
    """Documents cited by name: plenum and congress resolutions, laws, the constitution, programmes."""
    mentions: list[CitationMention] = []
    for m in matches_at(_NAMED, text, (x.start() for x in _NAMED_START.finditer(text))):
        if not any(s <= m.start() < e for s, e in taken):
            mentions += _named_mentions(text, m, taken)
    return mentions


def _named_mentions(text: str, m: re.Match, taken: list[tuple[int, int]]) -> list[CitationMention]:
    kind = m.lastgroup or ""  # every alternative of the pattern is a named group
    if kind == "law" and len(m.group(0).split()) < 2:
        return []
    mentions = []
    numbered = _NUMBER_AFTER_NAME.match(text, m.end()) if kind in ("law", "amend") else None
    if numbered and any(s <= numbered.start(1) < e for s, e in taken):
        numbered = None  # the number was read with its own type word ("... của Bộ luật Dân sự số 91/...")
    if numbered:  # "Bộ luật Hình sự số 100/2015/QH13": a named law with its number after
        code = ("/" if numbered.group(3) == "/" else "-") + numbered.group(4) if numbered.group(4) else None
        mentions.append(CitationMention(start=m.start(), end=numbered.end(), type="law", code=numbered.group(4),
                                        number=canonical_number(numbered.group(1), numbered.group(2), code)))
        if kind == "law":
            return mentions
    names, end = _names_of(text, m)
    return mentions + [CitationMention(start=m.start(), end=end, type=_NAMED_KINDS[kind], number=None, name=one)
                       for one in names or ()]


def _names_of(text: str, m: re.Match) -> tuple[list[str] | None, int]:
    """The canonical names a named citation stands for, and where it ends (after a law's edition)."""
    kind, end = m.lastgroup, m.start() + len(m.group(0).rstrip(" ,"))
    if kind == "nq":
        return _plenum_names(m.group(0)), end
    if kind == "ct":
        return [_programme_name(m.group(0))], end
    name = _normalise_name(m.group(0).strip(" ,"))
    edition = _EDITION.match(text, m.end()) if kind in ("law", "amend", "hp") else None
    if edition:
        name, end = name + " năm " + edition.group(1), edition.end()
    return _split_terms(name), end


def _titled(text: str, taken: list[tuple[int, int]]) -> list[CitationMention]:
    """Documents cited by their title, where no numbered or named citation stands."""
    mentions: list[CitationMention] = []
    for start in (x.start() for x in _TITLED_START.finditer(text)):
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or any(s <= start < e for s, e in taken):
            continue
        titled = _titled_at(text, start)
        if titled:
            mentions.append(titled)
            taken.append((titled.start, titled.end))
    return mentions


def _titled_at(text: str, start: int) -> CitationMention | None:
    """A document cited by its title at `start`, named by its type, issuer and subject as written."""
    opened = _titled_head(text, start)
    if opened is None:
        return None
    head, base, parts, pos = opened
    lead = _TITLE_LEAD.match(text, pos + 1 if text.startswith(" ", pos) else pos)
    if lead:
        title_start = lead.end()
    elif base in _NAMED_BY_AIM and len(parts) == 1 and text[pos:pos + 1].islower():
        title_start = pos  # "Đề án kiện toàn tổ chức bộ máy ...": a project is named by its aim
    else:
        return _untitled(text, start, head, base, parts, pos)
    words, end = _title_words(text, title_start)
    if len(words) < (2 if lead else 3) or words[0].casefold() in _TITLE_STOP \
            or " ".join(words).casefold() in _GENERIC_TITLES:
        return None
    lead_words = re.sub(r"\s+", " ", lead.group(0)).strip() if lead else ""
    title = "".join((", " + w[1:]) if w.startswith(",") else (" " + w) for w in words).strip()
    name = " ".join(parts + ([lead_words] if lead_words else []) + [title])
    return CitationMention(start=start, end=end, type=_TITLED_TYPES[base], number=None, name=name)


def _titled_head(text: str, start: int) -> tuple[re.Match, str, list[str], int] | None:
    """The type word at `start` and the issuer after it ("Quy chế làm việc của Tỉnh ủy"): the head, the
    type's base word, the name's parts so far and where the title may begin."""
    head = _TITLED_HEAD.match(text, start)
    if not head or _GENERIC_BEFORE.search(text, max(0, start - 12), start):
        return None
    head_words = re.sub(r"\s+", " ", head.group(1))
    base = "Quy chế làm việc" if head_words.startswith("Quy chế làm việc") else re.sub(r"\s+năm.*", "", head_words)
    parts, pos = [head_words], head.end()
    if text.startswith("của ", pos):
        org = org_at(text, pos + 4)
        if not org:
            return None
        parts.append("của " + org.name)
        pos = org.end
    return head, base, parts, pos


def _untitled(text: str, start: int, head: re.Match, base: str, parts: list[str], pos: int) -> CitationMention | None:
    """A titled type that names its document with no subject: "Điều lệ Đảng", "Chương trình công tác năm
    2017", "Quy chế làm việc của Tỉnh ủy"."""
    doc_type = _TITLED_TYPES[base]
    if base == "Điều lệ" and len(parts) == 1:
        # "Điều lệ Đảng", "Điều lệ Công đoàn Việt Nam"; a lower-case body is any one ("Điều lệ trường")
        org = org_at(text, pos) if text[pos:pos + 1].isupper() else None
        party = _PARTY.match(text, pos)
        if org is None and party is None:
            return None
        return CitationMention(start=start, end=org.end if org else party.end() if party else pos, type=doc_type, number=None,
                               name=f"Điều lệ {org.name if org else 'Đảng'}")
    if parts[0].startswith("Chương trình công tác năm") and len(parts) == 1:
        return CitationMention(start=start, end=head.end(1), type=doc_type, number=None, name=parts[0])
    if base in _SELF_NAMED and len(parts) == 2:
        return CitationMention(start=start, end=pos, type=doc_type, number=None, name=" ".join(parts))
    return None


_PARTY = re.compile(r"Đảng(?![\wĐđ])")
_FIRST_TITLE_WORD = re.compile(r"([^\s,;.:!?()\[\]“”\"…]+)")


def _title_words(text: str, pos: int) -> tuple[list[str], int]:
    """The words of a title up to the end of its noun phrase: punctuation, a word that starts a clause,
    or the next citation in a list ("... và Nghị quyết về ...")."""
    m = _FIRST_TITLE_WORD.match(text, pos)
    if not m:
        return [], pos
    words, end = [m.group(1)], m.end()
    while len(words) < _TITLE_MAX_WORDS:
        m = _TITLE_WORD.match(text, end)
        if not m or "\n" in m.group(1) or _ends_title(text, m, words):
            break
        words.append(("," if "," in m.group(1) else "") + m.group(2))
        end = m.end()
    while words and words[-1].casefold().lstrip(",") in FUNCTION_WORDS | _TITLE_STOP:
        words.pop()
    return words, end


def _ends_title(text: str, m: re.Match, words: list[str]) -> bool:
    """Whether the word `m` no longer belongs to the title `words` (which may lose a last "và")."""
    word, comma = m.group(2), "," in m.group(1)
    low = word.casefold()
    if comma and (not word[0].islower() or low in _AFTER_COMMA_STOP):
        return True
    if not comma and low in _TITLE_STOP and words[-1].casefold() not in _STOP_COMPOUNDS.get(low, ()):
        return True
    if word[0].isupper() and low in _TITLE_STOP | FUNCTION_WORDS:
        return True  # the next sentence, run on without a full stop
    if words[-1] == "và" and word[0].isupper() and _TITLED_HEAD.match(text, m.start(2)):
        words.pop()
        return True
    return False


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
        if org and org.name[:1].isupper():  # "... của trường": a common noun, no named issuer
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


_PARTY_CENTRE = re.compile(r"(?<![A-ZĐƯ])T\.?Ư(?![\wĐđ])")


def _clean_code(code: str | None) -> str | None:
    """ "-QĐ/TƯ" and "-QĐ/T.Ư" are written for "-QĐ/TW": one code, one document."""
    if not code:
        return None
    return _PARTY_CENTRE.sub("TW", code.replace("–", "-")).rstrip(".-/")


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
