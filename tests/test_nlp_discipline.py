"""Disciplinary measures (kg.nlp.discipline), one real phrase per case: who, which measure, by which
body, for what, when; and the sentences a careful annotator leaves out."""

import pytest

from kg.nlp.pipeline import extract
from kg.reading.clean import clean_bulletin
from kg.reading.sources import finish
from kg.records import Bulletin


def facts(text: str, date: str | None = "2017-06-10") -> list[dict]:
    b = Bulletin(id="t", raw_text="Tin kỷ luật\n\n" + text, date=date)
    finish(b)
    clean_bulletin(b)
    return [{"kind": f.kind, **f.fields} for f in extract(b).facts]


TAKEN = [
    # (text, expected facts as (person, measure, body or None))
    (("Ban Bí thư quyết định thi hành kỷ luật cách chức Ủy viên Ban Thường vụ Tỉnh ủy nhiệm kỳ 2010 - 2015 "
      "đối với ông Võ Kim Cự."), [("Võ Kim Cự", "dismissal", "Ban Bí thư")]),
    ("Ủy ban Kiểm tra Trung ương quyết định thi hành kỷ luật bà Phan Thị Mỹ Thanh bằng hình thức cảnh cáo.",
     [("Phan Thị Mỹ Thanh", "warning", "Ủy ban Kiểm tra Trung ương")]),
    (("Sở Tài nguyên và Môi trường tỉnh Kon Tum đã kỷ luật cảnh cáo các ông Diệp Xuân Vinh và Cao Minh Phương "
      "vì vi phạm đạo đức cán bộ công chức."),
     [("Diệp Xuân Vinh", "warning", "Sở Tài nguyên và Môi trường tỉnh Kon Tum"),
      ("Cao Minh Phương", "warning", "Sở Tài nguyên và Môi trường tỉnh Kon Tum")]),
    ("UBND huyện Chư Pah vừa ký quyết định kỷ luật bằng hình thức giáng chức với ông Nguyễn Hòa.",
     [("Nguyễn Hòa", "demotion", "UBND huyện Chư Pah")]),
    ("Tập đoàn Công nghiệp Hóa chất Việt Nam đã triển khai việc khai trừ Đảng đối với ông Vũ Đình Duy.",
     [("Vũ Đình Duy", "expulsion", "Tập đoàn Công nghiệp Hóa chất Việt Nam")]),
    (("Sở TN-MT cũng thi hành kỷ luật khiển trách đối với ông Huỳnh Thức Viên, Chi cục trưởng Chi cục "
      "bảo vệ môi trường."), [("Huỳnh Thức Viên", "reprimand", "Sở TN-MT")]),
]


@pytest.mark.parametrize("text,expected", TAKEN)
def test_a_measure_reported_as_taken_is_read_with_its_person_and_body(text, expected):
    got = [(f["person"], f["measure"], f.get("body")) for f in facts(text)]
    assert got == expected


def test_the_reason_and_the_date_are_read_where_the_sentence_gives_them():
    (f,) = facts("Ngày 5/6/2017, Ban Bí thư quyết định thi hành kỷ luật cách chức Bí thư Tỉnh ủy đối với "
                 "ông Võ Kim Cự vì đã vi phạm nghiêm trọng quy chế làm việc.")
    assert f["reason"] == "đã vi phạm nghiêm trọng quy chế làm việc"
    assert f["date"] == "2017-06-05"


def test_a_post_after_a_comma_is_not_a_second_person():
    got = facts("Chi bộ kỷ luật khiển trách đối với ông Nguyễn Cường, Phó Trưởng phòng Khoáng sản.")
    assert [f["person"] for f in got] == ["Nguyễn Cường"]


def test_a_list_of_people_gives_each_a_fact_and_skips_their_posts():
    got = facts("Ủy ban Kiểm tra Huyện ủy Gia Viễn quyết định kỷ luật khiển trách đối với các ông: Trần Tiến Anh, "
                "Nguyễn Quốc Tuấn, Đảng ủy viên, Phó Giám đốc Bệnh viện; Vũ Trọng Toàn, đảng viên Chi bộ Phòng "
                "Khám; bà Bùi Thị Hoan, Trạm trưởng Trạm Y tế xã Gia Xuân.")
    assert [f["person"] for f in got] == ["Trần Tiến Anh", "Nguyễn Quốc Tuấn", "Vũ Trọng Toàn", "Bùi Thị Hoan"]
    assert {f["body"] for f in got} == {"Ủy ban Kiểm tra Huyện ủy Gia Viễn"}


def test_people_introduced_by_gom_are_the_ones_measured():
    got = facts("Kỷ luật khiển trách với 3 phó Ban Bồi thường giải phóng mặt bằng quận, gồm: ông Võ Quốc Tuấn, "
                "Lâm Quan Phơ, Mai Văn Trường.")
    assert [f["person"] for f in got] == ["Võ Quốc Tuấn", "Lâm Quan Phơ", "Mai Văn Trường"]


def test_the_speaker_of_a_passive_report_is_not_the_one_measured():
    text = ("Ông Phạm Minh Thành, Hiệu phó trường THPT Kiến Tường cho biết, một nữ sinh vừa bị trường kỷ luật "
            "khiển trách.")
    assert facts(text) == []


def test_a_passive_sentence_names_the_person_before_and_no_body():
    got = facts("Ông Hồ Trường Sơn, Trạm trưởng Trạm kiểm lâm, bị kỷ luật với hình thức khiển trách.")
    assert [(f["person"], f["measure"], f.get("body")) for f in got] == [("Hồ Trường Sơn", "reprimand", None)]


NOT_TAKEN = [
    "Chi bộ khoa Sản vừa họp bỏ phiếu đề nghị kỷ luật khai trừ Đảng đối với ông Trần Văn Minh.",  # proposed
    "Ủy ban Kiểm tra sẽ xem xét kỷ luật cảnh cáo đối với ông Nguyễn Văn A.",  # future, under consideration
    "Kết quả kỷ luật khiển trách 1 tập thể, kỷ luật cảnh cáo 2 cá nhân.",  # nobody named
    "Cơ quan khí tượng cảnh cáo ông Nguyễn Văn Bình về nguy cơ lũ quét.",  # to warn, not a measure
    "Kỷ luật của Đảng không có hình thức nào cho thôi chức, mà phải là hình thức cách chức ông Nguyễn Văn C.",
]


@pytest.mark.parametrize("text", NOT_TAKEN)
def test_a_measure_not_reported_as_taken_is_no_fact(text):
    assert facts(text) == []
