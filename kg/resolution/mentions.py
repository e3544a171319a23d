"""Identity of one bulletin's mentions: which canonical entity each official, organization and
document it names is, before the store is consulted.

Pure: records in, `ResolvedBulletin` out (no RDF, no store), so it runs in the extraction workers.
The defaults follow the rule "one entity when the evidence is compatible":

- An official is one person nationwide per name (`person/<name>`). What this bulletin says of where
  the person works (a national post, a province, a foreign country) is kept as the mention's *home*;
  the store pass (`kg.resolution.store_pass`) splits namesakes whose homes conflict and joins
  spelling variants whose homes agree.
- An organization is its canonical name (abbreviations expanded, `ontology/aliases.tsv`, and the
  abbreviations the bulletin itself defines: "Ban Dân vận (BDV) Tỉnh ủy") within the country for a
  national body, else within the province its name states, else the bulletin's province (stated in
  the metadata, or the one province the bulletin's own bodies name), else the source, else the
  bulletin. Countries, provinces and other places are never organizations: such mentions are
  dropped and counted (`ResolvedBulletin.dropped`).
- A document with a number and a code is one node per (type, number, code) nationwide; its date
  and the province of its issuer are kept as evidence for the store pass, which splits documents
  whose dates conflict. A number without a code stays within the bulletin's scope. A document cited
  by name alone is one node per name, nationwide for national ones; another country's constitution
  or law is that country's document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kg.rdf.iri import mint_document_iri, mint_official_iri, mint_organization_iri, slug
from kg.rdf.resolve import (
    _canonical_province,
    canonical_org_name,
    document_code,
    international_name,
    is_national_org,
    official_scope,
    org_display_name,
    org_identity,
    province_in,
    scope_of,
)
from kg.records import DocumentCitation, Extraction
from kg.resolution.clusters import fold_name
from kg.resolution.places import country_code, country_in, is_place_name, names_the_president, provinces_named


@dataclass(frozen=True)
class ResolvedOrganization:
    iri: str
    label: str  # the preferred label


@dataclass(frozen=True)
class ResolvedDocument:
    iri: str
    number: str | None
    code: str | None
    scope: str | None  # the province (p-...) or country (c-..) its evidence places it in, if any


@dataclass
class ResolvedBulletin:
    """Canonical IRIs for one bulletin's mentions; what the RDF mapping writes."""

    scope: str  # where the bulletin's own local names are unique
    province: str | None  # stated in the metadata, or inferred from the bulletin's bodies
    organizations: dict[str, ResolvedOrganization | None] = field(default_factory=dict)  # None: dropped
    officials: dict[str, str] = field(default_factory=dict)  # name -> IRI
    homes: dict[str, str] = field(default_factory=dict)  # name -> "vn" | "p-..." | "c-.." (absent: unknown)
    blocking_keys: dict[str, str] = field(default_factory=dict)  # name -> the key the store pass blocks on
    documents: list[ResolvedDocument] = field(default_factory=list)  # parallel to Extraction.documents
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    def organization(self, name: str) -> ResolvedOrganization | None:
        return self.organizations.get(name)


def resolve_mentions(x: Extraction) -> ResolvedBulletin:
    """The IRI each of one bulletin's mentions is given, in passes: organizations (fragments and
    places dropped), officials with their homes, documents."""
    b = x.bulletin
    province = b.province or infer_province(x)
    out = ResolvedBulletin(scope=scope_of(province, b.source, b.id), province=province)
    _resolve_organizations(x, out)
    _resolve_officials(x, out)
    for d in x.documents:
        out.documents.append(_resolve_document(d, out.scope, province, b.text))
    _join_named_to_numbered(x.documents, out.documents, b.text)
    return out


def _resolve_organizations(x: Extraction, out: ResolvedBulletin) -> None:
    text = x.bulletin.text
    abbreviations = defined_abbreviations(text)
    spans = {o.name: [(e.start, e.end) for e in o.evidence] for o in x.organizations}
    for o in x.organizations:
        cut = fragment_reason(o.name, [(e.start, e.end) for e in o.evidence], text)
        if cut and o.name not in out.organizations:
            out.organizations[o.name] = None
            out.dropped.append((o.name, cut))
    for name in _organization_names(x):
        if name in out.organizations:
            continue
        cut = fragment_reason(name, [], text)
        if cut:
            out.organizations[name] = None
            out.dropped.append((name, cut))
        else:
            out.organizations[name] = _resolve_organization(name, out.scope, out.province, abbreviations, out, spans, text)


