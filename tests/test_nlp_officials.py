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


@pytest.mark.parametrize("text, expected", [
    # a foreign title belongs to the foreign person it names, never to the Vietnamese leader after it
    ("Tiếp Tổng thống Pháp Emmanuel Macron, Thủ tướng Nguyễn Xuân Phúc khẳng định",
     [("Emmanuel Macron", ["Tổng thống Pháp"]), ("Nguyễn Xuân Phúc", ["Thủ tướng"])]),
    ("Hội kiến Chủ tịch Hạ viện Nhật Bản Tadamori Oshima, Chủ tịch Quốc hội Nguyễn Thị Kim Ngân cho biết",
     [("Tadamori Oshima", ["Chủ tịch Hạ viện Nhật Bản"]), ("Nguyễn Thị Kim Ngân", ["Chủ tịch Quốc hội"])]),
    ("Chủ tịch Quốc hội Cộng hòa Cu Ba Juan Esteban Lazo Hernandez thăm Việt Nam",
     [("Juan Esteban Lazo Hernandez", ["Chủ tịch Quốc hội Cộng hòa Cu Ba"])]),
    # a former post with no body still names its holder; "tân" (new) is no part of the post
    ("Ông Nguyễn Minh Quang, nguyên Bộ trưởng, cho biết", [("Nguyễn Minh Quang", ["nguyên Bộ trưởng"])]),
    ("Lễ tang nguyên Thủ tướng Phan Văn Khải được tổ chức", [("Phan Văn Khải", ["nguyên Thủ tướng"])]),
    ("Tân Bí thư Tỉnh ủy Nguyễn Văn Danh phát biểu", [("Nguyễn Văn Danh", ["Bí thư Tỉnh ủy"])]),
    # posts given by an election or an appointment
    ("Ông Trần Văn Lợi tái đắc cử Chủ tịch Hội Nông dân tỉnh", [("Trần Văn Lợi", ["Chủ tịch Hội Nông dân tỉnh"])]),
    ("Bà Lê Thị Hoa được bầu Phó Chủ tịch HĐND tỉnh khóa XV", [("Lê Thị Hoa", ["Phó Chủ tịch HĐND tỉnh khóa XV"])]),
    ("Ông Đỗ Đức Duy được chỉ định làm Phó bí thư tỉnh Yên Bái", [("Đỗ Đức Duy", ["Phó bí thư tỉnh Yên Bái"])]),
    ("Thủ tướng phê chuẩn ông Lê Khắc Nam, ông Nguyễn Xuân Bình và ông Lê Thanh Sơn giữ chức Phó Chủ tịch UBND TP",
     [("Lê Khắc Nam", ["Phó Chủ tịch UBND TP"]), ("Nguyễn Xuân Bình", ["Phó Chủ tịch UBND TP"]),
      ("Lê Thanh Sơn", ["Phó Chủ tịch UBND TP"])]),
    # a unit's post names its parent body after a comma; a parent in brackets is read past, not kept
    ("Bà Phan Thị Thu Hiền, Vụ phó Vụ Hợp tác quốc tế, Bộ Tài chính cho biết",
     [("Phan Thị Thu Hiền", ["Vụ phó Vụ Hợp tác quốc tế, Bộ Tài chính"])]),
    ("Phó tổng cục trưởng Tổng cục Du lịch (Bộ Văn hóa, Thể thao và Du lịch) Hà Văn Siêu cho biết",
     [("Hà Văn Siêu", ["Phó tổng cục trưởng Tổng cục Du lịch"])]),
    # a place ending a title is no person
    ("Bí thư Tỉnh ủy Sơn Tây đã tham dự", []),
    ("Theo ông Trần Thái Vinh (Giám đốc Công ty Bất động sản Long Thành), lý do",
     [("Trần Thái Vinh", ["Giám đốc Công ty Bất động sản Long Thành"])]),
    # a foreign name keeps its particles; a country right after another place opens no name
    ("Tổng thống Angola Jose Eduardo dos Santos đã ra lệnh", [("Jose Eduardo dos Santos", ["Tổng thống Angola"])]),
    ("Tân Đại sứ du lịch Việt Nam Jordan Vogt Roberts cam kết", []),
    # the head of an international body is read like a foreign official
    ("Tổng Thư ký NATO Jens Stoltenberg cho biết", [("Jens Stoltenberg", ["Tổng Thư ký NATO"])]),
    # abbreviated titles and grades
    ("ông Bạch Chơn Đông, PGĐ Sở Nội vụ tỉnh TT-Huế cho biết", [("Bạch Chơn Đông", ["PGĐ Sở Nội vụ tỉnh TT-Huế"])]),
    ("ông Lương Duy Hanh, chuyên viên Vụ Pháp chế cho biết", [("Lương Duy Hanh", ["chuyên viên Vụ Pháp chế"])]),
])
def test_who_holds_which_post(text, expected):
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


