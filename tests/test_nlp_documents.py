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
    ("Luật Đất đai năm 2013 và", [("law", None, None, None, "Luật Đất đai")]),
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