def _resolve_officials(x: Extraction, out: ResolvedBulletin) -> None:
    for official in x.officials:
        out.officials[official.name] = mint_official_iri(official.name)
        out.blocking_keys[official.name] = fold_name(official.name)
        home = official_home([(p.role, p.organization, p.label) for p in official.positions], out.province)
        if home:
            out.homes[official.name] = home
    for name in _fact_values(x, OFFICIAL):  # named only by a fact ("kỷ luật bà A"), with no post
        if name not in out.officials:
            out.officials[name] = mint_official_iri(name)
            out.blocking_keys[name] = fold_name(name)


# Only a parenthesis says "this is that one": a comma or a dash between two citations lists two documents.
_BETWEEN_NAME_AND_NUMBER = re.compile(r"^\s*\(\s*$")


def _join_named_to_numbered(documents: list[DocumentCitation], resolved: list[ResolvedDocument], text: str) -> None:
    """A document the bulletin names and numbers in one breath ("Nghị quyết Trung ương 4 khóa XII
    (Nghị quyết số 04-NQ/TW)") is one document: the named citation takes the numbered one's node,
    so that the node carries both, and the store pass can join other bulletins' named citations."""
    numbered = [(d, r) for d, r in zip(documents, resolved) if d.number and r.code]
    for i, (d, _) in enumerate(zip(documents, resolved)):
        if d.number or not d.name:
            continue
        for nd, nr in numbered:
            if nd.type != d.type:
                continue
            if any(_BETWEEN_NAME_AND_NUMBER.match(text[a.end:b.start]) or _BETWEEN_NAME_AND_NUMBER.match(text[b.end:a.start])
                   for a in d.evidence for b in nd.evidence if a.end <= b.start or b.end <= a.start):
                resolved[i] = ResolvedDocument(nr.iri, None, None, nr.scope)
                break


# -- the bulletin's province ---------------------------------------------------------------------

def infer_province(x: Extraction) -> str | None:
    """The province of a bulletin whose metadata does not say: the province its local bodies and
    posts name (each counting twice) and its text names most, when it is named at least twice and
    no other province is named half as often. A national bulletin that names many provinces, or
    none, gets none."""
    counts: Counter[str] = Counter()
    for name in _organization_names(x):
        stated = province_in(canonical_org_name(name))
        if stated == "Hồ Chí Minh" and names_the_president(name):
            continue  # "Đoàn TNCS Hồ Chí Minh", "Học viện Chính trị quốc gia Hồ Chí Minh": named after him
        if stated and not is_national_org(name):
            counts[_canonical_province(stated)] += 2
    for stated in provinces_named(x.bulletin.text):
        counts[_canonical_province(stated)] += 1
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [("", 0)]
    runner_up = rest[0][1]
    return best if runner_up * 2 <= n else None


def _organization_names(x: Extraction) -> list[str]:
    names = [o.name for o in x.organizations]
    names += [p.organization for o in x.officials for p in o.positions if p.organization]
    names += [n for e in x.events for n in e.organizers]
    names += [d.issuer for d in x.documents if d.issuer]
    names += [st.about for st in x.statistics if st.about]
    names += _fact_values(x, ORGANIZATION)
    return names


OFFICIAL = "https://w3id.org/bulletin-kg/ontology#Official"
ORGANIZATION = "https://w3id.org/bulletin-kg/ontology#Organization"


def _fact_values(x: Extraction, range_iri: str) -> list[str]:
    """The values of facts of other kinds (kg.nlp.facts) whose field names an entity of this class:
    the person a disciplinary measure is taken against, the body that took it."""
    from kg.kinds import registry

    out = []
    for fact in x.facts:
        kind = registry().fact(fact.kind)
        for name, value in fact.fields.items():
            f = kind.field(name) if kind else None
            if f is not None and f.range == range_iri:
                out.append(value)
    return out


# -- organizations -------------------------------------------------------------------------------

# "Ban Dân vận (BDV) Tỉnh ủy": a parenthesised abbreviation the text defines for the words before it.
_DEFINED = re.compile(r"\(([A-ZĐ][A-ZĐ&]{1,7})\)")
_WORDS_BEFORE = re.compile(r"(?:[\wđĐ]+\s+){1,8}$")
_PAREN_ABBR = re.compile(r"\s*\(([A-ZĐ][A-ZĐ&]{1,7})\)")


