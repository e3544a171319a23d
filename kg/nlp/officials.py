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
from functools import cache

from kg.nlp.lexicon import (
    ACADEMIC_PREFIX,
    CAP_SYL,
    FORMER,
    HONORIFICS,
    NAME_COMPOUNDS,
    NOT_NAME_SYLLABLES,
    PROVINCES,
    RANKS,
    SURNAMES,
    TITLES,
    alternation,
    capital_starts,
    lexicon_rows,
)
from kg.nlp.organizations import _ADMIN_WORDS, extend_org, looks_like_name_at

# A country (ontology/lexicon/countries.tsv) or an international body (international-organizations.tsv)
# closes a foreign body's name before its official's: "Phó Thủ tướng Trung Quốc Uông Dương".
COUNTRIES = [c for c, _ in lexicon_rows("countries.tsv") if c != "Việt Nam"] \
    + [o for o, _ in lexicon_rows("international-organizations.tsv")]

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
_HONORIFIC = re.compile(rf"(?<![\wĐđ])({alternation(HONORIFICS)})\s+")  # ontology/lexicon/honorifics.tsv
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
    r"\s*,?\s*(?:(?:được\s+)?(?:bầu|bổ nhiệm|điều động|phân công|giới thiệu|chỉ định)\s+)?(?:giữ|làm|đảm nhận|đảm nhiệm)"
    r"\s+(?:(?:chức vụ|chức danh|chức|vị trí)\s+)?"
    # "ông A tái đắc cử Chủ tịch Hội", "bà B được bầu Phó Chủ tịch HĐND", "trúng cử Ủy viên UBND"
    r"|\s*,?\s*(?:(?:đã\s+)?(?:tái\s+)?(?:đắc cử|trúng cử)|(?:đã\s+)?được\s+(?:tái\s+)?(?:bầu|bầu bổ sung|bầu lại))"
    r"(?:\s+(?:vào\s+)?(?:chức vụ|chức danh|chức|vị trí|là))?\s+(?=[A-ZĐÂƯ])"
    # "... đến nhận công tác và giữ chức vụ Trưởng phòng", "..., vào chức danh Phó Chánh án"
    r"|[^.;:]{0,60}?(?<![\wĐđ])(?:giữ|vào|đảm nhận|đảm nhiệm)\s+(?:chức vụ|chức danh|chức)\s+")
# "các Phó Thủ tướng: A, B", "Các Phó chủ tịch gồm các ông: A, B"
_SHARED_LIST = re.compile(r"\s*(?:gồm|là)?\s*(?:các\s+(?:ông|bà|đồng chí))?\s*:\s*")
_BIRTH = re.compile(r"\s*\(\s*(?:SN|sinh năm|s\.n\.?)?\s*\d{4}\s*\)"
                    r"|\s*,\s*(?:sinh ngày\s+\d{1,2}[/-]\d{1,2}[/-]\d{4}|sinh năm\s+\d{4}|SN\s*\d{4})(?=\s*,)")
_COUNTRY = re.compile(rf"(?<![\wĐđ])(?:{alternation(COUNTRIES)})\s+(?={CAP_SYL})")
# places a name must not start or end inside, with the towns and former provinces of places.tsv
_PROVINCE_SET = set(PROVINCES) | set(COUNTRIES) | {p for p, _ in lexicon_rows("places.tsv")}
_FOREIGN = set(COUNTRIES)
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
    """A title and the organization after it, starting at `pos`; "tân" (new) is no part of the post."""
    m = _POSITION_START.match(text, pos)
    if not m:
        return None
    tm = _TITLE_RX.match(text, pos)
    role = re.sub(r"\s+", " ", tm.group(1)) if tm else re.sub(r"\s+", " ", m.group(0))
    org_end = _org_end(text, m.end())
    label_end, end = _parent_end(text, m.end(), org_end)
    new = _NEW.match(text, pos)
    label = re.sub(r"\s+", " ", text[new.end() if new else pos:label_end]).strip()
    org = re.sub(r"\s+", " ", text[m.end():org_end]).strip() or None  # the unit; its parent is a body of its own
    head = _TITLE_BODY_HEAD.search(text, max(pos, m.end() - 30), m.end()) if org else None
    if head:  # "Chủ tịch Hội đồng nhân dân tỉnh": the chair of "Hội đồng nhân dân tỉnh"
        org = _capitalised(re.sub(r"\s+", " ", text[head.start(1):org_end]).strip())
        rest = re.sub(r"\s+", " ", text[tm.start(1) if tm else pos:head.start(1)]).strip()
        # "Chủ tịch" of the Council; but "Trưởng ban", "Phó Trưởng đoàn" stay whole: "trưởng" heads the noun after it
        role = rest if rest.casefold() in _TITLE_KEYS and not rest.casefold().endswith("trưởng") else role
    return PositionMention(pos, end, label, role, org)


