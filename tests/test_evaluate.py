"""The scorer: matching rules, and the real `kg eval` over a gold folder and a corpus file."""

import gzip
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import (
    KINDS,
    LENIENT,
    STRICT,
    Score,
    gold_bulletin,
    norm,
    position_match,
    score_bulletin,
    strict_norm,
    transform_text,
    unit_match,
)


def test_normalisation_and_matching_rules():
    assert norm("Chủ tịch UBND tỉnh") == norm("Chủ tịch Ủy ban nhân dân tỉnh")
    assert norm("Hoà Bình, Uỷ ban") == norm("Hòa Bình Ủy ban")
    assert position_match("Thủ tướng", "Thủ tướng Chính phủ")
    assert position_match("Bí thư Tỉnh ủy Lào Cai", "Bí thư Tỉnh ủy Lào Cai.")
    assert not position_match("Bí thư", "Phó Bí thư Tỉnh ủy")
    assert unit_match("lớp", "lớp bồi dưỡng lý luận chính trị")
    assert not unit_match("đảng viên", "lượt đảng viên")


@pytest.mark.parametrize("a, b, same", [
    ("Phó Chủ tịch UBND tỉnh Lào Cai", "Phó Chủ tịch UBND tỉnh Lào Cai.", True),  # trailing punctuation
    ("Chủ tịch  UBND tỉnh", "chủ tịch UBND tỉnh", True),  # spaces and case
    ("Uỷ viên Ban Thường vụ", "Ủy viên Ban Thường vụ", True),  # old tone placement
    ("Phó Chủ tịch", "Phó Chủ tịch UBND tỉnh Lào Cai", False),  # a title without its body
    ("Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", False),  # abbreviations are as written
    ("Bộ Y", "Bộ Y tế", False),
])
def test_the_strict_matcher_compares_the_writing_only(a, b, same):
    assert (strict_norm(a) == strict_norm(b)) is same
    assert STRICT.phrase(a, b) is same


def test_strict_and_lenient_scores_differ_where_the_lenient_one_is_generous():
    gold = {"id": "g", "officials": [{"name": "Nguyễn Văn A", "positions": ["Phó Chủ tịch UBND tỉnh Lào Cai"]}],
            "statistics": [{"value": 21, "unit": "lớp bồi dưỡng đối tượng kết nạp Đảng"}],
            "events": [{"kind": "conference", "date": "2017-01-02", "organizers": ["Ban Thường vụ Tỉnh ủy"],
                        "chaired_by": []}]}
    pred = {"officials": [{"name": "Nguyễn Văn A", "positions": ["Phó Chủ tịch"]}],
            "statistics": [{"value": 21, "unit": "lớp"}],
            "events": [{"kind": "conference", "date": "2017-01-02", "organizers": ["BTV Tỉnh ủy"]}]}
    strict, lenient = {k: Score() for k in KINDS}, {k: Score() for k in KINDS}
    score_bulletin(gold, pred, strict, STRICT)
    score_bulletin(gold, pred, lenient, LENIENT)
    for kind in ("positions", "statistics", "organizers"):
        assert (strict[kind].tp, lenient[kind].tp) == (0, 1), kind
    assert strict["officials"].tp == lenient["officials"].tp == 1
    # A file without the extended fields is not scored on them, however much is predicted.
    pred["organizations"] = [{"name": "Tỉnh ủy"}]
    score_bulletin(gold, pred, strict, STRICT)
    assert strict["organizations"].fp == 0


def test_the_extended_fields_are_scored_where_the_gold_has_them():
    gold = {"id": "g", "organizations": ["Bộ Y tế", "Ban Tuyên giáo (BTG) Huyện ủy"],
            "statistics": [{"value": 97, "unit": "%", "about": "toàn tỉnh"}],
            "events": [{"kind": "discipline", "date": "2017-03-01", "organizers": ["Ủy ban Kiểm tra Trung ương"],
                        "chaired_by": [], "attended_by": ["Trần Văn B"], "speakers": ["Lê Thị C"],
                        "implements": ["67-KH/TU"], "reviews": []}]}
    pred = {"organizations": [{"name": "Bộ Y"}, {"name": "Ban Tuyên giáo (BTG) Huyện ủy"}],
            "statistics": [{"value": 97, "unit": "%", "about": "toàn tỉnh"}],
            "events": [{"kind": "discipline", "date": "2017-03-01", "organizers": ["Ủy ban Kiểm tra Trung ương"],
                        "attended_by": ["Trần Văn B"], "speakers": [], "implements": ["67-KH/TU"], "reviews": []}]}
    s = {k: Score() for k in KINDS}
    score_bulletin(gold, pred, s, STRICT)
    assert (s["organizations"].tp, s["organizations"].fp, s["organizations"].fn) == (1, 1, 1)
    assert s["statistics_about"].tp == 1 and s["attendees"].tp == 1 and s["implements"].tp == 1
    assert s["speakers"].fn == 1 and s["events"].tp == 1 and s["organizers"].tp == 1


