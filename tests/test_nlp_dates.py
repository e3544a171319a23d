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
