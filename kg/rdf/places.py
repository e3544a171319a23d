"""Places as resources: Vietnam's provinces and districts with their official codes, and countries.

The administrative units come from the PyPI package `vietnamadminunits` (its SQLite dataset of the
General Statistics Office codes): the 63 provinces and 696 districts before the 2025 reform, the 34
provinces from 1 July 2025 (Nghị quyết 202/2025/QH15), and which old provinces each new one absorbed.
An old province and the new one that took it over are two resources (they share a name, not an
extent, and sometimes not even a code: the new Lào Cai has the old Yên Bái's code 15); the old one
points to the new one with `dcterms:isReplacedBy`, so a query can go either way. A name is read as
the unit in force on the bulletin's date (the new one from 2025-07-01, else the old one).
Countries are ISO 3166-1 alpha-2 codes, from `ontology/lexicon/countries.tsv`.

    >>> province("Lào Cai").code, province("Lào Cai", on="2025-09-01").code
    ('10', '15')
    >>> province("tỉnh Yên Bái").replaced_by == province("Lào Cai", on="2025-09-01").iri
    True
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.rdf.vocab import ID_BASE

REFORM_DATE = "2025-07-01"
VIETNAM = f"{ID_BASE}place/country/VN"


@dataclass(frozen=True)
class Place:
    iri: str
    code: str  # GSO code, or ISO 3166-1 alpha-2 for a country
    name: str  # official name: "Tỉnh Lào Cai", "Huyện Bảo Thắng", "Hoa Kỳ"
    short: str  # "Lào Cai", "Bảo Thắng"
    level: str  # "country", "province", "district"
    parent: str | None = None  # the province of a district, the country of a province
    replaced_by: str | None = None  # an old province's successor from the 2025 reform


# Old-style tone placement ("Hoà", "Thanh Hoá") and the new style ("Hòa", "Thanh Hóa") name the same place.
_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
              "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONE = re.compile("|".join(_OLD_TONES) + r"(?![a-zà-ỹ])")


def fold(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    text = re.sub(r"\s*-\s*", " - ", text)
    return _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(0)], text)


def _key(text: str) -> str:
    """The package's own keys: no accents, no spaces ("tinhlaocai")."""
    stripped = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in stripped if not unicodedata.combining(c)))


_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s+")