# ontology/lexicon/title-body-heads.tsv: the end of a title that opens the body it heads.
_TITLE_BODY_HEAD = re.compile(rf"(?<![\wĐđ])({alternation(w for w, _ in lexicon_rows('title-body-heads.tsv'))})$")
_TITLE_KEYS = {t.casefold() for t in TITLES}


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


_NEW = re.compile(r"[Tt]ân\s+")
# "Vụ phó Vụ Hợp tác quốc tế, Bộ Tài chính": a unit's post names the body the unit belongs to after a
# comma. A parent in brackets ("Tổng cục Du lịch (Bộ Văn hóa, ...) Hà Văn Siêu") is read past to find
# the holder, but left out of the post: the gold sets disagree on it.
_UNIT = re.compile(r"(?:Vụ|Cục|Tổng cục|Viện|Văn phòng|Ban|Ủy ban|Trung tâm|Trường|Học viện|Chi cục|Phòng)(?![\wĐđ])")
_PARENT_HEAD = alternation(["Bộ", "Tổng cục", "Quốc hội", "Chính phủ", "Đại học", "Tập đoàn", "Tổng công ty",
                            "Viện Hàn lâm"])
_PARENT = re.compile(rf"(?:,[ \t]+|[ \t]+\([ \t]*(?P<bracket>))(?P<head>{_PARENT_HEAD})(?![\wĐđ])")
_CLOSE = re.compile(r"[ \t]*\)")


def _parent_end(text: str, org_start: int, end: int) -> tuple[int, int]:
    """Where the post's label and the post end once the parent body of its unit is read."""
    if not _UNIT.match(text, _skip_space(text, org_start)):
        return end, end
    m = _PARENT.match(text, end)
    if not m:
        return end, end
    parent_end = _org_end(text, m.end("head"))
    if m.group("bracket") is None:
        return parent_end, parent_end
    close = _CLOSE.match(text, parent_end)
    return (end, close.end()) if close else (end, end)


def _org_end(text: str, pos: int) -> int:
    end = extend_org(text, pos, stop_after_country=True)
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
    run = _name_run(text, pos)
    if not run:
        return None
    m, limit = run
    words = m.group(0).split()
    if len(words) >= 5 or (len(words) >= 4 and words[0] not in SURNAMES):
        # A run of capitals longer than a name is a title, a place or an organization before a name:
        # "Hà Nội Nguyễn Đức Chung" is a city and a person; the caller finds the name where it starts.
        if len(words) >= 5 or _opens_with_place(words):
            return None
    if not foreign and not _native_name(text, pos, words):
        return None
    if any(w in NOT_NAME_SYLLABLES for w in words[1:]) or _opens_compound(text, m.end(), words[-1]):
        return None  # "Đoàn Thanh niên", "Hội Nông dân": a body, not a person
    span = _syllables(len(words)).match(text, pos, limit)
    assert span is not None  # the same syllables matched when `words` were read
    return " ".join(words), span.end()


def _name_run(text: str, pos: int) -> tuple[re.Match, int] | None:
    """The run of capitalised syllables at `pos` and the offset it may not pass: in "Huỳnh Đức
    Thơ-Chủ tịch UBND thành phố" the hyphen opens an apposition, so the name ends before it."""
    m = _NAME.match(text, pos)
    if not m or "-" not in m.group(0):
        return (m, len(text)) if m else None
    hyphen = text.find("-", pos, m.end())
    if not _POSITION_START.match(text, hyphen + 1):
        return m, len(text)
    m = _NAME.match(text, pos, hyphen)
    return (m, hyphen) if m else None


def _opens_with_place(words: list[str]) -> bool:
    """A place of one to three syllables followed by at least two more ("Hà Nội Nguyễn Đức Chung")."""
    return any(" ".join(words[:k]) in _PROVINCE_SET and len(words) - k >= 2 for k in (3, 2, 1))


