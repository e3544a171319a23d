"""Events a bulletin reports: kind and date, on synthetic bulletins."""

import pytest

from kg.ingest import prepare
from kg.nlp.pipeline import default_nlp, extract
from kg.records import Bulletin


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


def events(nlp, text, title=None, reference="2019-03-20"):
    b = Bulletin(id="t", raw_text=text, title=title, reference_date=reference)
    return [(e.kind, e.date) for e in extract(prepare(b), nlp).events]


def test_working_visit_written_with_the_verb(nlp):
    text = ("Sáng 14/3, Bộ trưởng Bộ Y tế Trần Văn Bình dẫn đầu đoàn công tác đến thăm và làm việc với Sở Y tế "
            "tỉnh Quảng Trị.\nTại buổi làm việc, Giám đốc Sở báo cáo tình hình khám chữa bệnh.\n"
            "Chiều cùng ngày, đoàn công tác tiếp tục làm việc với UBND huyện Cam Lộ về y tế cơ sở.")
    # a working visit of a delegation is an inspection, and so is the delegation's next session
    assert events(nlp, text) == [("inspection", "2019-03-14"), ("inspection", "2019-03-14")]


def test_working_where_someone_works_or_a_planned_visit_is_no_event(nlp):
    text = ("Ngày 12/3, anh Lê Văn Nam, người đang làm việc tại một công ty may ở Bình Dương, bị mất xe máy.\n"
            "Ngày 13/3, bệnh viện tiếp nhận 12 công nhân làm việc tại xưởng gỗ bị ngộ độc.\n"
            "Ngày 14/3, Sở tổ chức tư vấn cho lao động đi làm việc tại Nhật Bản.\n"
            "Ngày 25/3, đoàn sẽ làm việc với UBND tỉnh.")
    assert events(nlp, text) == []


def test_visit_recalled_from_history_is_no_event(nlp):
    text = ("Sáng 15/3, Tỉnh ủy tổ chức Lễ kỷ niệm 60 năm ngày Bác Hồ về thăm tỉnh nhà.\n"
            "Ngày 10/3/1959, Người đã về thăm, làm việc với Đảng bộ và nhân dân trong tỉnh.")
    assert events(nlp, text) == [("ceremony", "2019-03-15")]


def test_first_day_of_a_span_of_days(nlp):
    text = "Trong hai ngày 11-12/3, Phó Thủ tướng Lê Minh An đã thăm, làm việc tại tỉnh Kon Tum."
    assert events(nlp, text) == [("inspection", "2019-03-11")]


def test_anniversary_span_is_not_the_event_date(nlp):
    text = ("Nhân kỷ niệm 50 năm ngày thành lập trường (18/3/1969 - 18/3/2019), sáng 16/3, Sở Giáo dục và Đào "
            "tạo tổ chức Lễ mít tinh tại hội trường nhà trường.")
    assert events(nlp, text) == [("ceremony", "2019-03-16")]


def test_title_and_lead_name_one_event_in_other_words(nlp):
    text = "Ngày 3/3, Hội Nông dân xã An Phú đã tổ chức Đại hội đại biểu lần thứ VIII, nhiệm kỳ 2019-2024."
    assert events(nlp, text, title="Đại hội Hội Nông dân xã An Phú, huyện Tân Hòa") == [("congress", "2019-03-03")]


def test_meeting_the_text_only_asks_for_is_no_event(nlp):
    text = ("Sáng 18/3, UBND tỉnh tổ chức Hội nghị giao ban quý I. Chủ tịch UBND tỉnh đề nghị các sở hoàn thiện "
            "báo cáo, trình tại cuộc họp vào sáng 21/3.")
    assert events(nlp, text) == [("conference", "2019-03-18")]


def test_council_meeting_in_session_and_courtesy_call(nlp):
    text = ("Ngày 5/3, Hội đồng Thi đua - Khen thưởng tỉnh tổ chức họp phiên thường kỳ quý I. Chủ tịch Hội đồng "
            "chủ trì phiên họp.\nChiều 6/3, Bí thư Tỉnh ủy đã có cuộc hội kiến với Đại sứ Nhật Bản.")
    assert events(nlp, text) == [("session", "2019-03-05"), ("meeting", "2019-03-06")]


def test_conference_named_only_as_where_conclusions_were_given(nlp):
    text = ("Sở Giao thông vận tải gửi văn bản thực hiện Thông báo số 21/TB-VPUB thông báo kết luận của ông "
            "Trần An - Phó Chủ tịch UBND tỉnh tại Hội nghị sơ kết công tác an toàn giao thông quý I.")
    assert events(nlp, text, reference="2019") == []


