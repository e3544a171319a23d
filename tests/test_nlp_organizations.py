"""Where the name of a body starts and ends, and what is no body at all (countries, places).

One table per rule family; each case is a phrase as the bulletins write it."""

import pytest

from kg.nlp.lexicon import NAME_COMPOUNDS, ORG_LOWER_PHRASES, lexicon_rows
from kg.nlp.organizations import find_organizations


def names(text):
    return [o.name for o in find_organizations(text)]


@pytest.mark.parametrize("text, expected", [
    # a one-letter syllable opens a compound word like any other ("Y tế")
    ("Lãnh đạo Bộ Y tế cho biết", ["Bộ Y tế"]),
    ("Trung tâm Y tế Dự phòng tỉnh Quảng Nam đã cử cán bộ", ["Trung tâm Y tế Dự phòng tỉnh Quảng Nam"]),
    ("theo Cục Tần số Vô tuyến điện", ["Cục Tần số Vô tuyến điện"]),
    ("Hiệp hội Chăn nuôi Đồng Nai kiến nghị", ["Hiệp hội Chăn nuôi Đồng Nai"]),
    # lower-case words and commas that belong to the name
    ("Ban Chỉ đạo phòng, chống tội phạm tỉnh họp", ["Ban Chỉ đạo phòng, chống tội phạm tỉnh"]),
    ("Vụ trưởng Vụ Tổ chức cán bộ, Bộ Tài chính", ["Vụ Tổ chức cán bộ", "Bộ Tài chính"]),
    ("Bộ Văn hóa, Thể thao và Du lịch chủ trì", ["Bộ Văn hóa, Thể thao và Du lịch"]),
    ("Sở Khoa học, Công nghệ và Môi trường thành phố", ["Sở Khoa học, Công nghệ và Môi trường thành phố"]),
    # a unit's name runs on over "của" and the body it belongs to (ontology/lexicon/subordinate-bodies.tsv)
    ("Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng của Quốc hội",
     ["Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng của Quốc hội"]),
    ("Đoàn công tác của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy Cà Mau",
     ["Đoàn công tác của Bộ Chính trị", "Ban Thường vụ Tỉnh ủy Cà Mau"]),
    ("theo Quy chế làm việc của Tỉnh ủy, Ban Thường vụ Tỉnh ủy họp", ["Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"]),
    # lower-case field words right after a unit's head, never the syllable of another word ("Quốc phòng")
    ("Đoàn kiểm tra cũng đóng góp nhiều ý kiến", ["Đoàn kiểm tra"]),
    ("Chiều 15-6, Bộ Quốc phòng tổ chức hội nghị", ["Bộ Quốc phòng"]),
    ("Văn phòng Chính phủ và Văn phòng Quốc hội phối hợp", ["Văn phòng Chính phủ", "Văn phòng Quốc hội"]),
    # a list of bodies is not one name
    ("Hội Nông dân, Hội Phụ nữ và Đoàn Thanh niên", ["Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên"]),
    # an abbreviation in brackets, a district abbreviated
    ("Ban Tuyên giáo (BTG) Huyện ủy Cam Lộ", ["Ban Tuyên giáo (BTG) Huyện ủy Cam Lộ"]),
    ("UBND Q.Gò Vấp cho biết", ["UBND Q.Gò Vấp"]),
    ("Chi cục trưởng Chi cục Bảo vệ môi trường", ["Chi cục Bảo vệ môi trường"]),
    ("Cục trưởng Cục Kiểm soát hoạt động bảo vệ môi trường Lương Duy Hanh",
     ["Cục Kiểm soát hoạt động bảo vệ môi trường"]),
    # a capital and the lower-case syllables of its word, never cut mid-word
    ("Công ty CP Gang thép Thái Nguyên báo lỗ", ["Công ty CP Gang thép Thái Nguyên"]),
    ("Cục Điều tra Liên bang Mỹ (FBI) cho biết", ["Cục Điều tra Liên bang Mỹ"]),
    ("Chủ tịch Hiệp hội Bất động sản TP.HCM cho biết", ["Hiệp hội Bất động sản TP.HCM"]),
    ("Cục Nghệ thuật biểu diễn cấp phép", ["Cục Nghệ thuật biểu diễn"]),
    ("Ngân hàng Chính sách xã hội tỉnh TT-Huế giải ngân", ["Ngân hàng Chính sách xã hội tỉnh TT-Huế"]),
    ("Kỳ họp của Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV",
     ["Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV"]),
    ("Tổng công ty Cảng hàng không Việt Nam cho biết", ["Tổng công ty Cảng hàng không Việt Nam"]),
    # a verb after the name is not part of it
    ("Bộ Công thương ban hành thông tư", ["Bộ Công thương"]),
    ("Ban Tổ chức hội thảo cho biết", ["Ban Tổ chức"]),
])
def test_names_run_to_the_end_of_their_noun_phrase(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("đội tuyển Tây Ban Nha thắng", []),  # "Ban" inside a country
    ("chủ quyền đối với quần đảo Trường Sa", []),  # "Trường" inside a place
    ("người phát ngôn Bộ Ngoại giao Trung Quốc Hoa Xuân Oánh nói", ["Bộ Ngoại giao Trung Quốc"]),
    ("Ủy ban MTTQ Việt Nam tỉnh Lào Cai tổ chức", ["Ủy ban MTTQ Việt Nam tỉnh Lào Cai"]),  # "Lào Cai", not Laos
    ("Bộ Kế hoạch và Đầu tư Việt Nam, Bộ Thương mại Trung Quốc", ["Bộ Kế hoạch và Đầu tư Việt Nam",
                                                                  "Bộ Thương mại Trung Quốc"]),
    ("Chủ tịch Quốc hội Cộng hòa Cu Ba Juan Esteban Lazo Hernandez", ["Quốc hội Cộng hòa Cu Ba"]),
    # an issuer's abbreviation inside a document's code
    ("Kế hoạch số 12/KH-UBND ngày 2/3/2017 của UBND tỉnh", ["UBND tỉnh"]),
])
def test_countries_places_and_people_are_not_part_of_a_body(text, expected):
    assert names(text) == expected


def test_the_word_lists_are_data():
    assert ("y tế", "Bộ Y tế") in lexicon_rows("name-compounds.tsv")
    assert all(w in NAME_COMPOUNDS for w, _ in lexicon_rows("name-compounds.tsv"))
    assert all(p in ORG_LOWER_PHRASES for p, _ in lexicon_rows("name-lower-words.tsv"))
    # every example really is read as one name, or at least holds the word it illustrates
    for word, example in lexicon_rows("name-compounds.tsv"):
        assert word in example.casefold(), word
    for compound, example in lexicon_rows("name-stop-compounds.tsv"):
        assert compound in example.casefold(), compound


def test_a_new_post_is_the_post():
    from kg.ingest import prepare
    from kg.nlp.pipeline import extract
    from kg.records import Bulletin

    text = "Sáng 10/5, tân Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân đã làm việc với Thành đoàn."
    officials = extract(prepare(Bulletin(id="t", raw_text=text, reference_date="2017-06-01"))).officials
    assert [(o.name, [p.label for p in o.positions]) for o in officials] == [
        ("Nguyễn Thiện Nhân", ["Bí thư Thành ủy TP.HCM"])]