def _native_name(text: str, pos: int, words: list[str]) -> bool:
    """A Vietnamese name: it starts with a surname, has two syllables or more, and is neither a
    place ("Hà Nội", "Lào Cai") nor the end of one written before it ("Sơn La Hoàng Văn Chất",
    "huyện Triệu Phong")."""
    if words[0] not in SURNAMES or len(words) < 2:
        return False
    before = text[max(0, pos - 16):pos].split()
    if before and (f"{before[-1]} {words[0]}" in _PROVINCE_SET or f"{before[-1]} {' '.join(words)}" in _PROVINCE_SET
                   or (len(before) >= 2 and f"{before[-2]} {before[-1]} {words[0]}" in _PROVINCE_SET)
                   or (before[-1] in _ADMIN_WORDS and len(words) == 2)):
        return False
    joined = " ".join(words)
    return joined not in _PROVINCE_SET and not (len(words) == 2 and " ".join(words[:2]) in _PROVINCE_SET)


def _opens_compound(text: str, end: int, last: str) -> bool:
    """Whether the last capital opens a lower-case compound word of a body's name ("Đoàn Thanh niên")."""
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1).islower() and f"{last.lower()} {nxt.group(1)}" in NAME_COMPOUNDS


@cache
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
    if positions and text[end:end + 1] == " " and _runs_into_name(text, positions[-1], _skip_space(text, end)):
        # "Ngô Xuân Lịch, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng và Chủ nhiệm Ủy ban ... Võ Trọng
        # Việt": the titles after the last "và" are the next person's, those before it this one's.
        cut = next((i for i in range(len(positions) - 1, 0, -1)
                    if _AND.fullmatch(text, positions[i - 1].end, positions[i].start)), None)
        if cut is None:
            return [], pos
        return positions[:cut], positions[cut - 1].end
    if positions and text[sep.start():sep.end()].strip() == "(":
        close = re.match(r"\s*\)", text[end:])
        if close:
            end += close.end()
    return positions, end if positions else pos


_AND = re.compile(r"[ \t]+và[ \t]+")


class _Claims:
    """The name spans taken so far: a later rule never records a second person where an earlier one
    found a name."""

    def __init__(self, found: list[OfficialMention]):
        self.spans = [(o.name_start, o.name_end) for o in found]

    def free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.spans)

    def take(self, mentions: list[OfficialMention]) -> list[OfficialMention]:
        """The mentions whose names are still free, in order, each claiming its name."""
        taken = []
        for mention in mentions:
            if self.free(mention.name_start, mention.name_end):
                self.spans.append((mention.name_start, mention.name_end))
                taken.append(mention)
        return taken


def find_officials(text: str) -> list[OfficialMention]:
    """People with their posts, found by rules tried in order of how surely they name a holder: lists,
    titles before a name, honorifics, appositions; posts given by appointment verbs are added last.
    Each rule sees the names the earlier ones took."""
    starts = capital_starts(text)
    found: list[OfficialMention] = []
    found += _listed(text, _Claims(found))
    found += _titled(text, starts, _Claims(found))
    found += _honoured(text, _Claims(found))
    found += _apposed(text, starts, _Claims(found))
    found = _appointed(text, found)
    found = [o for o in found if _holds_post(o)]
    found.sort(key=lambda o: o.start)
    return found


def _holds_post(o: OfficialMention) -> bool:
    """A person known only by a lower-case title with no named organization ("ông X, phó giám đốc
    công ty", "cô giáo tổ trưởng X") is not shown to hold a post in an organization."""
    return o.honorific in {"đồng chí", "đ/c"} or not o.positions or any(not _weak(p) for p in o.positions)


def _listed(text: str, claims: _Claims) -> list[OfficialMention]:
    """Lists: "các đồng chí: A, Bí thư ...; B, ..." and "các đồng chí A, B và C"."""
    out: list[OfficialMention] = []
    for m in _PLURAL.finditer(text) if _PLURAL_HINT.search(text) else ():
        honorific = "đồng chí" if "đồng chí" in m.group(0) else None
        chain, end = parse_chain(text, m.end())
        colon = re.match(r"\s*:\s*", text[end:]) if chain else None
        if colon:  # "các đồng chí Phó Chủ tịch UBND tỉnh: A, B, C"
            out += claims.take(_parse_list(text, end + colon.end(), chain, honorific))
        else:
            out += claims.take(_parse_list(text, m.end(), [], honorific))
    return out