@pytest.mark.parametrize("layout, text, expected", [
    ("joined", "Tiêu đề\nSáng 14/9, Tỉnh ủy tổ chức hội nghị.\n\nĐồng chí A phát biểu.",
     "Tiêu đề Sáng 14/9, Tỉnh ủy tổ chức hội nghị. Đồng chí A phát biểu."),
    ("captions", "Tiêu đề\nĐồng chí A chủ trì hội nghị. Ảnh: T.L\nChiều 14/9, đồng chí A chủ trì hội nghị.",
     "Tiêu đề\nĐồng chí A chủ trì hội nghị. Ảnh: T.L Chiều 14/9, đồng chí A chủ trì hội nghị."),
    ("captions", "Tiêu đề\nToàn cảnh hội nghị\nChiều 14/9, Tỉnh ủy tổ chức hội nghị.\nĐồng chí A phát biểu.",
     "Tiêu đề\nToàn cảnh hội nghị Chiều 14/9, Tỉnh ủy tổ chức hội nghị.\nĐồng chí A phát biểu."),
])
def test_layout_transforms_keep_the_words(layout, text, expected):
    assert transform_text(text, layout) == expected
    assert transform_text(text, layout).split() == text.split()


def test_scores_are_computed_on_the_transformed_text():
    article = {"id": "x", "title": "Hội nghị Tỉnh ủy",
               "text": "Hội nghị Tỉnh ủy\nSáng 14/9, Tỉnh ủy tổ chức hội nghị.\nĐồng chí A phát biểu."}
    paragraphs = gold_bulletin({"id": "x"}, article)
    joined_by_file = gold_bulletin({"id": "x", "layout": "joined"}, article)
    joined_by_option = gold_bulletin({"id": "x"}, article, layout="joined")
    assert "\n" in paragraphs.text
    assert "\n" not in joined_by_file.text and joined_by_file.text == joined_by_option.text
    assert "Sáng 14/9, Tỉnh ủy tổ chức hội nghị. Đồng chí A phát biểu." in joined_by_option.text


def test_kg_eval_scores_and_lists_errors(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "seed", "title": "", "text": text}, ensure_ascii=False) + "\n")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "seed.json").write_text(json.dumps({
        "id": "seed",
        "events": [{"kind": "conference", "date": "2018-06-01",
                    "organizers": ["Ban Thường vụ Đảng ủy khối các cơ quan tỉnh"], "chaired_by": ["Lại Văn Hanh"]}],
        "documents": [{"type": "resolution", "number": "22-NQ/TW"}, {"type": "plan", "number": "67-KH/TU"},
                      {"type": "directive", "number": "03-CT/TW"}, {"type": "directive", "number": "99-CT/TW"}],
        "officials": [{"name": "Phạm Sỹ Lợi", "positions": ["Phó Bí thư Thường trực Tỉnh ủy"]}],
        "statistics": [{"value": 1372, "unit": "quần chúng ưu tú"}],
    }, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    docs = report["scores"]["documents"]
    assert (docs["tp"], docs["fn"], docs["fp"]) == (3, 1, 1)  # 99-CT/TW missed, 05-CT/TW not in this gold
    assert "seed: 99-ct/tw" in docs["misses"]
    assert report["scores"]["chairs"]["f1"] == 1.0
    assert report["scores"]["officials"]["tp"] == 1 and report["scores"]["officials"]["fp"] == 1
    table = CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus)])
    assert "documents" in table.output and "MISS" in table.output
    assert "strict F1" in table.output and "lenient F1" in table.output
    assert table.output.index("strict F1") < table.output.index("lenient F1")
    lenient = json.loads(CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus), "--json",
                                                   "--lenient"]).output)
    assert lenient["matcher"] == "lenient" and lenient["scores"] == lenient["by_matcher"]["lenient"]
    joined = json.loads(CliRunner().invoke(main, ["eval", str(gold), "--corpus", str(corpus), "--json",
                                                  "--layout", "joined"]).output)
    assert joined["layout"] == "joined" and joined["layouts"] == {"seed": "joined"}


def test_gold_files_follow_the_documented_shape():
    from pathlib import Path

    for folder in ("gold", "gold-heldout"):
        for path in sorted((Path(__file__).parent / folder).glob("*.json")):
            g = json.loads(path.read_text(encoding="utf-8"))
            assert g["id"] == path.stem
            for key in ("events", "documents", "officials", "statistics"):
                assert isinstance(g[key], list), (path, key)
            for s in g["statistics"]:
                assert isinstance(s["value"], (int, float)) and isinstance(s["unit"], str), path


def test_extraction_on_the_gold_set_meets_its_targets(corpus_path):
    """The figures the README quotes; skipped when the corpus is not beside the repo."""
    from pathlib import Path

    from kg.evaluate import evaluate

    report = evaluate(Path(__file__).parent / "gold", corpus_path, assume_year=2017)
    strict = {k: v["f1"] for k, v in report["by_matcher"]["strict"].items()}
    # Strict floors: the figures measured when the strict matcher was introduced (chairs and
    # organizers lower since the leader and the delegation of a working visit count as its chair and
    # organizer, which this set's first standard did not annotate; chairs again since the host of a
    # meeting or working session, "A dẫn đầu đoàn ... làm việc với", "A đã gặp mặt ...", is its chair:
    # the five chairs this set does not list are all such hosts).
    assert strict["documents"] >= 0.97 and strict["officials"] >= 0.94
    assert strict["positions"] >= 0.78 and strict["statistics"] >= 0.83
    assert strict["organizers"] >= 0.77 and strict["chairs"] >= 0.85
    # The targets first set under the lenient matcher.
    f1 = {k: v["f1"] for k, v in report["by_matcher"]["lenient"].items()}
    assert report["bulletins"] >= 40
    assert f1["documents"] >= 0.97
    assert f1["officials"] >= 0.90
    assert f1["statistics"] >= 0.85
    assert f1["chairs"] >= 0.80 and f1["organizers"] >= 0.80
    assert f1["positions"] >= 0.84