@pytest.mark.parametrize("text, expected", [
    ("còn Bí thư Tỉnh ủy là ông Phạm Duy Cường. Vào ngày", [("Phạm Duy Cường", ["Bí thư Tỉnh ủy"])]),
    ("bổ nhiệm chức vụ Vụ trưởng Vụ Tài chính cho bà Phan Thị Thu Hiền.", [("Phan Thị Thu Hiền", ["Vụ trưởng Vụ Tài chính"])]),
    ("miễn nhiệm chức vụ Phó chủ tịch thường trực UBND TP đối với ông Đặng Việt Dũng.",
     [("Đặng Việt Dũng", ["Phó chủ tịch thường trực UBND TP"])]),
    ("Ông Nguyễn Thanh Quang giữ chức Bí thư Quận ủy Thanh Khê", [("Nguyễn Thanh Quang", ["Bí thư Quận ủy Thanh Khê"])]),
    ("bổ nhiệm Thượng tá Mai Chiến Thắng (1970) - Phó trưởng Phòng Tham mưu đến nhận công tác",
     [("Mai Chiến Thắng", ["Phó trưởng Phòng Tham mưu"])]),
    ("Các Phó chủ tịch gồm các ông: Lê Hoàng, Nguyễn An Tiêm.",
     [("Lê Hoàng", ["Phó chủ tịch"]), ("Nguyễn An Tiêm", ["Phó chủ tịch"])]),
])
def test_posts_given_by_verbs_and_lists(text, expected):
    assert _people(text) == expected


def test_a_title_before_the_next_name_is_not_an_apposition():
    text = ("của Tổng Bí thư Nguyễn Phú Trọng, Phó Trưởng ban Thường trực Ban Tuyên giáo Trung ương "
            "Mai Văn Ninh lưu ý")
    assert _people(text) == [("Nguyễn Phú Trọng", ["Tổng Bí thư"]),
                             ("Mai Văn Ninh", ["Phó Trưởng ban Thường trực Ban Tuyên giáo Trung ương"])]


@pytest.mark.parametrize("text", [
    "Nhất là cô giáo chủ nhiệm Bùi Thị Bích Hậu đã giúp đỡ.",  # a teacher, lower-case title before the name
    "Ông Lê Đức Nam, phó giám đốc công ty, trả lời.",  # a title with no named organization
    "nhân dịp Tổng thống Bồ Đào Nha và phu nhân đến thăm",  # a country, not a name
    "Phó viện trưởng Viện Kiểm sát nhân dân huyện Triệu Phong cho biết",  # a district
])
def test_common_nouns_and_places_are_not_officials(text):
    assert _people(text) == []


def test_list_items_with_their_own_title_and_body_names_that_read_like_people():
    text = ("Các đồng chí Ủy viên Bộ Chính trị: Chủ tịch Quốc hội Nguyễn Thị Kim Ngân; "
            "Phó Chủ tịch Thường trực Quốc hội Tòng Thị Phóng; và")
    assert _people(text) == [("Nguyễn Thị Kim Ngân", ["Ủy viên Bộ Chính trị", "Chủ tịch Quốc hội"]),
                             ("Tòng Thị Phóng", ["Ủy viên Bộ Chính trị", "Phó Chủ tịch Thường trực Quốc hội"])]
    assert _people("đồng chí Hoàng Lê Anh - Ủy viên Ban Thường vụ Đoàn Thanh niên Bộ Xây dựng, cùng") == [
        ("Hoàng Lê Anh", ["Ủy viên Ban Thường vụ Đoàn Thanh niên Bộ Xây dựng"])]
    assert _people("bổ nhiệm ông Nguyễn Mạnh Quyền, sinh ngày 24/4/1975, Thành ủy viên, Bí thư huyện ủy Quốc Oai") == [
        ("Nguyễn Mạnh Quyền", ["Thành ủy viên", "Bí thư huyện ủy Quốc Oai"])]