def test_meetings_on_other_days_or_with_their_own_verb_stay_apart(nlp):
    text = ("Trong hai ngày 4 và 5-3, đồng chí Hoàng Thị Lan, Trưởng Ban Dân vận Tỉnh ủy thăm, làm việc tại huyện "
            "Mường Tè.\nTại buổi làm việc với Đoàn, Bí thư Huyện ủy báo cáo tình hình địa phương.\n"
            "* Ngày 5-3, đồng chí Phạm Văn Khải, Bí thư Thành ủy có buổi làm việc với Thành đoàn về công tác "
            "thanh niên năm 2019.\n"
            "* Chiều cùng ngày, đồng chí Phạm Văn Khải, làm việc với Liên đoàn Lao động thành phố về công tác "
            "thanh niên công nhân năm 2019.")
    assert events(nlp, text) == [("inspection", "2019-03-04"), ("meeting", "2019-03-05"), ("meeting", "2019-03-05")]


def test_meeting_written_with_met_and_a_ceremony_someone_chaired(nlp):
    text = "Chiều 7/3, Chủ tịch Quốc hội đã gặp mặt thân mật các nữ đại biểu Quốc hội."
    assert events(nlp, text) == [("meeting", "2019-03-07")]
    text = ("Ngày 11/3, Bộ trưởng Bộ Tài chính ký Quyết định bổ nhiệm ông Lý Văn Tâm giữ chức Vụ trưởng.\n"
            "Sau đó, Thứ trưởng Bộ Tài chính Đào Minh Hà đã chủ trì buổi lễ trao quyết định bổ nhiệm ông Lý Văn "
            "Tâm tại trụ sở Bộ.")
    # the signed appointment, and the ceremony that hands it over
    assert events(nlp, text) == [("ceremony", "2019-03-11"), ("appointment", "2019-03-11")]


def test_decision_handed_over_without_the_word_ceremony_and_voters_met(nlp):
    text = ("Chiều 4/3, tại trụ sở Bộ Công Thương, Bộ trưởng Đỗ Văn Hùng đã trao Quyết định bổ nhiệm bà Lâm Thị Hoa "
            "giữ chức Vụ trưởng Vụ Thị trường trong nước.")
    assert events(nlp, text) == [("ceremony", "2019-03-04"), ("appointment", "2019-03-04")]
    text = "Ngày 6/3, Đoàn đại biểu Quốc hội tỉnh đã tiếp xúc cử tri tại xã Tân Lập, huyện Mộc Châu."
    assert events(nlp, text) == [("meeting", "2019-03-06")]


def test_event_dated_yesterday_from_the_bulletin_date(nlp):
    text = "Chiều qua, UBND tỉnh tổ chức Hội nghị sơ kết công tác cải cách hành chính quý I."
    assert events(nlp, text, reference="2019-03-20") == [("conference", "2019-03-19")]


def test_trigger_followed_by_the_sentence_going_on_refers_back(nlp):
    text = ("Sáng 12/3, Trường Đại học Đà Lạt tổ chức Hội thảo khoa học về nông nghiệp công nghệ cao.\n"
            "Ông Lê Văn Hải cho biết, ngày 12/3 nhà trường tổ chức Hội thảo tại Đà Lạt để các nhà khoa học trao "
            "đổi kinh nghiệm.")
    assert events(nlp, text) == [("seminar", "2019-03-12")]


@pytest.mark.parametrize("text, expected", [
    # a bare noun of another kind right after the event names it in other words
    ("Chiều 15-3, Bộ Quốc phòng đã có cuộc làm việc với Ủy ban Quốc phòng và An ninh của Quốc hội. Đại tướng "
     "Ngô Xuân Lịch, Bộ trưởng Bộ Quốc phòng chủ trì hội nghị.", [("meeting", "2019-03-15")]),
    ("Sáng 9/3, Tỉnh ủy tổ chức Lễ trao Huy hiệu 70 năm tuổi Đảng cho các đảng viên. Phát biểu tại hội nghị, "
     "Bí thư Tỉnh ủy chúc mừng các đảng viên.", [("ceremony", "2019-03-09")]),
])
def test_a_bare_event_noun_refers_back_to_the_event_just_reported(nlp, text, expected):
    assert events(nlp, text) == expected


def test_parliament_debating_is_no_seminar(nlp):
    # "Quốc hội thảo luận": "hội" closes "Quốc hội", "thảo" opens "thảo luận"
    text = "Sáng 20/3, Quốc hội thảo luận tại tổ về dự án Luật Quy hoạch."
    assert events(nlp, text) == []


_LAYOUT_PARAGRAPHS = [
    "Sáng 14/3, Tỉnh ủy Quảng Trị tổ chức Hội nghị sơ kết công tác xây dựng Đảng quý I năm 2019.",
    "Đồng chí Lê Văn Bình, Phó Bí thư Thường trực Tỉnh ủy chủ trì hội nghị. Dự hội nghị có lãnh đạo các ban "
    "xây dựng Đảng của Tỉnh ủy, các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc.",
    "Báo cáo tại hội nghị cho biết, trong quý I, các cấp ủy đã quán triệt và triển khai thực hiện nghiêm túc "
    "các nghị quyết, chỉ thị của Trung ương và của Tỉnh ủy; công tác kiểm tra, giám sát được tăng cường; công "
    "tác dân vận có nhiều đổi mới, hướng mạnh về cơ sở; công tác nội chính và phòng, chống tham nhũng đạt kết "
    "quả tích cực; khối đại đoàn kết toàn dân tộc tiếp tục được củng cố.",
    "Trước đó, Ban Thường vụ Tỉnh ủy đã tổ chức Hội thảo khoa học về phát triển kinh tế vùng gò đồi.",
]