@dataclass(frozen=True)
class _Tables:
    old_provinces: dict[str, Place]  # folded short name -> unit
    new_provinces: dict[str, Place]
    districts: dict[str, list[Place]]  # folded short name -> units (a name repeats across provinces)
    by_slug: dict[str, Place]  # "lao-cai" -> old province (the scope keys of kg.rdf.iri)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    import json

    data = resources.files("vietnamadminunits").joinpath("data")
    with resources.as_file(data.joinpath("dataset.db")) as path:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        legacy = db.execute("SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, district, "
                            "districtShort, districtCode FROM admin_units_legacy").fetchall()
        current = db.execute("SELECT DISTINCT province, provinceShort, provinceCode, provinceKey FROM admin_units").fetchall()
        db.close()
    merges = json.loads(data.joinpath("converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    new_by_key = {key: Place(f"{ID_BASE}place/vn/province-2025/{code}", code, name, short, "province", VIETNAM)
                  for name, short, code, key in current}
    successor = {old: new_by_key[new].iri for new, olds in merges.items() if new in new_by_key for old in olds}
    old_provinces: dict[str, Place] = {}
    districts: dict[str, list[Place]] = {}
    from kg.rdf.iri import slug

    by_slug: dict[str, Place] = {}
    for name, short, code, key, d_name, d_short, d_code in legacy:
        p = old_provinces.get(fold(short))
        if p is None:
            p = old_provinces[fold(short)] = Place(f"{ID_BASE}place/vn/province/{code}", code, name, short, "province",
                                                   VIETNAM, successor.get(key))
            by_slug[slug(short, hashed=False)] = p
            for alias, canonical in _ALIASES.items():
                if canonical == fold(short):
                    by_slug.setdefault(slug(alias, hashed=False), p)
        if d_code and not any(d.code == d_code for d in districts.get(fold(d_short), [])):
            districts.setdefault(fold(d_short), []).append(
                Place(f"{ID_BASE}place/vn/district/{d_code}", d_code, d_name, d_short, "district", p.iri))
    new_provinces = {fold(p.short): p for p in new_by_key.values()}
    return _Tables(old_provinces, new_provinces, districts, by_slug)


_ALIASES = {"tp.hcm": "hồ chí minh", "tphcm": "hồ chí minh", "tp hồ chí minh": "hồ chí minh",
            "thừa thiên huế": "huế", "thừa thiên - huế": "huế", "bà rịa vũng tàu": "bà rịa - vũng tàu",
            "đắk lắk": "đắk lắk", "đắc lắc": "đắk lắk", "đăk lăk": "đắk lắk", "đắk nông": "đắk nông"}


def province(name: str, *, on: str | None = None) -> Place | None:
    """The province a name denotes on a date (ISO; None: before the reform)."""
    t = _tables()
    bare = _PREFIX.sub("", fold(name)).strip(" ,.;:")
    bare = _ALIASES.get(bare, bare)
    if on and on >= REFORM_DATE and bare in t.new_provinces:
        return t.new_provinces[bare]
    old = t.old_provinces.get(bare)
    if old is None:
        return t.new_provinces.get(bare)
    if on and on >= REFORM_DATE and old.replaced_by:
        return next(p for p in t.new_provinces.values() if p.iri == old.replaced_by)
    return old


def by_iri(iri: str) -> Place | None:
    """A province (old or new) or a country by its IRI."""
    t = _tables()
    if iri.startswith(f"{ID_BASE}place/country/"):
        return country(iri.rsplit("/", 1)[1])
    return next((p for p in (*t.old_provinces.values(), *t.new_provinces.values()) if p.iri == iri), None)


def old_province(iri: str) -> Place | None:
    return next((p for p in _tables().old_provinces.values() if p.iri == iri), None)


def district(name: str, *, in_province: Place | None = None) -> Place | None:
    """A district by name, within the given (old) province; without one, only a name no other
    province repeats."""
    found = _tables().districts.get(_PREFIX.sub("", fold(name)).strip(" ,.;:"), [])
    if in_province is not None:
        found = [d for d in found if d.parent == in_province.iri]
    return found[0] if len(found) == 1 else None


def country(code: str) -> Place:
    names = [n for n, c in _country_names().items() if c == code]
    name = names[0] if names else code
    return Place(f"{ID_BASE}place/country/{code}", code, name, name, "country")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    text = resources.files("kg.ontology").joinpath("lexicon", "countries.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            name, code = (p.strip() for p in line.split("\t", 1))
            out.setdefault(name, code)
    return out


def scope_place(scope: str | None, *, on: str | None = None) -> Place | None:
    """The place of a scope key: "p-lao-cai" a province, "c-us" a country, "vn" Vietnam."""
    if not scope:
        return None
    if scope == "vn":
        return country("VN")
    if scope.startswith("c-") and len(scope) == 4:
        return country(scope[2:].upper())
    if scope.startswith("p-"):
        old = _tables().by_slug.get(scope[2:])
        if old is not None:
            return province(old.short, on=on) if on and on >= REFORM_DATE else old
    return None


_DISTRICT_IN_TEXT = re.compile(r"(?:huyện|quận|thị xã|thành phố|tp\.?)\s+((?:[A-ZÀ-Ỹa-zà-ỹĐđ][\wÀ-ỹ'-]*\s?){1,4})")


def place_in(text: str, *, province_hint: str | None = None, on: str | None = None) -> Place | None:
    """The most precise administrative unit a phrase names: a district (within the province the
    phrase or the bulletin names), else a province, else a foreign country. "tại huyện Bảo Thắng"
    → Huyện Bảo Thắng; "tại Hà Nội" → Thành phố Hà Nội; "tại Hội trường Tỉnh ủy" → None."""
    from kg.rdf.resolve import province_in
    from kg.resolution.places import country_in

    named = province_in(text)
    prov = province(named, on=on) if named else None
    home = prov or (province(province_hint) if province_hint else None)
    home_old = home if home is None or "province-2025" not in home.iri else None
    for m in _DISTRICT_IN_TEXT.finditer(unicodedata.normalize("NFC", text)):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):  # the longest run of words that is a district's name
            d = district(" ".join(words[:n]), in_province=home_old) if home_old else None
            if d is not None and (prov is None or d.parent == (home_old.iri if home_old else None)):
                return d
    if prov is not None:
        return prov
    code = country_in(text)
    return country(code) if code else None