def _titled(text: str, starts: list[int], claims: _Claims) -> list[OfficialMention]:
    """Titles before a name, possibly after an honorific: "Bí thư Tỉnh ủy Nguyễn Văn A"."""
    out: list[OfficialMention] = []
    pos = 0
    for start in starts:
        m = _title_at(text, start)
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
        holder = _title_holder(text, m.start(), chain, end)
        if holder is None:
            out += claims.take(_shared_title_list(text, m.start(), chain, end))
            pos = end
            continue
        (name, name_end), name_pos = holder
        if not claims.free(name_pos, name_end):
            pos = name_end
            continue
        chain = _own_titles(text, m.start(), chain)
        more, appos_end = parse_apposition(text, name_end)
        mention = OfficialMention(_honorific_start(text, m.start()), max(name_end, appos_end), name, name_pos,
                                  name_end, chain + more)
        out += claims.take([mention])
        pos = max(name_end, appos_end)
    return out


_NAME_THEN_COMMA = re.compile(rf"{_NAME.pattern}[ \t]*,[ \t]*$")


def _own_titles(text: str, title_start: int, chain: list[PositionMention]) -> list[PositionMention]:
    """The titles a name after them holds, when the chain opens right after another person's name and a
    comma: in "Ngô Xuân Lịch, Bộ trưởng Bộ Quốc phòng và Chủ nhiệm Ủy ban ... Võ Trọng Việt" only the
    titles after the last "và" are the second person's (see parse_apposition)."""
    if not _NAME_THEN_COMMA.search(text, max(0, title_start - 60), title_start):
        return chain
    cut = next((i for i in range(len(chain) - 1, 0, -1) if _AND.fullmatch(text, chain[i - 1].end, chain[i].start)), None)
    return chain[cut:] if cut else chain


def _title_at(text: str, start: int) -> re.Match | None:
    """A title at the capital `start`, with "nguyên", "tân" or "cố" before it if written."""
    # "nguyên", "tân" and "cố" end in "n" or "ố": most capitals follow another word, not these.
    before = text[max(0, start - 8):start].rstrip()
    former = _FORMER_BEFORE.search(text, max(0, start - 8), start) \
        if before.endswith(("n", "ố")) and len(before) < min(8, start) else None  # "nguyên Bí thư ..."
    return _TITLE_RX.match(text, former.start() if former else start)


def _title_holder(text: str, title_start: int, chain: list[PositionMention], end: int):
    """The name that holds the titles `chain` ending at `end`, and where it starts, or None."""
    name_pos, la = _holder_start(text, title_start, end)
    parsed = parse_name(text, name_pos) if name_pos > end or text[end:end + 1] == " " else None
    if parsed is None and name_pos > end and not la:
        name_pos = end
    if parsed is None:
        parsed, name_pos = _foreign_name(text, chain[-1], end)
    if parsed is None and _ends_with_country(chain[-1]) and text[end:end + 1] == " ":
        # "Tổng thống Pháp Emmanuel Macron": the body closed at the country, its official follows
        name_pos = _skip_space(text, end)
        parsed = _foreign_holder(text, name_pos)
    if parsed is None:
        return _name_after_comma(text, end)
    return parsed, name_pos


def _name_after_comma(text: str, end: int):
    """ "Phó phòng TN&MT quận 12, Phan Phương Bình cho rằng": the name after a comma, then a verb."""
    comma = re.match(r",[ \t]*", text[end:])
    after = parse_name(text, end + comma.end()) if comma else None
    if comma and after and re.match(r"[ \t]+[a-zà-ỹđ]", text[after[1]:after[1] + 3]) and not parse_apposition(text, after[1])[0]:
        return after, end + comma.end()
    return None


def _holder_start(text: str, title_start: int, end: int) -> tuple[int, bool]:
    """Where the holder's name may start after titles ending at `end`, and whether "là ông" led to it:
    after a rank or degree, after "là ông" ("Bí thư Tỉnh ủy là ông Phạm Duy Cường"), or after an
    honorific when the title opens the clause ("Bí thư Tỉnh ủy Hải Dương, ông Nguyễn Mạnh Hiển, ...")."""
    la = _LA_HONORIFIC.match(text, end)
    if la:
        return la.end(), True
    if text[end:end + 1] in ", -–" and (then := _THEN_HONORIFIC.match(text, end)):
        opening = _honorific_start(text, title_start)
        if _CLAUSE_OPENS.search(text, max(0, opening - 12), opening) and not _in_apposition(text, title_start):
            return then.end(), False
    skip = _SKIP_PREFIX.match(text, end)
    return (skip.end() if skip else _skip_space(text, end)), False


