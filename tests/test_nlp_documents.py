"""Document citations in the forms bulletins use."""

import pytest

from kg.nlp.documents import find_documents


def _docs(text):
    return [(c.type, c.number, c.date, c.issuer, c.name) for c in find_documents(text)]


@pytest.mark.parametrize("text, expected", [
    ("Quyết định số 46/2017/QĐ-TTg ngày 5/4/2017 của Thủ tướng Chính phủ về",
     [("decision", "46/2017/QĐ-TTg", "2017-04-05", "Thủ tướng Chính phủ", None)]),
    ("theo Nghị định 59/2015/NĐ-CP", [("decree", "59/2015/NĐ-CP", None, None, None)]),
    ("Quyết định số 1234/QĐ-UBND ngày 12 tháng 5 năm 2017 của UBND tỉnh về việc",
     [("decision", "1234/QĐ-UBND", "2017-05-12", "UBND tỉnh", None)]),
    ("các Nghị quyết số 18, 19-NQ/TW của Ban Chấp hành Trung ương",
     [("resolution", "18-NQ/TW", None, "Ban Chấp hành Trung ương", None),
      ("resolution", "19-NQ/TW", None, "Ban Chấp hành Trung ương", None)]),
    ("Chỉ thị 05 của Bộ Chính trị", [("directive", "05", None, "Bộ Chính trị", None)]),
    ("Kết luận số 21-KL/TW và Quy định số 47-QĐ/TW",
     [("conclusion", "21-KL/TW", None, None, None), ("regulation", "47-QĐ/TW", None, None, None)]),
    ("thông báo số 28-TB/ĐUK, ngày 15/3/2017", [("notice", "28-TB/ĐUK", "2017-03-15", None, None)]),
    ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX",
     [("resolution", None, None, None, "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX")]),
    ("gắn Nghị quyết Trung ương 4 (khóa XII) với", [("resolution", None, None, None, "Nghị quyết Trung ương 4 khóa XII")]),
    ("Luật Đất đai năm 2013 và", [("law", None, None, None, "Luật Đất đai năm 2013")]),
    # the Party centre's code written with Ư is the same code as TW
    ("theo Quy định số 102-QĐ/TƯ của Bộ Chính trị", [("regulation", "102-QĐ/TW", None, "Bộ Chính trị", None)]),
    ("Quyết định số 45-QĐ/T.Ư ngày 3/5/2017 của Ban Bí thư",
     [("decision", "45-QĐ/TW", "2017-05-03", "Ban Bí thư", None)]),
    # the type's abbreviation in brackets before the number
    ("thực hiện Chỉ thị (CT) 15 của Ban Bí thư", [("directive", "15", None, "Ban Bí thư", None)]),
    # a few words of the document's name between its type and a coded number
    ("Căn cứ Luật tổ chức Tòa án nhân dân số 62/2014/QH13;", [("law", "62/2014/QH13", None, None, None)]),
    ("Báo cáo thẩm tra số 658/BC-UBTP14 ngày 06 tháng 6 năm 2017 của Ủy ban Tư pháp",
     [("other", "658/BC-UBTP14", "2017-06-06", "Ủy ban Tư pháp", None)]),
    ("bản Kết luận Thanh tra số 05/KL-TTr, ngày 20/6/2017 cho biết", [("conclusion", "05/KL-TTr", "2017-06-20", None, None)]),
    ("theo Bộ luật Hình sự số 100/2015/QH13 thì", [("law", "100/2015/QH13", None, None, None)]),
    # two citations joined by "và" keep their own issuers; a lower-case noun is no issuer
    ("Quyết định số 53/2014/QĐ-UBND của UBND tỉnh và Thông tư liên tịch số 05/2015/TTLT-BTP-BCA-BYT của Bộ Tư pháp",
     [("decision", "53/2014/QĐ-UBND", None, "UBND tỉnh", None),
      ("circular", "05/2015/TTLT-BTP-BCA-BYT", None, "Bộ Tư pháp", None)]),
    ("Công văn số 409/UBND-TKBT của ban quản lý", [("official_letter", "409/UBND-TKBT", None, None, None)]),
])
def test_citation_forms(text, expected):
    assert _docs(text) == expected


@pytest.mark.parametrize("text", [
    "xử lý kỷ luật 92 đảng viên",  # "luật" inside "kỷ luật" is no law
    "Kế hoạch 5 năm phát triển kinh tế",  # a five-year plan, not plan no. 5
    "kế hoạch của tỉnh",
])
def test_not_citations(text):
    assert _docs(text) == []


def test_coordinated_citations_share_the_issuer():
    text = "Chỉ thị số 03-CT/TW, ngày 14/5/2011 và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị."
    assert _docs(text) == [("directive", "03-CT/TW", "2011-05-14", "Bộ Chính trị", None),
                           ("directive", "05-CT/TW", "2016-05-15", "Bộ Chính trị", None)]


@pytest.mark.parametrize("text, name", [
    ("quán triệt Nghị quyết TW4 (khóa XII) tới chi bộ", "Nghị quyết Trung ương 4 khóa XII"),
    ("thực hiện Nghị quyết T.Ư 4, khóa 12 ở cơ sở", "Nghị quyết Trung ương 4 khóa XII"),
    ("theo Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XII) về chỉnh đốn",
     "Nghị quyết Trung ương 4 khóa XII"),
    ("học tập Nghị quyết Trung ương 05 của Đảng", "Nghị quyết Trung ương 5"),
])
def test_one_plenum_resolution_has_one_name(text, name):
    assert [c.name for c in find_documents(text)] == [name]


