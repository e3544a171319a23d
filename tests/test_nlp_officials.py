"""Officials and their positions, in the forms bulletins use; nobody invented from an
organization, a place or a title alone."""

import pytest

from kg.nlp.officials import find_officials


def _people(text):
    return [(o.name, [p.label for p in o.positions]) for o in find_officials(text)]


@pytest.mark.parametrize("text, expected", [
    ("Dự Hội nghị có đồng chí Phạm Sỹ Lợi - Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh; các đồng chí đại biểu.",
     [("Phạm Sỹ Lợi", ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"])]),
    ("Đồng chí Lại Văn Hanh, Tỉnh ủy viên, Bí thư Đảng ủy Khối chủ trì Hội nghị.",
     [("Lại Văn Hanh", ["Tỉnh ủy viên", "Bí thư Đảng ủy Khối"])]),
    ("Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy, Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung chủ trì hội nghị.",
     [("Nguyễn Đức Chung", ["Ủy viên Trung ương Đảng", "Phó Bí thư Thành ủy", "Chủ tịch UBND TP Hà Nội"])]),
    ("Chủ tịch UBND tỉnh Hà Tĩnh Đặng Quốc Khánh phát biểu", [("Đặng Quốc Khánh", ["Chủ tịch UBND tỉnh Hà Tĩnh"])]),
    ("Thượng tướng Tô Lâm, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an phát biểu.",
     [("Tô Lâm", ["Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Công an"])]),
    ("ông Nguyễn Thanh Quang (Ủy viên Ban Thường vụ Thành ủy, Trưởng ban Tuyên giáo Thành ủy) cho biết",
     [("Nguyễn Thanh Quang", ["Ủy viên Ban Thường vụ Thành ủy", "Trưởng ban Tuyên giáo Thành ủy"])]),
    ("Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn Nguyễn Xuân Cường.",
     [("Nguyễn Xuân Cường", ["Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn"])]),
    ("Nguyễn Văn Bình, Chủ tịch UBND tỉnh, cho biết", [("Nguyễn Văn Bình", ["Chủ tịch UBND tỉnh"])]),
    ("Ủy viên Bộ Chính trị, Phó Thủ tướng Trung Quốc Uông Dương đã hội kiến",
     [("Uông Dương", ["Ủy viên Bộ Chính trị", "Phó Thủ tướng Trung Quốc"])]),
])
def test_official_forms(text, expected):
    assert _people(text) == expected


def test_lists_of_people_with_their_own_or_a_shared_title():
    text = ("Dự hội nghị có các đồng chí: Phạm Minh Chính, Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương; "
            "Võ Văn Thưởng, Ủy viên Bộ Chính trị, Trưởng Ban Tuyên giáo Trung ương.")
    assert _people(text) == [
        ("Phạm Minh Chính", ["Ủy viên Bộ Chính trị", "Trưởng Ban Tổ chức Trung ương"]),
        ("Võ Văn Thưởng", ["Ủy viên Bộ Chính trị", "Trưởng Ban Tuyên giáo Trung ương"])]
    assert _people("các Phó Thủ tướng Chính phủ: Trương Hòa Bình, Vũ Đức Đam cùng dự.") == [
        ("Trương Hòa Bình", ["Phó Thủ tướng Chính phủ"]), ("Vũ Đức Đam", ["Phó Thủ tướng Chính phủ"])]


@pytest.mark.parametrize("text", [
    "Phó Chủ tịch UBND TP Hồ Chí Minh cho biết kết quả.",  # a city, not a person
    "gia đình ông Nguyễn Đức Mạnh trồng cam trên đồi.",  # a private person, no position
    "các đồng chí Bí thư, Phó Bí thư các chi bộ, đảng bộ cơ sở.",  # titles alone
    "Ban Thường vụ Tỉnh ủy Lào Cai tổ chức Hội nghị.",
    "Đồng chí Bí thư Tỉnh ủy nhấn mạnh.",
])
def test_nobody_is_invented(text):
    assert _people(text) == []
