"""Vietnamese numerals as written in bulletins: "." groups thousands, "," marks decimals.

Values are `decimal.Decimal`, never float: "4,1 triệu" is exactly 4100000 (through a float it was
4099999.9999999995, and `FILTER(?v = 4100000)` found nothing). They flow unchanged into the records
and into the graph as xsd:decimal lexical forms (kg.rdf.mapping.decimal).

>>> parse_number("1.372"), parse_number("78,40"), parse_number("4,1", "triệu")
(Decimal('1372'), Decimal('78.40'), Decimal('4100000.0'))
"""

from __future__ import annotations

import re
from decimal import Decimal

SCALES = {"nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3, "triệu": Decimal(10) ** 6,
          "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9}
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{3})*"
SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?"
_DOT_THOUSANDS = re.compile(r"""
    \d{1,3} (?: \.\d{3} )+      # 1.372.000: dots group thousands
    (?: ,\d+ )?                 # ,5: the decimal part
""", re.VERBOSE)
_COMMA_THOUSANDS = re.compile(r"""
    \d{1,3} (?: ,\d{3} ){2,}    # 1,234,567: thousands written English-style
""", re.VERBOSE)
_DOT_DECIMAL = re.compile(r"""
    \d+ \. \d{1,2}              # 2.5: a source writing English decimals
""", re.VERBOSE)


def parse_number(digits: str, scale: str | None = None) -> Decimal:
    s = digits.strip()
    if _DOT_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    elif _DOT_DECIMAL.fullmatch(s):
        pass
    else:
        s = s.replace(".", "").replace(",", ".")
    value = Decimal(s)
    if scale:
        for word in scale.split():
            value *= SCALES.get(word, Decimal(1))
    return value


def decimal_lexical(value: Decimal | int | float) -> str:
    """The xsd:decimal lexical form of a value, exact, never in exponent notation: Decimal('4.1E+6')
    -> "4100000.0", Decimal('78.40') -> "78.4"; a float (older callers) goes through its shortest repr."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)) if isinstance(value, float) else value)
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + ".0" if "." not in text else text