@pytest.mark.parametrize("text, expected", [
    ("Trả lời phóng viên, Chủ tịch UBND huyện Kỳ Anh, ông Trần Hữu Lộc, cho biết sẽ kiểm tra.",
     [("Trần Hữu Lộc", ["Chủ tịch UBND huyện Kỳ Anh"])]),
    ("Giám đốc Sở Xây dựng ông Đoàn Minh Khoa cũng cho hay.", [("Đoàn Minh Khoa", ["Giám đốc Sở Xây dựng"])]),
    ("Còn Phó Bí thư Huyện ủy – bà Lê Thị Hằng cho rằng", [("Lê Thị Hằng", ["Phó Bí thư Huyện ủy"])]),
])
def test_a_title_opening_the_clause_then_the_honorific_and_name(text, expected):
    assert _people(text) == expected


@pytest.mark.parametrize("text", [
    # the title is the previous person's, the second person has none
    "Dự có ông Võ Văn An, Phó Chủ tịch UBND tỉnh, ông Lâm Quốc Bảo cùng nhiều cán bộ.",
    # the title is someone else's, met by the person named
    "Sau khi gặp Chủ tịch UBND tỉnh, ông Võ Văn An cho biết.",
])
def test_a_title_before_an_honorific_that_is_not_the_persons(text):
    assert [o.name for o in find_officials(text) if o.positions and o.name != "Võ Văn An"] == []


@pytest.mark.parametrize("text, expected", [
    ("Phó Chủ tịch UBND TP Lâm Quang Vinh yêu cầu các sở", [("Lâm Quang Vinh", ["Phó Chủ tịch UBND TP"])]),
    ("Chủ tịch UBND thành phố Đào Văn Hưng đã ký", [("Đào Văn Hưng", ["Chủ tịch UBND thành phố"])]),
    ("Theo Chủ tịch UBND TP.Cần Thơ Mai Xuân Lộc, thành phố", [("Mai Xuân Lộc", ["Chủ tịch UBND TP.Cần Thơ"])]),
    ("Giám đốc Sở Xây dựng TP. Đà Nẵng Tô Văn Hùng cho biết", [("Tô Văn Hùng", ["Giám đốc Sở Xây dựng TP. Đà Nẵng"])]),
    ("Bí thư Thành ủy TP Hồ Chí Minh Lý Thanh Tâm phát biểu", [("Lý Thanh Tâm", ["Bí thư Thành ủy TP Hồ Chí Minh"])]),
])
def test_a_name_right_after_the_city(text, expected):
    assert _people(text) == expected


@pytest.mark.parametrize("text", ["Chủ tịch UBND TP Uông Bí cho biết", "Chủ tịch UBND TP.Hà Nội cho biết"])
def test_a_city_after_tp_is_no_name(text):
    assert _people(text) == []


def test_a_hyphen_without_spaces_opens_the_apposition():
    assert _people("Tại buổi làm việc, ông Trịnh Văn Hòa-Phó Chủ tịch UBND tỉnh cho biết") == [
        ("Trịnh Văn Hòa", ["Phó Chủ tịch UBND tỉnh"])]
    assert _people("đồng chí Nguyễn Văn Lê-Na, Bí thư Huyện ủy") == [("Nguyễn Văn Lê-Na", ["Bí thư Huyện ủy"])]


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp.pipeline import default_nlp
    return default_nlp()


def _record_posts(nlp, text):
    from kg.ingest import prepare
    from kg.nlp.pipeline import extract
    from kg.records import Bulletin
    found = extract(prepare(Bulletin(id="t", raw_text=text, reference_date="2017-06-20")), nlp)
    return {o.name: [p.label for p in o.positions] for o in found.officials}


@pytest.mark.parametrize("text, name, expected", [
    # a post named again in short is the same post: one record, the full label
    ("Bộ trưởng Bộ Giáo dục và Đào tạo Phùng Xuân Nhạ dự hội nghị. Phát biểu tại hội nghị, Bộ trưởng Phùng Xuân "
     "Nhạ nhấn mạnh vai trò của nhà trường.", "Phùng Xuân Nhạ", ["Bộ trưởng Bộ Giáo dục và Đào tạo"]),
    ("Dự buổi làm việc có đồng chí Phạm Thị Thanh Trà, Bí thư Tỉnh ủy Yên Bái. Bí thư Tỉnh ủy Phạm Thị Thanh Trà "
     "đề nghị các ngành quan tâm.", "Phạm Thị Thanh Trà", ["Bí thư Tỉnh ủy Yên Bái"]),
    # two posts, neither continuing the other, both stay
    ("Ông Nguyễn Văn Thành, Phó chủ tịch UBND TP Hải Phòng, Giám đốc Sở Tài chính cho biết.", "Nguyễn Văn Thành",
     ["Phó chủ tịch UBND TP Hải Phòng", "Giám đốc Sở Tài chính"]),
])
def test_a_post_named_again_in_short_is_one_post(nlp, text, name, expected):
    assert _record_posts(nlp, text)[name] == expected


