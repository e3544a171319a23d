"""Names of places: countries, provinces and other places (seas, regions, capitals).

A place is never an organization or a person. This module tells them apart by name, from the data in
`ontology/lexicon/countries.tsv`, `ontology/lexicon/places.tsv` and the province list.

>>> country_code("Hoa Kỳ")
'US'
>>> is_place_name("Tây Ban Nha"), is_place_name("Bộ Y tế")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.nlp.lexicon import PROVINCES, alternation, lexicon_rows
from kg.rdf.resolve import _fold, canonical_org_name


def _read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    return lexicon_rows(name)


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Folded surface form -> ISO 3166-1 alpha-2 code."""
    return {_fold(name): code for name, code in _read_tsv("countries.tsv")}


@lru_cache(maxsize=1)
def _other_places() -> dict[str, str]:
    return {_fold(name): kind for name, kind in _read_tsv("places.tsv")}


@lru_cache(maxsize=1)
def _provinces() -> frozenset[str]:
    return frozenset(_fold(p) for p in PROVINCES)


_ADMIN_PREFIX = re.compile(r"^(?:(?:tỉnh|thành phố|tp|huyện|quận|thị xã|xã|phường|thị trấn|nước|quốc gia)\s+|tp\.\s*)")


def country_code(name: str) -> str | None:
    return countries().get(_fold(name))


@lru_cache(maxsize=65536)
def is_place_name(name: str) -> bool:
    """True for a country, a province ("tỉnh Lào Cai" too) or another known place."""
    forms = set()
    for form in (name, canonical_org_name(name)):  # "TP HCM" is "thành phố Hồ Chí Minh"
        folded = _fold(form).strip(" ,.;:")
        forms |= {folded, _ADMIN_PREFIX.sub("", folded)}
    return any(f in countries() or f in _provinces() or f in _other_places() for f in forms)


@lru_cache(maxsize=1)
def _country_pattern() -> tuple[re.Pattern, dict[str, str]]:
    by_name = {unicodedata.normalize("NFC", name): code for name, code in _read_tsv("countries.tsv")}
    names = sorted(by_name, key=len, reverse=True)  # "Liên bang Nga" before "Nga"
    # Case-sensitive: a country is a proper name, and "ý" or "anh" in lower case are ordinary words.
    return re.compile(r"(?<![\wĐđ])(" + "|".join(re.escape(n) for n in names) + r")(?![\wĐđ])"), by_name


@lru_cache(maxsize=1)
def province_names() -> tuple[re.Pattern, dict[str, str]]:
    """Province names as written (proper names, so matched case-sensitively, which lets the engine
    scan for their first letters), each mapped to its canonical form."""
    city = {"TP.HCM", "TPHCM", "TP HCM", "TP Hồ Chí Minh"}
    canonical = {unicodedata.normalize("NFC", p): ("Hồ Chí Minh" if p in city else p) for p in set(PROVINCES) | city}
    return re.compile(r"(?<![\wĐđ])" + f"({alternation(canonical)})" + r"(?![\wĐđ])"), canonical


def names_the_president(name: str) -> bool:
    """Whether a name holds "Hồ Chí Minh" as the President's, not the city's ("Đoàn TNCS Hồ Chí Minh")."""
    return any(not _CITY_BEFORE.search(name, 0, m.start()) for m in re.finditer("Hồ Chí Minh", name))


def provinces_named(text: str) -> list[str]:
    """Every province the text names ("tỉnh Lào Cai", "TP.HCM"), as often as it names them. A bare
    "Hồ Chí Minh" is the President, his thought or a body named after him ("tư tưởng, đạo đức,
    phong cách Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh") far more often than the city, which bulletins
    write "TP Hồ Chí Minh", "thành phố Hồ Chí Minh" or "TP.HCM"; only those count."""
    pattern, canonical = province_names()
    out = []
    for m in pattern.finditer(text):
        name = canonical.get(" ".join(m.group(1).split()), m.group(1))
        if name == "Hồ Chí Minh" and m.group(1) == "Hồ Chí Minh" and not _CITY_BEFORE.search(text, 0, m.start()):
            continue
        out.append(name)
    return out


# What makes a bare "Hồ Chí Minh" the city: "TP", "TP.", "Thành phố", "thành phố" right before it.
_CITY_BEFORE = re.compile(r"(?:\bTP\.?|[Tt]hành phố)\s*$")


@lru_cache(maxsize=65536)
def country_in(text: str) -> str | None:
    """The code of the first foreign country a phrase names ("Tổng thống Mỹ" -> "US"); Việt Nam is
    not foreign and is skipped."""
    pattern, by_name = _country_pattern()
    # "Lào Cai" is a province, not Laos: province names are taken out first.
    text = province_names()[0].sub(" ", unicodedata.normalize("NFC", text))
    for m in pattern.finditer(text):
        code = by_name[m.group(1)]
        if code != "VN":
            return code
    return None
