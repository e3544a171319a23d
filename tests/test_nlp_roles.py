"""Roles at an event, one convention (README "Roles, one convention"): who chairs it and which body
holds it. One table per rule family; each case is a real phrase from the corpus (names of bodies and
people kept, the rest of the sentence shortened)."""

import pytest

from kg.ingest import prepare
from kg.nlp.lexicon import lexicon_rows
from kg.nlp.pipeline import default_nlp, extract
from kg.records import Bulletin


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


def extracted(nlp, text, reference="2017-06-20"):
    return extract(prepare(Bulletin(id="t", raw_text=text, reference_date=reference)), nlp)


def chairs(nlp, text):
    return sorted({p.official for e in extracted(nlp, text).events for p in e.participations if p.role == "chaired"})


def organizers(nlp, text):
    return sorted({o for e in extracted(nlp, text).events for o in e.organizers})


@pytest.mark.parametrize("text, expected", [
    # "chủ trì", "đồng chủ trì", with a run of officials before it
    ("Chiều 15-6, Bộ Quốc phòng đã tổ chức hội nghị. Đại tướng Ngô Xuân Lịch, Bộ trưởng Bộ Quốc phòng và ông Võ "
     "Trọng Việt, Chủ nhiệm Ủy ban Quốc phòng và An ninh của Quốc hội đồng chủ trì hội nghị.",
     ["Ngô Xuân Lịch", "Võ Trọng Việt"]),
    # who runs a sitting
    ("Sáng 9/5, Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII đã khai mạc. Ông Nguyễn Xuân Phúc, "
     "Ủy viên Bộ Chính trị, Thủ tướng Chính phủ, thay mặt Bộ Chính trị điều hành phiên họp.", ["Nguyễn Xuân Phúc"]),
    # the presiding officer, after "là"
    ("Chiều 9-6, Quốc hội thảo luận tại phiên họp toàn thể. Chủ tọa phiên thảo luận là Phó Chủ tịch Quốc hội "
     "Phùng Quốc Hiển.", ["Phùng Quốc Hiển"]),
    # the leader who holds a working session, and the head of a delegation written with commas
    ("Sáng 7/2, ông Đinh La Thăng, Ủy viên Bộ Chính trị, Bí thư Thành ủy Thành phố Hồ Chí Minh làm việc với "
     "Quận 2 về nhiệm vụ phát triển kinh tế.", ["Đinh La Thăng"]),
    ("Ngày 7/7, Đoàn công tác của Ban Bí thư do đồng chí Thượng tướng Lương Cường, Bí thư Trung ương Đảng, Chủ "
     "nhiệm Tổng Cục Chính trị làm trưởng đoàn, đã có buổi làm việc với Ban Thường vụ Tỉnh ủy Phú Thọ.",
     ["Lương Cường"]),
    ("Ngày 11/5, Phó tổng cục trưởng Tổng cục Du lịch Hà Văn Siêu dẫn đầu đoàn công tác có buổi làm việc với "
     "Hiệp hội Du lịch Đà Nẵng.", ["Hà Văn Siêu"]),
    # a post written without its holder's name, held by an official the bulletin names
    ("Ông Hoàng Trung Hải, Bí thư Thành ủy Hà Nội cho rằng cán bộ phải gương mẫu. Ngày 7/2, Bí thư Thành ủy Hà Nội "
     "đã làm việc với lãnh đạo huyện Phúc Thọ.", ["Hoàng Trung Hải"]),
    # a reception: the host holds it
    ("Chiều 29/5, tại Trụ sở Quốc hội, Chủ tịch Quốc hội Nguyễn Thị Kim Ngân đã thân mật tiếp Đoàn đại biểu Đảng "
     "Dân tiến Nhật Bản.", ["Nguyễn Thị Kim Ngân"]),
])
def test_chairs(nlp, text, expected):
    assert chairs(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # planned: an invitation's programme
    "Cuộc họp diễn ra chiều 27/5. Theo thông tin trong giấy mời, cuộc họp sẽ do ông Nguyễn Ngọc Tuấn, Phó chủ "
    "tịch UBND TP Đà Nẵng, chủ trì.",
    # a task assigned, not a meeting chaired
    "Chiều 27/5, UBND TP Đà Nẵng tổ chức cuộc họp. Ông Thơ giao Phó chủ tịch UBND TP Nguyễn Ngọc Tuấn chủ trì, "
    "phối hợp các sở, ngành triển khai.",
    # the chair of the press briefing held after the sitting is not the sitting's chair
    "Chiều 17/5, Ủy ban Thường vụ Quốc hội bế mạc Phiên họp thứ 10. Sau phiên họp, Tổng Thư ký Quốc hội, "
    "Chủ nhiệm Văn phòng Quốc hội Nguyễn Hạnh Phúc chủ trì buổi họp báo.",
])
def test_no_chair(nlp, text):
    assert chairs(nlp, text) == []


