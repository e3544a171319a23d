"""Vietnamese numerals as written in bulletins: "." groups thousands, "," marks decimals.

>>> parse_number("1.372"), parse_number("78,40"), parse_number("1,5", "tỷ")
(1372.0, 78.4, 1500000000.0)
"""

from __future__ import annotations

import re

SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{3})*"
SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?"
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}")


def parse_number(digits: str, scale: str | None = None) -> float:
    s = digits.strip()
    if _DOT_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.fullmatch(s):  # "1,234,567": thousands written English-style
        s = s.replace(",", "")
    elif _DOT_DECIMAL.fullmatch(s):  # "2.5" from a source writing English decimals
        pass
    else:
        s = s.replace(".", "").replace(",", ".")
    value = float(s)
    if scale:
        for word in scale.split():
            value *= SCALES.get(word, 1.0)
    return value
