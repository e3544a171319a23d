"""Statistics: Vietnamese numerals, units, qualifiers, ranges; and the numbers that are not statistics."""

from decimal import Decimal

import pytest

from kg.nlp.numbers import parse_number
from kg.nlp.statistics import find_statistics


def _stats(text):
    return [(s.value, s.unit, s.qualifier, s.value_max) for s in find_statistics(text)]


def test_vietnamese_numerals():
    assert parse_number("1.372") == 1372
    assert parse_number("78,40") == Decimal("78.4")
    assert parse_number("32.000") == 32000
    assert parse_number("1,5", "tỷ") == 1_500_000_000
    assert parse_number("3,2", "nghìn tỷ") == 3_200_000_000_000


@pytest.mark.parametrize("text, expected", [
    ("đã kết nạp 1.372 quần chúng ưu tú", [(1372, "quần chúng ưu tú", None, None)]),
    ("trình độ đại học 945 đồng chí, chiếm 78,40%", [(945, "đồng chí", None, None), (Decimal("78.4"), "%", None, None)]),
    ("có trên 800 chuyên đề được đăng ký", [(800, "chuyên đề", "trên", None)]),
    ("tổng vốn 1,5 tỷ đồng", [(1_500_000_000, "đồng", None, None)]),
    ("từ 5 đến 7 tỷ đồng", [(5_000_000_000, "đồng", None, 7_000_000_000)]),
    ("tăng 5-7% so với cùng kỳ", [(5, "%", "tăng", 7)]),
    # a fraction is a share, neither number a count of its own (README "Statistics")
    ("đạt 57/57 đại biểu (100%)", [(100, "%", None, None)]),
    ("có 8/9 khu dân cư đạt danh hiệu", []),
    ("với 3.030/29.224 người tham gia", []),
    ("được 49 trên 49 đại biểu tán thành", []),
    ("hơn 188.000 tỷ đồng", [(188_000_000_000_000, "đồng", "hơn", None)]),
    ("1235 đảng viên dự bị", [(1235, "đảng viên dự bị", None, None)]),
    # a rate is part of the unit ...
    ("thu nhập bình quân đạt 26 triệu đồng/người/năm", [(26_000_000, "đồng/người/năm", "đạt", None)]),
    ("trên 26 triệu đồng/năm", [(26_000_000, "đồng/năm", "trên", None)]),
    ("tăng trưởng đạt 10,5%/năm", [(10.5, "%", "đạt", None)]),
    # a unit runs through compounds whose second syllable is a function word, never across a line
    ("có 374 chi bộ trực thuộc Đảng ủy cơ sở, 18 chi bộ", [(374, "chi bộ trực thuộc Đảng ủy cơ sở", None, None),
                                                         (18, "chi bộ", None, None)]),
    ("trong đó có 706 chứng chỉ hành nghề luật sư, gia hạn", [(706, "chứng chỉ hành nghề luật sư", None, None)]),
    ("tuyển dụng 18 cán bộ\nDù đã có chỉ đạo", [(18, "cán bộ", None, None)]),
])
def test_statistic_forms(text, expected):
    assert _stats(text) == expected


@pytest.mark.parametrize("text", [
    "Hội nghị tổng kết 10 năm thực hiện",
    "Hội nghị lần thứ 6, Ban Chấp hành Trung ương khóa X",
    "bảo đảm chặt chẽ toàn diện trên cả 5 mặt: Quản lý hồ sơ",
    "Từ năm 2008 đến nay",
    "nhiệm kỳ 2015-2020",
    "Quận 1 và Quốc lộ 14",
    "kỷ niệm 70 năm ngày thành lập",
    "hai đồng chí",
    # ... but a price per share is a market quote, and an age is no count
    "chia cổ tức 1.200 đồng/cổ phiếu",
    "giá chào bán 25.000 đồng/CP",
    "nghỉ hưu ở tuổi 60 theo quy định",
    "ông A, 52 tuổi, trú tại",
])
def test_not_statistics(text):
    assert _stats(text) == []


def test_dates_and_document_numbers_are_excluded_by_span():
    text = "Thực hiện Kế hoạch số 67-KH/TU, ngày 13/4/2018 có 12 đơn vị"
    excluded = [(10, 46)]
    assert _stats(text) [-1:] == [(12, "đơn vị", None, None)]
    assert [s.value for s in find_statistics(text, excluded)] == [12]


def test_period_is_recorded():
    (s,) = find_statistics("Từ năm 2008 đến nay, Đảng bộ đã kết nạp 1206 đảng viên.")
    assert s.period == "Từ năm 2008 đến nay"


