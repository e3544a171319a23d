"""The documents an event carries out (implements) or reviews, wherever its sentences say so. One
table; each case is a real phrase from the corpus (bodies and documents kept, the rest shortened)."""

import pytest

from kg.ingest import prepare
from kg.nlp.lexicon import lexicon_rows
from kg.nlp.links import link_of
from kg.nlp.pipeline import default_nlp, extract
from kg.records import Bulletin


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


def links(nlp, text):
    events = extract(prepare(Bulletin(id="t", raw_text=text, reference_date="2017-06-20")), nlp).events
    return [(sorted(e.implements), sorted(e.reviews)) for e in events]


@pytest.mark.parametrize("text, expected", [
    # inside the event's name the cue decides too: "quán triệt" carries the document out
    ("Hôm qua (2/6), Bộ Tư pháp tổ chức Hội nghị quán triệt Luật Đấu giá tài sản (ĐGTS) khu vực phía Bắc.",
     [(["Luật Đấu giá tài sản"], [])]),
    ("Sáng 15/3, Đảng ủy Khối các cơ quan tỉnh tổ chức Hội nghị học tập, quán triệt Nghị quyết số 22-NQ/TW "
     "của Ban Chấp hành Trung ương.", [(["22-NQ/TW"], [])]),
    # outside the name, the cue decides
    ("Hôm qua (2/6), Bộ Tư pháp tổ chức Hội nghị, quán triệt Luật Đấu giá tài sản (ĐGTS) đến các "
     "địa phương.", [(["Luật Đấu giá tài sản"], [])]),
    ("Sáng 14/6, Tỉnh ủy Lào Cai tổ chức Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 03-CT/TW của Bộ Chính trị.",
     [([], ["03-CT/TW"])]),
    # the plan it is held under
    ("Thực hiện Kế hoạch số 67-KH/TU của Ban Thường vụ Tỉnh ủy, sáng 1/6, Đảng ủy khối tổ chức Hội nghị tổng "
     "kết công tác năm.", [(["67-KH/TU"], [])]),
    # a review of how it was carried out, and a second document coordinated with the first
    ("Ngày 8/7, Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy Cà Mau về kiểm tra việc lãnh "
     "đạo, chỉ đạo, tổ chức thực hiện Kết luận số 24-KL/TW và Chỉ thị số 05-CT/TW của Bộ Chính trị.",
     [([], ["05-CT/TW", "24-KL/TW"])]),
    # a sentence going on about the event, without naming it
    ("Sáng 9/5, Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII đã khai mạc tại Hà Nội. "
     "Buổi chiều, Trung ương thảo luận về kết quả kiểm điểm năm 2016 gắn với thực hiện Nghị quyết số 04-NQ/TW.",
     [(["04-NQ/TW"], [])]),
])
def test_links(nlp, text, expected):
    assert links(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # what a speaker asks for, or recalls, is not what the event carries out
    "Sáng 9/5, Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII đã khai mạc. Chủ tịch nước nêu rõ, "
    "năm 2017 là năm thứ hai thực hiện Nghị quyết số 01-NQ/TW.",
    # a document cited far from its cue
    "Sáng 1/6, Đảng ủy khối tổ chức hội nghị. Thực hiện tốt công tác tuyên truyền trong toàn khối và các cơ sở "
    "đảng trực thuộc là yêu cầu của Chỉ thị số 03-CT/TW.",
])
def test_no_links(nlp, text):
    assert links(nlp, text) in ([([], [])], [])


def test_a_review_word_governs_the_implementing_one():
    text = "Đề án tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 khóa IX"
    assert link_of(text, 0, text.index("Nghị quyết")) == "reviews"
    text = "quán triệt và đẩy mạnh thực hiện Nghị quyết 22-NQ/TW"
    assert link_of(text, 0, text.index("Nghị quyết")) == "implements"


def test_link_cues_are_data():
    assert {link for _, link in lexicon_rows("link-cues.tsv")} == {"implements", "reviews"}
