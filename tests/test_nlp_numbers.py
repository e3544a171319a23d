"""Vietnamese numerals parsed exactly, as Decimal, into exact xsd:decimal lexical forms."""

from decimal import Decimal

import pytest

from kg.nlp.numbers import decimal_lexical, parse_number
from kg.rdf.mapping import decimal


@pytest.mark.parametrize("digits, scale, value, lexical", [
    ("4,1", "triệu", Decimal("4100000"), "4100000.0"),  # through float: 4099999.9999999995
    ("0,3", "triệu", Decimal("300000"), "300000.0"),
    ("1,05", "tỷ", Decimal("1050000000"), "1050000000.0"),
    ("78,40", None, Decimal("78.4"), "78.4"),
    ("1.372", None, Decimal("1372"), "1372.0"),
    ("3,2", "nghìn tỷ", Decimal("3200000000000"), "3200000000000.0"),
    ("0,07", None, Decimal("0.07"), "0.07"),
])
def test_numbers_are_exact_decimals_end_to_end(digits, scale, value, lexical):
    parsed = parse_number(digits, scale)
    assert isinstance(parsed, Decimal) and parsed == value
    assert decimal_lexical(parsed) == lexical
    assert decimal(parsed).value == lexical and "e" not in lexical.lower()


def test_a_statistic_of_four_point_one_million_is_found_by_an_exact_filter():
    import pyoxigraph as ox

    from kg.nlp.statistics import find_statistics

    [st] = [s for s in find_statistics("Tổng thu ngân sách đạt 4,1 triệu đồng.") if s.unit.startswith("đồng")]
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/v"), ox.Literal(decimal(st.value).value,
                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))))
    assert list(store.query("SELECT ?s WHERE { ?s <http://x/v> ?v FILTER (?v = 4100000) }"))
