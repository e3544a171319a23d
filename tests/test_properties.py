"""Extraction never raises, whatever the text: Vietnamese, symbols, numbers, control characters."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.nlp.pipeline import extract, make_nlp
from kg.rdf.mapping import map_extraction
from kg.reading.clean import clean_bulletin
from kg.records import Bulletin

NLP = make_nlp()
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
PIECES = st.sampled_from([
    "Nghị quyết số ", "22-NQ/TW", "đồng chí ", "Phạm Sỹ Lợi", " - ", "Bí thư Tỉnh ủy", ", ", "ngày ", "01/6/2018",
    "Hội nghị ", "tổ chức ", "chủ trì ", "1.372 ", "78,40%", "tỷ đồng", " (", ")", "“", "”", "\n", ". ", "số ",
    "các đồng chí: ", "Quyết định số 46/2017/QĐ-TTg", "từ 5 đến ", "Dự Hội nghị có ", "khóa XII", "/", "-",
])
TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,.;:-/()0123456789%\n", max_size=400),
    st.lists(PIECES, max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, date=st.one_of(st.none(), st.just("2018-06-01")))
def test_extraction_and_mapping_never_raise(text, date):
    b = clean_bulletin(Bulletin(id="p", raw_text=text, date=date))
    x = extract(b, NLP)
    map_extraction(x)
    for s in x.statistics:
        assert s.evidence.quote == b.text[s.evidence.start:s.evidence.end]
    for o in x.officials:
        for e in o.evidence:
            assert b.text[e.start:e.end] == o.name
