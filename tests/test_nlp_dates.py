from kg.nlp.dates import find_dates, infer_year


def test_date_forms_and_year_inference():
    text = "ngày 13/4/2018 ... sáng 21-12 ... ngày 2 tháng 2 năm 2008 ... Chiều 6/2/2017 ... tỷ số 1-0"
    found = [(d.iso, d.has_year) for d in find_dates(text, "2018-01-05")]
    assert found == [("2018-04-13", True), ("2017-12-21", False), ("2008-02-02", True), ("2017-02-06", True)]


def test_year_inferred_from_bulletin_date():
    assert infer_year(21, 12, "2018-01-05") == 2017
    assert infer_year(1, 6, "2018-06-01") == 2018
    assert infer_year(1, 6, None) is None
    assert find_dates("sáng 21-12", None) == []


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
