"""Cleaning: date line, title, byline, captions, furniture and repeated paragraphs."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.reading.clean import (
    _PHOTO_CREDIT,
    _TRAILING_CREDIT,
    _collapse,
    _may_credit,
    clean_bulletin,
    normalise_iso_date,
    parse_date_line,
)
from kg.reading.sources import read_sources
from kg.records import Bulletin


def _seed(seed_path):
    return clean_bulletin(next(read_sources([str(seed_path)])))


def test_date_line_forms():
    assert parse_date_line("Thứ 6 Ngày 01/06/2018") == "2018-06-01"
    assert parse_date_line("Thứ Sáu, 01/06/2018 - 10:25") == "2018-06-01"
    assert parse_date_line("Chủ nhật, ngày 3/6/2018") == "2018-06-03"
    assert parse_date_line("Ban Thường vụ tổ chức Hội nghị ngày 01/06/2018") is None
    assert normalise_iso_date("2017-05-02T08:00:00+07:00") == "2017-05-02"
    assert normalise_iso_date("not a date") is None


def test_seed_metadata(seed_path):
    b = _seed(seed_path)
    assert b.date == "2018-06-01"
    assert b.title.startswith("Ban Thường vụ Đảng ủy khối các cơ quan tỉnh tổ chức Hội nghị")
    assert b.author == "Văn phòng Đảng ủy khối"


def test_seed_repeated_lead_caption_and_furniture_are_dropped(seed_path):
    b = _seed(seed_path)
    assert b.text.count("Thực hiện Kế hoạch số 67-KH/TU") == 1
    assert "Toàn cảnh hội nghị" not in b.text
    assert "Các tin khác" not in b.text
    assert "Văn phòng Đảng ủy khối" not in b.text
    # The caption under the photo is gone, but the paragraph that repeats its words stays.
    assert b.text.count("phát biểu chỉ đạo Hội nghị") == 0
    assert "Phát biểu chỉ đạo Hội nghị, đồng chí Phạm Sỹ Lợi" in b.text


def test_text_of_a_jsonl_article_keeps_its_title_first():
    b = clean_bulletin(Bulletin(id="x", title="Khai mạc Kỳ họp thứ 4 HĐND tỉnh",
                                raw_text="Sáng 5/7, HĐND tỉnh khai mạc Kỳ họp thứ 4.\nẢnh: Trần Vũ\nCác đại biểu dự kỳ họp"))
    assert b.text.split("\n\n")[0] == "Khai mạc Kỳ họp thứ 4 HĐND tỉnh"
    assert "Ảnh: Trần Vũ" not in b.text
    assert "Các đại biểu dự kỳ họp" not in b.text


def test_credits_at_the_end_of_long_paragraphs_go_and_the_text_stays():
    body = " ".join(["Hội nghị đánh giá kết quả thực hiện Nghị quyết, hình ảnh của Đảng bộ được nâng lên."] * 4)
    for credit in ("Tin, ảnh: Minh Hà", "(Ảnh: Trần Vũ)", "(Nguồn: Báo Hà Tĩnh)  "):
        b = clean_bulletin(Bulletin(id="c", raw_text=f"{body} {credit}"))
        assert b.text == body, credit
    # A colon followed by a whole sentence is not a credit.
    kept = f"{body} Ảnh hưởng: các đơn vị đã triển khai đồng bộ nhiều giải pháp trong suốt thời gian qua."
    assert clean_bulletin(Bulletin(id="k", raw_text=kept)).text == kept


@settings(max_examples=300, deadline=None)
@given(p=st.lists(st.sampled_from(["ảnh", "Ảnh", "ẢNH", "nguồn", "(", ")", ":", " ", "  ", ".", "Tin,", "Hà Tĩnh",
                                   "\u00a0", "x" * 45]), max_size=14).map("".join))
def test_the_credit_prefilter_never_hides_a_credit(p):
    if _PHOTO_CREDIT.search(p) or _TRAILING_CREDIT.search(p):
        assert _may_credit(p)


@settings(max_examples=300, deadline=None)
@given(p=st.text(alphabet=" \t\u00a0\u2002\u200b\u202f\u3000aĐ.", max_size=30))
def test_spaces_collapse_as_one_pattern_would(p):
    assert _collapse(p) == re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+", " ", p).strip()


@pytest.mark.parametrize("raw, date, text", [
    # a page's update line after the title dates the bulletin and leaves the text
    ("Hội nghị tổng kết công tác Đảng\nCập nhật ngày 14/9/2017 08:30\nChiều 12/9, Tỉnh ủy tổ chức Hội nghị.",
     "2017-09-14", "Hội nghị tổng kết công tác Đảng\n\nChiều 12/9, Tỉnh ủy tổ chức Hội nghị."),
    # a URL or a URL slug line, and a "Print" line, are no text (a lower-case line would run on)
    ("Hội nghị tổng kết công tác Đảng\nhttp://baomoi.com/hoi-nghi-tong-ket-cong-tac-dang/c/22345.epi\n"
     "hoi-nghi-tong-ket-cong-tac-dang\nPrint\nChiều 12/9, Tỉnh ủy tổ chức Hội nghị.",
     None, "Hội nghị tổng kết công tác Đảng\n\nChiều 12/9, Tỉnh ủy tổ chức Hội nghị."),
    # a missing space after a full stop or a comma
    ("Hội nghị tổng kết\nThường trực Tỉnh ủy chủ trì hội nghị.Chiều 14/9,đồng chí Hoàng Văn A phát biểu tại TP.HCM, "
     "tăng 1,5 lần.", None,
     "Hội nghị tổng kết\n\nThường trực Tỉnh ủy chủ trì hội nghị. Chiều 14/9, đồng chí Hoàng Văn A phát biểu tại "
     "TP.HCM, tăng 1,5 lần."),
])
def test_page_furniture_and_glued_punctuation(raw, date, text):
    b = clean_bulletin(Bulletin(id="t", raw_text=raw))
    assert (b.date, b.text) == (date, text)