@pytest.mark.parametrize("joiner", ["\n", " "])
def test_the_same_events_with_paragraphs_joined(nlp, joiner):
    # joined into one line, the whole text is one paragraph: its lead is still its first sentences,
    # so the seminar met in passing ("Trước đó") takes no date from the lead and is not reported
    assert events(nlp, joiner.join(_LAYOUT_PARAGRAPHS)) == [("conference", "2019-03-14")]


# Real shapes of bulletins, each told in three layouts: as paragraphs, joined into one line, and with
# photo captions and credits run into the next sentence. Every layout must give the same facts.
_LAYOUT_BULLETINS = [
    ["Ủy ban Kiểm tra Trung ương họp kỳ thứ 15",
     "Ngày 13 và 14/7, tại Hà Nội, Ủy ban Kiểm tra Trung ương đã họp kỳ thứ 15.",
     "Toàn cảnh kỳ họp. Ảnh: T.L",
     "Đồng chí Trần Cẩm Tú, Bí thư Trung ương Đảng, Chủ nhiệm Ủy ban Kiểm tra Trung ương chủ trì kỳ họp."],
    ["Bí thư Thành ủy làm việc với Quận 2",
     "Sáng 7/2, ông Đinh La Thăng, Ủy viên Bộ Chính trị, Bí thư Thành ủy Thành phố Hồ Chí Minh làm việc với "
     "Quận 2 về nhiệm vụ phát triển kinh tế - xã hội của quận.",
     "Bí thư Đinh La Thăng phát biểu tại buổi làm việc (Ảnh: Việt Dũng)",
     "Tại buổi làm việc, lãnh đạo quận báo cáo tình hình thực hiện nhiệm vụ năm 2016."],
]


def _facts(nlp, text):
    from kg.ingest import prepare

    records = extract(prepare(Bulletin(id="t", raw_text=text, reference_date="2017-08-01")), nlp)
    return sorted((e.kind, e.date, tuple(e.organizers), tuple(sorted(p.official for p in e.participations
                                                                     if p.role == "chaired")))
                  for e in records.events)


@pytest.mark.parametrize("paragraphs", _LAYOUT_BULLETINS)
def test_the_same_facts_in_every_layout(nlp, paragraphs):
    from kg.evaluate import transform_text

    text = "\n".join(paragraphs)
    facts = _facts(nlp, text)
    assert facts and all(chairs for *_, chairs in facts)
    for layout in ("joined", "captions"):
        assert _facts(nlp, transform_text(text, layout)) == facts, layout


def test_a_home_match_is_no_reception(nlp):
    # "cuộc tiếp đón" of a football club at home
    assert events(nlp, "Vòng 1/8 cúp quốc gia Đức, Bayern có cuộc tiếp đón Wolfsburg trên sân nhà.") == []
    assert events(nlp, "Chiều 29/5, Chủ tịch Quốc hội đã tiếp Đoàn. Trong cuộc tiếp, hai bên trao đổi.") == \
        [("meeting", "2018-05-29")]  # a day-month 2 months ahead of the bulletin is last year's


def test_an_event_said_to_come_is_not_reported(nlp):
    text = ("Thúc đẩy hội nhập quốc tế. Từ ngày 14-15/5/2017, Diễn đàn cấp cao hợp tác quốc tế về “Vành đai và "
            "Con đường” sẽ diễn ra tại thủ đô Bắc Kinh, Trung Quốc.")
    assert events(nlp, text) == []


@pytest.mark.parametrize("reference, record_date, datatype", [
    (None, "--06-21", "gMonthDay"),  # neither a bulletin date nor an assumed year: kept partial
    ("2017", "2017-06-21", "date"),  # `kg ingest --assume-year 2017`
])
def test_an_undated_bulletins_day_month_dates_its_event_partially(reference, record_date, datatype):
    import rdflib
    from pyoxigraph import Literal, NamedNode

    from kg.ingest import prepare
    from kg.nlp.pipeline import default_nlp, extract
    from kg.rdf.mapping import map_extraction
    from kg.records import Bulletin
    from kg.validate import _term, validate_graph

    text = "Sáng 21/6, Ban Thường vụ Tỉnh ủy Lào Cai tổ chức Hội nghị tổng kết công tác dân vận năm 2017."
    x = extract(prepare(Bulletin(id="t", raw_text=text, reference_date=reference)), default_nlp())
    assert [e.date for e in x.events] == [record_date]
    quads = map_extraction(x)
    dates = [q.object for q in quads if q.predicate.value.endswith("schema.org/startDate")]
    assert dates == [Literal(record_date, datatype=NamedNode(str(rdflib.XSD[datatype])))]
    g = rdflib.Graph()
    for q in quads:
        g.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    ok, violations = validate_graph(g)
    assert ok, violations