def _shared_title_list(text: str, title_start: int, chain: list[PositionMention], end: int) -> list[OfficialMention]:
    """ "các Phó Thủ tướng: A, B", "Phó Chủ tịch UBND tỉnh: A, B": the titles shared by a list."""
    colon = _SHARED_LIST.match(text[end:])
    if colon and text[max(0, title_start - 4):title_start].strip() in {"các", "Các"}:
        return _parse_list(text, end + colon.end(), chain, None)
    return []


def _honoured(text: str, claims: _Claims) -> list[OfficialMention]:
    """Honorific, name, apposition: "đồng chí Phạm Sỹ Lợi - Phó Bí thư ..."."""
    out: list[OfficialMention] = []
    for m in _HONORIFIC.finditer(text):
        name_pos = m.end()
        skip = _SKIP_PREFIX.match(text, name_pos)
        if skip and skip.end() > name_pos:
            name_pos = skip.end()
        parsed = parse_name(text, name_pos)
        if not parsed or not claims.free(name_pos, parsed[1]):
            continue
        name, name_end = parsed
        positions, end = parse_apposition(text, name_end)
        honorific = " ".join(m.group(1).lower().split())
        if not positions:  # "Ông Nguyễn Thanh Quang giữ chức Bí thư Quận ủy Thanh Khê"
            tp = _TAKES_POST.match(text, name_end)
            if tp:
                positions, end = parse_chain(text, tp.end())
        if positions or honorific in {"đồng chí", "đ/c"}:
            out += claims.take([OfficialMention(m.start(), max(end, name_end), name, name_pos, name_end, positions,
                                                honorific)])
    return out


def _apposed(text: str, starts: list[int], claims: _Claims) -> list[OfficialMention]:
    """A name and an apposition, no honorific: "Nguyễn Văn A, Chủ tịch UBND tỉnh"."""
    out: list[OfficialMention] = []
    for m in _names(text, starts):
        if not claims.free(m.start(), m.end()) or not _may_open_name(text, m.start()):
            continue
        parsed = parse_name(text, m.start())
        if not parsed:
            continue
        name, name_end = parsed
        positions, end = parse_apposition(text, name_end)
        if positions:
            out += claims.take([OfficialMention(m.start(), end, name, m.start(), name_end, positions)])
    return out


def _may_open_name(text: str, start: int) -> bool:
    """A name with no honorific starts after punctuation, a degree ("Thượng tướng GS.TS Tô Lâm - ...")
    or a lower-case word, never right after another capital, which it would continue."""
    if start > 0 and text[start - 1].isalpha():
        return False
    prev = text[max(0, start - 14):start].split()
    if prev and _PREFIX_WORD.match(prev[-1]):
        return True
    return not _CAP_SYL_BEFORE.search(text[max(0, start - 12):start]) \
        or text[max(0, start - 2):start].endswith((". ", ", ", "; ", ": "))


def _appointed(text: str, found: list[OfficialMention]) -> list[OfficialMention]:
    """Posts given by appointment verbs, to people already found or named with ông/bà: "bổ nhiệm chức vụ
    ... cho bà X", "Ông X giữ chức ..."."""
    found = list(found)
    for m in _APPOINTED_TO.finditer(text):
        chain, end = parse_chain(text, m.end())
        who = (_APPOINTEE.match(text, end) or _APPOINTEE.match(text, _sentence_clause_end(text, end))) if chain else None
        parsed = parse_name(text, who.end()) if who else None
        if who and parsed:
            _give(found, parsed[0], who.end(), parsed[1], chain)
    for o in list(found):
        tp = _TAKES_POST.match(text, o.end)
        chain = parse_chain(text, tp.end())[0] if tp else []
        if chain:
            _give(found, o.name, o.name_start, o.name_end, chain)
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
    """A lower-case title with no capitalised body ("phó giám đốc công ty"); "nguyên Bộ trưởng" is a
    capitalised title held before."""
    label = _FORMER_START.sub("", p.label)
    return label[:1].islower() and not (p.organization and p.organization[:1].isupper())


_FORMER_START = re.compile(r"^(?:nguyên|cố|tân)\s+", re.IGNORECASE)


def _give(found: list[OfficialMention], name: str, start: int, end: int, positions: list[PositionMention]) -> None:
    """Add `positions` to the person called `name`, recording them at `start`-`end` if not yet found."""
    existing = next((o for o in reversed(found) if o.name == name), None)
    if existing is None:
        if not _Claims(found).free(start, end):
            return
        existing = OfficialMention(start, end, name, start, end, [])
        found.append(existing)
    labels = {p.label.casefold() for p in existing.positions}
    existing.positions.extend(p for p in positions if p.label.casefold() not in labels)