@pytest.mark.parametrize("text, expected", [
    # a unit written in lower case after its head, and the body it belongs to after "của"
    ("Đồng chí Vương Đình Huệ, Trưởng đoàn kiểm tra của Bộ Chính trị phát biểu",
     [("Vương Đình Huệ", ["Trưởng đoàn kiểm tra của Bộ Chính trị"])]),
    ("Phó Thủ tướng Trương Hòa Bình, Trưởng ban Chỉ đạo cải cách hành chính của Chính phủ chủ trì",
     [("Trương Hòa Bình", ["Phó Thủ tướng", "Trưởng ban Chỉ đạo cải cách hành chính của Chính phủ"])]),
    ("ông Nguyễn Hòa, Trưởng phòng kinh tế hạ tầng huyện này cho biết",
     [("Nguyễn Hòa", ["Trưởng phòng kinh tế hạ tầng huyện"])]),
    ("Đại tá Phạm Nhi Tùng, Giám đốc Trung tâm huấn luyện và bồi dưỡng nghiệp vụ CATP cho biết",
     [("Phạm Nhi Tùng", ["Giám đốc Trung tâm huấn luyện và bồi dưỡng nghiệp vụ CATP"])]),
    # a school's or hospital's own name after its type is no person; a hospital written in lower case
    ("Bà Nguyễn Thị Nhiếp, Hiệu trưởng Trường THPT Yên Hòa (Cầu Giấy), người được phân công",
     [("Nguyễn Thị Nhiếp", ["Hiệu trưởng Trường THPT Yên Hòa"])]),
    ("Chiều 6-7, BS Quách Thiên Tường, Phó Giám đốc BV đa khoa tỉnh Hòa Bình cho biết",
     [("Quách Thiên Tường", ["Phó Giám đốc BV đa khoa tỉnh Hòa Bình"])]),
    # an alternate member of the body named after the title; the Secretariat read whole
    ("Đoàn Thanh niên do ông Lê Quốc Phong - Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng, Bí thư thứ nhất "
     "Ban Chấp hành Trung ương Đoàn dẫn đầu",
     [("Lê Quốc Phong", ["Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng",
                         "Bí thư thứ nhất Ban Chấp hành Trung ương Đoàn"])]),
    ("Ông Lưu Kỳ Bảo, Bí thư Ban Bí thư, Trưởng Ban Tuyên truyền T.Ư cho biết",
     [("Lưu Kỳ Bảo", ["Bí thư Ban Bí thư", "Trưởng Ban Tuyên truyền T.Ư"])]),
    # "và" before a title that runs into a second name: the titles after it are the second person's
    ("Đại tướng Ngô Xuân Lịch, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng và Chủ nhiệm Ủy ban Quốc phòng và "
     "An ninh của Quốc hội Võ Trọng Việt chủ trì hội nghị.",
     [("Ngô Xuân Lịch", ["Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Quốc phòng"]),
      ("Võ Trọng Việt", ["Chủ nhiệm Ủy ban Quốc phòng và An ninh của Quốc hội"])]),
])
def test_unit_posts_run_to_the_end_of_the_units_name(text, expected):
    assert _people(text) == expected


@pytest.mark.parametrize("text, role, organization", [
    # a title that ends with the body it heads: the organization starts there
    ("Chủ tịch Hội đồng nhân dân tỉnh", "Chủ tịch", "Hội đồng nhân dân tỉnh"),
    ("Giám đốc Sở Y tế", "Giám đốc", "Sở Y tế"),
    ("Chủ tịch Hội Nông dân tỉnh", "Chủ tịch", "Hội Nông dân tỉnh"),
    ("Ủy viên Ban Thường vụ Tỉnh ủy", "Ủy viên", "Ban Thường vụ Tỉnh ủy"),
    # "trưởng" heads the noun after it: the role keeps it, the body is named from it
    ("Trưởng ban Tuyên giáo Thành ủy", "Trưởng ban", "Ban Tuyên giáo Thành ủy"),
    ("Chánh Văn phòng UBND tỉnh", "Chánh Văn phòng", "Văn phòng UBND tỉnh"),
    # a title with no body after it, or a body that is not its end, is left as it was
    ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", None),
    ("Phó Bí thư Thường trực Tỉnh ủy", "Phó Bí thư Thường trực", "Tỉnh ủy"),
])
def test_the_body_a_title_heads(text, role, organization):
    from kg.nlp.officials import parse_position
    p = parse_position(text, 0)
    assert (p.label, p.role, p.organization) == (text, role, organization)