@pytest.mark.parametrize("text, expected", [
    ("bám sát Nghị quyết Đại hội IX Đảng bộ huyện, Nghị quyết Đại hội lần thứ XX Đảng bộ tỉnh và",
     ["Nghị quyết Đại hội IX Đảng bộ huyện", "Nghị quyết Đại hội lần thứ XX Đảng bộ tỉnh"]),
    ("sửa đổi Luật Nhà ở 2014 cho phù hợp", ["Luật Nhà ở năm 2014"]),
    ("hướng dẫn Luật Doanh nghiệp (DN) năm 2014 tới hộ kinh doanh", ["Luật Doanh nghiệp năm 2014"]),
    ("bảo vệ Hiến pháp 1992 như", ["Hiến pháp năm 1992"]),
    ("xử lý theo Luật Phòng, chống ma túy.", ["Luật Phòng, chống ma túy"]),
    ("lấy ý kiến về Luật Phòng chống tham nhũng sửa đổi", ["Luật Phòng chống tham nhũng"]),
    ("giải ngân vốn Chương trình MTQG về xây dựng NTM của huyện",
     ["Chương trình mục tiêu quốc gia xây dựng nông thôn mới"]),
    ("kết quả chương trình mục tiêu quốc gia giảm nghèo bền vững năm nay",
     ["Chương trình mục tiêu quốc gia giảm nghèo bền vững"]),
])
def test_named_documents(text, expected):
    assert [c.name for c in find_documents(text)] == expected


def test_amending_law_and_the_numbered_law_it_amends():
    text = "thảo luận dự án Luật sửa đổi, bổ sung một số điều của Bộ luật Dân sự số 91/2015/QH13; về"
    assert sorted(_docs(text), key=str) == sorted([
        ("law", "91/2015/QH13", None, None, None),
        ("law", None, None, None, "Luật sửa đổi, bổ sung một số điều của Bộ luật Dân sự")], key=str)


@pytest.mark.parametrize("text", [
    "Luật sư Trần Văn B cho biết",
    "Giám đốc Công ty Luật Hòa Bình (Đoàn Luật sư tỉnh)",  # a law firm
    "các nghị quyết của Đảng đã đề ra",
    "nghị quyết này có hiệu lực",
])
def test_generic_phrases_are_no_named_documents(text):
    assert _docs(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Kỳ họp đã thông qua Nghị quyết về phát triển du lịch cộng đồng giai đoạn 2018-2020 với đa số phiếu.",
     [("resolution", "Nghị quyết về phát triển du lịch cộng đồng giai đoạn 2018-2020")]),
    ("vi phạm Quy chế làm việc của Huyện ủy. Sau đó", [("rules", "Quy chế làm việc của Huyện ủy")]),
    ("theo Kết luận của Ban Bí thư về công tác cán bộ nữ, các cấp ủy", [
        ("conclusion", "Kết luận của Ban Bí thư về công tác cán bộ nữ")]),
    ("xây dựng Đề án sắp xếp lại các trường tiểu học trên địa bàn huyện; đồng thời",
     [("project", "Đề án sắp xếp lại các trường tiểu học trên địa bàn huyện")]),
    ("trình dự thảo Nghị định quy định về quản lý chợ đầu mối nông sản. Bộ",
     [("decree", "Nghị định quy định về quản lý chợ đầu mối nông sản")]),
    ("Thực hiện Chương trình công tác năm 2018 của Ban Thường vụ Tỉnh ủy, ngày 5/3",
     [("programme", "Chương trình công tác năm 2018 của Ban Thường vụ Tỉnh ủy")]),
    # commas inside a title go on; a clause after a comma ends it
    ("thông qua Nghị quyết về cơ chế, chính sách hỗ trợ hợp tác xã, trong đó ưu tiên",
     [("resolution", "Nghị quyết về cơ chế, chính sách hỗ trợ hợp tác xã")]),
    # "đối với" and "chương trình" belong to the title; two resolutions in a list are two documents
    ("Nghị quyết về việc miễn nhiệm đối với ông Trần Văn C; Nghị quyết về chương trình giám sát năm 2019.",
     [("resolution", "Nghị quyết về việc miễn nhiệm đối với ông Trần Văn C"),
      ("resolution", "Nghị quyết về chương trình giám sát năm 2019")]),
])
def test_documents_cited_by_title(text, expected):
    assert [(c.type, c.name) for c in find_documents(text)] == expected


@pytest.mark.parametrize("text", [
    "các Nghị quyết về công tác xây dựng Đảng đã đi vào cuộc sống",  # plural: generic
    "nghị quyết về phát triển du lịch của tỉnh",  # lower case: generic
    "Đề án này đã được phê duyệt",
    "Nghị quyết về vấn đề này",
])
def test_generic_titles_are_no_documents(text):
    assert find_documents(text) == []


@pytest.mark.parametrize("text, expected", [
    ("góp ý dự thảo Điều lệ Hội Nông dân Việt Nam; đồng thời", [("other", "Điều lệ Hội Nông dân Việt Nam")]),
    ("đảng viên vi phạm Điều lệ Đảng.", [("other", "Điều lệ Đảng")]),
    ("các văn bản thuộc Chương trình công tác năm 2019, nhất là", [("programme", "Chương trình công tác năm 2019")]),
    ("Điều lệ trường tiểu học quy định", []),  # any school's charter
    ("Quy chế cho phép thí sinh dự thi hai bài", []),  # the head is the subject of a clause
])
def test_charters_and_work_programmes(text, expected):
    assert [(c.type, c.name) for c in find_documents(text)] == expected
