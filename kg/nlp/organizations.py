"""Organization names: Party committees, state bodies, mass organisations and units.

An organization phrase starts with a head ("Ban Thường vụ", "Tỉnh ủy", "UBND", "Bộ", "Sở" ...) and
runs over capitalised syllables, abbreviations and the lower-case words that belong inside such names
("Hội đồng nhân dân tỉnh", "Đảng ủy khối các cơ quan tỉnh", "Bộ Nông nghiệp và Phát triển nông
thôn"), stopping at a verb, a function word or punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.nlp.lexicon import (
    ABBREV,
    CAP_SYL,
    NAME_COMPOUNDS,
    ORG_LOWER_PHRASES,
    PROVINCES,
    SURNAMES,
    TITLES,
    L,
    U,
    alternation,
    capital_starts,
    lexicon_rows,
)

PROVINCE_SET = set(PROVINCES) | {"Bồ Đào Nha", "Tây Ban Nha", "Hà Lan", "Thụy Điển", "Thổ Nhĩ Kỳ", "Ấn Độ", "Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Trung Quốc", "Triều Tiên", "Nam Phi", "Ai Cập", "Na Uy", "Ba Lan", "Mông Cổ"}

# Words that open an organization's name: ontology/lexicon/organization-heads.tsv.
ORG_HEADS = [h for h, _ in lexicon_rows("organization-heads.tsv")]
_HEAD = alternation(ORG_HEADS)
# Organization names never run across a line break (a title line ends where the body starts).
_CAP_TOKEN = re.compile(rf"[ \t]+((?:Q|P|H|X|TX|TP|Tp)\.\s?{CAP_SYL}|{U}{{2,}}-{CAP_SYL}|{ABBREV}|{CAP_SYL}(?:\s?-\s?{CAP_SYL})?|\d+)(?![\wĐđ])")
# ("Thừa Thiên-Huế", "tỉnh TT-Huế"; "UBND Q.Gò Vấp": a district written with its abbreviation glued on)
_BRACKETED_ABBREV = re.compile(rf"[ \t]+\({ABBREV}\)(?=[ \t]+(?:{ABBREV}|{CAP_SYL}))")
# A comma list of a body's fields, closed by "và": "Văn hóa, Thể thao và Du lịch", "Khoa học, Công nghệ
# và Môi trường", "Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng".
_FIELD = rf"{CAP_SYL}(?:[ \t]+[\wđ]+)?"
_DOMAIN_LIST = re.compile(rf"(?:,[ \t]*{_FIELD})+[ \t]+và[ \t]+{_FIELD}")
_FIELD_RX = re.compile(rf"({CAP_SYL})(?:[ \t]+([\wđ]+))?")
_LOWER_PHRASE = re.compile(rf"[ \t]+({alternation(p for p in ORG_LOWER_PHRASES if p)})(?![\wĐđ])")
# ontology/lexicon/name-stop-compounds.tsv: "ban hành", "hội thảo"
_STOP_COMPOUNDS = {w for w, _ in lexicon_rows("name-stop-compounds.tsv")}
_SENTENCE_OPENERS = {w for w, _ in lexicon_rows("sentence-openers.tsv")}
# "của UBND tỉnh và Thông tư liên tịch số 05/...": "và" before a numbered document joins two citations.
# ("Phòng Tài chính - Kế hoạch" stays one name: no number follows the type word there.)
_DOCUMENT_AHEAD = re.compile(rf"(?:{alternation(w for w, _, _ in lexicon_rows('document-types.tsv', 3))})"
                             r"[ \t]+(?:[Ss]ố(?![\wĐđ])|\d)")
_SECOND = re.compile(r"[ \t]+([\wđ]+)(?![\wĐđ])")
_KHOA = re.compile(r"\s*,?\s*\(?\s*[Kk]hóa\s+([IVXL]+|\d+)\s*\)?")
_HEAD_RX = re.compile(rf"(?<![\wĐđ])({_HEAD})(?![\wĐđ])")
# "Bộ Kế hoạch và Đầu tư", "Hội đồng Thi đua - Khen thưởng": joined halves of one name. (A dash
# before a title or a name separates two positions instead; see extend_org.)
_JOIN = re.compile(rf"[ \t]*(?:[ \t](?:và|&)|&|[ \t][-–])(?=[ \t]*{CAP_SYL})")
# "Bộ trưởng Bộ Quốc phòng và Ủy viên Bộ Chính trị": "và" before a title or a rank joins two positions,
# not two halves of one organization's name.
_TITLE_AHEAD = re.compile(rf"\s*(?:{alternation(TITLES + ['Đại tá', 'Thượng tá', 'Trung tá', 'Thiếu tá', 'Đại tướng', 'Thượng tướng', 'Trung tướng', 'Thiếu tướng', 'đồng chí', 'ông', 'bà', 'nguyên'])})(?![\wĐđ])")
_ADMIN_WORDS = {"huyện", "quận", "xã", "phường", "tỉnh", "thị", "trấn", "phố", "Huyện", "Quận", "Xã", "Phường"}
_NAMED_BODY_BEFORE = re.compile(r"(?:Công ty|công ty|TNHH|Cổ phần|cổ phần|Tập đoàn|Xí nghiệp|Trung tâm|Trường|"
                                r"Bệnh viện|Báo|Tạp chí|Đài|Quỹ|Khách sạn|Nhà máy|Nhà xuất bản|Hợp tác xã|"
                                r"THPT|THCS|PTTH|Tiểu học|Mầm non)$")  # "Trường THPT Yên Hòa"
_CITY_WORDS = {"TP", "TP.", "phố", "Tp", "Tp."}  # "TP Hồ Chí Minh", "thành phố Hồ Chí Minh"
_NAME_RUN = re.compile(rf"{CAP_SYL}(?:[ \t]+{CAP_SYL}){{1,3}}(?![ \t]*{CAP_SYL})")


# A bare generic head ("Ban", "Bộ", "Hội") names nothing on its own.
GENERIC_HEADS = {"Ban", "Bộ", "Sở", "Hội", "Vụ", "Viện", "Đoàn", "Cục", "Trường", "Báo", "Đài", "Khối",
                 "Thường trực", "Thường vụ", "Trung ương", "TW", "Văn phòng", "Ủy ban", "Liên đoàn", "Công an",
                 "Thanh tra", "Ngân hàng", "Trung tâm", "Công ty", "Đảng bộ", "Chi bộ", "Đại học", "Sở Đoàn",
                 "Hội đồng", "Tổng cục", "Chi cục", "Học viện", "Tập đoàn", "Liên hiệp", "Hiệp hội"}


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    name: str


def extend_org(text: str, pos: int, *, max_tokens: int = 16, stop_after_country: bool = False) -> int:
    """End offset of the organization phrase whose head ends at `pos`: capitalised syllables,
    abbreviations and known lower-case phrases, joined by "và"/"&" before a capital, optionally
    closed by "khóa X"; it stops before a personal name so that "Bí thư Tỉnh ủy Nguyễn Văn A"
    leaves the name alone. With `stop_after_country`, a foreign country closes the name ("Bộ Ngoại
    giao Trung Quốc Hoa Xuân Oánh"); the officials' rules read the name after it themselves."""
    end = pos
    lower_words = bool(_UNIT_BEFORE.search(text, max(0, pos - 24), pos))
    for _ in range(max_tokens):
        if lower_words and (lm := _LOWER_FIELD_WORD.match(text, end)) and not _begins_other_word(text, lm):
            end = lm.end()  # "Trưởng đoàn kiểm tra", "Phòng kinh tế hạ tầng": a unit written in lower case
            continue
        part = _next_part(text, pos, end, stop_after_country)
        if part is None:
            break
        end, more = part
        if not more:
            break
        # "Ban Chỉ đạo cải cách hành chính": still only a unit's head, so its field words may follow
        lower_words = bool(_UNIT_BEFORE.search(text, max(0, end - 24), end))
    km = _KHOA.match(text, end)
    end = km.end() if km else end
    return _parent_after_of(text, pos, end, stop_after_country)


# ontology/lexicon/subordinate-bodies.tsv: "Ủy ban Kinh tế của Quốc hội".
_SUBORDINATE_ROWS = lexicon_rows("subordinate-bodies.tsv")
# (matched as written: "Phòng" opens a unit's name, the "phòng" of "Bộ Quốc phòng" does not)
_UNIT_HEAD = "(?:" + "|".join(re.escape(w) for w, kind in sorted(_SUBORDINATE_ROWS, key=lambda r: -len(r[0]))
                              if kind.startswith("unit")) + ")"
_LOWER_WORDS = sorted((w for w in NAME_COMPOUNDS if w.islower()), key=len, reverse=True)
# A unit's head as a name opens ("Ban", "Ban Chỉ đạo"), or lower-case at the end of a title ("Trưởng
# phòng", "Phó trưởng ban"); never the last syllable of another word ("Bộ Quốc phòng").
_UNIT_BEFORE = re.compile(rf"(?:(?<![\wĐđ]){_UNIT_HEAD}|(?<![\wĐđ])(?:[Tt]rưởng|[Pp]hó)[ \t]+(?:phòng|ban(?:[ \t]+Chỉ[ \t]+đạo)?|đoàn))$")
_UNIT_AFTER = re.compile(rf"[ \t]*{_UNIT_HEAD}(?![\wĐđ])")
_OF_PARENT = re.compile(rf"[ \t]+của[ \t]+(?P<head>{alternation(w for w, kind in _SUBORDINATE_ROWS if kind.startswith('parent'))})"
                        r"(?![\wĐđ])")


# The lower-case words of a unit's field, each a word of names ("kiểm tra", "kinh tế", "hạ tầng"), joined
# by "và" ("huấn luyện và bồi dưỡng nghiệp vụ"): read only right after a unit's head, where nothing
# else has named the unit yet, so that "Ban Thường vụ Tỉnh ủy tổ chức" keeps its verb out.
# (the shared-prefix alternation is case-flexible, so the look-ahead keeps it to lower-case words)
_LOWER_FIELD_WORD = re.compile(rf"[ \t]+(?:và[ \t]+)?(?={L})({alternation(_LOWER_WORDS)})(?![\wĐđ])")


def _parent_after_of(text: str, pos: int, end: int, stop_after_country: bool) -> int:
    """A unit's name ("Ủy ban Kinh tế", "Đoàn kiểm tra", the head ending at `pos` or opening the name
    after a title there) runs on over "của" and the body it belongs to ("của Quốc hội")."""
    if end == pos:
        return end
    m = _OF_PARENT.match(text, end)
    if not m or not (_UNIT_BEFORE.search(text, max(0, pos - 24), pos) or _UNIT_AFTER.match(text, pos)):
        return end
    head_end = m.end("head")
    if m.group("head") in GENERIC_HEADS:  # "của Sở Tài chính": a bare "Sở" or "Bộ" names no parent
        parent_end = extend_org(text, head_end, stop_after_country=stop_after_country)
        return parent_end if parent_end > head_end else end
    return extend_org(text, head_end, stop_after_country=stop_after_country)


def _next_part(text: str, pos: int, end: int, stop_after_country: bool) -> tuple[int, bool] | None:
    """The end of the name's next part after `end`, and whether the name may go on after it; None when
    nothing more belongs to it."""
    m = _CAP_TOKEN.match(text, end)
    if m:
        return _capital_part(text, pos, end, m, stop_after_country)
    m = _BRACKETED_ABBREV.match(text, end)  # "Ban Tuyên giáo (BTG) Huyện ủy"
    if m:
        return m.end(), True
    m = _DOMAIN_LIST.match(text, end)  # "Bộ Văn hóa, Thể thao và Du lịch"
    if m and _domain_list_ok(m.group(0)):
        return m.end(), True
    m = _LOWER_PHRASE.match(text, end)
    if m and not _begins_other_word(text, m):
        return m.end(), True
    return _joined_part(text, pos, end)


def _begins_other_word(text: str, m: re.Match) -> bool:
    """Whether the lower-case phrase `m` opens a verb or a noun with the next syllable ("ban hành")."""
    nxt = _SECOND.match(text, m.end())
    return nxt is not None and f"{m.group(1).split()[-1]} {nxt.group(1)}" in _STOP_COMPOUNDS


def _capital_part(text: str, pos: int, end: int, m: re.Match, stop_after_country: bool) -> tuple[int, bool] | None:
    """A capitalised syllable, abbreviation or number, with the lower-case half of its compound word."""
    # After "Công ty", "Trung tâm", "Báo" ... the capitals are the body's own name
    # ("Công ty Phương Nam Phim"), even when they read like a person's.
    if looks_like_name_at(text, m.start(1)) and not _NAMED_BODY_BEFORE.search(text, max(0, end - 24), end):
        return None
    end = m.end()
    # An abbreviation ("UBND") opens no compound, but a one-letter syllable does ("Bộ Y tế").
    token = m.group(1)
    second = _SECOND.match(text, end) if not (token.isupper() and len(token) > 1) else None
    if second and f"{token.lower()} {second.group(1)}" in _SENTENCE_OPENERS:
        return None  # "... Việt Nam Cụ thể, ông ...": the next sentence, run on
    if second and f"{token.lower()} {second.group(1)}" in NAME_COMPOUNDS:
        end = second.end()
    elif second and (third := _SECOND.match(text, second.end())) \
            and f"{token.lower()} {second.group(1)} {third.group(1)}" in NAME_COMPOUNDS:
        end = third.end()  # "Hiệp hội Bất động sản"
    if stop_after_country and _ends_country(text, pos, end) and _person_ahead(text, end):
        return end, False  # "Bộ Ngoại giao Trung Quốc Hoa Xuân Oánh": the name is the spokesman's
    return end, True


def _joined_part(text: str, pos: int, end: int) -> tuple[int, bool] | None:
    """ "Bộ Kế hoạch và Đầu tư": "và" or "&" joining two halves of one name. A bare head ("Bộ và Hà Nội")
    joins nothing, and "và" before another organization's head ("... Quân ủy Trung ương và Thường vụ
    Thành ủy") or a title joins two names."""
    m = _JOIN.match(text, end) if end > pos else None
    if not m or _TITLE_AHEAD.match(text, m.end()) or _HEAD_RX.match(text, _skip_blank(text, m.end())) \
            or _DOCUMENT_AHEAD.match(text, _skip_blank(text, m.end())):
        return None
    nxt = _CAP_TOKEN.match(text, m.end()) or _CAP_TOKEN.match(text, m.end() - 1)
    if nxt and not looks_like_name_at(text, nxt.start(1)):
        return m.end(), True
    return None


def _domain_list_ok(listed: str) -> bool:
    """Each item is a field's word ("Thể thao", "Nhi đồng"), not a place or a person."""
    items = re.split(r",|[ \t]và[ \t]", listed)
    for item in (i.strip() for i in items if i.strip()):
        m = _FIELD_RX.fullmatch(item)
        if not m:
            return False
        first, second = m.group(1), m.group(2)
        if second is None or f"{first.lower()} {second}" not in NAME_COMPOUNDS:
            return False
    return True


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(n for n, _ in lexicon_rows("countries.tsv")) | PROVINCE_SET


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return _country_names() | frozenset(n for n, _ in lexicon_rows("places.tsv"))


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(w for n in _place_names() if " " in n for w in n.split())


_HEAD_OR_ABBREV_AHEAD = re.compile(rf"[ \t]+(?:{ABBREV}(?![\wĐđ])|\(|và|tại)")


def _person_ahead(text: str, end: int) -> bool:
    """A run of two to four capitalised syllables right after a country, which does not continue a
    place's name ("Lào Cai"): the foreign person the body's name is followed by."""
    m = re.match(r"[ \t]+", text[end:end + 3])
    if not m:
        return False
    run = _NAME_RUN.match(text, end + m.end())
    if not run:
        return False
    last = text[max(0, end - 20):end].split()[-1:]
    return not (last and f"{last[0]} {run.group(0).split()[0]}" in _place_names())


def _ends_country(text: str, start: int, end: int) -> bool:
    """Whether the organization phrase ending at `end` closes with a foreign country's name."""
    tail = text[max(start, end - 30):end].split()
    for n in (3, 2, 1):
        if len(tail) >= n and " ".join(tail[-n:]) in _country_names() and " ".join(tail[-n:]) != "Việt Nam":
            return True
    return False


def inside_place_name(text: str, start: int) -> bool:
    """Whether a head at `start` is part of a country's or place's name: "Ban" in "Tây Ban Nha",
    "Trường" in "Trường Sa"."""
    head = text[start:start + 12].split()[:1]
    if not head or head[0].strip(",.;:()") not in _place_words():
        return False  # most heads ("Tỉnh ủy", "UBND") are in no place's name
    before = text[max(0, start - 12):start].split()
    after = text[start:start + 24].split()
    for b in (0, 1, 2):
        for a in (1, 2, 3):
            if b and len(before) < b or len(after) < a or b + a < 2:
                continue
            words = (before[-b:] if b else []) + after[:a]
            # punctuation separates ("Việt Nam, Bộ Thương mại" holds no "Nam Bộ")
            if any(w != w.strip(",.;:()") for w in words[:-1]):
                continue
            if " ".join(words).strip(",.;:()") in _place_names():
                return True
    return False


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def looks_like_name_at(text: str, pos: int) -> bool:
    """A surname followed by one to three more capitalised syllables and then no capital, not
    preceded by a word that makes it a place ("TP Hồ Chí Minh")."""
    m = _NAME_RUN.match(text, pos)
    if not m:
        return False
    words = m.group(0).split()
    if words[0] not in SURNAMES:
        return False
    # "Đoàn Thanh niên": the last capital opens a compound word ("thanh niên") of a body's name.
    nxt = re.match(r"[ \t]+([\wđ]+)", text[m.end():])
    if nxt and nxt.group(1).islower() and f"{words[-1].lower()} {nxt.group(1)}" in NAME_COMPOUNDS:
        return False
    name = " ".join(words)
    return not _place_context(text[max(0, pos - 16):pos].split(), words) \
        and name not in PROVINCE_SET and name not in _place_names()


def _place_context(before: list[str], words: list[str]) -> bool:
    """Whether the words before a run of capitals make it a place: "TP Hồ Chí Minh"; "huyện Triệu Phong"
    (two capitalised syllables after an administrative word name a place, people's names after one,
    "quận Nguyễn Song Hào", have three or more); "Sơn La Hoàng Văn Chất", "Bồ Đào Nha" (the first
    syllable closes a place's name)."""
    if not before:
        return False
    if before[-1] in _CITY_WORDS or (before[-1] in _ADMIN_WORDS and len(words) == 2):
        return True
    if f"{before[-1]} {words[0]}" in PROVINCE_SET:
        return True
    return len(before) >= 2 and f"{before[-2]} {before[-1]} {words[0]}" in PROVINCE_SET


def org_at(text: str, start: int) -> OrgMention | None:
    """The organization phrase starting exactly at `start`, if one does."""
    m = _HEAD_RX.match(text, start)
    if not m or inside_place_name(text, start):
        return None
    end = extend_org(text, m.end(), stop_after_country=True)
    return OrgMention(start, end, normalise_org_name(text[start:end]))


# "12/KH-UBND", "05-CT/TW": an issuer's abbreviation inside a document's code names no body here.
_IN_CODE = re.compile(r"[\w][-/]$")


def find_organizations(text: str) -> list[OrgMention]:
    out: list[OrgMention] = []
    last_end = -1
    for start in capital_starts(text):
        if start < last_end:
            continue
        m = _HEAD_RX.match(text, start)
        if not m or inside_place_name(text, start) or _IN_CODE.search(text, max(0, start - 2), start):
            continue
        end = extend_org(text, m.end(), stop_after_country=True)
        name = normalise_org_name(text[m.start():end])
        if name in GENERIC_HEADS:
            continue
        out.append(OrgMention(m.start(), end, name))
        last_end = end
    return out


def normalise_org_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:-–(")
    name = re.sub(r"\s*\(\s*(khóa\s+[IVXL\d]+)\s*\)", r" \1", name)
    return name.rstrip(")").strip() if name.count("(") < name.count(")") else name
