"""Officials: named people with the positions a bulletin gives them.

The forms, all common in bulletins:
- honorific, name, apposition: "đồng chí Phạm Sỹ Lợi - Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch
  Hội đồng nhân dân tỉnh"; "ông Nguyễn Văn A (Phó Giám đốc Sở ...)";
- titles before the name: "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Nguyễn Văn A";
- a name with a following apposition and no honorific: "Nguyễn Văn A, Chủ tịch UBND tỉnh, cho biết";
- lists: "các đồng chí: A, Bí thư ...; B, Phó Bí thư ..."; "các Phó Thủ tướng: A, B".

A person needs a position or the honorific "đồng chí"; "ông"/"bà" with no position is a private
person and is not recorded. Names are checked against Vietnamese surnames so that a title followed
by an organization ("Chủ tịch UBND tỉnh Hà Tĩnh") is never read as a person; foreign officials are
accepted after a country name ("Phó Thủ tướng Trung Quốc Uông Dương").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.nlp.lexicon import (ACADEMIC_PREFIX, CAP_SYL, FORMER, NAME_COMPOUNDS, capital_starts, NOT_NAME_SYLLABLES, PROVINCES, SURNAMES,
                            TITLES, alternation)
from kg.nlp.organizations import _ADMIN_WORDS, extend_org, looks_like_name_at

RANKS = ["Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
         "Thiếu tá", "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc", "Đại úy", "Thượng úy"]
COUNTRIES = ["Trung Quốc", "Lào", "Campuchia", "Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "Mỹ", "Nga", "Liên bang Nga",
             "Pháp", "Đức", "Anh", "Ấn Độ", "Thái Lan", "Singapore", "Malaysia", "Indonesia", "Philippines",
             "Cuba", "Australia", "Ô-xtrây-li-a", "Myanmar", "Mianma", "Brunei", "Canada", "Italy", "Israel",
             "Hungary", "Ba Lan", "Séc", "Belarus", "Kazakhstan", "Mông Cổ", "New Zealand", "Triều Tiên",
             "Venezuela", "Mozambique", "Timor-Leste", "Bangladesh", "Sri Lanka", "Nepal", "Thụy Điển",
             "Na Uy", "Phần Lan", "Đan Mạch", "Hà Lan", "Bỉ", "Thụy Sĩ", "Áo", "Tây Ban Nha", "Bồ Đào Nha",
             "Ai Cập", "Nam Phi", "Algeria", "Iran", "Ả-rập Xê-út", "Thổ Nhĩ Kỳ", "Chile", "Argentina", "Brazil",
             "Mexico", "Peru", "EU", "ASEAN", "Liên hợp quốc", "LHQ"]

_RANK = alternation(RANKS)
_TITLE = alternation(TITLES)
_TITLE_RX = re.compile(rf"(?<![\wĐđ])(?:{FORMER})?({_TITLE})(?![\wĐđ])")
_POSITION_START = re.compile(rf"(?:{FORMER})?{_TITLE}(?![\wĐđ])")
_NAME_SYL = rf"(?:{CAP_SYL})(?:-{CAP_SYL})?"
# Syllables of one name are separated by spaces, never by a line break (a title line ending in a
# name is followed by a paragraph starting with a capital).
_NAME = re.compile(rf"(?<![\wĐđ]){_NAME_SYL}(?:[ \t]+{_NAME_SYL}){{1,4}}")
_CAP_SYL_BEFORE = re.compile(rf"{CAP_SYL}\s$")
_NEXT_WORD = re.compile(r"[ \t]+([\wđ]+)")
_HONORIFIC = re.compile(r"(?<![\wĐđ])(đồng chí|Đồng chí|Đồng Chí|đ/c|Đ/c|Đ/C|ông|Ông|bà|Bà|ngài|Ngài)\s+")
_PLURAL = re.compile(r"(?<![\wĐđ])(?:các|Các|hai|Hai|ba|Ba|cùng các)\s+(?:đồng chí|ông|bà|vị)\s*:?\s*")
# Every plural contains one of these; most bulletins have none, and then the slower scan is skipped.
_PLURAL_HINT = re.compile(r"(?:các|Các|hai|Hai|ba|Ba)\s+(?:đồng chí|ông|bà|vị)")
_SKIP_PREFIX = re.compile(rf"(?:\s*(?:{_RANK}|{ACADEMIC_PREFIX}))+\s*")
_APPOS_SEP = re.compile(r"\s*(?:,|-|–|—|\(|:)\s*|\s+(?:kiêm|là)\s+")
# ";" separates people in a list, never two positions of one person.
_CHAIN_SEP = re.compile(r"\s*(?:,|\s-\s|\s–\s|—)\s*|\s+(?:kiêm|và)\s+(?=(?:nguyên\s+)?[A-ZĐ])")
_LIST_SEP = re.compile(r"\s*(?:,|;|\s+và\s+|,\s+và\s+)\s*")
_PREFIX_WORD = re.compile(r"^(?:(?:GS|PGS|TS|ThS|BS|KS|NGƯT|NGND|NSND|NSƯT)\.?)+(?:[.,])?$")
_FORMER_BEFORE = re.compile(r"(?<![\wĐđ])(?:nguyên|tân|cố)\s+$")
_LA_HONORIFIC = re.compile(r"\s+(?:hiện\s+)?là\s+(?:ông|bà|đồng chí|Đồng chí)\s+")
# "Bí thư Tỉnh ủy Hải Dương, ông Nguyễn Mạnh Hiển, cho rằng", "Giám đốc Sở ... - ông A - cho biết":
# the title opens the clause and the honorific names its holder.
_THEN_HONORIFIC = re.compile(r"[ \t]*(?:,|[ \t][-–]|[-–](?=[ \t]))?[ \t]*(?:ông|bà|đồng chí)[ \t]+")
_CLAUSE_OPENS = re.compile(r"(?:^|[.,:;!?\n“\"(–-]|(?<![\wĐđ])(?:Còn|còn|Theo|theo))[ \t]*$")
# Appointments: "bổ nhiệm (có thời hạn) chức vụ Vụ trưởng ... cho bà X", "miễn nhiệm chức vụ ... đối với ông X".
# The look-ahead on the first two letters rejects most positions before the case-insensitive keywords
# are tried one by one.
_APPOINTED_TO = re.compile(r"(?=(?i:[cbmđg][hổầi]))"
                           r"(?i:chức vụ|chức danh|(?<![\wĐđ])(?:bổ nhiệm|miễn nhiệm|bầu|điều động|giao quyền))\s+")
_APPOINTEE = re.compile(r"\s*(?:,\s*)?(?:cho|đối với|của)\s+(?:ông|bà|đồng chí)\s+")
_TAKES_POST = re.compile(
    r"\s*,?\s*(?:(?:được\s+)?(?:bầu|bổ nhiệm|điều động|phân công|giới thiệu)\s+)?(?:giữ|làm|đảm nhận|đảm nhiệm)"
    r"\s+(?:(?:chức vụ|chức danh|chức|vị trí)\s+)?"
    # "... đến nhận công tác và giữ chức vụ Trưởng phòng", "..., vào chức danh Phó Chánh án"
    r"|[^.;:]{0,60}?(?<![\wĐđ])(?:giữ|vào|đảm nhận|đảm nhiệm)\s+(?:chức vụ|chức danh|chức)\s+")
# "các Phó Thủ tướng: A, B", "Các Phó chủ tịch gồm các ông: A, B"
_SHARED_LIST = re.compile(r"\s*(?:gồm|là)?\s*(?:các\s+(?:ông|bà|đồng chí))?\s*:\s*")
_BIRTH = re.compile(r"\s*\(\s*(?:SN|sinh năm|s\.n\.?)?\s*\d{4}\s*\)"
                    r"|\s*,\s*(?:sinh ngày\s+\d{1,2}[/-]\d{1,2}[/-]\d{4}|sinh năm\s+\d{4}|SN\s*\d{4})(?=\s*,)")
_COUNTRY = re.compile(rf"(?:{alternation(COUNTRIES)})\s+(?={CAP_SYL})")
_PROVINCE_SET = set(PROVINCES) | set(COUNTRIES)  # places a name must not start or end inside
_TRAILING_JUNK = re.compile(r"[\s,;:\-–(]+$")
# "UBND TP Nguyễn Đức Chung", "UBND thành phố Lê Văn Khoa": the city is the one the bulletin is about and
# the capitals after it are its chairman. A city's own name after these words has two syllables
# ("TP Uông Bí", "thành phố Phan Thiết"); of longer ones only "Hồ Chí Minh" starts with a surname.
_CITY_WORD = re.compile(rf"(?<![\wĐđ])(?:TP|Tp|[Tt]hành phố)(?=[ \t]+{CAP_SYL})")
# "UBND TP.Hà Nội", "UBND TP. Đà Nẵng": the city written after the abbreviation's dot.
_CITY_AFTER_DOT = re.compile(rf"\.[ ]?({CAP_SYL}[ \t]+{CAP_SYL})")


@dataclass
class PositionMention:
    start: int
    end: int
    label: str
    role: str
    organization: str | None


@dataclass
class OfficialMention:
    start: int  # the whole mention, titles and apposition included
    end: int
    name: str
    name_start: int
    name_end: int
    positions: list[PositionMention] = field(default_factory=list)
    honorific: str | None = None


def parse_position(text: str, pos: int) -> PositionMention | None:
    """A title and the organization after it, starting at `pos`."""
    m = _POSITION_START.match(text, pos)
    if not m:
        return None
    tm = _TITLE_RX.match(text, pos)
    role = re.sub(r"\s+", " ", tm.group(1)) if tm else re.sub(r"\s+", " ", m.group(0))
    end = _org_end(text, m.end())
    label = re.sub(r"\s+", " ", text[pos:end]).strip()
    org = re.sub(r"\s+", " ", text[m.end():end]).strip() or None
    return PositionMention(pos, end, label, role, org)


def _org_end(text: str, pos: int) -> int:
    end = extend_org(text, pos)
    if text.endswith(("TP", "Tp"), pos, end) and text[end:end + 1] == ".":
        dot = _CITY_AFTER_DOT.match(text, end)
        if dot and (dot.group(1) in _PROVINCE_SET or parse_name(text, _skip_space(text, dot.end()))):
            return dot.end()
        return end
    city = _CITY_WORD.search(text, max(pos, end - 40), end)
    if city:
        run = _NAME.match(text, _skip_space(text, city.end()))
        name = run.group(0) if run else ""
        if 3 <= len(name.split()) <= 4 and name.split()[0] in SURNAMES and name != "Hồ Chí Minh" \
                and " ".join(name.split()[:2]) not in _PROVINCE_SET:
            return city.end()
    return end


def parse_chain(text: str, pos: int) -> tuple[list[PositionMention], int]:
    """Positions separated by commas, dashes or "kiêm" from `pos`; returns them and the end."""
    positions: list[PositionMention] = []
    end = pos
    while True:
        p = parse_position(text, pos)
        if not p:
            break
        positions.append(p)
        end = p.end
        sep = _CHAIN_SEP.match(text, end)
        if not sep:
            break
        after = _SKIP_PREFIX.match(text, sep.end())
        nxt = sep.end() if not after else after.end()
        if not _POSITION_START.match(text, nxt):
            break
        pos = nxt
    return positions, end


def parse_name(text: str, pos: int, *, foreign: bool = False) -> tuple[str, int] | None:
    """A personal name at `pos`: two to five capitalised syllables, starting with a surname
    (unless `foreign`), and not a place or an organization."""
    m = _NAME.match(text, pos)
    if not m:
        return None
    limit = len(text)
    if "-" in m.group(0):  # "Huỳnh Đức Thơ-Chủ tịch UBND thành phố": the hyphen opens an apposition
        hyphen = text.find("-", pos, m.end())
        if _POSITION_START.match(text, hyphen + 1):
            limit = hyphen
            m = _NAME.match(text, pos, limit)
            if not m:
                return None
    words = m.group(0).split()
    after = ""
    # A run of capitals longer than a name is a title, a place or an organization before a name:
    # "Hà Nội Nguyễn Đức Chung" is a city and a person.
    if len(words) >= 5 or (len(words) >= 4 and words[0] not in SURNAMES):
        for k in (3, 2, 1):
            if " ".join(words[:k]) in _PROVINCE_SET and len(words) - k >= 2:
                return None  # the caller finds the name again where it starts
        if len(words) >= 5:
            return None
    if not foreign:
        if words[0] not in SURNAMES:
            return None
        before = text[max(0, pos - 16):pos].split()
        if before and (f"{before[-1]} {words[0]}" in _PROVINCE_SET or f"{before[-1]} {' '.join(words)}" in _PROVINCE_SET
                       or (len(before) >= 2 and f"{before[-2]} {before[-1]} {words[0]}" in _PROVINCE_SET)
                       or (before[-1] in _ADMIN_WORDS and len(words) == 2)):
            return None
        # "Hà Nội", "Lào Cai": places, not people.
        if " ".join(words) in _PROVINCE_SET or " ".join(words[:2]) in _PROVINCE_SET and len(words) == 2:
            return None
    if any(w in NOT_NAME_SYLLABLES for w in words[1:]) or (not foreign and len(words) < 2):
        return None
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt and nxt.group(1).islower() and f"{words[-1].lower()} {nxt.group(1)}" in NAME_COMPOUNDS:
        return None  # "Đoàn Thanh niên", "Hội Nông dân": a body, not a person
    if len(words) > 4 and not foreign:
        words = words[:4]
    if foreign and len(words) > 4:
        return None
    name = " ".join(words)
    del after
    span = _syllables(len(words)).match(text, pos, limit)
    return name, span.end()


@lru_cache(maxsize=None)
def _syllables(count: int) -> re.Pattern:
    """A name of `count` syllables; compiled once, the pattern being large."""
    return re.compile(rf"{_NAME_SYL}(?:\s+{_NAME_SYL}){{{count - 1}}}")


def parse_apposition(text: str, pos: int) -> tuple[list[PositionMention], int]:
    """Positions after a name: " - Phó Bí thư ..., Chủ tịch ...", ", Bí thư ...", " (Giám đốc ...)"."""
    birth = _BIRTH.match(text, pos)  # "Mai Chiến Thắng (1970) - Phó trưởng Phòng Tham mưu"
    if birth:
        pos = birth.end()
    sep = _APPOS_SEP.match(text, pos)
    if not sep:
        return [], pos
    start = sep.end()
    skip = _SKIP_PREFIX.match(text, start)
    if skip:
        start = skip.end()
    positions, end = parse_chain(text, start)
    # "Tổng Bí thư Nguyễn Phú Trọng, Phó Trưởng ban ... Mai Văn Ninh": a chain that runs into a name is
    # that next person's title, not an apposition of this one.
    if positions and parse_name(text, _skip_space(text, end)) and text[end:end + 1] == " ":
        return [], pos
    if positions and text[sep.start():sep.end()].strip() == "(":
        close = re.match(r"\s*\)", text[end:])
        if close:
            end += close.end()
    return positions, end if positions else pos


def find_officials(text: str) -> list[OfficialMention]:
    found: list[OfficialMention] = []
    claimed: list[tuple[int, int]] = []  # name spans already taken

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in claimed)

    def add(mention: OfficialMention) -> None:
        found.append(mention)
        claimed.append((mention.name_start, mention.name_end))

    # 1. Lists: "các đồng chí: A, Bí thư ...; B, ..." and "các đồng chí A, B và C".
    for m in _PLURAL.finditer(text) if _PLURAL_HINT.search(text) else ():
        honorific = "đồng chí" if "đồng chí" in m.group(0) else None
        chain, end = parse_chain(text, m.end())
        colon = re.match(r"\s*:\s*", text[end:]) if chain else None
        if colon:  # "các đồng chí Phó Chủ tịch UBND tỉnh: A, B, C"
            _parse_list(text, end + colon.end(), chain, add, free, honorific=honorific)
        else:
            _parse_list(text, m.end(), [], add, free, honorific=honorific)

    # 2. Titles before a name, possibly after an honorific: "Bí thư Tỉnh ủy Nguyễn Văn A".
    pos = 0
    starts = capital_starts(text)
    for start in starts:
        # "nguyên", "tân" and "cố" end in "n" or "ố": most capitals follow another word, not these.
        before = text[max(0, start - 8):start].rstrip()
        former = _FORMER_BEFORE.search(text, max(0, start - 8), start) \
            if before.endswith(("n", "ố")) and len(before) < min(8, start) else None  # "nguyên Bí thư ..."
        m = _TITLE_RX.match(text, former.start() if former else start)
        if not m or m.start() < pos:
            continue
        # Bulletins capitalise a title written before a name ("Bí thư Tỉnh ủy Nguyễn Văn A"); a
        # lower-case one there is a common noun ("cô giáo chủ nhiệm X", "đội trưởng X").
        if text[m.start(1)].islower() and _honorific_start(text, m.start()) == m.start():
            pos = m.end()
            continue
        chain, end = parse_chain(text, m.start())
        if not chain:
            continue
        skip = _SKIP_PREFIX.match(text, end)
        name_pos = skip.end() if skip else _skip_space(text, end)
        la = _LA_HONORIFIC.match(text, end)  # "Bí thư Tỉnh ủy là ông Phạm Duy Cường"
        if la:
            name_pos = la.end()
        elif text[end:end + 1] in ", -–" and (then := _THEN_HONORIFIC.match(text, end)) \
                and _CLAUSE_OPENS.search(text, max(0, _honorific_start(text, m.start()) - 12),
                                         _honorific_start(text, m.start())) \
                and not _in_apposition(text, m.start()):
            name_pos = then.end()
        parsed = parse_name(text, name_pos) if name_pos > end or text[end:end + 1] == " " else None
        if parsed is None and name_pos > end and not la:
            name_pos = end
        if parsed is None:
            parsed, name_pos = _foreign_name(text, chain[-1], end)
        if parsed is None:
            # "Phó phòng TN&MT quận 12, Phan Phương Bình cho rằng": the name after a comma, then a verb.
            comma = re.match(r",[ \t]*", text[end:])
            after = parse_name(text, end + comma.end()) if comma else None
            if after and re.match(r"[ \t]+[a-zà-ỹđ]", text[after[1]:after[1] + 3]) \
                    and not parse_apposition(text, after[1])[0]:
                parsed, name_pos = after, end + comma.end()
        if parsed is None:
            # "các Phó Thủ tướng: A, B" / "Phó Chủ tịch UBND tỉnh: A, B"
            colon = _SHARED_LIST.match(text[end:])
            if colon and text[max(0, m.start() - 4):m.start()].strip() in {"các", "Các"}:
                _parse_list(text, end + colon.end(), chain, add, free, honorific=None)
            pos = end
            continue
        name, name_end = parsed
        if not free(name_pos, name_end):
            pos = name_end
            continue
        more, appos_end = parse_apposition(text, name_end)
        start = _honorific_start(text, m.start())
        add(OfficialMention(start, max(name_end, appos_end), name, name_pos, name_end, chain + more))
        pos = max(name_end, appos_end)

    # 3. Honorific, name, apposition: "đồng chí Phạm Sỹ Lợi - Phó Bí thư ...".
    for m in _HONORIFIC.finditer(text):
        name_pos = m.end()
        skip = _SKIP_PREFIX.match(text, name_pos)
        if skip and skip.end() > name_pos:
            name_pos = skip.end()
        parsed = parse_name(text, name_pos)
        if not parsed:
            continue
        name, name_end = parsed
        if not free(name_pos, name_end):
            continue
        positions, end = parse_apposition(text, name_end)
        honorific = m.group(1).lower()
        if not positions:  # "Ông Nguyễn Thanh Quang giữ chức Bí thư Quận ủy Thanh Khê"
            tp = _TAKES_POST.match(text, name_end)
            if tp:
                positions, end = parse_chain(text, tp.end())
        if not positions and honorific not in {"đồng chí", "đ/c"}:
            continue
        add(OfficialMention(m.start(), max(end, name_end), name, name_pos, name_end, positions, honorific))

    # 4. A name and an apposition, no honorific: "Nguyễn Văn A, Chủ tịch UBND tỉnh".
    for m in _names(text, starts):
        if not free(m.start(), m.end()) or (m.start() > 0 and text[m.start() - 1].isalpha()):
            continue
        before = text[max(0, m.start() - 2):m.start()]
        prev = text[max(0, m.start() - 14):m.start()].split()
        titled = bool(prev) and bool(_PREFIX_WORD.match(prev[-1]))  # "Thượng tướng GS.TS Tô Lâm - ..."
        if not titled and _CAP_SYL_BEFORE.search(text[max(0, m.start() - 12):m.start()]) \
                and not before.endswith((". ", ", ", "; ", ": ")):
            continue
        parsed = parse_name(text, m.start())
        if not parsed:
            continue
        name, name_end = parsed
        positions, end = parse_apposition(text, name_end)
        if positions:
            add(OfficialMention(m.start(), end, name, m.start(), name_end, positions))

    # 5. Posts given by appointment verbs, to people already found or named with ông/bà.
    by_name = {o.name: o for o in found}
    for m in _APPOINTED_TO.finditer(text):
        chain, end = parse_chain(text, m.end())
        if not chain:
            continue
        who = _APPOINTEE.match(text, end) or _APPOINTEE.match(text, _sentence_clause_end(text, end))
        if not who:
            continue
        parsed = parse_name(text, who.end())
        if not parsed:
            continue
        name, name_end = parsed
        _give(by_name, found, add, free, name, who.end(), name_end, chain)
    for o in list(found):
        tp = _TAKES_POST.match(text, o.end)
        if tp:
            chain, _ = parse_chain(text, tp.end())
            if chain:
                _give(by_name, found, add, free, o.name, o.name_start, o.name_end, chain)

    # A person known only by a lower-case title with no named organization ("ông X, phó giám đốc
    # công ty", "cô giáo tổ trưởng X") is not shown to hold a post in an organization.
    found = [o for o in found if o.honorific in {"đồng chí", "đ/c"} or not o.positions
             or any(not _weak(p) for p in o.positions)]
    found.sort(key=lambda o: o.start)
    return found


def _names(text: str, starts: list[int]):
    """The matches of `_NAME.finditer(text)`, found by trying `_NAME` only where a capitalised word
    starts (`starts`), the only places a name can."""
    last = 0
    for start in starts:
        if start < last:
            continue
        m = _NAME.match(text, start)
        if m:
            last = m.end()
            yield m


def _weak(p: PositionMention) -> bool:
    return p.label[:1].islower() and not (p.organization and p.organization[:1].isupper())


def _give(by_name, found, add, free, name, start, end, positions):
    existing = by_name.get(name)
    if existing is None:
        if not free(start, end):
            return
        existing = OfficialMention(start, end, name, start, end, [])
        add(existing)
        by_name[name] = existing
    labels = {p.label.casefold() for p in existing.positions}
    existing.positions.extend(p for p in positions if p.label.casefold() not in labels)


def _sentence_clause_end(text: str, pos: int) -> int:
    """Skip a short tail ("Tổ chức tài chính", "nhiệm kỳ 2015-2020") to the appointee phrase."""
    m = re.match(r"[^.;:]{0,80}?(?=\s*,?\s*(?:cho|đối với)\s+(?:ông|bà|đồng chí)\s)", text[pos:])
    return pos + m.end() if m else pos


def _parse_list(text, pos, shared, add, free, honorific):
    """Names separated by commas, semicolons or "và", each with an optional apposition."""
    items: list[OfficialMention] = []
    for _ in range(40):
        skip = _SKIP_PREFIX.match(text, pos)
        if skip and skip.end() > pos:
            pos = skip.end()
        parsed = parse_name(text, pos)
        own: list[PositionMention] = []
        item_start = pos
        if not parsed:
            # "các đồng chí Ủy viên Bộ Chính trị: Chủ tịch Quốc hội Nguyễn Thị Kim Ngân; ...": an item
            # may carry its own title before the name.
            own, chain_end = parse_chain(text, pos)
            name_pos = _skip_space(text, chain_end)
            parsed = parse_name(text, name_pos) if own and name_pos > chain_end else None
            if not parsed:
                break
            pos = name_pos
        name, name_end = parsed
        positions, end = parse_apposition(text, name_end)
        items.append(OfficialMention(item_start, max(end, name_end), name, pos, name_end, own + positions, honorific))
        sep = _LIST_SEP.match(text, max(end, name_end))
        if not sep:
            break
        pos = sep.end()
    if not items:
        return
    # "A và B, kiểm lâm địa bàn": people without their own apposition share the next one's.
    for i, item in enumerate(items):
        if not item.positions:
            nxt = next((x.positions for x in items[i + 1:] if x.positions), None)
            item.positions = list(shared) or []
            if not item.positions and nxt and items[i + 1].name_start - item.name_end < 6:
                item.positions = list(nxt)
        elif shared:
            item.positions = list(shared) + item.positions
    for item in items:
        if free(item.name_start, item.name_end) and (item.positions or honorific == "đồng chí"):
            add(item)


def _foreign_name(text: str, last: PositionMention, end: int):
    """ "Thủ tướng Trung Quốc Lý Khắc Cường": a name after a country closing the organization."""
    if not last.organization:
        return None, end
    org_start = last.end - len(last.organization)
    for m in _COUNTRY.finditer(text, org_start, end):
        name = _NAME.match(text, m.end())
        if name and name.end() == end:
            words = name.group(0).split()
            if 2 <= len(words) <= 4 and not any(w in NOT_NAME_SYLLABLES for w in words):
                last.end = m.end() - 1
                last.label = text[last.start:last.end].strip()
                last.organization = text[org_start:last.end].strip() or None
                return (" ".join(words), name.end()), m.end()
    return None, end


def _in_apposition(text: str, pos: int) -> bool:
    """Whether the title at `pos` still describes an earlier person: in "ông A, Phó Bí thư Tỉnh ủy,
    ông B, ..." the title is A's, and B's own comes after B."""
    window = max(0, pos - 250)
    for h in list(_HONORIFIC.finditer(text, window, pos))[-3:]:
        parsed = parse_name(text, h.end())
        if parsed and parse_apposition(text, parsed[1])[1] >= pos:
            return True
    return False


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _honorific_start(text: str, pos: int) -> int:
    m = re.search(r"(?:đồng chí|Đồng chí|ông|Ông|bà|Bà)\s+$", text[max(0, pos - 12):pos])
    return pos - len(m.group(0)) if m else pos


def is_person_name(name: str) -> bool:
    return parse_name(name, 0) is not None and parse_name(name, 0)[0] == name


__all__ = ["find_officials", "OfficialMention", "PositionMention", "looks_like_name_at", "is_person_name"]
