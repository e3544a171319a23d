"""The statistics as an RDF Data Cube: the dataset, the unit vocabulary and the reference periods.

Every `bkg:Statistic` is a `qb:Observation` of one dataset (`DATASET`), whose structure
`bkg:statisticsStructure` (in ontology/bulletin-kg.ttl) has the measure `bkg:value`, the dimensions
`bkg:about`, `bkg:refPeriod`, `bkg:sourceBulletin` and `bkg:statement`, and the unit as attributes.
Pure functions: text in, IRIs and keys out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from kg.rdf.vocab import ID_BASE

DATASET = f"{ID_BASE}dataset/statistics"
UNIT_BASE = "https://w3id.org/bulletin-kg/unit/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


@lru_cache(maxsize=1)
def unit_labels() -> dict[str, str]:
    """Written form (folded) → unit IRI, from the preferred and alternative labels in units.ttl."""
    import pyoxigraph as ox

    data = resources.files("kg.ontology").joinpath("units.ttl").read_bytes()
    labels: dict[str, str] = {}
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        if t.predicate.value in (SKOS + "prefLabel", SKOS + "altLabel") and t.object.language == "vi":
            labels.setdefault(_fold(t.object.value), t.subject.value)
    return labels


def unit_iri(written: str | None) -> str | None:
    """The unit of measure for a unit as written, or None when the scheme has no such label.

    >>> unit_iri("đồng"), unit_iri("quần chúng ưu tú"), unit_iri("giàn")
    ('https://w3id.org/bulletin-kg/unit/VND', 'https://w3id.org/bulletin-kg/unit/person', None)
    """
    if not written:
        return None
    return unit_labels().get(_fold(written))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"
_SPAN = re.compile(rf"{_YEAR}\s*[-–]\s*{_YEAR}")
_SINCE = re.compile(rf"từ(?: năm)? {_YEAR} (?:đến|tới) nay")
_QUARTER = re.compile(rf"quý ([1-4]|iv|iii|ii|i)\b(?:\s*(?:/|năm)\s*{_YEAR})?")
_MONTH = re.compile(rf"tháng (\d{{1,2}})\s*(?:/|năm)\s*{_YEAR}")
_ONE_YEAR = re.compile(rf"\b{_YEAR}\b")
_THIS_YEAR = re.compile(r"\bnăm nay\b")


def period_key(written: str | None, reference_year: int | None = None) -> str | None:
    """A reference period as a key ("2017", "2017-01", "2017-Q1", "2008-2017"), from the period as
    written. `reference_year` (the bulletin's year, or the assumed one) completes "năm nay" (this
    year), "từ năm 2008 đến nay" and a quarter without a year. None when no year can be read.

    >>> period_key("năm 2016"), period_key("tháng 1/2017"), period_key("quý I", 2017)
    ('2016', '2017-01', '2017-Q1')
    >>> period_key("giai đoạn 2014-2016"), period_key("Từ năm 2008 đến nay", 2018), period_key("năm qua")
    ('2014-2016', '2008-2018', None)
    """
    if not written:
        return None
    text = _fold(written)
    if m := _SPAN.search(text):
        return f"{m[1]}-{m[2]}"
    if (m := _SINCE.search(text)) and reference_year:
        return f"{m[1]}-{reference_year}"
    if m := _MONTH.search(text):
        month = int(m[1])
        return f"{m[2]}-{month:02d}" if 1 <= month <= 12 else m[2]
    if m := _QUARTER.search(text):
        return _quarter_key(m, text, reference_year)
    if m := _ONE_YEAR.search(text):
        return m[1]
    if _THIS_YEAR.search(text) and reference_year:
        return str(reference_year)
    return None


def _quarter_key(m: re.Match, text: str, reference_year: int | None) -> str | None:
    """"quý I/2017", "quý 2 năm 2016", or a quarter of the reference year."""
    year_in_text = _ONE_YEAR.search(text)
    year = m[2] or (year_in_text[1] if year_in_text else None) or reference_year
    q = _ROMAN.get(m[1]) or int(m[1])
    return f"{year}-Q{q}" if year else None


def period_iri(key: str) -> str:
    return f"{ID_BASE}period/{key}"


def period_bounds(key: str) -> tuple[str, str]:
    """First and last day of a period key, as ISO dates."""
    import calendar

    if m := re.fullmatch(r"(\d{4})-(\d{4})", key):
        return f"{m[1]}-01-01", f"{m[2]}-12-31"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        y, q = int(m[1]), int(m[2])
        last = 3 * q
        return f"{y}-{last - 2:02d}-01", f"{y}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", key):
        y, mo = int(m[1]), int(m[2])
        return f"{y}-{mo:02d}-01", f"{y}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
    return f"{key}-01-01", f"{key}-12-31"
