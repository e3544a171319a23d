import pytest

from kg.nlp.dates import find_dates, infer_year


def test_date_forms_and_year_inference():
    text = "ngày 13/4/2018 ... sáng 21-12 ... ngày 2 tháng 2 năm 2008 ... Chiều 6/2/2017 ... tỷ số 1-0"
    found = [(d.iso, d.has_year) for d in find_dates(text, "2018-01-05")]
    assert found == [("2018-04-13", True), ("2017-12-21", False), ("2008-02-02", True), ("2017-02-06", True)]


def test_year_inferred_from_bulletin_date():
    assert infer_year(21, 12, "2018-01-05") == 2017
    assert infer_year(1, 6, "2018-06-01") == 2018
    assert infer_year(1, 6, None) is None


@pytest.mark.parametrize("text, reference, expected", [
    # neither the bulletin's date nor an assumed year: the day-month is kept, partial
    ("Sáng 21-12, Tỉnh ủy tổ chức Hội nghị tổng kết.", None, [("--12-21", False)]),
    ("Trong hai ngày 14-15/5, Đại hội Đoàn tỉnh diễn ra.", None, [("--05-14", False)]),
    ("Chiều 29/2, Ban Thường vụ họp.", None, [("--02-29", False)]),  # a day of some year
    ("Sáng 31/4, Ban Thường vụ họp.", None, []),  # of none
    # with no year to check it against, "từ 3-5" is a range of hours, not the 3rd of May
    ("Pin cho thời gian sử dụng từ 3-5 giờ.", None, []),
    # an assumed year completes it
    ("Sáng 21-12, Tỉnh ủy tổ chức Hội nghị tổng kết.", "2017", [("2017-12-21", False)]),
    ("Ngày 13/4/2018 và sáng 21-12", None, [("2018-04-13", True), ("--12-21", False)]),
])
def test_day_month_of_an_unknown_year_stays_partial(text, reference, expected):
    assert [(d.iso, d.has_year) for d in find_dates(text, reference)] == expected


def test_parenthesised_and_dotted_day_months():
    found = [d.iso for d in find_dates("Sáng nay (8/2), ... Ngày 12.5, ...", "2017")]
    assert found == ["2017-02-08", "2017-05-12"]


def test_day_month_before_the_full_stop_that_ends_a_sentence():
    # "... chiều 9-3." ends the sentence; "sáng 9.3.2019" is a full date, not a day-month.
    found = [d.iso for d in find_dates("Ông An phát biểu tại cuộc họp chiều 9-3. Sau đó", "2019")]
    assert found == ["2019-03-09"]
    assert [d.iso for d in find_dates("sáng 9.3.2019", "2019")] == ["2019-03-09"]


def test_span_of_days_stands_for_its_first_day():
    text = "Trong hai ngày 14-15/5, ... từ ngày 9 đến ngày 11/2/2018, ... hai ngày 3 và 4-5"
    found = [(d.iso, d.has_year) for d in find_dates(text, "2019-05-20")]
    assert found == [("2019-05-14", False), ("2018-02-09", True), ("2019-05-03", False)]


def test_today_and_yesterday_from_the_bulletin_date():
    text = "Chiều qua, Tỉnh ủy họp ... Sáng nay (20/3), ... Hôm nay, ... thông qua nghị quyết"
    found = [(text[d.start:d.end], d.iso) for d in find_dates(text, "2019-03-20")]
    assert found == [("Chiều qua", "2019-03-19"), ("20/3", "2019-03-20"), ("Hôm nay", "2019-03-20")]
    assert find_dates("Chiều qua, Tỉnh ủy họp", "2019") == []


@pytest.mark.parametrize("text, event_dates", [
    ("Sáng 14/9, Tỉnh ủy tổ chức hội nghị.", ["14/9"]),
    ("Ông A sinh ngày 12/3/1964 tại Hà Tĩnh.", []),  # a birthday
    ("Các đơn vị gửi báo cáo trước ngày 30/6/2017.", []),  # a deadline
    ("Quyết định có hiệu lực từ ngày 20/6/2017.", []),
    ("Lễ kỷ niệm 70 năm Ngày Thương binh - Liệt sĩ 27/7/1947.", []),  # the day commemorated
    ("Cập nhật ngày 14/9/2017 08:30", []),
    ("Từ ngày 9 đến 11-2-2017, Đại hội diễn ra tại Hà Nội.", ["9 đến 11-2-2017"]),  # a span starts its event
    ("Nhân kỷ niệm 50 năm thành lập trường, sáng 16/3, Sở tổ chức mít tinh.", ["16/3"]),
    # the commemorated day is no event's, the next date of the sentence is
    ("Nhân kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh 19/5, ngày 17/5, Tỉnh đoàn tổ chức Hội nghị tuyên dương.",
     ["17/5"]),
    ("Ngày 17/5, Tỉnh đoàn tổ chức Hội nghị tuyên dương, hạn chót nộp hồ sơ là ngày 10/5.", ["17/5"]),
    ("Đăng ngày 14/9/2017", []),
])
def test_dates_that_can_date_an_event(text, event_dates):
    from kg.nlp.dates import find_dates, is_event_date

    found = [d for d in find_dates(text, "2017-08-01") if is_event_date(text, d)]
    assert [text[d.start:d.end] for d in found] == event_dates


def test_an_impossible_date_is_ignored_not_a_crash():
    from kg.nlp.dates import find_dates

    assert find_dates("Ngày 31/02/2017 và sáng 30-2, hội nghị diễn ra.", "2017-08-01") == []


def test_a_title_cue_does_not_reach_the_lead():
    from kg.nlp.dates import find_dates, is_event_date

    text = ("Tỉnh ủy gặp mặt báo chí nhân kỷ niệm 92 năm Ngày Báo chí cách mạng Việt Nam\n\n"
            "Ngày 20/6, Tỉnh ủy Hà Tĩnh tổ chức gặp mặt các cơ quan báo chí.")
    assert [d.iso for d in find_dates(text, "2017-08-01") if is_event_date(text, d)] == ["2017-06-20"]