def _sentence_clause_end(text: str, pos: int) -> int:
    """Skip a short tail ("Tổ chức tài chính", "nhiệm kỳ 2015-2020") to the appointee phrase."""
    m = re.match(r"[^.;:]{0,80}?(?=\s*,?\s*(?:cho|đối với)\s+(?:ông|bà|đồng chí)\s)", text[pos:])
    return pos + m.end() if m else pos


def _parse_list(text: str, pos: int, shared: list[PositionMention], honorific: str | None) -> list[OfficialMention]:
    """Names separated by commas, semicolons or "và", each with an optional apposition; `shared` titles
    go to every one. Only people with a post, or called "đồng chí", are returned."""
    items = _list_items(text, pos, honorific)
    _share_positions(items, shared)
    return [item for item in items if item.positions or honorific == "đồng chí"]


def _list_items(text: str, pos: int, honorific: str | None) -> list[OfficialMention]:
    items: list[OfficialMention] = []
    for _ in range(40):
        item = _list_item(text, pos, honorific)
        if item is None:
            break
        items.append(item)
        sep = _LIST_SEP.match(text, item.end)
        if not sep:
            break
        pos = sep.end()
    return items


def _list_item(text: str, pos: int, honorific: str | None) -> OfficialMention | None:
    """One person of a list at `pos`, with the titles before the name ("các đồng chí Ủy viên Bộ Chính
    trị: Chủ tịch Quốc hội Nguyễn Thị Kim Ngân; ...") and the apposition after it."""
    skip = _SKIP_PREFIX.match(text, pos)
    if skip and skip.end() > pos:
        pos = skip.end()
    item_start, own = pos, list[PositionMention]()
    parsed = parse_name(text, pos)
    if not parsed:
        own, chain_end = parse_chain(text, pos)
        pos = _skip_space(text, chain_end)
        parsed = parse_name(text, pos) if own and pos > chain_end else None
        if not parsed:
            return None
    name, name_end = parsed
    positions, end = parse_apposition(text, name_end)
    return OfficialMention(item_start, max(end, name_end), name, pos, name_end, own + positions, honorific)


def _share_positions(items: list[OfficialMention], shared: list[PositionMention]) -> None:
    """Shared titles go first; "A và B, kiểm lâm địa bàn": a person without an apposition of their own
    takes the next one's when the two names are close."""
    for i, item in enumerate(items):
        if not item.positions:
            nxt = next((x.positions for x in items[i + 1:] if x.positions), None)
            item.positions = list(shared)
            if not item.positions and nxt and items[i + 1].name_start - item.name_end < 6:
                item.positions = list(nxt)
        elif shared:
            item.positions = list(shared) + item.positions


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


def _runs_into_name(text: str, last: PositionMention, pos: int) -> bool:
    """Whether a name starts at `pos`, right after the position `last`: a Vietnamese one, or a foreign
    one after a country ("..., Nhà vua Na Uy Olav V")."""
    return bool(parse_name(text, pos) or (_ends_with_country(last) and parse_name(text, pos, foreign=True)))


def _foreign_holder(text: str, pos: int):
    """A foreign name after a country, with the lower-case particles inside it ("Jose Eduardo dos Santos")."""
    parsed = parse_name(text, pos, foreign=True)
    while parsed and (more := _PARTICLE_NAME.match(text, parsed[1])):
        parsed = (parsed[0] + re.sub(r"\s+", " ", more.group(0)), more.end())
    return parsed


_PARTICLE_NAME = re.compile(rf"[ \t]+(?:dos|da|de|del|van|von|bin|al)[ \t]+{CAP_SYL}")


def _ends_with_country(p: PositionMention) -> bool:
    """Whether the post's body closes with a foreign country; not after another place ("Đại sứ du lịch
    Việt Nam Jordan Vogt-Roberts": "Jordan" opens the person's name)."""
    words = (p.organization or "").split()
    for k in (3, 2, 1):
        if len(words) >= k and " ".join(words[-k:]) in _FOREIGN:
            before = words[:-k]
            return not any(" ".join(before[-j:]) in _PROVINCE_SET | {"Việt Nam"} for j in (1, 2, 3) if len(before) >= j)
    return False


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
    parsed = parse_name(name, 0)
    return parsed is not None and parsed[0] == name


__all__ = ["find_officials", "OfficialMention", "PositionMention", "looks_like_name_at", "is_person_name"]