def _initial(word: str) -> str:
    from kg.nlp.lexicon import strip_accents

    return "D" if word[0] in "Đđ" else strip_accents(word[0]).upper()


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a bulletin defines ("Ban Dân vận (BDV)" -> {"BDV": "Ban Dân vận"}): the
    shortest run of words before the parenthesis, opening with a capital, whose syllables' initials
    spell the abbreviation."""
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        abbr = m.group(1)
        target = abbr.replace("Đ", "D").replace("&", "")
        before = _WORDS_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not before:
            continue
        words = before.group(0).split()
        k = len(target)
        if len(words) >= k and words[-k][0].isupper() and "".join(_initial(w) for w in words[-k:]) == target:
            found.setdefault(abbr, " ".join(words[-k:]))
    return found


def expand_defined(name: str, abbreviations: dict[str, str]) -> str:
    """Drop a defining parenthesis and expand the bulletin's own abbreviations in a name."""
    name = _PAREN_ABBR.sub("", name)
    if abbreviations:
        name = " ".join(abbreviations.get(w, w) for w in name.split())
    return name


_ADMIN_WORDS = {"tỉnh", "thành phố", "tp", "tp.", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "khu vực",
                "quốc gia", "nước", "đất nước", "địa phương", ""}
# "TP.Vinh", "huyện Bảo Thắng", "xã Thạch Tiến": an administrative unit named as such is a place.
_ADMIN_UNIT = re.compile(r"^(?:TP\.?|Tp\.?|[Tt]hành phố|[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn)\s*[A-ZĐ][\wđ]*(?:\s+[A-ZĐ][\wđ]*)*$")
_GENERIC = {"hội đồng quản trị", "hội đồng thành viên", "ban giám đốc", "ban giám hiệu", "ban tổ chức", "ban quản lý",
            # fields and kinds of body, left alone when an abbreviation is cut from its head ("Sở TN-MT")
            "tài nguyên và môi trường", "nông nghiệp và phát triển nông thôn", "kế hoạch và đầu tư",
            "văn hóa, thể thao và du lịch", "giáo dục và đào tạo", "thể dục thể thao", "an toàn giao thông",
            "hợp tác xã", "câu lạc bộ", "trung học phổ thông", "trung học cơ sở", "nhà xuất bản",
            "cảnh sát giao thông"}
_VIETNAMESE_SYLLABLE = re.compile(r"^[^\WfjwzFJWZ\d_]{1,7}$")


@lru_cache(maxsize=65536)
def not_a_body(name: str) -> str | None:
    """Why a name names no body at all: a place, an administrative word or a term ("tỉnh", "TP",
    "khóa XII"), a generic head ("Hội đồng quản trị"), or one ordinary word ("Ban", "Tổ"); acronyms
    ("VCCI", "TTXVN") and one-word brands ("Sacombank") are names."""
    bare = _strip_term(name).strip(" ,.;:")
    if not any(ch.isalpha() for ch in bare) or re.fullmatch(r"\(.*\)", bare):
        return "no name (digits, or an abbreviation in parentheses)"
    if is_place_name(bare) or _ADMIN_UNIT.match(bare):
        return "a place, not an organization"
    canonical = canonical_org_name(bare).casefold()
    if canonical in _ADMIN_WORDS or re.fullmatch(r"khóa\s+[ivxl\d]+", canonical):
        return "an administrative word or a term, not a body"
    if canonical in _GENERIC:
        return "a generic head, not a named body"
    words = bare.split()
    if _looks_like_a_person(words):
        return "a person's name, not a body"
    if len(words) == 1 and _one_ordinary_word(words[0]):
        return "one ordinary word, not a body's name"
    return None


def _one_ordinary_word(word: str) -> bool:
    """A single Vietnamese word that is no acronym ("VCCI", "TTXVN") and no known one-word name."""
    from kg.rdf.resolve import load_aliases

    known = word in load_aliases().words or international_name(word)
    acronym = word.replace("&", "").isupper() and (len(word) >= 3 or known)
    return not acronym and bool(_VIETNAMESE_SYLLABLE.match(word))