@pytest.mark.parametrize("text, expected", [
    # the body that meets
    ("Ngày 15/3, Ủy ban Kiểm tra Trung ương đã họp kỳ thứ 15 tại Hà Nội.", ["Ủy ban Kiểm tra Trung ương"]),
    ("Chiều 6/7, Ban Thường vụ Tỉnh ủy Yên Bái họp nghe báo cáo tình hình kinh tế - xã hội.",
     ["Ban Thường vụ Tỉnh ủy Yên Bái"]),
    # the body whose sitting the name says, without its term
    ("Sáng 21/6, kỳ họp thứ 3 Quốc hội khóa XIV đã chính thức bế mạc.", ["Quốc hội"]),
    ("Sáng 24/6, hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 đã khai mạc tại TPHCM.",
     ["Ban Chấp hành Trung ương Đoàn"]),
    # the deputies that meet voters, the body that has the working session
    ("Sáng 9/5, Đoàn đại biểu Quốc hội TP.HCM tiếp xúc cử tri tại huyện Củ Chi.", ["Đoàn đại biểu Quốc hội TP.HCM"]),
    ("Chiều 15-6, Bộ Quốc phòng đã có cuộc làm việc với Ủy ban Quốc phòng và An ninh của Quốc hội.",
     ["Bộ Quốc phòng"]),
    # passive: "được X tổ chức"
    ("Sáng 30/5, Lễ tuyên dương giáo viên dạy giỏi năm học 2016-2017 được Sở Giáo dục và Đào tạo tỉnh Bình Định "
     "tổ chức tại Hội trường UBND tỉnh.", ["Sở Giáo dục và Đào tạo tỉnh Bình Định"]),
    # the body whose decision is handed over
    ("Ngày 8/2/2017, đồng chí Nguyễn Thanh Bình, Phó Trưởng Ban Tổ chức Trung ương đã trao Quyết định của Ban Bí "
     "thư chỉ định đồng chí Đỗ Đức Duy tham gia Ban Chấp hành Đảng bộ tỉnh.", ["Ban Bí thư"]),
])
def test_organizers(nlp, text, expected):
    assert organizers(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # the body in the official's title is where the official works; the official holds the session
    "Ngày 10-2, đồng chí Đinh La Thăng, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP Hồ Chí Minh có buổi làm việc "
    "với Thành đoàn TP Hồ Chí Minh.",
    # the Central Committee's plenum names no body by the gold convention
    "Ngày 9/5, Hội nghị Trung ương 5 khóa XII đã diễn ra tại Hà Nội.",
])
def test_no_organizer(nlp, text):
    assert organizers(nlp, text) == []


def test_role_lexicons_are_commented_data():
    cues = {p: role for p, role in lexicon_rows("role-cues.tsv")}
    assert cues["chủ trì"] == "chaired" and cues["chủ trì, phối hợp"] == "none"
    assert {why for _, why in lexicon_rows("role-blockers.tsv")} <= {"planned", "assigned", "demanded"}
