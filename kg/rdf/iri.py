"""Deterministic IRIs minted from canonical keys.

The same key always gives the same IRI, so re-ingesting a bulletin changes nothing and the same
resolution cited by two bulletins is one node. Slugs are ASCII for readability, with a short hash of
the exact key so that names differing only by diacritics ("Lê" and "Lệ") stay apart.

>>> mint_document_iri("resolution", "22-NQ/TW", scope="vn")
'https://w3id.org/bulletin-kg/id/document/vn/resolution/22-nq-tw-...'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from kg.nlp.lexicon import strip_accents
from kg.rdf.vocab import ID_BASE

# Codes of central issuers: their documents are one node nationwide.
CENTRAL_CODES = {"TW", "T.Ư", "TƯ", "CP", "TTg", "QH", "UBTVQH", "BCT", "BBT", "BCHTW", "QH13", "QH14", "QH12",
                 "CTN", "VPCP", "UBKTTW", "BTGTW", "BTCTW", "BDVTW", "QUTW"}
CENTRAL_ORGS = {
    "bộ chính trị", "ban bí thư", "ban chấp hành trung ương", "ban chấp hành trung ương đảng", "bch trung ương",
    "bch tw", "quốc hội", "chính phủ", "thủ tướng chính phủ", "ủy ban thường vụ quốc hội", "chủ tịch nước",
    "ủy ban kiểm tra trung ương", "ban tuyên giáo trung ương", "ban tổ chức trung ương", "ban dân vận trung ương",
    "ban kinh tế trung ương", "ban nội chính trung ương", "quân ủy trung ương", "văn phòng trung ương đảng",
    "ủy ban trung ương mặt trận tổ quốc việt nam", "mặt trận tổ quốc việt nam", "trung ương đoàn",
    "tòa án nhân dân tối cao", "viện kiểm sát nhân dân tối cao", "kiểm toán nhà nước", "văn phòng chính phủ",
}


def slug(text: str, *, hashed: bool = True) -> str:
    norm = unicodedata.normalize("NFC", text).strip()
    ascii_ = re.sub(r"[^a-z0-9]+", "-", strip_accents(norm).lower()).strip("-")[:60] or "x"
    if not hashed:
        return ascii_
    return f"{ascii_}-{hashlib.sha1(norm.casefold().encode()).hexdigest()[:6]}"


def scope_key(province: str | None, source: str | None, bulletin_id: str) -> str:
    """Where a local name is unique: the province, else the source, else the bulletin itself."""
    if province:
        return "p-" + slug(province, hashed=False)
    if source:
        return "s-" + slug(source, hashed=False)
    return "b-" + slug(bulletin_id)


def is_central_code(code: str | None) -> bool:
    if not code:
        return False
    tail = re.split(r"[-/]", code)[-1]
    return tail in CENTRAL_CODES


def bulletin_iri(bulletin_id: str) -> str:
    return f"{ID_BASE}bulletin/{quote(bulletin_id, safe='')}"


def graph_iri(bulletin_id: str) -> str:
    return f"{ID_BASE}graph/{quote(bulletin_id, safe='')}"


def mint_document_iri(doc_type: str, number: str | None, *, name: str | None = None, code: str | None = None,
                      scope: str, foreign: bool = False) -> str:
    """One node per (type, number and code) within a scope; central codes are one nationwide scope.
    A foreign document (`foreign`) stays in its country's scope whatever its name says."""
    where = scope if foreign else "vn" if is_central_code(code) or (number is None and _central_name(name)) else scope
    if number:
        key = re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", number).replace("–", "-")).casefold()
    else:
        key = "name-" + " ".join((name or "").casefold().split())
    return f"{ID_BASE}document/{where}/{doc_type}/{slug(key)}"


def _central_name(name: str | None) -> bool:
    n = (name or "").casefold()
    return ("trung ương" in n or "đại hội đảng toàn quốc" in n or n.startswith(("luật", "bộ luật", "hiến pháp"))
            or "của đảng" in n)


def mint_official_iri(name: str, *, scope: str | None = None) -> str:
    """One person per name nationwide (`scope` None); a namesake split off by the store pass of
    kg.resolution lives under the scope that tells it apart ("p-lao-cai", "c-us")."""
    return f"{ID_BASE}person/{scope}/{slug(name)}" if scope else f"{ID_BASE}person/{slug(name)}"


def mint_organization_iri(name: str, *, scope: str) -> str:
    """`name` is the canonical key (see kg.rdf.resolve.org_key); `scope` is "vn" for national bodies."""
    return f"{ID_BASE}org/{scope}/{slug(name)}"


def mint_role_iri(role: str) -> str:
    return f"{ID_BASE}role/{slug(role.casefold())}"


def local_iri(kind: str, bulletin_id: str, *parts: object) -> str:
    """IRIs of things that exist only inside one bulletin (its events, statistics, evidence)."""
    tail = "-".join(str(p) for p in parts)
    return f"{ID_BASE}{kind}/{quote(bulletin_id, safe='')}/{tail}"