# "Hiến pháp Mỹ", "Hiến pháp của Nhật Bản", "Học viện Quân sự Ai Cập": a country right after a name.
_COUNTRY_AFTER = re.compile(r"^[ \t]*(?:hiện hành[ \t]+)?(?:của[ \t]+|nước[ \t]+)?(?P<name>(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wđ-]*[ \t]*){1,4})")


def country_after(text: str, end: int) -> str | None:
    """The foreign country the words right after `end` open with, if any. The country must open
    them: in "... Nguyễn Đức Chung" there is no "Đức" (Germany)."""
    m = _COUNTRY_AFTER.match(text[end:end + 40])
    if not m:
        return None
    words = m.group("name").split()
    for k in range(len(words), 0, -1):
        code = country_code(" ".join(words[:k]))
        if code and code != "VN":
            return code
    return None


def foreign_country_of(name: str, spans: list[tuple[int, int]], text: str) -> str | None:
    """The foreign country a body belongs to: named in it ("Bộ Ngoại giao Trung Quốc") or right after
    it in the text ("Học viện Quân sự Ai Cập", "Bộ Quốc phòng của Mỹ")."""
    code = country_in(name)
    if code:
        return code
    for _, end in spans:
        code = country_after(text, end)
        if code:
            return code
    return None


def _looks_like_a_person(words: list[str]) -> bool:
    """ "Đoàn Duy Khương": a surname that is also a head ("Đoàn") and two or three capitalised
    syllables, none of them a word of a body's name."""
    from kg.nlp.lexicon import NAME_COMPOUNDS, SURNAMES

    if not 3 <= len(words) <= 4 or words[0] not in SURNAMES:
        return False
    rest = words[1:]
    if not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in rest):
        return False
    lowered = [w.lower() for w in words]
    return not any(f"{a} {b}" in NAME_COMPOUNDS for a, b in zip(lowered, lowered[1:]))


def _resolve_organization(name: str, scope: str, province: str | None, abbreviations: dict[str, str],
                          out: ResolvedBulletin, spans: dict[str, list[tuple[int, int]]], text: str
                          ) -> ResolvedOrganization | None:
    reason = not_a_body(name)
    if reason:
        out.dropped.append((name, reason))
        return None
    full = expand_defined(name, abbreviations)
    if not any(ch.isalpha() for ch in full):
        out.dropped.append((name, "no name left once its abbreviation is taken out"))
        return None
    abroad = foreign_country_of(full, spans.get(name, []), text)
    if abroad:
        key, _ = org_identity(full, scope)
        where = f"c-{abroad.lower()}"
        return ResolvedOrganization(mint_organization_iri(key, scope=where), f"{canonical_org_name(full)} ({abroad})")
    key, where = org_identity(full, scope)
    label = international_name(full) if where == "int" else None
    return ResolvedOrganization(mint_organization_iri(key, scope=where),
                                label or org_display_name(full, province if where.startswith("p-") else None))


_NEXT_WORD = re.compile(r"[ \t]+([a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+)")
_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")


def fragment_reason(name: str, spans: list[tuple[int, int]], text: str) -> str | None:
    """Why a name is a piece of a longer one, never to be minted as an entity: it ends in a lone
    capital ("Bộ Y" of "Bộ Y tế"), its last word opens a compound the text goes on with ("Trung tâm
    Dự" before "phòng"), or it closes a place's name the text began ("Ban Nha" of "Tây Ban Nha")."""
    from kg.nlp.lexicon import NAME_COMPOUNDS

    words = name.split()
    if len(words) >= 2 and len(words[-1]) == 1 and words[-1].isupper() and words[-1] not in "IVXLC":
        return "cut before the end of its name (a lone capital)"
    for start, end in spans:
        nxt = _NEXT_WORD.match(text, end)
        if nxt and f"{words[-1].lower()} {nxt.group(1)}" in NAME_COMPOUNDS and words[-1][:1].isupper():
            return f"cut before the end of its name ('{words[-1]} {nxt.group(1)}')"
        before = _WORD_BEFORE.search(text, max(0, start - 24), start)
        if before and is_place_name(f"{before.group(1)} {name}"):
            return f"the end of a place's name ('{before.group(1)} {name}')"
    return None


def _strip_term(name: str) -> str:
    return re.sub(r"\s*\(?\s*khóa\s+[IVXL\d]+\s*\)?$", "", name, flags=re.IGNORECASE)


# -- officials -----------------------------------------------------------------------------------

