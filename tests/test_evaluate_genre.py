"""The Party/government scorer (kg.evaluate_genre, `kg eval GOLD_DIR --corpus FILE`) on a small
corpus written here, and on the development labels with the real corpus when it is present."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.evaluate_genre import GoldError, evaluate_genre, read_gold, scores

GOLD = Path(__file__).parent / "gold-political"
HEADER = "id\tline\tlabel\tborderline\tnote\n"
ARTICLES = [  # (id, title, text, gold label, borderline): real titles of dev.tsv
    ("a1", "Khai mạc Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11",
     "Sáng 24/6, Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 đã khai mạc. Bí thư thứ nhất Trung ương Đoàn "
     "chủ trì hội nghị.", "P", "no"),
    ("a2", "Giá vàng hôm nay 15/6: Diễn biến bất ngờ, vàng tăng vọt",
     "Giá vàng thế giới giao ngay đứng ở mức 1.277,6 USD/ounce.", "N", "no"),
    ("a3", "Thu hút du khách đến với quê hương của Chủ tịch Hồ Chí Minh",  # labelled P, read as other news
     "Nam Đàn có 160 di tích lịch sử văn hóa; mỗi năm đón 1,8 triệu lượt khách.", "P", "yes"),
    ("a4", "Đồng Nai: Nghi án chồng giết vợ rồi tự tử",
     "Anh Dì đã dùng dao đâm vợ khiến chị tử vong tại chỗ.", "N", "no"),
]


def _corpus(tmp_path, gz: bool = True) -> Path:
    path = tmp_path / ("corpus.jsonl.gz" if gz else "corpus.jsonl")
    lines = "".join(json.dumps({"id": i, "title": t, "text": x}, ensure_ascii=False) + "\n"
                    for i, t, x, _, _ in ARTICLES)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


def _gold(tmp_path, rows: str | None = None) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir(exist_ok=True)
    if rows is None:
        rows = "".join(f"{i}\t{n}\t{label}\t{b}\t\n" for n, (i, _, _, label, b) in enumerate(ARTICLES, start=1))
    (folder / "dev.tsv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_scores_count_the_confusion_and_leave_borderline_rows_out_of_the_lenient_figures(tmp_path):
    report = evaluate_genre(_gold(tmp_path), _corpus(tmp_path))
    dev = report["files"]["dev.tsv"]
    assert {k: dev["strict"][k] for k in ("rows", "tp", "fp", "fn", "tn")} == {"rows": 4, "tp": 1, "fp": 0, "fn": 1, "tn": 2}
    assert (dev["strict"]["precision"], dev["strict"]["recall"]) == (1.0, 0.5)
    assert {k: dev["lenient"][k] for k in ("rows", "tp", "fn")} == {"rows": 3, "tp": 1, "fn": 0}
    assert dev["lenient"]["recall"] == 1.0 and dev["borderline_rows"] == 1
    (error,) = dev["errors"]
    assert (error["id"], error["gold"], error["borderline"]) == ("a3", "P", True)
    assert error["title"].startswith("Thu hút du khách") and error["why"].startswith("score")


def test_a_plain_jsonl_corpus_reads_the_same(tmp_path):
    assert evaluate_genre(_gold(tmp_path), _corpus(tmp_path, gz=False))["files"]["dev.tsv"]["strict"]["tp"] == 1


def test_f1_of_nothing_found_is_zero_not_a_division_error():
    assert scores([("P", False), ("N", False)])["f1"] == 0.0


@pytest.mark.parametrize("rows, message", [
    ("a1\t1\tX\tno\t\n", r"dev\.tsv:2: field label must be P or N, got 'X'"),
    ("a1\t1\tP\tmaybe\t\n", r"dev\.tsv:2: field borderline must be yes or no"),
    ("a1\tone\tP\tno\t\n", r"dev\.tsv:2: field line must be a line number"),
    ("a1\t1\tP\tno\t\n\ta2\t2\tN\tno\t\n", r"dev\.tsv:3: field id is empty"),
    ("zz\t1\tP\tno\t\n", r"dev\.tsv:2: .* has no article with id 'zz'"),
])
def test_bad_rows_name_the_file_line_and_field(tmp_path, rows, message):
    with pytest.raises(GoldError, match=message):
        evaluate_genre(_gold(tmp_path, rows), _corpus(tmp_path))


def test_an_article_is_found_by_its_id_whether_lines_count_from_1_or_0(tmp_path):
    zero_based = "".join(f"{i}\t{n}\t{label}\t{b}\t\n" for n, (i, _, _, label, b) in enumerate(ARTICLES))
    report = evaluate_genre(_gold(tmp_path, zero_based), _corpus(tmp_path))
    assert report["files"]["dev.tsv"]["strict"]["tp"] == 1 and report["files"]["dev.tsv"]["strict"]["rows"] == 4


def test_a_wrong_header_is_refused(tmp_path):
    folder = _gold(tmp_path)
    (folder / "dev.tsv").write_text("id\tlabel\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"dev\.tsv:1: expected the header"):
        read_gold(folder / "dev.tsv")


def test_kg_eval_prints_both_scores_and_lists_each_error(tmp_path, run_kg):
    result = run_kg("eval", str(_gold(tmp_path)), "--corpus", str(_corpus(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "strict" in result.output and "lenient" in result.output
    assert "MISS  dev.tsv a3 (borderline): Thu hút du khách" in result.output
    as_json = json.loads(run_kg("eval", str(_gold(tmp_path)), "--corpus", str(_corpus(tmp_path)), "--json").output)
    assert as_json["files"]["dev.tsv"]["strict"]["fn"] == 1


def test_kg_eval_without_a_corpus_says_what_is_missing(tmp_path, run_kg):
    result = run_kg("eval", str(_gold(tmp_path)))
    assert result.exit_code == 2 and "--corpus" in result.output


def test_the_development_labels_follow_the_format():
    sizes = {"dev.tsv": 300, "dev2.tsv": 200, "dev3.tsv": 200, "dev4.tsv": 200, "dev5.tsv": 200, "dev6.tsv": 200, "test.tsv": 550,
             "test2.tsv": 550}
    seen: set[str] = set()
    for name, size in sizes.items():
        rows = read_gold(GOLD / name)
        assert len(rows) == size
        assert not seen & {r.id for r in rows}, "an article is labelled in two development files"
        seen |= {r.id for r in rows}
        assert len({r.id for r in rows}) == len(rows)
        assert all(r.note for r in rows if r.borderline), "every borderline row says why"


def test_development_scores_on_the_real_corpus(corpus_path):
    """A regression guard on the development labels, each file at a little below its figures when the
    rules were last changed (they were tuned on these files: this is no estimate for unseen text)."""
    report = evaluate_genre(GOLD, corpus_path)
    floors = {"dev.tsv": (0.9, 0.85), "dev2.tsv": (0.95, 0.83), "dev3.tsv": (0.9, 0.9), "dev4.tsv": (0.85, 0.8),
              "dev5.tsv": (0.9, 0.78), "dev6.tsv": (0.75, 0.7), "test.tsv": (0.85, 0.82),
              "test2.tsv": (0.83, 0.72)}
    for name, (precision, recall) in floors.items():
        strict = report["files"][name]["strict"]
        assert strict["precision"] >= precision and strict["recall"] >= recall, (name, strict)
