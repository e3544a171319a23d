"""Canonical keys for entity resolution: which mentions across bulletins are one node.

- Organizations: the name with its abbreviations expanded (ontology/aliases.tsv), "khóa X" dropped
  (a committee is one body across terms), compared case-insensitively; national bodies are one node
  nationwide, a local body ("Tỉnh ủy", "HĐND tỉnh") belongs to the province the name states, else to
  the bulletin's province, else to its source.
- Officials: the full name within a scope: nationwide for holders of national posts (Thủ tướng,
  Bộ trưởng, Ủy viên Bộ Chính trị ...), the province a post names, else the bulletin's province or
  source. Two people of one name in two provinces stay two nodes.
- Documents: type, number and code; a central code (NQ/TW, QĐ-TTg, NĐ-CP) is one node nationwide,
  a local one (KH/TU) is scoped to the issuing province; a Party document cited by number alone with
  its central issuer ("Chỉ thị 05 của Bộ Chính trị") takes its central code ("05-CT/TW").

Pure functions over strings: no RDF, no store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.nlp.lexicon import PROVINCES, lexicon_rows
from kg.rdf.iri import CENTRAL_ORGS, slug

CENTRAL_ROLES = {
    "tổng bí thư", "chủ tịch nước", "phó chủ tịch nước", "thủ tướng", "thủ tướng chính phủ", "phó thủ tướng",
    "phó thủ tướng thường trực", "chủ tịch quốc hội", "phó chủ tịch quốc hội", "bộ trưởng", "thứ trưởng",
    "thứ trưởng thường trực", "ủy viên bộ chính trị", "ủy viên trung ương đảng", "bí thư trung ương đảng",
    "ủy viên ban chấp hành trung ương đảng", "ủy viên ban chấp hành trung ương", "uvtw", "tổng kiểm toán nhà nước",
    "tổng thanh tra chính phủ", "thống đốc", "chánh án", "viện trưởng",
}
_CENTRAL_ORG_START = re.compile(
    r"^(?:bộ|tổng cục|cục|vụ|học viện|ngân hàng nhà nước|thông tấn xã|đài truyền hình việt nam|"
    r"đài tiếng nói việt nam|báo nhân dân|văn phòng chính phủ|văn phòng quốc hội|văn phòng trung ương|"
    r"ban [^ ]+(?: [^ ]+)? trung ương|ủy ban [^ ]+(?: [^ ]+)* của quốc hội|ủy ban kiểm tra trung ương|"
    r"tòa án nhân dân tối cao|viện kiểm sát nhân dân tối cao|trung ương)\b"
)
_LOCAL_MARKER = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|khu vực|cấp cao)\b")
_KHOA = re.compile(r"\s*\(?\s*khóa\s+[ivxl\d]+\s*\)?", re.IGNORECASE)
_PARTY_CODES = {"resolution": "NQ/TW", "directive": "CT/TW", "conclusion": "KL/TW", "regulation": "QĐ/TW",
                "notice": "TB/TW", "guideline": "HD/TW"}
_PARTY_CENTRAL_ISSUERS = {"bộ chính trị", "ban bí thư", "ban chấp hành trung ương đảng"}


@dataclass(frozen=True)
class Aliases:
    words: dict[str, str]
    names: dict[str, str]


@lru_cache(maxsize=1)
def load_aliases() -> Aliases:
    words: dict[str, str] = {}
    names: dict[str, str] = {}
    text = resources.files("kg.ontology").joinpath("aliases.tsv").read_text(encoding="utf-8")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(f"ontology/aliases.tsv:{lineno}: expected 'alias<TAB>expansion', got {line!r}")
        alias, expansion = parts[0].strip(), parts[1].strip()
        if alias.startswith("="):
            names[_fold(alias[1:])] = expansion
        else:
            words[alias] = expansion
    return Aliases(words, names)


_OLD_TONES = re.compile(r"(oà|oá|oả|oã|oạ|uỷ|uý)(?!\w)")
_NEW_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỷ": "ủy", "uý": "úy"}


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """NFC, new-style tone placement ("hoà" -> "hòa"), case-folded, single spaces."""
    text = _OLD_TONES.sub(lambda m: _NEW_TONES[m.group(1)], unicodedata.normalize("NFC", text))
    return " ".join(text.casefold().split())


@lru_cache(maxsize=65536)
def canonical_org_name(name: str) -> str:
    """ "UBND tỉnh Lào Cai" -> "Ủy ban nhân dân tỉnh Lào Cai"; "BCH TW khóa X" -> "Ban Chấp hành Trung ương Đảng"."""
    aliases = load_aliases()
    words = []
    for w in unicodedata.normalize("NFC", name).replace("–", "-").split():
        words.append(aliases.words.get(w, w))
    expanded = " ".join(" ".join(words).split())
    expanded = _KHOA.sub("", expanded).strip(" ,")
    whole = aliases.names.get(_fold(expanded))
    return whole or expanded


def org_key(name: str) -> str:
    return _fold(canonical_org_name(name))


@lru_cache(maxsize=1)
def _province_pattern() -> tuple[re.Pattern, dict[str, str]]:
    by_fold: dict[str, str] = {}
    for p in PROVINCES:
        by_fold.setdefault(_fold(p), p)
    alternatives = sorted(by_fold, key=len, reverse=True)  # the longest name wins ("Thừa Thiên Huế")
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)"), by_fold


@lru_cache(maxsize=65536)
def province_in(text: str) -> str | None:
    """The province a name states ("UBND tỉnh Lào Cai" -> "Lào Cai"), if any."""
    pattern, by_fold = _province_pattern()
    found = [by_fold[m.group(1)] for m in pattern.finditer(_fold(text))]
    if not found:
        return None
    best = max(found, key=len)
    if best in {"TP.HCM", "TPHCM", "TP Hồ Chí Minh"}:
        best = "Hồ Chí Minh"
    return best


def scope_of(province: str | None, source: str | None, bulletin_id: str) -> str:
    if province:
        return "p-" + slug(_canonical_province(province), hashed=False)
    if source:
        return "s-" + slug(source, hashed=False)
    return "b-" + slug(bulletin_id)


def _canonical_province(p: str) -> str:
    p = canonical_org_name(p)
    p = re.sub(r"^(?:tỉnh|thành phố)\s+", "", p, flags=re.IGNORECASE)
    return {"Hoà Bình": "Hòa Bình", "Thanh Hoá": "Thanh Hóa", "Khánh Hoà": "Khánh Hòa", "Đắc Lắc": "Đắk Lắk",
            "Thừa Thiên - Huế": "Thừa Thiên Huế", "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu"}.get(p, p)


# A body named as the country's or the Government's, National Assembly's or Centre's own: "Thanh tra
# Chính phủ", "Văn phòng Quốc hội", "Đoàn Thể thao Việt Nam".
_NATIONAL_END = re.compile(r"\s(?:chính phủ|quốc hội|việt nam)$")


@lru_cache(maxsize=65536)
def is_national_org(name: str) -> bool:
    key = org_key(name)
    if _NATIONAL_END.search(key) and not _LOCAL_MARKER.search(key) and not province_in(key):
        return True
    if key in CENTRAL_ORGS or key in {_fold(v) for v in load_aliases().names.values()}:
        return not _LOCAL_MARKER.search(key) or key.endswith("trung ương")
    if _LOCAL_MARKER.search(key) or province_in(key):
        return False
    return bool(_CENTRAL_ORG_START.match(key))


def org_display_name(name: str, province: str | None) -> str:
    """The preferred label: canonical, with the province a local body belongs to ("Tỉnh ủy Lào Cai")."""
    canonical = canonical_org_name(name)
    if is_national_org(name):
        return canonical
    stated = province_in(canonical)
    where = _canonical_province(stated) if stated else (_canonical_province(province) if province else None)
    if stated:
        canonical = " ".join(re.sub(rf"(?<!\w){re.escape(stated)}(?!\w)", " ", canonical).split())
    return f"{canonical} {where}" if where else canonical


@lru_cache(maxsize=65536)
def org_identity(name: str, default_scope: str) -> tuple[str, str]:
    """(key, scope) of an organization: "UBND tỉnh Lào Cai" in any bulletin and "UBND tỉnh" in a
    bulletin from Lào Cai are one node, keyed "ủy ban nhân dân tỉnh" within scope "p-lao-cai"."""
    international = international_name(name)
    if international:
        return _fold(international), "int"
    scope = org_scope(name, default_scope)
    key = org_key(name)
    stated = province_in(canonical_org_name(name))
    if stated and scope != "vn":
        key = " ".join(re.sub(rf"(?<!\w){re.escape(_fold(stated))}(?!\w)", " ", key).split())
        if key in {"tỉnh", "thành phố", ""}:  # the province itself, named as a body
            key = _fold(canonical_org_name(name))
    return normalise_org_key(key, scope), scope


_KEY_PUNCTUATION = re.compile(r"\s*[,&–-]\s*|\s+và\s+")
_LEVEL_WORDS = re.compile(r"\s+(?:tỉnh|thành phố)$")


def normalise_org_key(key: str, scope: str) -> str:
    """Forms of one body's name that differ only in how they are written are one key: "và", commas
    and dashes between its words ("Bộ Giáo dục - Đào tạo", "Bộ Giáo dục và Đào tạo"), a whole-name
    alias left after the province is taken out ("Ban Chấp hành Đảng bộ tỉnh" is the "Tỉnh ủy"),
    "Việt Nam" after a national body's name, and the level word after a provincial department
    ("Sở Tài chính tỉnh" is the "Sở Tài chính" of its province)."""
    whole = load_aliases().names.get(key)
    if whole:
        key = _fold(whole)
    key = _local_synonyms().get(key, key)
    key = " ".join(_KEY_PUNCTUATION.sub(" ", key).split())
    if scope == "vn" and key.endswith(" việt nam") and len(key.split()) > 3:
        key = key[: -len(" việt nam")]
    if scope.startswith("p-") and len(key.split()) > 2:
        # Within its province, "UBND tỉnh", "UBND" and "UBND tỉnh Lào Cai" are one body; so are
        # "UBND thành phố" and "UBND" in a centrally-run city. A provincial city's own body
        # ("UBND thành phố Yên Bái") keeps its level word.
        level = "thành phố" if scope in _CITY_PROVINCES else "tỉnh"
        if key.endswith(" " + level):
            key = key[: -len(level) - 1]
    return key


_CITY_PROVINCES = {"p-ha-noi", "p-ho-chi-minh", "p-da-nang", "p-hai-phong", "p-can-tho"}


@lru_cache(maxsize=1)
def _local_synonyms() -> dict[str, str]:
    return {_fold(form): _fold(same) for form, same in lexicon_rows("local-body-synonyms.tsv")}


@lru_cache(maxsize=1)
def _international() -> dict[str, str]:
    return {unicodedata.normalize("NFC", name): canonical for name, canonical in lexicon_rows("international-organizations.tsv")}


def international_name(name: str) -> str | None:
    """The canonical name of an international organization ("LHQ" -> "Liên Hợp Quốc"), if it is one."""
    return _international().get(" ".join(unicodedata.normalize("NFC", name).split()))


# A company, newspaper or magazine named by its own name is one body nationwide ("Báo Giao thông",
# "Công ty Becamex"); schools and hospitals are not, since many provinces have one of each name.
_NATIONWIDE_NAMED = re.compile(r"^(?:công ty|tập đoàn|tổng công ty|báo|tạp chí)\s+\S")


def org_scope(name: str, default_scope: str) -> str:
    if is_national_org(name):
        return "vn"
    stated = province_in(canonical_org_name(name))
    if stated:
        return "p-" + slug(_canonical_province(stated), hashed=False)
    key = org_key(name)
    if _NATIONWIDE_NAMED.match(key) and not _LOCAL_MARKER.search(key):
        return "vn"
    if len(name.split()) == 1 and not name.islower() and canonical_org_name(name) == name:
        # An acronym or a brand standing alone ("VFF", "VCCI", "Vietcombank") is one body nationwide;
        # the alias table expands the generic ones ("UBND") before this point.
        return "vn"
    return default_scope


def official_scope(positions: list[tuple[str, str | None]], default_scope: str) -> str:
    """`positions` holds (role, organization) pairs of one official in one bulletin."""
    for role, org in positions:
        if _fold(role) in CENTRAL_ROLES and (org is None or is_national_org(org) or not _LOCAL_MARKER.search(_fold(org))):
            return "vn"
        if org and is_national_org(org) and _fold(role) not in {"phó giám đốc", "giám đốc"}:
            return "vn"
    for _, org in positions:
        if org:
            stated = province_in(canonical_org_name(org))
            if stated:
                return "p-" + slug(_canonical_province(stated), hashed=False)
    return default_scope


def document_code(doc_type: str, number: str | None, code: str | None, issuer: str | None) -> str | None:
    """The code of a citation, inferred for central Party documents cited by number alone."""
    if code or not number:
        return code
    if issuer and org_key(issuer) in _PARTY_CENTRAL_ISSUERS and doc_type in _PARTY_CODES:
        return _PARTY_CODES[doc_type]
    return None