@pytest.mark.parametrize("sentence, figure, bodies, expected", [
    ("Toàn tỉnh có 1.372 quần chúng ưu tú được kết nạp.", "1.372", [], "Toàn tỉnh"),
    ("Trên địa bàn huyện Phúc Thọ có 374 chi bộ trực thuộc Đảng ủy cơ sở.", "374", [], "huyện Phúc Thọ"),
    ("Hiện cả nước có 1,4 triệu doanh nghiệp.", "1,4", [], "cả nước"),
    ("Lực lượng Công an đã phát hiện 34 vụ.", "34", [("Lực lượng Công an", 0, 17)], "Lực lượng Công an"),
    ("Tại tỉnh Bình Định Hồ Quốc Dũng cho biết có 4 sở.", "4", [], "tỉnh Bình Định"),
    ("Hội nghị đã biểu quyết với 97% số phiếu.", "97", [], None),
    # the subject after a short time phrase closed by a comma, or after "Hiện nay"
    ("6 tháng đầu năm 2017, Bộ Tư pháp cấp chứng chỉ hành nghề cho 1.179 trường hợp.", "1.179",
     [("Bộ Tư pháp", 22, 32)], "Bộ Tư pháp"),
    ("Hiện nay ACV quản lý 22 sân bay trong cả nước.", "22", [("ACV", 9, 12)], "ACV"),
    # a body named further on in the sentence is not its subject
    ("Ông Nguyễn Văn A cho biết Sở Y tế đã cấp 20 giấy phép.", "20", [("Sở Y tế", 26, 33)], None),
    # an administrative word opening the sentence with no name after it is the unit itself
    ("Thành phố đã chuyển 18 vụ vi phạm trật tự xây dựng.", "18", [], "Thành phố"),
])
def test_what_a_statistic_is_about(sentence, figure, bodies, expected):
    from kg.nlp.about import about_in

    assert about_in(sentence, 0, sentence.index(figure), bodies) == expected


@pytest.mark.parametrize("text, unit", [
    ("Đội quy tập đã đưa 30 hài cốt liệt sỹ hy sinh tại Lào về nước.", "hài cốt liệt sỹ"),
    ("Trong đó có 7 người hiện đang công tác tại bệnh viện.", "người"),
    ("Đã đưa 5 đối tượng đi cai nghiện bắt buộc.", "đối tượng"),
    ("Đoàn nêu 6 vấn đề liên quan đến bán đảo Sơn Trà.", "vấn đề"),
    ("Có 27 biểu hiện suy thoái được chỉ ra.", "biểu hiện suy thoái"),  # "hiện" inside "biểu hiện"
    ("Hỗ trợ 5.000 thanh niên làm kinh tế.", "thanh niên làm kinh tế"),
])
def test_the_unit_ends_where_the_sentence_goes_on(text, unit):
    assert [u for _, u, _, _ in _stats(text)] == [unit]


@pytest.mark.parametrize("text", [
    "Quy định có hiệu lực từ năm 2015 đối với cán bộ.",
    "Nhiệm kỳ 2015 - 2020 thôi giữ chức Bí thư Quận ủy.",
    "Ông Nguyễn Văn A, 26 tuổi, quê Nghệ An.",
])
def test_years_and_ages_are_not_statistics(text):
    assert _stats(text) == []


@pytest.mark.parametrize("text, unit", [
    # a person's name after the counted noun is no part of the unit
    ("Đoàn có 2 đại biểu Quốc hội Nguyễn Doãn Anh và Trần Thị Phương Hoa vắng mặt.", "đại biểu Quốc hội"),
    ("Kiểm điểm trách nhiệm 2 ông Diệp Xuân Vinh và Nguyễn Cường.", "ông"),
    # nor the dateline of a sentence run on without a full stop
    ("HĐND thành phố bầu 2 tân Phó Chủ tịch Sáng 13-7, tại kỳ họp", "tân Phó Chủ tịch"),
    # "mới" after the noun is "new" and part of it; before a function word it is "just"
    ("Đà Nẵng sẽ có thêm 3 sân golf mới.", "sân golf mới"),
    ("Công ty đã ký 13 hợp đồng với 13 nhân viên mới, trong đó", "nhân viên mới"),
    ("Có 5 BQL dự án mới thành lập.", "BQL dự án mới thành lập"),
    ("Trong đó 5 người mới được tuyển dụng.", "người"),
])
def test_the_unit_stops_before_a_name_and_keeps_new(text, unit):
    assert [u for _, u, _, _ in _stats(text)][-1] == unit
