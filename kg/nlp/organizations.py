"""Organization names: Party committees, state bodies, mass organisations and units.

An organization phrase starts with a head ("Ban Thường vụ", "Tỉnh ủy", "UBND", "Bộ", "Sở" ...) and
runs over capitalised syllables, abbreviations and the lower-case words that belong inside such names
("Hội đồng nhân dân tỉnh", "Đảng ủy khối các cơ quan tỉnh", "Bộ Nông nghiệp và Phát triển nông
thôn"), stopping at a verb, a function word or punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.lexicon import ABBREV, CAP_SYL, capital_starts, NAME_COMPOUNDS, ORG_LOWER_PHRASES, PROVINCES, SURNAMES, TITLES, alternation

PROVINCE_SET = set(PROVINCES) | {"Bồ Đào Nha", "Tây Ban Nha", "Hà Lan", "Thụy Điển", "Thổ Nhĩ Kỳ", "Ấn Độ", "Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Trung Quốc", "Triều Tiên", "Nam Phi", "Ai Cập", "Na Uy", "Ba Lan", "Mông Cổ"}

ORG_HEADS = [
    "Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương", "Ban Chấp hành", "BCH Trung ương", "BCH TW",
    "BCH", "Bộ Chính trị", "Ban Bí thư", "Ban Thường vụ", "BTV", "Thường trực", "Thường vụ", "Tỉnh ủy", "Thành ủy",
    "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Đảng đoàn", "Ban cán sự", "Đảng bộ", "Chi bộ", "Ủy ban nhân dân",
    "UBND", "Hội đồng nhân dân", "HĐND", "Ủy ban Kiểm tra", "UBKT", "Ủy ban Mặt trận Tổ quốc", "Mặt trận Tổ quốc",
    "MTTQ", "Ủy ban MTTQ", "Ủy ban", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Chính phủ", "Văn phòng",
    "Bộ Chỉ huy", "Bộ Tư lệnh", "Bộ đội Biên phòng", "Bộ", "Sở", "Ban", "Tổng cục", "Cục", "Vụ", "Viện",
    "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Hội", "Liên đoàn Lao động", "Liên đoàn",
    "Đoàn Thanh niên", "Tỉnh đoàn", "Thành đoàn", "Trung ương Đoàn", "Đoàn đại biểu Quốc hội", "Đoàn ĐBQH",
    "Đoàn", "Công an", "Tòa án nhân dân", "TAND", "Viện Kiểm sát nhân dân", "VKSND", "Kho bạc", "Ngân hàng",
    "Trường", "Học viện", "Đại học", "Trung tâm", "Chi cục", "Quân khu", "Quân ủy Trung ương", "Quân ủy",
    "Bộ Quốc phòng", "Thủ tướng Chính phủ", "Chủ tịch nước", "Kiểm toán Nhà nước", "Thanh tra", "Công ty", "Tập đoàn", "Tổng công ty", "Báo",
    "Đài Phát thanh", "Đài", "Hiệp hội", "Liên hiệp", "Khối", "Đảng ủy Khối", "Trung ương", "TW",
    "LĐLĐ", "UBMTTQ", "CĐ", "Công đoàn", "Tổng Liên đoàn", "Quân ủy", "Bộ Tư lệnh", "Đại sứ quán", "Tổng lãnh sự quán",
]
_HEAD = alternation(ORG_HEADS)
# Organization names never run across a line break (a title line ends where the body starts).
_CAP_TOKEN = re.compile(rf"[ \t]+({ABBREV}|{CAP_SYL}(?:\s?-\s?{CAP_SYL})?|\d+)(?![\wĐđ])")  # "Thừa Thiên-Huế"
_LOWER_PHRASE = re.compile(rf"[ \t]+({alternation(p for p in ORG_LOWER_PHRASES if p)})(?![\wĐđ])")
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
                                r"Bệnh viện|Báo|Tạp chí|Đài|Quỹ|Khách sạn|Nhà máy|Nhà xuất bản|Hợp tác xã)$")
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


def extend_org(text: str, pos: int, *, max_tokens: int = 16) -> int:
    """End offset of the organization phrase whose head ends at `pos`: capitalised syllables,
    abbreviations and known lower-case phrases, joined by "và"/"&" before a capital, optionally
    closed by "khóa X"; it stops before a personal name so that "Bí thư Tỉnh ủy Nguyễn Văn A"
    leaves the name alone."""
    end = pos
    for _ in range(max_tokens):
        m = _CAP_TOKEN.match(text, end)
        if m:
            # After "Công ty", "Trung tâm", "Báo" ... the capitals are the body's own name
            # ("Công ty Phương Nam Phim"), even when they read like a person's.
            if looks_like_name_at(text, m.start(1)) and not _NAMED_BODY_BEFORE.search(text, max(0, end - 24), end):
                break
            end = m.end()
            second = _SECOND.match(text, end) if not m.group(1).isupper() else None
            if second and f"{m.group(1).lower()} {second.group(1)}" in NAME_COMPOUNDS:
                end = second.end()
            continue
        m = _LOWER_PHRASE.match(text, end)
        if m:
            end = m.end()
            continue
        m = _JOIN.match(text, end) if end > pos else None  # a bare head ("Bộ và Hà Nội") joins nothing
        # "và" before another organization's head ("... Quân ủy Trung ương và Thường vụ Thành ủy") or a
        # title joins two names, not two halves of one.
        if m and not _TITLE_AHEAD.match(text, m.end()) and not _HEAD_RX.match(text, _skip_blank(text, m.end())):
            nxt = _CAP_TOKEN.match(text, m.end()) or _CAP_TOKEN.match(text, m.end() - 1)
            if nxt and not looks_like_name_at(text, nxt.start(1)):
                end = m.end()
                continue
        break
    km = _KHOA.match(text, end)
    if km:
        end = km.end()
    return end


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
    first = m.group(0).split()[0]
    if first not in SURNAMES:
        return False
    before = text[max(0, pos - 16):pos].split()
    if before and before[-1] in _CITY_WORDS:
        return False
    words = m.group(0).split()
    # "Đoàn Thanh niên": the last capital opens a compound word ("thanh niên") of a body's name.
    nxt = re.match(r"[ \t]+([\wđ]+)", text[m.end():])
    if nxt and nxt.group(1).islower() and f"{words[-1].lower()} {nxt.group(1)}" in NAME_COMPOUNDS:
        return False
    # "huyện Triệu Phong", "xã Thạch Thành": two capitalised syllables after an administrative
    # word name a place; people's names after one ("quận Nguyễn Song Hào") have three or more.
    if before and before[-1] in _ADMIN_WORDS and len(words) == 2:
        return False
    # "Sơn La Hoàng Văn Chất", "Bồ Đào Nha": the first syllable closes a place's name.
    if before and f"{before[-1]} {first}" in PROVINCE_SET:
        return False
    if len(before) >= 2 and f"{before[-2]} {before[-1]} {first}" in PROVINCE_SET:
        return False
    name = " ".join(words)
    return name not in PROVINCE_SET


def org_at(text: str, start: int) -> OrgMention | None:
    """The organization phrase starting exactly at `start`, if one does."""
    m = _HEAD_RX.match(text, start)
    if not m:
        return None
    end = extend_org(text, m.end())
    return OrgMention(start, end, normalise_org_name(text[start:end]))


def find_organizations(text: str) -> list[OrgMention]:
    out: list[OrgMention] = []
    last_end = -1
    for start in capital_starts(text):
        if start < last_end:
            continue
        m = _HEAD_RX.match(text, start)
        if not m:
            continue
        end = extend_org(text, m.end())
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
