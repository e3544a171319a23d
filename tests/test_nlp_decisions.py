"""Decisions about people (discipline, appointment) and inspection visits, as the bulletins write them.

One table per rule family; each case is a real phrase from the corpus (names of bodies and people
kept, dates and the rest of the sentence shortened)."""

import pytest

from kg.ingest import prepare
from kg.nlp.lexicon import lexicon_rows
from kg.nlp.pipeline import default_nlp, extract
from kg.records import Bulletin


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


def frames(nlp, text, reference="2017-06-20"):
    b = Bulletin(id="t", raw_text=text, reference_date=reference)
    return [(e.kind, e.date, e.organizers) for e in extract(prepare(b), nlp).events]


@pytest.mark.parametrize("text, expected", [
    # discipline, with the body that decides
    ("Ủy ban Kiểm tra Trung ương quyết định thi hành kỷ luật cảnh cáo đối với ông Lương Duy Hanh.",
     [("discipline", None, ["Ủy ban Kiểm tra Trung ương"])]),
    ("Ban Thường vụ Huyện ủy đã thống nhất hình thức kỷ luật cách chức đối với ông Trần Văn Minh.",
     [("discipline", None, ["Ban Thường vụ Huyện ủy"])]),
    ("Ngày 7/5, Đảng ủy xã Kiến Thành đã họp và quyết định khai trừ ra khỏi Đảng đối với ông Nguyễn Văn Hùng.",
     [("discipline", "2017-05-07", ["Đảng ủy xã Kiến Thành"])]),
    # appointment, transfer, election, approval
    ("Ban Thường vụ Thành ủy Đà Nẵng đã điều động ông Nguyễn Thanh Quang về nhận nhiệm vụ Bí thư Quận ủy Thanh Khê.",
     [("appointment", None, ["Ban Thường vụ Thành ủy Đà Nẵng"])]),
    ("Ông Đặng Việt Dũng được bầu giữ chức Chủ tịch UBND TP Hải Phòng với 100% số phiếu.",
     [("appointment", None, [])]),
    ("Quốc hội biểu quyết phê chuẩn đề nghị của Chánh án Tòa án nhân dân tối cao về việc bổ nhiệm Thẩm phán.",
     [("appointment", None, ["Quốc hội"])]),
    # a decision told on over the next sentence is one decision
    ("UBND tỉnh Kon Tum đã quyết định kỷ luật cách chức đối với ông Diệp Xuân Vinh. Ông Vinh bị cách chức "
     "Phó Giám đốc Sở.", [("discipline", None, ["UBND tỉnh Kon Tum"])]),
])
def test_decisions_reported_as_taken_are_events(nlp, text, expected):
    assert frames(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Ủy ban Kiểm tra Trung ương đề nghị Bộ Chính trị xem xét, thi hành kỷ luật đối với ông Nguyễn Văn A.",
    "Tỉnh ủy sẽ bổ nhiệm Giám đốc Sở Y tế trong tháng tới.",
    "Hội đồng chưa xem xét việc miễn nhiệm ông Trần Văn B.",
    "Quy định nêu rõ tiêu chuẩn bổ nhiệm cán bộ lãnh đạo cấp sở.",
    "Năm 2010, ông Lê Văn C từng được điều động về làm Phó Giám đốc Sở Tài chính.",
    # a biography's election, years before the bulletin
    "Năm 2008, bà Hoàng được bầu giữ chức Chủ tịch MTTQ Việt Nam xã Quế Long và đương chức đến nay.",
    "Ông Trần Văn D được bầu giữ chức Chủ tịch UBND huyện Gia Viễn hồi tháng 1/2015.",
    # personnel verbs used of things, treatments, awards
    "Sáng 12/3, Công an huyện đã điều động 3 xe chuyên dụng cùng hàng chục chiến sĩ có mặt.",
    "Bác sĩ chỉ định tiêm thuốc vào chỗ đau cho bệnh nhân.",
    "Tiền vệ này được bầu chọn là cầu thủ xuất sắc nhất trận.",
])
def test_decisions_planned_proposed_denied_or_past_are_no_events(nlp, text):
    assert frames(nlp, text) == []


@pytest.mark.parametrize("text, kind", [
    ("Chiều 7/7, Đoàn công tác của Ban Bí thư do đồng chí Lương Cường làm Trưởng đoàn đã có buổi làm việc với "
     "Ban Thường vụ Tỉnh ủy Phú Thọ.", "inspection"),
    ("Sáng 26/5, Ủy viên Bộ Chính trị Nguyễn Thiện Nhân đến thăm và làm việc với Công an TP.HCM.", "inspection"),
    ("Sáng 25/5, Ban Thường vụ Tỉnh ủy làm việc với đoàn kiểm tra của Bộ Chính trị.", "inspection"),
    ("Sáng 7/2, Bộ trưởng Phùng Xuân Nhạ có buổi làm việc với lãnh đạo huyện Phúc Thọ.", "meeting"),
])
def test_working_sessions_of_a_delegation_are_inspections(nlp, text, kind):
    assert [k for k, _, _ in frames(nlp, text)] == [kind]


def test_the_trigger_list_is_data():
    rows = lexicon_rows("decision-triggers.tsv", columns=3)
    assert {k for _, k, _ in rows} == {"discipline", "appointment"}
    assert {o for _, _, o in rows} == {"person", "-"}
    assert ("thi hành kỷ luật", "discipline", "-") in rows
    assert lexicon_rows("inspection-cues.tsv")


def roles(nlp, text, reference="2017-08-01"):
    b = Bulletin(id="t", raw_text=text, reference_date=reference)
    return [(e.kind, e.organizers, e.names_with_role("chaired")) for e in extract(prepare(b), nlp).events]


@pytest.mark.parametrize("text, expected", [
    # the leader who holds a working session chairs it; the delegation that holds it organizes it
    ("Sáng 7/2, Bộ trưởng Bộ GD-ĐT Phùng Xuân Nhạ có buổi làm việc với lãnh đạo huyện Phúc Thọ.",
     [("meeting", [], ["Phùng Xuân Nhạ"])]),
    ("Sáng 26/5, Ủy viên Bộ Chính trị Nguyễn Thiện Nhân đến thăm và làm việc với Công an TP.HCM.",
     [("inspection", [], ["Nguyễn Thiện Nhân"])]),
    ("Chiều 7/7, Đoàn công tác của Ban Bí thư do đồng chí Lương Cường, Bí thư Trung ương Đảng làm Trưởng đoàn "
     "đã có buổi làm việc với Ban Thường vụ Tỉnh ủy Phú Thọ.",
     [("inspection", ["Đoàn công tác của Ban Bí thư"], ["Lương Cường"])]),
    ("Chiều 8/2, Đoàn công tác T.Ư đã làm việc với Tỉnh ủy Kon Tum.", [("inspection", ["Đoàn công tác T.Ư"], [])]),
    # the body a decision is announced for
    ("Sáng 6/2, ông Võ Công Trí, Phó Bí thư Thường trực Thành ủy Đà Nẵng, đã thay mặt Ban Thường vụ Thành ủy Đà "
     "Nẵng chính thức công bố quyết định điều động ông Nguyễn Thanh Quang.",
     [("appointment", ["Ban Thường vụ Thành ủy Đà Nẵng"], [])]),
])
def test_who_holds_a_session_or_a_decision(nlp, text, expected):
    assert roles(nlp, text) == expected