def official_home(posts: list[tuple[str, str | None, str]], province: str | None) -> str | None:
    """Where one bulletin places a person: the province a local post names (or the bulletin's own
    province, for a local post that names none), a national post ("vn"), or a foreign country
    ("c-us"); None when the bulletin says nothing of it.

    A local post wins over a national one held with it ("Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Lào
    Cai" lives in Lào Cai), since namesakes are told apart by where they work."""
    if not posts:
        return None
    return _foreign_home(posts) or _local_home(posts) or _national_or_bulletin_home(posts, province)


def _foreign_home(posts) -> str | None:
    for _, org, label in posts:
        code = country_in(label) or (country_in(org) if org else None)
        if code:
            return f"c-{code.lower()}"
    return None


def _local_home(posts) -> str | None:
    """The first province a post's body names."""
    for _, org, _ in posts:
        stated = province_in(canonical_org_name(org)) if org else None
        if stated:
            return "p-" + slug(_canonical_province(stated), hashed=False)
    return None


def _national_or_bulletin_home(posts, province: str | None) -> str | None:
    scope = official_scope([(role, org) for role, org, _ in posts], "")
    if scope == "vn" or any(_NATIONAL_POST.search(label) for _, _, label in posts):
        return "vn"
    # A post in a body that is local by its name ("UBND xã Thạch Tiến", "Công an huyện") is in the
    # bulletin's province. A post in a body that names no level ("Ban Tổ chức", "BHXH") places no
    # one: read as the bulletin's province it split national figures from themselves.
    if province and any(org and _LOCAL_BODY.search(org) for _, org, _ in posts):
        return "p-" + slug(_canonical_province(province), hashed=False)
    return None


# A post written with a national body, though the body was read short ("Trưởng ban Tổ chức Trung
# ương" with the body "Ban Tổ chức"; "Phó tổng giám đốc BHXH Việt Nam").
_NATIONAL_POST = re.compile(r"(?<![\wĐđ])(?:Trung ương|TƯ|TW|Quốc hội|Chính phủ|Việt Nam|Bộ Chính trị|Ban Bí thư)(?![\wĐđ])")

_LOCAL_BODY = re.compile(r"(?<![\wĐđ])(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn|"
                         r"Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy xã|UBND|HĐND)(?![\wĐđ])")


# -- documents -----------------------------------------------------------------------------------

def _resolve_document(d: DocumentCitation, scope: str, province: str | None, text: str) -> ResolvedDocument:
    code = document_code(d.type, d.number, d.code, d.issuer)
    number = d.number if code == d.code or not d.number else f"{d.number}-{code}"
    where: str | None = None
    if d.issuer:
        stated = province_in(canonical_org_name(d.issuer))
        if stated and not is_national_org(d.issuer):
            where = "p-" + slug(_canonical_province(stated), hashed=False)
    if where is None and province and code and not _national_code(code):
        where = "p-" + slug(_canonical_province(province), hashed=False)
    if number and code:
        iri = mint_document_iri(d.type, number, code=code, scope="vn", name=None)
        return ResolvedDocument(iri, number, code, where)
    if number:
        return ResolvedDocument(mint_document_iri(d.type, number, code=None, scope=scope), number, None, where)
    foreign = _foreign_country(d, text)
    if foreign:
        where = f"c-{foreign.lower()}"
        return ResolvedDocument(mint_document_iri(d.type, None, name=f"{d.name} {foreign}", scope=where, foreign=True),
                                None, None, where)
    return ResolvedDocument(mint_document_iri(d.type, None, name=d.name, scope=scope), None, None, where)


def _national_code(code: str) -> bool:
    from kg.rdf.iri import is_central_code

    return is_central_code(code)




def _foreign_country(d: DocumentCitation, text: str) -> str | None:
    """The country of a constitution or law cited by name, when it is not Việt Nam's."""
    if d.number or d.type not in {"constitution", "law"}:
        return None
    code = country_in(d.name or "")
    if code:
        return code
    for e in d.evidence:
        code = country_after(text, e.end)
        if code:
            return code
    if d.type == "constitution" and (d.name or "").casefold() == "hiến pháp":
        # A bare "Hiến pháp" in a sentence about another country (and not Việt Nam) is that country's.
        from kg.rdf.evidence import evidence_sentence

        for e in d.evidence:
            sentence = evidence_sentence(text, e.start, e.end)
            code = country_in(sentence)
            if code and "Việt Nam" not in sentence:
                return code
    return None
